// Fitting the stochastic power model to an hourly price history, and the statistics that put data
// and model side by side. Pure functions of arrays; the CLI reads the files.
import { RandomStream } from "../engine/random";
import { percentileOfSorted } from "../montecarlo/statistics";
import { normalQuantile, PowerPriceProcess, type PowerPriceParams, type ScarcityParams, type YearRegimeParams } from "../markets/power";

const QUANTILE_COUNT = 200;

export interface PowerFitOptions {
  spikeThresholdUsdPerMwh: number;
  capUsdPerMwh: number;
  floorUsdPerMwh: number;
  /** Local days whose mean price is above this are scarcity-event days ($/MWh; default 1,000). */
  scarcityDayMeanUsdPerMwh?: number;
}

const SCARCITY_LEVEL_QUANTILES = 20;

export interface PowerStatistics {
  meanUsdPerMwh: number;
  sdUsdPerMwh: number;
  negativeShare: number;
  p99UsdPerMwh: number;
  maxUsdPerMwh: number;
  spikesOver1000PerYear: number;
  acfLag1: number;
  acfLag24: number;
  /** Autocorrelation of the prices' normal scores (ranks), which a few extreme days cannot dominate. */
  rankAcfLag1: number;
  rankAcfLag24: number;
  meanByHourUsdPerMwh: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

export function autocorrelation(values: ArrayLike<number>, lag: number, mean: number, variance: number): number {
  let sum = 0;
  for (let i = lag; i < values.length; i++) sum += (values[i] - mean) * (values[i - lag] - mean);
  return sum / (values.length * variance);
}

/** Normal scores by rank: the standard normal quantile at (rank + 0.5) / n (ties ranked in order). */
export function normalScores(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const scores = new Float64Array(n);
  order.forEach((i, rank) => (scores[i] = normalQuantile((rank + 0.5) / n)));
  return scores;
}

/** Lag-1 and lag-24 autocorrelation of the normal scores of the values. */
function rankAutocorrelations(values: ArrayLike<number>): { rankAcfLag1: number; rankAcfLag24: number } {
  const n = values.length;
  const scores = normalScores(values);
  let variance = 0;
  for (const z of scores) variance += (z * z) / n;
  return { rankAcfLag1: autocorrelation(scores, 1, 0, variance), rankAcfLag24: autocorrelation(scores, 24, 0, variance) };
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
  return {
    meanUsdPerMwh: mean,
    sdUsdPerMwh: Math.sqrt(variance),
    negativeShare: negative / n,
    p99UsdPerMwh: percentileOfSorted(sorted, 99),
    maxUsdPerMwh: max,
    spikesOver1000PerYear: (over1000 / n) * 8760,
    acfLag1: autocorrelation(values, 1, mean, variance),
    acfLag24: autocorrelation(values, 24, mean, variance),
    ...rankAutocorrelations(values),
    meanByHourUsdPerMwh: byHour.map((s, h) => (countByHour[h] > 0 ? s / countByHour[h] : NaN)),
  };
}

/** Local day number of each hour (a day starts at local hour 0; the first hour starts day 0). */
function localDays(localHour: ArrayLike<number>): Int32Array {
  const day = new Int32Array(localHour.length);
  let d = 0;
  for (let i = 1; i < localHour.length; i++) {
    if (localHour[i] === 0 && localHour[i - 1] !== 0) d++;
    day[i] = d;
  }
  return day;
}

/**
 * Multi-day scarcity events: runs of consecutive local days whose mean price is above the
 * threshold. Rate per year, the chance that an event day is followed by another, and the days'
 * mean prices as shares of the highest hour of their event (Uri sat at the $9,000 cap).
 */
function fitScarcity(values: ArrayLike<number>, day: Int32Array, threshold: number): { params: ScarcityParams | null; eventDay: Uint8Array } {
  const days = day.length > 0 ? day[day.length - 1] + 1 : 0;
  const sum = new Float64Array(days);
  const count = new Float64Array(days);
  for (let i = 0; i < values.length; i++) {
    sum[day[i]] += values[i];
    count[day[i]]++;
  }
  const eventDay = new Uint8Array(days);
  for (let d = 0; d < days; d++) eventDay[d] = count[d] > 0 && sum[d] / count[d] > threshold ? 1 : 0;
  const events: { from: number; to: number }[] = [];
  for (let d = 0; d < days; d++) {
    if (eventDay[d] && (d === 0 || !eventDay[d - 1])) events.push({ from: d, to: d });
    if (eventDay[d]) events[events.length - 1].to = d;
  }
  if (events.length === 0) return { params: null, eventDay };
  const shares: number[] = [];
  const eventOf: number[] = [];
  events.forEach((e, k) => {
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) if (day[i] >= e.from && day[i] <= e.to && values[i] > max) max = values[i];
    for (let d = e.from; d <= e.to; d++) {
      shares.push(Math.max(0, sum[d] / count[d]) / max);
      eventOf.push(k);
    }
  });
  // Day-to-day persistence of the level within events: lag-1 correlation of the days' normal scores.
  const scores = normalScores(shares);
  let lagSum = 0;
  let lagSquares = 0;
  for (let i = 1; i < scores.length; i++) {
    if (eventOf[i] !== eventOf[i - 1]) continue;
    lagSum += scores[i] * scores[i - 1];
    lagSquares += scores[i - 1] * scores[i - 1];
  }
  const levelPersistence = lagSquares > 0 ? Math.min(0.99, Math.max(0, lagSum / lagSquares)) : 0;
  shares.sort((a, b) => a - b);
  const eventDays = events.reduce((n, e) => n + e.to - e.from + 1, 0);
  const round = (x: number) => Number(x.toPrecision(6));
  return {
    params: {
      perYear: round(events.length / (days / 365.25)),
      continueDayProbability: round((eventDays - events.length) / eventDays),
      levelPersistence: round(levelPersistence),
      levelQuantilesOfCap: Array.from({ length: SCARCITY_LEVEL_QUANTILES }, (_, k) => round(percentileOfSorted(shares, ((k + 0.5) * 100) / SCARCITY_LEVEL_QUANTILES))),
    },
    eventDay,
  };
}

