// A piscina worker: compiles a batch's plan from the first of its tasks it gets, then runs batches
// of runs. It never prints; it returns compact typed arrays.
import type { ResolvedScenario } from "../scenario/schema";
import { compilePlan } from "../site/plan";
import type { MarketInputs } from "../markets/replay";
import { MONTHLY_RUN_LIMIT, RUN_METRIC_COUNT } from "../site/columns";
import { SiteRun, traceWidth } from "../site/simulation";
import { MARKET_LANES } from "../markets/process";

/** What a batch's runs simulate: the same object (by key) in every task of the batch. */
export interface BatchPlan {
  /** Tells batches apart: a worker compiles the plan again when the key changes. */
  key: string;
  scenario: ResolvedScenario;
  inputs: MarketInputs;
}

export interface BatchTask {
  plan: BatchPlan;
  baseSeed: number;
  runStart: number;
  runCount: number;
  /** Distance between consecutive runs of the task (1, or the shard count). */
  runStride: number;
  /** Runs of this batch whose hourly trace is wanted. */
  traceRuns: number[];
  /**
   * Shared with the main thread, which watches for runs that do not finish: [0] the run under way
   * (-1 before the first), [1] when it started (ms since the epoch).
   */
  watch?: Float64Array;
}

export interface BatchResult {
  runStart: number;
  /** runCount x RUN_METRIC_COUNT, row-major. */
  metrics: Float64Array;
  /** Month-end series of the runs below MONTHLY_RUN_LIMIT: count x months x MONTHLY_SERIES_COUNT, run-major. */
  monthly: Float64Array;
  traces: { run: number; data: Float64Array }[];
}

let site: SiteRun | null = null;
let siteKey = "";

function siteRun(plan: BatchPlan): SiteRun {
  if (site === null || siteKey !== plan.key) {
    // The last plan's market paths go back to the kernels' memory before the next plan's are made.
    site?.dispose();
    site = null;
    site = new SiteRun(compilePlan(plan.scenario, plan.inputs));
    siteKey = plan.key;
  }
  return site;
}

/** Runs runStart .. runStart + runCount - 1 and returns their metric rows and any traces. */
export function runBatchTask(sim: SiteRun, task: BatchTask): BatchResult {
  const metrics = new Float64Array(task.runCount * RUN_METRIC_COUNT);
  const monthlyWidth = sim.monthly.length;
  let monthlyRuns = 0;
  for (let i = 0; i < task.runCount; i++) if (task.runStart + i * task.runStride < MONTHLY_RUN_LIMIT) monthlyRuns++;
  const monthly = new Float64Array(monthlyRuns * monthlyWidth);
  const traces: { run: number; data: Float64Array }[] = [];
  for (let i = 0; i < task.runCount; i++) {
    const run = task.runStart + i * task.runStride;
    if (i % MARKET_LANES === 0) {
      // The next runs' markets, stepped together in SIMD lanes where a process can: each run's own draws, the same bits.
      const lanes = Math.min(MARKET_LANES, task.runCount - i);
      sim.stepRunsInLanes(task.baseSeed, Array.from({ length: lanes }, (_, k) => run + k * task.runStride));
    }
    if (task.watch) {
      task.watch[1] = Date.now();
      task.watch[0] = run;
    }
    const traced = task.traceRuns.includes(run);
    const trace = traced ? new Float64Array(sim.plan.hours * traceWidth(sim.plan)) : null;
    sim.trace = trace;
    try {
      metrics.set(sim.simulate(task.baseSeed, run), i * RUN_METRIC_COUNT);
    } catch (err) {
      // Only the message crosses to the main thread: it names the run and its seed.
      const message = (err as Error)?.message ?? String(err);
      if (message.startsWith("model diverged:")) throw err;
      throw new Error(`run ${run} (seed ${task.baseSeed}) failed: ${(err as Error)?.stack ?? message}`);
    }
    if (i < monthlyRuns) monthly.set(sim.monthly, i * monthlyWidth);
    sim.trace = null;
    if (trace) traces.push({ run, data: trace });
  }
  return { runStart: task.runStart, metrics, monthly, traces };
}

export default function (task: BatchTask): BatchResult {
  return runBatchTask(siteRun(task.plan), task);
}
