// `clockwork serve --edit`: a planner records a benchmark's actual through the form and the
// page reloads by itself with the new status; an action item added to an agenda shows on its
// owner's page. The forms are labelled and pass axe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO, browser, page, startServe } from "./harness.js";
import { axe } from "./page-checks.js";

let site, server, url, chrome;

before(async () => {
  site = mkdtempSync(path.join(tmpdir(), "clockwork-edit-"));
  cpSync(path.join(REPO, "tests/fixtures/agendas"), site, { recursive: true });
  ({ child: server, url } = await startServe(site, "--edit"));
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  server?.kill();
  rmSync(site, { recursive: true, force: true });
});

test("a benchmark's actual recorded in the form shows on the page, which reloads by itself", async () => {
  const p = await page(chrome);
  await p.goto(url + "strategies/reading/index.html");
  const status = () => p.textContent("#b1 .benchmark-numbers .status");
  assert.doesNotMatch(await status(), /met/);
  assert.deepEqual(await axe(p), []);
  await p.fill("#b1-actual", "93");
  await p.fill("#b1-source", "Walkthrough tracker");
  await p.click("#b1 form.edit-form button[type=submit]");
  await p.waitForFunction(() => /93/.test(document.querySelector("#b1 .benchmark-numbers").textContent), null, { timeout: 15000 });
  assert.equal((await status()).trim(), "met");
  const file = readFileSync(path.join(site, "content/strategies/reading.md"), "utf8");
  assert.match(file, /statement: Classrooms use the phonics routine, target: 90, actual: 93, source: Walkthrough tracker \}/);
  assert.deepEqual(p.problems.filter((x) => !x.includes("__clockwork")), []);
  await p.close();
});

test("an action item added to an agenda shows on its owner's page", async () => {
  const p = await page(chrome);
  await p.goto(url + "agendas/ilt/2026-09-15/index.html");
  await p.fill("#new-task", "Send the walkthrough summary to families");
  await p.selectOption("#new-owner", "cy");
  await p.fill("#new-due", "2026-09-30");
  await p.click("#actions-h ~ form.edit-form button[type=submit]");
  await p.waitForFunction(() => /walkthrough summary/.test(document.querySelector("main").textContent), null, { timeout: 15000 });
  // In a second tab: the agenda's own tab may still reload once, having been served while
  // the build was being published.
  const person = await page(chrome);
  await person.goto(url + "people/cy/index.html");
  assert.match(await person.textContent("main"), /Send the walkthrough summary to families/);
  await person.close();
  await p.close();
});

test("a refused edit says why and leaves the file as it was", async () => {
  const p = await page(chrome);
  await p.goto(url + "strategies/reading/index.html");
  const before = readFileSync(path.join(site, "content/strategies/reading.md"), "utf8");
  await p.fill("#b1-actual", "lots");
  await p.click("#b1 form.edit-form button[type=submit]");
  // Shown beside the form, the page staying where it was (live.js sends the form itself).
  await p.waitForSelector("#b1 form.edit-form + .edit-refused[role=alert]");
  assert.match(await p.textContent("#b1 .edit-refused"), /`lots` is not a number/);
  assert.match(p.url(), /strategies\/reading\/index\.html$/);
  assert.equal(await p.inputValue("#b1-actual"), "lots", "what was typed stays, to be corrected");
  assert.equal(readFileSync(path.join(site, "content/strategies/reading.md"), "utf8"), before);
  await p.close();
});

test("notes typed on an agenda item show under it, and a team page starts its next agenda", async () => {
  const p = await page(chrome);
  await p.goto(url + "agendas/ilt/2026-09-15/index.html");
  const notes = p.locator("details.edit-notes").first();
  await notes.locator("summary").click();
  await notes.locator("textarea").fill("Two shout-outs: *reading night* and the new library hours.");
  assert.deepEqual(await axe(p), []);
  await notes.locator("button[type=submit]").click();
  await p.waitForFunction(() => document.querySelector("tbody tr .notes em")?.textContent === "reading night", null, { timeout: 15000 });

  const team = await page(chrome);
  await team.goto(url + "teams/work-group/index.html");
  await team.fill("#agenda-date", "2026-12-07");
  await team.click("#agendas-h ~ form.edit-form button[type=submit]");
  await team.waitForFunction(() => /December 7, 2026/.test(document.querySelector("#agendas-h").parentElement.textContent), null, { timeout: 15000 });
  const made = readFileSync(path.join(site, "content/agendas/work-group/2026-12-07.md"), "utf8");
  assert.match(made, /^---\n/);
  assert.deepEqual(team.problems.filter((x) => !x.includes("__clockwork")), []);
  await team.close();
  await p.close();
});
