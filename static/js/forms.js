// Forms: one submission at a time, and the API's errors shown next to the fields they
// are about, in plain words (the course shows the API's message as it comes).
import { NetworkError } from "./api.js";

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

export function clearErrors(form) {
  for (const input of form.querySelectorAll(".is-invalid")) {
    input.classList.remove("is-invalid");
    input.removeAttribute("aria-invalid");
  }
  const alert = form.querySelector("[data-form-error]");
  alert.textContent = "";
  alert.classList.add("d-none");
}

/** A message for the whole form, in its alert box. */
export function showFormError(form, message) {
  const alert = form.querySelector("[data-form-error]");
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
