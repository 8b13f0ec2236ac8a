// The pages' behaviour, no build step: times in the reader's zone, live countdowns, live updates over an event
// stream (polling only while the stream is down), drafts of long fields kept in local storage, the scroll position
// kept across in-place updates, anchors that open the section they point into, and the phone's menu.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // --- times ----------------------------------------------------------------------------------------------------
  function two(n) { return (n < 10 ? "0" : "") + n; }
  var zoneName = (function () {
    try {
      return function (date) {
        var part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(date)
          .filter(function (p) { return p.type === "timeZoneName"; })[0];
        return part ? part.value : "";
      };
    } catch (e) { return function () { return ""; }; }
  })();
  function local(date) {
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) + " " +
      two(date.getHours()) + ":" + two(date.getMinutes()) + " " + zoneName(date);
  }
  function utc(date) {
    return date.getUTCFullYear() + "-" + two(date.getUTCMonth() + 1) + "-" + two(date.getUTCDate()) + " " +
      two(date.getUTCHours()) + ":" + two(date.getUTCMinutes()) + " UTC";
  }
  // One format everywhere: the reader's zone on the page, UTC on hover.
  function localTimes(root) {
    (root || document).querySelectorAll("time[datetime]:not(.countdown):not(.since):not([data-local])").forEach(function (el) {
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date)) return;
      el.textContent = local(date);
      el.title = utc(date);
      el.dataset.local = "1";
    });
  }

  function human(ms, seconds) {
    var s = Math.floor(Math.abs(ms) / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
        m = Math.floor(s % 3600 / 60), parts = [];
    if (d) parts.push(d + "d");
    if (d || h) parts.push(h + "h");
    parts.push(m + "m");
    if (!d && seconds) parts.push(s % 60 + "s");
    return parts.slice(0, 3).join(" ");
  }
  // The server's clock, not the browser's: each countdown carries the time it was drawn at.
  function serverNow(el) {
    if (!el.dataset.drawn) el.dataset.drawn = String(Date.now());
    return Date.parse(el.dataset.now) + (Date.now() - Number(el.dataset.drawn));
  }
  function tick() {
    document.querySelectorAll("time.countdown").forEach(function (el) {
      var due = Date.parse(el.getAttribute("datetime")), left = due - serverNow(el);
      el.textContent = left >= 0 ? "due in " + human(left, true) : "overdue by " + human(left, true);
      el.title = utc(new Date(due)) + " (" + local(new Date(due)) + ")";
      el.classList.toggle("overdue", left < 0);
      var box = el.closest(".command-deadline, tr");
      if (box) box.classList.toggle("overdue", left < 0);
    });
    document.querySelectorAll("time.since").forEach(function (el) {
      var at = Date.parse(el.getAttribute("datetime"));
      el.textContent = human(serverNow(el) - at, false) + " ago";
      el.title = utc(new Date(at));
    });
  }
  setInterval(tick, 1000);

  // --- drafts of long fields: kept in local storage until their form is submitted -------------------------------
  var DRAFT = "aicident:draft:";
  function draftFields(root) {
    return Array.prototype.filter.call((root || document).querySelectorAll("textarea[id], input[data-draft][id]"),
      function (el) { return !el.hasAttribute("data-no-draft"); });
  }
  function draftKey(el) { return DRAFT + location.pathname + ":" + el.id; }
  function store(key, value) { try { if (value) localStorage.setItem(key, value); else localStorage.removeItem(key); } catch (e) { /* full or off */ } }
  function restoreDrafts(root) {
    draftFields(root).forEach(function (el) {
      var kept = null;
      try { kept = localStorage.getItem(draftKey(el)); } catch (e) { return; }
      if (kept && !el.value) {
        el.value = kept;
        var details = el.closest("details");
        if (details) details.open = true;
      }
    });
  }
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (el.id && (el.tagName === "TEXTAREA" || el.hasAttribute("data-draft")) && !el.hasAttribute("data-no-draft")) {
      store(draftKey(el), el.value);
    }
  });
  function forgetDrafts(form) { draftFields(form).forEach(function (el) { store(draftKey(el), ""); }); }

  // --- forms ----------------------------------------------------------------------------------------------------
  function inLive(el) { return !!(el && el.closest && el.closest("#live")); }
  // A local date and time goes with its zone's offset (before htmx reads the form: capture phase).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    form.querySelectorAll("input[name=tz_offset]").forEach(function (offset) {
      var at = form.querySelector("input[type=datetime-local]");
      var when = at && at.value ? new Date(at.value) : new Date();
      offset.value = String(-when.getTimezoneOffset());
    });
  }, true);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (inLive(form) && window.htmx) return;  // htmx sends it in place, one request at a time
    if (form.dataset.sent) { event.preventDefault(); return; }
    if (form.method === "post") {
      form.dataset.sent = "1";
      forgetDrafts(form);
      var button = event.submitter || form.querySelector("button[type=submit]");
      if (button) button.setAttribute("aria-busy", "true");
      var loading = document.getElementById("loading");
      if (loading) loading.hidden = false;
    }
  });

  // Where the form that was used sat on the screen, so that the page does not jump when it is redrawn.
  var kept = null;
  // Requests that will redraw the incident (a form's, or a live redraw): while one is on its way, news from the
  // event stream waits; afterwards the page catches up only if the incident moved past what it shows.
  var busy = 0, streamVersion = 0;
  function redraws(event) { return inLive(event.detail.elt) || (event.detail.target && event.detail.target.id === "live"); }
  document.addEventListener("htmx:beforeRequest", function (event) { if (redraws(event)) busy++; });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (redraws(event)) { busy = Math.max(0, busy - 1); setTimeout(catchUp, 0); }
  });
  function catchUp() {
    var live = document.getElementById("live");
    if (!busy && live && streamVersion > Number(live.dataset.version)) refreshIncident();
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!inLive(elt) || elt.id === "live") return;
    var section = elt.closest(".said-slot, .panel, .in-force, section[id], #live");
    kept = section ? { id: section.id, top: section.getBoundingClientRect().top, form: elt.tagName === "FORM" ? elt : null } : null;
    var button = elt.querySelector && elt.querySelector("button[type=submit]");
    if (button) button.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.querySelectorAll) {
      elt.querySelectorAll("[aria-busy]").forEach(function (b) { b.removeAttribute("aria-busy"); });
    }
  });
  // A form sent in place forgets its drafts once it was done (before the redraw, which restores drafts).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.tagName === "FORM" && form.method === "post") event.detail.xhr.aicidentDrafts = draftFields(form).map(draftKey);
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var keys = event.detail.xhr.aicidentDrafts;
    if (keys && event.detail.xhr.status < 400) keys.forEach(function (key) { store(key, ""); });
  });

  // --- live updates -------------------------------------------------------------------------------------------
  function typing(container) {
    var a = document.activeElement;
    if (a && container.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) && a.type !== "hidden" &&
        a.type !== "submit") return true;
    var drafted = draftFields(container);
    return Array.prototype.some.call(container.querySelectorAll("textarea, input:not([type=hidden])"), function (el) {
      return el.type !== "checkbox" && el.value !== el.defaultValue && drafted.indexOf(el) < 0;
    });
  }
  function liveRequest(event) {
    var path = event.detail.pathInfo && event.detail.pathInfo.requestPath || "";
    return /\/live(\?|$)/.test(path) || /\/incidents\/rows/.test(path);
  }
  var opened = [];
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    if (liveRequest(event)) {
      if (event.detail.xhr.status >= 400) { event.detail.shouldSwap = false; return; }  // the next one tries again
      if (target.id === "live" && event.detail.xhr.status === 200 && (typing(target) || target.dataset.confirming)) {
        event.detail.shouldSwap = false;
        var notice = document.getElementById("live-notice");
        if (notice) notice.hidden = false;
        return;
      }
    }
    if (target.id === "live" && event.detail.shouldSwap) {
      // Answers can arrive out of order: never replace a newer state of the incident with an older one.
      var incoming = /data-version="(\d+)"/.exec(event.detail.serverResponse || event.detail.xhr.responseText || "");
      if (incoming && Number(incoming[1]) < Number(target.dataset.version)) { event.detail.shouldSwap = false; return; }
      opened = Array.prototype.map.call(target.querySelectorAll("details[open][id]"), function (d) { return d.id; });
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var live = document.getElementById("live");
    if (live && event.detail.target && event.detail.target.id === "live") {
      opened.forEach(function (id) { var d = document.getElementById(id); if (d) d.open = true; });
      opened = [];
      var notice = document.getElementById("live-notice");
      if (notice) notice.hidden = true;
      // What the last full page load said is stale once the page has changed in place.
      document.querySelectorAll("main > .flash, main > .error").forEach(function (old) { old.remove(); });
      var said = live.querySelector(".said[tabindex], #confirm");
      if (kept) {
        var anchor = said || (kept.id && document.getElementById(kept.id));
        if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - kept.top);
        if (said && said.focus) said.focus({ preventScroll: true });
        kept = null;
      }
    }
  });
  document.addEventListener("htmx:load", function (event) {
    localTimes(event.detail.elt);
    restoreDrafts(event.detail.elt);
    tick();
  });

  function shownEntries() { return document.querySelectorAll("#live .timeline .entry").length; }
  function refreshIncident() {
    var live = document.getElementById("live");
    if (!live || !window.htmx) return;
    var url = live.dataset.live + "version=" + encodeURIComponent(live.dataset.version) + "&shown=" + shownEntries();
    htmx.ajax("GET", url, { target: "#live", swap: "outerHTML" });
  }
  var rowsTimer = null;
  function refreshRows() {
    clearTimeout(rowsTimer);
    rowsTimer = setTimeout(function () {
      var rows = document.getElementById("incident-rows");
      if (rows && window.htmx) htmx.ajax("GET", rows.dataset.rows, { target: "#incident-rows", swap: "outerHTML" });
    }, 250);
  }

  // One open stream per visible page (browsers allow a handful of connections per site, so a hidden tab gives its
  // up and catches up when shown again); while it is down, poll (every 2 s for an incident, 5 s for the list).
  function follow(url, eventName, onChange, pollMs) {
    var poll = null, source = null;
    function startPolling() { if (!poll) poll = setInterval(onChange, pollMs); }
    function stopPolling() { if (poll) { clearInterval(poll); poll = null; } }
    if (!window.EventSource) { startPolling(); return; }
    function open(catchUp) {
      source = new EventSource(url);
      var first = true;
      source.addEventListener("open", function () {
        if (!first || catchUp) onChange();  // back after a drop: look once for what was missed
        first = false;
        stopPolling();
      });
      source.addEventListener(eventName, function (event) { onChange(event.data); });
      source.addEventListener("signed-out", function () { source.close(); location.reload(); });
      source.addEventListener("error", function () {
        if (source.readyState !== EventSource.OPEN) startPolling();
      });
    }
    function close() { if (source) { source.close(); source = null; } stopPolling(); }
    open(false);
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) close();
      else if (!source) open(true);
    });
    window.addEventListener("pagehide", close);
  }

  // --- anchors open what they point into; the phone's menu ------------------------------------------------------
  function reveal(id) {
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.scrollIntoView({ block: "start" });
  }
  function openAround(id) {
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }
  // Before the browser follows the link: open the folded section it points into, so that it can scroll there.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href*='#']");
    if (!link || link.pathname !== location.pathname) return;
    openAround(decodeURIComponent(link.hash.slice(1)));
    if (link.hash === location.hash) reveal(decodeURIComponent(link.hash.slice(1)));
  });
  window.addEventListener("hashchange", function () { reveal(location.hash.slice(1)); });
  // The sticky command header must not cover what an anchor scrolls to.
  function headerRoom() {
    var header = document.querySelector(".command");
    if (header) document.documentElement.style.setProperty("--command-height", header.offsetHeight + 8 + "px");
  }
  window.addEventListener("resize", headerRoom);
  document.addEventListener("htmx:load", headerRoom);

  document.addEventListener("DOMContentLoaded", function () {
    localTimes(document);
    restoreDrafts(document);
    tick();
    headerRoom();
    if (location.hash) reveal(location.hash.slice(1));
    if (window.matchMedia && window.matchMedia("(min-width: 40rem)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
    }
    var toggle = document.querySelector(".menu-toggle"), nav = document.getElementById("main-nav");
    if (toggle && nav) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    var live = document.getElementById("live");
    if (live) {
      follow(live.dataset.events, "version", function (version) {
        if (version === undefined) { if (!busy) refreshIncident(); return; }  // polling, or back after a drop
        streamVersion = Math.max(streamVersion, Number(version));
        catchUp();
      }, 2000);
    }
    var rows = document.getElementById("incident-rows"), mark = null;
    if (rows) {
      follow(rows.dataset.events, "changed", function (now) {
        if (now === undefined || (mark !== null && now !== mark)) refreshRows();
        if (now !== undefined) mark = now;
      }, 5000);
    }
  });
})();
