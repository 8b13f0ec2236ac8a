// Live countdowns, and keeping a half-typed form when the incident changes under it. No build step.
(function () {
  "use strict";
  function human(ms) {
    var s = Math.floor(Math.abs(ms) / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
        m = Math.floor(s % 3600 / 60), parts = [];
    if (d) parts.push(d + "d");
    if (d || h) parts.push(h + "h");
    parts.push(m + "m");
    if (!d) parts.push(s % 60 + "s");
    return parts.slice(0, 3).join(" ");
  }
  // The server's clock, not the browser's: each countdown carries the time it was drawn at.
  var loaded = Date.now();
  function tick() {
    document.querySelectorAll("time.countdown").forEach(function (el) {
      if (!el.dataset.drawn) el.dataset.drawn = String(Date.now());
      var now = Date.parse(el.dataset.now) + (Date.now() - Number(el.dataset.drawn || loaded));
      var left = Date.parse(el.getAttribute("datetime")) - now;
      el.textContent = left >= 0 ? "due in " + human(left) : "overdue by " + human(left);
      el.classList.toggle("overdue", left < 0);
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);

  function typing(container) {
    var a = document.activeElement;
    if (a && container.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) && a.type !== "hidden") return true;
    return Array.prototype.some.call(container.querySelectorAll("textarea, input:not([type=hidden])"), function (el) {
      return el.value !== el.defaultValue && el.type !== "checkbox";
    }) || !!container.querySelector("details[open] form input:focus");
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "live" && event.detail.xhr.status === 200 && typing(target)) {
      event.detail.shouldSwap = false;
      var notice = document.getElementById("live-notice");
      if (notice) notice.hidden = false;
    }
    if (event.detail.xhr.status >= 400 && target && (target.id === "live" || target.id === "incident-rows")) {
      event.detail.shouldSwap = false;  // a failed poll keeps the page as it was; the next one tries again
    }
  });
  // A swap redraws the panels: keep open what the person had opened.
  var opened = [];
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "live" && event.detail.shouldSwap) {
      opened = Array.prototype.map.call(event.detail.target.querySelectorAll("details[open][id]"), function (d) { return d.id; });
    }
  });
  document.addEventListener("htmx:afterSwap", function () {
    var live = document.getElementById("live");
    if (!live) return;
    opened.forEach(function (id) { var d = document.getElementById(id); if (d) d.open = true; });
    opened = [];
    var notice = document.getElementById("live-notice");
    if (notice) notice.hidden = true;
  });
  // Forms: say "Sending…" and refuse a second click while the first is on its way.
  document.addEventListener("submit", function (event) {
    var button = event.submitter || event.target.querySelector("button[type=submit]");
    if (event.target.dataset.sent) { event.preventDefault(); return; }
    if (event.target.method === "post") {
      event.target.dataset.sent = "1";
      if (button) { button.setAttribute("aria-busy", "true"); }
      var loading = document.getElementById("loading");
      if (loading) loading.hidden = false;
    }
  });
})();
