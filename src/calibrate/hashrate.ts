// Fitting the hashrate supply model (src/markets/hashrate-supply.ts) to the network's history:
// driven by the recorded BTC price and block reward, started at the recorded hashrate on many
// dates, the model's expected path should land on the recorded hashrate a year later. The fit
// report then runs stochastic paths through the whole history and compares the statistics that
// decide a miner's risk: the spread of yearly hashprice changes, their slope on BTC, and what
// hashrate and hashprice did after each halving.
import { HashrateSupply, type HashrateSupplyParams } from "../markets/hashrate-supply";
import { RandomStream, streamSeed } from "../engine/random";
import { meanOf, percentileOfSorted, standardDeviationOf } from "../montecarlo/statistics";

/** Daily network history, one value a UTC day from startDay (days since 1970-01-01). */
export interface NetworkHistory {
  startDay: number;
  /** Network hashrate, hashes/s (a 7-day mean). */
  hashrateHps: Float64Array;
  /** BTC price, $. */
  btcUsd: Float64Array;
  /** Subsidy plus fees, BTC per block. */
  rewardBtcPerBlock: Float64Array;
}

/** Day index (since 1970-01-01, UTC) of an ISO date. */
export function dayOf(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

const BLOCKS_PER_DAY = 144;
const DAYS_PER_YEAR = 365.25;

/** ln(hashprice, $ per TH/s per day) on day i of the history at a network hashrate. */
function logHashprice(h: NetworkHistory, i: number, logHashrateHps: number): number {
  return Math.log(h.rewardBtcPerBlock[i] * BLOCKS_PER_DAY * h.btcUsd[i] * 1e12) - logHashrateHps;
}

/** The two order lags' state on day i from the recorded hashprice before it (started a year and a half earlier, or at the history's start). */
export function orderStateAt(h: NetworkHistory, i: number, buildLagYears: number): [number, number] {
  const from = Math.max(0, i - 548);
  let o1 = logHashprice(h, from, Math.log(h.hashrateHps[from]));
  let o2 = o1;
  const rate = 2 / (buildLagYears * DAYS_PER_YEAR);
  for (let k = from + 1; k < i; k++) {
    o1 += (logHashprice(h, k, Math.log(h.hashrateHps[k])) - o1) * rate;
    o2 += (o1 - o2) * rate;
  }
  return [o1, o2];
}

/**
 * One path of ln(hashrate) from day `from` (the recorded state) for `days` days, driven by the
 * recorded BTC price and reward; stepsPerDay steps a day; rng null for the expected path. Time
 * in the model's cost trends counts in years from yearZeroDay (the day the parameters' start
 * costs refer to). Returns ln H at the end of each day.
 */
export function simulateHashrateFrom(
  h: NetworkHistory,
  params: HashrateSupplyParams,
  from: number,
  days: number,
  yearZeroDay: number,
  stepsPerDay: number,
  rng: RandomStream | null,
): Float64Array {
  const model = new HashrateSupply(params);
  const [o1, o2] = orderStateAt(h, from, params.buildLagYears);
  const logH0 = Math.log(h.hashrateHps[from]);
  model.reset(logH0, logHashprice(h, from, logH0), o2, (h.startDay + from - yearZeroDay) / DAYS_PER_YEAR);
  model.setOrders(o1, o2);
  const out = new Float64Array(days);
  const dt = 1 / (DAYS_PER_YEAR * stepsPerDay);
  for (let d = 0; d < days; d++) {
    const i = from + d;
    for (let s = 0; s < stepsPerDay; s++) {
      const years = (h.startDay + i + s / stepsPerDay - yearZeroDay) / DAYS_PER_YEAR;
      model.step(dt, years, logHashprice(h, i, model.logHashrateHps), rng ? rng.normal() : 0);
    }
    out[d] = model.logHashrateHps;
  }
  model.dispose();
  return out;
}

/** Mean squared error of ln H one year after each monthly start in [firstDay, lastDay), expected paths, daily steps. */
export function oneYearError(h: NetworkHistory, params: HashrateSupplyParams, firstDay: number, lastDay: number, yearZeroDay: number): number {
  let sum = 0;
  let n = 0;
  for (let day = firstDay; day + 365 <= lastDay; day += 30) {
    const from = day - h.startDay;
    const path = simulateHashrateFrom(h, params, from, 365, yearZeroDay, 1, null);
    const error = path[364] - Math.log(h.hashrateHps[from + 365]);
    sum += error * error;
    n++;
  }
  return sum / n;
}

/** The parameters the fit may move (as unbounded numbers: logs, but the gain itself). */
export const FITTED = ["buildHashpriceUsdPerPhDay", "efficiencyGainPerYear", "buildResponsePerYear", "cashCostUsdPerPhDay", "buildLagYears"] as const;
type Free = (typeof FITTED)[number];
const toFree = (name: Free, v: number): number => (name === "efficiencyGainPerYear" ? v : Math.log(v));
const fromFree = (name: Free, x: number): number => (name === "efficiencyGainPerYear" ? x : Math.exp(x));

/** Nelder-Mead minimisation of f from x0 with initial steps; plain and deterministic. */
export function nelderMead(f: (x: number[]) => number, x0: number[], steps: number[], iterations: number): { x: number[]; value: number } {
  const n = x0.length;
  let simplex = [x0, ...steps.map((s, k) => x0.map((v, j) => (j === k ? v + s : v)))].map((x) => ({ x, value: f(x) }));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0];
    const worst = simplex[n];
    const centroid = x0.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p.x[j], 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < best.value) {
      const expanded = along(-2);
      const fe = f(expanded);
      simplex[n] = fe < fr ? { x: expanded, value: fe } : { x: reflected, value: fr };
    } else if (fr < simplex[n - 1].value) {
      simplex[n] = { x: reflected, value: fr };
    } else {
      const contracted = along(0.5);
      const fc = f(contracted);
      if (fc < worst.value) simplex[n] = { x: contracted, value: fc };
      else simplex = simplex.map((p, k) => (k === 0 ? p : { x: p.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j])), value: NaN })).map((p) => (Number.isNaN(p.value) ? { x: p.x, value: f(p.x) } : p));
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0];
}

