// Monte Carlo batches across worker threads. Run i of a batch with base seed s draws only
// from streams seeded by (s, i), so results do not depend on threads or finishing order;
// results are handed on strictly in run order.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { ResolvedScenario } from "../scenario/schema";
import type { MarketInputs } from "../markets/replay";
import { RUN_METRIC_COUNT } from "../site/columns";
import type { BatchResult, BatchTask } from "./worker";

export interface BatchOptions {
  runs: number;
  seed: number;
  threads: number;
  /** Run indices whose hourly trace is wanted. */
  traceRuns?: readonly number[];
  /** Run only runs firstRun, firstRun + runStride, ... below runs (a shard); default all runs. */
  firstRun?: number;
  runStride?: number;
  /** Skip the first positions of the batch (already done, when resuming). */
  startPosition?: number;
  /**
   * Called in run order with consecutive metric rows (count x RUN_METRIC_COUNT), after that block's
   * traces, and the month-end series of those of its runs below MONTHLY_RUN_LIMIT (the first ones).
   */
  onRows?: (runs: readonly number[], metrics: Float64Array, monthly: Float64Array) => void | Promise<void>;
  /** Called for each traced run, in run order, before the rows of its block. */
  onTrace?: (run: number, data: Float64Array) => void | Promise<void>;
  /** Called after each batch with the number of runs done. */
  onProgress?: (done: number, total: number) => void;
  /** Recorded series for replay and bootstrap markets (loaded by the caller). */
  inputs?: MarketInputs;
  /** Path of the bundled worker; defaults to dist/worker.cjs. */
  workerFile?: string;
}

/** The bundled worker file: beside this module when bundled, else in dist/ at the package root. */
export function defaultWorkerFile(): string {
  if (typeof __dirname === "string") {
    const beside = join(__dirname, "worker.cjs");
    if (existsSync(beside)) return beside;
  }
  return fileURLToPath(new URL("../../dist/worker.cjs", import.meta.url));
}

/** How many runs go in one task: enough to amortise messaging, small enough to balance threads. */
export function runsPerTask(runs: number, threads: number): number {
  return Math.max(1, Math.min(50, Math.ceil(runs / (threads * 8))));
}

/** Runs a batch; returns the metric rows of the positions it ran (from startPosition), in run order. */
export async function runBatch(scenario: ResolvedScenario, options: BatchOptions): Promise<Float64Array> {
  const firstRun = options.firstRun ?? 0;
  const runStride = options.runStride ?? 1;
  const total = firstRun < options.runs ? Math.ceil((options.runs - firstRun) / runStride) : 0;
  const runAt = (position: number) => firstRun + position * runStride;
  const startPosition = Math.min(options.startPosition ?? 0, total);
  const all = new Float64Array((total - startPosition) * RUN_METRIC_COUNT);
  const traceRuns = options.traceRuns ?? [];
  const workerFile = options.workerFile ?? defaultWorkerFile();
  if (!existsSync(workerFile)) throw new Error(`worker bundle not found at ${workerFile}: run "npm run build" first`);
  const pool = new Piscina({
    filename: workerFile,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 1000,
    workerData: { scenario, inputs: options.inputs ?? {} },
  });
  try {
    // Each task covers consecutive positions. Only a window of tasks is in flight at once:
    // piscina does not finish tasks in submission order, and results are handed on in run order,
    // so the window bounds what waits in memory.
    const perTask = runsPerTask(total, options.threads);
    const window = 2 * options.threads + 2;
    const inFlight: { from: number; count: number; result: Promise<BatchResult> }[] = [];
    let nextFrom = startPosition;
    const submit = () => {
      const from = nextFrom;
      const count = Math.min(perTask, total - from);
      nextFrom += count;
      const runs = Array.from({ length: count }, (_, k) => runAt(from + k));
      const task: BatchTask = { baseSeed: options.seed, runStart: runAt(from), runCount: count, runStride, traceRuns: traceRuns.filter((r) => runs.includes(r)) };
      const result = pool.run(task) as Promise<BatchResult>;
      // Every rejection is handled when its turn comes; this keeps the others from going unhandled.
      result.catch(() => undefined);
      inFlight.push({ from, count, result });
    };
    let done = startPosition;
    while (nextFrom < total || inFlight.length > 0) {
      while (nextFrom < total && inFlight.length < window) submit();
      const { from, count, result } = inFlight.shift()!;
      const { metrics, monthly, traces } = await result;
      all.set(metrics, (from - startPosition) * RUN_METRIC_COUNT);
      for (const trace of traces) await options.onTrace?.(trace.run, trace.data);
      await options.onRows?.(
        Array.from({ length: count }, (_, k) => runAt(from + k)),
        metrics,
        monthly,
      );
      done += count;
      options.onProgress?.(done, total);
    }
    return all;
  } finally {
    await pool.destroy();
  }
}
