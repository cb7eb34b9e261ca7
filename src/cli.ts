// The command line: the only place that touches argv, the console and the exit code.
// Exit codes: 0 success, 1 bad input, 2 internal failure.
import { renameSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { InputError, userErrorText } from "./errors";
import { outputColumnsMarkdown } from "./io/columns-doc";
import { slurmStatus, submitSlurmBatch, writeSlurmBatch } from "./cluster/slurm";
import { writeKubernetesBatch } from "./cluster/kubernetes";
import { mergeShards } from "./io/merge";
import { REPORT_FILE, writeReport } from "./report/report";
import { isSweepFile, loadSweep, runSweep, SweepFile } from "./sweep/sweep";
import { calibrateBasis, calibrateBtc, calibratePower, fitSummary, powerYearBands, type ReportRow } from "./calibrate/calibrate";
import { fitBtcStochasticVolatility, fitFeeProcess, fitNetworkSupply } from "./calibrate/market-fits";
import { readSeries, sliceSeries } from "./io/series";
import { CsvFile } from "./io/csv";
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadMarketInputs } from "./io/inputs";
import { importErcot } from "./io/ercot";
import { writeHeadroomFolder } from "./io/headroom-folder";
import { importGeneric, writeSeries, type Series } from "./io/series";
import { runScenarioToFolder, type Shard } from "./io/run-folder";
import { scenarioFieldsMarkdown, scenarioJsonSchema, sweepFieldsMarkdown } from "./scenario/docs";
import { loadScenarioFile } from "./scenario/load";
import { METRIC } from "./site/columns";
import { compilePlan, horizonHours } from "./site/plan";
import { HASHGRID_VERSION } from "./version";

const USAGE = `hashgrid ${HASHGRID_VERSION}: hybrid Bitcoin-mining / AI site simulator

Usage:
  sim run <scenario.json> [--runs N] [--seed S] [--threads T] [--out DIR] [--trace LIST] [--shard i/N] [--resume] [--no-report] [--quiet] [--run-timeout S]
  sim sweep <sweep.json> [--out DIR] [--threads T] [--runs N] [--seed S]   variants of a scenario on common random numbers -> sweep.csv
  sim report <output folder>    write report.html into it (charts, no network needed to open it)
  sim merge <shard folder>... --out DIR
  sim headroom <load.csv> --out DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limits 0.25,0.5,1,5] [--timezone America/Chicago]
                        flexible-interconnection headroom of a system load series (time_utc,load_mw)
  sim import ercot <file>... --point HB_WEST --out prices.csv [--market dam|rtm] [--fill-gaps [--max-gap-hours H]]
  sim import series <file> --time COL --value COL --timezone TZ --name COLUMN --out series.csv [--fill-gaps [--max-gap-hours H]]
  sim calibrate power <file>... [--point HB_WEST [--market dam|rtm]] [--timezone TZ] [--spike-threshold 200] [--cap 5000] [--floor -250] [--fill-gaps [--max-gap-hours H]] --out params.json [--report fit.csv] [--year-report years.csv]
  sim calibrate basis <ercot file>... --zone LZ_WEST --hub HB_WEST [--market dam|rtm] --out params.json [--report fit.csv]
  sim calibrate rt-spread <ercot hourly dam/rtm file>... --point HB_WEST [--fill-gaps [--max-gap-hours H]] --out params.json [--report fit.csv]
  sim calibrate btc <file> [--time COL --value COL --timezone TZ] [--from DATE] [--to DATE] [--fill-gaps [--max-gap-hours H]] --out params.json [--report fit.csv]
  sim calibrate btc-sv|network|fees <shared data folder> --out params.json [--report fit.csv]
  sim slurm <scenario.json> --shards N --out DIR [--runs N] [--seed S] [--threads T] [--dry-run]
  sim slurm-status DIR
  sim k8s <scenario.json> --shards N --out DIR --image IMAGE [--pvc CLAIM] [--runs N] [--seed S] [--threads T]
  sim validate <scenario.json or sweep.json>...
  sim schema            JSON Schema of scenario files, on stdout
  sim docs              the scenario field reference (Markdown), on stdout
  sim docs columns      the output column reference (Markdown), on stdout
  sim docs sweep        the sweep file field reference (Markdown), on stdout

run options:
  --runs N       Monte Carlo runs (default: the scenario's monteCarlo.runs)
  --seed S       base seed, 0 .. 4294967295 (default: the scenario's monteCarlo.seed)
  --threads T    worker threads (default and most: the machine's cores)
  --out DIR      output folder (default: out/<scenario file name>)
  --trace LIST   runs whose hourly trace, events and curtailment analytics to write, e.g. 0, 0,5,9 or 0-19 (default: none)
  --shard i/N    run only shard i of N (runs i, i+N, ...); combine the folders with "sim merge"
  --resume       carry on an interrupted run (same command, same --out) without redoing finished runs
  --no-report    do not write report.html
  --quiet        no progress on stderr (by default: redrawn on a terminal, a line every 10 s elsewhere)
  --run-timeout S  fail the batch, naming the run and seed, if one run takes longer than S seconds (default 600)
`;

