// The library: the same functions the CLI calls, for scripting batches in TypeScript.
export { Scenario, type ResolvedScenario, type ScenarioInput } from "./scenario/schema";
export { resolveScenario, loadScenarioFile, ASIC_MODELS } from "./scenario/load";
export { scenarioJsonSchema, scenarioFieldsMarkdown } from "./scenario/docs";
export { compilePlan, horizonHours, type RunPlan } from "./site/plan";
export { SiteRun } from "./site/simulation";
export { RUN_METRICS, TRACE_COLUMNS, METRIC } from "./site/columns";
export { runBatch, type BatchOptions } from "./montecarlo/batch";
export { summarize, percentileOfSorted } from "./montecarlo/statistics";
export { runScenarioToFolder } from "./io/run-folder";
export { InputError } from "./errors";
export * from "./markets/network";

import { compilePlan } from "./site/plan";
import { SiteRun } from "./site/simulation";
import type { ResolvedScenario } from "./scenario/schema";

/** Simulates one run in this thread and returns its metric row (RUN_METRICS order). */
export function simulate(scenario: ResolvedScenario, run = 0, seed = scenario.monteCarlo.seed): Float64Array {
  return new SiteRun(compilePlan(scenario)).simulate(seed, run).slice();
}
