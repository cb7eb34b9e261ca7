// Runs a scenario and writes the output folder of DESIGN section 6: runs.csv, summary.csv,
// hourly-run<i>.csv for traced runs, scenario.resolved.json and run-info.json.
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { InputError, keptRunsNote } from "../errors";
import { loadMarketInputs } from "./inputs";
import { join } from "node:path";
import { isoHourText } from "../engine/calendar";
import { runBatch } from "../montecarlo/batch";
import { percentilesOf, summarize, SUMMARY_PERCENTILES, type Summary } from "../montecarlo/statistics";
import { forEachColumn, rowBlocks, scatterRow } from "./metrics-file";
import { writeReport } from "../report/report";
import type { ResolvedScenario } from "../scenario/schema";
import {
  CURTAIL_REASONS,
  CURTAILMENT_COLUMNS,
  EVENT_COLUMNS,
  miningClassColumn,
  MONTHLY,
  MONTHLY_PERCENTILES,
  MONTHLY_RUN_LIMIT,
  MONTHLY_SAMPLE_RUNS,
  MONTHLY_SERIES,
  MONTHLY_SERIES_COUNT,
  RUN_METRIC_COUNT,
  RUN_METRICS,
  TRACE_COLUMNS,
} from "../site/columns";
import { compilePlan, type RunPlan } from "../site/plan";
import { plannedConfig } from "../site/components";
import type { FlexibleInterconnectionConfig } from "../site/components/flexible-interconnection";
import { TRACE_REASON_COLUMN, traceWidth } from "../site/simulation";
import { HASHGRID_VERSION } from "../version";
import { CsvFile, CsvLinesFile, formatNumber } from "./csv";
import { curtailmentEvents, curtailmentProfile } from "../site/analytics";
import { StagedFolder } from "./output-folder";

/** Shard i of N takes runs i, i + N, i + 2N, ... */
export interface Shard {
  index: number;
  count: number;
}

/** What a shard folder says about itself in shard.json; merge checks these agree. */
export interface ShardInfo {
  hashgrid: string;
  scenarioSha256: string;
  runs: number;
  seed: number;
  shard: Shard;
  shardRuns: number;
  /** Size and SHA-256 of every data file of the shard, for merge to verify. */
  files: Record<string, { bytes: number; sha256: string }>;
}

/** The manifest of a shard folder's data files: all but shard.json itself, run-info.json and report.html (written after it). */
export function shardManifest(dir: string): Record<string, { bytes: number; sha256: string }> {
  const unlisted = new Set([SHARD_INFO_FILE, "run-info.json", "report.html", BATCH_FILE]);
  const files: Record<string, { bytes: number; sha256: string }> = {};
  for (const name of readdirSync(dir).sort()) {
    if (unlisted.has(name) || name.startsWith(".")) continue;
    const bytes = readFileSync(join(dir, name));
    files[name] = { bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
  }
  return files;
}

export const SHARD_INFO_FILE = "shard.json";
/** Full-precision metric rows (little-endian Float64, RUN_METRIC_COUNT per run, run order): the checkpoint while running, kept in shard folders for merging. */
export const SHARD_METRICS_FILE = "metrics.f64";
/** Month-end series of the runs below MONTHLY_RUN_LIMIT (little-endian Float64, months x MONTHLY_SERIES_COUNT per run, run order). */
export const SHARD_MONTHLY_FILE = "monthly.f64";

export function monthlyHeader(): string[] {
  const header = ["month"];
  for (const series of MONTHLY_SERIES) for (const p of MONTHLY_PERCENTILES) header.push(`${series.name}_p${p}`);
  for (let r = 0; r < MONTHLY_SAMPLE_RUNS; r++) header.push(`cumulative_net_cash_usd_run${r}`);
  return header;
}

/**
 * Writes monthly.csv: for each calendar month, percentiles over runs of each month-end series, and
 * the cumulative cash of the first runs as sample paths. monthly holds runCount rows of
 * months x MONTHLY_SERIES_COUNT values, in run order from run 0.
 */
export async function writeMonthly(path: string, startMs: number, months: number, monthly: Float64Array, runCount: number): Promise<void> {
  const csv = new CsvFile(path, monthlyHeader());
  const width = months * MONTHLY_SERIES_COUNT;
  const start = new Date(startMs);
  // A year of months at a time, each series' values over the runs gathered into a column of its
  // own (each run's months of the year are next to each other in `monthly`, so the gather reads it
  // in order), then its percentiles selected in place (percentilesOf: the numbers a sort gives).
  // 10,000 runs of 240 months: 1.0-1.1 s with a strided gather and a sort per column, 0.3 s now.
  const blockMonths = 12;
  const columns = new Float64Array(blockMonths * MONTHLY_SERIES_COUNT * runCount);
  try {
    for (let m = 0; m < months; m++) {
      const blockStart = m - (m % blockMonths);
      if (m === blockStart) {
        const values = Math.min(blockMonths, months - blockStart) * MONTHLY_SERIES_COUNT;
        for (let r = 0; r < runCount; r++) scatterRow(monthly, r * width + blockStart * MONTHLY_SERIES_COUNT, values, columns, runCount, r);
      }
      const monthStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1));
      const row: (string | number)[] = [monthStart.toISOString().slice(0, 7)];
      for (let k = 0; k < MONTHLY_SERIES_COUNT; k++) {
        const c = (m - blockStart) * MONTHLY_SERIES_COUNT + k;
        row.push(...percentilesOf(columns.subarray(c * runCount, (c + 1) * runCount), MONTHLY_PERCENTILES));
      }
      for (let r = 0; r < MONTHLY_SAMPLE_RUNS; r++) row.push(r < runCount ? monthly[r * width + m * MONTHLY_SERIES_COUNT + MONTHLY.cumulative_net_cash_usd] : NaN);
      await csv.write(row);
    }
  } finally {
    await csv.close();
  }
}

