// Navigation: from the home page a reader reaches every page by following the links they can
// see and click, from a folder (file://) and from a web server; every link and anchor lands;
// the main navigation and the breadcrumbs go where they say; no console errors, no failed
// requests; and no page weighs more than a small budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, htmlFiles, WHERE, siteUrl, servedSite } from "./harness.js";
import { crawl } from "./page-checks.js";

// HTML + the CSS and JS it loads (the search index is loaded only when someone searches).
const PAGE_BUDGET = 200 * 1024;

const site = servedSite();

// Pages whose every breadcrumb is clicked: the deepest (an agenda) and a page in a section.
const CLICK_CRUMBS = ["agendas/maple-ilt/2026-11-17/index.html", "resources/glossary/index.html"];

for (const where of WHERE) {
  const url = (rel) => siteUrl(where, site.out, site.server, rel);
  test(`every page is reached by clicks from the home page, with no errors (${where})`, async () => {
    const base = url("");
    const p = await page(site.chrome);
    const { reached, problems, weights } = await crawl(p, site.out, base, url("index.html"));
    await p.close();
    assert.deepEqual(problems, []);
    // No link leads to a 404 page (the site's, or a language tree's): the server shows it.
    const pages = htmlFiles(site.out).filter((f) => !/^([a-z]{2}\/)?404\.html$/.test(f));
    const unreached = pages.filter((f) => !reached.has(url(f)));
    assert.deepEqual(unreached, [], "pages no link leads to");
    for (const kind of ["teams", "strategies", "people"]) {
      assert.ok(pages.some((f) => f.startsWith(`${kind}/`) && f.split("/").length === 3), `the example has ${kind} pages`);
    }
    assert.ok(pages.some((f) => /^agendas\/[^/]+\/[^/]+\/index\.html$/.test(f)), "the example has agenda pages");
    if (where === "file://") {
      const [heaviest, bytes] = [...weights].sort((a, b) => b[1] - a[1])[0];
      console.log(`# heaviest page: ${heaviest.slice(base.length)}, ${bytes} bytes (HTML + CSS + JS)`);
      const over = [...weights].filter(([, n]) => n > PAGE_BUDGET).map(([u, n]) => `${u}: ${n} bytes`);
      assert.deepEqual(over, [], `pages over the ${PAGE_BUDGET}-byte budget`);
    }
  });

  test(`the main navigation goes to each section and marks it (${where})`, async () => {
    const p = await page(site.chrome);
    const start = url("agendas/maple-ilt/2026-11-17/index.html");
    await p.goto(start);
    const items = await p.$$eval("nav[aria-label=Main] a", (as) => as.map((a) => ({ text: a.textContent.trim(), href: a.href })));
    assert.deepEqual(items.map((i) => i.text), ["Home", "Teams", "Strategies", "Calendar", "People"]);
    for (const item of items) {
      await p.goto(start);
      await p.getByRole("navigation", { name: "Main" }).getByRole("link", { name: item.text, exact: true }).click();
      await p.waitForURL(item.href);
      const current = await p.$$eval("nav[aria-label=Main] a[aria-current=page]", (as) => as.map((a) => a.textContent.trim()));
      assert.deepEqual(current, [item.text], `on ${item.href}`);
      if (item.text !== "Home") assert.equal((await p.textContent("h1")).trim(), item.text);
    }
    assert.deepEqual(p.problems, []);
    await p.close();
  });

  test(`breadcrumbs name the way up, and lead to the pages they name (${where})`, async () => {
    const p = await page(site.chrome);
    for (const rel of ["agendas/maple-ilt/2026-11-17/index.html", "teams/maple-ilt/index.html", "strategies/early-literacy/index.html", "people/renee-castillo/index.html", "resources/glossary/index.html", "calendar/index.html"]) {
      await p.goto(url(rel));
      const crumbs = await p.$$eval("nav[aria-label=Breadcrumb] li", (lis) => lis.map((li) => ({ text: li.textContent.trim(), href: li.querySelector("a")?.href ?? null, current: li.querySelector("[aria-current=page]") !== null })));
      assert.ok(crumbs.length >= 2, `${rel}: ${JSON.stringify(crumbs)}`);
      assert.equal(crumbs[0].text, "Home");
      const last = crumbs.at(-1);
      assert.ok(last.current && last.href === null, `${rel}: the last crumb is the page itself`);
      assert.equal(last.text, (await p.textContent("h1")).trim(), rel);
      for (const [i, crumb] of crumbs.slice(0, -1).entries()) {
        assert.ok(crumb.href, `${rel}: crumb ${crumb.text} is a link`);
        if (!CLICK_CRUMBS.includes(rel)) continue; // the crawl follows the others
        await p.goto(url(rel));
        await p.locator("nav[aria-label=Breadcrumb] li").nth(i).getByRole("link").click();
        await p.waitForURL(crumb.href);
        if (i === 0) assert.equal(crumb.href, url("index.html"));
        else assert.equal((await p.textContent("h1")).trim(), crumb.text, `${rel}: crumb ${i}`);
      }
    }
    assert.deepEqual(p.problems, []);
    await p.close();
  });
}
