// clockwork serve: live reload and the error overlay. Injected only by `clockwork serve`.
(function () {
  "use strict";
  var here = decodeURIComponent(location.pathname.replace(/^\//, ""));
  if (here === "" || here.endsWith("/")) here += "index.html";
  var box = null;

  function show(errors) {
    if (!box) {
      box = document.createElement("div");
      box.id = "clockwork-errors";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#fff5f5;color:#1a1a1a;border-top:4px solid #c62828;padding:1rem 1.25rem;" +
        "font:15px/1.45 system-ui,sans-serif;box-shadow:0 -4px 24px rgba(0,0,0,.25)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var h = document.createElement("strong");
    h.textContent = errors.length === 1 ? "1 error: the site was not rebuilt" : errors.length + " errors: the site was not rebuilt";
    box.appendChild(h);
    var p = document.createElement("p");
    p.style.margin = ".25rem 0 .5rem";
    p.textContent = "You are looking at the last good version. Fix the file and save: this goes away by itself.";
    box.appendChild(p);
    var ul = document.createElement("ul");
    ul.style.cssText = "margin:0;padding-left:1.25rem";
    errors.forEach(function (e) {
      var li = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = e.file + ":" + e.line + ":" + e.column;
      li.appendChild(where);
      li.appendChild(document.createTextNode(" " + e.message + " [" + e.rule + "]"));
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function hide() {
    if (box) { box.remove(); box = null; }
  }

  // The build's state now. Asked again once the event stream is open ("hello"), so that a
  // build that failed between the page's load and the stream's start still shows.
  // A page older than the last good build (it was rebuilt while this page loaded) reloads.
  var script = document.currentScript;
  var built = script && script.dataset.build ? Number(script.dataset.build) : null;
  // Only the answer to the latest question counts, and none asked before a later event.
  var asked = 0;
  function sync() {
    var mine = ++asked;
    fetch("/__clockwork/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (mine !== asked) return;
        if (s.ok && built !== null && s.build > built) { location.reload(); return; }
        if (s.ok) hide(); else show(s.errors);
      })
      .catch(function () {});
  }
  sync();

  var events = new EventSource("/__clockwork/events");
  events.addEventListener("hello", sync);
  events.addEventListener("reload", function (e) {
    asked++;
    var changed = JSON.parse(e.data);
    var mine = changed.some(function (path) { return path === here || !/\.html$/.test(path); });
    if (mine) location.reload(); else hide();
  });
  events.addEventListener("errors", function (e) { asked++; show(JSON.parse(e.data)); });
  events.addEventListener("ok", function () { asked++; hide(); });

  // `serve --edit`: a form is sent in the background, so a refusal shows beside the form
  // (the server's own reason) and the page stays where it was. Without this script the
  // form posts as plain HTML and the server answers with a page.
  var words = document.querySelector('meta[name="clockwork-edit"]');
  function say(form, role, text) {
    var old = form.nextElementSibling;
    if (old && old.classList.contains("edit-said")) old.remove();
    if (!text) return;
    var p = document.createElement("p");
    p.className = "edit-said " + (role === "alert" ? "edit-refused" : "edit-saved");
    p.setAttribute("role", role);
    p.textContent = text;
    form.insertAdjacentElement("afterend", p);
  }
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!words || !form.classList || !form.classList.contains("edit-form")) return;
    e.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    say(form, "status", words.dataset.saving);
    fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), cache: "no-store" })
      .then(function (r) {
        return r.text().then(function (html) {
          if (r.ok) { say(form, "status", words.content); return; }
          var why = new DOMParser().parseFromString(html, "text/html").querySelector(".edit-refused");
          say(form, "alert", why ? why.textContent : "The change was not saved (" + r.status + ").");
        });
      })
      .catch(function () { say(form, "alert", "The preview did not answer: is clockwork serve still running?"); })
      .then(function () { if (button) button.disabled = false; });
  });
})();