export function scenarioText(scenario: ResolvedScenario): string {
  return JSON.stringify(scenario, null, 2) + "\n";
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The runs of a shard, in run order. */
export function shardRuns(runs: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let r = shard.index; r < runs; r += shard.count) out.push(r);
  return out;
}

export interface FolderRunOptions {
  outDir: string;
  /** Run only this shard's runs; the folder can then be merged with the others by "sim merge". */
  shard?: Shard;
  /** Carry on from an interrupted run of the same batch into the same folder. */
  resume?: boolean;
  /** Told of anything worth a warning while loading inputs. */
  onWarning?: (message: string) => void;
  /** Told how many runs were already done when the batch starts (0 unless resuming). */
  onResume?: (done: number, total: number) => void;
  threads: number;
  traceRuns: number[];
  onProgress?: (done: number, total: number) => void;
  /** Set by the CLI so the folder records how it was made. */
  command?: string;
  /** Write report.html into the folder as part of the write-up. */
  report?: boolean;
  /** See BatchOptions.runTimeoutSeconds. */
  runTimeoutSeconds?: number;
  /** See BatchOptions.workerFile. */
  workerFile?: string;
}

export interface FolderRunResult {
  outDir: string;
  /** Each metric's summary over this folder's runs, in RUN_METRICS order. */
  summaries: Summary[];
  /** Wall time of the whole call, write-up and report included. */
  seconds: number;
  /** Wall time of the runs alone (what the speed figures use). */
  batchSeconds: number;
  /** Runs simulated by this call (fewer than all when resuming). */
  runsThisTime: number;
}

export const RUNS_HEADER = ["run", "seed", ...RUN_METRICS.map((m) => m.name)];
export const SUMMARY_HEADER = ["metric", "mean", ...SUMMARY_PERCENTILES.map((p) => `p${p}`)];

export function traceHeader(plan: RunPlan): string[] {
  return ["hour", "time_utc", ...TRACE_COLUMNS.map((c) => c.name), "curtail_reason", ...plan.fleet.classes.map((c) => miningClassColumn(c.name))];
}

/** Hours of a trace written at a time: a few hundred KB of text. */
const TRACE_BLOCK_HOURS = 2048;

/** Writes one traced run's hours: hour, time, the trace's numbers (formatNumber) and the curtailment reason's name. */
export async function writeTrace(path: string, plan: RunPlan, data: Float64Array): Promise<void> {
  const csv = new CsvLinesFile(path, traceHeader(plan));
  try {
    const width = traceWidth(plan);
    const cells: string[] = new Array(width + 2);
    for (let from = 0; from < plan.hours; from += TRACE_BLOCK_HOURS) {
      const lines: string[] = [];
      for (let h = from; h < Math.min(plan.hours, from + TRACE_BLOCK_HOURS); h++) {
        cells[0] = String(h);
        cells[1] = isoHourText(plan.calendar, h);
        for (let c = 0; c < width; c++) {
          const value = data[h * width + c];
          cells[c + 2] = c === TRACE_REASON_COLUMN ? CURTAIL_REASONS[value] : formatNumber(value);
        }
        lines.push(cells.join(","));
      }
      await csv.writeLines(lines.join("\n") + "\n");
    }
  } finally {
    await csv.close();
  }
}

