// Fitting the fee process (src/markets/fees.ts) to daily fees per block grouped by calendar year:
// the fast component's half-life from the day-to-day persistence of ln(fees) around each year's
// mean, the slow one's an assumption (a few years of data cannot tell it), the two spreads by
// simulated moments. The report gives each year's statistics beside the model's band.
import { FeeProcess, type FeeParams } from "../markets/fees";
import { RandomStream, streamSeed } from "../engine/random";
import { meanOf, percentileOfSorted, standardDeviationOf } from "../montecarlo/statistics";

export type FeeVariation = Omit<FeeParams, "meanBtcPerBlock">;

const mean = meanOf;
const sd = standardDeviationOf;

/** Within-year statistics of daily fees per block. */
export function feeYearStatistics(feesBtcPerBlock: ArrayLike<number>): { sdLog: number; p95OverMedian: number; maxOverMedian: number; meanLog: number } {
  const logs = Array.from(feesBtcPerBlock, Math.log);
  const sorted = Float64Array.from(feesBtcPerBlock).sort();
  const median = percentileOfSorted(sorted, 50);
  return { sdLog: sd(logs), p95OverMedian: percentileOfSorted(sorted, 95) / median, maxOverMedian: sorted[sorted.length - 1] / median, meanLog: mean(logs) };
}

/**
 * Fast half-life: AR(1) of ln fees around each year's mean (pooled over years). The slow half-life
 * and the two spreads: a grid, by simulated moments, so that simulated years match the daily
 * record's median within-year sd of ln fees and median P95/median ratio of daily fees, and the
 * spread of ln yearly mean fees over the years in yearlyMeanBtcPerBlock (simulated in paths of as
 * many consecutive years).
 */
export function fitFees(
  years: readonly ArrayLike<number>[],
  yearlyMeanBtcPerBlock: readonly number[],
  grid: { slowHalfLifeDays: readonly number[]; fastSdLog: readonly number[]; slowSdLog: readonly number[]; simulatedYears: number },
): FeeVariation {
  let c0 = 0;
  let c1 = 0;
  for (const fees of years) {
    const logs = Array.from(fees, Math.log);
    const m = mean(logs);
    for (let i = 0; i < logs.length; i++) {
      c0 += (logs[i] - m) ** 2;
      if (i > 0) c1 += (logs[i] - m) * (logs[i - 1] - m);
    }
  }
  const fastHalfLifeDays = Math.log(0.5) / Math.log(c1 / c0);
  const yearly = years.map((fees) => feeYearStatistics(fees));
  const median = (a: number[]) => percentileOfSorted(Float64Array.from(a).sort(), 50);
  const target = [median(yearly.map((y) => y.sdLog)), median(yearly.map((y) => y.p95OverMedian)), sd(yearlyMeanBtcPerBlock.map(Math.log))];
  let best: { variation: FeeVariation; objective: number } | null = null;
  for (const slowHalfLifeDays of grid.slowHalfLifeDays) for (const fastSdLog of grid.fastSdLog) {
    for (const slowSdLog of grid.slowSdLog) {
      const variation = { fastHalfLifeDays, fastSdLog, slowHalfLifeDays, slowSdLog };
      const sim = simulateFeeYears(variation, yearlyMeanBtcPerBlock.length, grid.simulatedYears, "fee-fit");
      const model = [median(sim.sdLog), median(sim.p95OverMedian), median(sim.spreadOfYearMeans)];
      const objective = model.reduce((acc, m, k) => acc + Math.log(m / target[k]) ** 2, 0);
      if (best === null || objective < best.objective) best = { variation, objective };
    }
  }
  return best!.variation;
}

/** Simulated years of daily fees in paths of yearsPerPath consecutive years: each year's statistics and each path's spread of yearly mean ln fees. */
export function simulateFeeYears(variation: FeeVariation, yearsPerPath: number, simulatedYears: number, seed: string) {
  const process = new FeeProcess({ meanBtcPerBlock: 1, ...variation });
  const out = { sdLog: [] as number[], p95OverMedian: [] as number[], maxOverMedian: [] as number[], spreadOfYearMeans: [] as number[] };
  const daily = new Float64Array(365);
  for (let path = 0; path < simulatedYears / yearsPerPath; path++) {
    const rng = new RandomStream(streamSeed(20261201, path, seed));
    process.reset(rng, true);
    const means: number[] = [];
    for (let y = 0; y < yearsPerPath; y++) {
      for (let d = 0; d < 365; d++) {
        process.stepDay(rng);
        daily[d] = process.btcPerBlock;
      }
      const s = feeYearStatistics(daily);
      out.sdLog.push(s.sdLog);
      out.p95OverMedian.push(s.p95OverMedian);
      out.maxOverMedian.push(s.maxOverMedian);
      means.push(s.meanLog);
    }
    out.spreadOfYearMeans.push(sd(means));
  }
  process.dispose();
  return out;
}

export type FeeReportRow = [statistic: string, data: number, model: number, modelP5: number, modelP95: number, unit: string];

/** Each year's within-year statistics and the spread of ln yearly mean fees, data beside the model's band. */
export function feeReport(variation: FeeVariation, yearsByLabel: ReadonlyMap<string, ArrayLike<number>>, yearlyMeanBtcPerBlock: readonly number[], simulatedYears: number): FeeReportRow[] {
  const sim = simulateFeeYears(variation, yearlyMeanBtcPerBlock.length, simulatedYears, "fee-report");
  const band = (values: number[]) => {
    const sorted = Float64Array.from(values).sort();
    return [mean(sorted), percentileOfSorted(sorted, 5), percentileOfSorted(sorted, 95)] as const;
  };
  const rows: FeeReportRow[] = [];
  for (const [label, fees] of yearsByLabel) {
    const s = feeYearStatistics(fees);
    rows.push([`sd_ln_daily_fees_${label}`, s.sdLog, ...band(sim.sdLog), "ln"]);
    rows.push([`p95_over_median_daily_fees_${label}`, s.p95OverMedian, ...band(sim.p95OverMedian), "x"]);
    rows.push([`max_over_median_daily_fees_${label}`, s.maxOverMedian, ...band(sim.maxOverMedian), "x"]);
  }
  rows.push([`sd_of_ln_yearly_mean_fees_over_${yearlyMeanBtcPerBlock.length}_years`, sd(yearlyMeanBtcPerBlock.map(Math.log)), ...band(sim.spreadOfYearMeans), "ln"]);
  return rows;
}
