// ERCOT settlement point price importer: native day-ahead hourly (NP4-180-ER), real-time
// 15-minute (NP6-785-ER, averaged to hours), the hourly dam/rtm layout and the UTC-interval
// layout found in ../shared/data/ercot. Central Prevailing Time hour-ending becomes UTC hour
// starts; 23- and 25-hour days are handled through the Repeated Hour Flag.
import { MS_PER_HOUR } from "../engine/calendar";
import { InputError } from "../errors";
import { defaultMaxGapHours, isRealDateTime, parseDecimal, readCsvRows, regularize, type Series, type TimeWindow } from "./series";
import { localToUtcCandidates } from "./timezone";

const ERCOT_TIME_ZONE = "America/Chicago";
export const PRICE_COLUMN = "price_usd_per_mwh";

type Layout = "dam" | "rtm15" | "hourly" | "utc";

function detectLayout(header: string[], path: string): Layout {
  const has = (...cols: string[]) => cols.every((c) => header.includes(c));
  if (has("Delivery Date", "Hour Ending", "Repeated Hour Flag", "Settlement Point", "Settlement Point Price")) return "dam";
  if (has("Delivery Date", "Delivery Hour", "Delivery Interval", "Repeated Hour Flag", "Settlement Point Name", "Settlement Point Price")) return "rtm15";
  if (has("settlement_point", "delivery_date", "hour_ending")) return "hourly";
  if (has("interval_start_utc", "settlement_point", "price_usd_per_mwh")) return "utc";
  throw new InputError(
    `${path}: line 1: expected an ERCOT settlement point price layout (day-ahead "Delivery Date,Hour Ending,Repeated Hour Flag,Settlement Point,Settlement Point Price", real-time 15-minute, hourly dam_lmp/rtm_lmp or interval_start_utc) (found: ${header.join(",")})`,
  );
}

/** UTC ms of the start of CPT hour-ending `hourEnding` (1-24) on an operating day; repeated picks the later of a repeated hour. */
export function cptHourEndingToUtc(year: number, month: number, day: number, hourEnding: number, repeated: boolean): number | null {
  const candidates = localToUtcCandidates(year, month, day, hourEnding - 1, 0, ERCOT_TIME_ZONE);
  if (candidates.length === 0) return null;
  return repeated ? candidates[candidates.length - 1] : candidates[0];
}

function real(date: [number, number, number]): [number, number, number] | null {
  return isRealDateTime(date[0], date[1], date[2]) ? date : null;
}

function parseDate(text: string): [number, number, number] | null {
  let m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (m) return real([Number(m[3]), Number(m[1]), Number(m[2])]);
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return real([Number(m[1]), Number(m[2]), Number(m[3])]);
  return null;
}

function parseHourEnding(text: string): number | null {
  const m = /^(\d{1,2})(?::00)?$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  return h >= 1 && h <= 24 ? h : null;
}

export interface ErcotImportOptions {
  point: string;
  /** For the hourly layout, which column: dam_lmp or rtm_lmp. */
  market?: "dam" | "rtm";
  fillGaps: boolean;
  /** The longest gap fillGaps interpolates, hours (default 6). */
  maxGapHours?: number;
  window?: TimeWindow;
}

/** The period a file's name states: a year (name_2023.csv) or a month (name_2021-02.csv), in Central Prevailing Time; null if none. */
export function statedPeriod(path: string): { label: string; startMs: number; endMs: number } | null {
  const name = path.split(/[\\/]/).pop() ?? "";
  const m = /(?:^|[_-])((?:19|20)\d{2})(?:-(0[1-9]|1[0-2]))?(?=[_.]|$)/.exec(name);
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? null : Number(m[2]);
  const localMidnight = (y: number, mo: number) => localToUtcCandidates(y, mo, 1, 0, 0, ERCOT_TIME_ZONE)[0];
  if (month === null) return { label: String(year), startMs: localMidnight(year, 1), endMs: localMidnight(year + 1, 1) };
  const next = month === 12 ? [year + 1, 1] : [year, month + 1];
  return { label: `${m[1]}-${m[2]}`, startMs: localMidnight(year, month), endMs: localMidnight(next[0], next[1]) };
}

/** A warning when a file's hours start after or end before the period its name states (a file cut short, or a partial year); else null. */
function coverageWarning(path: string, firstMs: number, lastMs: number, lastLine: number): string | null {
  const period = statedPeriod(path);
  if (period === null) return null;
  const iso = (ms: number) => new Date(ms).toISOString().replace(":00.000Z", "Z");
  const problems: string[] = [];
  if (firstMs > period.startMs) problems.push(`starts at ${iso(firstMs)}, after the period's start ${iso(period.startMs)}`);
  if (lastMs + MS_PER_HOUR < period.endMs) problems.push(`end with the hour starting ${iso(lastMs)} (line ${lastLine}), before the period's end ${iso(period.endMs)}`);
  if (problems.length === 0) return null;
  const missing = Math.round((Math.max(0, firstMs - period.startMs) + Math.max(0, period.endMs - lastMs - MS_PER_HOUR)) / MS_PER_HOUR);
  return `${path}: its name states ${period.label} but its rows ${problems.join(" and ")}: ${missing} hour(s) of ${period.label} are not in the file (cut short, or a partial period)`;
}

