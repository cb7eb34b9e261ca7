// Fitting the BTC stochastic-volatility model (BtcSvProcess, src/markets/btc.ts) to daily log
// returns grouped by calendar year, by simulated moments: the level so that the pooled volatility
// matches, the half-life from the autocorrelation of 60-day realised volatility, and the spread of
// log volatility and the jump rate (on a grid) so that the model's years spread like the record's
// years in volatility and have its median excess kurtosis. The report gives, for every recorded
// year, its volatility and kurtosis beside the model's P5-P95 band of a simulated year.
import { BtcSvProcess, type BtcSvParams } from "../markets/btc";
import { RandomStream, streamSeed } from "../engine/random";
import { meanOf, percentileOfSorted, standardDeviationOf } from "../montecarlo/statistics";
import { btcStatistics } from "./btc";

export type BtcSvShape = Omit<BtcSvParams, "startPriceUsd" | "driftPerYear">;

/** Volatility (annualised) and excess kurtosis of each simulated year of daily returns from the hourly process. */
export function simulateSvYears(shape: BtcSvShape, years: number, seed: string): { volatility: Float64Array; excessKurtosis: Float64Array } {
  const volatility = new Float64Array(years);
  const excessKurtosis = new Float64Array(years);
  const daily = new Float64Array(365);
  const process = new BtcSvProcess({ ...shape, startPriceUsd: 1, driftPerYear: 0 });
  for (let y = 0; y < years; y++) {
    process.reset(new RandomStream(streamSeed(20261201, y, seed)));
    let dayStart = process.logPrice;
    process.stepHours(1, 365 * 24 + 1);
    const logPrice = process.logPriceByHour;
    for (let day = 0; day < 365; day++) {
      const dayEnd = logPrice[24 * (day + 1)];
      daily[day] = dayEnd - dayStart;
      dayStart = dayEnd;
    }
    const s = btcStatistics(daily);
    volatility[y] = s.volatilityPerYear;
    excessKurtosis[y] = s.excessKurtosis;
  }
  return { volatility, excessKurtosis };
}

const mean = meanOf;
const sdOf = standardDeviationOf;
const median = (a: ArrayLike<number>) => percentileOfSorted(Float64Array.from(a).sort(), 50);

/** Half-life (days) of ln volatility from the autocorrelation of 60-day realised volatility, net of the estimator's own noise. */
export function volatilityHalfLifeDays(returns: ArrayLike<number>): { halfLifeDays: number; slowSdLog: number } {
  const W = 60;
  const logVol: number[] = [];
  for (let i = W; i <= returns.length; i++) {
    let m = 0;
    for (let k = i - W; k < i; k++) m += returns[k] / W;
    let v = 0;
    for (let k = i - W; k < i; k++) v += (returns[k] - m) ** 2 / W;
    logVol.push(0.5 * Math.log(v));
  }
  const lvMean = mean(logVol);
  const lvVar = sdOf(logVol) ** 2;
  let c = 0;
  for (let i = W; i < logVol.length; i++) c += (logVol[i] - lvMean) * (logVol[i - W] - lvMean);
  const slowVar = lvVar - (btcStatistics(returns).excessKurtosis + 2) / (4 * W);
  const phi = Math.pow(c / (logVol.length - W) / slowVar, 1 / W);
  return { halfLifeDays: Math.log(0.5) / Math.log(phi), slowSdLog: Math.sqrt(slowVar) };
}

export interface BtcSvFit {
  shape: BtcSvShape;
  /** The grid's objective at the fit (0 = the three moments met). */
  objective: number;
  dataMoments: { meanLogVolatility: number; sdLogVolatility: number; medianExcessKurtosis: number };
  modelMoments: { meanLogVolatility: number; sdLogVolatility: number; medianExcessKurtosis: number };
}

function moments(volatility: ArrayLike<number>, kurtosis: ArrayLike<number>) {
  const logVol = Array.from(volatility, Math.log);
  return { meanLogVolatility: mean(logVol), sdLogVolatility: sdOf(logVol), medianExcessKurtosis: median(kurtosis) };
}

/**
 * Fits to the daily log returns of whole calendar years (one array a year). The jumps have mean 0
 * and a size spread of jumpSdLog; the grid runs over the spread of ln volatility and the jump rate.
 */
export function fitBtcSv(
  returnsByYear: readonly ArrayLike<number>[],
  options: { jumpSdLog: number; sdLogGrid: readonly number[]; jumpsPerYearGrid: readonly number[]; simulatedYears: number },
): BtcSvFit {
  const all = returnsByYear.flatMap((r) => Array.from(r));
  const pooledVolatility = btcStatistics(all).volatilityPerYear;
  const { halfLifeDays } = volatilityHalfLifeDays(all);
  const yearly = returnsByYear.map((r) => btcStatistics(r));
  const data = moments(
    yearly.map((s) => s.volatilityPerYear),
    yearly.map((s) => s.excessKurtosis),
  );
  let best: BtcSvFit | null = null;
  for (const volatilitySdLog of options.sdLogGrid) {
    for (const perYear of options.jumpsPerYearGrid) {
      const jumpVariance = perYear * options.jumpSdLog ** 2;
      if (jumpVariance >= pooledVolatility ** 2) continue;
      const shape: BtcSvShape = {
        volatilityPerYear: Math.sqrt(pooledVolatility ** 2 - jumpVariance),
        volatilitySdLog,
        volatilityHalfLifeDays: halfLifeDays,
        jumps: { perYear, meanLog: 0, sdLog: options.jumpSdLog },
      };
      const sim = simulateSvYears(shape, options.simulatedYears, "btc-sv-fit");
      const model = moments(sim.volatility, sim.excessKurtosis);
      const objective =
        ((model.sdLogVolatility - data.sdLogVolatility) / 0.05) ** 2 +
        ((Math.log(3 + model.medianExcessKurtosis) - Math.log(3 + data.medianExcessKurtosis)) / 0.1) ** 2;
      if (best === null || objective < best.objective) best = { shape, objective, dataMoments: data, modelMoments: model };
    }
  }
  if (best === null) throw new Error("fitBtcSv: no grid point leaves room for the diffusion");
  return best;
}

export type SvReportRow = [statistic: string, data: number, model: number, modelP5: number, modelP95: number, unit: string];

/** Each recorded year's volatility and kurtosis beside the model's band for a simulated year. */
export function btcSvReport(shape: BtcSvShape, returnsByYear: ReadonlyMap<number, ArrayLike<number>>, simulatedYears: number): SvReportRow[] {
  const sim = simulateSvYears(shape, simulatedYears, "btc-sv-report");
  const band = (values: Float64Array) => {
    const sorted = Float64Array.from(values).sort();
    return [mean(sorted), percentileOfSorted(sorted, 5), percentileOfSorted(sorted, 95)] as const;
  };
  const vol = band(sim.volatility);
  const kurt = band(sim.excessKurtosis);
  const rows: SvReportRow[] = [];
  for (const [year, returns] of returnsByYear) {
    const s = btcStatistics(returns);
    rows.push([`volatility_${year}`, s.volatilityPerYear, ...vol, "1/sqrt(year)"]);
    rows.push([`excess_kurtosis_${year}`, s.excessKurtosis, ...kurt, "1"]);
  }
  return rows;
}
