// Reports area: confirm before replacing an edited draft; filter the long task list of the submit form.
(function () {
  "use strict";
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("[data-filter-target]").forEach(function (input) {
    var box = document.querySelector(input.getAttribute("data-filter-target"));
    if (!box) { return; }
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      box.querySelectorAll("[data-filter-text]").forEach(function (row) {
        var hit = !needle || row.getAttribute("data-filter-text").toLowerCase().indexOf(needle) !== -1;
        row.classList.toggle("d-none", !hit);
      });
    });
  });
})();
