// sim report: one self-contained HTML file (uPlot and the data inlined, no network) built only
// from the CSV and JSON files of an output folder, so it can be rebuilt from any folder,
// including a merged shard folder.
import { createReadStream, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { InputError } from "../errors";
import { readCsvRows } from "../io/series";
import { readJsonFile } from "../scenario/load";
import { percentileOfSorted } from "../montecarlo/statistics";
import { CURTAILMENT_REASONS, miningClassColumn } from "../site/columns";
import { COMPONENT_RUN_COLUMNS } from "../site/components";
import { HASHGRID_VERSION } from "../version";
import { uplotScript, uplotStyles } from "./assets";
import { REPORT_CLIENT_SCRIPT, REPORT_STYLES } from "./client";

export const REPORT_FILE = "report.html";

function numbers(rows: { cells: Record<string, string> }[], column: string): number[] {
  return rows.map((r) => (r.cells[column] === "" || r.cells[column] === undefined ? NaN : Number(r.cells[column])));
}

/** Five significant digits are plenty on screen and keep the file small. */
function compact(values: ArrayLike<number>): (number | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? Number(v.toPrecision(5)) : null));
}

/** A sweep folder's data: the variants' NPV percentiles and the numbers beside them. */
async function sweepData(dir: string): Promise<Record<string, unknown>> {
  const resolved = readJsonFile(join(dir, "sweep.resolved.json"));
  const { rows } = await readCsvRows(join(dir, "sweep.csv"));
  const first = resolved.variants?.[0]?.scenario ?? {};
  const value = (cells: Record<string, string>, k: string) => (cells[k] === "" || cells[k] === undefined ? null : Number(cells[k]));
  return {
    kind: "sweep",
    name: resolved.name,
    description: resolved.description ?? "",
    seed: first.monteCarlo?.seed,
    runs: first.monteCarlo?.runs,
    version: HASHGRID_VERSION,
    // Names from the resolved file: sweep.csv guards spreadsheet formulas with a leading quote.
    variants: rows.map(({ cells }, i) => ({
      name: resolved.variants?.[i]?.name ?? cells.name,
      npvP10: value(cells, "npv_usd_p10"),
      npvP50: value(cells, "npv_usd_p50"),
      npvP90: value(cells, "npv_usd_p90"),
      npvMean: value(cells, "npv_usd_mean"),
      probabilityOfLoss: value(cells, "probability_of_loss"),
      paybackP50: value(cells, "payback_month_p50"),
      irrP50: value(cells, "irr_per_year_p50"),
      vsBaseP10: value(cells, "npv_usd_vs_base_p10"),
      vsBaseP50: value(cells, "npv_usd_vs_base_p50"),
      vsBaseP90: value(cells, "npv_usd_vs_base_p90"),
      beatsBase: value(cells, "probability_npv_above_base"),
    })),
  };
}

/** A headroom folder's data (sim headroom): the limits' rows, the curve and the hour x month counts. */
async function headroomData(dir: string): Promise<Record<string, unknown>> {
  const info = readJsonFile(join(dir, "headroom-info.json"));
  const { rows } = await readCsvRows(join(dir, "headroom.csv"));
  const hours = (await readCsvRows(join(dir, "headroom-hours.csv"))).rows;
  const limits = rows.map(({ cells }) => {
    const counts = new Array(12 * 24).fill(0);
    for (const { cells: h } of hours) {
      if (h.limit_pct === cells.limit_pct) counts[(Number(h.month) - 1) * 24 + Number(h.hour_of_day)] = Number(h.curtailed_hours_per_year);
    }
    return { ...Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, v === "" ? null : Number(v)])), hoursPerYearByMonthHour: compact(counts) };
  });
  return { kind: "headroom", name: info.input, version: info.hashgrid ?? HASHGRID_VERSION, info, limits };
}

/** Most values of one runs.csv column embedded in the page. */
const DRAWN_VALUES = 20_000;

