// "Copy" for the job-description page: rich text (the description's HTML, for
// job boards' editors) with the plain text as the fallback for plain fields.
// Without this script (or clipboard access) the page is complete: the
// downloads do the job.
(function () {
  "use strict";
  var holder = document.querySelector("[data-copy-url]");
  if (!holder || !navigator.clipboard || !window.fetch) {
    return;
  }

  var button = document.createElement("button");
  button.type = "button";
  button.className = "button copy-button";
  button.textContent = "Copy";
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

  var target = document.getElementById(holder.dataset.copyTarget || "");

  function richHtml() {
    // The description without the page's note marks' links: they point back into this page.
    var copyOf = target.cloneNode(true);
    copyOf.querySelectorAll("sup a").forEach(function (link) {
      link.replaceWith(document.createTextNode(link.textContent));
    });
    return copyOf.innerHTML;
  }

  function copy(textPromise) {
    // Safari only lets a click write to the clipboard if the write starts at once,
    // so hand it a ClipboardItem that waits for the download; elsewhere fall back
    // to writeText once the text has arrived.
    if (window.ClipboardItem && navigator.clipboard.write) {
      var blob = textPromise.then(function (text) {
        return new Blob([text], { type: "text/plain" });
      });
      var kinds = { "text/plain": blob };
      if (target) {
        kinds["text/html"] = new Blob([richHtml()], { type: "text/html" });
      }
      return navigator.clipboard
        .write([new window.ClipboardItem(kinds)])
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
        announce("Copied. Paste it into a job board, an e-mail or a document.", false);
      })
      .catch(function () {
        announce("Could not copy. Download a file instead.", true);
      })
      .then(function () {
        busy = false;
      });
  });
})();
