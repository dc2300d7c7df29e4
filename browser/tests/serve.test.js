// `clockwork serve`: an edit to a content file reloads the open page by itself, a broken
// edit shows the error overlay over the last good page, and the fix clears it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO, browser, page, startServe } from "./harness.js";

let site, server, url, chrome;

before(async () => {
  site = mkdtempSync(path.join(tmpdir(), "clockwork-serve-"));
  cpSync(path.join(REPO, "tests/fixtures/basic"), site, { recursive: true });
  ({ child: server, url } = await startServe(site));
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  server?.kill();
  rmSync(site, { recursive: true, force: true });
});

const team = () => path.join(site, "content/teams/ilt.md");
const edit = (from, to) => writeFileSync(team(), readFileSync(team(), "utf8").replace(from, to));

test("an edit to a content file reloads the open page by itself", async () => {
  const p = await page(chrome);
  await p.goto(url + "teams/ilt/index.html");
  assert.match(await p.textContent("main"), /Lead the plan\./);
  await p.evaluate(() => { window.notReloaded = true; });
  edit("purpose: Lead the plan.", "purpose: Lead the plan, and measure it.");
  await p.waitForFunction(() => document.querySelector("main").textContent.includes("and measure it"), null, { timeout: 15000 });
  assert.equal(await p.evaluate(() => window.notReloaded === undefined), true, "the page reloaded");
  assert.deepEqual(p.problems.filter((x) => !x.includes("__clockwork")), []);
  await p.close();
});

test("a broken edit shows the errors over the last good page, and the fix clears them", async () => {
  const p = await page(chrome);
  await p.goto(url + "teams/ilt/index.html");
  const good = readFileSync(team(), "utf8");
  writeFileSync(team(), good.replace("title: Instructional Leadership Team", "title: [broken"));
  await p.waitForSelector("#clockwork-errors", { state: "visible", timeout: 15000 });
  assert.match(await p.textContent("#clockwork-errors"), /content\/teams\/ilt\.md/);
  assert.match(await p.textContent("main"), /Lead the plan/, "the last good page stays under the overlay");
  writeFileSync(team(), good);
  await p.waitForSelector("#clockwork-errors", { state: "hidden", timeout: 15000 });
  await p.close();
});
