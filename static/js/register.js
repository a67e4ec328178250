// The register page: create the account, then on to the login page.
import { apiFetch } from "./api.js";
import { onSubmitOnce, showApiErrors, showFieldError } from "./forms.js";
import { api, pages } from "./urls.js";

const form = document.getElementById("register-form");

/** Register: the passwords must match; the API checks the rest. */
async function registerFormHandler() {
  const { username, email, password, confirm_password: confirm } = form.elements;
  if (password.value !== confirm.value) {
    showFieldError(form, "confirm_password", "The passwords don't match.");
    return;
  }
  const result = await apiFetch(api.users, {
    method: "POST",
    json: { username: username.value, email: email.value, password: password.value },
  });
  if (!result.ok) {
    showApiErrors(form, result);
    return;
  }
  const success = document.getElementById("register-success");
  success.textContent = `Your account was created successfully, ${result.data.username}! Taking you to the login page…`;
  success.classList.remove("d-none");
  form.classList.add("d-none");
  setTimeout(() => window.location.assign(`${pages.login}?registered=1`), 1200);
}

onSubmitOnce(form, registerFormHandler);