/** Fragments of events.csv and curtailment.csv written per traced run in the staging folder. */
const EVENTS_FRAGMENT = (run: number) => `.events-run${run}.csv`;
const CURTAILMENT_FRAGMENT = (run: number) => `.curtailment-run${run}.csv`;
export const EVENTS_HEADER = EVENT_COLUMNS.map((c) => c.name);
export const CURTAILMENT_HEADER = CURTAILMENT_COLUMNS.map((c) => c.name);

/** Writes a traced run's curtailment events and profile as fragments (rows without header) in dir. */
export function writeTraceAnalytics(dir: string, plan: RunPlan, run: number, trace: Float64Array): void {
  const cell = (x: number) => (Number.isFinite(x) ? formatNumber(x) : "");
  const events = curtailmentEvents(plan, trace).map((e) =>
    [run, isoHourText(plan.calendar, e.startHour), isoHourText(plan.calendar, e.endHour), e.endHour - e.startHour, e.reason, cell(e.meanMw), cell(e.maxMw), cell(e.mwh), cell(e.meanPriceUsdPerMwh)].join(","),
  );
  const profile = curtailmentProfile(plan, trace).map((r) =>
    [run, r.view, r.bin, r.reason, cell(r.curtailedMwh), cell(r.curtailedHours), cell(r.miningCapacityMwh), cell(r.curtailedShare), cell(r.siteImportMw), cell(r.hours)].join(","),
  );
  for (const [name, lines] of [
    [EVENTS_FRAGMENT(run), events],
    [CURTAILMENT_FRAGMENT(run), profile],
  ] as const) {
    writeFileAtomically(join(dir, name), lines.map((l) => l + "\n").join(""));
  }
}

/** Joins the fragments of the traced runs (in run order) into events.csv and curtailment.csv; the fragments stay until the clean-up. */
function joinTraceAnalytics(dir: string, traceRuns: readonly number[]): void {
  for (const [file, header, fragment] of [
    ["events.csv", EVENTS_HEADER, EVENTS_FRAGMENT],
    ["curtailment.csv", CURTAILMENT_HEADER, CURTAILMENT_FRAGMENT],
  ] as const) {
    const parts = [header.join(",") + "\n"];
    for (const run of traceRuns) parts.push(readFileSync(join(dir, fragment(run)), "utf8"));
    writeFileAtomically(join(dir, file), parts.join(""));
  }
}

/**
 * Writes summary.csv from the metric rows in metricsPath (runCount rows, read a few columns at a
 * time so memory does not grow with runs); returns each metric's summary, in RUN_METRICS order.
 */
export async function writeSummary(path: string, metricsPath: string, runCount: number): Promise<Summary[]> {
  const summaries: Summary[] = [];
  forEachColumn(metricsPath, RUN_METRIC_COUNT, runCount, (_, values) => summaries.push(summarize(values)));
  const csv = new CsvFile(path + ".tmp", SUMMARY_HEADER);
  try {
    for (let m = 0; m < RUN_METRIC_COUNT; m++) await csv.write([RUN_METRICS[m].name, summaries[m].mean, ...summaries[m].percentiles]);
  } finally {
    await csv.close();
  }
  renameSync(path + ".tmp", path);
  return summaries;
}

/** What the staging folder records so that --resume can check it continues the same batch. */
const BATCH_FILE = "batch.json";

function metricRowBytes(): number {
  return RUN_METRIC_COUNT * 8;
}

/**
 * Reads an interrupted batch's staging folder: how many positions are complete (whole rows of
 * metrics.f64), after trimming a torn last row, rebuilding runs.csv from the exact metrics and
 * dropping traces of runs not finished. Throws InputError if it belongs to another batch.
 */
