// The team inventory flowchart: clicking a team's box opens that team's page, on the Teams
// page and in a team page's own chart, from a folder and from a web server, and at phone width
// (where the chart scrolls inside its frame).
import { test } from "node:test";
import assert from "node:assert/strict";
import { page, WHERE, siteUrl, servedSite } from "./harness.js";

const site = servedSite();

/** The team boxes of the open page's chart: id, full title (from the tooltip) and target. */
function nodes(p) {
  return p.$$eval("svg.flowchart-svg a.team", (as) => as.map((a) => ({
    id: a.dataset.team,
    title: a.querySelector("title").textContent.replace(/ \([^)]*\)$/, ""),
    href: new URL(a.getAttribute("href"), document.baseURI).href,
  })));
}

async function clickEachNode(p, url) {
  await p.goto(url);
  const found = await nodes(p);
  for (const node of found) {
    await p.goto(url);
    await p.click(`svg.flowchart-svg a.team[data-team="${node.id}"]`);
    await p.waitForURL(node.href);
    assert.match(node.href, new RegExp(`teams/${node.id}/index\\.html$`));
    assert.equal((await p.textContent("h1")).trim(), node.title);
  }
  assert.deepEqual(p.problems, []);
  return found;
}

for (const where of WHERE) {
  for (const width of where === "http" ? [1280] : [1280, 390]) {
    test(`clicking a box in the Teams flowchart opens that team (${where}, ${width} px)`, async () => {
      const p = await page(site.chrome, { viewport: { width, height: 900 } });
      const found = await clickEachNode(p, siteUrl(where, site.out, site.server, "teams/index.html"));
      assert.equal(found.length, 7, JSON.stringify(found));
      await p.close();
    });
  }

  test(`clicking a neighbour in a team's own chart opens it (${where})`, async () => {
    const p = await page(site.chrome);
    const found = await clickEachNode(p, siteUrl(where, site.out, site.server, "teams/maple-ilt/index.html"));
    assert.ok(found.length >= 5, JSON.stringify(found));
    await p.close();
  });
}

test("at phone width the chart scrolls inside its frame, not the page", async () => {
  const p = await page(site.chrome, { viewport: { width: 390, height: 900 } });
  await p.goto(siteUrl("file://", site.out, site.server, "teams/index.html"));
  const m = await p.$eval(".flowchart-frame", (f) => ({ scroll: f.scrollWidth, client: f.clientWidth, page: document.documentElement.scrollWidth, inner: innerWidth }));
  assert.ok(m.scroll > m.client, `the chart is wider than its frame: ${JSON.stringify(m)}`);
  assert.ok(m.page <= m.inner, `the page does not scroll sideways: ${JSON.stringify(m)}`);
  // The chart opens on its first team (the top tier), not on the empty left edge.
  const first = await p.$eval(".flowchart-frame", (f) => {
    const frame = f.getBoundingClientRect(), team = f.querySelector("a.team").getBoundingClientRect();
    return { frame: [frame.left, frame.right], team: [team.left, team.right], scrolled: f.scrollLeft };
  });
  assert.ok(first.scrolled > 0 && first.team[0] >= first.frame[0] && first.team[1] <= first.frame[1], JSON.stringify(first));
  await p.close();
});
