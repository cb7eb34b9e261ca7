// Calibration from a loaded series to fitted parameters and a data-vs-model report. Each fit is
// checked by simulating MODEL_PATHS paths as long as the data with fixed seeds: the report gives
// each statistic of the data beside the mean, 5th and 95th percentile of the same statistic over
// the simulated paths, so one can see whether the data is a typical draw of the model.
import { buildCalendar } from "../engine/calendar";
import { percentileOfSorted } from "../montecarlo/statistics";
import { InputError } from "../errors";
import { dailyLogReturns, type RecordedSeries } from "../markets/replay";
import { btcReportRows, btcStatistics, fitBtc, simulateBtcDailyReturns, type BtcFit } from "./btc";
import { fitPowerModel, powerReportRows, powerStatistics, powerYearReport, simulatePower, type PowerFitOptions } from "./power";
import type { PowerPriceParams } from "../markets/power";
import type { BasisParams } from "../markets/basis";
import { basisReportRows, basisStatistics, fitBasis, simulateBasis } from "./basis";

export type ReportRow = [statistic: string, data: number, model: number, modelP5: number, modelP95: number, unit: string];

export const MODEL_PATHS = 200;

/** Rows of data vs model: for each statistic, the data's value and the mean, P5 and P95 over the model paths. */
function compare(dataRows: [string, number, number, string][], pathRows: [string, number, number, string][][]): ReportRow[] {
  return dataRows.map(([name, data, , unit], k) => {
    const values = Float64Array.from(pathRows, (rows) => rows[k][2]).sort();
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return [name, data, mean, percentileOfSorted(values, 5), percentileOfSorted(values, 95), unit];
  });
}

/** Fits the power model to hourly prices (local calendar in timeZone). */
export function calibratePower(series: RecordedSeries, timeZone: string, options: PowerFitOptions): { params: Omit<PowerPriceParams, "scale">; rows: ReportRow[] } {
  if (series.stepMs !== 3_600_000) throw new InputError("calibrate power: expected hourly prices");
  const n = series.values.length;
  const startIso = new Date(series.startMs).toISOString();
  const dataCalendar = buildCalendar(startIso, n, timeZone);
  const params = fitPowerModel(series.values, dataCalendar.localMonth, dataCalendar.localHour, options);
  const dataStatistics = powerStatistics(series.values, dataCalendar.localHour);
  const pathRows = Array.from({ length: MODEL_PATHS }, (_, k) => {
    const simulated = simulatePower(params, dataCalendar.localMonth, dataCalendar.localHour, `hashgrid:calibrate:power:${k}`);
    return powerReportRows(dataStatistics, powerStatistics(simulated, dataCalendar.localHour));
  });
  const rows = compare(powerReportRows(dataStatistics, dataStatistics), pathRows);
  const { scale: _scale, ...fitted } = params;
  return { params: fitted, rows };
}

/**
 * Each whole local calendar year of the data beside the model's band for one simulated year (400
 * years simulated over the data's first whole year's calendar): ten statistics a year.
 */
export function powerYearBands(params: PowerPriceParams, series: RecordedSeries, timeZone: string): { rows: ReportRow[]; insideByYear: Map<number, number> } {
  const n = series.values.length;
  const calendar = buildCalendar(new Date(series.startMs).toISOString(), n, timeZone);
  const byYear = new Map<number, { startIndex: number; values: number[]; localHour: number[]; localMonth: number[] }>();
  let year = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && calendar.localMonth[i] === 0 && calendar.localMonth[i - 1] === 11) year++;
    const entry = byYear.get(year) ?? { startIndex: i, values: [], localHour: [], localMonth: [] };
    entry.values.push(series.values[i]);
    entry.localHour.push(calendar.localHour[i]);
    entry.localMonth.push(calendar.localMonth[i]);
    byYear.set(year, entry);
  }
  // Whole years only (a first or last partial year is left out), labelled by their calendar year.
  const whole = new Map<number, { values: number[]; localHour: number[] }>();
  for (const e of byYear.values()) {
    if (e.values.length < 8700 || e.localMonth[0] !== 0 || e.localMonth[e.localMonth.length - 1] !== 11) continue;
    // The year of its first local day (UTC noon of that day is in the same year anywhere).
    whole.set(new Date(series.startMs + e.startIndex * series.stepMs + 12 * 3_600_000).getUTCFullYear(), e);
  }
  if (whole.size === 0) throw new InputError("calibrate power: --year-report needs at least one whole local calendar year of prices");
  const first = [...byYear.values()].find((e) => e.values.length >= 8700 && e.localMonth[0] === 0)!;
  const report = powerYearReport(params, whole, { localMonth: first.localMonth.slice(0, 8760), localHour: first.localHour.slice(0, 8760) }, 400, "hashgrid:calibrate:power-years");
  return { rows: report.rows, insideByYear: report.insideByYear };
}

/** Fits the BTC model to the daily log returns of a price series. */
export function calibrateBtc(series: RecordedSeries): { fit: BtcFit; rows: ReportRow[]; days: number } {
  const returns = dailyLogReturns(series);
  if (returns.length < 30) throw new InputError(`calibrate btc: expected at least 30 daily returns (found ${returns.length})`);
  const fit = fitBtc(returns);
  const dataStatistics = btcStatistics(returns);
  const pathRows = Array.from({ length: MODEL_PATHS }, (_, k) => btcReportRows(dataStatistics, btcStatistics(simulateBtcDailyReturns(fit, returns.length, `hashgrid:calibrate:btc:${k}`))));
  return { fit, rows: compare(btcReportRows(dataStatistics, dataStatistics), pathRows), days: returns.length + 1 };
}

/** Fits the basis model to the hourly difference zone - hub. */
export function calibrateBasis(zone: RecordedSeries, hub: RecordedSeries, quantileCount?: number): { params: BasisParams; rows: ReportRow[]; hours: number; startMs: number } {
  if (zone.stepMs !== 3_600_000 || hub.stepMs !== 3_600_000) throw new InputError("calibrate basis: expected hourly prices");
  // The hours both series cover.
  const startMs = Math.max(zone.startMs, hub.startMs);
  const endMs = Math.min(zone.startMs + zone.values.length * 3_600_000, hub.startMs + hub.values.length * 3_600_000);
  const hours = Math.round((endMs - startMs) / 3_600_000);
  if (hours < 24 * 30) throw new InputError(`calibrate basis: expected at least 30 days that both points cover (found ${Math.max(0, hours)} hours)`);
  const zoneOffset = Math.round((startMs - zone.startMs) / 3_600_000);
  const hubOffset = Math.round((startMs - hub.startMs) / 3_600_000);
  const basis = Float64Array.from({ length: hours }, (_, h) => zone.values[zoneOffset + h] - hub.values[hubOffset + h]);
  const params = fitBasis(basis, quantileCount);
  const dataStatistics = basisStatistics(basis);
  const pathRows = Array.from({ length: MODEL_PATHS }, (_, k) => basisReportRows(dataStatistics, basisStatistics(simulateBasis(params, hours, `hashgrid:calibrate:basis:${k}`))));
  return { params, rows: compare(basisReportRows(dataStatistics, dataStatistics), pathRows), hours, startMs };
}

/** The report as one object per statistic, for the parameter file. */
export function fitSummary(rows: readonly ReportRow[]): Record<string, { data: number; model: number; modelP5: number; modelP95: number }> {
  return Object.fromEntries(rows.map(([name, data, model, modelP5, modelP95]) => [name, { data, model, modelP5, modelP95 }]));
}
