// Document page: while its scan is being recognised (OCR) in the background, poll the JSON state and show
// "Đang nhận dạng chữ (OCR): 3/13 trang"; when the text is complete (or OCR stops), reload to show it.
// No inline script (CSP): the poll URL is in the alert's data-extraction-poll attribute.
(function () {
  "use strict";

  var box = document.querySelector("[data-extraction-poll]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-extraction-poll");
  var message = box.querySelector("[data-extraction-message]");
  var progress = box.querySelector("[data-extraction-progress]");
  var lastDone = progress ? Number(progress.value) : 0;
  var delay = 3000;

  function show(state) {
    if (state.message && message) { message.textContent = state.message; }
    if (progress && state.total) {
      progress.max = state.total;
      progress.value = state.done;
      progress.textContent = state.done + "/" + state.total;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { delay = Math.min(delay * 2, 60000); window.setTimeout(poll, delay); return; }
        show(state);
        if (state.status !== "ocr_pending" || state.failed) { window.location.reload(); return; }
        delay = state.done !== lastDone ? 3000 : Math.min(delay + 1000, 10000);
        lastDone = state.done;
        window.setTimeout(poll, delay);
      })
      .catch(function () { delay = Math.min(delay * 2, 60000); window.setTimeout(poll, delay); });
  }

  window.setTimeout(poll, delay);
}());
