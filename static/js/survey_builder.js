// The question form without a round trip: the settings of the chosen kind show at once, and "More rows"
// adds an empty choice row in place. Without this script both buttons ask the server, which shows the
// form again as typed.
(function () {
  "use strict";
  var form = document.querySelector("[data-question-form]");
  if (!form) return;
  var kind = form.querySelector("select[name='kind']");

  function showKind() {
    form.querySelectorAll("[data-kinds]").forEach(function (part) {
      var kinds = part.getAttribute("data-kinds");
      var shown = !kinds || kinds.split(" ").indexOf(kind.value) !== -1;
      part.hidden = !shown;
      if (part.id === "choices") return; // choice rows are always posted: the server ignores them for other kinds
      part.querySelectorAll("input, select, textarea").forEach(function (field) { field.disabled = !shown; });
    });
  }
  if (kind) {
    form.querySelectorAll("[data-kind-submit]").forEach(function (button) { button.remove(); });
    kind.addEventListener("change", showKind);
  }

  var rows = form.querySelector("[data-choice-rows]");
  var template = form.querySelector("template[data-empty-choice-row]");
  var more = form.querySelector("[data-more-rows]");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  if (rows && template && more && total) {
    more.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      var text = row.querySelector("input[type=text], input:not([type])");
      if (text) text.focus();
    });
  }
})();
