"use strict";
// Accessibility fixes to markup that Django's admin scripts write after the page loads.
(function () {
  var rowHeading = document.currentScript.dataset.rowHeading;

  function fix() {
    // The inline tables' first column (the row's name) has an empty heading (axe: empty-table-header).
    document.querySelectorAll("table th.original").forEach(function (heading) {
      if (!heading.textContent.trim()) {
        var text = document.createElement("span");
        text.className = "portal-visually-hidden";
        text.textContent = rowHeading;
        heading.appendChild(text);
      }
    });
    // The two-list selector's search icon carries an aria-label, which a plain <span> may not
    // have (axe: aria-prohibited-attr): as an image, its label is read.
    document.querySelectorAll("span.search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  window.addEventListener("load", function () {
    // After SelectFilter2's own "load" listener has built the lists.
    window.setTimeout(fix, 0);
  });
})();
