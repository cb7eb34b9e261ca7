// Canonical series files: `time_utc,<value column with unit>`, one row per UTC hour or per UTC day,
// no gaps. Importers write them; replay and bootstrap read them. Also the generic importer of
// `timestamp,value` CSVs in a stated time zone.
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { parseString } from "fast-csv";
import { MS_PER_HOUR } from "../engine/calendar";
import { InputError } from "../errors";
import { formatNumber } from "./csv";
import { localToUtcCandidates } from "./timezone";

export const MS_PER_DAY = 24 * MS_PER_HOUR;

/** A regular series: values[i] holds at startMs + i * stepMs. */
export interface Series {
  column: string;
  startMs: number;
  stepMs: number;
  values: Float64Array;
}

/** Text of a file, gunzipped when it starts with the gzip magic bytes. */
export function readText(path: string): string {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read (${code === "ENOENT" ? "no such file" : (code ?? "unreadable")})`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw).toString("utf8");
    } catch {
      throw new InputError(`${path}: looks gzipped but does not gunzip`);
    }
  }
  return raw.toString("utf8").replace(/^\uFEFF/, "");
}

/** A decimal number as written in data files (no hex, no Infinity, no blanks); NaN otherwise. */
export function parseDecimal(text: string): number {
  const t = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
}

/** A real calendar date and time (month 1-12, a day the month has, hour 0-23, minute 0-59). */
export function isRealDateTime(y: number, mo: number, d: number, h = 0, mi = 0): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate() && h >= 0 && h <= 23 && mi >= 0 && mi <= 59;
}

/** CSV rows as objects keyed by header, with the 1-based line number of each row. */
export async function readCsvRows(path: string): Promise<{ header: string[]; rows: { line: number; cells: Record<string, string> }[] }> {
  const text = readText(path);
  // Physical line of each non-empty line (the parser skips empty ones, so its own count would drift).
  const physicalLines: number[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (l.trim() !== "") physicalLines.push(i + 1);
  });
  let header: string[] = [];
  const rows: { line: number; cells: Record<string, string> }[] = [];
  await new Promise<void>((resolve, reject) => {
    let row = 0;
    parseString(text, { headers: (h) => (header = h.map((x) => (x ?? "").trim())), ignoreEmpty: true, strictColumnHandling: false, trim: true })
      .on("error", (err) => reject(new InputError(`${path}: not valid CSV: ${err.message}`)))
      .on("data-invalid", (_row, rowNumber: number) => reject(new InputError(`${path}: line ${physicalLines[rowNumber] ?? rowNumber + 1}: wrong number of columns`)))
      .on("data", (cells: Record<string, string>) => {
        row++;
        rows.push({ line: physicalLines[row] ?? row + 1, cells });
      })
      .on("end", () => resolve());
  });
  return { header, rows };
}

function isoText(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** Writes a canonical series. */
export function writeSeries(path: string, series: Series): void {
  const lines = [`time_utc,${series.column}`];
  for (let i = 0; i < series.values.length; i++) lines.push(`${isoText(series.startMs + i * series.stepMs)},${formatNumber(series.values[i])}`);
  writeFileSync(path, lines.join("\n") + "\n");
}

/** Reads a canonical series, checking that rows are hourly or daily, in order, without gaps. */
export function readSeries(path: string, expectedColumn?: string): Series {
  const lines = readText(path).split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines[0]?.split(",") ?? [];
  if (header.length !== 2 || header[0] !== "time_utc") {
    throw new InputError(`${path}: line 1: expected the header time_utc,<value column> (found: "${lines[0] ?? ""}"); convert native files with "sim import"`);
  }
  if (expectedColumn && header[1] !== expectedColumn) throw new InputError(`${path}: line 1: expected the value column ${expectedColumn} (found: ${header[1]})`);
  if (lines.length < 3) throw new InputError(`${path}: expected at least two rows of data (found ${lines.length - 1})`);
  const values = new Float64Array(lines.length - 1);
  let startMs = 0;
  let stepMs = 0;
  for (let i = 1; i < lines.length; i++) {
    const [time, value] = lines[i].split(",");
    const ms = Date.parse(time);
    const x = parseDecimal(value ?? "");
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/.test(time ?? "") || Number.isNaN(ms)) throw new InputError(`${path}: line ${i + 1}: expected time_utc like 2024-01-01T00:00:00Z (found: "${time}")`);
    if (value === undefined || value.trim() === "" || !Number.isFinite(x)) throw new InputError(`${path}: line ${i + 1}: expected a number in ${header[1]} (found: "${value ?? ""}")`);
    if (i === 1) startMs = ms;
    else if (i === 2) {
      stepMs = ms - startMs;
      if (stepMs !== MS_PER_HOUR && stepMs !== MS_PER_DAY) throw new InputError(`${path}: line 3: expected rows one hour or one day apart (found ${(stepMs / MS_PER_HOUR).toFixed(2)} hours)`);
    } else if (ms !== startMs + (i - 1) * stepMs) {
      throw new InputError(`${path}: line ${i + 1}: expected ${isoText(startMs + (i - 1) * stepMs)} (found: ${time}); canonical files have no gaps or duplicates`);
    }
    values[i - 1] = x;
  }
  return { column: header[1], startMs, stepMs, values };
}

/** A time window [fromMs, toMs) to keep of a file; either end may be open. */
export interface TimeWindow {
  fromMs?: number;
  toMs?: number;
}

function inWindow(ms: number, window: TimeWindow | undefined): boolean {
  return (window?.fromMs === undefined || ms >= window.fromMs) && (window?.toMs === undefined || ms < window.toMs);
}

/** Keeps the part of a regular series inside the window. */
export function sliceSeries(series: Series, window: TimeWindow | undefined, source: string): Series {
  if (!window) return series;
  const keep: number[] = [];
  for (let i = 0; i < series.values.length; i++) if (inWindow(series.startMs + i * series.stepMs, window)) keep.push(i);
  if (keep.length < 2) throw new InputError(`${source}: fewer than two rows inside the from/to window`);
  return { ...series, startMs: series.startMs + keep[0] * series.stepMs, values: series.values.slice(keep[0], keep[keep.length - 1] + 1) };
}

/** Turns (time, value) points into a regular series; gaps are an error unless fillGaps (linear interpolation). Points outside window are dropped first. */
export function regularize(points: Map<number, number>, stepMs: number, column: string, source: string, fillGaps: boolean, warnings: string[], window?: TimeWindow, maxGapHours = defaultMaxGapHours(stepMs)): Series {
  const times = [...points.keys()].filter((t) => inWindow(t, window)).sort((a, b) => a - b);
  const unit = stepMs === MS_PER_HOUR ? "hour(s)" : "day(s)";
  if (times.length < 2) throw new InputError(`${source}: expected at least two ${stepMs === MS_PER_HOUR ? "hours" : "days"} of data (found ${times.length})`);
  const startMs = times[0];
  const count = Math.round((times[times.length - 1] - startMs) / stepMs) + 1;
  // A mistyped year makes a series of millions of empty steps: refuse it before allocating anything.
  if (count > 20 * times.length + 48) {
    let widest = 1;
    for (let i = 2; i < times.length; i++) if (times[i] - times[i - 1] > times[widest] - times[widest - 1]) widest = i;
    throw new InputError(
      `${source}: the rows span ${isoText(startMs)} to ${isoText(times[times.length - 1])} (${count} ${unit}) but hold only ${times.length}; the widest gap is from ${isoText(times[widest - 1])} to ${isoText(times[widest])}: a mistyped date?`,
    );
  }
  const values = new Float64Array(count).fill(NaN);
  for (const t of times) {
    const offset = (t - startMs) / stepMs;
    if (!Number.isInteger(offset)) throw new InputError(`${source}: ${isoText(t)} is not on the ${stepMs === MS_PER_HOUR ? "hour" : "day"} grid`);
    values[offset] = points.get(t)!;
  }
  // Gaps: runs of missing steps, found and filled in one pass.
  const gaps: { from: number; length: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (!Number.isNaN(values[i])) continue;
    let j = i;
    while (Number.isNaN(values[j])) j++;
    gaps.push({ from: i, length: j - i });
    i = j;
  }
  if (gaps.length > 0) {
    const missing = gaps.reduce((sum, g) => sum + g.length, 0);
    const first = isoText(startMs + gaps[0].from * stepMs);
    if (!fillGaps) throw new InputError(`${source}: ${missing} ${unit} missing between ${isoText(startMs)} and ${isoText(startMs + (count - 1) * stepMs)}, the first at ${first}; pass --fill-gaps to interpolate them`);
    const stepHours = stepMs / MS_PER_HOUR;
    const tooLong = gaps.filter((g) => g.length * stepHours > maxGapHours);
    if (tooLong.length > 0) {
      const g = tooLong[0];
      throw new InputError(
        `${source}: ${tooLong.length} gap(s) longer than ${maxGapHours} hours, the first ${g.length} ${unit} from ${isoText(startMs + g.from * stepMs)}; interpolating across it would invent data (raise the limit with --max-gap-hours if that is meant)`,
      );
    }
    for (const g of gaps) {
      const lo = g.from - 1;
      const hi = g.from + g.length;
      for (let i = g.from; i < hi; i++) values[i] = values[lo] + ((values[hi] - values[lo]) * (i - lo)) / (hi - lo);
    }
    const listed = gaps.slice(0, 20).map((g) => `${isoText(startMs + g.from * stepMs)} (${g.length})`);
    warnings.push(
      `${source}: filled ${missing} missing ${unit} in ${gaps.length} gap(s) by linear interpolation: ${listed.join(", ")}${gaps.length > 20 ? `, and ${gaps.length - 20} more` : ""}`,
    );
  }
  return { column, startMs, stepMs, values };
}

/** The longest gap --fill-gaps interpolates by default: 6 hours in an hourly series, 3 days in a daily one. */
export function defaultMaxGapHours(stepMs: number): number {
  return stepMs === MS_PER_HOUR ? 6 : 72;
}

/** Parses a timestamp: ISO with Z or an offset as given; "YYYY-MM-DD[ HH:MM[:SS]]" (optionally " UTC") as local time in timeZone. */
export function parseTimestamp(text: string, timeZone: string): number | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?( UTC)?$/.exec(t);
  if (!m) return null;
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)];
  if (!isRealDateTime(y, mo, d, h, mi)) return null;
  if (m[7] || timeZone === "UTC") return Date.UTC(y, mo - 1, d, h, mi);
  const candidates = localToUtcCandidates(y, mo, d, h, mi, timeZone);
  return candidates.length > 0 ? candidates[0] : null;
}

export interface GenericImportOptions {
  timeColumn: string;
  valueColumn: string;
  timeZone: string;
  column: string;
  fillGaps: boolean;
  /** The longest gap fillGaps interpolates, hours (default defaultMaxGapHours). */
  maxGapHours?: number;
  window?: TimeWindow;
}

/** Imports a timestamp,value CSV as an hourly or daily canonical series (daily rows are dated by their local date, at 00:00 UTC). */
export async function importGeneric(path: string, options: GenericImportOptions, warnings: string[]): Promise<Series> {
  const { header, rows } = await readCsvRows(path);
  for (const c of [options.timeColumn, options.valueColumn]) {
    if (!header.includes(c)) throw new InputError(`${path}: line 1: expected a column "${c}" (found: ${header.join(", ")})`);
  }
  const points = new Map<number, number>();
  const lines = new Map<number, number>();
  const dayLabel = /^\d{4}-\d{2}-\d{2}( 00:00(:00)?( UTC)?)?$/;
  const valued = rows.filter(({ cells }) => {
    const v = (cells[options.valueColumn] ?? "").toLowerCase();
    return v !== "" && v !== "nan";
  });
  const skipped = rows.length - valued.length;
  // A daily series when every timestamp is a bare date (or midnight): its rows are dated by that date.
  const dailyLabels = valued.every(({ cells }) => dayLabel.test((cells[options.timeColumn] ?? "").trim()));
  for (const { line, cells } of valued) {
    const raw = cells[options.timeColumn] ?? "";
    const valueText = cells[options.valueColumn];
    const value = parseDecimal(valueText ?? "");
    if (!Number.isFinite(value)) throw new InputError(`${path}: line ${line}: expected a number in ${options.valueColumn} (found: "${valueText}")`);
    const ms = dailyLabels ? Date.parse(raw.trim().slice(0, 10) + "T00:00:00Z") : parseTimestamp(raw, options.timeZone);
    if (ms === null || Number.isNaN(ms)) throw new InputError(`${path}: line ${line}: expected a timestamp in ${options.timeColumn} (found: "${raw}")`);
    if (points.has(ms)) throw new InputError(`${path}: line ${line}: duplicate of line ${lines.get(ms)} (${raw})`);
    points.set(ms, value);
    lines.set(ms, line);
  }
  if (skipped > 0) warnings.push(`${path}: skipped ${skipped} row(s) with no value`);
  return regularize(points, dailyLabels ? MS_PER_DAY : MS_PER_HOUR, options.column, path, options.fillGaps, warnings, options.window, options.maxGapHours ?? defaultMaxGapHours(dailyLabels ? MS_PER_DAY : MS_PER_HOUR));
}
