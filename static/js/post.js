// The post page (the course's script in post.html): checkOwnership shows Edit and Delete
// to the post's author; the edit post and delete handlers send the token, go to the login
// page on a 401 and show the "not authorized" dialog on a 403.
import { apiFetch } from "./api.js";
import { getCurrentUser, getToken } from "./auth.js";
import { clearDraft, keepDraft, loginAndResume, restoreDraft, takeResume } from "./drafts.js";
import { clearErrors, onSubmitOnce, showApiErrors, showFormError } from "./forms.js";
import { focusWhenShown, hideModal, showModal } from "./modals.js";
import { goToLogin, loginAgain } from "./redirects.js";
import { api, pages } from "./urls.js";

const article = document.getElementById("post");
const postId = Number(article.dataset.postId);
const postUserId = Number(article.dataset.authorId); // the course's post_user_id
const postUrl = api.post(postId);
const DRAFT = `edit-post:${postId}`;
const editForm = document.getElementById("edit-post-form");
const deleteForm = document.getElementById("delete-post-form");

/** The course's check_ownership: Edit and Delete appear for the post's author only. */
async function checkOwnership() {
  const user = await getCurrentUser();
  if (!user || user.id !== postUserId) {
    return false;
  }
  document.getElementById("post-actions").classList.remove("d-none");
  return true;
}

/** A 403: the course's "not authorized" dialog, naming the action ("edit", "delete"). */
function showNotAuthorized(action, openModal) {
  hideModal(openModal);
  const message = document.getElementById("not-authorized-message");
  message.textContent = `You are not authorized to ${action} this post.`;
  showModal("not-authorized-modal");
}

/** The course's edit post form handler. */
async function editPostFormHandler() {
  const token = getToken();
  if (!token) {
    loginAndResume(DRAFT, editForm);
    return;
  }
  const result = await apiFetch(postUrl, {
    method: "PATCH",
    token,
    json: { title: editForm.elements.title.value, content: editForm.elements.content.value },
  });
  if (result.status === 401) {
    loginAndResume(DRAFT, editForm);
  } else if (result.status === 403) {
    showNotAuthorized("edit", "edit-post-modal");
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
}

/** The course's delete form handler (behind a confirmation dialog here). */
async function deleteFormHandler() {
  const token = getToken();
  if (!token) {
    goToLogin();
    return;
  }
  const result = await apiFetch(postUrl, { method: "DELETE", token });
  if (result.status === 401) {
    loginAgain();
  } else if (result.status === 403) {
    showNotAuthorized("delete", "delete-post-modal");
  } else if (result.ok || result.status === 404) {
    window.location.assign(pages.home);
  } else {
    showFormError(deleteForm, `The server answered ${result.status}. Please try again.`);
  }
}

keepDraft(DRAFT, editForm);
focusWhenShown("edit-post-modal", editForm.elements.title);
onSubmitOnce(editForm, editPostFormHandler);
onSubmitOnce(deleteForm, deleteFormHandler);

document.getElementById("edit-post-button").addEventListener("click", () => {
  if (!getToken()) {
    goToLogin();
    return;
  }
  clearErrors(editForm);
  restoreDraft(DRAFT, editForm);
  showModal("edit-post-modal");
});

document.getElementById("delete-post-button").addEventListener("click", () => {
  if (!getToken()) {
    goToLogin();
    return;
  }
  clearErrors(deleteForm);
  showModal("delete-post-modal");
});

if ((await checkOwnership()) && takeResume(DRAFT)) {
  restoreDraft(DRAFT, editForm);
  showModal("edit-post-modal");
}
