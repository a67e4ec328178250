// Small helpers shared by the pages' scripts: API calls, form errors, modals, drafts.
import { getToken, removeToken } from "./auth.js";

export class NetworkError extends Error {
  constructor() {
    super("Could not reach the server. Check your connection and try again.");
  }
}

/**
 * Call the API. `json` is sent as JSON, `form` as a urlencoded form; `auth`
 * adds the bearer token. Resolves to {ok, status, data}; throws NetworkError.
 */
export async function apiFetch(path, { method = "GET", json, form, auth = false } = {}) {
  const headers = { Accept: "application/json" };
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = new URLSearchParams(form);
  }
  if (auth && getToken()) {
    headers.Authorization = `Bearer ${getToken()}`;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body });
  } catch {
    throw new NetworkError();
  }
  let data = null;
  if (response.status !== 204) {
    data = await response.json().catch(() => null);
  }
  return { ok: response.ok, status: response.status, data };
}

// ---- Going to the login page, and coming back -------------------------------------

/** Send the user to /login; after logging in they return to this page. */
export function goToLogin() {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}

/** A 401 means the token expired or was revoked: forget it and log in again. */
export function loginAgain() {
  removeToken();
  goToLogin();
}

/** Where to go after logging in: `?next=` if it is a path on this site. */
export function nextPage() {
  const next = new URLSearchParams(window.location.search).get("next") || "/";
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

// ---- Drafts: nothing a user typed is lost to a trip to the login page -------------

/** Keep the form's fields in sessionStorage while the user types. */
export function keepDraft(key, form) {
  form.addEventListener("input", () => saveDraft(key, form));
}

export function saveDraft(key, form) {
  const fields = Object.fromEntries(new FormData(form));
  sessionStorage.setItem(`draft:${key}`, JSON.stringify(fields));
}

/** Put a saved draft back into the form; true if there was one. */
export function restoreDraft(key, form) {
  const saved = sessionStorage.getItem(`draft:${key}`);
  if (!saved) {
    return false;
  }
  for (const [name, value] of Object.entries(JSON.parse(saved))) {
    if (form.elements[name]) {
      form.elements[name].value = value;
    }
  }
  return true;
}

export function clearDraft(key) {
  sessionStorage.removeItem(`draft:${key}`);
}

/** Save the draft and remember to reopen it, then log in. */
export function loginAndResume(key, form) {
  saveDraft(key, form);
  sessionStorage.setItem("resume", key);
  loginAgain();
}

/** True (once) if the user just came back from logging in to finish this draft. */
export function takeResume(key) {
  if (sessionStorage.getItem("resume") !== key) {
    return false;
  }
  sessionStorage.removeItem("resume");
  return true;
}

// ---- Forms ---------------------------------------------------------------------------

/**
 * Run `handler(form)` on submit, once at a time: the submit button is disabled while
 * the request is in flight, so a double click sends one request, not two.
 */
export function onSubmitOnce(form, handler) {
  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    const button = form.querySelector("[type=submit]");
    setBusy(button, true);
    clearErrors(form);
    try {
      await handler(form);
    } catch (error) {
      showFormError(form, error instanceof NetworkError ? error.message : "Something went wrong. Please try again.");
      if (!(error instanceof NetworkError)) {
        console.error(error);
      }
    } finally {
      busy = false;
      setBusy(button, false);
    }
  });
}

export function setBusy(button, busy) {
  if (button) {
    button.disabled = busy;
    button.setAttribute("aria-busy", String(busy));
  }
}

export function clearErrors(container) {
  for (const input of container.querySelectorAll(".is-invalid")) {
    input.classList.remove("is-invalid");
    input.removeAttribute("aria-invalid");
  }
  const alert = container.querySelector("[data-form-error]");
  if (alert) {
    alert.textContent = "";
    alert.classList.add("d-none");
  }
}

/** A message for the whole form (or dialog), in its alert box. */
export function showFormError(container, message) {
  const alert = container.querySelector("[data-form-error]");
  alert.textContent = message;
  alert.classList.remove("d-none");
}

/** A message under one field; false if the form has no such field. */
export function showFieldError(form, field, message) {
  const input = form.elements[field];
  const feedback = form.querySelector(`[data-error-for="${field}"]`);
  if (!input || !feedback) {
    return false;
  }
  input.classList.add("is-invalid");
  input.setAttribute("aria-invalid", "true");
  feedback.textContent = message;
  return true;
}

// The API's 400 messages, and the field each is about.
const FIELD_OF_MESSAGE = {
  "Username already exists": ["username", "That username is taken. Try another one."],
  "Email already registered": ["email", "An account with this email already exists."],
};

/** Show a 400 or 422 answer next to the fields it concerns, in plain words. */
export function showApiErrors(form, { status, data }) {
  const detail = data?.detail;
  if (status === 422 && Array.isArray(detail)) {
    let shown = false;
    for (const error of detail) {
      const field = error.loc?.[0] === "body" ? error.loc[1] : undefined;
      shown = showFieldError(form, field, describe(error)) || shown;
    }
    if (!shown) {
      showFormError(form, "Please check the form and try again.");
    }
    return;
  }
  if (typeof detail === "string" && FIELD_OF_MESSAGE[detail]) {
    const [field, message] = FIELD_OF_MESSAGE[detail];
    showFieldError(form, field, message);
    return;
  }
  showFormError(form, typeof detail === "string" ? detail : `The server answered ${status}. Please try again.`);
}

/** One validation error from the API (pydantic's wording), as a person would say it. */
function describe(error) {
  const ctx = error.ctx || {};
  switch (error.type) {
    case "missing":
      return "This field is required.";
    case "string_too_short":
      return ctx.min_length > 1 ? `Use at least ${ctx.min_length} characters.` : "This field can't be empty.";
    case "string_too_long":
      return `Use at most ${ctx.max_length} characters.`;
    case "too_long":
      return "This is too long.";
    default:
      if (/email/i.test(error.msg)) {
        return "Enter a valid email address, like name@example.com.";
      }
      if (/blank/i.test(error.msg)) {
        return "This field can't be blank.";
      }
      return error.msg.replace(/^Value error, /, "");
  }
}

// ---- Modals --------------------------------------------------------------------------

export function showModal(id) {
  window.bootstrap.Modal.getOrCreateInstance(document.getElementById(id)).show();
}

export function hideModal(id) {
  window.bootstrap.Modal.getOrCreateInstance(document.getElementById(id)).hide();
}
