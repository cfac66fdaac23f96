// The time axis, enhanced. Without this file its links zoom and pan; with it: drag (or touch) to
// pan, Ctrl+wheel or pinch to zoom (a plain wheel scrolls the page), and + / - and the arrow keys
// when [data-axis] itself has focus. Each gesture settles, once, into a URL htmx swaps in, with
// one history entry. The window is decimal years (data-from, data-to), as in docs/axis.md.
"use strict";
(() => {
  const SETTLE = 350; // ms without input before a gesture becomes a request
  let gesture = null; // {low, high} the reader is heading for
  let timer = 0;
  let focusAfter = false;

  function isLeap(year) {
    const y = year < 0 ? year + 1 : year; // 1 BCE is astronomical 0
    return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  }

  // The date holding the decimal year t, as YYYY, YYYY-MM or YYYY-MM-DD (no year 0).
  function dateAt(t, precision) {
    let year = Math.floor(t);
    if (year === 0) year = 1;
    if (precision === "year") return String(year);
    const months = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let day = Math.floor((t - year) * (isLeap(year) ? 366 : 365) + 1e-6);
    let month = 0;
    while (month < 11 && day >= months[month]) day -= months[month++];
    const mm = String(month + 1).padStart(2, "0");
    return precision === "month" ? `${year}-${mm}` : `${year}-${mm}-${String(day + 1).padStart(2, "0")}`;
  }

  function windowUrl(low, high) {
    const span = high - low;
    const precision = span >= 30 ? "year" : span >= 2 ? "month" : "day";
    const url = new URL(location.href);
    for (const name of ["year", "cursor", "from", "to"]) url.searchParams.delete(name);
    url.searchParams.set("from", dateAt(low, precision));
    url.searchParams.set("to", dateAt(high - Math.max(1e-6, Math.abs(high) * 1e-14), precision));
    return url.pathname + url.search;
  }

  function current(axis) {
    return gesture || { low: parseFloat(axis.dataset.from), high: parseFloat(axis.dataset.to) };
  }

  function drawing(axis) {
    return axis.querySelector(".axis-svg");
  }

  // Shows where the gesture is heading by moving the old drawing, until the new one arrives.
  function preview(axis) {
    const svg = drawing(axis);
    if (!svg || !gesture) return;
    const low = parseFloat(axis.dataset.from);
    const high = parseFloat(axis.dataset.to);
    const scale = (high - low) / (gesture.high - gesture.low);
    const shift = ((low - gesture.low) / (high - low)) * svg.getBoundingClientRect().width * scale;
    svg.style.transformOrigin = "0 0";
    svg.style.transform = `translateX(${shift}px) scaleX(${scale})`;
  }

  function settle(axis, now) {
    clearTimeout(timer);
    timer = setTimeout(() => go(axis), now ? 0 : SETTLE);
  }

  function go(axis) {
    if (!gesture) return;
    const url = windowUrl(gesture.low, gesture.high);
    gesture = null;
    axis.classList.add("is-loading");
    const results = document.getElementById("results");
    if (!results || !window.htmx) {
      location.href = url;
      return;
    }
    swapTo(url);
  }

  // The new window in place, one history entry, and the filter form's boxes saying the same
  // window (it sits outside what is swapped), so that a topic chosen next keeps it.
  function swapTo(url) {
    htmx.ajax("GET", url, { target: "#results", swap: "outerHTML" }).then(() => {
      history.pushState({ htmx: true }, "", url);
      const args = new URL(url, location.href).searchParams;
      for (const name of ["from", "to", "year"]) {
        const box = document.getElementById(name);
        if (!box || !box.form || box.form.id !== "filters") continue;
        box.value = args.get(name) || "";
      }
    });
  }

  function zoomBy(axis, factor, at) {
    const { low, high } = current(axis);
    const centre = at === undefined ? (low + high) / 2 : at;
    const span = Math.max((high - low) * factor, 1 / 365.25);
    const share = (centre - low) / (high - low);
    gesture = { low: centre - span * share, high: centre + span * (1 - share) };
    preview(axis);
  }

  function panBy(axis, share) {
    const { low, high } = current(axis);
    const shift = (high - low) * share;
    gesture = { low: low + shift, high: high + shift };
    preview(axis);
  }

  function timeAt(axis, clientX) {
    const box = drawing(axis).getBoundingClientRect();
    const { low, high } = current(axis);
    return low + ((clientX - box.left) / box.width) * (high - low);
  }

  // Keys, when the axis region itself has focus (not a link inside it).
  document.addEventListener("keydown", (event) => {
    const axis = event.target;
    if (!axis.matches || !axis.matches("[data-axis]") || event.altKey || event.ctrlKey || event.metaKey) return;
    const moves = { "+": () => zoomBy(axis, 0.5), "=": () => zoomBy(axis, 0.5), "-": () => zoomBy(axis, 2),
      ArrowLeft: () => panBy(axis, -0.25), ArrowRight: () => panBy(axis, 0.25) };
    if (!moves[event.key] || !drawing(axis)) return;
    event.preventDefault();
    moves[event.key]();
    focusAfter = true;
    settle(axis);
  });

  // Ctrl+wheel (and a trackpad's pinch, which browsers send as one) zooms around the pointer.
  document.addEventListener("wheel", (event) => {
    const axis = event.target.closest && event.target.closest("[data-axis]");
    if (!axis || !event.ctrlKey || !drawing(axis)) return;
    event.preventDefault();
    zoomBy(axis, Math.exp(Math.max(-1, Math.min(1, event.deltaY * 0.01))), timeAt(axis, event.clientX));
    settle(axis);
  }, { passive: false });

  // Drag with one pointer pans; two touching pointers pinch to zoom.
  const pointers = new Map();
  let start = null;
  let dragged = false;
  document.addEventListener("pointerdown", (event) => {
    const frame = event.target.closest && event.target.closest("[data-axis] .axis-frame");
    if (!frame || event.button > 0) return;
    const axis = frame.closest("[data-axis]");
    pointers.set(event.pointerId, event.clientX);
    start = { axis, ...current(axis), xs: new Map(pointers) };
    dragged = false;
  });
  document.addEventListener("pointermove", (event) => {
    if (!start || !pointers.has(event.pointerId)) return;
    pointers.set(event.pointerId, event.clientX);
    const width = drawing(start.axis).getBoundingClientRect().width;
    const span = start.high - start.low;
    const [a, b] = [...pointers.keys()];
    if (pointers.size === 1 && start.xs.has(a)) {
      const dx = pointers.get(a) - start.xs.get(a);
      if (Math.abs(dx) < 4 && !dragged) return;
      dragged = true;
      start.axis.classList.add("is-dragging");
      gesture = { low: start.low - (dx / width) * span, high: start.high - (dx / width) * span };
    } else if (pointers.size === 2 && start.xs.has(a) && start.xs.has(b)) {
      const before = Math.abs(start.xs.get(a) - start.xs.get(b)) || 1;
      const after = Math.abs(pointers.get(a) - pointers.get(b)) || 1;
      const centre = timeAt(start.axis, (start.xs.get(a) + start.xs.get(b)) / 2);
      dragged = true;
      gesture = { low: start.low, high: start.high };
      zoomBy(start.axis, before / after, centre);
    }
    preview(start.axis);
  });
  function release(event) {
    if (!pointers.delete(event.pointerId) || pointers.size || !start) return;
    const axis = start.axis;
    start = null;
    axis.classList.remove("is-dragging");
    if (dragged) settle(axis, true);
  }
  document.addEventListener("pointerup", release);
  document.addEventListener("pointercancel", release);
  // A drag that ends on a mark is a drag, not a click on it.
  document.addEventListener("click", (event) => {
    if (dragged && event.target.closest && event.target.closest("[data-axis]")) {
      event.preventDefault();
      dragged = false;
    }
  }, true);

  // The links that zoom and pan, and a cluster or a tick, swap in place too.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-axis] a[href]");
    if (!link || link.closest("a[data-start], a[aria-hidden]") || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    if (!window.htmx || !document.getElementById("results")) return;
    event.preventDefault();
    const url = link.getAttribute("href");
    focusAfter = link.hasAttribute("data-zoom") || link.hasAttribute("data-pan") ? link.dataset.zoom || link.dataset.pan : false;
    link.closest("[data-axis]").classList.add("is-loading");
    swapTo(url);
  });

  // On a narrow screen the axis starts folded, as the filters do (open without JavaScript); once
  // the reader opens or closes it, new axes keep that choice.
  let folded = window.matchMedia("(max-width: 47.99rem)").matches;
  function fold() {
    for (const details of document.querySelectorAll("[data-axis] > .axis-fold")) details.open = !folded;
  }
  fold();
  document.addEventListener("toggle", (event) => {
    if (event.target.matches && event.target.matches(".axis-fold")) folded = !event.target.open;
  }, true);
  document.addEventListener("htmx:after:settle", fold);

  // When the new axis arrives, focus goes back where the reader was.
  function refocus() {
    const axis = document.querySelector("[data-axis]:not(.axis-slot):not(.is-loading)");
    if (!axis || !focusAfter) return;
    const target = typeof focusAfter === "string"
      ? axis.querySelector(`[data-zoom="${focusAfter}"], [data-pan="${focusAfter}"]`) : axis;
    (target || axis).focus();
    focusAfter = false;
  }
  document.addEventListener("htmx:after:settle", () => requestAnimationFrame(refocus));
})();
