// Small enhancements shared by every page. Every page works without them.
(function () {
  "use strict";
  // Buttons marked data-print open the browser's print dialog (summary pages print on A4).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
