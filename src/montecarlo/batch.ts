// Monte Carlo batches across worker threads. Run i of a batch with base seed s draws only
// from streams seeded by (s, i), so results do not depend on threads or finishing order;
// results are handed on strictly in run order.
import { existsSync } from "node:fs";
import { RunFailure } from "../errors";
import type { ResolvedScenario } from "../scenario/schema";
import type { MarketInputs, RecordedSeries } from "../markets/replay";
import { RUN_METRIC_COUNT } from "../site/columns";
import { MARKET_LANES } from "../markets/process";
import type { Calendar } from "../engine/calendar";
import { defaultWorkerFile, keepWorkers, startPool, takeEarlyWorkers } from "./pool";
import type { BatchPlan, BatchResult, BatchTask } from "./worker";

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
  /** The scenario's calendar, when the caller has built it: the workers then use it instead of building their own. */
  calendar?: Calendar;
  /** Path of the bundled worker; defaults to dist/worker.cjs. */
  workerFile?: string;
  /** A run still going after this many seconds fails the batch, naming the run and seed (default DEFAULT_RUN_TIMEOUT_SECONDS). */
  runTimeoutSeconds?: number;
}

/** Far beyond any run of a valid scenario (a 30-year run takes well under a second), yet not forever. */
export const DEFAULT_RUN_TIMEOUT_SECONDS = 600;

/** A copy of a typed array in shared memory: handed to a worker with every task, it is not copied again. */
function sharedCopy<T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(array: T): T {
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/** The inputs with every recorded series' values in shared memory. */
function sharedInputs(inputs: MarketInputs): MarketInputs {
  const shared = (input: unknown) => {
    if (!(input instanceof Object) || !("values" in input) || !(input.values instanceof Float64Array)) return input;
    return { ...(input as RecordedSeries), values: sharedCopy(input.values) };
  };
  return Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, shared(input)])) as MarketInputs;
}

/** The calendar with its tables in shared memory: each worker need not build its own (~15 ms of Intl lookups). */
function sharedCalendar(calendar: Calendar): Calendar {
  return {
    ...calendar,
    localMonth: sharedCopy(calendar.localMonth),
    localHour: sharedCopy(calendar.localHour),
    localWeekday: sharedCopy(calendar.localWeekday),
    localYear: sharedCopy(calendar.localYear),
    yearIndex: sharedCopy(calendar.yearIndex),
    monthIndex: sharedCopy(calendar.monthIndex),
    monthLastHour: sharedCopy(calendar.monthLastHour),
  };
}

let batchesStarted = 0;

/**
 * How many runs go in one task: enough to amortise messaging, small enough to balance threads, and
 * a multiple of MARKET_LANES, since a worker steps each four runs of a task together and a task's
 * last one to three alone, ~20% slower each (docs/speed.md, point 25). What goes in which task
 * changes no result.
 */
export function runsPerTask(runs: number, threads: number): number {
  const balanced = Math.ceil(runs / (threads * 8));
  return Math.max(1, Math.min(48, Math.ceil(balanced / MARKET_LANES) * MARKET_LANES));
}

/**
 * Runs a batch, handing results on in run order through onTrace and onRows; returns the number of
 * positions run. Nothing of the batch is kept here, so memory does not grow with the run count.
 * A task that fails (a worker throws, or a run passes the time limit) fails the batch with an
 * error naming the run and seed; the rows handed on before it stay handed on.
 */
