// Checks the browser tests run on many pages: the crawl, axe-core, and the page structure.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { AXE } from "./harness.js";

/** The links a reader can see and click on the open page (SVG links included). */
function clickableLinks(p) {
  return p.$$eval("a[href]", (links) => links
    .filter((a) => {
      const r = a.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(a).visibility !== "hidden";
    })
    .map((a) => new URL(a.getAttribute("href"), document.baseURI).href));
}

/**
 * Breadth-first over the clickable links of the site built in `out` and opened at `base`, from
 * `start`: returns the pages reached, what went wrong (console errors, failed requests, links to
 * missing files or anchors) and each page's weight in bytes (HTML + the CSS and JS it loads).
 */
export async function crawl(p, out, base, start) {
  const reached = new Set();
  const ids = new Map(); // page -> ids on it
  const anchors = []; // [from, page, id]
  const problems = [];
  const weights = new Map();
  const queue = [start];
  const queued = new Set(queue);
  while (queue.length) {
    const url = queue.shift();
    p.problems.length = 0;
    await p.goto(url);
    const loads = await p.$$eval("link[rel=stylesheet], script[src]", (els) => els.map((e) => e.href || e.src));
    weights.set(url, [url, ...loads].reduce((n, u) => n + statSync(path.join(out, decodeURIComponent(u.slice(base.length)))).size, 0));
    reached.add(url);
    problems.push(...p.problems.map((m) => `${url}: ${m}`));
    ids.set(url, new Set(await p.$$eval("[id]", (els) => els.map((e) => e.id))));
    for (const link of await clickableLinks(p)) {
      if (!link.startsWith(base)) continue; // mailto: and the like
      const [target, hash] = link.split("#");
      if (hash) anchors.push([url, target, decodeURIComponent(hash)]);
      const rel = decodeURIComponent(target.slice(base.length));
      if (!rel.endsWith(".html")) {
        if (!existsSync(path.join(out, rel))) problems.push(`${url}: link to a missing file ${rel}`);
        continue;
      }
      if (!queued.has(target)) {
        queued.add(target);
        queue.push(target);
      }
    }
  }
  for (const [from, target, id] of anchors) {
    if (ids.has(target) && !ids.get(target).has(id)) problems.push(`${from}: link to #${id}, which ${target} does not have`);
  }
  return { reached, problems, weights };
}

/** axe-core's serious and critical violations on the open page, one line each. */
export async function axe(p) {
  await p.addScriptTag({ path: AXE });
  const result = await p.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} (${n.failureSummary.split("\n").slice(1).join(" ").trim()})`).join("; ")}`);
}

/** Structure an assistive technology relies on, checked in the page (`p.evaluate(structure)`). */
export function structure() {
  const problems = [];
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => ({ level: +h.tagName[1], text: h.textContent.trim() }));
  const h1s = headings.filter((h) => h.level === 1).length;
  if (h1s !== 1) problems.push(`${h1s} h1 elements`);
  if (headings[0]?.level !== 1) problems.push(`the first heading is not the h1: ${JSON.stringify(headings[0])}`);
  headings.forEach((h, i) => {
    if (i > 0 && h.level > headings[i - 1].level + 1) problems.push(`h${headings[i - 1].level} "${headings[i - 1].text}" is followed by h${h.level} "${h.text}"`);
    if (!h.text) problems.push(`an empty h${h.level}`);
  });
  const landmark = (sel) => document.querySelectorAll(sel).length;
  if (landmark("body > header") !== 1) problems.push("no banner (body > header)");
  if (landmark("body > footer") !== 1) problems.push("no contentinfo (body > footer)");
  if (landmark("main") !== 1) problems.push("not exactly one main");
  if (!landmark("body > header nav.site-nav[aria-label]")) problems.push("no main navigation");
  for (const s of document.querySelectorAll(".status")) {
    if (!s.textContent.trim()) problems.push(`a status badge without words: ${s.outerHTML}`);
    if (s.closest("[aria-hidden=true]")) problems.push(`a status hidden from assistive technology: ${s.outerHTML}`);
  }
  return { problems, statuses: document.querySelectorAll(".status").length };
}