/** --threads, or the machine's cores; more threads than cores only add memory and overhead, so they are capped, with a warning. */
function threadCount(text: string | undefined): number {
  const cores = availableParallelism();
  if (text === undefined) return cores;
  const asked = parseInteger(text, "--threads", 1, 256);
  if (asked > cores) {
    process.stderr.write(`warning: --threads ${asked} is more than this machine's ${cores} cores; using ${cores}\n`);
    return cores;
  }
  return asked;
}

function parseInteger(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InputError(`${option}: expected a whole number from ${min} to ${max} (found: "${text}")`);
  }
  return value;
}

/** Run indices from "0,5,9" or ranges like "0-9" (inclusive), or both. */
function parsePositive(text: string, option: string, unit: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) throw new InputError(`${option}: expected a number of ${unit} above 0 (found "${text}")`);
  return value;
}

function parseTraceList(text: string): number[] {
  if (text.trim() === "") return [];
  const runs = new Set<number>();
  for (const part of text.split(",").map((p) => p.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (!range) {
      runs.add(parseInteger(part, "--trace", 0, 1e9));
      continue;
    }
    const [from, to] = [parseInteger(range[1], "--trace", 0, 1e9), parseInteger(range[2], "--trace", 0, 1e9)];
    if (to < from || to - from >= 10_000) throw new InputError(`--trace: expected a range first-last with first <= last and at most 10,000 runs (found: "${part}")`);
    for (let r = from; r <= to; r++) runs.add(r);
  }
  return [...runs].sort((a, b) => a - b);
}

function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) throw new InputError(`--shard: expected i/N with 0 <= i < N, like 0/4 (found: "${text}")`);
  return { index, count };
}

/** Loads a scenario and applies --runs and --seed. */
function scenarioWithOverrides(path: string, runs: string | undefined, seed: string | undefined) {
  const scenario = loadScenarioFile(path);
  if (runs !== undefined) scenario.monteCarlo.runs = parseInteger(runs, "--runs", 1, 10_000_000);
  if (seed !== undefined) scenario.monteCarlo.seed = parseInteger(seed, "--seed", 0, 2 ** 32 - 1);
  return scenario;
}

function clusterArgs(args: string[], extra: Record<string, { type: "string" | "boolean" }>) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { shards: { type: "string" }, out: { type: "string" }, runs: { type: "string" }, seed: { type: "string" }, threads: { type: "string" }, ...extra },
  });
  if (positionals.length !== 1) throw new InputError(`expected one scenario file (found ${positionals.length})\n\n${USAGE}`);
  if (values.shards === undefined) throw new InputError("--shards: expected the number of shards, like --shards 8");
  if (values.out === undefined) throw new InputError("--out: expected the batch folder");
  const scenario = scenarioWithOverrides(positionals[0], values.runs as string | undefined, values.seed as string | undefined);
  const shards = parseInteger(values.shards as string, "--shards", 1, 100_000);
  if (shards > scenario.monteCarlo.runs) throw new InputError(`--shards: expected at most one shard per run (${scenario.monteCarlo.runs} runs; found ${shards})`);
  const threadsPerShard = values.threads !== undefined ? parseInteger(values.threads as string, "--threads", 1, 256) : 1;
  return { values: values as Record<string, string | boolean | undefined>, scenario, shards, threadsPerShard, outDir: values.out as string };
}