/** Imports one or more ERCOT files into an hourly UTC series of one settlement point's price. */
export async function importErcot(files: readonly string[], options: ErcotImportOptions, warnings: string[]): Promise<Series> {
  const sums = new Map<number, { sum: number; count: number; where: string }>();
  const intervalsSeen = new Map<string, string>();
  for (const path of files) {
    const { header, rows } = await readCsvRows(path);
    const layout = detectLayout(header, path);
    const pointColumn = layout === "dam" ? "Settlement Point" : layout === "rtm15" ? "Settlement Point Name" : "settlement_point";
    let priceColumn = layout === "dam" || layout === "rtm15" ? "Settlement Point Price" : "price_usd_per_mwh";
    if (layout === "hourly") {
      if (!options.market) throw new InputError(`${path}: has both dam_lmp and rtm_lmp: choose one with --market dam or --market rtm`);
      priceColumn = options.market === "dam" ? "dam_lmp" : "rtm_lmp";
    }
    const points = new Set<string>();
    // Load zones appear twice in real-time files (types LZ and LZEW); keep the first type seen.
    let keptType: string | null = null;
    let matched = 0;
    let empty = 0;
    let firstMs = Infinity;
    let lastMs = -Infinity;
    let lastLine = 0;
    for (const { line, cells } of rows) {
      const point = cells[pointColumn];
      points.add(point);
      if (point !== options.point) continue;
      const where = `${path}: line ${line}`;
      if (layout === "rtm15") {
        const type = cells["Settlement Point Type"] ?? "";
        if (keptType === null) keptType = type;
        if (type !== keptType) continue;
      }
      const priceText = cells[priceColumn] ?? "";
      if (priceText === "" || priceText.toLowerCase() === "nan") {
        empty++;
        continue;
      }
      const price = parseDecimal(priceText);
      if (!Number.isFinite(price)) throw new InputError(`${where}: expected a price in ${priceColumn}, $/MWh (found: "${priceText}")`);
      let hourMs: number;
      let intervalKey: string;
      if (layout === "utc") {
        const ms = Date.parse(cells["interval_start_utc"]);
        if (Number.isNaN(ms) || !cells["interval_start_utc"].endsWith("Z")) throw new InputError(`${where}: expected interval_start_utc like 2024-01-01T00:15:00Z (found: "${cells["interval_start_utc"]}")`);
        hourMs = Math.floor(ms / MS_PER_HOUR) * MS_PER_HOUR;
        intervalKey = String(ms);
      } else {
        const dateText = cells[layout === "hourly" ? "delivery_date" : "Delivery Date"];
        const date = parseDate(dateText);
        if (!date) throw new InputError(`${where}: expected a delivery date like 01/31/2024 or 2024-01-31 (found: "${dateText}")`);
        const heText = cells[layout === "dam" ? "Hour Ending" : layout === "rtm15" ? "Delivery Hour" : "hour_ending"];
        const hourEnding = parseHourEnding(heText);
        if (hourEnding === null) throw new InputError(`${where}: expected an hour ending 1-24 or 01:00-24:00 (found: "${heText}")`);
        const flag = (cells["Repeated Hour Flag"] ?? "N").toUpperCase();
        if (flag !== "N" && flag !== "Y") throw new InputError(`${where}: expected Repeated Hour Flag N or Y (found: "${flag}")`);
        const utc = cptHourEndingToUtc(date[0], date[1], date[2], hourEnding, flag === "Y");
        if (utc === null) throw new InputError(`${where}: hour ending ${hourEnding} does not exist on ${dateText} in Central Prevailing Time (the spring-forward hour)`);
        hourMs = utc;
        const interval = layout === "rtm15" ? Number(cells["Delivery Interval"]) : 0;
        if (layout === "rtm15" && !(interval >= 1 && interval <= 4)) throw new InputError(`${where}: expected Delivery Interval 1-4 (found: "${cells["Delivery Interval"]}")`);
        intervalKey = `${utc}:${interval}`;
      }
      const previous = intervalsSeen.get(intervalKey);
      if (previous !== undefined) throw new InputError(`${where}: duplicate of ${previous} (${options.point}, the same ${layout === "dam" || layout === "hourly" ? "hour" : "interval"})`);
      intervalsSeen.set(intervalKey, where);
      const acc = sums.get(hourMs);
      if (acc) {
        acc.sum += price;
        acc.count++;
      } else sums.set(hourMs, { sum: price, count: 1, where });
      matched++;
      firstMs = Math.min(firstMs, hourMs);
      if (hourMs > lastMs) {
        lastMs = hourMs;
        lastLine = line;
      }
    }
    if (matched === 0 && empty === 0) {
      const list = [...points].filter(Boolean).sort();
      throw new InputError(`${path}: no rows for settlement point ${options.point} (found: ${list.slice(0, 20).join(", ")}${list.length > 20 ? ", ..." : ""})`);
    }
    if (empty > 0) warnings.push(`${path}: ${empty} ${options.point} row(s) had no price and were left out`);
    if (matched > 0) {
      const short = coverageWarning(path, firstMs, lastMs, lastLine);
      if (short !== null) warnings.push(short);
    }
  }
  const hourly = new Map<number, number>();
  let partial = 0;
  for (const [hour, { sum, count }] of sums) {
    hourly.set(hour, sum / count);
    if (count !== 1 && count !== 4) partial++;
  }
  if (partial > 0) warnings.push(`${partial} hour(s) averaged fewer than four 15-minute intervals`);
  return regularize(hourly, MS_PER_HOUR, PRICE_COLUMN, files.join(", "), options.fillGaps, warnings, options.window, options.maxGapHours ?? defaultMaxGapHours(MS_PER_HOUR));
}
