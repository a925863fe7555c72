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

// The alignment page: Keep confirms a bead, Reject (or unticking) leaves it out and Restore takes it back; Split
// cuts a bead between two of its segments, Merge with next joins two beads. The rows are numbered again after each
// change, so that the store form sends exactly the beads shown.
(function () {
  "use strict";
  var form = document.querySelector("form[data-align]");
  if (!form) { return; }
  var SIDES = ["source", "target"];
  var status = form.querySelector("[data-align-status]");
  var chooser = null; // the open split chooser: { row: the bead, line: its table row }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }
  function beads() { return Array.prototype.slice.call(form.querySelectorAll("tr[data-bead]")); }
  function cell(row, side) { return row.querySelector("[data-side=" + side + "]"); }
  function segments(row, side) { return Array.prototype.slice.call(cell(row, side).querySelectorAll("[data-seg]")); }
  function count(row, side) { return segments(row, side).length; }
  function field(row, name) { return row.querySelector("input[name^=" + name + "_]"); }
  function keep(row) { return row.querySelector("input[type=checkbox]"); }
  function shape(row) { return count(row, "source") + "-" + count(row, "target"); }
  function paired(row) { return count(row, "source") > 0 && count(row, "target") > 0; }
  function number(row) { return beads().indexOf(row) + 1; }
  function score(row) { return paired(row) ? field(row, "confidence").value : ""; }
  function lowest(scores) {
    var numbers = scores.filter(function (s) { return s !== "" && !isNaN(parseFloat(s)); }).map(parseFloat);
    return numbers.length ? String(Math.min.apply(null, numbers)) : "";
  }
  function nextBead(row) {
    var next = row.nextElementSibling;
    while (next && !next.hasAttribute("data-bead")) { next = next.nextElementSibling; }
    return next;
  }
  function say(text) { status.textContent = text; }

  // Names, bead numbers and the count follow the order of the rows.
  function renumber() {
    var rows = beads();
    rows.forEach(function (row, i) {
      row.querySelectorAll("input[name]").forEach(function (input) { input.name = input.name.replace(/_\d+$/, "_" + i); });
      var label = row.querySelector("[data-number]");
      if (label) { label.textContent = " bead " + (i + 1); }
      row.querySelector("[data-merge]").hidden = i === rows.length - 1;
    });
    form.querySelector("input[name=beads]").value = rows.length;
  }

  function markRejected(row, rejected) {
    row.classList.toggle("rejected", rejected);
    row.querySelector("[data-reject]").textContent = rejected ? "Restore" : "Reject";
    var label = row.querySelector("[data-rejected]");
    if (rejected && !label) {
      label = element("span", "rejected", "rejected-label");
      label.setAttribute("data-rejected", "");
      row.querySelector(".bead-info").appendChild(label);
    } else if (!rejected && label) {
      label.remove();
    }
  }

  // A bead a person merged or split: its fields from what the row now shows, "edited" for its score, ticked
  // when it has both sides (a part with one side empty cannot be kept).
  function edited(row, confidence) {
    SIDES.forEach(function (side) { field(row, side).value = cell(row, side).textContent; });
    field(row, "type").value = shape(row);
    field(row, "confidence").value = confidence;
    if (!field(row, "edited")) {
      var flag = element("input");
      flag.type = "hidden";
      flag.name = "edited_0";
      flag.value = "1";
      field(row, "type").after(flag);
    }
    row.querySelector("[data-type]").textContent = shape(row);
    var note = row.querySelector("[data-status]"), mark = element("span", "edited", "confidence edited");
    mark.title = confidence ? "changed by hand; the aligner gave its parts " + Math.round(parseFloat(confidence) * 100) +
      "% at the lowest" : "changed by hand";
    note.textContent = "";
    note.appendChild(mark);
    row.classList.remove("review", "alone", "noise");
    markRejected(row, false);
    var box = keep(row);
    if (paired(row)) {
      if (!box) {
        var label = element("label", null, "keep"), hint = element("span", null, "visually-hidden");
        box = element("input");
        box.type = "checkbox";
        box.name = "keep_0";
        box.value = "1";
        hint.setAttribute("data-number", "");
        label.append(box, " Keep", hint);
        row.querySelector(".bead-keep").prepend(label);
      }
      box.checked = true;
    } else {
      if (box) { box.closest("label").remove(); }
      row.classList.add("alone");
    }
    row.querySelector("[data-reject]").hidden = !paired(row);
    row.querySelector("[data-split]").hidden = count(row, "source") < 2 && count(row, "target") < 2;
  }

  function merge(row) {
    var next = nextBead(row);
    if (!next) { return; }
    closeChooser(false);
    var confidence = lowest([score(row), score(next)]);
    SIDES.forEach(function (side) {
      var here = cell(row, side), there = cell(next, side);
      if (side === "target" && here.textContent && there.textContent) { here.append(" "); }
      while (there.firstChild) { here.appendChild(there.firstChild); }
    });
    next.remove();
    edited(row, confidence);
    renumber();
    say("Bead " + number(row) + " merged with the next: now " + shape(row) + ".");
    var button = row.querySelector("[data-merge]");
    if (button.hidden) { (keep(row) || row.querySelector("button:not([hidden])") || button).focus(); }
  }

  // Leave in a cell only its segments from `from` (counted from 0) up to `to`, with the text between them.
  function keepSegments(side, from, to) {
    var index = -1;
    Array.prototype.slice.call(side.childNodes).forEach(function (node) {
      var segment = node.nodeType === 1 && node.hasAttribute("data-seg");
      if (segment) { index += 1; }
      if (!(index >= from && (segment ? index < to : index < to - 1))) { node.remove(); }
    });
  }

  // `cut` gives for each side how many of its segments go to the first part; the rest go to the second.
  function split(row, cut) {
    var second = row.cloneNode(true), confidence = score(row), before = shape(row);
    SIDES.forEach(function (side) {
      var total = count(row, side);
      keepSegments(cell(row, side), 0, cut[side]);
      keepSegments(cell(second, side), cut[side], total);
    });
    row.after(second);
    edited(row, confidence);
    edited(second, confidence);
    renumber();
    say("Bead " + number(row) + " (" + before + ") split into " + shape(row) + " and " + shape(second) + ".");
    (keep(row) || row.querySelector("button:not([hidden])")).focus();
  }

  function closeChooser(focus) {
    if (!chooser) { return; }
    var row = chooser.row;
    chooser.line.remove();
    chooser = null;
    row.classList.remove("splitting");
    row.querySelectorAll(".to-second").forEach(function (segment) { segment.classList.remove("to-second"); });
    var button = row.querySelector("[data-split]");
    button.setAttribute("aria-expanded", "false");
    if (focus) { button.focus(); }
  }

  function ending(text, side) {
    text = text.trim();
    var end = side === "source" ? text.slice(-10) : text.split(/\s+/).slice(-4).join(" ");
    if (end.length > 30) { end = end.slice(-30); }
    return (end.length < text.length ? "…" : "") + end;
  }

  // Below the bead: where to cut each side, the parts it makes (the second part's segments shaded), Split here.
  function openChooser(row) {
    closeChooser(false);
    var line = element("tr", null, "split-chooser"), box = element("td"), group = element("fieldset");
    var selects = {}, note = element("p", null, "hint"), actions = element("div", null, "buttons");
    var apply = element("button", "Split here", "primary small"), cancel = element("button", "Cancel", "small");
    box.colSpan = 5;
    group.appendChild(element("legend", "Split bead " + number(row) + " in two"));
    SIDES.forEach(function (side) {
      var parts = segments(row, side), total = parts.length;
      if (!total) { return; }
      var wrap = element("div", null, "split-side"), label = element("label", side === "source" ? "Chinese" : "English");
      var select = element("select");
      select.id = "split-" + side;
      label.htmlFor = select.id;
      select.appendChild(new Option("none: all in the second part", "0"));
      for (var k = 1; k < total; k++) {
        select.appendChild(new Option("after segment " + k + ": " + ending(parts[k - 1].textContent, side), String(k)));
      }
      select.appendChild(new Option("none: all in the first part", String(total)));
      select.value = "1"; // after the first segment, or all of a one-segment side in the first part
      select.addEventListener("change", preview);
      wrap.append(label, select);
      group.appendChild(wrap);
      selects[side] = select;
    });
    note.setAttribute("aria-live", "polite");
    apply.type = cancel.type = "button";
    actions.append(apply, cancel);
    group.append(note, actions);
    box.appendChild(group);
    line.appendChild(box);

    function cut() {
      return {
        source: selects.source ? parseInt(selects.source.value, 10) : 0,
        target: selects.target ? parseInt(selects.target.value, 10) : 0
      };
    }
    function preview() {
      var c = cut(), rest = count(row, "source") - c.source + count(row, "target") - c.target;
      SIDES.forEach(function (side) {
        segments(row, side).forEach(function (segment, i) { segment.classList.toggle("to-second", i >= c[side]); });
      });
      apply.disabled = c.source + c.target === 0 || rest === 0;
      note.textContent = apply.disabled ? "Both parts need a segment: cut at least one side." :
        "Two beads: " + c.source + "-" + c.target + " (yellow) and " + (count(row, "source") - c.source) + "-" +
        (count(row, "target") - c.target) + " (blue).";
    }
    apply.addEventListener("click", function () {
      var c = cut();
      closeChooser(false);
      split(row, c);
    });
    cancel.addEventListener("click", function () { closeChooser(true); });
    line.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); closeChooser(true); }
    });
    row.after(line);
    row.classList.add("splitting");
    row.querySelector("[data-split]").setAttribute("aria-expanded", "true");
    chooser = { row: row, line: line };
    preview();
    // focus on a side with a cut to choose (on a side of one segment, the choice is only which part it goes to)
    (SIDES.map(function (side) { return count(row, side) > 1 ? selects[side] : null; }).filter(Boolean)[0] ||
      group.querySelector("select")).focus();
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-merge], button[data-split], button[data-reject]");
    if (!button) { return; }
    var row = button.closest("tr[data-bead]");
    if (button.hasAttribute("data-merge")) {
      merge(row);
    } else if (button.hasAttribute("data-split")) {
      if (chooser && chooser.row === row) { closeChooser(true); } else { openChooser(row); }
    } else {
      var box = keep(row), rejected = !row.classList.contains("rejected");
      if (!box) { return; }
      if (rejected) { row.dataset.kept = box.checked ? "1" : ""; }
      box.checked = rejected ? false : row.dataset.kept === "1";
      markRejected(row, rejected);
      say("Bead " + number(row) + (rejected ? " rejected: it will not be stored." : " restored."));
    }
  });
  form.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches("tr[data-bead] input[type=checkbox]")) { return; }
    var row = box.closest("tr[data-bead]");
    if (!box.checked) { row.dataset.kept = "1"; }
    markRejected(row, !box.checked);
  });
  form.querySelectorAll("[data-bead-actions]").forEach(function (actions) { actions.hidden = false; });
  form.querySelectorAll("[data-split]").forEach(function (button) { button.setAttribute("aria-expanded", "false"); });
})();