function commandSlurm(args: string[]): void {
  const { values, scenario, shards, threadsPerShard, outDir } = clusterArgs(args, { "dry-run": { type: "boolean" } });
  const files = writeSlurmBatch({ scenario, outDir, shards, threadsPerShard, cliPath: process.argv[1], nodePath: process.execPath });
  process.stdout.write(`wrote ${files.arrayScript}, ${files.mergeScript} and ${files.submitScript}\n`);
  if (values["dry-run"]) {
    process.stdout.write(`dry run: submit with bash ${files.submitScript}\n`);
    return;
  }
  process.stdout.write(submitSlurmBatch(files));
  process.stdout.write(`follow it with: sim slurm-status ${outDir}\n`);
}

function commandK8s(args: string[]): void {
  const { values, scenario, shards, threadsPerShard, outDir } = clusterArgs(args, { image: { type: "string" }, pvc: { type: "string" } });
  if (values.image === undefined) throw new InputError("--image: expected the container image that holds hashgrid at /app, like registry.example/hashgrid:0.1.0");
  const written = writeKubernetesBatch({ scenario, outDir, shards, threadsPerShard, image: values.image as string, volumeClaim: (values.pvc as string | undefined) ?? "hashgrid-results" });
  process.stdout.write(`wrote ${written.shards} and ${written.merge}\napply: kubectl apply -f ${written.shards}; when it completes: kubectl apply -f ${written.merge}\n`);
}

function commandSlurmStatus(args: string[]): void {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) throw new InputError("slurm-status: expected the batch folder given to sim slurm --out");
  process.stdout.write(slurmStatus(positionals[0]).text);
}

/** Writes a series beside its target and renames it into place, so a failed import leaves nothing behind. */
/** Writes the series beside its path and moves it into place; a failed write (disk full) leaves nothing behind and the previous file as it was. */
function writeSeriesAtomically(path: string, series: Series): void {
  const temporary = `${path}.partial-${process.pid}`;
  try {
    writeSeries(temporary, series);
    renameSync(temporary, path);
  } catch (err) {
    rmSync(temporary, { force: true });
    const fsError = err as NodeJS.ErrnoException;
    if (typeof fsError?.code === "string") fsError.path = path;
    throw err;
  }
}

async function commandImport(args: string[]): Promise<void> {
  const [kind, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      point: { type: "string" },
      market: { type: "string" },
      out: { type: "string" },
      "fill-gaps": { type: "boolean" },
      "max-gap-hours": { type: "string" },
      time: { type: "string" },
      value: { type: "string" },
      timezone: { type: "string" },
      name: { type: "string" },
    },
  });
  if (positionals.length === 0) throw new InputError(`import ${kind ?? ""}: expected at least one file\n\n${USAGE}`);
  if (values.out === undefined) throw new InputError(`import: expected --out FILE`);
  const warnings: string[] = [];
  const maxGapHours = values["max-gap-hours"] !== undefined ? parsePositive(values["max-gap-hours"], "--max-gap-hours", "hours") : undefined;
  let series: Series;
  if (kind === "ercot") {
    if (values.point === undefined) throw new InputError("import ercot: expected --point, like --point HB_WEST");
    if (values.market !== undefined && values.market !== "dam" && values.market !== "rtm") throw new InputError(`--market: expected dam or rtm (found: "${values.market}")`);
    series = await importErcot(positionals, { point: values.point, market: values.market as "dam" | "rtm" | undefined, fillGaps: values["fill-gaps"] === true, maxGapHours }, warnings);
  } else if (kind === "series") {
    for (const option of ["time", "value", "timezone", "name"] as const) {
      if (values[option] === undefined) throw new InputError(`import series: expected --${option}`);
    }
    if (!/^[a-z][a-z0-9_]*$/.test(values.name!)) throw new InputError(`--name: expected a snake_case column name with its unit, like btc_price_usd (found: "${values.name}")`);
    if (positionals.length !== 1) throw new InputError(`import series: expected one file (found ${positionals.length})`);
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: values.timezone });
    } catch {
      throw new InputError(`--timezone: expected an IANA time zone like UTC or America/Chicago (found: "${values.timezone}")`);
    }
    series = await importGeneric(positionals[0], { timeColumn: values.time!, valueColumn: values.value!, timeZone: values.timezone!, column: values.name!, fillGaps: values["fill-gaps"] === true, maxGapHours }, warnings);
  } else {
    throw new InputError(`import: expected "ercot" or "series" (found: "${kind ?? ""}")`);
  }
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  writeSeriesAtomically(values.out, series);
  const step = series.stepMs === 3_600_000 ? "hours" : "days";
  const lastMs = series.startMs + (series.values.length - 1) * series.stepMs;
  process.stdout.write(`wrote ${series.values.length} ${step} of ${series.column}, ${new Date(series.startMs).toISOString()} to ${new Date(lastMs).toISOString()} (the last ${step === "hours" ? "hour's start" : "day"}), to ${values.out}\n`);
}

