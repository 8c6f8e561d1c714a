/* mtcheck HTML report. Data comes from the JSON block #data; every piece of article text or
   finding text reaches the page through textContent / createTextNode, never innerHTML. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("data").textContent);
  var ARTS = DATA.articles, RULES = DATA.rules, STR = DATA.strings;
  var CATS = DATA.categories, SEVS = DATA.severities;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) {
      if (k === "className") e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    }
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function catClass(c) { return "cat-" + c.replace(/[^a-z0-9]+/gi, "-"); }
  function fmt(x) { return (Math.round(x * 100) / 100).toFixed(2); }

  /* ---------------- overview ---------------- */
  var rowsOrder = ARTS.map(function (_, i) { return i; });
  var sortKey = null, sortDir = 1, curRow = -1;
  function value(i, key) {
    var a = ARTS[i];
    return key === "findings" ? a.findings.length : key === "passed" ? (a.passed ? 1 : 0) : a[key];
  }
  function renderRows() {
    var q = $("path-filter").value.toLowerCase(), failedOnly = $("failed-only").checked;
    var tbody = document.querySelector("#articles tbody");
    var frag = document.createDocumentFragment(), shown = 0;
    rowsOrder.forEach(function (i) {
      var a = ARTS[i];
      if (failedOnly && a.passed) return;
      if (q && a.path.toLowerCase().indexOf(q) < 0) return;
      shown++;
      var tr = el("tr", { "data-article": i });
      var td = el("td"); td.appendChild(el("a", { href: "#article=" + i }, a.path)); tr.appendChild(td);
      tr.appendChild(el("td", { className: "num" }, fmt(a.score)));
      tr.appendChild(el("td", { className: "num" }, a.findings.length));
      tr.appendChild(el("td", { className: "num" }, a.words));
      tr.appendChild(el("td", { className: a.passed ? "pass" : "fail" }, a.passed ? "pass" : "fail"));
      frag.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(frag);
    $("row-count").textContent = shown + " of " + ARTS.length + " shown";
    curRow = -1;
  }
  function sortBy(key) {
    if (sortKey === key) sortDir = -sortDir;
    else { sortKey = key; sortDir = (key === "findings" || key === "words") ? -1 : 1; }
    rowsOrder.sort(function (x, y) {
      var a = value(x, key), b = value(y, key);
      var c = typeof a === "string" ? a.localeCompare(b) : a - b;
      return c * sortDir || x - y;
    });
    document.querySelectorAll("#articles th").forEach(function (th) {
      th.setAttribute("aria-sort", th.getAttribute("data-key") !== key ? "none" : sortDir > 0 ? "ascending" : "descending");
    });
    renderRows();
  }
  document.querySelectorAll("#articles th button").forEach(function (b) {
    b.addEventListener("click", function () { sortBy(b.parentNode.getAttribute("data-key")); });
  });
  $("path-filter").addEventListener("input", renderRows);
  $("failed-only").addEventListener("change", renderRows);
  function moveRow(d) {
    var rows = document.querySelectorAll("#articles tbody tr");
    if (!rows.length) return;
    if (curRow >= 0 && rows[curRow]) rows[curRow].classList.remove("cur");
    curRow = Math.max(0, Math.min(rows.length - 1, curRow + d));
    rows[curRow].classList.add("cur");
    rows[curRow].querySelector("a").focus();
  }

  /* ---------------- article view ---------------- */
  var cur = null;          // {index, art, marks: [[el...]...], items: [li...]}
  var selected = -1;
  var docOpen = false;     // the rule documentation stays open from one finding to the next once opened
  var filter = { cats: {}, sevs: {}, rule: "" };   // cats/sevs: value -> false when unticked

  function F(f) {          // a finding record -> named fields (unit: index in art.units, -1 none)
    return { start: f[0], end: f[1], rule: RULES[f[2]], cat: CATS[f[3]], sev: SEVS[f[4]],
             message: STR[f[5]], suggestion: f[6] < 0 ? null : STR[f[6]], line: f[7], col: f[8],
             unit: f.length > 9 ? f[9] : -1 };
  }

  /* Build the highlighted text of text[lo, hi) with the findings idx (indices into fs, their
     ranges clipped to it): split at every start/end, nest marks outermost first; a finding
     interrupted by the end of an enclosing one goes on in a continuation mark (data-cont), so
     each finding has exactly one element with data-finding. marks[j] collects j's elements.
     With pieces ([[lo, hi], ...], ascending), only their text is shown: each gap between two
     (markup the reader left out) becomes one small empty span.gap. */
  function buildText(text, lo, hi, fs, idx, marks, pieces) {
    var S = [], E = [];
    idx.forEach(function (j) {
      S[j] = Math.max(lo, Math.min(fs[j][0], hi));
      E[j] = Math.max(S[j], Math.min(Math.max(fs[j][1], fs[j][0]), hi));
    });
    var order = idx.slice().sort(function (a, b) { return S[a] - S[b] || E[b] - E[a] || a - b; });
    var rank = []; order.forEach(function (j, r) { rank[j] = r; });
    var startsAt = {}, empties = {}, bset = {}; bset[lo] = 1; bset[hi] = 1;
    (pieces || []).forEach(function (p) { bset[p[0]] = 1; bset[p[1]] = 1; });
    order.forEach(function (j) {
      var bucket = S[j] === E[j] ? empties : startsAt;
      (bucket[S[j]] = bucket[S[j]] || []).push(j);
      bset[S[j]] = 1; bset[E[j]] = 1;
    });
    var bounds = Object.keys(bset).map(Number).sort(function (a, b) { return a - b; });
    var root = document.createDocumentFragment(), stack = [], active = [], opened = [], piece = 0;
    function mark(j) {
      var f = F(fs[j]);
      var m = el("mark", { className: "f " + catClass(f.cat) + " sev-" + f.sev });
      if (!opened[j]) { m.setAttribute("data-finding", j); m.setAttribute("data-i", j); m.tabIndex = -1; opened[j] = 1; }
      else { m.setAttribute("data-cont", j); m.classList.add("cont"); }
      m.title = f.rule.code + " " + f.sev + ": " + f.message;
      marks[j].push(m);
      return m;
    }
    for (var k = 0; k < bounds.length; k++) {
      var b = bounds[k], next = bounds[k + 1];
      active = active.filter(function (j) { return E[j] > b; }).concat(startsAt[b] || []);
      active.sort(function (x, y) { return rank[x] - rank[y]; });
      var common = 0;
      while (common < stack.length && common < active.length && stack[common].j === active[common]) common++;
      stack.length = common;
      var parent = common ? stack[common - 1].el : root;
      (empties[b] || []).forEach(function (j) { var m = mark(j); m.classList.add("empty"); parent.appendChild(m); });
      if (next === undefined) break;
      for (var c = common; c < active.length; c++) {
        var m = mark(active[c]); parent.appendChild(m); stack.push({ j: active[c], el: m }); parent = m;
      }
      if (pieces) {
        while (piece < pieces.length && pieces[piece][1] <= b) piece++;
        if (piece === pieces.length || pieces[piece][0] > b) {   // in a gap between pieces
          if (piece > 0 && pieces[piece - 1][1] === b && piece < pieces.length)
            parent.appendChild(el("span", { className: "gap", title: "markup left out" }));
          continue;
        }
      }
      parent.appendChild(document.createTextNode(text.slice(b, next)));
    }
    return root;
  }

  /* A bilingual article side by side: one row per unit (id, source text, the target as the file
     writes it, without the markup between its pieces, with its findings highlighted); findings
     outside every unit follow the table, each with the lines it is on. */
  function buildUnits(art, marks) {
    var fs = art.findings, lang = art.source_language;
    var inUnit = art.units.map(function () { return []; }), outside = [];
    fs.forEach(function (f, j) { (f[9] >= 0 ? inUnit[f[9]] : outside).push(j); });
    var frag = document.createDocumentFragment();
    var table = el("table", { className: "units" }), thead = el("thead"), head = el("tr"), body = el("tbody");
    head.appendChild(el("th", { className: "unit-id" }, "Unit"));
    head.appendChild(el("th", null, "Source" + (lang ? " (" + lang + ")" : "")));
    head.appendChild(el("th", null, "Target"));
    thead.appendChild(head); table.appendChild(thead);
    art.units.forEach(function (u, k) {
      var tr = el("tr", { "data-unit": k });
      tr.appendChild(el("td", { className: "unit-id" }, u[0]));
      tr.appendChild(el("td", lang ? { className: "src", lang: lang } : { className: "src" }, u[1]));
      var td = el("td", { className: "tgt", "data-start": u[2] });
      td.appendChild(buildText(art.text, u[2], u[3], fs, inUnit[k], marks, u[4]));
      tr.appendChild(td);
      body.appendChild(tr);
    });
    table.appendChild(body); frag.appendChild(table);
    if (outside.length) {
      var box = el("section", { className: "outside" });
      box.appendChild(el("h3", null, "Outside any unit (not in the source)"));
      outsideRegions(art, outside).forEach(function (r) {
        var div = el("div", { className: "excerpt", "data-start": r.lo });
        div.appendChild(buildText(art.text, r.lo, r.hi, fs, r.idx, marks));
        box.appendChild(div);
      });
      frag.appendChild(box);
    }
    return frag;
  }
  /* The stretches of text that show the findings outside every unit: the lines a finding is
     on, kept within the gap between its neighbouring units; overlapping stretches merged. */
  function outsideRegions(art, idx) {
    var text = art.text, fs = art.findings, L = text.length, regions = [];
    function lineStart(x) { return x <= 0 ? 0 : Math.max(text.lastIndexOf("\n", x - 1), text.lastIndexOf("\r", x - 1)) + 1; }
    function lineEnd(x) {
      var a = text.indexOf("\n", x), b = text.indexOf("\r", x);
      return Math.min(a < 0 ? L : a, b < 0 ? L : b);
    }
    idx.slice().sort(function (a, b) { return fs[a][0] - fs[b][0] || a - b; }).forEach(function (j) {
      var s = Math.min(fs[j][0], L), e = Math.min(Math.max(fs[j][0], fs[j][1]), L), gapLo = 0, gapHi = L;
      art.units.forEach(function (u) {
        if (u[3] <= s) gapLo = Math.max(gapLo, u[3]);
        else if (u[2] > s) gapHi = Math.min(gapHi, u[2]);
      });
      var lo = Math.max(gapLo, lineStart(s)), hi = Math.max(lo, Math.min(gapHi, lineEnd(e)));
      var last = regions[regions.length - 1];
      if (last && lo <= last.hi) { last.hi = Math.max(last.hi, hi); last.idx.push(j); }
      else regions.push({ lo: lo, hi: hi, idx: [j] });
    });
    return regions;
  }

  function checkboxes(box, values, counts, state, name) {
    box.querySelectorAll("label").forEach(function (l) { l.remove(); });
    values.forEach(function (v) {
      if (!counts[v]) return;
      var cb = el("input", { type: "checkbox", name: name, value: v });
      cb.checked = state[v] !== false;
      cb.addEventListener("change", function () { state[v] = cb.checked; applyFilters(); });
      var label = el("label", name === "category" ? { className: catClass(v) } : null);
      label.appendChild(cb);
      if (name === "category") { label.appendChild(document.createTextNode(" ")); label.appendChild(el("span", { className: "swatch" })); }
      label.appendChild(document.createTextNode(" " + v + " (" + counts[v] + ")"));
      box.appendChild(label);
    });
  }

  function showArticle(index) {
    var art = ARTS[index];
    if (!art) return showOverview();
    $("overview").hidden = true; $("article").hidden = false;
    $("article-path").textContent = art.path;
    $("article-score").textContent = "score " + fmt(art.score) + " · " + art.words + " words · " +
      art.findings.length + " finding" + (art.findings.length === 1 ? "" : "s") + " · " + (art.passed ? "pass" : "fail");
    $("article-score").className = art.passed ? "pass" : "fail";
    var marks = art.findings.map(function () { return []; });
    var textBox = $("text"); textBox.textContent = "";
    textBox.classList.toggle("bilingual", !!art.units);
    textBox.appendChild(art.units ? buildUnits(art, marks)
      : buildText(art.text, 0, art.text.length, art.findings, art.findings.map(function (_, j) { return j; }), marks));
    var catCount = {}, sevCount = {}, ruleCount = {};
    var list = $("finding-list"); list.textContent = "";
    var items = art.findings.map(function (raw, j) {
      var f = F(raw);
      catCount[f.cat] = (catCount[f.cat] || 0) + 1; sevCount[f.sev] = (sevCount[f.sev] || 0) + 1;
      ruleCount[f.rule.code] = (ruleCount[f.rule.code] || 0) + 1;
      var li = el("li", { "data-item": j, className: catClass(f.cat) });
      li.appendChild(el("span", { className: "swatch" }));
      li.appendChild(document.createTextNode(" " + f.line + ":" + f.col + " "));
      li.appendChild(el("span", { className: "code" }, f.rule.code));
      if (f.unit >= 0) li.appendChild(el("span", { className: "unit" }, " [unit " + art.units[f.unit][0] + "]"));
      li.appendChild(document.createTextNode(" " + f.message));
      li.addEventListener("click", function () { select(j, true); });
      list.appendChild(li);
      return li;
    });
    $("finding-count").textContent = "(" + art.findings.length + ")";
    checkboxes($("filter-category"), CATS, catCount, filter.cats, "category");
    checkboxes($("filter-severity"), SEVS, sevCount, filter.sevs, "severity");
    var sel = $("filter-rule"); while (sel.options.length > 1) sel.remove(1);
    RULES.forEach(function (r) {
      if (ruleCount[r.code]) sel.appendChild(el("option", { value: r.code }, r.code + " " + r.name + " (" + ruleCount[r.code] + ")"));
    });
    sel.value = ruleCount[filter.rule] ? filter.rule : "";
    cur = { index: index, art: art, marks: marks, items: items };
    selected = -1;
    clearDetail();
    applyFilters();
    window.scrollTo(0, 0);
  }

  function visible(j) {
    var f = F(cur.art.findings[j]);
    return filter.cats[f.cat] !== false && filter.sevs[f.sev] !== false && (!filter.rule || filter.rule === f.rule.code);
  }
  function applyFilters() {
    if (!cur) return;
    var shown = 0;
    cur.marks.forEach(function (els, j) {
      var on = visible(j); shown += on ? 1 : 0;
      els.forEach(function (m) { m.classList.toggle("off", !on); });
      cur.items[j].hidden = !on;
    });
    $("finding-count").textContent = "(" + (shown === cur.marks.length ? shown : shown + " of " + cur.marks.length) + ")";
    if (selected >= 0 && !visible(selected)) { unselect(); clearDetail(); }
  }
  $("filter-rule").addEventListener("change", function () { filter.rule = this.value; applyFilters(); });

  function clearDetail() {
    var d = $("detail"); d.textContent = "";
    d.appendChild(el("p", { className: "muted" }, "Select a highlight (click, or j/k) to see the finding."));
  }
  function unselect() {
    if (selected < 0 || !cur) return;
    cur.marks[selected].forEach(function (m) { m.classList.remove("sel"); });
    cur.marks[selected][0].tabIndex = -1;
    cur.items[selected].classList.remove("sel");
    selected = -1;
  }
  function inline(parent, text) {          // `code` spans; everything else as plain text
    text.split(/(`[^`]+`)/).forEach(function (part) {
      if (/^`[^`]+`$/.test(part)) parent.appendChild(el("code", null, part.slice(1, -1)));
      else if (part) parent.appendChild(document.createTextNode(part));
    });
  }
  function renderDoc(md) {                  // a small, safe markdown subset: headings and paragraphs
    var box = el("div", { className: "doc" });
    md.split(/\n\s*\n/).forEach(function (block) {
      var h = /^(#{1,6})\s+(.*)$/.exec(block.trim());
      if (h && block.trim().indexOf("\n") < 0) { box.appendChild(el("h4", null, h[2])); return; }
      var p = el("p"); inline(p, block.trim().replace(/\s*\n\s*/g, " ")); box.appendChild(p);
    });
    return box;
  }
  function showDetail(j) {
    var f = F(cur.art.findings[j]);
    var d = $("detail"); d.textContent = "";
    d.className = "detail " + catClass(f.cat);
    var h = el("h3"); h.appendChild(el("span", { className: "code" }, f.rule.code));
    h.appendChild(document.createTextNode(" " + f.rule.name + " · finding " + (j + 1) + " of " + cur.art.findings.length));
    d.appendChild(h);
    d.appendChild(el("span", { className: "quote" }, cur.art.text.slice(f.start, f.end) || "(at this point)"));
    var dl = el("dl");
    function row(k, v, cls) { dl.appendChild(el("dt", null, k)); dl.appendChild(el("dd", cls ? { className: cls } : null, v)); }
    row("Message", f.message, "message");
    row("Suggestion", f.suggestion === null ? "—" : f.suggestion, "suggestion");
    row("Rule", f.rule.code + " (" + f.rule.name + ")", "rule");
    row("Severity", f.sev, "severity");
    row("Category", f.cat, "category");
    row("Where", "line " + f.line + ", column " + f.col);
    if (cur.art.units) row("Unit", f.unit >= 0 ? cur.art.units[f.unit][0] : "outside any unit", "unit");
    d.appendChild(dl);
    if (f.rule.doc) {
      var det = el("details"); det.open = docOpen; det.appendChild(el("summary", null, "Rule documentation"));
      det.addEventListener("toggle", function () { docOpen = det.open; });
      det.appendChild(renderDoc(f.rule.doc)); d.appendChild(det);
    }
  }
  function select(j, focus) {
    if (!cur || j < 0 || j >= cur.marks.length) return;
    unselect();
    selected = j;
    cur.marks[j].forEach(function (m) { m.classList.add("sel"); });
    var m = cur.marks[j][0]; m.tabIndex = 0;
    cur.items[j].classList.add("sel");
    showDetail(j);
    if (focus) { m.focus({ preventScroll: true }); }
    m.scrollIntoView({ block: "nearest" });
    cur.items[j].scrollIntoView({ block: "nearest" });
  }
  function step(d) {                        // next/previous visible finding in text order
    if (!cur) return;
    var order = cur.art.findings.map(function (_, j) { return j; }).filter(visible);
    if (!order.length) return;
    order.sort(function (a, b) { var x = cur.art.findings[a], y = cur.art.findings[b]; return x[0] - y[0] || y[1] - x[1] || a - b; });
    var pos = order.indexOf(selected);
    var nextPos = pos < 0 ? (d > 0 ? 0 : order.length - 1) : Math.max(0, Math.min(order.length - 1, pos + d));
    select(order[nextPos], true);
  }
  function findingOf(node) {                // the innermost highlighted (not filtered) finding
    for (var n = node; n && n.nodeType === 1; n = n.parentNode) {
      if (n.matches && n.matches("mark.f:not(.off)")) return Number(n.getAttribute("data-finding") || n.getAttribute("data-cont"));
      if (n.id === "text") break;
    }
    return -1;
  }
  $("text").addEventListener("click", function (e) { var j = findingOf(e.target); if (j >= 0) select(j, true); });

  /* ---------------- routing and keys ---------------- */
  function showOverview() {
    $("article").hidden = true; $("overview").hidden = false; cur = null; selected = -1;
  }
  function route() {
    var m = /^#article=(\d+)$/.exec(location.hash);
    if (m) showArticle(Number(m[1])); else showOverview();
  }
  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, tag = t && t.tagName;
    if ((tag === "INPUT" && t.type !== "checkbox") || tag === "SELECT" || tag === "TEXTAREA") return;
    var k = e.key, fwd = k === "j" || k === "n" || k === "ArrowDown" || k === "ArrowRight",
        back = k === "k" || k === "p" || k === "ArrowUp" || k === "ArrowLeft";
    if (cur) {
      if (fwd || back) { e.preventDefault(); step(fwd ? 1 : -1); }
      else if (k === "Enter" || k === " ") {
        var j = findingOf(t);
        if (j < 0 && t.hasAttribute && t.hasAttribute("data-item")) j = Number(t.getAttribute("data-item"));
        if (j < 0 && (t === $("text") || t === document.body)) j = selected;
        if (j >= 0) { e.preventDefault(); select(j, true); }
      } else if (k === "Escape") { e.preventDefault(); location.hash = ""; }
    } else if (!$("overview").hidden) {
      if (k === "j" || k === "ArrowDown" && tag !== "BUTTON") { e.preventDefault(); moveRow(1); }
      else if (k === "k" || k === "ArrowUp" && tag !== "BUTTON") { e.preventDefault(); moveRow(-1); }
    }
  });
  renderRows();
  route();
})();