async function recoverCheckpoint(dir: string, batchText: string, runAt: (position: number) => number, seed: number, monthlyRowBytes: number): Promise<number> {
  const batchPath = join(dir, BATCH_FILE);
  if (!existsSync(batchPath)) return 0;
  if (readFileSync(batchPath, "utf8") !== batchText) {
    throw new InputError(`${dir}: holds an interrupted run of another scenario, seed, run count or shard; run without --resume to start over`);
  }
  const metricsPath = join(dir, SHARD_METRICS_FILE);
  const bytes = existsSync(metricsPath) ? statSync(metricsPath).size : 0;
  const done = Math.floor(bytes / metricRowBytes());
  truncateSync(metricsPath, done * metricRowBytes());
  let monthlyRows = 0;
  while (monthlyRows < done && runAt(monthlyRows) < MONTHLY_RUN_LIMIT) monthlyRows++;
  truncateSync(join(dir, SHARD_MONTHLY_FILE), monthlyRows * monthlyRowBytes);
  const csv = new CsvFile(join(dir, "runs.csv"), RUNS_HEADER);
  try {
    for (const { firstRow, block } of rowBlocks(metricsPath, RUN_METRIC_COUNT, done)) {
      for (let k = 0; k < block.length / RUN_METRIC_COUNT; k++) await csv.write([runAt(firstRow + k), seed, ...block.subarray(k * RUN_METRIC_COUNT, (k + 1) * RUN_METRIC_COUNT)]);
    }
  } finally {
    await csv.close();
  }
  const finished = new Set(Array.from({ length: done }, (_, p) => runAt(p)));
  for (const file of readdirSync(dir)) {
    const traced = /^(?:hourly-run|\.events-run|\.curtailment-run)(\d+)\.csv$/.exec(file);
    if (file.endsWith(".tmp") || (traced && !finished.has(Number(traced[1])))) rmSync(join(dir, file));
  }
  return done;
}

