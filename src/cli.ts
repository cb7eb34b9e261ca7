// The command line: the only place that touches argv, the console and the exit code.
// Exit codes: 0 success, 1 bad input, 2 internal failure.
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { InputError } from "./errors";
import { outputColumnsMarkdown } from "./io/columns-doc";
import { abandonOpenFolders } from "./io/output-folder";
import { mergeShards } from "./io/merge";
import { runScenarioToFolder, type Shard } from "./io/run-folder";
import { summarize } from "./montecarlo/statistics";
import { scenarioFieldsMarkdown, scenarioJsonSchema } from "./scenario/docs";
import { loadScenarioFile } from "./scenario/load";
import { METRIC, RUN_METRIC_COUNT } from "./site/columns";
import { horizonHours } from "./site/plan";
import { HASHGRID_VERSION } from "./version";

const USAGE = `hashgrid ${HASHGRID_VERSION}: hybrid Bitcoin-mining / AI site simulator

Usage:
  sim run <scenario.json> [--runs N] [--seed S] [--threads T] [--out DIR] [--trace LIST] [--shard i/N]
  sim merge <shard folder>... --out DIR
  sim validate <scenario.json>...
  sim schema            JSON Schema of scenario files, on stdout
  sim docs              the scenario field reference (Markdown), on stdout
  sim docs columns      the output column reference (Markdown), on stdout

run options:
  --runs N       Monte Carlo runs (default: the scenario's monteCarlo.runs)
  --seed S       base seed, 0 .. 4294967295 (default: the scenario's monteCarlo.seed)
  --threads T    worker threads (default: the machine's cores)
  --out DIR      output folder (default: out/<scenario file name>)
  --trace LIST   runs whose hourly trace to write, e.g. 0 or 0,5,9 (default: none)
  --shard i/N    run only shard i of N (runs i, i+N, ...); combine the folders with "sim merge"
`;

function parseInteger(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InputError(`${option}: expected a whole number from ${min} to ${max} (found: "${text}")`);
  }
  return value;
}

function parseTraceList(text: string): number[] {
  if (text.trim() === "") return [];
  return [...new Set(text.split(",").map((part) => parseInteger(part.trim(), "--trace", 0, 1e9)))].sort((a, b) => a - b);
}

function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) throw new InputError(`--shard: expected i/N with 0 <= i < N, like 0/4 (found: "${text}")`);
  return { index, count };
}

async function commandMerge(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { out: { type: "string" } } });
  if (values.out === undefined) throw new InputError(`merge: expected --out DIR\n\n${USAGE}`);
  const { runs, shards } = await mergeShards(positionals, values.out);
  process.stdout.write(`merged ${shards} shards, ${runs} runs: ${values.out}\n`);
}

function scenarioStem(path: string): string {
  return (path.split(/[\\/]/).pop() ?? "run").replace(/\.json$/i, "");
}

function progressPrinter(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const t0 = performance.now();
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < 250) return;
    last = now;
    const rate = done / ((now - t0) / 1000);
    const eta = rate > 0 ? (total - done) / rate : 0;
    process.stderr.write(`\rruns ${done}/${total}  ${rate.toFixed(1)} runs/s  ETA ${eta.toFixed(0)} s   ${done === total ? "\n" : ""}`);
  };
}

function formatUsd(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const abs = Math.abs(x);
  if (abs >= 1e9) return `$${(x / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `$${(x / 1e6).toFixed(1)}M`;
  return `$${x.toFixed(0)}`;
}

async function commandRun(args: string[]): Promise<void> {
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
    },
  });
  if (positionals.length !== 1) throw new InputError(`run: expected one scenario file (found ${positionals.length})\n\n${USAGE}`);
  const path = positionals[0];
  const scenario = loadScenarioFile(path);
  if (values.runs !== undefined) scenario.monteCarlo.runs = parseInteger(values.runs, "--runs", 1, 10_000_000);
  if (values.seed !== undefined) scenario.monteCarlo.seed = parseInteger(values.seed, "--seed", 0, 2 ** 32 - 1);
  const threads = values.threads !== undefined ? parseInteger(values.threads, "--threads", 1, 256) : availableParallelism();
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
    onProgress: progressPrinter(),
    command: ["sim", "run", ...args].join(" "),
  });

  const column = (metric: number) => {
    const runs = result.metrics.length / RUN_METRIC_COUNT;
    const values = new Float64Array(runs);
    for (let r = 0; r < runs; r++) values[r] = result.metrics[r * RUN_METRIC_COUNT + metric];
    return summarize(values);
  };
  const npv = column(METRIC.npv_usd);
  const miningPerMwh = column(METRIC.first_year_mining_revenue_usd_per_mwh);
  const aiPerMwh = column(METRIC.first_year_ai_revenue_usd_per_mwh);
  const runsDone = result.metrics.length / RUN_METRIC_COUNT;
  const runsPerSecond = runsDone / result.seconds;
  process.stdout.write(
    [
      `NPV P10 / P50 / P90: ${formatUsd(npv.percentiles[1])} / ${formatUsd(npv.percentiles[2])} / ${formatUsd(npv.percentiles[3])}`,
      `first-year mining revenue per MWh (P50): ${Number.isFinite(miningPerMwh.percentiles[2]) ? "$" + miningPerMwh.percentiles[2].toFixed(0) : "n/a"}`,
      `first-year AI revenue per MWh (P50): ${Number.isFinite(aiPerMwh.percentiles[2]) ? "$" + aiPerMwh.percentiles[2].toFixed(0) : "n/a"}`,
      `${runsDone} runs in ${result.seconds.toFixed(1)} s (${runsPerSecond.toFixed(1)} runs/s, ${((runsPerSecond * hours) / 1e6).toFixed(2)} M site-hours/s)`,
      `results: ${result.outDir}`,
      "",
    ].join("\n"),
  );
}

function commandValidate(args: string[]): void {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  if (positionals.length === 0) throw new InputError(`validate: expected at least one scenario file\n\n${USAGE}`);
  const problems: string[] = [];
  for (const path of positionals) {
    try {
      const scenario = loadScenarioFile(path);
      process.stdout.write(`${path}: valid (${scenario.name}, ${horizonHours(scenario)} hours, ${scenario.monteCarlo.runs} runs)\n`);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length > 0) throw new InputError(problems.join("\n"));
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "run":
        await commandRun(rest);
        return 0;
      case "merge":
        await commandMerge(rest);
        return 0;
      case "validate":
        commandValidate(rest);
        return 0;
      case "schema":
        process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + "\n");
        return 0;
      case "docs":
        if (rest[0] === "columns") process.stdout.write(outputColumnsMarkdown());
        else if (rest.length === 0) process.stdout.write(scenarioFieldsMarkdown());
        else throw new InputError(`docs: expected nothing or "columns" (found: "${rest.join(" ")}")`);
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new InputError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    // parseArgs reports unknown options and missing values with codes of its own.
    const code = (err as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}`);
      return 1;
    }
    process.stderr.write(`internal error (please report): ${(err as Error).stack ?? String(err)}\n`);
    return 2;
  }
}

process.on("SIGINT", () => {
  abandonOpenFolders();
  process.stderr.write("\ninterrupted: no output folder was written (earlier results are untouched)\n");
  process.exit(130);
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
