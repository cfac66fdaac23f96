// Progressive enhancement for the timeline. Everything works without this file; with it, filters
// apply in place. No inline scripts anywhere: this file and the vendored htmx are all we run.
"use strict";

// Empty fields mean "no filter": leave them out so pushed URLs stay short and shareable.
// (htmx 4 swaps a 400 answer by default, so a filter's error shows where the results were.)
// One request per change: Enter in a box fires both "submit" and "change", and a typed year both
// "input" and "change"; a request for the filters already asked for is dropped.
document.addEventListener("htmx:config:request", (event) => {
  const body = event.detail.ctx.request.body;
  for (const [name, value] of Array.from(body.entries())) {
    if (value === "") body.delete(name);
  }
  const form = event.detail.ctx.sourceElement;
  if (!form || form.id !== "filters") return;
  const asked = new URLSearchParams(body).toString();
  if (asked === form.dataset.lastAsked) {
    event.preventDefault();
    return;
  }
  form.dataset.lastAsked = asked;
});

// Clear filters in place: empty the form and ask once, keeping focus on the link.
document.addEventListener("click", (event) => {
  const clear = event.target.closest(".clear-filters");
  const form = document.getElementById("filters");
  if (!clear || !form || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  for (const field of form.elements) {
    if (field.type === "checkbox") field.checked = false;
    else if (field.name) field.value = "";
  }
  form.requestSubmit();
});

// The arrow keys step a From or To box by its own grain: a year, a month (2021-08) or a day
// (2021-08-15), with no year 0; an empty box starts at the timeline's own years, not at 1.
function steppedDate(value, by) {
  const [, year, month, day] = /^(-?[0-9]+)(?:-([0-9]{2}))?(?:-([0-9]{2}))?$/.exec(value.trim()) || [];
  if (!year) return null;
  if (!month) return String(+year + by || +year + 2 * by);
  const date = new Date(Date.UTC(2000, month - 1, day || 1));
  date.setUTCFullYear(+year);
  if (day) date.setUTCDate(date.getUTCDate() + by); else date.setUTCMonth(date.getUTCMonth() + by);
  const stepped = date.getUTCFullYear();
  return stepped > 0 && stepped < 1e4 ? date.toISOString().slice(0, day ? 10 : 7).replace(/^0+(?=[0-9])/, "") : null;
}
document.addEventListener("keydown", (event) => {
  const box = event.target;
  if ((event.key !== "ArrowUp" && event.key !== "ArrowDown") || !box.dataset || !box.dataset.start) return;
  if (box.type === "number" && box.value !== "") return; // the browser steps a number box
  const value = box.value === "" ? box.dataset.start : steppedDate(box.value, event.key === "ArrowUp" ? 1 : -1);
  if (value === null) return;
  event.preventDefault();
  box.value = value;
  box.dispatchEvent(new Event("input", { bubbles: true }));
});

// "More events" chosen from the keyboard: focus goes to the first event it brought.
let eventsBeforeMore = null;
document.addEventListener("htmx:before:request", (event) => {
  const more = event.detail.ctx.sourceElement;
  if (more && more.closest(".more") && document.activeElement === more) {
    eventsBeforeMore = document.querySelectorAll("#timeline .event-title a").length;
  }
});

// After a filter swap: the field at fault (if any) is marked invalid and pointed at the message.
function markInvalidField() {
  const form = document.getElementById("filters");
  if (!form) return;
  for (const field of form.querySelectorAll("[aria-invalid]")) {
    field.removeAttribute("aria-invalid");
    field.removeAttribute("aria-describedby");
  }
  const problem = document.getElementById("filter-problem");
  const field = problem && problem.dataset.field && form.elements[problem.dataset.field];
  if (field && field.setAttribute) {
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", "filter-problem");
  }
}

// On a narrow screen the filters start folded, so the first events are in view; the summary
// says which filters are on. Without JavaScript, and on wide screens, they stay open.
const filtersPanel = document.getElementById("filters-panel");
if (filtersPanel && window.matchMedia("(max-width: 47.99rem)").matches) filtersPanel.open = false;

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

// After a swap, keep focus where the reader was: on the year they chose in the new strip, or on
// the first of the events "More events" brought.
document.addEventListener("htmx:after:settle", () => {
  markInvalidField();
  if (eventsBeforeMore !== null) {
    const titles = document.querySelectorAll("#timeline .event-title a");
    if (titles[eventsBeforeMore]) titles[eventsBeforeMore].focus();
    eventsBeforeMore = null;
  }
  const form = document.getElementById("filters");
  const id = form && form.dataset.focusAfterSwap;
  if (!id) return;
  delete form.dataset.focusAfterSwap;
  const target = document.getElementById(id);
  if (target) target.focus();
});

// A failed request (network down) is said in the live count, not silently lost.
document.addEventListener("htmx:error", () => {
  const count = document.getElementById("count");
  if (count) count.textContent = "The timeline could not be loaded. Reload the page to try again.";
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

// The Embed box's look options rewrite the embed addresses in its snippets (theme, compact).
// The snippets are HTML source: an address in them writes each & as &amp;, read and written so.
function withEmbedOptions(address, theme, compact) {
  const url = new URL(address.replaceAll("&amp;", "&"));
  if (theme === "auto") url.searchParams.delete("theme"); else url.searchParams.set("theme", theme);
  if (compact) url.searchParams.set("compact", "1"); else url.searchParams.delete("compact");
  return url.href.replaceAll("&", "&amp;");
}
document.addEventListener("change", (event) => {
  const options = event.target.closest(".embed-options");
  if (!options) return;
  const box = options.closest(".embed-control");
  const theme = options.querySelector("input[name=embed-theme]:checked").value;
  const compact = options.querySelector("input[name=embed-compact]").checked;
  for (const area of box.querySelectorAll("#embed-iframe, #embed-fragment")) {
    area.value = area.value.replace(/(src|hx-get)="([^"]*\/embed[^"]*)"/,
      (match, name, address) => `${name}="${withEmbedOptions(address, theme, compact)}"`);
  }
});