export async function runBatch(scenario: ResolvedScenario, options: BatchOptions): Promise<number> {
  const firstRun = options.firstRun ?? 0;
  const runStride = options.runStride ?? 1;
  const total = firstRun < options.runs ? Math.ceil((options.runs - firstRun) / runStride) : 0;
  const runAt = (position: number) => firstRun + position * runStride;
  const startPosition = Math.min(options.startPosition ?? 0, total);
  const traceRuns = options.traceRuns ?? [];
  const workerFile = options.workerFile ?? defaultWorkerFile();
  const timeoutMs = (options.runTimeoutSeconds ?? DEFAULT_RUN_TIMEOUT_SECONDS) * 1000;
  if (!existsSync(workerFile)) throw new Error(`worker bundle not found at ${workerFile}: run "npm run build" first`);
  // Workers started early by the command line (src/cli/early-workers.ts) if it did, else now. The
  // scenario and its recorded series go with every task (the series in shared memory, not
  // copied); a worker compiles the plan when a task brings one it has not seen.
  const pool = takeEarlyWorkers(workerFile, options.threads) ?? startPool(workerFile, options.threads);
  const plan: BatchPlan = {
    key: String(++batchesStarted),
    scenario,
    inputs: sharedInputs(options.inputs ?? {}),
    ...(options.calendar === undefined ? {} : { calendar: sharedCalendar(options.calendar) }),
  };
  interface InFlight {
    from: number;
    count: number;
    result: Promise<BatchResult>;
    watch: Float64Array;
    abort: AbortController;
    timedOut: boolean;
  }
  const inFlight: InFlight[] = [];
  // The watchdog: a run under way for longer than the limit is aborted (piscina ends its thread).
  const watchdog = setInterval(
    () => {
      const now = Date.now();
      for (const task of inFlight) {
        if (task.watch[0] >= 0 && now - task.watch[1] > timeoutMs && !task.timedOut) {
          task.timedOut = true;
          task.abort.abort();
        }
      }
    },
    Math.max(1, Math.min(1000, timeoutMs / 4)),
  );
  try {
    // Each task covers consecutive positions. Only a window of tasks is in flight at once:
    // piscina does not finish tasks in submission order, and results are handed on in run order,
    // so the window bounds what waits in memory.
    const perTask = runsPerTask(total, options.threads);
    const window = 2 * options.threads + 2;
    let nextFrom = startPosition;
    const submit = () => {
      const from = nextFrom;
      const count = Math.min(perTask, total - from);
      nextFrom += count;
      const runs = Array.from({ length: count }, (_, k) => runAt(from + k));
      const watch = new Float64Array(new SharedArrayBuffer(16));
      watch[0] = -1;
      const abort = new AbortController();
      const task: BatchTask = { plan, baseSeed: options.seed, runStart: runAt(from), runCount: count, runStride, traceRuns: traceRuns.filter((r) => runs.includes(r)), watch };
      const result = pool.run(task, { signal: abort.signal }) as Promise<BatchResult>;
      // Every rejection is handled when its turn comes; this keeps the others from going unhandled.
      result.catch(() => undefined);
      inFlight.push({ from, count, result, watch, abort, timedOut: false });
    };
    let done = startPosition;
    while (nextFrom < total || inFlight.length > 0) {
      while (nextFrom < total && inFlight.length < window) submit();
      const task = inFlight[0];
      let result: BatchResult;
      try {
        result = await task.result;
      } catch (err) {
        const message = (err as Error)?.message ?? String(err);
        const run = task.watch[0] >= 0 ? task.watch[0] : runAt(task.from);
        if (task.timedOut) {
          throw new RunFailure(`run ${run} (seed ${options.seed}) did not finish within ${timeoutMs / 1000} s (the run time limit); it was stopped`);
        }
        if (message.startsWith("model diverged:")) throw new RunFailure(message);
        if (/^run \d+ \(seed \d+\) failed:/.test(message)) throw new Error(message);
        throw new Error(`run ${run} (seed ${options.seed}) failed: ${message}`);
      }
      inFlight.shift();
      const { metrics, monthly, traces } = result;
      for (const trace of traces) await options.onTrace?.(trace.run, trace.data);
      await options.onRows?.(
        Array.from({ length: task.count }, (_, k) => runAt(task.from + k)),
        metrics,
        monthly,
      );
      done += task.count;
      options.onProgress?.(done, total);
    }
    return total - startPosition;
  } finally {
    clearInterval(watchdog);
    // After a failure, the tasks still in flight are stopped and settled before the pool goes
    // (a worker answering a destroyed pool is an uncaught error in piscina).
    for (const task of inFlight) task.abort.abort();
    await Promise.allSettled(inFlight.map((t) => t.result));
    // A batch that finished hands its workers on to the next (a sweep's variants) when the command
    // line keeps them; else they end here.
    if (inFlight.length > 0 || !keepWorkers(pool, workerFile, options.threads)) await pool.destroy();
  }
}
