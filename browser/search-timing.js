// Times site search in headless Chromium on a built site, opened from file://:
//   node browser/search-timing.js DIR [query ...]
// Prints how long search-index.js takes to load after the search box is focused, and how long
// each query takes from the input event to the results list (search.js renders synchronously
// once the index is loaded). The search figures in docs/performance.md come from a generated 10,000-page site.
import { statSync } from "node:fs";
import path from "node:path";
import { browser, fileUrl } from "./tests/harness.js";

const [dir, ...asked] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node browser/search-timing.js BUILT_SITE_DIR [query ...]");
  process.exit(2);
}
const queries = asked.length ? asked : ["phonics", "walkthrough data", "attendance team", "stud", "teachers phonics screener"];
const chrome = await browser();
const page = await (await chrome.newContext()).newPage();
await page.goto(fileUrl(path.resolve(dir), "index.html"));
const bytes = statSync(path.join(dir, "search-index.js")).size;
const load = await page.evaluate(() => new Promise((done) => {
  const t0 = performance.now();
  document.querySelector("#search-input").dispatchEvent(new Event("focus"));
  (function wait() {
    if (window.clockworkSearch) done(performance.now() - t0);
    else setTimeout(wait, 1);
  })();
}));
console.log(`search-index.js: ${(bytes / 1e6).toFixed(2)} MB, loaded in ${load.toFixed(0)} ms`);
for (const q of queries) {
  const [ms, hits] = await page.evaluate((q) => {
    const input = document.querySelector("#search-input");
    input.value = q;
    const t0 = performance.now();
    input.dispatchEvent(new Event("input"));
    return [performance.now() - t0, document.querySelectorAll("#search-results li").length];
  }, q);
  console.log(`"${q}": ${hits} results shown in ${ms.toFixed(1)} ms`);
}
await chrome.close();
