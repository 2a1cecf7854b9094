/* Casework web UI: draws the charts (Chart.js) from the JSON next to each canvas, also
   after HTMX swaps a fragment in, and puts the focus on a refused field; opens the form
   a link's #form-… names; keeps what was typed in this browser when the session ends,
   and warns before it does. Everything works without this file: each chart has a table
   with the same figures, each refused field is marked and described in the page itself,
   and each form can be opened by hand. */
(function () {
  "use strict";
  var charts = new WeakMap();

  // Lists refresh themselves (hx-trigger="every 10s" data-refresh="when-idle") only
  // while the page is shown and the keyboard focus is not inside them: a refresh never
  // pulls a button away from under the user. (Checked here rather than in an hx-trigger
  // filter: htmx evaluates filters as code, which the Content-Security-Policy forbids.)
  window.caseworkIdle = function (region) {
    return document.visibilityState === "visible" &&
      !(region && region.contains(document.activeElement));
  };
  document.addEventListener("htmx:beforeRequest", function (event) {
    var region = event.detail && event.detail.elt;
    if (region && region.getAttribute("data-refresh") === "when-idle" &&
        !window.caseworkIdle(region)) {
      event.preventDefault();
    }
  });
  // A refresh nobody asked for does not keep the session going (adapters/http/ui/
  // session.py): a tab left open ends its session like any other, and the warning
  // before the end can come.
  document.addEventListener("htmx:configRequest", function (event) {
    var region = event.detail && event.detail.elt;
    if (region && region.getAttribute("data-refresh") === "when-idle") {
      event.detail.headers["X-Casework-Refresh"] = "1";
    }
  });

  function draw(root) {
    if (typeof Chart === "undefined") { return; }
    var canvases = (root || document).querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      var canvas = canvases[i];
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) { continue; }
      var config = JSON.parse(source.textContent);
      config.options = config.options || {};
      config.options.animation = false;
      config.options.maintainAspectRatio = false;
      // A chart whose bars lead somewhere (config.links[dataset][bar]): a click on a bar
      // opens the cases it counts; the table under the chart holds the same links.
      if (config.links) {
        config.options.onClick = (function (links) {
          return function (event, elements) {
            if (!elements.length) { return; }
            var target = (links[elements[0].datasetIndex] || [])[elements[0].index];
            if (target) { window.location.href = target; }
          };
        })(config.links);
        config.options.onHover = function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        };
      }
      var old = charts.get(canvas);
      if (old) { old.destroy(); }
      charts.set(canvas, new Chart(canvas, config));
    }
  }

  // After a refusal, the keyboard focus goes to the field the refusal names (its
  // message is next to it and read with it, through aria-describedby).
  function focusRefusedField() {
    var field = document.querySelector('main [aria-invalid="true"]');
    if (!field) { return; }
    var details = field.closest("details");
    if (details) { details.open = true; }
    field.focus();
  }

  // A link to a collapsed form (/cases/…#form-assess) opens it: on load and when the
  // address's #… changes on the page.
  function openFromHash() {
    var id;
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
    var target = id ? document.getElementById(id) : null;
    if (!target || target.tagName !== "DETAILS") { return; }
    target.open = true;
    target.scrollIntoView();
    var summary = target.querySelector("summary");
    if (summary) { summary.focus(); }
  }

  // Triage at intake: its fields are required once "assess now" is ticked (the form
  // marks them so in words; the browser then asks for them before sending).
  function followTriage() {
    var box = document.querySelector("input[data-requires]");
    if (!box) { return; }
    var ids = box.getAttribute("data-requires").split(" ");
    function update() {
      for (var i = 0; i < ids.length; i++) {
        var field = document.getElementById(ids[i]);
        if (field) { field.required = box.checked; }
      }
    }
    box.addEventListener("change", update);
    update();
  }

  // ---- Drafts: what was typed in a form, kept in this browser only ----------------
  // A form marked data-draft keeps what was typed in sessionStorage (this tab, never the
  // server), under the page and the form's address. When the session has ended, the form
  // sent leads to the log-in page, and after the log-in back here: the input comes back.
  // A form done (the next page names it in data-sent) forgets its draft; logging out
  // forgets them all. Passwords, the CSRF token and the request key are never kept.
  var DRAFT = "casework.draft ";
  var RESTORE = "casework.restore";  // the page to restore drafts on, after a log-in
  var DRAFT_AGE_MS = 24 * 3600 * 1000;
  var WARN_BEFORE_S = 5 * 60;
  var initial = new WeakMap();

  function store() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }
  function draftKey(form) {
    return DRAFT + window.location.pathname + " " + form.getAttribute("action");
  }
  function kept(el) {
    if (!el.name || el.disabled || el.type === "password" || el.type === "submit" ||
        el.type === "button" || el.name === "_csrf_token" || el.name === "request_key") {
      return false;
    }
    return el.type !== "hidden" || el.name === "version";
  }
  function fieldsOf(form) {
    var fields = {};
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!kept(el)) { continue; }
      var values = fields[el.name] || (fields[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { values.push(el.value); }
      } else if (el.type === "select-multiple") {
        for (var j = 0; j < el.options.length; j++) {
          if (el.options[j].selected) { values.push(el.options[j].value); }
        }
      } else {
        values.push(el.value);
      }
    }
    return fields;
  }
  function putBack(form, fields) {
    var seen = {};
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!kept(el) || !Object.prototype.hasOwnProperty.call(fields, el.name)) { continue; }
      var values = fields[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) >= 0;
      } else if (el.type === "select-multiple") {
        for (var j = 0; j < el.options.length; j++) {
          el.options[j].selected = values.indexOf(el.options[j].value) >= 0;
        }
      } else {
        var n = seen[el.name] || 0;
        if (n < values.length) { el.value = values[n]; }
        seen[el.name] = n + 1;
      }
    }
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function user() { return document.body.getAttribute("data-user") || ""; }
  function readDraft(s, key) {
    try { return JSON.parse(s.getItem(key) || "null"); } catch (e) { return null; }
  }
  function save(form, sent) {
    var s = store();
    if (!s) { return; }
    var fields = fieldsOf(form);
    if (!sent && same(fields, initial.get(form))) {  // nothing typed (or all undone)
      s.removeItem(draftKey(form));
      return;
    }
    try {
      s.setItem(draftKey(form), JSON.stringify({
        user: user(), at: Date.now(), sent: !!sent,
        action: form.getAttribute("action"), fields: fields }));
    } catch (e) { /* storage full or refused: the form still works */ }
  }
  function unsaved() {
    var forms = document.querySelectorAll("form[data-draft]");
    for (var i = 0; i < forms.length; i++) {
      if (!same(fieldsOf(forms[i]), initial.get(forms[i]))) { return true; }
    }
    return false;
  }

  // Drafts of forms done, of another user or too old are forgotten.
  function forgetDone(s) {
    var sent = (document.body.getAttribute("data-sent") || "").split(" ");
    var now = Date.now();
    for (var i = s.length - 1; i >= 0; i--) {
      var key = s.key(i);
      if (!key || key.indexOf(DRAFT) !== 0) { continue; }
      var draft = readDraft(s, key);
      if (!draft || sent.indexOf(draft.action) >= 0 || now - draft.at > DRAFT_AGE_MS ||
          (user() && draft.user && draft.user !== user())) {
        s.removeItem(key);
      }
    }
  }
  function forgetAll(s) {
    for (var i = s.length - 1; i >= 0; i--) {
      var key = s.key(i);
      if (key && (key.indexOf(DRAFT) === 0 || key === RESTORE)) { s.removeItem(key); }
    }
  }

  function setUpDrafts() {
    var s = store();
    var forms = document.querySelectorAll("form[data-draft]");
    for (var i = 0; i < forms.length; i++) { initial.set(forms[i], fieldsOf(forms[i])); }
    if (!s) { return; }
    var ended = document.querySelector("[data-session-ended]");
    if (ended) {  // the log-in page after a form sent too late: restore on the way back
      s.setItem(RESTORE, (ended.getAttribute("data-next") || "/").split("?")[0]);
    }
    var logout = document.querySelector("form[action='/logout']");
    if (logout) { logout.addEventListener("submit", function () { forgetAll(s); }); }
    if (!user()) { return; }
    forgetDone(s);
    var returning = s.getItem(RESTORE) === window.location.pathname;
    s.removeItem(RESTORE);
    var restored = [];
    for (var k = 0; k < forms.length; k++) {
      var form = forms[k];
      var draft = readDraft(s, draftKey(form));
      if (draft && draft.fields && (draft.sent || returning)) {
        var before = fieldsOf(form);
        putBack(form, draft.fields);
        if (!same(before, fieldsOf(form))) { restored.push(form); }
      }
      form.addEventListener("input", function (event) { save(event.currentTarget, false); });
      form.addEventListener("change", function (event) { save(event.currentTarget, false); });
      form.addEventListener("submit", function (event) { save(event.currentTarget, true); });
    }
    if (restored.length) { showRestored(restored, s); }
  }

  function showRestored(forms, s) {
    var note = document.getElementById("draft-restored");
    for (var i = 0; i < forms.length; i++) {
      var details = forms[i].closest("details");
      if (details) { details.open = true; }
    }
    if (!note) { return; }
    forms[0].parentNode.insertBefore(note, forms[0]);  // beside what it speaks of
    note.hidden = false;
    var discard = note.querySelector("[data-draft-discard]");
    if (discard) {
      discard.addEventListener("click", function () {
        for (var j = 0; j < forms.length; j++) {
          s.removeItem(draftKey(forms[j]));
          forms[j].reset();
        }
        note.hidden = true;
      });
    }
    var first = forms[0].querySelector("textarea, input:not([type=hidden]), select");
    if (first) { first.focus(); }
  }

  // ---- The session's end: a warning a few minutes before, on a page with input not
  // yet sent, with a button that keeps the session going. Any request to the server
  // renews the session; an HTMX refresh counts too.
  var warnTimer = null;
  function schedule(seconds) {
    var warning = document.getElementById("session-warning");
    if (!warning || !(seconds > 0)) { return; }
    window.clearTimeout(warnTimer);
    var lead = Math.min(WARN_BEFORE_S, seconds / 2);
    warnTimer = window.setTimeout(function () {
      if (unsaved()) { warning.hidden = false; }
    }, (seconds - lead) * 1000);
  }
  function lifetime() {
    return parseInt(document.body.getAttribute("data-session-seconds") || "0", 10);
  }
  function setUpWarning() {
    var warning = document.getElementById("session-warning");
    if (!warning) { return; }
    schedule(lifetime());
    document.addEventListener("htmx:afterRequest", function () { schedule(lifetime()); });
    var button = warning.querySelector("[data-session-extend]");
    if (!button) { return; }
    button.addEventListener("click", function () {
      window.fetch("/session/alive", { credentials: "same-origin", cache: "no-store" })
        .then(function (answer) {
          if (answer.status === 401) {  // ended already: log in again, the input is kept
            window.location.assign("/login?next=" +
              encodeURIComponent(window.location.pathname) + "&ended=1");
            return null;
          }
          return answer.json();
        })
        .then(function (body) {
          if (!body) { return; }
          warning.hidden = true;
          schedule(body.seconds);
        })
        .catch(function () { /* offline: the warning stays */ });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
    setUpDrafts();
    followTriage();
    focusRefusedField();
    openFromHash();
    setUpWarning();
  });
  window.addEventListener("hashchange", openFromHash);
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
