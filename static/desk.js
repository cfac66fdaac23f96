// The review desk: a warning before leaving a page with edits not yet sent, and one Publish per
// click (a second click while the first is sent does nothing). Without JavaScript the desk
// works the same; the server then refuses a repeated or stale form instead.
"use strict";
document.querySelectorAll("form[data-unsaved]").forEach((form) => {
  let edited = form.dataset.unsent === "yes"; // a refused form: what it shows is not saved
  let sending = false;
  form.addEventListener("input", () => { edited = true; });
  form.addEventListener("change", () => { edited = true; });
  form.addEventListener("submit", (event) => {
    if (sending) {
      event.preventDefault();
      return;
    }
    sending = true;
    edited = false;
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      button.setAttribute("aria-disabled", "true");
    });
  });
  window.addEventListener("beforeunload", (event) => {
    if (edited) {
      event.preventDefault();
      event.returnValue = form.dataset.unsaved;
    }
  });
  window.addEventListener("pageshow", () => { sending = false; });
});
