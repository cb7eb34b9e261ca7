// Fitting the basis model (load-zone price minus hub price) to an hourly history, and the statistics
// that put data and model side by side. Pure functions of arrays; the CLI reads the files.
import { RandomStream } from "../engine/random";
import { BasisProcess, type BasisParams } from "../markets/basis";
import { percentileOfSorted } from "../montecarlo/statistics";
import { autocorrelation, normalScores } from "./power";

const QUANTILE_COUNT = 200;

export interface BasisStatistics {
  meanUsdPerMwh: number;
  sdUsdPerMwh: number;
  p5UsdPerMwh: number;
  p50UsdPerMwh: number;
  p95UsdPerMwh: number;
  p99UsdPerMwh: number;
  negativeShare: number;
  rankAcfLag1: number;
  rankAcfLag24: number;
  rankAcfLag48: number;
}

export function basisStatistics(values: ArrayLike<number>): BasisStatistics {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] / n;
  let variance = 0;
  let negative = 0;
  for (let i = 0; i < n; i++) {
    variance += (values[i] - mean) ** 2 / n;
    if (values[i] < 0) negative++;
  }
  const scores = normalScores(values);
  let scoreVariance = 0;
  for (const z of scores) scoreVariance += (z * z) / n;
  return {
    meanUsdPerMwh: mean,
    sdUsdPerMwh: Math.sqrt(variance),
    p5UsdPerMwh: percentileOfSorted(sorted, 5),
    p50UsdPerMwh: percentileOfSorted(sorted, 50),
    p95UsdPerMwh: percentileOfSorted(sorted, 95),
    p99UsdPerMwh: percentileOfSorted(sorted, 99),
    negativeShare: negative / n,
    rankAcfLag1: autocorrelation(scores, 1, 0, scoreVariance),
    rankAcfLag24: autocorrelation(scores, 24, 0, scoreVariance),
    rankAcfLag48: autocorrelation(scores, 48, 0, scoreVariance),
  };
}

/**
 * Fits the basis: 200 quantiles of the hourly basis, and the latent's two time scales from the
 * autocorrelations of the basis's normal scores at lags 1, 24 and 48 (for a Gaussian copula they are
 * the latent's): lag 1 ~ w + (1 - w) phi, lag 24 ~ w rho + (1 - w) phi^24, lag 48 ~ w rho^2 + (1 - w) phi^48,
 * solved by fixed-point iteration.
 */
export function fitBasis(values: ArrayLike<number>, quantileCount = QUANTILE_COUNT): BasisParams {
  const sorted = Float64Array.from(values).sort();
  const quantilesUsdPerMwh = Array.from({ length: quantileCount }, (_, k) => Math.round(percentileOfSorted(sorted, ((k + 0.5) * 100) / quantileCount) * 100) / 100);
  const { rankAcfLag1: l1, rankAcfLag24: l24, rankAcfLag48: l48 } = basisStatistics(values);
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  let phi = clamp(l1, 0, 0.999);
  let w = 0;
  let rho = 0;
  for (let i = 0; i < 50; i++) {
    const a24 = l24 - (1 - w) * phi ** 24;
    const a48 = l48 - (1 - w) * phi ** 48;
    rho = a24 > 0 ? clamp(a48 / a24, 0, 0.999) : 0;
    w = rho > 0 ? clamp(a24 / rho, 0, 0.95) : 0;
    phi = clamp((l1 - w) / (1 - w), 0, 0.999);
  }
  const round = (x: number) => Number(x.toPrecision(4));
  return { quantilesUsdPerMwh, persistencePerHour: round(phi), dayWeight: round(w), dayPersistence: round(rho) };
}

export function simulateBasis(params: BasisParams, hours: number, seed: string): Float64Array {
  const process = new BasisProcess(params);
  process.reset(new RandomStream(seed));
  process.stepHours(0, hours);
  return process.basisUsdPerMwhByHour.slice(0, hours);
}

export function basisReportRows(data: BasisStatistics, model: BasisStatistics): [string, number, number, string][] {
  return [
    ["mean", data.meanUsdPerMwh, model.meanUsdPerMwh, "$/MWh"],
    ["standard deviation", data.sdUsdPerMwh, model.sdUsdPerMwh, "$/MWh"],
    ["P5", data.p5UsdPerMwh, model.p5UsdPerMwh, "$/MWh"],
    ["P50", data.p50UsdPerMwh, model.p50UsdPerMwh, "$/MWh"],
    ["P95", data.p95UsdPerMwh, model.p95UsdPerMwh, "$/MWh"],
    ["P99", data.p99UsdPerMwh, model.p99UsdPerMwh, "$/MWh"],
    ["negative share", data.negativeShare, model.negativeShare, "share of hours"],
    ["rank acf lag 1", data.rankAcfLag1, model.rankAcfLag1, ""],
    ["rank acf lag 24", data.rankAcfLag24, model.rankAcfLag24, ""],
    ["rank acf lag 48", data.rankAcfLag48, model.rankAcfLag48, ""],
  ];
}
