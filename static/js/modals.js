// Bootstrap's modal dialogs, opened and closed by the scripts.

export function showModal(id) {
  window.bootstrap.Modal.getOrCreateInstance(document.getElementById(id)).show();
}

export function hideModal(id) {
  window.bootstrap.Modal.getOrCreateInstance(document.getElementById(id)).hide();
}

/** Put the cursor in `input` each time the dialog opens (Bootstrap focuses the dialog). */
export function focusWhenShown(id, input) {
  document.getElementById(id).addEventListener("shown.bs.modal", () => input.focus());
}
