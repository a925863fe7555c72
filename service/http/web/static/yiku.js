// Small enhancements; every form also works without this script.
(function () {
  "use strict";

  // Ask before destructive actions.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // Term marks: one Tab stop for them all (the first); the arrow keys move between marks (roving focus).
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.term"));
  if (marks.length) { marks[0].tabIndex = 0; }
  marks.forEach(function (mark, index) {
    mark.addEventListener("keydown", function (event) {
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (!step) { return; }
      var next = marks[index + step];
      if (!next) { return; }
      event.preventDefault();
      mark.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    });
  });

  // Concordance from a selection: select words of a source and a link searches the memory for them.
  var concordance = document.querySelector("[data-concordance]");
  if (concordance) {
    var link = concordance.querySelector("a"), quote = concordance.querySelector("q");
    var base = link.getAttribute("href");
    document.addEventListener("selectionchange", function () {
      var selection = document.getSelection();
      var text = selection ? selection.toString().trim() : "";
      var node = selection && selection.anchorNode;
      var inSource = node && (node.nodeType === 1 ? node : node.parentElement).closest(".seg-source");
      if (!text || !inSource || text.length > 200) { return; }
      quote.textContent = text;
      link.setAttribute("href", base + "?q=" + encodeURIComponent(text));
      concordance.hidden = false;
    });
  }

  // A rendering of the term pane goes into the translation box at the caret.
  document.querySelectorAll("[data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-insert"));
      if (!box) { return; }
      var text = button.textContent, start = box.selectionStart || 0, end = box.selectionEnd || 0;
      box.value = box.value.slice(0, start) + text + box.value.slice(end);
      box.focus();
      box.selectionStart = box.selectionEnd = start + text.length;
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

  // The checks of a translation, under its form; with `confirm`, a button that stores it anyway.
  function showIssues(form, issues, confirm) {
    var box = form.querySelector(".store-issues");
    if (!issues.length) {
      if (box) { box.remove(); }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.className = "store-issues";
      box.setAttribute("role", "alert");
      form.appendChild(box);
    }
    box.textContent = "";
    var list = document.createElement("ul");
    issues.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    box.appendChild(list);
    if (confirm) {
      var again = document.createElement("button");
      again.type = "button";
      again.textContent = "Store anyway";
      again.addEventListener("click", function () {
        form.querySelector("input[name=confirm]").value = "1";
        form.requestSubmit();
      });
      box.appendChild(again);
    }
  }

  // Progress over the segments with a store form, and confirm-and-next: Ctrl+Enter (or Cmd+Enter) in a
  // translation box stores it and moves to the next segment's box.
  var storeForms = Array.prototype.slice.call(document.querySelectorAll("form[data-store]"));
  function updateProgress() {
    var out = document.querySelector("[data-progress]");
    if (!out) { return; }
    var done = storeForms.filter(function (f) { return f.classList.contains("stored"); }).length;
    out.textContent = done + " of " + storeForms.length + " segments stored";
  }
  function focusNext(form) {
    var next = storeForms[storeForms.indexOf(form) + 1];
    if (next) { next.querySelector("textarea").focus(); }
  }
  storeForms.forEach(function (form) {
    var box = form.querySelector("textarea");
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.dataset.next = "1";
        form.requestSubmit();
      }
    });
  });
  updateProgress();

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
        var confirm = form.querySelector("input[name=confirm]");
        status.classList.toggle("warn", !result.ok);
        if (result.ok) {
          status.textContent = result.body.message;
          form.classList.add("stored");
          updateProgress();
          if (form.dataset.next === "1") { focusNext(form); }
          if (confirm) { confirm.value = ""; }
          showIssues(form, result.body.issues || [], false);
        } else if (result.body.needs_confirmation) {
          status.textContent = "Not stored yet: the checks found a problem. Correct it, or store anyway.";
          showIssues(form, result.body.issues, true);
        } else {
          status.textContent = "Not stored: " + JSON.stringify(result.body.errors || result.body);
        }
      }).catch(function () {
        status.textContent = "Not stored: the server could not be reached.";
      }).finally(function () {
        button.disabled = false;
        form.dataset.next = "";
      });
    });
  });
})();
