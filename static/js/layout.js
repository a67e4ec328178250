// Every page (the course's script in layout.html): the navbar, and the New Post dialog
// with the course's create post form handler.
import { apiFetch } from "./api.js";
import { getToken } from "./auth.js";
import { clearDraft, keepDraft, loginAndResume, restoreDraft, takeResume } from "./drafts.js";
import { onSubmitOnce, showApiErrors } from "./forms.js";
import { focusWhenShown, showModal } from "./modals.js";
import { updateAuthUI } from "./navbar.js";
import { loginUrl } from "./redirects.js";
import { api, pages } from "./urls.js";

const DRAFT = "new-post";
const form = document.getElementById("new-post-form");

// The Login link brings the user back to the page they were on.
if (window.location.pathname !== pages.login) {
  document.getElementById("nav-login").href = loginUrl();
}

/** The course's create post form handler: the token says who the author is. */
async function createPostFormHandler() {
  const token = getToken();
  if (!token) {
    loginAndResume(DRAFT, form);
    return;
  }
  const result = await apiFetch(api.posts, {
    method: "POST",
    token,
    json: { title: form.elements.title.value, content: form.elements.content.value },
  });
  if (result.status === 401) {
    loginAndResume(DRAFT, form);
  } else if (result.ok) {
    clearDraft(DRAFT);
    window.location.assign(pages.home); // as in the video: the home page, the new post on top
  } else {
    showApiErrors(form, result);
  }
}

keepDraft(DRAFT, form);
focusWhenShown("new-post-modal", form.elements.title);
onSubmitOnce(form, createPostFormHandler);

document.getElementById("new-post-button").addEventListener("click", () => {
  restoreDraft(DRAFT, form);
  showModal("new-post-modal");
});

const user = await updateAuthUI();
if (user && takeResume(DRAFT)) {
  restoreDraft(DRAFT, form);
  showModal("new-post-modal");
}
