// A small calendar for date fields that reads and writes dd/mm/yyyy, whatever the browser's locale.
// Served from portal/static (content policy: script-src 'self', no inline script). Typing stays allowed:
// the calendar only opens from the button beside the field, and it starts at the date already typed.
(function () {
  "use strict";
  var WEEKDAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
  var open = null;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(d) { return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear(); }
  function parse(text) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text || "");
    if (!m) { return null; }
    var d = new Date(+m[3], +m[2] - 1, +m[1]);
    return d.getMonth() === +m[2] - 1 ? d : null;
  }

  function close() {
    if (open) { open.panel.remove(); open.button.setAttribute("aria-expanded", "false"); open = null; }
  }

  function render(state) {
    var panel = state.panel, month = state.month;
    panel.textContent = "";
    var head = document.createElement("div");
    head.className = "dp-head";
    var prev = button("‹", "Tháng trước", function () { state.month = new Date(month.getFullYear(), month.getMonth() - 1, 1); render(state); });
    var next = button("›", "Tháng sau", function () { state.month = new Date(month.getFullYear(), month.getMonth() + 1, 1); render(state); });
    var title = document.createElement("span");
    title.className = "dp-title";
    title.setAttribute("aria-live", "polite");
    title.textContent = "Tháng " + (month.getMonth() + 1) + "/" + month.getFullYear();
    head.appendChild(prev); head.appendChild(title); head.appendChild(next);
    panel.appendChild(head);
    var grid = document.createElement("div");
    grid.className = "dp-grid";
    grid.setAttribute("role", "grid");
    WEEKDAYS.forEach(function (w) { var c = document.createElement("span"); c.className = "dp-wd"; c.textContent = w; grid.appendChild(c); });
    var first = (month.getDay() + 6) % 7;  // Monday first
    for (var i = 0; i < first; i++) { grid.appendChild(document.createElement("span")); }
    var days = new Date(month.getFullYear(), month.getMonth() + 1, 0).getDate();
    var chosen = parse(state.input.value);
    for (var day = 1; day <= days; day++) {
      (function (d) {
        var date = new Date(month.getFullYear(), month.getMonth(), d);
        var b = button(String(d), format(date), function () {
          state.input.value = format(date);
          state.input.dispatchEvent(new Event("change", { bubbles: true }));
          close();
          state.input.focus();
        });
        b.className = "dp-day" + (chosen && +chosen === +date ? " dp-chosen" : "");
        b.setAttribute("data-date", format(date));
        grid.appendChild(b);
      })(day);
    }
    panel.appendChild(grid);
  }

  function button(text, label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", function (event) { event.preventDefault(); event.stopPropagation(); onClick(); });
    return b;
  }

  function icon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 0h1v2h6V0h1v2h2a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1h2V0zM2 6v9h12V6H2zm2 2h2v2H4V8zm3 0h2v2H7V8zm3 0h2v2h-2V8zm-6 3h2v2H4v-2zm3 0h2v2H7v-2z");
    svg.appendChild(path);
    return svg;
  }

  function attach(input) {
    if (input.getAttribute("data-datepicker-ready")) { return; }
    input.setAttribute("data-datepicker-ready", "1");
    var wrap = document.createElement("span");
    wrap.className = "dp-wrap";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var toggle = button("", "Chọn ngày trên lịch", function () {
      if (open && open.input === input) { close(); return; }
      close();
      var panel = document.createElement("div");
      panel.className = "dp-panel";
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-label", "Lịch chọn ngày");
      var start = parse(input.value) || new Date();
      open = { input: input, button: toggle, panel: panel, month: new Date(start.getFullYear(), start.getMonth(), 1) };
      render(open);
      wrap.appendChild(panel);
      toggle.setAttribute("aria-expanded", "true");
    });
    toggle.className = "dp-toggle";
    toggle.appendChild(icon());
    toggle.setAttribute("aria-expanded", "false");
    wrap.appendChild(toggle);
  }

  document.addEventListener("click", function (event) { if (open && !open.panel.contains(event.target)) { close(); } });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
  document.querySelectorAll("input[data-datepicker]").forEach(attach);
})();
