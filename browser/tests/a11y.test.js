// Accessibility: axe-core finds no serious or critical violation on any page kind, in light
// and dark mode; on every page a status is written as text (colour only repeats it), there is
// one h1 and no heading level is skipped, and the landmarks are there; keyboard focus shows.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { build, serve, browser, page, fileUrl, htmlFiles, KINDS, STAFF_KINDS } from "./harness.js";
import { axe, structure } from "./page-checks.js";

let out, staff, server, staffServer, chrome;
before(async () => {
  out = build();
  staff = build(undefined, "--audience", "staff");
  server = await serve(out);
  staffServer = await serve(staff);
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  server?.close();
  staffServer?.close();
});

// Over http: axe reads the stylesheets with XMLHttpRequest, which file:// pages may not do.
const kinds = () => [
  ...Object.entries(KINDS).map(([kind, rel]) => [kind, server.url + rel]),
  ...Object.entries(STAFF_KINDS).map(([kind, rel]) => [`${kind} (staff build)`, staffServer.url + rel]),
];

for (const colorScheme of ["light", "dark"]) {
  test(`axe finds no serious or critical violation on any page kind (${colorScheme})`, async () => {
    const p = await page(chrome, { colorScheme });
    const found = [];
    for (const [kind, url] of kinds()) {
      await p.goto(url);
      found.push(...(await axe(p)).map((v) => `${kind} (${url}): ${v}`));
    }
    assert.deepEqual(found, []);
    assert.deepEqual(p.problems, []);
    await p.close();
  });
}

test("axe finds no serious or critical violation on the Spanish pages of every kind", async () => {
  const p = await page(chrome);
  const found = [];
  for (const [kind, rel] of Object.entries(KINDS)) {
    await p.goto(server.url + "es/" + rel);
    assert.equal(await p.getAttribute("html", "lang"), "es", rel);
    found.push(...(await axe(p)).map((v) => `${kind} (es/${rel}): ${v}`));
  }
  assert.deepEqual(found, []);
  assert.deepEqual(p.problems, []);
  await p.close();
});

test("every page: one h1, headings in order, landmarks, statuses in words", async () => {
  const p = await page(chrome);
  const pages = [...htmlFiles(out).map((f) => [out, f]), [staff, "checks/index.html"]];
  const found = [];
  let statuses = 0;
  for (const [dir, rel] of pages) {
    await p.goto(fileUrl(dir, rel));
    const s = await p.evaluate(structure);
    found.push(...s.problems.map((m) => `${rel}: ${m}`));
    statuses += s.statuses;
  }
  assert.deepEqual(found, []);
  assert.ok(statuses > 100, `the example shows many statuses (${statuses})`);
  await p.close();
});

/** How the focused element is drawn: its outline, or a box shadow standing in for one. */
const focusRing = () => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return { tag: e.tagName, text: e.textContent.trim(), outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== "none", visible: e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().left >= 0 };
};

test("keyboard focus is visible: the skip link, then every link", async () => {
  const p = await page(chrome);
  await p.goto(fileUrl(out, "strategies/early-literacy/index.html"));
  await p.keyboard.press("Tab");
  const skip = await p.evaluate(focusRing);
  assert.equal(skip.text, "Skip to content");
  assert.ok(skip.visible && (skip.outline || skip.shadow), JSON.stringify(skip));
  const seen = [];
  for (let i = 0; i < 12; i++) {
    await p.keyboard.press("Tab");
    const f = await p.evaluate(focusRing);
    seen.push(f);
    assert.ok(f.outline || f.shadow, `focus shows on ${JSON.stringify(f)}`);
  }
  assert.ok(seen.some((f) => f.text === "Teams"), "tabbing reaches the navigation");
  // The skip link moves the reader past the header.
  await p.goto(fileUrl(out, "strategies/early-literacy/index.html"));
  await p.keyboard.press("Tab");
  await p.keyboard.press("Enter");
  await p.keyboard.press("Tab");
  assert.ok(await p.evaluate(() => document.querySelector("main").contains(document.activeElement)), "after the skip link, focus is in the main content");
  await p.close();
});