/**
 * Fits the stochastic power model: shape = median price by (local month, local hour); the
 * deviation of the price (clipped at the spike threshold) from the shape, as 200 quantiles of its
 * distribution; the latent normal's two time scales from the normal scores of the deviation (their
 * lag-1 correlation, and the variance and day-to-day correlation of their daily means); spike start
 * and continuation probabilities from the hours above the threshold, with the start rate's
 * dependence on the day level by Poisson maximum likelihood; the Pareto tail index of the spike
 * levels by maximum likelihood; and multi-day scarcity events from the days whose mean price is
 * above scarcityDayMeanUsdPerMwh. Scarcity-event days are left out of every other part of the fit.
 * The deviation's quantiles come from the hours below the spike threshold. Last, the per-year
 * regime: how much more the data's whole years differ in price level and spikiness than the model
 * without a regime makes them differ by chance.
 */
export function fitPowerModel(values: ArrayLike<number>, localMonth: ArrayLike<number>, localHour: ArrayLike<number>, options: PowerFitOptions): PowerPriceParams {
  const all = values.length;
  const day = localDays(localHour);
  const scarcity = fitScarcity(values, day, options.scarcityDayMeanUsdPerMwh ?? 1000);
  // The hours outside scarcity events, with their day numbers.
  const keep: number[] = [];
  for (let i = 0; i < all; i++) if (!scarcity.eventDay[day[i]]) keep.push(i);
  const n = keep.length;
  const price = Float64Array.from(keep, (i) => values[i]);
  const month = Uint8Array.from(keep, (i) => localMonth[i]);
  const hour = Uint8Array.from(keep, (i) => localHour[i]);
  const dayOf = Int32Array.from(keep, (i) => day[i]);

  const buckets: number[][] = Array.from({ length: 288 }, () => []);
  for (let i = 0; i < n; i++) buckets[month[i] * 24 + hour[i]].push(price[i]);
  const overall = median(Array.from(price));
  const shape = buckets.map((b) => Math.round((b.length > 0 ? median(b) : overall) * 100) / 100);

  // Deviation from the shape, scaled by each slot's median absolute deviation relative to the
  // overall one (prices swing more on spring nights than on winter mornings).
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) raw[i] = Math.min(price[i], options.spikeThresholdUsdPerMwh) - shape[month[i] * 24 + hour[i]];
  const absoluteBySlot: number[][] = Array.from({ length: 288 }, () => []);
  for (let i = 0; i < n; i++) absoluteBySlot[month[i] * 24 + hour[i]].push(Math.abs(raw[i]));
  const overallMad = median(Array.from(raw, Math.abs));
  const deviationScaleBySlot = absoluteBySlot.map((b) => Number((b.length > 0 && overallMad > 0 ? Math.max(0.05, median(b) / overallMad) : 1).toPrecision(4)));
  const deviation = Float64Array.from(raw, (d, i) => d / deviationScaleBySlot[month[i] * 24 + hour[i]]);
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
  const scores = normalScores(deviation);
  // Daily means of the scores (whole days only) and their variance: the day level, for the spike fit below.
  const days = dayOf[n - 1] + 1;
  const scoreSum = new Float64Array(days);
  const hoursInDay = new Float64Array(days);
  for (let i = 0; i < n; i++) {
    scoreSum[dayOf[i]] += scores[i];
    hoursInDay[dayOf[i]]++;
  }
  const dayMean = Float64Array.from(scoreSum, (sum, d) => (hoursInDay[d] >= 23 ? sum / hoursInDay[d] : NaN));
  let meanVariance = 0;
  let whole = 0;
  for (let d = 0; d < days; d++) {
    if (Number.isNaN(dayMean[d])) continue;
    meanVariance += dayMean[d] * dayMean[d];
    whole++;
  }
  meanVariance /= whole;
  // Latent z = sqrt(w) D + sqrt(1 - w) e, D a day-level AR(1) (coefficient r per day) and e an
  // hourly AR(1) (coefficient phi): the correlation of z at lag 1 is about w + (1 - w) phi, at lag
  // 24 w r + (1 - w) phi^24 and at lag 48 w r^2 + (1 - w) phi^48. Solved by fixed-point iteration
  // from the normal scores' correlations at those lags.
  const scoreLag = (lag: number) => {
    let sum = 0;
    let squares = 0;
    for (let i = lag; i < n; i++) {
      sum += scores[i] * scores[i - lag];
      squares += scores[i - lag] * scores[i - lag];
    }
    return sum / squares;
  };
  const lag1 = scoreLag(1);
  const lag24 = scoreLag(24);
  const lag48 = scoreLag(48);
  let dayWeight = 0;
  let dayPersistence = 0;
  let phi = lag1;
  for (let k = 0; k < 500; k++) {
    const p24 = Math.pow(phi, 24);
    const p48 = Math.pow(phi, 48);
    const persistence = (lag48 - (1 - dayWeight) * p48) / (lag24 - (1 - dayWeight) * p24);
    dayPersistence = Math.min(0.999, Math.max(0, Number.isFinite(persistence) ? persistence : 0));
    const weight = dayPersistence > p24 ? (lag24 - p24) / (dayPersistence - p24) : 0;
    dayWeight = Math.min(0.95, Math.max(0, weight));
    phi = Math.min(0.999, Math.max(0, (lag1 - dayWeight) / (1 - dayWeight)));
  }
  if (dayWeight === 0) dayPersistence = 0;
  // The deviation's distribution from the hours below the threshold only: spike hours are the
  // spikes' part (their clipped deviation would otherwise pile up at the threshold in calm hours).
  const sortedDeviation = Float64Array.from(deviation.filter((_, i) => price[i] <= options.spikeThresholdUsdPerMwh)).sort();
  const quantiles = Array.from({ length: QUANTILE_COUNT }, (_, k) => Math.round(percentileOfSorted(sortedDeviation, ((k + 0.5) * 100) / QUANTILE_COUNT) * 100) / 100);

  let starts = 0;
  let calm = 0;
  let continues = 0;
  let spikeHoursBefore = 0;
  let spikes = 0;
  let logSum = 0;
  const dayStarts = new Float64Array(days);
  const dayCalm = new Float64Array(days);
  const hourStarts = new Float64Array(24);
  const hourCalm = new Float64Array(24);
  const monthStarts = new Float64Array(12);
  const monthCalm = new Float64Array(12);
  for (let i = 0; i < n; i++) {
    const spike = price[i] > options.spikeThresholdUsdPerMwh;
    if (spike) {
      spikes++;
      logSum += Math.log(Math.min(price[i], options.capUsdPerMwh) / options.spikeThresholdUsdPerMwh);
    }
    if (i === 0) continue;
    const before = price[i - 1] > options.spikeThresholdUsdPerMwh;
    if (before) {
      spikeHoursBefore++;
      if (spike) continues++;
    } else {
      calm++;
      dayCalm[dayOf[i]]++;
      hourCalm[hour[i]]++;
      monthCalm[month[i]]++;
      if (spike) {
        starts++;
        dayStarts[dayOf[i]]++;
        hourStarts[hour[i]]++;
        monthStarts[month[i]]++;
      }
    }
  }
  // When spikes start: rate by local hour times rate by month, relative to the overall rate, then
  // scaled so that the factor averages 1 over the calm hours.
  const overallRate = calm > 0 ? starts / calm : 0;
  const factorOf = (s: number, c: number) => (overallRate > 0 && c > 0 ? s / c / overallRate : 1);
  const rawFactor = Array.from({ length: 288 }, (_, k) => factorOf(monthStarts[k / 24 | 0], monthCalm[k / 24 | 0]) * factorOf(hourStarts[k % 24], hourCalm[k % 24]));
  let weighted = 0;
  for (let i = 1; i < n; i++) if (!(price[i - 1] > options.spikeThresholdUsdPerMwh)) weighted += rawFactor[month[i] * 24 + hour[i]];
  const spikeStartFactorBySlot = rawFactor.map((f) => Number((calm > 0 && weighted > 0 ? (f * calm) / weighted : 1).toPrecision(4)));
  // Spike starts per day ~ Poisson(calm hours x p x exp(b D - b^2/2)), D the day's standardised
  // mean score; b by maximum likelihood on a grid, p by its moment condition for each b.
  const dayLevel = Float64Array.from(dayMean, (m) => (Number.isNaN(m) ? 0 : m / Math.sqrt(meanVariance)));
  let bestB = 0;
  let bestLogLikelihood = -Infinity;
  for (let b = 0; b <= 3.0001; b += 0.05) {
    let exposure = 0;
    for (let d = 0; d < days; d++) exposure += dayCalm[d] * Math.exp(b * dayLevel[d] - 0.5 * b * b);
    // (The slot factors average 1 over calm hours; they are left out of this per-day likelihood.)
    const p = starts / exposure;
    let logLikelihood = 0;
    for (let d = 0; d < days; d++) {
      const rate = dayCalm[d] * p * Math.exp(b * dayLevel[d] - 0.5 * b * b);
      if (rate > 0) logLikelihood += dayStarts[d] * Math.log(rate) - rate;
    }
    if (logLikelihood > bestLogLikelihood) {
      bestLogLikelihood = logLikelihood;
      bestB = b;
    }
  }
  const round = (x: number) => Number(x.toPrecision(6));
  const fitted: PowerPriceParams = {
    shapeUsdPerMwh: shape,
    meanReversionPerHour: round(phi),
    deviationSdUsdPerMwh: round(Math.sqrt(residualSs / (n - 1))),
    deviationQuantilesUsdPerMwh: quantiles,
    deviationScaleBySlot,
    dayWeight: round(dayWeight),
    dayPersistence: round(dayPersistence),
    spikeProbabilityPerHour: round(calm > 0 ? starts / calm : 0),
    spikeContinueProbability: round(spikeHoursBefore > 0 ? continues / spikeHoursBefore : 0),
    spikeThresholdUsdPerMwh: options.spikeThresholdUsdPerMwh,
    spikeParetoAlpha: round(spikes > 0 && logSum > 0 ? spikes / logSum : 50),
    spikeDaySensitivity: round(bestB),
    spikeStartFactorBySlot,
    scarcity: scarcity.params,
    capUsdPerMwh: options.capUsdPerMwh,
    floorUsdPerMwh: options.floorUsdPerMwh,
    scale: 1,
    yearRegime: null,
  };
  fitted.yearRegime = fitYearRegime(fitted, price, month, hour, options.spikeThresholdUsdPerMwh);
  return fitted;
}