function printReport(rows: readonly ReportRow[]): void {
  const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(5)).toString() : "");
  const width = Math.max(...rows.map((r) => r[0].length));
  const columns = ["data", "model mean", "model P5", "model P95"];
  process.stdout.write(`${"statistic".padEnd(width)}  ${columns.map((c) => c.padStart(12)).join("  ")}  unit\n`);
  for (const [name, data, model, p5, p95, unit] of rows) {
    process.stdout.write(`${name.padEnd(width)}  ${[data, model, p5, p95].map((x) => fmt(x).padStart(12)).join("  ")}  ${unit}\n`);
  }
}

async function writeFitReport(path: string, rows: readonly ReportRow[]): Promise<void> {
  const csv = new CsvFile(path, ["statistic", "data", "model_mean", "model_p5", "model_p95", "unit"]);
  try {
    for (const row of rows) await csv.write(row);
  } finally {
    await csv.close();
  }
}

async function commandCalibrate(args: string[]): Promise<void> {
  const [kind, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      point: { type: "string" },
      market: { type: "string" },
      timezone: { type: "string" },
      "spike-threshold": { type: "string" },
      cap: { type: "string" },
      floor: { type: "string" },
      time: { type: "string" },
      value: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      out: { type: "string" },
      report: { type: "string" },
      "year-report": { type: "string" },
      zone: { type: "string" },
      hub: { type: "string" },
      "fill-gaps": { type: "boolean" },
      "max-gap-hours": { type: "string" },
    },
  });
  const fillGaps = values["fill-gaps"] === true;
  const maxGapHours = values["max-gap-hours"] !== undefined ? parsePositive(values["max-gap-hours"], "--max-gap-hours", "hours") : undefined;
  if (positionals.length === 0) throw new InputError(`calibrate ${kind ?? ""}: expected at least one file\n\n${USAGE}`);
  if (values.out === undefined) throw new InputError("calibrate: expected --out FILE for the fitted parameters");
  const number = (text: string | undefined, option: string, fallback: number) => {
    if (text === undefined) return fallback;
    const x = Number(text);
    if (!Number.isFinite(x)) throw new InputError(`--${option}: expected a number (found: "${text}")`);
    return x;
  };
  const inputs = positionals.map((p) => relative(process.cwd(), p));
  const warnings: string[] = [];
  const window = { fromMs: values.from ? Date.parse(values.from) : undefined, toMs: values.to ? Date.parse(values.to) : undefined };
  const madeBy = {
    command: ["sim", "calibrate", ...args].map((a) => (positionals.includes(a) ? relative(process.cwd(), a) : a)).join(" "),
    inputs,
    date: new Date().toISOString().slice(0, 10),
  };
  let rows: ReportRow[];
  let result: Record<string, unknown>;
  let yearReport: { path: string; rows: ReportRow[] } | null = null;
  if (kind === "power") {
    const timeZone = values.timezone ?? "America/Chicago";
    const series = values.point
      ? await importErcot(positionals, { point: values.point, market: values.market as "dam" | "rtm" | undefined, fillGaps, maxGapHours, window }, warnings)
      : sliceSeries(readSeries(positionals[0], "price_usd_per_mwh"), window, positionals[0]);
    const fitted = calibratePower(series, timeZone, {
      spikeThresholdUsdPerMwh: number(values["spike-threshold"], "spike-threshold", 200),
      capUsdPerMwh: number(values.cap, "cap", 5000),
      floorUsdPerMwh: number(values.floor, "floor", -250),
    });
    rows = fitted.rows;
    const from = new Date(series.startMs).toISOString();
    result = { madeBy: { ...madeBy, hours: series.values.length, from, timezone: timeZone }, power: { model: "stochastic", ...fitted.params }, fit: fitSummary(rows) };
    if (values["year-report"]) {
      const years = powerYearBands({ ...fitted.params, scale: 1 }, series, timeZone);
      yearReport = { path: values["year-report"], rows: years.rows };
      result.statisticsInsideYearBand = Object.fromEntries([...years.insideByYear].map(([y, k]) => [String(y), `${k} of 10`]));
    }
  } else if (kind === "basis") {
    if (values.zone === undefined || values.hub === undefined) throw new InputError("calibrate basis: expected --zone and --hub, like --zone LZ_WEST --hub HB_WEST");
    const market = values.market as "dam" | "rtm" | undefined;
    const zone = await importErcot(positionals, { point: values.zone, market, fillGaps, maxGapHours, window }, warnings);
    const hub = await importErcot(positionals, { point: values.hub, market, fillGaps, maxGapHours, window }, warnings);
    const fitted = calibrateBasis(zone, hub);
    rows = fitted.rows;
    result = {
      madeBy: { ...madeBy, hours: fitted.hours, from: new Date(fitted.startMs).toISOString(), zone: values.zone, hub: values.hub },
      basis: { model: "stochastic", ...fitted.params },
      fit: fitSummary(rows),
    };
  } else if (kind === "rt-spread") {
    if (values.point === undefined) throw new InputError("calibrate rt-spread: expected --point, like --point HB_WEST");
    const rt = await importErcot(positionals, { point: values.point, market: "rtm", fillGaps, maxGapHours, window }, warnings);
    const da = await importErcot(positionals, { point: values.point, market: "dam", fillGaps, maxGapHours, window }, warnings);
    // 1,000 quantiles: the spread's standard deviation lives in its few most extreme hours.
    const fitted = calibrateBasis(rt, da, 1000);
    rows = fitted.rows;
    result = {
      madeBy: { ...madeBy, hours: fitted.hours, from: new Date(fitted.startMs).toISOString(), point: values.point },
      realTime: { model: "stochastic", ...fitted.params },
      fit: fitSummary(rows),
    };
  } else if (kind === "btc") {
    let series;
    if (values.time || values.value) {
      if (!values.time || !values.value) throw new InputError("calibrate btc: give both --time and --value for a timestamp,value file");
      series = await importGeneric(positionals[0], { timeColumn: values.time, valueColumn: values.value, timeZone: values.timezone ?? "UTC", column: "btc_price_usd", fillGaps, maxGapHours, window }, warnings);
    } else series = sliceSeries(readSeries(positionals[0]), window, positionals[0]);
    const fitted = calibrateBtc(series);
    rows = fitted.rows;
    result = { madeBy: { ...madeBy, days: fitted.days, from: new Date(series.startMs).toISOString() }, btc: { model: "gbm", ...fitted.fit }, fit: fitSummary(rows) };
  } else if (kind === "network" || kind === "btc-sv" || kind === "fees") {
    if (positionals.length !== 1) throw new InputError(`calibrate ${kind}: expected one folder, the shared data laid out as ../shared/data (found ${positionals.length} arguments)`);
    const fit = kind === "network" ? fitNetworkSupply : kind === "btc-sv" ? fitBtcStochasticVolatility : fitFeeProcess;
    const fitted = await fit(positionals[0]);
    rows = fitted.rows;
    result = { madeBy, ...fitted.result };
  } else {
    throw new InputError(`calibrate: expected "power", "basis", "rt-spread", "btc", "btc-sv", "network" or "fees" (found: "${kind ?? ""}")`);
  }
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  printReport(rows);
  writeFileSync(values.out, JSON.stringify(result, null, 2) + "\n");
  if (values.report) await writeFitReport(values.report, rows);
  if (yearReport) await writeFitReport(yearReport.path, yearReport.rows);
  process.stdout.write(`parameters: ${values.out}${values.report ? `; fit report: ${values.report}` : ""}${yearReport ? `; per-year report: ${yearReport.path}` : ""}\n`);
}

