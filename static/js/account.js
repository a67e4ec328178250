// The account page: guarded here in the browser only (the API is the real guard).
import {
  apiFetch,
  clearErrors,
  goToLogin,
  loginAgain,
  onSubmitOnce,
  setBusy,
  showApiErrors,
  showFormError,
  showModal,
} from "./api.js";
import { clearUserCache, getCurrentUser, getToken, logout, removeToken } from "./auth.js";
import { renderNavbar } from "./navbar.js";

const form = document.getElementById("profile-form");
let user = getToken() ? await getCurrentUser() : null;

function show(account) {
  document.getElementById("account-username").textContent = account.username;
  document.getElementById("account-email").textContent = account.email;
  document.getElementById("account-picture").src = account.image_path;
  form.elements.username.value = account.username;
  form.elements.email.value = account.email;
}

if (!user) {
  goToLogin();
} else {
  show(user);
  document.getElementById("account-loading").classList.add("d-none");
  document.getElementById("account").classList.remove("d-none");
}

onSubmitOnce(form, async () => {
  document.getElementById("profile-updated").classList.add("d-none");
  // Send only what changed: the API changes only the fields it is given.
  const changes = {};
  for (const field of ["username", "email"]) {
    if (form.elements[field].value !== user[field]) {
      changes[field] = form.elements[field].value;
    }
  }
  const result = await apiFetch(`/api/users/${user.id}`, { method: "PATCH", auth: true, json: changes });
  if (result.status === 401) {
    loginAgain();
  } else if (result.ok) {
    user = result.data;
    clearUserCache();
    show(user);
    renderNavbar(user);
    document.getElementById("profile-updated").classList.remove("d-none");
  } else {
    showApiErrors(form, result);
  }
});

document.getElementById("logout-button").addEventListener("click", logout);

const deleteDialog = document.getElementById("delete-account-modal");
const confirmDelete = document.getElementById("confirm-delete-account");

document.getElementById("delete-account-button").addEventListener("click", () => {
  clearErrors(deleteDialog);
  showModal("delete-account-modal");
});

confirmDelete.addEventListener("click", async () => {
  setBusy(confirmDelete, true);
  try {
    const result = await apiFetch(`/api/users/${user.id}`, { method: "DELETE", auth: true });
    if (result.status === 401) {
      loginAgain();
    } else if (result.ok) {
      removeToken();
      window.location.assign("/");
    } else {
      showFormError(deleteDialog, `The server answered ${result.status}. Please try again.`);
    }
  } catch (error) {
    showFormError(deleteDialog, error.message);
  } finally {
    setBusy(confirmDelete, false);
  }
});
