// The post page: Edit and Delete for the post's author.
import {
  apiFetch,
  clearDraft,
  clearErrors,
  goToLogin,
  hideModal,
  keepDraft,
  loginAgain,
  loginAndResume,
  onSubmitOnce,
  restoreDraft,
  setBusy,
  showApiErrors,
  showFormError,
  showModal,
  takeResume,
} from "./api.js";
import { getCurrentUser, getToken } from "./auth.js";

const article = document.getElementById("post");
const postId = Number(article.dataset.postId);
const authorId = Number(article.dataset.authorId);
const url = `/api/posts/${postId}`;
const DRAFT = `edit-post:${postId}`;
const editForm = document.getElementById("edit-post-form");

function notAuthorized(modalId) {
  hideModal(modalId);
  showModal("not-authorized-modal");
}

// ---- Edit ----

keepDraft(DRAFT, editForm);

document.getElementById("edit-post-button").addEventListener("click", () => {
  if (!getToken()) {
    goToLogin();
    return;
  }
  clearErrors(editForm);
  restoreDraft(DRAFT, editForm);
  showModal("edit-post-modal");
});

document.getElementById("edit-post-modal").addEventListener("shown.bs.modal", () => {
  editForm.elements.title.focus();
});

onSubmitOnce(editForm, async () => {
  if (!getToken()) {
    loginAndResume(DRAFT, editForm);
    return;
  }
  const result = await apiFetch(url, {
    method: "PATCH",
    auth: true,
    json: { title: editForm.elements.title.value, content: editForm.elements.content.value },
  });
  if (result.status === 401) {
    loginAndResume(DRAFT, editForm);
  } else if (result.status === 403) {
    notAuthorized("edit-post-modal");
  } else if (result.status === 404) {
    showFormError(editForm, "This post no longer exists.");
  } else if (result.ok) {
    clearDraft(DRAFT);
    document.getElementById("post-title").textContent = result.data.title;
    document.getElementById("post-content").textContent = result.data.content;
    document.title = `${result.data.title} · Django Ninja Blog`;
    hideModal("edit-post-modal");
  } else {
    showApiErrors(editForm, result);
  }
});

// ---- Delete ----

const deleteDialog = document.getElementById("delete-post-modal");
const confirmDelete = document.getElementById("confirm-delete-post");

document.getElementById("delete-post-button").addEventListener("click", () => {
  if (!getToken()) {
    goToLogin();
    return;
  }
  clearErrors(deleteDialog);
  showModal("delete-post-modal");
});

confirmDelete.addEventListener("click", async () => {
  if (!getToken()) {
    goToLogin();
    return;
  }
  setBusy(confirmDelete, true);
  try {
    const result = await apiFetch(url, { method: "DELETE", auth: true });
    if (result.status === 401) {
      loginAgain();
    } else if (result.status === 403) {
      notAuthorized("delete-post-modal");
    } else if (result.ok || result.status === 404) {
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

// ---- Show the buttons to the author only ----

const user = await getCurrentUser();
if (user && user.id === authorId) {
  document.getElementById("post-actions").classList.remove("d-none");
  if (takeResume(DRAFT)) {
    restoreDraft(DRAFT, editForm);
    showModal("edit-post-modal");
  }
}
