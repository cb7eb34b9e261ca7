// sim headroom: the curtailment-enabled headroom method (Norris et al., Duke 2025) on a hand-made
// two-year series whose thresholds, rates, events and headroom are worked out by hand below,
// then on ERCOT's native load 2016-2024 when ../shared/data sits beside the checkout.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { curtailmentMw, meanYearlyRate, seasonalThresholds, thresholdByHour, type SystemLoad } from "../src/system/headroom";
import { handMadeLoad, runCli, tempDir } from "./helpers";

const HOUR = 3_600_000;
const START = Date.UTC(2021, 0, 1);
const HOURS = 2 * 8760; // 2021 and 2022, neither a leap year

/**
 * 100 MW in every hour except: 2021-07-15 10:00-12:00 UTC at 190, 200, 195 MW (the summer peak);
 * 2022-01-10 05:00 and 06:00 at 150 (the winter peak) and 140 MW; 2022-08-01 00:00 at 180 MW.
 * Thresholds: summer 200 MW (Apr-Oct), winter 150 MW (Nov-Mar).
 * For an added load 10 <= L <= 20 MW the cuts are (L-10) + L + (L-5) in 2021 and L + (L-10) in
 * 2022 (180 + L stays under 200), so the mean yearly rate is (5L - 25) / (2 L 8760):
 * L = 15 gives 50/262,800 = 0.01903%, L = 16 gives 55/280,320 = 0.01962%. A limit of 0.0193%
 * therefore has a headroom of 15 MW: cuts 5, 15, 10 MW (one 3-hour event) and 15, 5 MW (one
 * 2-hour event), 50 MWh and 5 hours over two years; the load kept is 2/3, 0, 1/3, 0, 2/3 of L,
 * so 2 of 5 curtailed hours keep at least 50% and none keeps 75%.
 */
function writeLoadFile(dir: string, load: Float64Array, startMs = START): string {
  const lines = ["time_utc,load_mw"];
  for (let i = 0; i < load.length; i++) lines.push(`${new Date(startMs + i * HOUR).toISOString().replace(".000Z", "Z")},${load[i]}`);
  const path = join(dir, "load.csv");
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

function csv(path: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path, "utf8").trim().split("\n");
  const names = header.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [names[i], v])));
}

