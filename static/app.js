// Progressive enhancement for the timeline. Everything works without this file; with it, filters
// apply in place. No inline scripts anywhere: this file and the vendored htmx are all we run.
"use strict";

// A 400 answer explains what to change: swap it in where the results were, instead of
// htmx 2's default of dropping every 4xx response.
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "400", swap: true, error: false },
  { code: "[45]..", swap: false, error: true },
];

// Empty fields mean "no filter": leave them out so pushed URLs stay short and shareable.
document.addEventListener("htmx:configRequest", (event) => {
  const parameters = event.detail.parameters;
  for (const name of Object.keys(parameters)) {
    if (parameters[name] === "") delete parameters[name];
  }
});

// A year (or decade) on the density strip fills the form, so the form, the list and the URL agree.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".density a[href]");
  const form = document.getElementById("filters");
  if (!link || !form || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  form.elements.year.value = link.dataset.year || "";
  form.elements.from.value = link.dataset.from || "";
  form.elements.to.value = link.dataset.to || "";
  form.dataset.focusAfterSwap = link.id;
  form.requestSubmit();
});

// After a swap, keep focus where the reader was: on the year they chose in the new strip.
document.addEventListener("htmx:afterSettle", () => {
  const form = document.getElementById("filters");
  const id = form && form.dataset.focusAfterSwap;
  if (!id) return;
  delete form.dataset.focusAfterSwap;
  const target = document.getElementById(id);
  if (target) target.focus();
});

// A failed request (network down, server error) is said in the live count, not silently lost.
document.addEventListener("htmx:responseError", () => {
  const count = document.getElementById("count");
  if (count) count.textContent = "The timeline could not be loaded. Reload the page to try again.";
});
document.addEventListener("htmx:sendError", () => {
  const count = document.getElementById("count");
  if (count) count.textContent = "The server could not be reached. Check the connection and try again.";
});

// j / k move between events, for readers who browse by keyboard (an extra: Tab works too).
document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || (event.key !== "j" && event.key !== "k")) return;
  const active = document.activeElement;
  if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
  const titles = Array.from(document.querySelectorAll("#timeline .event-title a"));
  if (!titles.length) return;
  const current = titles.indexOf(active);
  const next = event.key === "j" ? current + 1 : (current === -1 ? 0 : current - 1);
  const target = titles[Math.max(0, Math.min(titles.length - 1, next))];
  event.preventDefault();
  target.focus();
  target.closest("article").scrollIntoView({ block: "nearest" });
});
