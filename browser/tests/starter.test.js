// A new site from `clockwork init`, in the default theme built into the binary (the example
// site uses the copy in themes/default): every page is reached from the home page without
// errors, axe finds no serious or critical violation, and the structure holds, in light and dark.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build, serve, browser, page, htmlFiles, EXE } from "./harness.js";
import { crawl, axe, structure } from "./page-checks.js";

let root, out, server, chrome;
before(async () => {
  root = path.join(mkdtempSync(path.join(tmpdir(), "clockwork-starter-")), "site");
  const init = spawnSync(EXE, ["init", root], { encoding: "utf8" });
  assert.equal(init.status, 0, init.stderr);
  out = build(root, "--as-of", "2026-11-20");
  server = await serve(out);
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  server?.close();
  if (root) rmSync(path.dirname(root), { recursive: true, force: true });
});

test("a new site: every page reached by clicks, no errors", async () => {
  const p = await page(chrome);
  const { reached, problems } = await crawl(p, out, server.url, server.url + "index.html");
  await p.close();
  assert.deepEqual(problems, []);
  const unreached = htmlFiles(out).filter((f) => f !== "404.html" && !reached.has(server.url + f));
  assert.deepEqual(unreached, []);
});

for (const colorScheme of ["light", "dark"]) {
  test(`a new site: no serious accessibility violation, structure holds (${colorScheme})`, async () => {
    const p = await page(chrome, { colorScheme });
    const found = [];
    for (const rel of htmlFiles(out)) {
      await p.goto(server.url + rel);
      found.push(...(await axe(p)).map((v) => `${rel}: ${v}`));
      found.push(...(await p.evaluate(structure)).problems.map((m) => `${rel}: ${m}`));
    }
    assert.deepEqual(found, []);
    assert.deepEqual(p.problems, []);
    await p.close();
  });
}