/** Per local calendar year (whole years only, from month transitions): ln of the mean price of the hours below the threshold, and ln(1 + spike starts). */
function yearlyLevelAndSpikes(price: ArrayLike<number>, month: ArrayLike<number>, threshold: number): { logLevel: number[]; logSpikes: number[] } {
  const logLevel: number[] = [];
  const logSpikes: number[] = [];
  let sum = 0;
  let count = 0;
  let starts = 0;
  let hours = 0;
  const close = () => {
    if (hours >= 8000 && count > 0) {
      logLevel.push(Math.log(sum / count));
      logSpikes.push(Math.log(1 + starts));
    }
    sum = count = starts = hours = 0;
  };
  for (let i = 0; i < price.length; i++) {
    if (i > 0 && month[i] === 0 && month[i - 1] === 11) close();
    hours++;
    if (price[i] <= threshold) {
      sum += price[i];
      count++;
    } else if (i === 0 || price[i - 1] <= threshold) starts++;
  }
  close();
  return { logLevel, logSpikes };
}

function sampleVariance(x: number[]): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
}

/**
 * The year regime's two spreads: the variance across the data's whole years of ln(mean price below
 * the threshold) and of ln(1 + spike starts), less the variance the model without a regime shows
 * across 60 simulated years of the data's first calendar year (chance alone); null below three
 * whole years.
 */
