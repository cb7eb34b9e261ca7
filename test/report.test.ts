// The report as a person sees it: opened from disk in headless Chromium (Debian's package,
// driven by playwright-core) with every non-file request refused; no console errors, every
// chart drawn with pixels on its canvas, nothing wider than a laptop screen, cards not
// overlapping. Screenshots go to test-output/ (ignored by git).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { reportData } from "../src/report/report";
import { runCli, tempDir } from "./helpers";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`skipping report browser tests: ${CHROMIUM} not found (.ci/run installs Debian's chromium)`);

const EXPECTED_CHARTS = ["chart-cash", "chart-npv", "chart-btc", "chart-hashprice", "chart-difficulty", "chart-dispatch", "chart-duration", "chart-curtailment", "chart-price-response"];

async function inspect(browser: Browser, file: string, screenshot: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : (problems.push(`network request: ${route.request().url()}`), route.abort())));
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => (window as unknown as { __hashgridCharts?: string[] }).__hashgridCharts !== undefined, undefined, { timeout: 20_000 });
  const charts = await page.evaluate(() =>
    [...document.querySelectorAll("[data-chart]")].map((holder) => {
      const canvas = holder.querySelector("canvas") as HTMLCanvasElement | null;
      let inked = 0;
      if (canvas) {
        const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4 * 7) if (pixels[i] > 0) inked++;
      }
      return { id: holder.id, drawn: holder.getAttribute("data-drawn") === "1", inked };
    }),
  );
  const layout = await page.evaluate(() => {
    const cards = [...document.querySelectorAll(".card")].map((c) => c.getBoundingClientRect());
    let overlaps = 0;
    for (let i = 1; i < cards.length; i++) if (cards[i].top < cards[i - 1].bottom - 1) overlaps++;
    return { scrollWidth: document.documentElement.scrollWidth, overlaps, title: document.title, text: document.body.innerText };
  });
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { problems, charts, layout };
}

