// Small enhancements; every form also works without this script.
(function () {
  "use strict";

  // Ask before destructive actions.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // A draft below the fill-in score is offered, not filled in: this button puts it in the box on request.
  document.querySelectorAll("[data-use-draft]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-use-draft"));
      var draft = button.parentNode.querySelector("[data-draft]");
      if (box && draft) { box.value = draft.textContent; box.focus(); }
    });
  });

  // Store a segment's translation in place, without leaving the assist results.
  document.querySelectorAll("form[data-store]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var status = form.querySelector(".store-status");
      var button = form.querySelector("button");
      button.disabled = true;
      status.textContent = "Storing…";
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (result.ok) {
          status.textContent = result.body.message;
          form.classList.add("stored");
        } else {
          status.textContent = "Not stored: " + JSON.stringify(result.body.errors || result.body);
        }
      }).catch(function () {
        status.textContent = "Not stored: the server could not be reached.";
      }).finally(function () {
        button.disabled = false;
      });
    });
  });
})();