function fitYearRegime(params: PowerPriceParams, price: ArrayLike<number>, month: ArrayLike<number>, hour: ArrayLike<number>, threshold: number): YearRegimeParams | null {
  const data = yearlyLevelAndSpikes(price, month, threshold);
  if (data.logLevel.length < 3) return null;
  const yearHours = Math.min(8760, month.length);
  const monthOfYear = Uint8Array.from({ length: yearHours }, (_, i) => month[i]);
  const hourOfYear = Uint8Array.from({ length: yearHours }, (_, i) => hour[i]);
  const model = { logLevel: [] as number[], logSpikes: [] as number[] };
  for (let y = 0; y < 60; y++) {
    const simulated = simulatePower({ ...params, scarcity: null, yearRegime: null }, monthOfYear, hourOfYear, `hashgrid:calibrate:power-year:${y}`);
    // One simulated year: months from the data's first year, closed at its end.
    const one = yearlyLevelAndSpikes(simulated, Uint8Array.from(monthOfYear, (m) => m), threshold);
    model.logLevel.push(...one.logLevel);
    model.logSpikes.push(...one.logSpikes);
  }
  const spread = (dataValues: number[], modelValues: number[]) => {
    const extra = sampleVariance(dataValues) - sampleVariance(modelValues);
    return extra > 0 ? Number(Math.sqrt(extra).toPrecision(4)) : 0;
  };
  return { levelSdLog: spread(data.logLevel, model.logLevel), spikeSdLog: spread(data.logSpikes, model.logSpikes) };
}

