/* Casework web UI: draws the charts (Chart.js) from the JSON next to each canvas, also
   after HTMX swaps a fragment in, and puts the focus on a refused field. Everything works
   without this file: each chart has a table with the same figures, and each refused
   field is marked and described in the page itself. */
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

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
    focusRefusedField();
  });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
