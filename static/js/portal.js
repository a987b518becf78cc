// Small enhancements shared by every page. Every page works without them.
(function () {
  "use strict";
  // Buttons marked data-print open the browser's print dialog (summary pages print on A4).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // A <details> that CSS shows in full on wide screens (the header menu, the initiative list's filters);
  // where the browser cannot style its content, keep it open from data-open-from pixels on (and open
  // wherever the page sent it open).
  if (!(window.CSS && CSS.supports("selector(::details-content)"))) {
    document.querySelectorAll("details[data-open-from]").forEach(function (fold) {
      var wide = window.matchMedia("(min-width: " + fold.dataset.openFrom + "px)");
      var sentOpen = fold.open;
      var follow = function () { fold.open = sentOpen || wide.matches; };
      follow();
      wide.addEventListener("change", follow);
    });
  }

  // A refused form: focus goes to its error summary (autofocus does it too, where the browser honours
  // it on a non-field); a link in the summary focuses its field and shows the field's label.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    if (document.activeElement !== summary) summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) return;
      event.preventDefault();
      var label = document.querySelector("label[for='" + CSS.escape(field.id) + "']") || field.closest("fieldset");
      (label || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }
})();
