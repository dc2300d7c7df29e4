// `clockwork serve`: an edit to a content file reloads the open page by itself, a broken
// edit shows the error overlay over the last good page, and the fix clears it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO, EXE, browser, page } from "./harness.js";

let site, server, url, chrome;

/** Starts `clockwork serve` on a free port; resolves with the address it prints. */
function startServe(root) {
  const child = spawn(EXE, ["serve", "--root", root, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let said = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${said}`)), 30000);
    child.stderr.on("data", (chunk) => {
      said += chunk;
      const found = said.match(/Serving (http:\/\/\S+?\/)/);
      if (found) {
        clearTimeout(timer);
        resolve({ child, url: found[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited (${code}):\n${said}`)));
  });
}

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
