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

/** The results of a query, once the status says how many there are. */
async function ranked(p, query) {
  await p.fill("#search-input", query);
  await p.waitForFunction(() => /result/.test(document.querySelector("#search-status").textContent));
  return p.$$eval("#search-results li a", (links) => links.map((a) => ({
    kind: a.querySelector(".search-kind").textContent,
    href: a.getAttribute("href"),
    text: a.textContent,
  })));
}

// What a reader typing each query expects first, on the example site at its pinned date.
const RANKING = [
  ["literacy", (r) => r.kind === "Strategy" && /strategies\/(district|early)-literacy\/index\.html$/.test(r.href), "a literacy strategy, above the About page and agendas"],
  ["overdue", (r) => r.kind === "Action step" && /early-literacy\/index\.html#a5$/.test(r.href), "the one overdue step"],
  ["attendence", (r) => /attendance/.test(r.href), "attendance despite the typo"],
  ["Marcus Bell", (r) => r.kind === "Person" && /people\/marcus-bell\//.test(r.href), "the person first"],
  ["screener dashboard", (r) => r.kind === "Action step" && /#a\d+$/.test(r.href), "the step that builds it"],
];

for (const [query, expected, why] of RANKING) {
  test(`search ranks for “${query}”: ${why}`, async () => {
    const p = await page(site.chrome);
    await p.goto(fileUrl(site.out));
    const results = await ranked(p, query);
    assert.ok(results.length, `no results for ${query}`);
    assert.ok(expected(results[0]), `${query}: ${JSON.stringify(results.slice(0, 5), null, 1)}`);
    assert.deepEqual(p.problems, []);
    await p.close();
  });
}

test("a person's name finds the strategy and the steps they own", async () => {
  const p = await page(site.chrome);
  await p.goto(fileUrl(site.out));
  const results = await ranked(p, "Marcus Bell");
  assert.ok(results.some((r) => r.kind === "Strategy" && /early-literacy/.test(r.href)), JSON.stringify(results));
  assert.ok(results.some((r) => r.kind === "Action step"), JSON.stringify(results));
  await p.close();
});

test("the result count never covers the navigation", async () => {
  const p = await page(site.chrome, { viewport: { width: 390, height: 844 }, isMobile: true });
  await p.goto(fileUrl(site.out));
  await ranked(p, "team");
  const overlap = await p.evaluate(() => {
    const s = document.querySelector("#search-status").getBoundingClientRect();
    return [...document.querySelectorAll(".site-nav a")].some((a) => {
      const r = a.getBoundingClientRect();
      return r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom;
    });
  });
  assert.equal(overlap, false);
  await p.close();
});

test("Spanish search finds an accented word typed without its accent, and speaks Spanish", async () => {
  const p = await page(site.chrome);
  await p.goto(fileUrl(site.out, "es/index.html"));
  await p.fill("#search-input", "evaluacion universal");
  await p.waitForFunction(() => /resultado/.test(document.querySelector("#search-status").textContent));
  const results = await p.$$eval("#search-results li", (items) => items.map((li) => ({
    kind: li.querySelector(".search-kind").textContent,
    href: li.querySelector("a").getAttribute("href"),
    marks: [...li.querySelectorAll("mark")].map((m) => m.textContent.toLowerCase()),
  })));
  const hit = results.find((r) => /strategies\/early-literacy\/index\.html#g1$/.test(r.href));
  assert.ok(hit, JSON.stringify(results, null, 1));
  assert.equal(hit.kind, "Meta");
  assert.ok(hit.marks.includes("evaluación"), JSON.stringify(hit));
  // The Spanish tree's links stay in it.
  assert.ok(results.every((r) => !r.href.startsWith("../")), JSON.stringify(results));
  assert.deepEqual(p.problems, []);
  await p.close();
});