async function commandMerge(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { out: { type: "string" } } });
  if (values.out === undefined) throw new InputError(`merge: expected --out DIR\n\n${USAGE}`);
  const { runs, shards } = await mergeShards(positionals, values.out);
  process.stdout.write(`merged ${shards} shards, ${runs} runs: ${values.out}\n`);
}

async function commandHeadroom(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { out: { type: "string" }, from: { type: "string" }, to: { type: "string" }, limits: { type: "string" }, timezone: { type: "string" } },
  });
  if (positionals.length !== 1) throw new InputError(`headroom: expected one system load file (found ${positionals.length})\n\n${USAGE}`);
  if (values.out === undefined) throw new InputError("headroom: expected --out DIR");
  const timeZone = values.timezone ?? "America/Chicago";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new InputError(`--timezone: expected an IANA time zone like UTC or America/Chicago (found: "${timeZone}")`);
  }
  const limitsPct = (values.limits ?? "0.25,0.5,1,5").split(",").map((text) => {
    const x = Number(text.trim());
    if (text.trim() === "" || !(x > 0 && x < 100)) throw new InputError(`--limits: expected percentages above 0 and below 100, comma-separated, like 0.25,0.5,1,5 (found: "${text}")`);
    return x;
  });
  const source = positionals[0];
  const series = readSeries(source);
  const result = await writeHeadroomFolder(series, {
    fromDate: values.from,
    toDate: values.to,
    limitsPct,
    timeZone,
    outDir: values.out,
    source,
    command: ["sim", "headroom", ...args].join(" "),
  });
  const mw = (x: number) => Math.round(x).toLocaleString("en-US");
  const lines = [
    `${source}: ${result.hours.toLocaleString("en-US")} hours, ${new Date(result.firstMs).toISOString().slice(0, 13)}Z .. ${new Date(result.endMs - 3_600_000).toISOString().slice(0, 13)}Z (${result.years} local years), ${result.missingHours} missing`,
    `thresholds: summer (Apr-Oct) ${mw(result.thresholds.summerMw)} MW, winter (Nov-Mar) ${mw(result.thresholds.winterMw)} MW`,
    `limit %   headroom MW   curtailed h/yr   curtailed MWh/yr   mean event h   max event h   hours retaining >=50% / 75% / 90%`,
    ...result.rows.map(({ limitPct, profile: p }) =>
      [
        String(limitPct).padStart(7),
        mw(p.addedMw).padStart(13),
        p.curtailedHoursPerYear.toFixed(1).padStart(16),
        mw(p.curtailedMwhPerYear).padStart(18),
        p.meanEventHours.toFixed(1).padStart(14),
        String(p.maxEventHours).padStart(13),
        `   ${[p.shareHoursRetaining50, p.shareHoursRetaining75, p.shareHoursRetaining90].map((x) => (Number.isFinite(x) ? (100 * x).toFixed(0) + "%" : "n/a")).join(" / ")}`,
      ].join(""),
    ),
    `results: ${result.outDir}`,
    "",
  ];
  process.stdout.write(lines.join("\n"));
  process.stdout.write(`report: ${await writeReport(result.outDir)}\n`);
}

