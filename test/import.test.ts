// Importers: ERCOT layouts and CPT -> UTC on small files made here (always run), and on the
// real files in ../shared/data (skipped, with the reason printed, when absent).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cptHourEndingToUtc } from "../src/io/ercot";
import { readSeries } from "../src/io/series";
import { runCli, tempDir } from "./helpers";

const DAM_HEADER = "Delivery Date,Hour Ending,Repeated Hour Flag,Settlement Point,Settlement Point Price";

function damDay(date: string, hours: string[], flags: Record<string, string> = {}, point = "HB_WEST"): string[] {
  return hours.map((h, i) => `${date},${h},${flags[`${h}#${i}`] ?? "N"},${point},${10 + i}`);
}

describe("CPT hour-ending to UTC", () => {
  it.each([
    ["winter HE01 = 00:00 CST = 06:00Z", [2024, 1, 15, 1, false], "2024-01-15T06:00:00.000Z"],
    ["summer HE01 = 00:00 CDT = 05:00Z", [2024, 7, 15, 1, false], "2024-07-15T05:00:00.000Z"],
    ["spring forward: HE02 = 01:00 CST", [2024, 3, 10, 2, false], "2024-03-10T07:00:00.000Z"],
    ["spring forward: HE04 = 03:00 CDT", [2024, 3, 10, 4, false], "2024-03-10T08:00:00.000Z"],
    ["fall back: HE02 = 01:00 CDT", [2024, 11, 3, 2, false], "2024-11-03T06:00:00.000Z"],
    ["fall back: repeated HE02 = 01:00 CST", [2024, 11, 3, 2, true], "2024-11-03T07:00:00.000Z"],
    ["fall back: HE03 = 02:00 CST", [2024, 11, 3, 3, false], "2024-11-03T08:00:00.000Z"],
    ["HE24 = 23:00 CST", [2024, 12, 31, 24, false], "2025-01-01T05:00:00.000Z"],
  ])("%s", (_label, [y, m, d, he, rep], iso) => {
    expect(new Date(cptHourEndingToUtc(y as number, m as number, d as number, he as number, rep as boolean)!).toISOString()).toBe(iso);
  });
  it("spring-forward HE03 does not exist", () => {
    expect(cptHourEndingToUtc(2024, 3, 10, 3, false)).toBeNull();
  });
});

describe("sim import ercot on small files", () => {
  const dir = tempDir();
  const hours24 = Array.from({ length: 24 }, (_, i) => `${String(i + 1).padStart(2, "0")}:00`);
  const write = (name: string, lines: string[], gzip = false) => {
    const path = join(dir, name);
    const text = lines.join("\n") + "\n";
    writeFileSync(path, gzip ? gzipSync(text) : text);
    return path;
  };

  it("a 23-hour and a 25-hour day give continuous UTC hours (gzip read too)", () => {
    const spring = hours24.filter((h) => h !== "03:00");
    const fall = [...hours24.slice(0, 2), "02:00", ...hours24.slice(2)];
    const file = write("dst.csv.gz", [DAM_HEADER, ...damDay("03/10/2024", spring), ...damDay("11/03/2024", fall, { "02:00#2": "Y" })], true);
    const out = join(dir, "dst-out.csv");
    // Two days eight months apart: 48 rows spanning 5,736 hours is refused as a likely mistyped date, even with --fill-gaps.
    for (const extra of [[], ["--fill-gaps"]]) {
      const far = runCli(["import", "ercot", file, "--point", "HB_WEST", "--out", out, ...extra]);
      expect(far.code).toBe(1);
      expect(far.stderr).toMatch(/the rows span 2024-03-10T06:00:00Z to 2024-11-04T05:00:00Z \(5736 hour\(s\)\) but hold only 48; the widest gap is from 2024-03-11T04:00:00Z to 2024-11-03T05:00:00Z: a mistyped date\?/);
    }
    expect(existsSync(out)).toBe(false);
    // Each day on its own: continuous UTC hours across the change.
    const springFile = write("spring.csv.gz", [DAM_HEADER, ...damDay("03/10/2024", spring)], true);
    const fallFile = write("fall.csv", [DAM_HEADER, ...damDay("11/03/2024", fall, { "02:00#2": "Y" })]);
    expect(runCli(["import", "ercot", springFile, "--point", "HB_WEST", "--out", join(dir, "spring-out.csv")]).code).toBe(0);
    expect(runCli(["import", "ercot", fallFile, "--point", "HB_WEST", "--out", join(dir, "fall-out.csv")]).code).toBe(0);
    const spring1 = readSeries(join(dir, "spring-out.csv"), "price_usd_per_mwh");
    const fall1 = readSeries(join(dir, "fall-out.csv"), "price_usd_per_mwh");
    expect(spring1.values.length).toBe(23);
    expect(fall1.values.length).toBe(25);
    const at = (iso: string) => {
      const s = Date.parse(iso) < Date.UTC(2024, 6) ? spring1 : fall1;
      return s.values[(Date.parse(iso) - s.startMs) / 3_600_000];
    };
    expect(at("2024-03-10T07:00:00Z")).toBe(11); // HE02
    expect(at("2024-03-10T08:00:00Z")).toBe(12); // HE04, the next row
    expect(at("2024-11-03T06:00:00Z")).toBe(11); // HE02
    expect(at("2024-11-03T07:00:00Z")).toBe(12); // HE02 repeated
    expect(at("2024-11-04T05:00:00Z")).toBe(34); // HE24, the 25th row
  });

  it("--fill-gaps interpolates gaps up to 6 hours, lists each, and refuses a longer one unless --max-gap-hours allows it", () => {
    const hoursOf = (day: string, skip: string[]) => damDay(day, hours24).filter((l) => !skip.some((h) => l.includes(`,${h},`)));
    // 2 Jan HE05-HE06 missing (2 hours) and 3 Jan HE10-HE17 missing (8 hours).
    const file = write("gaps.csv", [DAM_HEADER, ...damDay("01/01/2024", hours24), ...hoursOf("01/02/2024", ["05:00", "06:00"]), ...hoursOf("01/03/2024", ["10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00"])]);
    const out = join(dir, "gaps-out.csv");
    const refused = runCli(["import", "ercot", file, "--point", "HB_WEST", "--out", out, "--fill-gaps"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/1 gap\(s\) longer than 6 hours, the first 8 hour\(s\) from 2024-01-03T15:00:00Z; interpolating across it would invent data \(raise the limit with --max-gap-hours/);
    expect(existsSync(out)).toBe(false);
    const allowed = runCli(["import", "ercot", file, "--point", "HB_WEST", "--out", out, "--fill-gaps", "--max-gap-hours", "8"]);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/filled 10 missing hour\(s\) in 2 gap\(s\) by linear interpolation: 2024-01-02T10:00:00Z \(2\), 2024-01-03T15:00:00Z \(8\)/);
    expect(readSeries(out, "price_usd_per_mwh").values.length).toBe(72);
  });

  it("a file cut short of the year its name states: a warning with the last hour and line; the output line states the last hour", () => {
    // 2023 in the name, but the rows stop after 2 January HE05.
    const file = write("ercot_dam_2023.csv", [DAM_HEADER, ...damDay("01/01/2023", hours24), ...damDay("01/02/2023", hours24.slice(0, 5))]);
    const out = join(dir, "cut.csv");
    const r = runCli(["import", "ercot", file, "--point", "HB_WEST", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: .*ercot_dam_2023\.csv: its name states 2023 but its rows end with the hour starting 2023-01-02T10:00Z \(line 30\), before the period's end 2024-01-01T06:00Z: 8731 hour\(s\) of 2023 are not in the file/,
    );
    expect(r.stdout).toMatch(/wrote 29 hours of price_usd_per_mwh, 2023-01-01T06:00:00.000Z to 2023-01-02T10:00:00.000Z \(the last hour's start\)/);
    // A whole year says nothing; a month stated in the name is checked the same way.
    const days = (month: number, n: number) => Array.from({ length: n }, (_, d) => damDay(`${String(month).padStart(2, "0")}/${String(d + 1).padStart(2, "0")}/2021`, hours24)).flat();
    const february = write("ercot_rtm_2021-02.csv", [DAM_HEADER, ...days(2, 28)]);
    expect(runCli(["import", "ercot", february, "--point", "HB_WEST", "--out", join(dir, "feb.csv")]).stderr).not.toMatch(/its name states/);
    const short = write("ercot_rtm_2021-03.csv", [DAM_HEADER, ...days(3, 10)]); // 240 of the month's 743 hours (spring forward on the 14th)
    expect(runCli(["import", "ercot", short, "--point", "HB_WEST", "--out", join(dir, "mar.csv")]).stderr).toMatch(/its name states 2021-03 but .*: 503 hour\(s\) of 2021-03 are not in the file/);
  });

  it("real-time 15-minute intervals average to hours", () => {
    const header = "Delivery Date,Delivery Hour,Delivery Interval,Repeated Hour Flag,Settlement Point Name,Settlement Point Type,Settlement Point Price";
    const rows = [];
    for (let h = 1; h <= 2; h++) for (let i = 1; i <= 4; i++) rows.push(`02/01/2021,${h},${i},N,HB_WEST,HU,${h * 100 + i}`);
    const out = join(dir, "rtm-out.csv");
    expect(runCli(["import", "ercot", write("rtm.csv", [header, ...rows]), "--point", "HB_WEST", "--out", out]).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("time_utc,price_usd_per_mwh\n2021-02-01T06:00:00Z,102.5\n2021-02-01T07:00:00Z,202.5\n");
  });

  it.each([
    ["a duplicate hour", [DAM_HEADER, ...damDay("01/01/2024", hours24), "01/01/2024,05:00,N,HB_WEST,99"], /line 26: duplicate of .*line 6/],
    ["an unparseable price", [DAM_HEADER, ...damDay("01/01/2024", hours24.slice(0, 3)), "01/01/2024,04:00,N,HB_WEST,abc"], /line 5: expected a price in Settlement Point Price, \$\/MWh \(found: "abc"\)/],
    ["a bad date", [DAM_HEADER, "2024/01/01,01:00,N,HB_WEST,1", "2024/01/01,02:00,N,HB_WEST,1"], /line 2: expected a delivery date/],
    ["a non-existent hour", [DAM_HEADER, ...damDay("03/10/2024", hours24)], /line 4: hour ending 3 does not exist on 03\/10\/2024/],
    ["the wrong settlement point", [DAM_HEADER, ...damDay("01/01/2024", hours24, {}, "HB_NORTH")], /no rows for settlement point HB_WEST \(found: HB_NORTH\)/],
    ["an unknown layout", ["a,b,c", "1,2,3"], /line 1: expected an ERCOT settlement point price layout/],
  ])("%s: exit 1 naming the file and line, nothing written", (label, lines, pattern) => {
    const file = write(`bad-${label.replace(/ /g, "-")}.csv`, lines as string[]);
    const out = join(dir, `bad-${label.replace(/ /g, "-")}-out.csv`);
    const r = runCli(["import", "ercot", file, "--point", "HB_WEST", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(pattern as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("sim import series: a daily BTC file in CoinGecko's layout", () => {
    const file = write("btc.csv", ["event_date,close_price_usd", "2024-01-01 00:00:00 UTC,42000", "2024-01-02 00:00:00 UTC,43000", "2024-01-03 00:00:00 UTC,"]);
    const out = join(dir, "btc-out.csv");
    const r = runCli(["import", "series", file, "--time", "event_date", "--value", "close_price_usd", "--timezone", "UTC", "--name", "btc_price_usd", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skipped 1 row\(s\) with no value/);
    expect(readFileSync(out, "utf8")).toBe("time_utc,btc_price_usd\n2024-01-01T00:00:00Z,42000\n2024-01-02T00:00:00Z,43000\n");
  });

  it("sim import series: local hourly timestamps in a stated zone become UTC", () => {
    const file = write("local.csv", ["ts,v", "2024-07-01 00:00,1", "2024-07-01 01:00,2"]);
    const out = join(dir, "local-out.csv");
    expect(runCli(["import", "series", file, "--time", "ts", "--value", "v", "--timezone", "America/Chicago", "--name", "x_mw", "--out", out]).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("time_utc,x_mw\n2024-07-01T05:00:00Z,1\n2024-07-01T06:00:00Z,2\n");
  });
});

const SHARED = join(process.cwd(), "..", "shared", "data");
const haveShared = existsSync(SHARED);
if (!haveShared) console.warn(`skipping real ERCOT import tests: ${SHARED} not found`);

describe.skipIf(!haveShared)("sim import ercot on ../shared/data", () => {
  const dir = tempDir();
  it("HB_WEST DAM 2024: 8,784 UTC hours matching SOURCES.md's mean $28.94 and max $2,236", () => {
    const out = join(dir, "dam.csv");
    expect(runCli(["import", "ercot", join(SHARED, "ercot", "ercot_dam_lzhbspp_2024.csv.gz"), "--point", "HB_WEST", "--out", out]).code).toBe(0);
    const s = readSeries(out);
    expect(s.values.length).toBe(8784);
    expect(new Date(s.startMs).toISOString()).toBe("2024-01-01T06:00:00.000Z");
    const mean = s.values.reduce((a, b) => a + b, 0) / s.values.length;
    expect(mean).toBeCloseTo(28.94, 1);
    expect(Math.max(...s.values)).toBeCloseTo(2236, -1);
  });
  it("the same hours from the DAM file and the hourly dam_lmp layout agree in every hour they share", () => {
    const dam = join(dir, "dam2.csv");
    const hourly = join(dir, "hourly.csv");
    runCli(["import", "ercot", join(SHARED, "ercot", "ercot_dam_lzhbspp_2024.csv.gz"), "--point", "HB_WEST", "--out", dam]);
    const r = runCli(["import", "ercot", join(SHARED, "ercot", "ercot_hourly_dam_rtm_spp_15sp_2024.csv.gz"), "--point", "HB_WEST", "--market", "dam", "--fill-gaps", "--max-gap-hours", "170", "--out", hourly]);
    expect(r.code).toBe(0);
    const a = readSeries(dam);
    const b = readSeries(hourly);
    expect(b.startMs).toBe(a.startMs);
    // Compare outside the filled hole around the spring DST change (2024-03-10 .. 03-17).
    const holeStart = (Date.parse("2024-03-10T06:00:00Z") - a.startMs) / 3_600_000;
    const holeEnd = (Date.parse("2024-03-17T10:00:00Z") - a.startMs) / 3_600_000;
    // That layout also dropped the repeated fall-back hour (SOURCES.md), filled here too.
    const repeated = (Date.parse("2024-11-03T07:00:00Z") - a.startMs) / 3_600_000;
    let compared = 0;
    for (let i = 0; i < a.values.length; i++) {
      if ((i >= holeStart && i <= holeEnd) || i === repeated) continue;
      expect(b.values[i]).toBeCloseTo(a.values[i], 6);
      compared++;
    }
    expect(compared).toBeGreaterThan(8500);
  });
  it("Winter Storm Uri in the February 2021 real-time file: hourly means up to ~$9,200", () => {
    const out = join(dir, "uri.csv");
    expect(runCli(["import", "ercot", join(SHARED, "ercot", "ercot_rtm_lzhbspp_15min_2021-02.csv.gz"), "--point", "HB_WEST", "--out", out]).code).toBe(0);
    const s = readSeries(out);
    expect(s.values.length).toBe(28 * 24);
    expect(Math.max(...s.values)).toBeGreaterThan(9000);
  });
});
