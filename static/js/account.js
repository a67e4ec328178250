// The account page (the course's script in account.html): loadUserData, updateFormHandler,
// logout and deleteAccountHandler. The guard is in the browser only: the API is the real one.
import { apiFetch } from "./api.js";
import { clearUserCache, getCurrentUser, getToken, logout, removeToken } from "./auth.js";
import { clearErrors, onSubmitOnce, showApiErrors, showFormError } from "./forms.js";
import { showModal } from "./modals.js";
import { updateAuthUI } from "./navbar.js";
import { goToLogin, loginAgain } from "./redirects.js";
import { api, pages } from "./urls.js";

const form = document.getElementById("profile-form");
const deleteForm = document.getElementById("delete-account-form");
let user = null;

function showUser(account) {
  document.getElementById("account-username").textContent = account.username;
  document.getElementById("account-email").textContent = account.email;
  document.getElementById("account-picture").src = account.image_path;
  form.elements.username.value = account.username;
  form.elements.email.value = account.email;
}

/** The course's load_user_data: the user from /me, or off to the login page. */
async function loadUserData() {
  user = await getCurrentUser();
  if (!user) {
    goToLogin();
    return;
  }
  showUser(user);
  document.getElementById("account-loading").classList.add("d-none");
  document.getElementById("account").classList.remove("d-none");
}

/** The course's update_form_handler: PATCH, then clear the user cache for the navbar. */
async function updateFormHandler() {
  document.getElementById("profile-updated").classList.add("d-none");
  const token = getToken();
  if (!token) {
    goToLogin();
    return;
  }
  // Send only what changed: the API changes only the fields it is given.
  const changes = {};
  for (const field of ["username", "email"]) {
    if (form.elements[field].value !== user[field]) {
      changes[field] = form.elements[field].value;
    }
  }
  const result = await apiFetch(api.user(user.id), { method: "PATCH", token, json: changes });
  if (result.status === 401) {
    loginAgain();
  } else if (result.ok) {
    user = result.data;
    showUser(user);
    clearUserCache();
    await updateAuthUI(); // the navbar shows the new username
    document.getElementById("profile-updated").classList.remove("d-none");
  } else {
    showApiErrors(form, result);
  }
}

/** The course's delete_account_handler: DELETE, forget the token, go to the home page. */
async function deleteAccountHandler() {
  const token = getToken();
  if (!token) {
    goToLogin();
    return;
  }
  const result = await apiFetch(api.user(user.id), { method: "DELETE", token });
  if (result.status === 401) {
    loginAgain();
  } else if (result.ok) {
    removeToken();
    window.location.assign(pages.home);
  } else {
    showFormError(deleteForm, `The server answered ${result.status}. Please try again.`);
  }
}

onSubmitOnce(form, updateFormHandler);
onSubmitOnce(deleteForm, deleteAccountHandler);
document.getElementById("logout-button").addEventListener("click", logout);
document.getElementById("delete-account-button").addEventListener("click", () => {
  clearErrors(deleteForm);
  showModal("delete-account-modal");
});

await loadUserData();