/**
 * Columns of a CSV file of numbers that hashgrid wrote (no quoted cells), read line by line: its
 * header, the first data row's cells, and the columns `pick` names from the header as numbers
 * (empty cells NaN; a name the header lacks gives a column of NaN). Only what the page draws is
 * kept: an hourly trace has ~90,000 rows of ~50 columns, 31 MB, which read whole as row objects
 * took 6-7 s and 630 MB.
 */
async function readNumberColumns(path: string, pick: (header: string[]) => readonly string[]): Promise<{ header: string[]; first: string[]; columns: Float64Array[] }> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let header: string[] | null = null;
  let first: string[] | null = null;
  let indices: number[] = [];
  let columns: number[][] = [];
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const cells = line.split(",");
    if (header === null) {
      header = cells.map((c) => c.trim());
      indices = pick(header).map((n) => header!.indexOf(n));
      columns = indices.map(() => []);
      continue;
    }
    if (first === null) first = cells.map((c) => c.trim());
    for (let i = 0; i < indices.length; i++) {
      const cell = indices[i] < 0 ? "" : (cells[indices[i]] ?? "").trim();
      columns[i].push(cell === "" ? NaN : Number(cell));
    }
  }
  if (header === null) throw new InputError(`${path}: empty (expected a header line and rows of numbers)`);
  return { header, first: first ?? [], columns: columns.map((c) => Float64Array.from(c)) };
}

/** The finite values, or when there are more than max, max evenly spaced quantiles of them (ranks (i + 0.5) n / max). */
export function quantileSample(values: Float64Array, max: number): number[] {
  const finite = values.filter((v) => Number.isFinite(v)).sort();
  if (finite.length <= max) return Array.from(values.filter((v) => Number.isFinite(v)));
  return Array.from({ length: max }, (_, i) => finite[Math.floor(((i + 0.5) * finite.length) / max)]);
}