describe("headroom method, by hand", () => {
  it("seasonal thresholds, the capped cut and the mean yearly rate", () => {
    const loadMw = handMadeLoad();
    const localMonth = new Uint8Array(HOURS);
    const yearIndex = new Uint16Array(HOURS);
    for (let i = 0; i < HOURS; i++) {
      const d = new Date(START + i * HOUR);
      localMonth[i] = d.getUTCMonth();
      yearIndex[i] = d.getUTCFullYear() - 2021;
    }
    const load: SystemLoad = { loadMw, localMonth, localHour: new Uint8Array(HOURS), yearIndex, yearHours: Float64Array.of(8760, 8760), followsPrevious: new Uint8Array(HOURS).fill(1) };
    const thresholds = seasonalThresholds(load);
    expect(thresholds).toEqual({ summerMw: 200, winterMw: 150 });
    const t = thresholdByHour(localMonth, thresholds);
    expect([t[0], t[(Date.parse("2021-04-01T00:00:00Z") - START) / HOUR], t[(Date.parse("2021-10-31T23:00:00Z") - START) / HOUR], t[(Date.parse("2021-11-01T00:00:00Z") - START) / HOUR]]).toEqual([150, 200, 200, 150]);
    expect([curtailmentMw(190, 15, 200), curtailmentMw(200, 15, 200), curtailmentMw(300, 15, 200)]).toEqual([5, 15, 15]);
    expect(meanYearlyRate(load, t, 15)).toBeCloseTo(50 / 262_800, 12);
    expect(meanYearlyRate(load, t, 16)).toBeCloseTo(55 / 280_320, 12);
    expect(meanYearlyRate(load, t, 0)).toBe(0);
  });

  it("sim headroom finds 15 MW at 0.0193% and writes the events, retention and hour x month counts", () => {
    const dir = tempDir("hashgrid-headroom-");
    const file = writeLoadFile(dir, handMadeLoad());
    const out = join(dir, "out");
    const r = runCli(["headroom", file, "--timezone", "UTC", "--limits", "0.0193,0.01", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/thresholds: summer \(Apr-Oct\) 200 MW, winter \(Nov-Mar\) 150 MW/);
    const rows = csv(join(out, "headroom.csv"));
    expect(Object.keys(rows[0])).toEqual([
      "limit_pct", "headroom_mw", "curtailment_rate_pct", "curtailed_hours_per_year", "curtailed_mwh_per_year", "events", "mean_event_hours", "max_event_hours",
      "share_hours_retaining_50pct", "share_hours_retaining_75pct", "share_hours_retaining_90pct",
    ]);
    const row = rows[0];
    expect(Number(row.headroom_mw)).toBe(15);
    expect(Number(row.curtailment_rate_pct)).toBeCloseTo((100 * 50) / 262_800, 9);
    expect(Number(row.curtailed_hours_per_year)).toBe(2.5);
    expect(Number(row.curtailed_mwh_per_year)).toBe(25);
    expect([Number(row.events), Number(row.mean_event_hours), Number(row.max_event_hours)]).toEqual([2, 2.5, 3]);
    expect([Number(row.share_hours_retaining_50pct), Number(row.share_hours_retaining_75pct), Number(row.share_hours_retaining_90pct)]).toEqual([0.4, 0, 0]);
    // 0.01%: any added load is cut in full in the two peak hours (2L of 2 x 8,760 L: 0.0114%), so no
    // load fits: 0 MW, with nothing curtailed and the retention shares undefined (empty).
    expect(Number(rows[1].headroom_mw)).toBe(0);
    expect(rows[1].share_hours_retaining_50pct).toBe("");
    const hours = csv(join(out, "headroom-hours.csv")).filter((h) => h.limit_pct === "0.0193" && Number(h.curtailed_hours) > 0);
    expect(hours.map((h) => `${h.month}-${h.hour_of_day}:${h.curtailed_hours}`)).toEqual(["1-5:1", "1-6:1", "7-10:1", "7-11:1", "7-12:1"]);
    expect(csv(join(out, "headroom-hours.csv"))).toHaveLength(2 * 12 * 24);
    const info = JSON.parse(readFileSync(join(out, "headroom-info.json"), "utf8"));
    expect(info.thresholds).toMatchObject({ summerMw: 200, summerPeakUtc: "2021-07-15T11:00:00Z", winterMw: 150, winterPeakUtc: "2022-01-10T05:00:00Z" });
    expect(info.missingHours).toBe(0);
    expect(existsSync(join(out, "report.html"))).toBe(true);
  });

  it("hours of the window the series does not cover are counted, said and left out of the rates", () => {
    const dir = tempDir("hashgrid-headroom-");
    // The same two years without their first 24 hours.
    const file = writeLoadFile(dir, handMadeLoad().slice(24), START + 24 * HOUR);
    const out = join(dir, "out");
    const r = runCli(["headroom", file, "--timezone", "UTC", "--from", "2021-01-01", "--to", "2022-12-31", "--limits", "0.0193", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/, 24 missing/);
    const info = JSON.parse(readFileSync(join(out, "headroom-info.json"), "utf8"));
    expect(info.missingHours).toBe(24);
    expect(info.years).toEqual([{ year: 2021, hours: 8736 }, { year: 2022, hours: 8760 }]);
  });

  it.each([
    [["--limits", "abc"], /--limits: expected percentages/],
    [["--limits", "0"], /--limits: expected percentages/],
    [["--from", "2022-13-01"], /--from: expected a date YYYY-MM-DD \(found: "2022-13-01"\)/],
    [["--from", "2022-06-01", "--to", "2022-01-01"], /--to: expected a date on or after --from/],
    [["--timezone", "Mars/Olympus"], /--timezone: expected an IANA time zone/],
  ])("bad input %j: exit 1, a clear message, no output folder", (extra, message) => {
    const dir = tempDir("hashgrid-headroom-");
    const file = writeLoadFile(dir, handMadeLoad());
    const out = join(dir, "out");
    const r = runCli(["headroom", file, "--out", out, ...extra]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.ts|internal error/);
    expect(existsSync(out)).toBe(false);
  });
});

const SHARED_LOAD = join(process.cwd(), "..", "shared", "data", "ercot_load", "ercot_native_load_hourly_2015_2024.csv.gz");
const haveShared = existsSync(SHARED_LOAD);
if (!haveShared) console.warn(`skipping the ERCOT headroom test: ${SHARED_LOAD} not found (it sits beside the checkout in CI)`);

describe.skipIf(!haveShared)("headroom of ERCOT's native load 2016-2024", () => {
  it("imports the load, fills its one missing hour, and finds GW of headroom rising with the limit", () => {
    const dir = tempDir("hashgrid-headroom-ercot-");
    const series = join(dir, "ercot-load.csv");
    const imported = runCli(["import", "series", SHARED_LOAD, "--time", "interval_start_utc", "--value", "ERCOT", "--timezone", "UTC", "--name", "load_mw", "--fill-gaps", "--out", series]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/filled 1 missing hour\(s\)/);
    const out = join(dir, "out");
    const r = runCli(["headroom", series, "--from", "2016-01-01", "--to", "2024-12-31", "--out", out]);
    expect(r.code).toBe(0);
    const rows = csv(join(out, "headroom.csv"));
    const headroom = rows.map((row) => Number(row.headroom_mw));
    // The period's peaks (SOURCES.md): 85,464 MW in summer 2023.
    expect(r.stdout).toMatch(/summer \(Apr-Oct\) 85,464 MW/);
    for (let i = 1; i < headroom.length; i++) expect(headroom[i]).toBeGreaterThan(headroom[i - 1]);
    expect(headroom[0]).toBeGreaterThan(3000);
    expect(headroom[3]).toBeLessThan(60000);
    for (const row of rows) expect(Number(row.curtailment_rate_pct)).toBeLessThanOrEqual(Number(row.limit_pct));
  });

  it("sims/flexible-ercot.json: the site's curtailment replays the limit: flexible MW x 0.5% of the hours, in the headroom's hours", async () => {
    const { loadScenarioFile } = await import("../src/scenario/load");
    const { loadMarketInputs } = await import("../src/io/inputs");
    const { compilePlan } = await import("../src/site/plan");
    const { SiteRun } = await import("../src/site/simulation");
    const { runMetricIndex } = await import("../src/site/columns");
    const { plannedConfig } = await import("../src/site/components");
    const scenario = loadScenarioFile("sims/flexible-ercot.json");
    const plan = compilePlan(scenario, await loadMarketInputs(scenario, []));
    const f = plannedConfig<import("../src/site/components/flexible-interconnection").FlexibleInterconnectionConfig>(plan.components, "flexibleInterconnection")!;
    // The same thresholds and headroom as sim headroom on the same years (figures above).
    expect([Math.round(f.summerThresholdMw), Math.round(f.winterThresholdMw), f.systemFlexibleMw]).toEqual([85464, 78314, 10086]);
    const m = new SiteRun(plan).simulate(scenario.monteCarlo.seed, 0);
    const years = plan.hours / 8760;
    // 0.5% of 100 MW x 8,760 h = 4,380 MWh a year of lowered limit, in ~118 hours a year (the replay loops
    // 52-week years, so the calendar shifts by days; the mean of yearly rates is not the pooled rate).
    expect(m[runMetricIndex("flex_obligation_mwh")] / years).toBeGreaterThan(4380 * 0.9);
    expect(m[runMetricIndex("flex_obligation_mwh")] / years).toBeLessThan(4380 * 1.1);
    expect(m[runMetricIndex("flex_limited_hours")] / years).toBeGreaterThan(100);
    expect(m[runMetricIndex("flex_limited_hours")] / years).toBeLessThan(135);
  });
});
