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

  // "More rows" of a form with rows (core/more_rows.py): where the page gives the empty row in a
  // <template data-empty-row="prefix">, the button adds one here instead of posting the form.
  document.querySelectorAll("template[data-empty-row]").forEach(function (template) {
    var prefix = template.dataset.emptyRow;
    var button = document.querySelector("button[name='more_rows'][value='" + prefix + "']");
    var rows = document.querySelector("[data-rows='" + prefix + "']");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!button || !rows || !total) return;
    var digits = new Intl.NumberFormat(document.documentElement.lang);
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10) || 0;
      rows.insertAdjacentHTML("beforeend", template.innerHTML
        .replace(/__prefix__/g, String(index)).replace(/__number__/g, digits.format(index + 1)));
      total.value = String(index + 1);
      var field = rows.lastElementChild.querySelector("input:not([type='hidden']), select, textarea");
      if (field) field.focus();
    });
  });

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