/** Everything the page draws, read from the folder's files. */
export async function reportData(dir: string): Promise<Record<string, unknown>> {
  if (existsSync(join(dir, "sweep.csv")) && existsSync(join(dir, "sweep.resolved.json"))) return sweepData(dir);
  if (existsSync(join(dir, "headroom.csv")) && existsSync(join(dir, "headroom-info.json"))) return headroomData(dir);
  const need = (file: string) => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new InputError(`${dir}: not a hashgrid output folder (no ${file})`);
    return path;
  };
  const scenario = readJsonFile(need("scenario.resolved.json")) as any;
  const info = existsSync(join(dir, "run-info.json")) ? readJsonFile(join(dir, "run-info.json")) as any : {};
  const summaryRows = (await readCsvRows(need("summary.csv"))).rows;
  const summary: Record<string, Record<string, number>> = {};
  for (const { cells } of summaryRows) {
    summary[cells.metric] = Object.fromEntries(Object.entries(cells).filter(([k]) => k !== "metric").map(([k, v]) => [k, v === "" ? NaN : Number(v)]));
  }
  // Only the NPV and halving columns of runs.csv are drawn: read line by line, so the report's memory does not grow with runs.
  const runColumns = ["npv_usd", "first_halving_hour", "second_halving_hour", "third_halving_hour"];
  const runs = await readNumberColumns(need("runs.csv"), () => runColumns);
  const missing = runColumns.filter((name) => !runs.header.includes(name));
  if (missing.length > 0) throw new InputError(`${need("runs.csv")}: line 1: expected the column(s) ${missing.join(", ")} (found: ${runs.header.slice(0, 4).join(", ")}, ...)`);
  const [npv, ...halvings] = runs.columns;
  let losses = 0;
  let defined = 0;
  for (const v of npv) {
    if (!Number.isFinite(v)) continue;
    defined++;
    if (v < 0) losses++;
  }
  const data: Record<string, unknown> = {
    name: scenario.name,
    description: scenario.description ?? "",
    seed: scenario.monteCarlo?.seed,
    runs: npv.length,
    version: info.hashgrid ?? HASHGRID_VERSION,
    start: scenario.start,
    summary,
    npvLossShare: defined > 0 ? losses / defined : null,
    // Up to DRAWN_VALUES values: all, or evenly spaced quantiles of all (the histogram's shape; counts are scaled to runs).
    npv: compact(quantileSample(npv, DRAWN_VALUES)),
    npvDefinedRuns: defined,
    // The median hour of each halving that falls within the horizon in at least half of the runs.
    halvingHoursP50: halvings
      .map((hours) => {
        const defined = hours.filter((h) => Number.isFinite(h)).sort();
        return defined.length > 0 && defined.length >= hours.length / 2 ? percentileOfSorted(defined, 50) : NaN;
      })
      .filter((h) => Number.isFinite(h)),
    timezone: scenario.site?.timezone ?? "UTC",
    // The site components' declared run columns: the headline table and the programs chart show them.
    componentColumns: COMPONENT_RUN_COLUMNS.map((c) => ({ name: c.name, label: c.label ?? c.name, unit: c.unit, cash: c.cash ?? 0, saving: c.saving ? 1 : 0 })),
  };
  if (existsSync(join(dir, "monthly.csv"))) {
    const { header, rows } = await readCsvRows(join(dir, "monthly.csv"));
    const monthly: Record<string, unknown> = { month: rows.map((r) => r.cells.month) };
    for (const column of header.slice(1)) monthly[column] = compact(numbers(rows, column));
    data.monthly = monthly;
  }
  const traces = readdirSync(dir)
    .map((f) => /^hourly-run(\d+)\.csv$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  if (traces.length > 0) {
    // The columns drawn: price, AI, each class, each curtailment reason the trace has, import, capacity.
    const reasons = (header: string[]) => CURTAILMENT_REASONS.filter((r) => header.includes(r.column));
    const classColumnsOf = (header: string[]) => header.filter((h) => h.startsWith("mining_mw_"));
    const { header, first, columns } = await readNumberColumns(join(dir, traces[0][0]), (header) => [
      "price_usd_per_mwh",
      "ai_mw",
      "import_mw",
      "mining_capacity_mw",
      ...classColumnsOf(header),
      ...reasons(header).map((r) => r.column),
    ]);
    const [price, ai, importMw, miningCapacityMw, ...rest] = columns;
    const classColumns = classColumnsOf(header);
    // Legends show the classes' own names, not the column slugs.
    const classNames = new Map<string, string>(((scenario.mining?.classes ?? []) as { name: string }[]).map((c) => [miningClassColumn(c.name), c.name]));
    const timeColumn = header.indexOf("time_utc");
    data.trace = {
      run: Number(traces[0][1]),
      startUtc: timeColumn < 0 ? undefined : first[timeColumn],
      price: compact(price),
      ai: compact(ai),
      classes: classColumns.map((c, k) => ({ name: classNames.get(c) ?? c.replace(/^mining_mw_/, ""), mw: compact(rest[k]) })),
      // Every declared curtailment reason with MW in this run (src/site/columns.ts, CURTAILMENT_REASONS): the dispatch chart's layers.
      curtailed: reasons(header)
        .map((r, k) => ({ name: r.name, label: r.label, mw: compact(rest[classColumns.length + k]) }))
        .filter((r) => r.name === "economic" || r.name === "capacity" || r.mw.some((v) => v !== null && v > 0)),
      importMw: compact(importMw),
      miningCapacityMw: compact(miningCapacityMw),
      interconnectMw: scenario.site?.interconnectMw,
    };
  }
  return data;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** The whole page. JSON is embedded with "<" escaped so no data can close the script element. */
export function reportHtml(data: Record<string, unknown>): string {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  const title = `hashgrid report: ${escapeHtml(String(data.name))}`;
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<style>${uplotStyles()}\n${REPORT_STYLES}</style>`,
    "</head><body>",
    '<main id="report"></main>',
    `<script>${uplotScript()}</script>`,
    `<script id="report-data" type="application/json">${json}</script>`,
    `<script>${REPORT_CLIENT_SCRIPT}</script>`,
    "</body></html>",
    "",
  ].join("\n");
}

/** Writes DIR/report.html from the folder's files; returns its path. */
export async function writeReport(dir: string): Promise<string> {
  const html = reportHtml(await reportData(dir));
  const path = join(dir, REPORT_FILE);
  writeFileSync(path + ".partial", html);
  renameSync(path + ".partial", path);
  return path;
}
