// Runs a scenario and writes the output folder of DESIGN section 6: runs.csv, summary.csv,
// hourly-run<i>.csv for traced runs, scenario.resolved.json and run-info.json.
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { InputError } from "../errors";
import { loadMarketInputs } from "./inputs";
import { join } from "node:path";
import { isoHourText } from "../engine/calendar";
import { runBatch } from "../montecarlo/batch";
import { percentileOfSorted, summarize, SUMMARY_PERCENTILES } from "../montecarlo/statistics";
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
import { TRACE_REASON_COLUMN, traceWidth } from "../site/simulation";
import { HASHGRID_VERSION } from "../version";
import { CsvFile, formatNumber } from "./csv";
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
  const unlisted = new Set([SHARD_INFO_FILE, "run-info.json", "report.html"]);
  const files: Record<string, { bytes: number; sha256: string }> = {};
  for (const name of readdirSync(dir).sort()) {
    if (unlisted.has(name)) continue;
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
  const column = new Float64Array(runCount);
  try {
    for (let m = 0; m < months; m++) {
      const monthStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1));
      const row: (string | number)[] = [monthStart.toISOString().slice(0, 7)];
      for (let k = 0; k < MONTHLY_SERIES_COUNT; k++) {
        for (let r = 0; r < runCount; r++) column[r] = monthly[r * width + m * MONTHLY_SERIES_COUNT + k];
        const sorted = Float64Array.from(column).sort();
        for (const p of MONTHLY_PERCENTILES) row.push(percentileOfSorted(sorted, p));
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
}

export interface FolderRunResult {
  outDir: string;
  /** Every run's metric row (this folder's runs), in run order. */
  metrics: Float64Array;
  seconds: number;
  /** Runs simulated by this call (fewer than all when resuming). */
  runsThisTime: number;
}

export const RUNS_HEADER = ["run", "seed", ...RUN_METRICS.map((m) => m.name)];
export const SUMMARY_HEADER = ["metric", "mean", ...SUMMARY_PERCENTILES.map((p) => `p${p}`)];

export function traceHeader(plan: RunPlan): string[] {
  return ["hour", "time_utc", ...TRACE_COLUMNS.map((c) => c.name), "curtail_reason", ...plan.miningClasses.map((c) => miningClassColumn(c.name))];
}

/** Writes one traced run's hours. */
export async function writeTrace(path: string, plan: RunPlan, data: Float64Array): Promise<void> {
  const csv = new CsvFile(path, traceHeader(plan));
  try {
    const width = traceWidth(plan);
    for (let h = 0; h < plan.hours; h++) {
      const row: (string | number)[] = [h, isoHourText(plan.calendar, h)];
      for (let c = 0; c < width; c++) {
        const value = data[h * width + c];
        row.push(c === TRACE_REASON_COLUMN ? CURTAIL_REASONS[value] : value);
      }
      await csv.write(row);
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
    writeFileSync(join(dir, name + ".tmp"), lines.map((l) => l + "\n").join(""));
    renameSync(join(dir, name + ".tmp"), join(dir, name));
  }
}

/** Joins the fragments of the traced runs (in run order) into events.csv and curtailment.csv and removes them. */
function joinTraceAnalytics(dir: string, traceRuns: readonly number[]): void {
  for (const [file, header, fragment] of [
    ["events.csv", EVENTS_HEADER, EVENTS_FRAGMENT],
    ["curtailment.csv", CURTAILMENT_HEADER, CURTAILMENT_FRAGMENT],
  ] as const) {
    const parts = [header.join(",") + "\n"];
    for (const run of traceRuns) parts.push(readFileSync(join(dir, fragment(run)), "utf8"));
    writeFileSync(join(dir, file), parts.join(""));
    for (const run of traceRuns) rmSync(join(dir, fragment(run)));
  }
}

/** Writes summary.csv from every run's metric row. */
export async function writeSummary(path: string, metrics: Float64Array, runCount: number): Promise<void> {
  const csv = new CsvFile(path, SUMMARY_HEADER);
  try {
    const column = new Float64Array(runCount);
    for (let m = 0; m < RUN_METRIC_COUNT; m++) {
      for (let r = 0; r < runCount; r++) column[r] = metrics[r * RUN_METRIC_COUNT + m];
      const s = summarize(column);
      await csv.write([RUN_METRICS[m].name, s.mean, ...s.percentiles]);
    }
  } finally {
    await csv.close();
  }
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
  const metrics = readMetrics(metricsPath);
  const csv = new CsvFile(join(dir, "runs.csv"), RUNS_HEADER);
  try {
    for (let p = 0; p < done; p++) await csv.write([runAt(p), seed, ...metrics.subarray(p * RUN_METRIC_COUNT, (p + 1) * RUN_METRIC_COUNT)]);
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
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/**
 * Runs the scenario's batch (runs and seed from scenario.monteCarlo) into a new output folder.
 * Finished runs are checkpointed in the staging folder as they complete, in run order; with
 * resume, an interrupted batch carries on from there and ends with the same bytes.
 */
export async function runScenarioToFolder(scenario: ResolvedScenario, options: FolderRunOptions): Promise<FolderRunResult> {
  const warnings: string[] = [];
  const inputs = await loadMarketInputs(scenario, warnings);
  for (const w of warnings) options.onWarning?.(w);
  const plan = compilePlan(scenario, inputs);
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
  const resuming = options.resume === true && existsSync(join(folder.staging, BATCH_FILE));
  const dir = folder.open(resuming);
  const monthlyRowBytes = plan.calendar.months * MONTHLY_SERIES_COUNT * 8;
  const startPosition = resuming ? await recoverCheckpoint(dir, batchText, runAt, seed, monthlyRowBytes) : 0;
  options.onResume?.(startPosition, totalPositions);
  const startedAt = new Date();
  const t0 = performance.now();
  try {
    if (!resuming) {
      writeFileSync(join(dir, "scenario.resolved.json"), resolvedText);
      writeFileSync(join(dir, BATCH_FILE), batchText);
      writeFileSync(join(dir, SHARD_METRICS_FILE), "");
      writeFileSync(join(dir, SHARD_MONTHLY_FILE), "");
    }
    const metricsPath = join(dir, SHARD_METRICS_FILE);
    const monthlyPath = join(dir, SHARD_MONTHLY_FILE);
    const runsCsv = new CsvFile(join(dir, "runs.csv"), RUNS_HEADER, resuming);
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
        onProgress: options.onProgress,
        onTrace: async (run, data) => {
          const path = join(dir, `hourly-run${run}.csv`);
          writeTraceAnalytics(dir, plan, run, data);
          await writeTrace(path + ".tmp", plan, data);
          renameSync(path + ".tmp", path);
        },
        onRows: async (runIndices, block, monthly) => {
          for (let i = 0; i < runIndices.length; i++) {
            const row: number[] = [runIndices[i], seed];
            for (let m = 0; m < RUN_METRIC_COUNT; m++) row.push(block[i * RUN_METRIC_COUNT + m]);
            await runsCsv.write(row);
          }
          // The checkpoint: month-end series, then whole rows of exact metrics (the commit mark), in run order.
          appendFileSync(monthlyPath, Buffer.from(monthly.buffer, monthly.byteOffset, monthly.byteLength));
          appendFileSync(metricsPath, Buffer.from(block.buffer, block.byteOffset, block.byteLength));
        },
      });
    } finally {
      await runsCsv.close();
    }
    joinTraceAnalytics(dir, traceRuns);
    const metrics = readMetrics(metricsPath);
    await writeSummary(join(dir, "summary.csv"), metrics, totalPositions);
    if (!shard) {
      const monthly = readMetrics(monthlyPath);
      await writeMonthly(join(dir, "monthly.csv"), plan.calendar.startMs, plan.calendar.months, monthly, monthly.length / (plan.calendar.months * MONTHLY_SERIES_COUNT));
    }
    rmSync(join(dir, BATCH_FILE));
    if (shard) {
      const info: ShardInfo = { hashgrid: HASHGRID_VERSION, scenarioSha256: sha256(resolvedText), runs, seed, shard, shardRuns: totalPositions, files: shardManifest(dir) };
      writeFileSync(join(dir, SHARD_INFO_FILE), JSON.stringify(info, null, 2) + "\n");
    } else {
      rmSync(metricsPath);
      rmSync(monthlyPath);
    }
    const seconds = (performance.now() - t0) / 1000;
    const info = {
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
      ...(plan.flexibleInterconnection === null
        ? {}
        : {
            flexibleInterconnection: {
              flexibleMw: plan.flexibleInterconnection.flexibleMw,
              systemFlexibleMw: plan.flexibleInterconnection.systemFlexibleMw,
              summerThresholdMw: plan.flexibleInterconnection.summerThresholdMw,
              winterThresholdMw: plan.flexibleInterconnection.winterThresholdMw,
            },
          }),
      startedAtUtc: startedAt.toISOString(),
      seconds: Number(seconds.toFixed(3)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      note: "Timing, memory and resume fields vary between runs; every other file in this folder is byte-identical for the same scenario, seed and version whatever the thread count.",
    };
    writeFileSync(join(dir, "run-info.json"), JSON.stringify(info, null, 2) + "\n");
    folder.commit();
    return { outDir: folder.target, metrics, seconds, runsThisTime: totalPositions - startPosition };
  } catch (err) {
    folder.abandon();
    throw err;
  }
}
