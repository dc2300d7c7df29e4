// The calendar opens on the as-of week: the weeks before it are folded away, at desktop and
// phone widths, and the month grid beside (or above) the list opens on the as-of month.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { build, browser, page, fileUrl } from "./harness.js";

let out, chrome;
before(async () => {
  out = build();
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
});

for (const [name, viewport] of [["1280 px", { width: 1280, height: 900 }], ["390 px", { width: 390, height: 844 }]]) {
  test(`the first week a reader sees holds the as-of date (${name})`, async () => {
    const p = await page(chrome, { viewport });
    await p.goto(fileUrl(out, "calendar/index.html"));
    const seen = await p.evaluate(() => {
      const visible = [...document.querySelectorAll("section.week")].filter((s) => s.checkVisibility());
      const grid = document.querySelector("details.month[open] summary");
      const today = document.querySelector("details.month[open] td.today");
      return { first: visible[0]?.id, heading: visible[0]?.querySelector("h2").textContent, month: grid?.textContent, today: today?.textContent.trim() };
    });
    // The example pins as_of 2026-11-20, a Friday: the week of Monday November 16.
    assert.equal(seen.first, "week-2026-11-16", JSON.stringify(seen));
    assert.match(seen.heading, /this week/);
    assert.equal(seen.month, "November 2026");
    assert.match(seen.today, /^20/);
    // Clock times read on a 12-hour clock, as the teams' cadences do.
    const times = await p.$$eval("section.week.current .time", (t) => t.map((e) => e.textContent));
    assert.ok(times.length && times.every((t) => /\d(:\d\d)? ?[ap]m$/.test(t)), JSON.stringify(times));
    // A busy day of the grid leads to its week.
    await p.click('details.month[open] td.busy a[href="#week-2026-11-23"]');
    assert.match(p.url(), /#week-2026-11-23$/);
    assert.deepEqual(p.problems, []);
    await p.close();
  });
}

test("an earlier week opens from the month grid", async () => {
  const p = await page(chrome, { viewport: { width: 1280, height: 900 } });
  await p.goto(fileUrl(out, "calendar/index.html#week-2026-09-14"));
  const shown = await p.evaluate(() => document.getElementById("week-2026-09-14").checkVisibility());
  assert.ok(shown, "navigating to a folded week opens it");
  await p.close();
});
