// Progressive enhancement for the timeline. Everything works without this file; with it, filters
// apply in place. No inline scripts anywhere: this file and the vendored htmx are all we run.
"use strict";

// Empty fields mean "no filter": leave them out so pushed URLs stay short and shareable.
// (htmx 4 swaps a 400 answer by default, so a filter's error shows where the results were.)
document.addEventListener("htmx:config:request", (event) => {
  const body = event.detail.ctx.request.body;
  for (const [name, value] of Array.from(body.entries())) {
    if (value === "") body.delete(name);
  }
});

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

// After a swap, keep focus where the reader was: on the year they chose in the new strip.
document.addEventListener("htmx:after:settle", () => {
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
function withEmbedOptions(address, theme, compact) {
  const url = new URL(address);
  if (theme === "auto") url.searchParams.delete("theme"); else url.searchParams.set("theme", theme);
  if (compact) url.searchParams.set("compact", "1"); else url.searchParams.delete("compact");
  return url.href;
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
