// Runs a scenario and writes the output folder of DESIGN section 6: runs.csv, summary.csv,
// hourly-run<i>.csv for traced runs, scenario.resolved.json and run-info.json.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isoHourText } from "../engine/calendar";
import { runBatch } from "../montecarlo/batch";
import { summarize, SUMMARY_PERCENTILES } from "../montecarlo/statistics";
import type { ResolvedScenario } from "../scenario/schema";
import { CURTAIL_REASONS, miningClassColumn, RUN_METRIC_COUNT, RUN_METRICS, TRACE_COLUMNS } from "../site/columns";
import { compilePlan, type RunPlan } from "../site/plan";
import { TRACE_REASON_COLUMN, traceWidth } from "../site/simulation";
import { HASHGRID_VERSION } from "../version";
import { CsvFile } from "./csv";
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
}

export const SHARD_INFO_FILE = "shard.json";
/** Full-precision metric rows of a shard (little-endian Float64, shardRuns x RUN_METRIC_COUNT, run order). */
export const SHARD_METRICS_FILE = "metrics.f64";

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
  threads: number;
  traceRuns: number[];
  onProgress?: (done: number, total: number) => void;
  /** Set by the CLI so the folder records how it was made. */
  command?: string;
}

export interface FolderRunResult {
  outDir: string;
  metrics: Float64Array;
  seconds: number;
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

/** Runs the scenario's batch (runs and seed from scenario.monteCarlo) into a new output folder. */
export async function runScenarioToFolder(scenario: ResolvedScenario, options: FolderRunOptions): Promise<FolderRunResult> {
  const plan = compilePlan(scenario);
  const { runs, seed } = scenario.monteCarlo;
  const traceRuns = options.traceRuns.filter((r) => r < runs && (!options.shard || r % options.shard.count === options.shard.index));
  const folder = new StagedFolder(options.outDir);
  const dir = folder.open();
  const startedAt = new Date();
  const t0 = performance.now();
  try {
    const resolvedText = scenarioText(scenario);
    writeFileSync(join(dir, "scenario.resolved.json"), resolvedText);
    const runsCsv = new CsvFile(join(dir, "runs.csv"), RUNS_HEADER);
    let metrics: Float64Array;
    try {
      metrics = await runBatch(scenario, {
        runs,
        seed,
        threads: options.threads,
        traceRuns,
        firstRun: options.shard?.index,
        runStride: options.shard?.count,
        onProgress: options.onProgress,
        onRows: async (runIndices, block) => {
          for (let i = 0; i < runIndices.length; i++) {
            const row: number[] = [runIndices[i], seed];
            for (let m = 0; m < RUN_METRIC_COUNT; m++) row.push(block[i * RUN_METRIC_COUNT + m]);
            await runsCsv.write(row);
          }
        },
        onTrace: (run, data) => writeTrace(join(dir, `hourly-run${run}.csv`), plan, data),
      });
    } finally {
      await runsCsv.close();
    }
    const runCount = options.shard ? shardRuns(runs, options.shard).length : runs;
    await writeSummary(join(dir, "summary.csv"), metrics, runCount);
    if (options.shard) {
      const info: ShardInfo = {
        hashgrid: HASHGRID_VERSION,
        scenarioSha256: sha256(resolvedText),
        runs,
        seed,
        shard: options.shard,
        shardRuns: runCount,
      };
      writeFileSync(join(dir, SHARD_INFO_FILE), JSON.stringify(info, null, 2) + "\n");
      writeFileSync(join(dir, SHARD_METRICS_FILE), Buffer.from(metrics.buffer, metrics.byteOffset, metrics.byteLength));
    }
    const seconds = (performance.now() - t0) / 1000;
    const info = {
      hashgrid: HASHGRID_VERSION,
      node: process.version,
      command: options.command ?? null,
      scenario: scenario.name,
      runs,
      seed,
      shard: options.shard ?? null,
      threads: options.threads,
      tracedRuns: traceRuns,
      hours: plan.hours,
      startedAtUtc: startedAt.toISOString(),
      seconds: Number(seconds.toFixed(3)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      note: "Timing and memory fields vary between runs; every other file in this folder is byte-identical for the same scenario, seed and version whatever the thread count.",
    };
    writeFileSync(join(dir, "run-info.json"), JSON.stringify(info, null, 2) + "\n");
    folder.commit();
    return { outDir: folder.target, metrics, seconds };
  } catch (err) {
    folder.abandon();
    throw err;
  }
}
