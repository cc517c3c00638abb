// Autocomplete of titles and numbers for the search box in the top bar (no inline script; CSP-safe).
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete]");
  if (!input) { return; }
  var list = document.createElement("datalist");
  list.id = input.getAttribute("list") || "goi-y-tim-kiem";
  document.body.appendChild(list);
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var value = input.value.trim();
    if (value.length < 2) { return; }
    timer = setTimeout(function () {
      fetch(input.getAttribute("data-autocomplete") + "?q=" + encodeURIComponent(value), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          list.textContent = "";
          items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.number ? item.number : item.title;
            option.label = item.title;
            list.appendChild(option);
          });
        }).catch(function () {});
    }, 200);
  });
})();
