// The iframe embed tells its host page how tall it is, so the host can size the frame.
// Only the height is sent; any page may listen.
"use strict";
(function () {
  let last = 0;
  function report(again) {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if ((height === last && again !== true) || window.parent === window) return;
    last = height;
    window.parent.postMessage({ type: "timeline:resize", height: height }, "*");
  }
  window.addEventListener("load", report);
  // A host that starts listening late asks every frame to measure again.
  window.addEventListener("message", (event) => {
    if (event.source === window.parent && event.data && event.data.type === "timeline:measure") report(true);
  });
  if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.documentElement);
})();
