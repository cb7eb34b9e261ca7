// Fitting the stochastic power model to an hourly price history, and the statistics that put data
// and model side by side. Pure functions of arrays; the CLI reads the files.
import { RandomStream } from "../engine/random";
import { normalQuantile, PowerPriceProcess, type PowerPriceParams } from "../markets/power";

const QUANTILE_COUNT = 200;

export interface PowerFitOptions {
  spikeThresholdUsdPerMwh: number;
  capUsdPerMwh: number;
  floorUsdPerMwh: number;
}

export interface PowerStatistics {
  meanUsdPerMwh: number;
  sdUsdPerMwh: number;
  negativeShare: number;
  p99UsdPerMwh: number;
  maxUsdPerMwh: number;
  spikesOver1000PerYear: number;
  acfLag1: number;
  acfLag24: number;
  meanByHourUsdPerMwh: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

function autocorrelation(values: ArrayLike<number>, lag: number, mean: number, variance: number): number {
  let sum = 0;
  for (let i = lag; i < values.length; i++) sum += (values[i] - mean) * (values[i - lag] - mean);
  return sum / (values.length * variance);
}

/** The statistics of an hourly price series; localHour gives each hour's local hour of day. */
export function powerStatistics(values: ArrayLike<number>, localHour: ArrayLike<number>): PowerStatistics {
  const n = values.length;
  let sum = 0;
  let negative = 0;
  let max = -Infinity;
  let over1000 = 0;
  const byHour = new Array(24).fill(0);
  const countByHour = new Array(24).fill(0);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v < 0) negative++;
    if (v > max) max = v;
    if (v > 1000) over1000++;
    byHour[localHour[i]] += v;
    countByHour[localHour[i]]++;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const variance = ss / n;
  const sorted = Float64Array.from(values).sort();
  const rank = 0.99 * (n - 1);
  const lo = Math.floor(rank);
  return {
    meanUsdPerMwh: mean,
    sdUsdPerMwh: Math.sqrt(variance),
    negativeShare: negative / n,
    p99UsdPerMwh: sorted[lo] + (sorted[Math.min(lo + 1, n - 1)] - sorted[lo]) * (rank - lo),
    maxUsdPerMwh: max,
    spikesOver1000PerYear: (over1000 / n) * 8760,
    acfLag1: autocorrelation(values, 1, mean, variance),
    acfLag24: autocorrelation(values, 24, mean, variance),
    meanByHourUsdPerMwh: byHour.map((s, h) => (countByHour[h] > 0 ? s / countByHour[h] : NaN)),
  };
}

/**
 * Fits the stochastic power model: shape = median price by (local month, local hour); the
 * deviation of the price clipped at the spike threshold from the shape, as 200 quantiles of its
 * distribution and the lag-1 correlation of its normal scores (the latent AR(1)); spike start and
 * continuation probabilities from the hours above the threshold; Pareto tail index of the
 * event levels by maximum likelihood on the hours above it.
 */
