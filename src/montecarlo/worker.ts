// A piscina worker: compiles a batch's plan from the first of its tasks it gets, then runs batches
// of runs. It never prints; it returns compact typed arrays.
import type { ResolvedScenario } from "../scenario/schema";
import { compilePlan } from "../site/plan";
import type { MarketInputs } from "../markets/replay";
import type { Calendar } from "../engine/calendar";
import { MONTHLY_RUN_LIMIT, RUN_METRIC_COUNT } from "../site/columns";
import { RunFailure, SiteRun, traceWidth } from "../site/simulation";
import { MARKET_LANES } from "../markets/process";
import { useCompiledLoopStore } from "../engine/lanes";
import { compiledLoopFiles, compiledLoopFolder } from "../io/compiled-loop-store";

// Compiled lanes loops are kept between calls (src/io/compiled-loop-store.ts): a worker then need
// not compile the plan's loop again (~0.1 s of its first task; docs/speed.md, point 27).
const loopFolder = compiledLoopFolder();
if (loopFolder !== null) useCompiledLoopStore(compiledLoopFiles(loopFolder));

/** What a batch's runs simulate: the same object (by key) in every task of the batch. */
export interface BatchPlan {
  /** Tells batches apart: a worker compiles the plan again when the key changes. */
  key: string;
  scenario: ResolvedScenario;
  inputs: MarketInputs;
  /** The scenario's calendar, built by the main thread (in shared memory), when it has one. */
  calendar?: Calendar;
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

/**
 * The SiteRuns of the current plan, one per lane (made as needed): a worker runs each four runs of
 * a task together (SiteRun.simulateTogether) when some of the plan's market processes step in SIMD lanes.
 */
const sites: SiteRun[] = [];
let siteKey = "";

function siteRuns(plan: BatchPlan): SiteRun[] {
  if (sites.length === 0 || siteKey !== plan.key) {
    // The last plan's market paths go back to the kernels' memory before the next plan's are made.
    for (const site of sites) site.dispose();
    sites.length = 0;
    sites.push(new SiteRun(compilePlan(plan.scenario, plan.inputs, plan.calendar)));
    siteKey = plan.key;
  }
  return sites;
}

/** Runs runStart .. runStart + runCount - 1 and returns their metric rows and any traces. */
export function runBatchTask(sites: SiteRun[], task: BatchTask): BatchResult {
  const lead = sites[0];
  const metrics = new Float64Array(task.runCount * RUN_METRIC_COUNT);
  const monthlyWidth = lead.monthly.length;
  let monthlyRuns = 0;
  for (let i = 0; i < task.runCount; i++) if (task.runStart + i * task.runStride < MONTHLY_RUN_LIMIT) monthlyRuns++;
  const monthly = new Float64Array(monthlyRuns * monthlyWidth);
  const traces: { run: number; data: Float64Array }[] = [];
  const together = lead.stepsInLanes;
  while (together && sites.length < MARKET_LANES) sites.push(new SiteRun(lead.plan, { networkOf: lead }));
  for (let i = 0; i < task.runCount; ) {
    // Four runs together while four are left (fewer gain nothing from the lanes: docs/speed.md, point 24), else one.
    const count = together && i + MARKET_LANES <= task.runCount ? MARKET_LANES : 1;
    const runs = Array.from({ length: count }, (_, k) => task.runStart + (i + k) * task.runStride);
    if (task.watch) {
      task.watch[1] = Date.now();
      task.watch[0] = runs[0];
    }
    for (let k = 0; k < count; k++) {
      const traced = task.traceRuns.includes(runs[k]);
      sites[k].trace = traced ? new Float64Array(lead.plan.hours * traceWidth(lead.plan)) : null;
    }
    try {
      if (count === 1) lead.simulate(task.baseSeed, runs[0]);
      else SiteRun.simulateTogether(sites, task.baseSeed, runs);
    } catch (caught) {
      // Only the message crosses to the main thread: it names the run and its seed.
      const run = caught instanceof RunFailure ? caught.run : runs[0];
      const err = caught instanceof RunFailure ? caught.failure : caught;
      const message = (err as Error)?.message ?? String(err);
      if (message.startsWith("model diverged:")) throw err;
      throw new Error(`run ${run} (seed ${task.baseSeed}) failed: ${(err as Error)?.stack ?? message}`);
    }
    for (let k = 0; k < count; k++, i++) {
      metrics.set(sites[k].metrics, i * RUN_METRIC_COUNT);
      if (i < monthlyRuns) monthly.set(sites[k].monthly, i * monthlyWidth);
      if (sites[k].trace !== null) traces.push({ run: runs[k], data: sites[k].trace! });
      sites[k].trace = null;
    }
  }
  return { runStart: task.runStart, metrics, monthly, traces };
}

export default function (task: BatchTask): BatchResult {
  return runBatchTask(siteRuns(task.plan), task);
}
