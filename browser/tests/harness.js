// Shared by the browser tests: builds a site with clockwork, serves it on 127.0.0.1,
// and drives Debian's Chromium with playwright-core (no browser download).
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EXE = process.env.CLOCKWORK_BIN || path.join(REPO, "target/debug/clockwork");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** Builds the site at `root` (default: the example site) into a new temp folder. */
export function build(root = REPO, ...flags) {
  const out = mkdtempSync(path.join(tmpdir(), "clockwork-browser-"));
  const run = spawnSync(EXE, ["build", "--quiet", "--root", root, "--output", out, ...flags], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`clockwork build failed (${run.status}):\n${run.stderr}`);
  return out;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".json": "application/json", ".ics": "text/calendar", ".csv": "text/csv", ".xml": "application/xml" };

/** Serves `dir` over http on 127.0.0.1; resolves to { url, close }. */
export function serve(dir) {
  const server = createServer(async (req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/html" }).end(await readFile(path.join(dir, "404.html")).catch(() => "not found"));
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

/** Launches headless Chromium. */
export async function browser() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A new page that records console errors and failed requests. */
export async function page(b, options = {}) {
  const context = await b.newContext(options);
  const p = await context.newPage();
  p.problems = [];
  p.on("console", (m) => { if (m.type() === "error") p.problems.push(`console: ${m.text()}`); });
  p.on("pageerror", (e) => p.problems.push(`page error: ${e.message}`));
  p.on("requestfailed", (r) => p.problems.push(`failed request: ${r.url()}`));
  p.on("response", (r) => { if (r.status() >= 400) p.problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return p;
}

export const fileUrl = (dir, rel = "index.html") => "file://" + path.join(dir, rel);