export function fitPowerModel(values: ArrayLike<number>, localMonth: ArrayLike<number>, localHour: ArrayLike<number>, options: PowerFitOptions): PowerPriceParams {
  const n = values.length;
  const buckets: number[][] = Array.from({ length: 288 }, () => []);
  for (let i = 0; i < n; i++) buckets[localMonth[i] * 24 + localHour[i]].push(values[i]);
  const overall = median(Array.from(values));
  const shape = buckets.map((b) => Math.round((b.length > 0 ? median(b) : overall) * 100) / 100);

  const deviation = new Float64Array(n);
  for (let i = 0; i < n; i++) deviation[i] = Math.min(values[i], options.spikeThresholdUsdPerMwh) - shape[localMonth[i] * 24 + localHour[i]];
  let mean = 0;
  for (const d of deviation) mean += d / n;
  let num = 0;
  let den = 0;
  for (let i = 1; i < n; i++) {
    num += (deviation[i] - mean) * (deviation[i - 1] - mean);
    den += (deviation[i - 1] - mean) ** 2;
  }
  const phiLinear = num / den;
  let residualSs = 0;
  for (let i = 1; i < n; i++) residualSs += (deviation[i] - mean - phiLinear * (deviation[i - 1] - mean)) ** 2;
  // Normal scores by rank, and the lag-1 correlation of them: the latent AR(1) coefficient.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => deviation[a] - deviation[b]);
  const scores = new Float64Array(n);
  order.forEach((i, rank) => (scores[i] = normalQuantile((rank + 0.5) / n)));
  let sNum = 0;
  let sDen = 0;
  for (let i = 1; i < n; i++) {
    sNum += scores[i] * scores[i - 1];
    sDen += scores[i - 1] * scores[i - 1];
  }
  const phi = sNum / sDen;
  const sortedDeviation = order.map((i) => deviation[i]);
  const quantiles = Array.from({ length: QUANTILE_COUNT }, (_, k) => {
    const rank = ((k + 0.5) / QUANTILE_COUNT) * (n - 1);
    const lo = Math.floor(rank);
    const value = sortedDeviation[lo] + (sortedDeviation[Math.min(lo + 1, n - 1)] - sortedDeviation[lo]) * (rank - lo);
    return Math.round(value * 100) / 100;
  });

  let starts = 0;
  let calm = 0;
  let continues = 0;
  let spikeHoursBefore = 0;
  let spikes = 0;
  let logSum = 0;
  for (let i = 0; i < n; i++) {
    const spike = values[i] > options.spikeThresholdUsdPerMwh;
    if (spike) {
      spikes++;
      logSum += Math.log(Math.min(values[i], options.capUsdPerMwh) / options.spikeThresholdUsdPerMwh);
    }
    if (i === 0) continue;
    const before = values[i - 1] > options.spikeThresholdUsdPerMwh;
    if (before) {
      spikeHoursBefore++;
      if (spike) continues++;
    } else {
      calm++;
      if (spike) starts++;
    }
  }
  const round = (x: number) => Number(x.toPrecision(6));
  return {
    shapeUsdPerMwh: shape,
    meanReversionPerHour: round(phi),
    deviationSdUsdPerMwh: round(Math.sqrt(residualSs / (n - 1))),
    deviationQuantilesUsdPerMwh: quantiles,
    spikeProbabilityPerHour: round(calm > 0 ? starts / calm : 0),
    spikeContinueProbability: round(spikeHoursBefore > 0 ? continues / spikeHoursBefore : 0),
    spikeThresholdUsdPerMwh: options.spikeThresholdUsdPerMwh,
    spikeParetoAlpha: round(spikes > 0 && logSum > 0 ? spikes / logSum : 50),
    capUsdPerMwh: options.capUsdPerMwh,
    floorUsdPerMwh: options.floorUsdPerMwh,
    scale: 1,
  };
}

/** Simulates the model over the given calendar (local month and hour per hour) with a fixed seed. */
export function simulatePower(params: PowerPriceParams, localMonth: ArrayLike<number>, localHour: ArrayLike<number>, seed: string): Float64Array {
  const process = new PowerPriceProcess(params);
  process.reset(new RandomStream(seed));
  const out = new Float64Array(localMonth.length);
  for (let h = 0; h < out.length; h++) {
    process.step(h, localMonth[h] * 24 + localHour[h]);
    out[h] = process.priceUsdPerMwh;
  }
  return out;
}

/** Rows of the fit report: statistic, data, model, unit. */
export function powerReportRows(data: PowerStatistics, model: PowerStatistics): [string, number, number, string][] {
  return [
    ["mean", data.meanUsdPerMwh, model.meanUsdPerMwh, "usd_per_mwh"],
    ["standard_deviation", data.sdUsdPerMwh, model.sdUsdPerMwh, "usd_per_mwh"],
    ["negative_share", data.negativeShare, model.negativeShare, "fraction_of_hours"],
    ["p99", data.p99UsdPerMwh, model.p99UsdPerMwh, "usd_per_mwh"],
    ["max", data.maxUsdPerMwh, model.maxUsdPerMwh, "usd_per_mwh"],
    ["hours_above_1000_per_year", data.spikesOver1000PerYear, model.spikesOver1000PerYear, "hours_per_year"],
    ["acf_lag_1", data.acfLag1, model.acfLag1, "correlation"],
    ["acf_lag_24", data.acfLag24, model.acfLag24, "correlation"],
    ...data.meanByHourUsdPerMwh.map((v, h) => [`mean_hour_${String(h).padStart(2, "0")}`, v, model.meanByHourUsdPerMwh[h], "usd_per_mwh"] as [string, number, number, string]),
  ];
}