function scenarioStem(path: string): string {
  return (path.split(/[\\/]/).pop() ?? "run").replace(/\.json$/i, "");
}

/**
 * Progress on stderr: redrawn in place on a terminal; elsewhere (nohup, Slurm logs) a line every
 * 10 seconds and at the end; --quiet: none.
 */
function progressPrinter(quiet: boolean): ((done: number, total: number) => void) | undefined {
  if (quiet) return undefined;
  const t0 = performance.now();
  const onTerminal = process.stderr.isTTY === true;
  const everyMs = onTerminal ? 250 : 10_000;
  let last = onTerminal ? 0 : t0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < everyMs) return;
    last = now;
    const rate = done / ((now - t0) / 1000);
    const eta = rate > 0 ? (total - done) / rate : 0;
    const text = `runs ${done}/${total}  ${rate.toFixed(1)} runs/s  ETA ${eta.toFixed(0)} s`;
    process.stderr.write(onTerminal ? `\r${text}   ${done === total ? "\n" : ""}` : `${text}\n`);
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

async function commandValidate(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  if (positionals.length === 0) throw new InputError(`validate: expected at least one scenario or sweep file\n\n${USAGE}`);
  const problems: string[] = [];
  for (const path of positionals) {
    try {
      if (isSweepFile(path)) {
        const { variants, scenarios } = loadSweep(path);
        for (let i = 0; i < scenarios.length; i++) {
          const warnings: string[] = [];
          try {
            await loadMarketInputs(scenarios[i], warnings);
          } catch (err) {
            if (err instanceof InputError) throw new InputError(`variant "${variants[i].name}": ${err.message}`);
            throw err;
          }
          for (const w of warnings) process.stderr.write(`warning: ${path}: variant "${variants[i].name}": ${w}\n`);
        }
        process.stdout.write(`${path}: valid sweep (${variants.length} variants, ${scenarios[0].monteCarlo.runs} runs each, seed ${scenarios[0].monteCarlo.seed})\n`);
        continue;
      }
      const scenario = loadScenarioFile(path);
      const warnings: string[] = [];
      const inputs = await loadMarketInputs(scenario, warnings);
      warnings.push(...compilePlan(scenario, inputs).replayNotes);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(`${path}: valid (${scenario.name}, ${horizonHours(scenario)} hours, ${scenario.monteCarlo.runs} runs)\n`);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(err.message.startsWith(path) ? err.message : `${path}: ${err.message}`);
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
      case "import":
        await commandImport(rest);
        return 0;
      case "calibrate":
        await commandCalibrate(rest);
        return 0;
      case "report": {
        const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: {} });
        if (positionals.length !== 1) throw new InputError("report: expected one output folder");
        process.stdout.write(`report: ${await writeReport(positionals[0])}\n`);
        return 0;
      }
      case "sweep": {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          strict: true,
          options: { out: { type: "string" }, threads: { type: "string" }, runs: { type: "string" }, seed: { type: "string" } },
        });
        if (positionals.length !== 1) throw new InputError("sweep: expected one sweep file");
        const threads = threadCount(values.threads);
        const overrides = {
          runs: values.runs !== undefined ? parseInteger(values.runs, "--runs", 1, 10_000_000) : undefined,
          seed: values.seed !== undefined ? parseInteger(values.seed, "--seed", 0, 2 ** 32 - 1) : undefined,
        };
        const out = await runSweep(
          positionals[0],
          values.out ?? `out/${scenarioStem(positionals[0])}`,
          threads,
          (i, n, name) => process.stderr.write(`variant ${i + 1}/${n}: ${name}\n`),
          overrides,
        );
        process.stdout.write(`sweep: ${join(out, "sweep.csv")}\nreport: ${join(out, "report.html")}\n`);
        return 0;
      }
      case "merge":
        await commandMerge(rest);
        return 0;
      case "headroom":
        await commandHeadroom(rest);
        return 0;
      case "slurm":
        commandSlurm(rest);
        return 0;
      case "slurm-status":
        commandSlurmStatus(rest);
        return 0;
      case "k8s":
        commandK8s(rest);
        return 0;
      case "validate":
        await commandValidate(rest);
        return 0;
      case "schema":
        process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + "\n");
        return 0;
      case "docs":
        if (rest[0] === "columns") process.stdout.write(outputColumnsMarkdown());
        else if (rest[0] === "sweep") process.stdout.write(sweepFieldsMarkdown(SweepFile));
        else if (rest.length === 0) process.stdout.write(scenarioFieldsMarkdown());
        else throw new InputError(`docs: expected nothing, "columns" or "sweep" (found: "${rest.join(" ")}")`);
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
    const userError = userErrorText(err);
    if (userError !== null) {
      process.stderr.write(`error: ${userError}\n`);
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

// A reader that stops early (| head) is not an error of ours.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

process.on("SIGINT", () => {
  // Finished runs are already checkpointed in the staging folder; nothing else needs saving.
  const command = process.argv[2] === "run" ? `sim ${process.argv.slice(2).filter((a) => a !== "--resume").join(" ")} --resume` : "";
  process.stderr.write(
    `\ninterrupted: finished runs are kept and the output folder was not replaced${command ? `; to finish without redoing them, run: ${command}` : ""}\n`,
  );
  process.exit(130);
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
