// "Copy as plain text" for the job-description page. Without this script (or
// without clipboard access) the page is complete: the .txt download does the job.
(function () {
  "use strict";
  var holder = document.querySelector("[data-copy-url]");
  if (!holder || !navigator.clipboard || !window.fetch) {
    return;
  }

  var button = document.createElement("button");
  button.type = "button";
  button.className = "button copy-button";
  button.textContent = "Copy as plain text";
  // The live region exists before anything is said in it, so screen readers announce the result.
  var status = document.createElement("span");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  holder.append(" ", button, " ", status);

  function fetchText() {
    return fetch(holder.dataset.copyUrl, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.text();
    });
  }

  function copy(textPromise) {
    // Safari only lets a click write to the clipboard if the write starts at once,
    // so hand it a ClipboardItem that waits for the download; elsewhere fall back
    // to writeText once the text has arrived.
    if (window.ClipboardItem && navigator.clipboard.write) {
      var blob = textPromise.then(function (text) {
        return new Blob([text], { type: "text/plain" });
      });
      return navigator.clipboard
        .write([new window.ClipboardItem({ "text/plain": blob })])
        .catch(function () {
          return textPromise.then(function (text) {
            return navigator.clipboard.writeText(text);
          });
        });
    }
    return textPromise.then(function (text) {
      return navigator.clipboard.writeText(text);
    });
  }

  function announce(message, failed) {
    status.textContent = message;
    status.classList.toggle("failed", failed);
  }

  // A busy flag rather than disabling the button: a disabled button loses keyboard focus.
  var busy = false;
  button.addEventListener("click", function () {
    if (busy) {
      return;
    }
    busy = true;
    announce("", false);
    copy(fetchText())
      .then(function () {
        announce("Copied. The job description is on your clipboard as plain text.", false);
      })
      .catch(function () {
        announce("Could not copy. Download the plain-text file instead.", true);
      })
      .then(function () {
        busy = false;
      });
  });
})();
