// Plan pages: open or close every <details> of the plan tree (the tree works without this script).
(function () {
  document.querySelectorAll("[data-plan-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-plan-toggle") === "open";
      document.querySelectorAll(".plan-tree details").forEach(function (d) { d.open = open; });
    });
  });
})();
