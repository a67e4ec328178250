// Drafts: nothing a user typed is lost to a trip to the login page (in the course, a
// form sent with an expired token is gone). While the user types, the form's fields are
// kept in sessionStorage; after logging in, the dialog opens again with them.
import { loginAgain } from "./redirects.js";

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
