/* clockwork's page script, with no dependencies: site search, and the flowchart's first view.
   Search works from file:// and over http. The index (search-index.js) is loaded by a plain
   <script> tag the first time the search box gets focus, so pages stay light. Terms follow
   the same rules as src/views/search.rs. Without the script the site still reads fully. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var input = box.querySelector("input");
  var list = box.querySelector("ol");
  var status = box.querySelector(".search-status");
  var root = box.getAttribute("data-root") || "";
  var STOP = ("a an and are as at be by for from has have in is it its of on or that the their this to was we were will with our not but all can each who what when how they").split(" ");
  // The words the box prints come from the page (data-* on the form, from the site's language),
  // with English for a site template that does not give them.
  function say(name, fallback) {
    var text = box.getAttribute("data-" + name);
    return text === null ? fallback : text;
  }
  var KINDS = { page: "Page", section: "Section", person: "Person", team: "Team", strategy: "Strategy", agenda: "Agenda",
    challenge: "Challenge", goal: "Goal", benchmark: "Benchmark", step: "Action step" };
  for (var kind in KINDS) KINDS[kind] = say("kind-" + kind, KINDS[kind]);
  var NONE = say("none", "No results for “{query}”."), FAILED = say("failed", "The search index could not be loaded.");
  var ONE = say("one", "{n} result"), OTHER = say("other", "{n} results");
  // Ties go to the plan itself first: strategies, then what they are made of, then the rest.
  var ORDER = ["strategy", "challenge", "team", "person", "goal", "benchmark", "step", "agenda", "section", "page"];
  // What a match is worth by where the term stands (see src/views/search.rs): body 1, field 2, title 3.
  var WORTH = [0, 1, 4, 10];
  var active = -1;
  box.hidden = false;

  // Spanish (an index with "lang": "es"): its stop words, accents folded, a light stemmer.
  var STOP_ES = ("al como con de del el ella ellos en entre era es esta estas este esto estos la las le les lo los mas mi muy nos para pero por que se sin sobre son su sus un una uno unos ya").split(" ");
  function spanish() { return !!(window.clockworkSearch && window.clockworkSearch.lang === "es"); }
  function fold(w) { return w.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  function stemEs(w) {
    var n = w.length;
    if (n > 4 && /ces$/.test(w)) w = w.slice(0, -3) + "z";
    else if (n > 4 && /[rlndzj]es$/.test(w)) w = w.slice(0, -2);
    else if (n > 3 && /s$/.test(w)) w = w.slice(0, -1);
    if (w.length > 4 && /[aoe]$/.test(w)) w = w.slice(0, -1);
    return w;
  }
  function stem(w) {
    if (spanish()) return stemEs(w);
    var n = w.length;
    if (n > 4 && /ies$/.test(w)) return w.slice(0, -3) + "y";
    if (n > 5 && /ing$/.test(w)) return w.slice(0, -3);
    if (n > 4 && /ed$/.test(w) && !/eed$/.test(w)) return w.slice(0, -2);
    if (n > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }
  function words(text) {
    var stop = spanish() ? STOP_ES : STOP;
    return fold(text.toLowerCase()).split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length > 1 && stop.indexOf(w) < 0;
    });
  }
  function load(then) {
    if (window.clockworkSearch) return then();
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = then;
    s.onerror = function () { status.textContent = FAILED; };
    document.head.appendChild(s);
  }
  // A term's postings: base-36 (gap * 4 + weight), so each document's id and where the term stands.
  function add(found, encoded, factor) {
    var last = 0;
    encoded.split(",").forEach(function (g) {
      var v = parseInt(g, 36), worth = WORTH[v & 3] * factor;
      last += Math.floor(v / 4);
      if (!(found[last] >= worth)) found[last] = worth;
    });
  }
  // Whether two words are one typo apart: a letter changed, added, dropped or two swapped.
  function oneTypo(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  // The documents a query word finds, with what each match is worth: the word itself, words it
  // begins (for the word being typed), and, when neither finds anything, a word of five letters
  // or more one typo away ("attendence").
  function matches(word, prefix) {
    var terms = window.clockworkSearch.terms, found = {}, key, any = false;
    var stemmed = stem(word);
    if (terms[stemmed]) add(found, terms[stemmed], 1);
    if (prefix) {
      for (key in terms) {
        if (key.length > word.length && key.lastIndexOf(word, 0) === 0) add(found, terms[key], 0.8);
      }
    }
    for (key in found) { any = true; break; }
    if (!any && word.length >= 5) {
      for (key in terms) {
        if (oneTypo(stemmed, key) || oneTypo(word, key)) add(found, terms[key], 0.5);
      }
    }
    return found;
  }
  function search(query) {
    var q = words(query);
    if (!q.length) return [];
    var docs = window.clockworkSearch.docs, sets = q.map(function (w, k) { return matches(w, k === q.length - 1); });
    var hits = Object.keys(sets[0]).filter(function (id) {
      return sets.every(function (s) { return s[id]; });
    });
    return hits.map(function (id) {
      var score = 0;
      sets.forEach(function (s) { score += s[id]; });
      return { doc: docs[id], score: score };
    }).sort(function (a, b) {
      return b.score - a.score || ORDER.indexOf(a.doc[1]) - ORDER.indexOf(b.doc[1]) || a.doc[0].localeCompare(b.doc[0]);
    }).slice(0, 20);
  }
  // The query's words marked in `text`, found as the index finds them (lower case, accents
  // folded: "evaluacion" marks "evaluación").
  function highlighted(text, q) {
    var frag = document.createDocumentFragment();
    if (!q.length) { frag.appendChild(document.createTextNode(text)); return frag; }
    var folded = "", at = [];
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i)), f = fold(ch.toLowerCase());
      for (var k = 0; k < f.length; k++) at.push(i);
      folded += f;
      i += ch.length;
    }
    at.push(text.length);
    var re = new RegExp("(" + q.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "g");
    var last = 0, m;
    while ((m = re.exec(folded))) {
      if (!m[0].length) { re.lastIndex++; continue; }
      var start = at[m.index], end = at[m.index + m[0].length];
      frag.appendChild(document.createTextNode(text.slice(last, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      frag.appendChild(mark);
      last = end;
    }
    frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }
  function render() {
    var query = input.value.trim(), q = words(query);
    list.textContent = "";
    active = -1;
    if (!query) { status.textContent = ""; list.hidden = true; return; }
    var results = search(query);
    status.textContent = results.length
      ? (results.length === 1 ? ONE : OTHER).split("{n}").join(String(results.length))
      : NONE.split("{query}").join(query);
    results.forEach(function (r, i) {
      var li = document.createElement("li"), a = document.createElement("a"), kind = document.createElement("span"), p = document.createElement("p");
      li.id = "search-result-" + i;
      li.setAttribute("role", "option");
      a.href = root + r.doc[2];
      kind.className = "search-kind";
      kind.textContent = KINDS[r.doc[1]] || r.doc[1];
      a.appendChild(kind);
      a.appendChild(highlighted(r.doc[0], q));
      p.appendChild(highlighted(r.doc[3], q));
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    list.hidden = !results.length;
  }
  function move(step) {
    var items = list.querySelectorAll("li");
    if (!items.length) return;
    if (active >= 0) items[active].removeAttribute("aria-selected");
    active = (active + step + items.length) % items.length;
    items[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }
  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("input", function () { load(render); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); list.querySelectorAll("a")[active].click(); }
    else if (e.key === "Escape") { input.value = ""; render(); }
  });
  box.addEventListener("submit", function (e) { e.preventDefault(); load(render); });
})();

/* On a narrow screen a wide flowchart scrolls inside its frame. Start with its first team (the
   top tier) in the middle of the view, rather than at the chart's empty left edge. */
(function () {
  "use strict";
  var frames = document.querySelectorAll(".flowchart-frame");
  for (var i = 0; i < frames.length; i++) {
    var frame = frames[i], team = frame.querySelector("a.team");
    if (!team || frame.scrollWidth <= frame.clientWidth) continue;
    var f = frame.getBoundingClientRect(), t = team.getBoundingClientRect();
    frame.scrollLeft += t.left + t.width / 2 - (f.left + f.width / 2);
  }
})();
