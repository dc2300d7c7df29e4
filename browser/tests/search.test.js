// Site search works from file:// and over http: typing a query shows the expected result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, fileUrl, servedSite } from "./harness.js";

const site = servedSite();

async function searchFor(p, query) {
  await p.fill("#search-input", query);
  await p.waitForSelector("#search-results li", { timeout: 5000 });
  return p.$$eval("#search-results li", (items) => items.map((li) => ({
    kind: li.querySelector(".search-kind").textContent,
    title: li.querySelector("a").textContent,
    href: li.querySelector("a").getAttribute("href"),
    marks: [...li.querySelectorAll("mark")].map((m) => m.textContent.toLowerCase()),
  })));
}

for (const [where, url] of [["file://", () => fileUrl(site.out, "teams/maple-ilt/index.html")], ["http", () => site.server.url + "teams/maple-ilt/index.html"]]) {
  test(`search finds a strategy by a word of its goals (${where})`, async () => {
    const p = await page(site.chrome);
    await p.goto(url());
    const results = await searchFor(p, "screener");
    const hit = results.find((r) => r.href.endsWith("strategies/early-literacy/index.html"));
    assert.ok(hit, JSON.stringify(results));
    assert.equal(hit.kind, "Strategy");
    await p.keyboard.press("ArrowDown");
    assert.equal(await p.getAttribute("#search-results li:first-child", "aria-selected"), "true");
    assert.deepEqual(p.problems, []);
    await p.close();
  });

  test(`search results link to the page, and a prefix query highlights (${where})`, async () => {
    const p = await page(site.chrome);
    await p.goto(url());
    const results = await searchFor(p, "Renée Castil");
    const hit = results.find((r) => r.kind === "Person");
    assert.ok(hit, JSON.stringify(results));
    assert.ok(hit.marks.some((m) => m.startsWith("castil")), JSON.stringify(hit));
    await p.click(`#search-results a[href="${hit.href}"]`);
    await p.waitForLoadState();
    assert.match(p.url(), /people\/renee-castillo\/index\.html$/);
    assert.deepEqual(p.problems, []);
    await p.close();
  });
}

test("no results says so", async () => {
  const p = await page(site.chrome);
  await p.goto(fileUrl(site.out));
  await p.fill("#search-input", "zzzyzzx");
  await p.waitForFunction(() => document.querySelector("#search-status").textContent.includes("No results"));
  await p.close();
});
