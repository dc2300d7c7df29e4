// Phone width (390 px): no page scrolls sideways or cuts off content (a wide flowchart or
// table scrolls inside its own frame), and the main navigation is usable: every link visible,
// big enough to tap, not overlapped, and it works.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { build, browser, page, fileUrl, htmlFiles, KINDS } from "./harness.js";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let out, staff, chrome;
before(async () => {
  out = build();
  staff = build(undefined, "--audience", "staff");
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
});

/** Elements that stick out of the viewport without a scrolling frame of their own to hold them. */
function overflowing() {
  const width = document.documentElement.clientWidth;
  const scrolls = (e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX);
  const held = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (scrolls(a)) return true;
    return false;
  };
  const out = [];
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 0.5 || held(e)) continue;
    if (e.closest(".skip, .visually-hidden")) continue;
    out.push(`${e.tagName.toLowerCase()}${e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""} right=${Math.round(r.right)}`);
  }
  return { page: document.documentElement.scrollWidth, width, out: out.slice(0, 10) };
}

test("no page scrolls sideways or is cut off at 390 px", async () => {
  const p = await page(chrome, PHONE);
  const pages = [...htmlFiles(out).map((f) => [out, f]), [staff, "checks/index.html"]];
  const bad = [];
  for (const [dir, rel] of pages) {
    await p.goto(fileUrl(dir, rel));
    const m = await p.evaluate(overflowing);
    if (m.page > m.width || m.out.length) bad.push(`${rel}: page ${m.page} px wide in ${m.width}; ${m.out.join(", ")}`);
  }
  assert.deepEqual(bad, []);
  assert.deepEqual(p.problems, []);
  await p.close();
});

/** The main navigation's links: their boxes, and whether a tap at the centre reaches them. */
function navLinks() {
  return [...document.querySelectorAll("nav[aria-label=Main] a")].map((a) => {
    const r = a.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return { text: a.textContent.trim(), x: r.x, y: r.y, w: r.width, h: r.height, hit: hit === a || a.contains(hit), style: getComputedStyle(a).visibility };
  });
}

const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

for (const [kind, rel] of Object.entries(KINDS)) {
  test(`the navigation is usable at 390 px (${kind})`, async () => {
    const p = await page(chrome, PHONE);
    await p.goto(fileUrl(out, rel));
    const links = await p.evaluate(navLinks);
    assert.equal(links.length, 5);
    for (const l of links) {
      assert.ok(l.w >= 24 && l.h >= 24, `${l.text} is big enough to tap: ${JSON.stringify(l)}`);
      assert.ok(l.x >= 0 && l.x + l.w <= 390 && l.y >= 0, `${l.text} is on screen: ${JSON.stringify(l)}`);
      assert.ok(l.hit && l.style === "visible", `${l.text} is not covered: ${JSON.stringify(l)}`);
    }
    for (const [i, a] of links.entries()) for (const b of links.slice(i + 1)) assert.ok(!overlap(a, b), `${a.text} and ${b.text} overlap`);
    await p.close();
  });
}

test("tapping each navigation link at 390 px opens its page", async () => {
  const p = await page(chrome, PHONE);
  const start = fileUrl(out, "strategies/early-literacy/index.html");
  for (const name of ["Home", "Teams", "Strategies", "Calendar", "People"]) {
    await p.goto(start);
    const link = p.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
    const href = await link.evaluate((a) => a.href);
    await link.tap();
    await p.waitForURL(href);
  }
  assert.deepEqual(p.problems, []);
  await p.close();
});

/** The visible titles of the first screen: the header's and the page's heading. */
function titles() {
  // innerText is what is rendered: a title hidden at this width is not in it.
  const title = document.querySelector(".site-title");
  const header = title && title.getBoundingClientRect().height > 0 ? [title.innerText.trim()] : [];
  const h1 = document.querySelector("main h1");
  return { header, h1: h1?.textContent.trim(), h1Top: h1?.getBoundingClientRect().top };
}

test("the phone header shows one short title, and the home page's heading the long one", async () => {
  const p = await page(chrome, PHONE);
  await p.goto(fileUrl(out));
  const home = await p.evaluate(titles);
  assert.ok(!home.header.some((t) => t.includes("Improvement Plan")), `the long title is not in the header: ${JSON.stringify(home)}`);
  assert.ok(home.header.includes("Cedar Valley"), JSON.stringify(home));
  assert.equal(home.h1, "Cedar Valley School District — 2026-27 Improvement Plan");
  assert.ok(home.h1Top < 844 / 3, `the heading starts in the top third of the screen: ${JSON.stringify(home)}`);
  await p.goto(fileUrl(out, "people/index.html"));
  const people = await p.evaluate(titles);
  assert.ok(people.header.includes("Cedar Valley") && !people.header.some((t) => t.includes("Improvement Plan")), JSON.stringify(people));
  // At desktop width the header has the full title.
  const wide = await page(chrome, { viewport: { width: 1280, height: 900 } });
  await wide.goto(fileUrl(out));
  const desk = await wide.evaluate(titles);
  assert.ok(desk.header.includes("Cedar Valley School District — 2026-27 Improvement Plan"), JSON.stringify(desk));
  await wide.close();
  await p.close();
});

test("the plan at a glance reads at 390 px: counts, goals named, benchmarks due", async () => {
  const p = await page(chrome, PHONE);
  await p.goto(fileUrl(out));
  const glance = await p.evaluate(() => {
    const rect = (e) => e.getBoundingClientRect();
    const goals = [...document.querySelectorAll(".glance-goals li")].map((li) => ({ text: li.textContent.trim(), right: rect(li).right }));
    const counts = [...document.querySelectorAll(".count-group")].map((g) => g.textContent.replace(/\s+/g, " ").trim());
    const heads = [...document.querySelectorAll(".glance-table .group-head")].map((h) => h.textContent.replace(/\s+/g, " ").trim());
    return { goals, counts, heads, width: document.documentElement.clientWidth };
  });
  assert.ok(glance.counts[1].includes("7 due by January 22"), JSON.stringify(glance.counts));
  assert.ok(glance.goals.length >= 7 && glance.goals.every((g) => g.right <= glance.width), JSON.stringify(glance.goals));
  assert.ok(glance.goals.some((g) => g.text === "target reached so far Daily attendance at 95%"), JSON.stringify(glance.goals));
  assert.deepEqual(glance.heads, ["district District Leadership Team", "school Maple Grove Instructional Leadership Team"]);
  await p.close();
});