/** Simulates the model over the given calendar (local month and hour per hour) with a fixed seed. */
export function simulatePower(params: PowerPriceParams, localMonth: ArrayLike<number>, localHour: ArrayLike<number>, seed: string): Float64Array {
  const process = new PowerPriceProcess(params);
  process.reset(new RandomStream(seed));
  process.stepHours(0, localMonth.length, { localMonth: Uint8Array.from(localMonth), localHour: Uint8Array.from(localHour) });
  return process.priceUsdPerMwhByHour.slice(0, localMonth.length);
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
    ["rank_acf_lag_1", data.rankAcfLag1, model.rankAcfLag1, "correlation"],
    ["rank_acf_lag_24", data.rankAcfLag24, model.rankAcfLag24, "correlation"],
    ...data.meanByHourUsdPerMwh.map((v, h) => [`mean_hour_${String(h).padStart(2, "0")}`, v, model.meanByHourUsdPerMwh[h], "usd_per_mwh"] as [string, number, number, string]),
  ];
}

/** The ten statistics of the per-year check (the hourly means left out). */
const YEAR_STATISTICS = 10;

/**
 * Each calendar year of the data beside the model's band for one simulated year: the model is
 * simulated `years` times over a calendar year (local months and hours of `yearCalendar`), and each
 * of the ten statistics of each recorded year is set beside the P5 and P95 of the simulated years.
 * Returns one row per year and statistic, and per year how many statistics lie inside.
 */
