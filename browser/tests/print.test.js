// Print: every strategy page of the example prints to PDF on one page, on Letter and on A4,
// without the site's navigation, and with its goals, benchmarks and action steps.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { build, browser, page, fileUrl, htmlFiles } from "./harness.js";

let out, chrome;
before(async () => {
  out = build();
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
});

/** Page objects in a PDF as Chromium writes it (`/Type /Page`, not `/Type /Pages`). */
const pdfPages = (pdf) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;

test("the page counter counts pages", async () => {
  const p = await page(chrome);
  await p.setContent(`<p>one</p><p style="break-before: page">two</p><p style="break-before: page">three</p>`);
  assert.equal(pdfPages(await p.pdf({ format: "A4" })), 3);
  await p.close();
});

test("a strategy page prints on one page, on Letter and on A4", async () => {
  const strategies = htmlFiles(out).filter((f) => /^strategies\/[^/]+\/index\.html$/.test(f));
  assert.ok(strategies.length >= 3, JSON.stringify(strategies));
  const p = await page(chrome);
  for (const rel of strategies) {
    await p.goto(fileUrl(out, rel));
    await p.emulateMedia({ media: "print" });
    const printed = await p.evaluate(() => {
      const shown = (s) => [...document.querySelectorAll(s)].some((e) => e.getClientRects().length > 0);
      return {
        nav: shown(".site-nav") || shown(".site-header") || shown(".breadcrumbs"),
        goals: document.querySelectorAll(".goal").length,
        steps: shown(".steps-table"),
        benchmarks: shown(".benchmark"),
      };
    });
    assert.equal(printed.nav, false, `${rel}: no navigation on paper`);
    assert.ok(printed.goals > 0 && printed.steps && printed.benchmarks, `${rel}: ${JSON.stringify(printed)}`);
    for (const format of ["Letter", "A4"]) {
      const pages = pdfPages(await p.pdf({ format }));
      assert.equal(pages, 1, `${rel} prints on ${pages} ${format} pages`);
    }
  }
  assert.deepEqual(p.problems, []);
  await p.close();
});