/**
 * Fits the build-out and cost parameters by the one-year error of the expected path over monthly
 * starts in [firstDay, lastDay); `free` names those it moves, the others (spread, shutdown time,
 * retirement, and the lag when the data cannot tell it) keep their values in `start`.
 * The capacity noise is then the root mean squared one-year error (what the expected path misses).
 */
export function fitHashrateSupply(
  h: NetworkHistory,
  start: HashrateSupplyParams,
  firstDay: number,
  lastDay: number,
  yearZeroDay: number,
  free: readonly Free[] = FITTED,
  iterations = 300,
): { params: HashrateSupplyParams; oneYearRmsError: number } {
  const withFree = (x: number[]): HashrateSupplyParams => {
    const p = { ...start, capacityVolatilityPerYear: 0 };
    free.forEach((name, k) => (p[name] = fromFree(name, x[k])));
    return p;
  };
  const objective = (x: number[]) => {
    const p = withFree(x);
    if (p.buildLagYears < 0.05 || p.buildLagYears > 3 || p.buildResponsePerYear > 20) return 1e9;
    return oneYearError(h, p, firstDay, lastDay, yearZeroDay);
  };
  const x0 = free.map((name) => toFree(name, start[name]));
  const best = nelderMead(objective, x0, free.map((name) => (name === "efficiencyGainPerYear" ? 0.1 : 0.5)), iterations);
  const rms = Math.sqrt(best.value);
  return { params: { ...withFree(best.x), capacityVolatilityPerYear: rms }, oneYearRmsError: rms };
}

export type HashrateReportRow = [statistic: string, data: number, model: number, modelP5: number, modelP95: number, unit: string];

/** The statistics of a ln-hashrate path over the history (index 0 = day `from`). */
function statistics(h: NetworkHistory, from: number, logH: Float64Array, halvingDays: readonly number[]): [string, number, string][] {
  const n = logH.length;
  const lhp = (d: number) => logHashprice(h, from + d, logH[d]);
  const dHp: number[] = [];
  const dBtc: number[] = [];
  const dH: number[] = [];
  for (let d = 0; d + 365 < n; d += 30) {
    dHp.push(lhp(d + 365) - lhp(d));
    dBtc.push(Math.log(h.btcUsd[from + d + 365] / h.btcUsd[from + d]));
    dH.push(logH[d + 365] - logH[d]);
  }
  const mean = meanOf;
  const sd = standardDeviationOf;
  const meanBtc = mean(dBtc);
  const meanHp = mean(dHp);
  const slope = mean(dBtc.map((x, k) => (x - meanBtc) * (dHp[k] - meanHp))) / sd(dBtc) ** 2;
  const rows: [string, number, string][] = [
    ["sd_1y_change_ln_hashprice", sd(dHp), "ln"],
    ["slope_1y_ln_hashprice_on_ln_btc", slope, "1"],
    ["mean_1y_change_ln_hashrate", mean(dH), "ln"],
    ["sd_1y_change_ln_hashrate", sd(dH), "ln"],
  ];
  for (const day of halvingDays) {
    const d = day - h.startDay - from;
    if (d - 7 < 0 || d + 180 >= n) continue;
    const year = new Date(day * 86_400_000).getUTCFullYear();
    rows.push([`halving_${year}_hashrate_ratio_180d`, Math.exp(logH[d + 180] - logH[d - 7]), "x"]);
    rows.push([`halving_${year}_hashprice_ratio_180d`, Math.exp(lhp(d + 180) - lhp(d - 7)), "x"]);
  }
  return rows;
}

/**
 * Data vs model: `paths` stochastic paths from day `from` to the end of the history, stepped once
 * a day as the fit steps the model and as the simulation does (src/markets/network.ts), driven by
 * the recorded BTC price and reward; each statistic's value in the data beside the model's mean,
 * 5th and 95th percentile.
 */
export function hashrateFitReport(
  h: NetworkHistory,
  params: HashrateSupplyParams,
  from: number,
  yearZeroDay: number,
  halvingDays: readonly number[],
  paths: number,
): HashrateReportRow[] {
  const days = h.hashrateHps.length - from;
  const dataLogH = Float64Array.from({ length: days }, (_, d) => Math.log(h.hashrateHps[from + d]));
  const data = statistics(h, from, dataLogH, halvingDays);
  const simulated = Array.from({ length: paths }, (_, k) =>
    statistics(h, from, simulateHashrateFrom(h, params, from, days, yearZeroDay, 1, new RandomStream(streamSeed(20261201, k, "hashrate-fit"))), halvingDays),
  );
  return data.map(([name, value, unit], k) => {
    const values = Float64Array.from(simulated, (rows) => rows[k][1]).sort();
    const mean = values.reduce((s, x) => s + x, 0) / values.length;
    return [name, value, mean, percentileOfSorted(values, 5), percentileOfSorted(values, 95), unit];
  });
}