export function powerYearReport(
  params: PowerPriceParams,
  dataYears: ReadonlyMap<number, { values: ArrayLike<number>; localHour: ArrayLike<number> }>,
  yearCalendar: { localMonth: ArrayLike<number>; localHour: ArrayLike<number> },
  years: number,
  seed: string,
): { rows: [string, number, number, number, number, string][]; insideByYear: Map<number, number> } {
  const hours = yearCalendar.localMonth.length;
  const process = new PowerPriceProcess(params);
  const simulated: number[][] = Array.from({ length: YEAR_STATISTICS }, () => []);
  const calendar = { localMonth: Uint8Array.from(yearCalendar.localMonth), localHour: Uint8Array.from(yearCalendar.localHour) };
  let names: [string, string][] = [];
  for (let y = 0; y < years; y++) {
    process.reset(new RandomStream(`${seed}:${y}`));
    process.stepHours(0, hours, calendar);
    const values = process.priceUsdPerMwhByHour.subarray(0, hours);
    const stats = powerStatistics(values, yearCalendar.localHour);
    const rows = powerReportRows(stats, stats).slice(0, YEAR_STATISTICS);
    names = rows.map((r) => [r[0], r[3]]);
    rows.forEach((r, k) => simulated[k].push(r[1]));
  }
  const bands = simulated.map((v) => {
    const sorted = Float64Array.from(v).sort();
    return [sorted.reduce((a, b) => a + b, 0) / sorted.length, percentileOfSorted(sorted, 5), percentileOfSorted(sorted, 95)] as const;
  });
  const rows: [string, number, number, number, number, string][] = [];
  const insideByYear = new Map<number, number>();
  for (const [year, data] of dataYears) {
    const stats = powerReportRows(powerStatistics(data.values, data.localHour), powerStatistics(data.values, data.localHour)).slice(0, YEAR_STATISTICS);
    let inside = 0;
    stats.forEach((r, k) => {
      const [mean, p5, p95] = bands[k];
      if (r[1] >= p5 && r[1] <= p95) inside++;
      rows.push([`${names[k][0]}_${year}`, r[1], mean, p5, p95, names[k][1]]);
    });
    insideByYear.set(year, inside);
  }
  return { rows, insideByYear };
}
