// Documents: drag-and-drop upload with a progress bar (XMLHttpRequest upload progress). No inline script.
// Without JavaScript the form posts normally; with it, the page shows progress and follows the server's redirect.
(function () {
  "use strict";

  function formatSize(bytes) {
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function setup(form) {
    var zone = form.querySelector("[data-drop-zone]");
    var input = form.querySelector("input[type=file]");
    var nameLine = form.querySelector("[data-file-name]");
    var wrap = form.querySelector("[data-progress-wrap]");
    var bar = form.querySelector("[data-progress]");
    var text = form.querySelector("[data-progress-text]");
    var errorBox = form.querySelector("[data-upload-error]");
    var button = form.querySelector("[data-upload-submit]");

    function showName() {
      var file = input.files && input.files[0];
      nameLine.textContent = file ? "Đã chọn: " + file.name + " (" + formatSize(file.size) + ")" : "";
    }
    function showError(message) {
      errorBox.textContent = message;
      errorBox.classList.remove("d-none");
      wrap.classList.add("d-none");
      button.disabled = false;
    }

    input.addEventListener("change", showName);
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("is-dragover"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.remove("is-dragover"); });
    });
    zone.addEventListener("drop", function (event) {
      if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; showName(); }
    });
    zone.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); input.click(); }
    });

    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) { return; }
      event.preventDefault();
      if (!input.files || !input.files.length) { showError("Chưa chọn tệp để tải lên."); return; }
      errorBox.classList.add("d-none");
      wrap.classList.remove("d-none");
      button.disabled = true;
      bar.value = 0;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") || window.location.href);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        bar.value = Math.round(e.loaded / e.total * 100);
        text.textContent = formatSize(e.loaded) + " / " + formatSize(e.total);
        if (e.loaded >= e.total) { text.textContent = "Đã gửi xong; đang đọc nội dung văn bản…"; }
      });
      xhr.addEventListener("load", function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (ignore) { data = null; }
        if (xhr.status < 300 && data && data.redirect) { window.location.assign(data.redirect); return; }
        showError(data && data.error ? data.error.message :
          (xhr.status === 413 ? "Tệp vượt quá dung lượng cho phép." : "Không tải lên được (mã lỗi " + xhr.status + ")."));
      });
      xhr.addEventListener("error", function () { showError("Mất kết nối tới máy chủ. Vui lòng thử lại."); });
      xhr.send(new FormData(form));
    });
  }

  document.querySelectorAll("form[data-upload-form]").forEach(setup);
})();
