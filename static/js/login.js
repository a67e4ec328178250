// The login page: the OAuth2 password form, like the docs' Authorize dialog.
import { apiFetch, nextPage, onSubmitOnce, showApiErrors, showFormError } from "./api.js";
import { setToken } from "./auth.js";

const form = document.getElementById("login-form");

if (new URLSearchParams(window.location.search).has("registered")) {
  const notice = document.getElementById("login-notice");
  notice.textContent = "Your account is ready. Log in to start writing.";
  notice.classList.remove("d-none");
}

onSubmitOnce(form, async () => {
  const result = await apiFetch("/api/users/token", {
    method: "POST",
    // The form field is called "username"; it carries the email.
    form: { username: form.elements.username.value, password: form.elements.password.value },
  });
  if (result.ok) {
    setToken(result.data.access_token);
    window.location.assign(nextPage());
  } else if (result.status === 401) {
    showFormError(form, "Incorrect email or password.");
  } else {
    showApiErrors(form, result);
  }
});
