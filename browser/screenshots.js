// Regenerates the README's screenshots (docs/screenshots/*.png) from the example site:
//   cargo build && node browser/screenshots.js
// Each page at desktop (1280 px) and phone (390 px) width, the top 1400 px of it, light mode;
// the home page at desktop width also in dark mode; the Spanish home and strategy pages.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { build, browser, fileUrl, REPO } from "./tests/harness.js";

const PAGES = {
  home: "index.html",
  teams: "teams/index.html",
  team: "teams/maple-ilt/index.html",
  strategy: "strategies/early-literacy/index.html",
  agenda: "agendas/maple-ilt/2026-11-17/index.html",
  person: "people/renee-castillo/index.html",
  calendar: "calendar/index.html",
  challenge: "challenges/k2-reading/index.html",
  people: "people/index.html",
  "home-es": "es/index.html",
  "strategy-es": "es/strategies/early-literacy/index.html",
};
const WIDTHS = { desktop: 1280, phone: 390 };
const HEIGHT = 1400;

const out = build();
const dir = path.join(REPO, "docs/screenshots");
mkdirSync(dir, { recursive: true });
const chrome = await browser();
const shots = [
  ...Object.keys(PAGES).flatMap((name) => Object.keys(WIDTHS).map((size) => [name, size, "light"])),
  ["home", "desktop", "dark"],
];
for (const [name, size, colorScheme] of shots) {
  const context = await chrome.newContext({ viewport: { width: WIDTHS[size], height: HEIGHT }, colorScheme });
  const p = await context.newPage();
  await p.goto(fileUrl(out, PAGES[name]));
  const file = path.join(dir, `${name}-${size}${colorScheme === "dark" ? "-dark" : ""}.png`);
  await p.screenshot({ path: file });
  console.log(path.relative(REPO, file));
  await context.close();
}
await chrome.close();
