// Shared by the browser tests: builds a site with clockwork, serves it on 127.0.0.1,
// and drives Debian's Chromium with playwright-core (no browser download).
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { mkdtempSync, existsSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { before, after } from "node:test";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const EXE = process.env.CLOCKWORK_BIN || path.join(REPO, "target/debug/clockwork");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const AXE = path.join(REPO, "browser/node_modules/axe-core/axe.min.js");

/** One page of each kind the example site has, by a name for test titles. */
export const KINDS = {
  home: "index.html",
  "teams index": "teams/index.html",
  team: "teams/maple-ilt/index.html",
  "strategies index": "strategies/index.html",
  strategy: "strategies/early-literacy/index.html",
  "agendas index": "agendas/index.html",
  agenda: "agendas/maple-ilt/2026-11-17/index.html",
  "people index": "people/index.html",
  person: "people/renee-castillo/index.html",
  calendar: "calendar/index.html",
  section: "resources/index.html",
  page: "about/index.html",
  "page with code": "resources/how-to-edit/index.html",
  "not found": "404.html",
};
/** The staff-only page kind, in a `--audience staff` build. */
export const STAFF_KINDS = { checks: "checks/index.html" };

const made = [];
process.on("exit", () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Builds the site at `root` (default: the example site) into a new temp folder, removed on exit. */
export function build(root = REPO, ...flags) {
  const out = mkdtempSync(path.join(tmpdir(), "clockwork-browser-"));
  made.push(out);
  const run = spawnSync(EXE, ["build", "--quiet", "--root", root, "--output", out, ...flags], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`clockwork build failed (${run.status}):\n${run.stderr}`);
  return out;
}

/** Every HTML file of a built site, relative to it, with `/` separators, sorted. */
export function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f.endsWith(".html"))
    .sort();
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

/**
 * For a test file: builds the example site (with `flags`), serves it and launches Chromium
 * before the file's tests, and stops them after. Fields are set once `before` has run.
 */
export function servedSite(...flags) {
  const site = { out: null, server: null, chrome: null };
  before(async () => {
    site.out = build(REPO, ...flags);
    site.server = await serve(site.out);
    site.chrome = await browser();
  });
  after(async () => {
    await site.chrome?.close();
    site.server?.close();
  });
  return site;
}

/** Launches headless Chromium. */
export async function browser() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A new page (in a context of its own) that records console errors and failed requests. */
export async function page(b, options = {}) {
  const context = await b.newContext(options);
  const p = await context.newPage();
  p.problems = [];
  p.on("console", (m) => { if (m.type() === "error") p.problems.push(`console: ${m.text()}`); });
  p.on("pageerror", (e) => p.problems.push(`page error: ${e.message}`));
  // ERR_ABORTED is a load cut short by the next navigation; a missing file is ERR_FILE_NOT_FOUND or an HTTP 404.
  p.on("requestfailed", (r) => { if (r.failure()?.errorText !== "net::ERR_ABORTED") p.problems.push(`failed request: ${r.url()} (${r.failure()?.errorText})`); });
  p.on("response", (r) => { if (r.status() >= 400) p.problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const close = p.close.bind(p);
  p.close = async () => { await close(); await context.close(); };
  return p;
}

export const fileUrl = (dir, rel = "index.html") => "file://" + path.join(dir, "/") + rel;

/** Both ways a site is opened: from a folder (file://) and from a web server. */
export const WHERE = ["file://", "http"];
/** The URL of `rel` in the built site `out`, opened `where`; `rel` "" is the site's own URL. */
export const siteUrl = (where, out, server, rel = "") => (where === "http" ? server.url + rel : fileUrl(out, rel));

/** Starts `clockwork serve` (with `flags`) on a free port; resolves with the process and the
 *  address it prints. */
export function startServe(root, ...flags) {
  const child = spawn(EXE, ["serve", "--root", root, "--port", "0", ...flags], { stdio: ["ignore", "ignore", "pipe"] });
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
