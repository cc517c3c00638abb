// Live preview of a material's Markdown: the server renders and sanitises (nh3); we only insert its answer.
(function () {
  "use strict";
  var form = document.getElementById("form-tai-lieu");
  var source = document.getElementById("body_md");
  var target = document.getElementById("xem-truoc");
  var errorBox = document.getElementById("loi-xem-truoc");
  if (!form || !source || !target) { return; }
  var url = form.getAttribute("data-preview-url");
  var tokenInput = document.getElementById("csrf-token");
  var timer = null;
  var sequence = 0;

  function showError(message) {
    errorBox.textContent = message || "";
    errorBox.classList.toggle("d-none", !message);
  }

  function render() {
    var mine = ++sequence;
    var body = new URLSearchParams();
    body.append("body_md", source.value);
    body.append("csrf_token", tokenInput ? tokenInput.value : "");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": tokenInput ? tokenInput.value : "", "Accept": "application/json"},
      body: body
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (result) {
      if (mine !== sequence) { return; }  // a newer request is on its way
      if (!result.ok) {
        showError((result.data.error && result.data.error.message) || "Không xem trước được.");
        return;
      }
      // The HTML comes from the server's sanitiser (nh3), never from the textarea directly.
      target.innerHTML = result.data.html || "";
      showError(result.data.error);
    }).catch(function () {
      if (mine === sequence) { showError("Mất kết nối tới máy chủ; chưa xem trước được."); }
    });
  }

  source.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(render, 400);
  });
  if (source.value.trim()) { render(); }
})();
