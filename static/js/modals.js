// Bootstrap's modal dialogs, opened and closed by the scripts.

export function showModal(id) {
  window.bootstrap.Modal.getOrCreateInstance(document.getElementById(id)).show();
}

export function hideModal(id) {
  window.bootstrap.Modal.getOrCreateInstance(document.getElementById(id)).hide();
}

/**
 * Put the cursor in `input` each time the dialog has opened. Bootstrap focuses the
 * dialog itself once it has faded in: a field the user clicked into before then gets
 * the cursor back instead, so nothing typed while the dialog opened goes astray.
 */
export function focusWhenShown(id, input) {
  const modal = document.getElementById(id);
  let chosen = null;
  modal.addEventListener("show.bs.modal", () => {
    chosen = null;
  });
  modal.addEventListener("focusin", (event) => {
    if (event.target !== modal) {
      chosen = event.target;
    }
  });
  modal.addEventListener("shown.bs.modal", () => (chosen ?? input).focus());
}
