// sim calibrate: fits the market models to recorded data and writes the parameters and fit reports.
import { parseArgs } from "node:util";
import { InputError } from "../errors";
import { calibrateBasis, calibrateBtc, calibratePower, fitSummary, powerYearBands, type ReportRow } from "../calibrate/calibrate";
import { fitBtcStochasticVolatility, fitFeeProcess, fitNetworkSupply } from "../io/market-fits";
import { readSeries, sliceSeries } from "../io/series";
import { CsvFile } from "../io/csv";
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { importErcot } from "../io/ercot";
import { importGeneric } from "../io/series";
import { USAGE } from "./usage";
import { parsePositive } from "./options";

export function printReport(rows: readonly ReportRow[]): void {
  const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(5)).toString() : "");
  const width = Math.max(...rows.map((r) => r[0].length));
  const columns = ["data", "model mean", "model P5", "model P95"];
  process.stdout.write(`${"statistic".padEnd(width)}  ${columns.map((c) => c.padStart(12)).join("  ")}  unit\n`);
  for (const [name, data, model, p5, p95, unit] of rows) {
    process.stdout.write(`${name.padEnd(width)}  ${[data, model, p5, p95].map((x) => fmt(x).padStart(12)).join("  ")}  ${unit}\n`);
  }
}

export async function writeFitReport(path: string, rows: readonly ReportRow[]): Promise<void> {
  const csv = new CsvFile(path, ["statistic", "data", "model_mean", "model_p5", "model_p95", "unit"]);
  try {
    for (const row of rows) await csv.write(row);
  } finally {
    await csv.close();
  }
}

export async function commandCalibrate(args: string[]): Promise<void> {
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

