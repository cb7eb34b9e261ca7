// Monte Carlo batches across worker threads. Run i of a batch with base seed s draws only
// from streams seeded by (s, i), so results do not depend on threads or finishing order;
// results are handed on strictly in run order.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { ResolvedScenario } from "../scenario/schema";
import { RUN_METRIC_COUNT } from "../site/columns";
import type { BatchResult, BatchTask } from "./worker";

export interface BatchOptions {
  runs: number;
  seed: number;
  threads: number;
  /** Run indices whose hourly trace is wanted. */
  traceRuns?: readonly number[];
  /** Runs of this process: all by default; a shard takes every shardCount-th run from shardIndex. */
  runIndices?: readonly number[];
  /** Called in run order with consecutive metric rows (count x RUN_METRIC_COUNT). */
  onRows?: (runs: readonly number[], metrics: Float64Array) => void | Promise<void>;
  /** Called for each traced run, in run order. */
  onTrace?: (run: number, data: Float64Array) => void | Promise<void>;
  /** Called after each batch with the number of runs done. */
  onProgress?: (done: number, total: number) => void;
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

/** Runs a batch; returns every run's metric row (runIndices order) for the summary. */
export async function runBatch(scenario: ResolvedScenario, options: BatchOptions): Promise<Float64Array> {
  const runIndices = options.runIndices ?? Array.from({ length: options.runs }, (_, i) => i);
  const total = runIndices.length;
  const all = new Float64Array(total * RUN_METRIC_COUNT);
  const traceRuns = options.traceRuns ?? [];
  const workerFile = options.workerFile ?? defaultWorkerFile();
  if (!existsSync(workerFile)) throw new Error(`worker bundle not found at ${workerFile}: run "npm run build" first`);
  const pool = new Piscina({
    filename: workerFile,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 1000,
    workerData: { scenario },
  });
  try {
    // Tasks cover runs of consecutive positions in runIndices; a task is contiguous in run numbers
    // only when not sharded, so tasks list their runs through runStart + stride.
    const perTask = runsPerTask(total, options.threads);
    const tasks: { from: number; count: number }[] = [];
    for (let from = 0; from < total; from += perTask) tasks.push({ from, count: Math.min(perTask, total - from) });
    const results = new Map<number, BatchResult[]>();
    const pending = tasks.map((t, taskIndex) => {
      const subtasks: Promise<BatchResult>[] = [];
      // Split into contiguous runs so a worker task is (runStart, runCount).
      let i = t.from;
      while (i < t.from + t.count) {
        let j = i + 1;
        while (j < t.from + t.count && runIndices[j] === runIndices[j - 1] + 1) j++;
        const runStart = runIndices[i];
        const runCount = j - i;
        const wanted = traceRuns.filter((r) => r >= runStart && r < runStart + runCount);
        const task: BatchTask = { baseSeed: options.seed, runStart, runCount, traceRuns: wanted };
        subtasks.push(pool.run(task) as Promise<BatchResult>);
        i = j;
      }
      return Promise.all(subtasks).then((r) => {
        results.set(taskIndex, r);
      });
    });

    // Every rejection is handled below when its turn comes; this keeps the others from going unhandled.
    for (const p of pending) p.catch(() => undefined);
    let done = 0;
    for (let taskIndex = 0; taskIndex < tasks.length; taskIndex++) {
      await pending[taskIndex];
      const parts = results.get(taskIndex)!;
      results.delete(taskIndex);
      const { from, count } = tasks[taskIndex];
      const block = new Float64Array(count * RUN_METRIC_COUNT);
      let offset = 0;
      for (const part of parts) {
        block.set(part.metrics, offset);
        offset += part.metrics.length;
      }
      all.set(block, from * RUN_METRIC_COUNT);
      await options.onRows?.(runIndices.slice(from, from + count), block);
      for (const part of parts) for (const trace of part.traces) await options.onTrace?.(trace.run, trace.data);
      done += count;
      options.onProgress?.(done, total);
    }
    return all;
  } finally {
    await pool.destroy();
  }
}
