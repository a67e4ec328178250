// Every page: the navbar's state, and the New Post dialog.
import {
  apiFetch,
  clearDraft,
  keepDraft,
  loginAndResume,
  onSubmitOnce,
  restoreDraft,
  showApiErrors,
  showModal,
  takeResume,
} from "./api.js";
import { getCurrentUser, getToken } from "./auth.js";
import { renderNavbar } from "./navbar.js";

const DRAFT = "new-post";
const form = document.getElementById("new-post-form");

const loginLink = document.getElementById("nav-login");
if (window.location.pathname !== "/login") {
  loginLink.href = `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
}

keepDraft(DRAFT, form);

document.getElementById("new-post-button").addEventListener("click", () => {
  restoreDraft(DRAFT, form);
  showModal("new-post-modal");
});

document.getElementById("new-post-modal").addEventListener("shown.bs.modal", () => {
  form.elements.title.focus();
});

onSubmitOnce(form, async () => {
  if (!getToken()) {
    loginAndResume(DRAFT, form);
    return;
  }
  const result = await apiFetch("/api/posts", {
    method: "POST",
    auth: true,
    json: { title: form.elements.title.value, content: form.elements.content.value },
  });
  if (result.status === 401) {
    loginAndResume(DRAFT, form);
  } else if (result.ok) {
    clearDraft(DRAFT);
    window.location.assign(`/posts/${result.data.id}`);
  } else {
    showApiErrors(form, result);
  }
});

const user = await getCurrentUser();
renderNavbar(user);
if (user && takeResume(DRAFT)) {
  restoreDraft(DRAFT, form);
  showModal("new-post-modal");
}
