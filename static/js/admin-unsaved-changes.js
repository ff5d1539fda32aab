/*
 * Warn before leaving an admin change form whose fields differ from what the page opened with.
 *
 * The form's values are noted as soon as it is parsed (this script is
 * deferred), before a slow page has finished loading and the editor may
 * already be typing, and compared again when the page is about to unload;
 * saving the form is never warned about. Without JavaScript the admin
 * works as usual, only without the warning.
 */
(function () {
  "use strict";

  var form = document.querySelector("#content-main form[method=post][id$=_form]");
  if (!form) {
    return;
  }

  // Bookkeeping fields, not the editor's work: the token, and the formset
  // counts that change when an empty row is added.
  var BOOKKEEPING = /^csrfmiddlewaretoken$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;

  function snapshot() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (!BOOKKEEPING.test(name) && typeof value === "string") {
        pairs.push(name + "=" + value);
      }
    });
    return pairs.join("\n");
  }

  var opened = snapshot();
  var saving = false;

  // Bubbling to the window, so a handler that cancels the submit has run first.
  window.addEventListener("submit", function (event) {
    if (event.target === form && !event.defaultPrevented) {
      saving = true;
    }
  });

  // Coming back with the Back button may show this page from the browser's cache.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      saving = false;
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (saving || snapshot() === opened) {
      return;
    }
    event.preventDefault();
    // Older browsers show the dialog only when returnValue is set.
    event.returnValue = "";
  });
})();
