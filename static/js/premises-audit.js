// The street audit (templates/premises/audit_street.html): each unit's status button is sent in the
// background and the live region says what was saved; the pressed button follows. Without this
// script each button is a plain form submit that comes back to the same unit.
(function () {
  "use strict";
  var announcer = document.getElementById("audit-announcer");
  if (!announcer || !window.fetch || !window.FormData) { return; }

  function announce(text) {
    announcer.textContent = "";
    // A fresh text, so the same words said twice are read out twice.
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function mark(form, answer) {
    form.querySelectorAll("button[name=status]").forEach(function (button) {
      var chosen = button.value === answer.status;
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
      button.classList.toggle("btn-primary", chosen);
      button.classList.toggle("btn-outline-primary", !chosen);
    });
    var current = form.querySelector(".audit-current");
    if (current) {
      var badge = document.createElement("span");
      badge.className = "badge " + answer.badge_class;
      badge.textContent = answer.label;
      current.replaceChildren(badge);
    }
  }

  function sendPlainly(form, button) {
    var answer = document.createElement("input");
    answer.type = "hidden";
    answer.name = button.name;
    answer.value = button.value;
    form.appendChild(answer);
    form.submit();
  }

  document.querySelectorAll("form.audit-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || button.name !== "status") { return; }
      event.preventDefault();
      var data = new FormData(form);
      data.append(button.name, button.value);
      form.setAttribute("aria-busy", "true");
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if ((response.headers.get("Content-Type") || "").indexOf("application/json") === -1) {
            // Not the audit's answer (the session ended: the sign-in page; or a refusal page): send the
            // form plainly, so that the keeper sees that page rather than "the connection failed".
            sendPlainly(form, button);
            return;
          }
          return response.json().then(function (answer) {
            if (response.ok) { mark(form, answer); }
            announce(answer.message);
          });
        })
        .catch(function () { announce(announcer.dataset.failed); })
        .then(function () { form.removeAttribute("aria-busy"); });
    });
  });
})();
