// Reports area: confirm before replacing an edited draft; filter the long task list of the submit form.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ");
  }
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("[data-filter-target]").forEach(function (input) {
    var box = document.querySelector(input.getAttribute("data-filter-target"));
    if (!box) { return; }
    input.addEventListener("input", function () {
      // The rows carry their text folded on the server (portal.text.fold); the needle is folded the same way,
      // so "so hoa" finds "số hóa".
      var needle = fold(input.value.trim());
      box.querySelectorAll("[data-filter-text]").forEach(function (row) {
        var hit = !needle || row.getAttribute("data-filter-text").indexOf(needle) !== -1;
        row.classList.toggle("d-none", !hit);
      });
    });
  });
})();

// Sortable tables: a button in each header sorts by that column (numbers by their value, text in Vietnamese order).
(function () {
  "use strict";
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var body = table.tBodies[0];
    table.querySelectorAll(".sort-button").forEach(function (button) {
      button.addEventListener("click", function () {
        var col = parseInt(button.getAttribute("data-sort-col"), 10);
        var th = button.closest("th");
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col];
          var xv = x.getAttribute("data-sort-value"), yv = y.getAttribute("data-sort-value");
          var result;
          if (xv !== null && yv !== null) {
            result = (xv === "" ? -Infinity : parseFloat(xv)) - (yv === "" ? -Infinity : parseFloat(yv));
          } else {
            result = x.textContent.trim().localeCompare(y.textContent.trim(), "vi");
          }
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
