// sim run: a Monte Carlo batch of one scenario into an output folder.
import { parseArgs } from "node:util";
import { InputError } from "../errors";
import { REPORT_FILE } from "../report/report";
import { join } from "node:path";
import { runScenarioToFolder } from "../io/run-folder";
import { METRIC } from "../site/columns";
import { horizonHours } from "../site/plan";
import { USAGE } from "./usage";
import { threadCount, parsePositive, parseTraceList, parseShard, scenarioWithOverrides, scenarioStem, progressPrinter, formatUsd } from "./options";

export async function commandRun(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      runs: { type: "string" },
      seed: { type: "string" },
      threads: { type: "string" },
      out: { type: "string" },
      trace: { type: "string" },
      shard: { type: "string" },
      resume: { type: "boolean" },
      "no-report": { type: "boolean" },
      quiet: { type: "boolean" },
      "run-timeout": { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new InputError(`run: expected one scenario file (found ${positionals.length})\n\n${USAGE}`);
  const path = positionals[0];
  const scenario = scenarioWithOverrides(path, values.runs, values.seed);
  const threads = threadCount(values.threads);
  const traceRuns = parseTraceList(values.trace ?? "");
  for (const r of traceRuns) {
    if (r >= scenario.monteCarlo.runs) throw new InputError(`--trace: run ${r} does not exist (runs are 0 .. ${scenario.monteCarlo.runs - 1})`);
  }
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  const outDir = values.out ?? `out/${scenarioStem(path)}${shard ? `-shard${shard.index}of${shard.count}` : ""}`;
  const hours = horizonHours(scenario);
  process.stderr.write(`${scenario.name}: ${scenario.monteCarlo.runs} runs x ${hours} h, seed ${scenario.monteCarlo.seed}, ${threads} thread(s)\n`);

  const result = await runScenarioToFolder(scenario, {
    outDir,
    threads,
    traceRuns,
    shard,
    resume: values.resume === true,
    onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
    onResume: (done, total) => {
      if (values.resume) process.stderr.write(done > 0 ? `resuming: ${done} of ${total} runs already done\n` : "nothing to resume: starting from the first run\n");
    },
    onProgress: progressPrinter(values.quiet === true),
    command: ["sim", "run", ...args].join(" "),
    report: !values["no-report"],
    runTimeoutSeconds: values["run-timeout"] !== undefined ? parsePositive(values["run-timeout"], "--run-timeout", "seconds") : undefined,
  });

  const column = (metric: number) => result.summaries[metric];
  const npv = column(METRIC.npv_usd);
  const miningPerMwh = column(METRIC.first_year_mining_revenue_usd_per_mwh);
  const aiPerMwh = column(METRIC.first_year_ai_revenue_usd_per_mwh);
  const runsDone = result.runsThisTime;
  const runsPerSecond = runsDone / result.batchSeconds;
  process.stdout.write(
    [
      `NPV P10 / P50 / P90: ${formatUsd(npv.percentiles[1])} / ${formatUsd(npv.percentiles[2])} / ${formatUsd(npv.percentiles[3])}`,
      `first-year mining revenue per MWh (P50): ${Number.isFinite(miningPerMwh.percentiles[2]) ? "$" + miningPerMwh.percentiles[2].toFixed(0) : "n/a"}`,
      `first-year AI revenue per MWh (P50): ${Number.isFinite(aiPerMwh.percentiles[2]) ? "$" + aiPerMwh.percentiles[2].toFixed(0) : "n/a"}`,
      `${runsDone} runs in ${result.batchSeconds.toFixed(1)} s (${runsPerSecond.toFixed(1)} runs/s, ${((runsPerSecond * hours) / 1e6).toFixed(2)} M site-hours/s); ${result.seconds.toFixed(1)} s with the write-up${values["no-report"] ? "" : " and report"}`,
      `results: ${result.outDir}`,
      ...(values["no-report"] ? [] : [`report: ${join(result.outDir, REPORT_FILE)}`]),
      "",
    ].join("\n"),
  );
}