export function readMetrics(path: string): Float64Array {
  const bytes = readFileSync(path);
  // Viewed in place when the buffer is the file's alone and aligned (readFileSync's usual case), else copied.
  if (bytes.byteOffset % 8 === 0 && bytes.buffer.byteLength === bytes.length) return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** What runScenarioToFolder writes once every run is done; run-info.json, written last, marks it complete. */
interface WriteUp {
  dir: string;
  plan: RunPlan;
  shard: Shard | undefined;
  traceRuns: number[];
  totalPositions: number;
  resolvedText: string;
  report: boolean;
  runInfo: () => Record<string, unknown>;
}

/**
 * The write-up: every final file from the checkpoint (metrics.f64, monthly.f64, the trace
 * fragments), each written whole and renamed into place, so a write-up cut short by a kill is
 * simply done again on --resume. run-info.json goes last and marks it complete.
 */
async function writeUp(w: WriteUp): Promise<Summary[]> {
  const { dir, plan, shard } = w;
  joinTraceAnalytics(dir, w.traceRuns);
  const summaries = await writeSummary(join(dir, "summary.csv"), join(dir, SHARD_METRICS_FILE), w.totalPositions);
  if (!shard) {
    const monthly = readMetrics(join(dir, SHARD_MONTHLY_FILE));
    await writeMonthly(join(dir, "monthly.csv"), plan.calendar.startMs, plan.calendar.months, monthly, monthly.length / (plan.calendar.months * MONTHLY_SERIES_COUNT));
  } else {
    const info: ShardInfo = { hashgrid: HASHGRID_VERSION, scenarioSha256: sha256(w.resolvedText), runs: plan.scenario.monteCarlo.runs, seed: plan.scenario.monteCarlo.seed, shard, shardRuns: w.totalPositions, files: shardManifest(dir) };
    writeFileAtomically(join(dir, SHARD_INFO_FILE), JSON.stringify(info, null, 2) + "\n");
  }
  if (w.report) await writeReport(dir);
  writeFileAtomically(join(dir, RUN_INFO_FILE), JSON.stringify(w.runInfo(), null, 2) + "\n");
  return summaries;
}

/** Removes what only the checkpoint needed (safe to repeat), leaving the folder's final files. */
function cleanUp(dir: string, shard: Shard | undefined): void {
  for (const file of readdirSync(dir)) {
    if (/^\.(?:events|curtailment)-run\d+\.csv$/.test(file) || file.endsWith(".tmp")) rmSync(join(dir, file), { force: true });
  }
  if (!shard) {
    rmSync(join(dir, SHARD_METRICS_FILE), { force: true });
    rmSync(join(dir, SHARD_MONTHLY_FILE), { force: true });
  }
  rmSync(join(dir, BATCH_FILE), { force: true });
}

function writeFileAtomically(path: string, text: string): void {
  writeFileSync(path + ".tmp", text);
  renameSync(path + ".tmp", path);
}

const RUN_INFO_FILE = "run-info.json";

/**
 * Runs the scenario's batch (runs and seed from scenario.monteCarlo) into a new output folder.
 * Finished runs are checkpointed in the staging folder as they complete, in run order; with
 * resume, a batch interrupted at any moment (during the runs, the write-up or the move into
 * place) carries on from there and ends with the same bytes. A run that fails keeps the
 * checkpoint of the runs finished before it.
 */
export async function runScenarioToFolder(scenario: ResolvedScenario, options: FolderRunOptions): Promise<FolderRunResult> {
  const warnings: string[] = [];
  const inputs = await loadMarketInputs(scenario, warnings);
  for (const w of warnings) options.onWarning?.(w);
  const plan = compilePlan(scenario, inputs);
  const flexible = plannedConfig<FlexibleInterconnectionConfig>(plan.components, "flexibleInterconnection");
  for (const note of plan.replayNotes) options.onWarning?.(note);
  const { runs, seed } = scenario.monteCarlo;
  const shard = options.shard;
  const firstRun = shard?.index ?? 0;
  const runStride = shard?.count ?? 1;
  const runAt = (position: number) => firstRun + position * runStride;
  const totalPositions = shard ? shardRuns(runs, shard).length : runs;
  const traceRuns = options.traceRuns.filter((r) => r < runs && (r - firstRun) % runStride === 0 && r >= firstRun);
  const resolvedText = scenarioText(scenario);
  const batchText = JSON.stringify({ hashgrid: HASHGRID_VERSION, scenarioSha256: sha256(resolvedText), shard: shard ?? null, traceRuns }) + "\n";

  const folder = new StagedFolder(options.outDir);
  // A staging folder with run-info.json was written up whole and only needs moving into place.
  const stagedWhole = options.resume === true && existsSync(join(folder.staging, RUN_INFO_FILE)) && existsSync(join(folder.staging, "scenario.resolved.json"));
  const resuming = options.resume === true && (stagedWhole || existsSync(join(folder.staging, BATCH_FILE)));
  const dir = folder.open(resuming);
  if (stagedWhole) {
    if (readFileSync(join(dir, "scenario.resolved.json"), "utf8") !== resolvedText) {
      folder.release();
      throw new InputError(`${folder.staging}: holds a finished run of another scenario, seed or run count; run without --resume to start over`);
    }
    options.onResume?.(totalPositions, totalPositions);
    cleanUp(dir, shard);
    folder.commit();
    const summaries = readSummaries(join(folder.target, "summary.csv"));
    return { outDir: folder.target, summaries, seconds: 0, batchSeconds: 0, runsThisTime: 0 };
  }
  const monthlyRowBytes = plan.calendar.months * MONTHLY_SERIES_COUNT * 8;
  let startPosition = 0;
  try {
    startPosition = resuming ? await recoverCheckpoint(dir, batchText, runAt, seed, monthlyRowBytes) : 0;
  } catch (err) {
    folder.release();
    throw err;
  }
  options.onResume?.(startPosition, totalPositions);
  const startedAt = new Date();
  const t0 = performance.now();
  let batchStarted = false;
  try {
    if (!resuming) {
      // The batch file marks a checkpoint that --resume can take up, so it goes last: a kill
      // between these writes leaves no marker (resume starts over), never a marker without the
      // checkpoint's files (found by test/faults/kill-anywhere.test.ts).
      writeFileSync(join(dir, "scenario.resolved.json"), resolvedText);
      writeFileSync(join(dir, SHARD_METRICS_FILE), "");
      writeFileSync(join(dir, SHARD_MONTHLY_FILE), "");
      writeFileSync(join(dir, BATCH_FILE), batchText);
    }
    const metricsPath = join(dir, SHARD_METRICS_FILE);
    const monthlyPath = join(dir, SHARD_MONTHLY_FILE);
    // runs.csv as lines of numbers (none ever needs quoting: the same bytes as fast-csv writes, at
    // about half the main thread's time, which a 1-thread run shares with its worker).
    const runsCsv = new CsvLinesFile(join(dir, "runs.csv"), RUNS_HEADER, resuming);
    const cells: string[] = new Array(2 + RUN_METRIC_COUNT);
    batchStarted = true;
    try {
      await runBatch(scenario, {
        runs,
        seed,
        threads: options.threads,
        traceRuns,
        firstRun,
        runStride,
        startPosition,
        inputs,
        calendar: plan.calendar,
        runTimeoutSeconds: options.runTimeoutSeconds,
        workerFile: options.workerFile,
        onProgress: options.onProgress,
        onTrace: async (run, data) => {
          const path = join(dir, `hourly-run${run}.csv`);
          writeTraceAnalytics(dir, plan, run, data);
          await writeTrace(path + ".tmp", plan, data);
          renameSync(path + ".tmp", path);
        },
        onRows: async (runIndices, block, monthly) => {
          const lines: string[] = [];
          for (let i = 0; i < runIndices.length; i++) {
            cells[0] = formatNumber(runIndices[i]);
            cells[1] = formatNumber(seed);
            for (let m = 0; m < RUN_METRIC_COUNT; m++) cells[2 + m] = formatNumber(block[i * RUN_METRIC_COUNT + m]);
            lines.push(cells.join(","));
          }
          if (lines.length > 0) await runsCsv.writeLines(lines.join("\n") + "\n");
          // The checkpoint: month-end series, then whole rows of exact metrics (the commit mark), in run order.
          appendFileSync(monthlyPath, Buffer.from(monthly.buffer, monthly.byteOffset, monthly.byteLength));
          appendFileSync(metricsPath, Buffer.from(block.buffer, block.byteOffset, block.byteLength));
        },
      });
    } finally {
      await runsCsv.close();
    }
    const batchSeconds = (performance.now() - t0) / 1000;
    const summaries = await writeUp({
      dir,
      plan,
      shard,
      traceRuns,
      totalPositions,
      resolvedText,
      report: options.report ?? false,
      runInfo: () => ({
        hashgrid: HASHGRID_VERSION,
        node: process.version,
        command: options.command ?? null,
        scenario: scenario.name,
        runs,
        seed,
        shard: shard ?? null,
        resumedAfterRuns: resuming ? startPosition : null,
        threads: options.threads,
        tracedRuns: traceRuns,
        hours: plan.hours,
        // Replayed series shorter than the horizon, and what replay did beyond them.
        replayedSeriesNotCovering: plan.replayNotes,
        ...(flexible === null
          ? {}
          : {
              flexibleInterconnection: {
                flexibleMw: flexible.flexibleMw,
                systemFlexibleMw: flexible.systemFlexibleMw,
                summerThresholdMw: flexible.summerThresholdMw,
                winterThresholdMw: flexible.winterThresholdMw,
              },
            }),
        startedAtUtc: startedAt.toISOString(),
        seconds: Number(((performance.now() - t0) / 1000).toFixed(3)),
        batchSeconds: Number(batchSeconds.toFixed(3)),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        note: "Timing, memory and resume fields vary between runs; every other file in this folder is byte-identical for the same scenario, seed and version whatever the thread count.",
      }),
    });
    cleanUp(dir, shard);
    folder.commit();
    return { outDir: folder.target, summaries, seconds: (performance.now() - t0) / 1000, batchSeconds, runsThisTime: totalPositions - startPosition };
  } catch (err) {
    // A file-system error without a path (a write to an open file) happened in the staging folder.
    const fsError = err as NodeJS.ErrnoException;
    if (typeof fsError?.code === "string" && fsError.path === undefined) fsError.path = dir;
    if (batchStarted) {
      // Finished runs stay checkpointed in the staging folder for --resume.
      folder.release();
      if (err instanceof Error) err.message += keptRunsNote(folder.staging);
    } else folder.abandon();
    throw err;
  }
}

/** The summaries of a summary.csv, in RUN_METRICS order. */
function readSummaries(path: string): Summary[] {
  const text = readFileSync(path, "utf8").trim().split("\n").slice(1);
  return text.map((line) => {
    const cells = line.split(",").slice(1).map((c) => (c === "" ? NaN : Number(c)));
    return { mean: cells[0], percentiles: cells.slice(1), count: NaN };
  });
}
