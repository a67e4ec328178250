// The register page: create the account, then on to the login page.
import { apiFetch, onSubmitOnce, showApiErrors, showFieldError } from "./api.js";

const form = document.getElementById("register-form");

onSubmitOnce(form, async () => {
  const { username, email, password, confirm_password: confirm } = form.elements;
  if (password.value !== confirm.value) {
    showFieldError(form, "confirm_password", "The passwords don't match.");
    return;
  }
  const result = await apiFetch("/api/users", {
    method: "POST",
    json: { username: username.value, email: email.value, password: password.value },
  });
  if (!result.ok) {
    showApiErrors(form, result);
    return;
  }
  const success = document.getElementById("register-success");
  success.textContent = `Welcome, ${result.data.username}! Your account is ready; taking you to the login page…`;
  success.classList.remove("d-none");
  form.classList.add("d-none");
  setTimeout(() => window.location.assign("/login?registered=1"), 1200);
});
