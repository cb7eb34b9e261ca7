// Calibration from a loaded series to fitted parameters and a data-vs-model report. Each fit is
// checked by simulating MODEL_PATHS paths as long as the data with fixed seeds: the report gives
// each statistic of the data beside the mean, 5th and 95th percentile of the same statistic over
// the simulated paths, so one can see whether the data is a typical draw of the model.
import { buildCalendar } from "../engine/calendar";
import { percentileOfSorted } from "../montecarlo/statistics";
import { InputError } from "../errors";
import { dailyLogReturns, type RecordedSeries } from "../markets/replay";
import { btcReportRows, btcStatistics, fitBtc, simulateBtcDailyReturns, type BtcFit } from "./btc";
import { fitPowerModel, powerReportRows, powerStatistics, simulatePower, type PowerFitOptions } from "./power";
import type { PowerPriceParams } from "../markets/power";
import type { BasisParams } from "../markets/basis";
import { basisReportRows, basisStatistics, fitBasis, simulateBasis } from "./basis";

export type ReportRow = [statistic: string, data: number, model: number, modelP5: number, modelP95: number, unit: string];

export const MODEL_PATHS = 40;

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
