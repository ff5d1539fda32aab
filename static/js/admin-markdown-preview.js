/*
 * Markdown previews on demand: a box is previewed once its editor types in it
 * or presses its "Preview" button, never when the page opens.
 *
 * django-markdownx starts every markdown box it finds when the document is
 * ready, and each start asks the server for a preview: 121 requests for one
 * role. This script is deferred, so it runs after the page is parsed and
 * before that start; it marks each box as started (markdownx's own
 * data-markdownx-init attribute), so markdownx leaves them all alone, and
 * previews a box here when it is asked to. The preview comes from the same
 * guarded endpoint (roles/editor_urls.py), rendered as a save would render it.
 * Without JavaScript the boxes are plain text areas.
 */
(function () {
  "use strict";

  var EDITOR = "textarea.markdownx-editor";
  var TYPING_PAUSE_MS = 600; // markdownx's own wait is 500 ms; the rate limit is per minute
  var pending = new WeakMap(); // textarea -> timer of the preview waiting for a pause
  var latest = new WeakMap(); // textarea -> number of its newest request

  function setUp(box) {
    var editor = box.querySelector(EDITOR);
    var pane = box.querySelector(".markdownx-preview");
    if (!editor || !pane || box.querySelector(".markdown-preview-button")) {
      return;
    }
    editor.setAttribute("data-markdownx-init", "");
    pane.setAttribute("aria-live", "polite");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button markdown-preview-button";
    button.textContent = "Preview";
    // A page has dozens of these buttons: a screen reader's list of them names each box.
    var label = editor.id && document.querySelector('label[for="' + editor.id + '"]');
    if (label) {
      button.setAttribute("aria-label", "Preview " + label.textContent.replace(/:\s*$/, "").trim());
    }
    editor.after(button);
  }

  function csrfToken(editor) {
    var field = editor.form && editor.form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function preview(editor) {
    var pane = editor.closest(".markdownx").querySelector(".markdownx-preview");
    var number = (latest.get(editor) || 0) + 1;
    latest.set(editor, number);
    var body = new FormData();
    body.append("content", editor.value);
    body.append("csrfmiddlewaretoken", csrfToken(editor));
    fetch(editor.getAttribute("data-markdownx-urls-path"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
    })
      // A refusal (too long, too many previews) comes as HTML that says why: show it too.
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        if (latest.get(editor) === number) {
          pane.innerHTML = html; // rendered and cleaned by the server (roles/markdown.py)
        }
      })
      .catch(function () {
        if (latest.get(editor) === number) {
          pane.textContent = "No preview: the server could not be reached. Your text is still here.";
        }
      });
  }

  document.querySelectorAll(".markdownx").forEach(setUp);

  document.addEventListener("input", function (event) {
    var editor = event.target;
    if (!editor.matches || !editor.matches(EDITOR)) {
      return;
    }
    clearTimeout(pending.get(editor));
    pending.set(
      editor,
      setTimeout(function () {
        preview(editor);
      }, TYPING_PAUSE_MS),
    );
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".markdown-preview-button");
    if (button) {
      var editor = button.closest(".markdownx").querySelector(EDITOR);
      clearTimeout(pending.get(editor));
      preview(editor);
    }
  });
})();
