// The login page: the OAuth2 password form, sent as the docs' Authorize dialog sends it.
import { apiFetch } from "./api.js";
import { setToken } from "./auth.js";
import { onSubmitOnce, showApiErrors, showFormError } from "./forms.js";
import { nextPage } from "./redirects.js";
import { api } from "./urls.js";

const form = document.getElementById("login-form");

/** Log in: store the token, then on to the home page (or back to the page in ?next=). */
async function loginFormHandler() {
  const result = await apiFetch(api.token, {
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
}

if (new URLSearchParams(window.location.search).has("registered")) {
  const notice = document.getElementById("login-notice");
  notice.textContent = "Your account is ready. Log in to start writing.";
  notice.classList.remove("d-none");
}

onSubmitOnce(form, loginFormHandler);
