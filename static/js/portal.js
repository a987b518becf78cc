// Small enhancements shared by every page. Every page works without them.
(function () {
  "use strict";
  // Buttons marked data-print open the browser's print dialog (summary pages print on A4).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // The header menu is a <details> that CSS shows in full on wide screens; where the browser cannot
  // style its content, keep it open from 992 px on.
  var menu = document.querySelector("[data-site-menu]");
  if (menu && !(window.CSS && CSS.supports("selector(::details-content)"))) {
    var wide = window.matchMedia("(min-width: 992px)");
    var follow = function () { menu.open = wide.matches; };
    follow();
    wide.addEventListener("change", follow);
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
