// Print: strategy pages, the plan packet, agendas and the teams page print to PDF on few
// pages, on Letter and on A4, without the site's navigation, with every status as a word
// and a mark, and chart text large enough to read (8 pt or more).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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

test("a strategy page prints on at most two pages, on Letter and on A4", async () => {
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
      assert.ok(pages <= 2, `${rel} prints on ${pages} ${format} pages`);
    }
  }
  assert.deepEqual(p.problems, []);
  await p.close();
});

/** The text of each page of a PDF, read by Python's pypdf (as a reader's PDF tool would). */
function pdfText(pdf) {
  const dir = mkdtempSync(path.join(tmpdir(), "clockwork-pdf-"));
  const file = path.join(dir, "out.pdf");
  writeFileSync(file, pdf);
  const script = "import sys, json, pypdf\nr = pypdf.PdfReader(sys.argv[1])\nprint(json.dumps([p.extract_text() for p in r.pages]))";
  const run = spawnSync("python3", ["-c", script, file], { encoding: "utf8" });
  assert.equal(run.status, 0, `pypdf could not read the PDF (pip install pypdf): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

test("the plan packet prints as one document: a cover, each strategy on at most two pages, statuses in words", async () => {
  const p = await page(chrome);
  await p.goto(fileUrl(out, "plan/index.html"));
  for (const format of ["Letter", "A4"]) {
    const pages = pdfText(await p.pdf({ format }));
    const starts = pages.map((t, i) => [t, i]).filter(([t]) => /MAJOR IMPROVEMENT STRATEGY \d OF \d/.test(t)).map(([, i]) => i);
    assert.equal(starts.length, 3, `${format}: three strategies, each starting a page`);
    const after = pages.findIndex((t, i) => i > starts[2] && /Priority performance challenges/.test(t));
    const spans = starts.map((s, k) => (k + 1 < starts.length ? starts[k + 1] : after) - s);
    assert.ok(spans.every((n) => n >= 1 && n <= 2), `${format}: pages per strategy ${spans}`);
    const all = pages.join("\n");
    assert.match(pages[0], /Cedar Valley School District/);
    assert.match(pages[0], /Status as of November 20, 2026/);
    assert.match(pages[1], /Contents/);
    for (const words of ["on track", "off track", "target reached so far", "due by January 22", "overdue", "partially met", "not met"]) {
      assert.ok(all.includes(words), `${format}: "${words}" survives in print`);
    }
    // The marks print as well as the words.
    for (const mark of ["✓", "✗", "◐", "…", "!"]) assert.ok(all.includes(mark), `${format}: the mark ${mark} prints`);
    // Every page but the cover carries the running head and a page number.
    for (const [i, t] of pages.entries()) {
      if (i > 0) assert.match(t, /status as of November 20, 2026/, `${format} page ${i + 1} has the running head`);
      assert.match(t, new RegExp(`${i + 1} / ${pages.length}`), `${format} page ${i + 1} is numbered`);
    }
  }
  assert.deepEqual(p.problems, []);
  await p.close();
});

test("an agenda prints on one or two pages", async () => {
  const agendas = htmlFiles(out).filter((f) => /^agendas\/[^/]+\/[^/]+\/index\.html$/.test(f));
  assert.ok(agendas.length >= 5, JSON.stringify(agendas));
  const p = await page(chrome);
  for (const rel of agendas) {
    await p.goto(fileUrl(out, rel));
    for (const format of ["Letter", "A4"]) {
      const pages = pdfPages(await p.pdf({ format }));
      assert.ok(pages <= 2, `${rel} prints on ${pages} ${format} pages`);
    }
  }
  await p.close();
});

test("the teams page prints without near-empty pages", async () => {
  const p = await page(chrome);
  await p.goto(fileUrl(out, "teams/index.html"));
  for (const format of ["Letter", "A4"]) {
    const pages = pdfText(await p.pdf({ format }));
    assert.ok(pages.length <= 5, `${format}: ${pages.length} pages`);
    const thin = pages.slice(0, -1).map((t) => t.length).filter((n) => n < 400);
    assert.deepEqual(thin, [], `${format}: pages with almost nothing on them: ${pages.map((t) => t.length)}`);
  }
  await p.close();
});

test("chart text prints at 8 pt or more", async () => {
  // The printable width of A4 with the stylesheet's margins (210 mm - 2 x 10 mm) at 96 px/in.
  const p = await page(chrome, { viewport: { width: Math.floor((190 / 25.4) * 96), height: 1100 } });
  for (const rel of ["strategies/early-literacy/index.html", "plan/index.html"]) {
    await p.goto(fileUrl(out, rel));
    await p.emulateMedia({ media: "print" });
    const smallest = await p.evaluate(() => Math.min(...[...document.querySelectorAll("svg.chart text")].map((t) => {
      const scale = t.ownerSVGElement.getScreenCTM().a;
      return parseFloat(getComputedStyle(t).fontSize) * scale * 0.75;
    })));
    assert.ok(smallest >= 8, `${rel}: chart text prints at ${smallest.toFixed(1)} pt`);
  }
  await p.close();
});
