// rubricate questionnaire form: reads the controls the page already has,
// keeps answers in localStorage, counts progress, and writes the answer
// file (init's template with its slots filled, see html/data.rs). It
// builds its few messages with createElement/textContent only, loads
// nothing and sends nothing: the page's CSP allows this script alone.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("rubricate-data").textContent);
  var NA = "n/a";
  var byId = {};
  data.indicators.forEach(function (ind, k) { byId[ind.id] = k; });

  function $(id) { return document.getElementById(id); }
  function field(id) { var el = $(id); return el ? el.value : ""; }

  // ---- reading the page ---------------------------------------------------

  function levelOf(k) {
    var radios = document.getElementsByName("q" + k);
    for (var i = 0; i < radios.length; i++) {
      if (radios[i].checked) { return radios[i].value; }
    }
    return null;
  }

  function answerOf(k) {
    return { level: levelOf(k), note: field("q" + k + "-note"), evidence: field("q" + k + "-ev") };
  }

  /** Everything entered, as plain data (what is saved and written). */
  function collect() {
    var targets = {};
    data.pillars.forEach(function (p, i) { targets[p.id] = field("t" + i); });
    return {
      organization: field("r-organization"),
      name: field("r-name"),
      role: field("r-role"),
      date: field("r-date"),
      targets: targets,
      answers: data.indicators.map(function (ind, k) { return answerOf(k); })
    };
  }

  // ---- the answer file ----------------------------------------------------

  /** A TOML basic string: every character TOML forbids raw is escaped. */
  function quote(text) {
    var out = "\"";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var code = text.charCodeAt(i);
      if (c === "\"") { out += "\\\""; }
      else if (c === "\\") { out += "\\\\"; }
      else if (c === "\n") { out += "\\n"; }
      else if (c === "\t") { out += "\\t"; }
      else if (c === "\r") { out += "\\r"; }
      else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
        out += "\\u" + ("000" + code.toString(16).toUpperCase()).slice(-4);
      } else { out += c; }
    }
    return out + "\"";
  }

  function evidenceLines(text) {
    return text.split(/\r\n|\r|\n/).map(function (l) { return l.trim(); })
      .filter(function (l) { return l !== ""; });
  }

  function levelData(k, value) {
    var levels = data.scales[data.indicators[k].scale].levels;
    for (var i = 0; i < levels.length; i++) {
      if (levels[i].value === value) { return levels[i]; }
    }
    return null;
  }

  /** `"id" = 2  # Label`, a table with note and evidence, or the slot as it was. */
  function answerLine(slot, answer, k) {
    if (!answer || answer.level === null) { return slot.text; }
    var value, label = null;
    if (answer.level === NA) {
      if (data.notApplicable === "forbidden") { return slot.text; }
      value = quote(NA);
    } else {
      var level = levelData(k, answer.level);
      if (!level) { return slot.text; }
      value = level.value;
      label = level.label;
    }
    var note = answer.note.trim();
    var evidence = evidenceLines(answer.evidence);
    if (note !== "" || evidence.length > 0) {
      var fields = ["level = " + value];
      if (note !== "") { fields.push("note = " + quote(note)); }
      if (evidence.length > 0) { fields.push("evidence = [" + evidence.map(quote).join(", ") + "]"); }
      value = "{ " + fields.join(", ") + " }";
    }
    return slot.key + " = " + value + (label === null ? "" : "  # " + label) + "\n";
  }

  function targetLines(slot, targets) {
    var lines = [];
    data.pillars.forEach(function (p) {
      if (targets[p.id]) { lines.push(p.key + " = " + quote(targets[p.id]) + "\n"); }
    });
    return lines.length ? "[respondent.target]\n" + lines.join("") : slot.text;
  }

  function fill(slot, state) {
    if (slot.slot === "answer") { return answerLine(slot, state.answers[byId[slot.id]], byId[slot.id]); }
    if (slot.slot === "targets") { return targetLines(slot, state.targets); }
    var value = (state[slot.slot] || "").trim();
    return value === "" ? slot.text : slot.before + quote(value) + slot.after;
  }

  /** The answer file of what the page holds now (what the button saves). */
  function answerFile() {
    var state = collect();
    return data.template.map(function (part) {
      return typeof part === "string" ? part : fill(part, state);
    }).join("");
  }
  window.rubricateAnswerFile = answerFile;

  // ---- problems that would make the file fail or lose words ---------------

  function statementName(k) {
    var legend = $("q" + k).getElementsByTagName("legend")[0];
    var text = legend ? legend.textContent : data.indicators[k].id;
    return text.length > 90 ? text.slice(0, 89) + "\u2026" : text;
  }

  function problems(state) {
    var out = [];
    if (state.organization.trim() === "") { out.push(["r-organization", "Fill in the organisation."]); }
    if (state.name.trim() === "") { out.push(["r-name", "Fill in your name."]); }
    var date = state.date.trim();
    if (date !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      out.push(["r-date", "Write the date as YYYY-MM-DD, for example 2026-11-02."]);
    }
    state.answers.forEach(function (a, k) {
      var said = a.note.trim() !== "" || evidenceLines(a.evidence).length > 0;
      if (a.level === NA && data.notApplicable === "justified" && a.note.trim() === "") {
        out.push(["q" + k + "-note", "Say why this does not apply: \u201c" + statementName(k) + "\u201d"]);
      } else if (a.level === null && said) {
        out.push(["q" + k + "-l0", "Choose an answer, or clear the note and evidence (they are saved with an answer only): \u201c" + statementName(k) + "\u201d"]);
      }
    });
    return out;
  }

  function showProblems(list) {
    var box = $("problems");
    box.textContent = "";
    if (!list.length) { return; }
    var p = document.createElement("p");
    p.textContent = "Before the file can be saved:";
    box.appendChild(p);
    var ul = document.createElement("ul");
    list.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + item[0];
      a.textContent = item[1];
      a.addEventListener("click", function (e) {
        var target = $(item[0]);
        if (target) { e.preventDefault(); target.focus(); }
      });
      li.appendChild(a);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    box.focus();
  }

  // ---- download -----------------------------------------------------------

  var ACCENTS = { "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00fe": "th", "\u00f0": "d", "\u00f8": "o", "\u0142": "l", "\u0111": "d" };

  /** `Dana Reyes` → `dana-reyes.toml`, as `rubricate import` names files. */
  function fileName(name) {
    var folded = name.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u00df\u00e6\u0153\u00fe\u00f0\u00f8\u0142\u0111]/g, function (c) { return ACCENTS[c]; });
    var stem = folded.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
    return (stem || "respondent") + ".toml";
  }

  var lastUrl = null;

  function download() {
    var state = collect();
    var list = problems(state);
    showProblems(list);
    var saved = $("saved");
    saved.textContent = "";
    if (list.length) { return; }
    var blob = new Blob([answerFile()], { type: "text/plain;charset=utf-8" });
    if (lastUrl) { URL.revokeObjectURL(lastUrl); }
    lastUrl = URL.createObjectURL(blob);
    var name = fileName(state.name);
    var link = document.createElement("a");
    link.href = lastUrl;
    link.download = name;
    link.id = "answer-file";
    link.textContent = name;
    saved.appendChild(document.createTextNode("Saved to your downloads as "));
    saved.appendChild(link);
    saved.appendChild(document.createTextNode(" (if nothing was saved, use that link). Send it back by email."));
    link.click();
  }

  // ---- progress -----------------------------------------------------------

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function updateProgress(state) {
    var done = 0;
    var per = data.pillars.map(function () { return [0, 0]; });
    state.answers.forEach(function (a, k) {
      var p = per[data.indicators[k].pillar];
      p[1] += 1;
      if (a.level !== null) { p[0] += 1; done += 1; }
    });
    var total = data.indicators.length;
    $("progress-all").textContent = done + " of " + plural(total, "statement", "statements") + " answered";
    $("progress-all-bar").value = done;
    per.forEach(function (p, i) {
      $("progress-" + i).textContent = p[0] + " of " + p[1];
      $("progress-" + i + "-bar").value = p[0];
    });
  }

  function updateStatement(k, answer) {
    var clear = document.querySelector("button[data-clear=\"" + k + "\"]");
    if (clear) { clear.disabled = answer.level === null; }
    var why = $("q" + k + "-why");
    var note = $("q" + k + "-note");
    if (why) {
      var needed = answer.level === NA;
      why.hidden = !needed;
      note.required = needed;
    }
    mirror("q" + k + "-note");
    mirror("q" + k + "-ev");
  }

  /** Print shows a box's whole text, which a textarea would cut. */
  function mirror(id) {
    var el = $(id);
    if (el && el.nextElementSibling) { el.nextElementSibling.textContent = el.value; }
  }

  // ---- keeping answers ----------------------------------------------------

  var storage = null;
  try {
    storage = window.localStorage;
    storage.setItem(data.storageKey + ":probe", "1");
    storage.removeItem(data.storageKey + ":probe");
  } catch (e) { storage = null; }

  function save(state) {
    if (!storage) { return; }
    try { storage.setItem(data.storageKey, JSON.stringify(state)); } catch (e) { /* full or blocked: the page still works */ }
  }

  function text(value) { return typeof value === "string" ? value : ""; }

  function setValue(id, value) {
    var el = $(id);
    if (el && typeof value === "string" && value !== "") { el.value = value; }
  }

  /** Puts saved answers back; anything unexpected in storage is ignored. */
  function restore() {
    var saved = null;
    try { saved = storage && JSON.parse(storage.getItem(data.storageKey) || "null"); } catch (e) { saved = null; }
    if (!saved || typeof saved !== "object") { return; }
    ["organization", "name", "role", "date"].forEach(function (f) { setValue("r-" + f, saved[f]); });
    data.pillars.forEach(function (p, i) {
      var select = $("t" + i);
      var value = saved.targets && text(saved.targets[p.id]);
      if (select && value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
      }
    });
    if (!Array.isArray(saved.answers)) { return; }
    saved.answers.slice(0, data.indicators.length).forEach(function (a, k) {
      if (!a || typeof a !== "object") { return; }
      var radios = document.getElementsByName("q" + k);
      for (var i = 0; i < radios.length; i++) { radios[i].checked = radios[i].value === a.level; }
      setValue("q" + k + "-note", a.note);
      setValue("q" + k + "-ev", a.evidence);
    });
  }

  // ---- wiring -------------------------------------------------------------

  function refresh() {
    var state = collect();
    state.answers.forEach(function (a, k) { updateStatement(k, a); });
    updateProgress(state);
    save(state);
  }

  function clearAnswer(k) {
    var radios = document.getElementsByName("q" + k);
    for (var i = 0; i < radios.length; i++) { radios[i].checked = false; }
    refresh();
    if (radios.length) { radios[0].focus(); }
  }

  function reset() {
    if (!window.confirm("Clear every answer on this page? This cannot be undone.")) { return; }
    data.indicators.forEach(function (ind, k) {
      var radios = document.getElementsByName("q" + k);
      for (var i = 0; i < radios.length; i++) { radios[i].checked = false; }
      $("q" + k + "-note").value = "";
      $("q" + k + "-ev").value = "";
    });
    data.pillars.forEach(function (p, i) { $("t" + i).value = ""; });
    ["role", "date"].forEach(function (f) { $("r-" + f).value = ""; });
    refresh();
  }

  // Boxes grow with their text where the browser can. Set here, through
  // the CSSOM, because HTML validators (the Nu checker) do not know the
  // property yet and reject it in the style sheet.
  Array.prototype.forEach.call(document.querySelectorAll("textarea"), function (t) {
    t.style.setProperty("field-sizing", "content");
  });

  document.addEventListener("input", refresh);
  document.addEventListener("change", refresh);
  document.addEventListener("click", function (e) {
    var k = e.target instanceof Element ? e.target.getAttribute("data-clear") : null;
    if (k !== null) { clearAnswer(Number(k)); }
  });
  $("download").addEventListener("click", download);
  $("reset").addEventListener("click", reset);

  restore();
  if (storage) { $("storage").hidden = false; }
  refresh();
})();
