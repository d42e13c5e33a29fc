/* Inline editing of framework items (htmx): the keyboard focus, unsaved changes in other open
   editors, and a failed request. The texts come from the tree's data attributes (translated). */
(function () {
  "use strict";

  function tree() { return document.getElementById("fw-tree"); }

  function changed(form) {
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
      if (field.tagName === "SELECT") {
        return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      if (field.type === "hidden" || field.type === "submit" || !("defaultValue" in field)) { return false; }
      return field.value !== field.defaultValue;
    });
  }

  // Adding an item redraws the whole tree: ask before dropping changes typed in another open editor.
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-fw-redraws")) { return; }
    var others = Array.prototype.filter.call(document.querySelectorAll("form.fw-inline-form"), function (f) {
      return f !== form && changed(f);
    });
    if (others.length && !window.confirm(tree().dataset.discardText)) { event.preventDefault(); }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var root = tree();
    if (!root) { return; }
    // Cancel puts the item (or the "add" links) back: the focus goes to its first link.
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    var restored = source && source.getAttribute && source.getAttribute("data-fw-restores");
    if (restored) {
      var element = document.getElementById(restored);
      var first = element && element.querySelector("a[href], button");
      if (first) { first.focus(); }
    }
    // htmx has focused the [autofocus] element of the new content; drop the attribute so that two
    // open editors never both carry it.
    Array.prototype.forEach.call(root.querySelectorAll("[autofocus]"), function (el) { el.removeAttribute("autofocus"); });
  });

  // A refused or failed request (signed out, right withdrawn, server error): say so in the editor.
  function failed(event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form.fw-inline-form");
    var root = tree();
    if (!form || !root) { return; }
    var line = form.querySelector(".fw-request-error");
    line.textContent = root.dataset.errorText;
    line.hidden = false;
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
})();
