// Calibration from a loaded series to fitted parameters and a data-vs-model report. Each fit is
// checked by simulating ten times the data's length with a fixed seed.
import { buildCalendar } from "../engine/calendar";
import { InputError } from "../errors";
import { dailyLogReturns, type RecordedSeries } from "../markets/replay";
import { btcReportRows, btcStatistics, fitBtc, simulateBtcDailyReturns, type BtcFit } from "./btc";
import { fitPowerModel, powerReportRows, powerStatistics, simulatePower, type PowerFitOptions } from "./power";
import type { PowerPriceParams } from "../markets/power";

export type ReportRow = [statistic: string, data: number, model: number, unit: string];

const MODEL_LENGTH_FACTOR = 10;

/** Fits the power model to hourly prices (local calendar in timeZone). */
export function calibratePower(series: RecordedSeries, timeZone: string, options: PowerFitOptions): { params: Omit<PowerPriceParams, "scale">; rows: ReportRow[] } {
  if (series.stepMs !== 3_600_000) throw new InputError("calibrate power: expected hourly prices");
  const n = series.values.length;
  const startIso = new Date(series.startMs).toISOString();
  const dataCalendar = buildCalendar(startIso, n, timeZone);
  const params = fitPowerModel(series.values, dataCalendar.localMonth, dataCalendar.localHour, options);
  const modelCalendar = buildCalendar(startIso, n * MODEL_LENGTH_FACTOR, timeZone);
  const simulated = simulatePower(params, modelCalendar.localMonth, modelCalendar.localHour, "hashgrid:calibrate:power");
  const rows = powerReportRows(powerStatistics(series.values, dataCalendar.localHour), powerStatistics(simulated, modelCalendar.localHour));
  const { scale: _scale, ...fitted } = params;
  return { params: fitted, rows };
}

/** Fits the BTC model to the daily log returns of a price series. */
export function calibrateBtc(series: RecordedSeries): { fit: BtcFit; rows: ReportRow[]; days: number } {
  const returns = dailyLogReturns(series);
  if (returns.length < 30) throw new InputError(`calibrate btc: expected at least 30 daily returns (found ${returns.length})`);
  const fit = fitBtc(returns);
  const simulated = simulateBtcDailyReturns(fit, returns.length * MODEL_LENGTH_FACTOR, "hashgrid:calibrate:btc");
  return { fit, rows: btcReportRows(btcStatistics(returns), btcStatistics(simulated)), days: returns.length + 1 };
}

/** The report as one object per statistic, for the parameter file. */
export function fitSummary(rows: readonly ReportRow[]): Record<string, { data: number; model: number }> {
  return Object.fromEntries(rows.map(([name, data, model]) => [name, { data, model }]));
}