describe.skipIf(!haveChromium)("report.html in headless Chromium", () => {
  let browser: Browser;
  let dir: string;
  const shots = join(process.cwd(), "test-output");
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    dir = tempDir("hashgrid-report-");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the default scenario's report draws every chart, offline, with no errors", async () => {
    const out = join(dir, "default");
    const r = runCli(["run", "sims/default.json", "--runs", "60", "--trace", "0", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").pop()).toBe(`report: ${join(out, "report.html")}`);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=["']https?:/);
    const seen = await inspect(browser, join(out, "report.html"), join(shots, "report-default.png"));
    expect(seen.problems).toEqual([]);
    expect(seen.charts.map((c) => c.id)).toEqual(EXPECTED_CHARTS);
    for (const c of seen.charts) {
      expect(c.drawn, c.id).toBe(true);
      expect(c.inked, c.id).toBeGreaterThan(200);
    }
    expect(seen.layout.scrollWidth).toBeLessThanOrEqual(1280);
    expect(seen.layout.overlaps).toBe(0);
    expect(seen.layout.title).toBe("hashgrid report: default");
    expect(seen.layout.text).toMatch(/seed 20250101 \| 60 runs/);
    expect(seen.layout.text).toMatch(/NPV\s+-?\$[\d.]+[MB]/);
    // Components the scenario leaves out (their columns 0, or empty) have no headline row.
    expect(seen.layout.text).not.toMatch(/flex_mining_share|first_conversion_months|First conversion|n\/a\s+n\/a\s+n\/a\s+n\/a/);
    // Legends name the classes, times are the site's, every halving in the horizon is marked, the hover gives a layer's own MW.
    expect(seen.layout.text).toMatch(/mining Antminer S21 Pro/);
    expect(seen.layout.text).not.toMatch(/mining_mw_|antminer_s21/);
    expect(seen.layout.text).toMatch(/local time \(America\/Chicago\)/);
    const data = await reportData(out);
    expect(data.halvingHoursP50).toHaveLength(2); // 2028 and 2032 within 2025-2034
    expect((data.halvingHoursP50 as number[])[0]).toBeGreaterThan(2.5 * 8760);
    expect((data.halvingHoursP50 as number[])[1]).toBeGreaterThan(6.5 * 8760);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`file://${join(out, "report.html")}`);
    await page.waitForFunction(() => (window as unknown as { __hashgridCharts?: string[] }).__hashgridCharts !== undefined);
    const over = await page.$('[data-chart="chart-dispatch"] .u-over');
    await over!.scrollIntoViewIfNeeded();
    const box = (await over!.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(300);
    const legend = await page.$$eval('[data-chart="chart-dispatch"] .u-legend .u-series', (rows) => rows.map((r) => `${r.querySelector(".u-label")?.textContent}: ${r.querySelector(".u-value")?.textContent}`));
    await page.close();
    const mw = legend.filter((l) => / MW$/.test(l)).map((l) => Number(/([\d.]+) MW$/.exec(l)![1]));
    expect(mw.length).toBeGreaterThan(3);
    expect(legend.join(" | ")).not.toMatch(/\(top\)/);
    // The layers' own MW add up to no more than the interconnect (a stack's tops would not).
    expect(mw.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100 + 1e-6);
  });

  it("a scenario with grid programs gets their money chart and their curtailment layers", async () => {
    const scenario = join(dir, "programs.json");
    const s = JSON.parse(readFileSync("sims/default.json", "utf8"));
    delete s.$schema;
    s.horizon = { years: 2 };
    s.site.ppa = { mw: 30, strikeUsdPerMwh: 35 };
    s.grid = {
      demandResponse: { offerMw: 10, availabilityUsdPerMwHour: 4, deploymentsPerYear: 6, penaltyUsdPerMwh: 500 },
      ancillary: { offerMw: 10, priceUsdPerMwHour: 5, deploymentsPerYear: 10 },
      fourCp: { priorTagMw: 60 },
    };
    writeFileSync(scenario, JSON.stringify(s));
    const out = join(dir, "programs");
    expect(runCli(["run", scenario, "--runs", "20", "--trace", "0", "--out", out]).code).toBe(0);
    const seen = await inspect(browser, join(out, "report.html"), join(shots, "report-programs.png"));
    expect(seen.problems).toEqual([]);
    expect(seen.charts.map((c) => c.id)).toEqual(["chart-programs", ...EXPECTED_CHARTS]);
    for (const c of seen.charts) expect(c.drawn && c.inked > 200, c.id).toBe(true);
    expect(seen.layout.text).toMatch(/4CP charges/);
    expect(seen.layout.text).toMatch(/Reserve \(ancillary\) payments/);
    expect(seen.layout.overlaps).toBe(0);
  });

  it("rebuilds from a merged shard folder; without a trace the dispatch charts are left out", async () => {
    const scenario = join(dir, "s.json");
    const s = JSON.parse(readFileSync("sims/default.json", "utf8"));
    delete s.$schema;
    s.horizon = { years: 2 };
    writeFileSync(scenario, JSON.stringify(s));
    for (let i = 0; i < 2; i++) expect(runCli(["run", scenario, "--runs", "8", "--shard", `${i}/2`, "--no-report", "--out", join(dir, `shard${i}`)]).code).toBe(0);
    expect(runCli(["merge", join(dir, "shard0"), join(dir, "shard1"), "--out", join(dir, "merged")]).code).toBe(0);
    const r = runCli(["report", join(dir, "merged")]);
    expect(r.code).toBe(0);
    const seen = await inspect(browser, join(dir, "merged", "report.html"), join(shots, "report-merged.png"));
    expect(seen.problems).toEqual([]);
    expect(seen.charts.map((c) => c.id)).toEqual(EXPECTED_CHARTS.slice(0, 5));
    for (const c of seen.charts) expect(c.drawn && c.inked > 200, c.id).toBe(true);
  });

  it("a sweep folder gets the variants' table and the NPV-by-variant chart", async () => {
    const base = JSON.parse(readFileSync("sims/default.json", "utf8"));
    delete base.$schema;
    base.horizon = { years: 2 };
    writeFileSync(join(dir, "sweep-base.json"), JSON.stringify(base));
    writeFileSync(
      join(dir, "sweep.json"),
      JSON.stringify({ name: "mini", base: "sweep-base.json", runs: 6, variants: [{ name: "no AI", set: { "ai.halls": [] } }, { name: "more interconnect", set: { "site.interconnectMw": 120 } }] }),
    );
    const r = runCli(["sweep", join(dir, "sweep.json"), "--out", join(dir, "sweep-out")]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").pop()).toBe(`report: ${join(dir, "sweep-out", "report.html")}`);
    const seen = await inspect(browser, join(dir, "sweep-out", "report.html"), join(shots, "report-sweep.png"));
    expect(seen.problems).toEqual([]);
    expect(seen.charts.map((c) => c.id)).toEqual(["chart-sweep"]);
    expect(seen.charts[0].drawn && seen.charts[0].inked > 100).toBe(true);
    expect(seen.layout.text).toMatch(/no AI/);
    // The paired differences with the base: named, and filled for the variants only.
    expect(seen.layout.text).toMatch(/vs base P10 \/ P50 \/ P90/);
    expect(seen.layout.text).toMatch(/\(the base\)/);
    expect(seen.layout.text).toMatch(/no AI\s+.*-?\$[\d.]+[kMB]? \/ -?\$[\d.]+[kMB]? \/ -?\$[\d.]+[kMB]?\s+\d+\.\d%/);
    expect(seen.layout.scrollWidth).toBeLessThanOrEqual(1280);
  });

  it("a headroom folder gets the limits' table, the headroom curve and a month x hour heat map per limit", async () => {
    const lines = ["time_utc,load_mw"];
    // Two years of a daily and seasonal load shape with a summer evening peak.
    for (let i = 0; i < 2 * 8760; i++) {
      const t = Date.UTC(2021, 0, 1) + i * 3_600_000;
      const d = new Date(t);
      const season = Math.cos(((d.getUTCMonth() - 6.5) / 12) * 2 * Math.PI);
      const daily = Math.sin(((d.getUTCHours() - 15) / 24) * 2 * Math.PI);
      lines.push(`${d.toISOString().replace(".000Z", "Z")},${(50000 + 12000 * season + 8000 * daily + 1500 * Math.sin(i * 0.37)).toFixed(1)}`);
    }
    writeFileSync(join(dir, "load.csv"), lines.join("\n") + "\n");
    const r = runCli(["headroom", join(dir, "load.csv"), "--out", join(dir, "headroom")]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").pop()).toBe(`report: ${join(dir, "headroom", "report.html")}`);
    const seen = await inspect(browser, join(dir, "headroom", "report.html"), join(shots, "report-headroom.png"));
    expect(seen.problems).toEqual([]);
    expect(seen.charts.map((c) => c.id)).toEqual(["chart-headroom", "chart-hours-0", "chart-hours-1", "chart-hours-2", "chart-hours-3"]);
    for (const c of seen.charts) expect(c.drawn && c.inked > 100, c.id).toBe(true);
    expect(seen.layout.text).toMatch(/Headroom at each curtailment limit/);
    expect(seen.layout.text).toMatch(/0\.25%/);
    expect(seen.layout.scrollWidth).toBeLessThanOrEqual(1280);
    expect(seen.layout.overlaps).toBe(0);
  });

  it("a folder that is not an output folder is bad input", () => {
    const r = runCli(["report", tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a hashgrid output folder \(no scenario.resolved.json\)/);
  });
});
