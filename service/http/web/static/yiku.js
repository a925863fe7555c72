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

// The workspace: each segment's form saves a draft or confirms in place; statuses and progress follow.
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-workspace]"));
  if (!forms.length) { return; }
  var counts = document.querySelector("[data-counts]");
  var bar = document.querySelector("[data-progress-bar]");

  function showCounts(c) {
    var total = c.new + c.draft + c.confirmed;
    counts.textContent = c.confirmed + " of " + total + " confirmed · " + c.draft + " draft" +
      (c.draft === 1 ? "" : "s") + " · " + c.new + " new";
    if (bar) { bar.max = total; bar.value = c.confirmed; }
  }

  function showIssues(form, issues, canForce) {
    var box = form.querySelector(".store-issues");
    if (box) { box.remove(); }
    if (!issues.length) { return; }
    box = document.createElement("div");
    box.className = "store-issues";
    box.setAttribute("role", "alert");
    var list = document.createElement("ul");
    issues.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    box.appendChild(list);
    if (canForce) {
      var again = document.createElement("button");
      again.type = "button";
      again.textContent = "Confirm anyway";
      again.addEventListener("click", function () {
        form.querySelector("input[name=confirm]").value = "1";
        form.requestSubmit(form.querySelector("[data-action=confirm]"));
      });
      box.appendChild(again);
    }
    form.appendChild(box);
  }

  function setStatus(form, status) {
    var item = form.closest("[data-segment]");
    item.classList.remove("status-new", "status-draft", "status-confirmed");
    item.classList.add("status-" + status);
    var badge = item.querySelector("[data-status]");
    badge.className = "status-badge status-badge-" + status;
    badge.textContent = status;
  }

  function move(form, step) {
    var next = forms[forms.indexOf(form) + step];
    if (next) {
      next.querySelector("textarea").focus();
      return;
    }
    var more = step > 0 && document.querySelector("[data-next-page]");
    if (more) { window.location.href = more.href; }
  }

  forms.forEach(function (form) {
    var box = form.querySelector("textarea");
    var status = form.querySelector(".store-status");
    box.addEventListener("keydown", function (event) {
      var ctrl = event.ctrlKey || event.metaKey;
      if (ctrl && event.key === "Enter") {
        event.preventDefault();
        form.dataset.next = "1";
        form.requestSubmit(form.querySelector("[data-action=confirm]"));
      } else if (ctrl && (event.key === "s" || event.key === "S")) {
        event.preventDefault();
        form.requestSubmit(form.querySelector("[data-action=draft]"));
      } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        event.preventDefault();
        move(form, event.key === "ArrowDown" ? 1 : -1);
      } else if (event.altKey && /^[1-9]$/.test(event.key)) {
        var renderings = form.closest("[data-segment]").querySelectorAll(".term-pane li");
        var term = renderings[Number(event.key) - 1];
        var preferred = term && term.querySelector("button.preferred");
        if (preferred) {
          event.preventDefault();
          preferred.click();
        }
      }
    });
    // a changed box saves itself as a draft when the translator leaves it
    box.addEventListener("change", function () {
      if (form.dataset.busy === "1" || box.value.trim() === (form.dataset.saved || "").trim()) { return; }
      form.requestSubmit(form.querySelector("[data-action=draft]"));
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var submitter = event.submitter || form.querySelector("[data-action=draft]");
      var action = submitter.value;
      var body = new FormData(form);
      body.set("action", action);
      form.dataset.busy = "1";
      status.classList.remove("warn");
      status.textContent = action === "confirm" ? "Checking…" : "Saving…";
      // form.action would name the buttons called "action": the attribute is the URL
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: body,
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (b) { return { ok: response.ok, body: b }; });
      }).then(function (result) {
        form.querySelector("input[name=confirm]").value = "";
        if (result.ok) {
          form.dataset.saved = body.get("target");
          status.textContent = result.body.message;
          setStatus(form, result.body.status);
          showCounts(result.body.counts);
          showIssues(form, result.body.issues || [], false);
          if (form.dataset.next === "1" && action === "confirm") { move(form, 1); }
        } else if (result.body.needs_confirmation) {
          status.classList.add("warn");
          status.textContent = "Not confirmed: the checks found a problem. Correct it, or confirm anyway.";
          showIssues(form, result.body.issues, true);
        } else {
          status.classList.add("warn");
          var errors = result.body.errors || {};
          status.textContent = "Not saved: " + (errors.target ? errors.target.join(" ") : JSON.stringify(errors));
        }
      }).catch(function () {
        status.classList.add("warn");
        status.textContent = "Not saved: the server could not be reached.";
      }).finally(function () {
        form.dataset.busy = "";
        form.dataset.next = "";
      });
    });
  });
})();

// The alignment page: merge a bead with the next one (both sides joined), before storing the kept pairs.
(function () {
  "use strict";
  document.querySelectorAll("form[data-align] [data-merge]").forEach(function (button) {
    button.addEventListener("click", function () {
      var row = button.closest("[data-bead]"), next = row.nextElementSibling;
      if (!next) { return; }
      ["source", "target"].forEach(function (side) {
        var here = row.querySelector("input[name^=" + side + "_]"), there = next.querySelector("input[name^=" + side + "_]");
        var joined = [here.value, there.value].filter(Boolean).join(side === "source" ? "" : " ");
        here.value = joined;
        row.querySelector("[data-side=" + side + "]").textContent = joined;
      });
      var type = row.querySelector("[data-type]");
      type.textContent = "merged";
      var keep = row.querySelector("input[type=checkbox]");
      if (!keep && row.querySelector("input[name^=source_]").value && row.querySelector("input[name^=target_]").value) {
        keep = document.createElement("input");
        keep.type = "checkbox";
        keep.value = "1";
        keep.name = "keep_" + row.querySelector("input[name^=source_]").name.split("_")[1];
        row.firstElementChild.prepend(keep);
      }
      if (keep) { keep.checked = true; }
      row.classList.remove("review", "alone", "noise");
      next.remove();
    });
  });
})();
