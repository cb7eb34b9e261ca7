// Curtailment analytics of a traced run (events.csv, curtailment.csv) against a hand-computed day,
// and the recorded-events file reader's errors.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readEventsFile } from "../src/io/events-file";
import { curtailmentEvents, curtailmentProfile } from "../src/site/analytics";
import { quietScenario, runQuiet, tempDir } from "./helpers";

// Power at $400 from 16:00 to 18:59 UTC (above the ~$174/MWh hash revenue), $40 otherwise; 30 MW of
// mining and 10 MW of AI on a 50 MW interconnect, two days.
const prices = Array.from({ length: 24 }, (_, h) => (h >= 16 && h <= 18 ? 400 : 40));
const twoDays = () =>
  runQuiet({
    horizon: { hours: 48 },
    site: { interconnectMw: 50, powerAdderUsdPerMwh: 0, timezone: "UTC" },
    markets: { ...quietScenario().markets, power: { shapeUsdPerMwh: Array.from({ length: 288 }, (_, i) => prices[i % 24]), deviationSdUsdPerMwh: 0, deviationQuantilesUsdPerMwh: null, spikeProbabilityPerHour: 0, scarcity: null, yearRegime: null } },
  });

describe("curtailment events", () => {
  it("are the stretches of hours with one reason: two economic events of 3 h x 30 MW at $400", () => {
    const { plan, trace } = twoDays();
    expect(curtailmentEvents(plan, trace)).toEqual([
      { startHour: 16, endHour: 19, reason: "economic", meanMw: 30, maxMw: 30, mwh: 90, meanPriceUsdPerMwh: 400 },
      { startHour: 40, endHour: 43, reason: "economic", meanMw: 30, maxMw: 30, mwh: 90, meanPriceUsdPerMwh: 400 },
    ]);
  });
});

describe("curtailment profile", () => {
  const { plan, trace } = twoDays();
  const rows = curtailmentProfile(plan, trace);
  const find = (view: string, bin: string, reason: string) => rows.find((r) => r.view === view && r.bin === bin && r.reason === reason)!;

  it("by hour of day: 2 days x 30 MW curtailed at 16:00, none at 15:00", () => {
    expect(find("by_hour_of_day", "16", "economic")).toMatchObject({ curtailedMwh: 60, curtailedHours: 2, miningCapacityMwh: 60, curtailedShare: 1, hours: 2 });
    expect(find("by_hour_of_day", "15", "all")).toMatchObject({ curtailedMwh: 0, curtailedHours: 0, curtailedShare: 0 });
  });
  it("by month: all 180 MWh in January, for price", () => {
    expect(find("by_month", "1", "economic").curtailedMwh).toBeCloseTo(180, 9);
    expect(find("by_month", "1", "all").curtailedMwh).toBeCloseTo(180, 9);
    expect(find("by_month", "1", "capacity").curtailedMwh).toBe(0);
  });
  it("price response: everything curtailed at $300-500, nothing at $40-60", () => {
    expect(find("price_response", "300-500", "all")).toMatchObject({ curtailedShare: 1, hours: 6 });
    expect(find("price_response", "40-60", "all")).toMatchObject({ curtailedShare: 0, hours: 42 });
    expect(find("price_response", "<0", "all").hours).toBe(0);
    expect(Number.isNaN(find("price_response", "<0", "all").curtailedShare)).toBe(true);
  });
  it("load duration: 40 MW imported most hours, 10 MW (AI alone) in the 6 curtailed hours", () => {
    const ldc = rows.filter((r) => r.view === "load_duration");
    expect(ldc[0]).toMatchObject({ bin: "0", siteImportMw: 40 });
    expect(ldc.find((r) => r.bin === "80")!.siteImportMw).toBeCloseTo(40, 9);
    expect(ldc.find((r) => r.bin === "90")!.siteImportMw).toBeCloseTo(10, 9);
    expect(ldc.at(-1)).toMatchObject({ bin: "100", siteImportMw: 10 });
  });
});

describe("recorded events files", () => {
  const write = (text: string) => {
    const path = join(tempDir(), "events.csv");
    writeFileSync(path, text);
    return path;
  };
  it("reads start_utc,hours rows in time order", async () => {
    const path = write("start_utc,hours\n2025-02-01T10:00:00Z,2\n2025-01-01T00:00:00Z,1\n");
    expect(await readEventsFile(path)).toEqual([
      { startMs: Date.parse("2025-01-01T00:00:00Z"), hours: 1 },
      { startMs: Date.parse("2025-02-01T10:00:00Z"), hours: 2 },
    ]);
  });
  it("names the file, line and field of a bad row", async () => {
    await expect(readEventsFile(write("start_utc,hours\n2025-01-01T00:00:00Z,1\n2025-01-01 05:00,2\n"))).rejects.toThrow(/events\.csv: line 3: start_utc: expected an ISO-8601 UTC hour .*found: "2025-01-01 05:00"/);
    await expect(readEventsFile(write("start_utc,hours\n2025-01-01T00:00:00Z,1.5\n"))).rejects.toThrow(/line 2: hours: expected a whole number of hours/);
    await expect(readEventsFile(write("start,hours\n"))).rejects.toThrow(/line 1: expected a column "start_utc"/);
  });
});
