// Wholesale power price, $/MWh: a month x local-hour shape, an AR(1) deviation around it,
// and Pareto-tailed spike events that start at random, hold their level and last a geometric
// number of hours, clamped to the market's floor and cap. The deviation is either normal, or
// (when a quantile table is given) the data's own distribution of deviations driven by a
// latent normal (a Gaussian copula), which keeps its skew and its share of negative prices.
// The latent normal has two time scales: an hourly AR(1) and a day-level AR(1) that persists
// from day to day (hot weeks, windless weeks) and also raises the chance of spikes. Multi-day
// scarcity events (a Winter Storm Uri) hold the price near the cap for days.
import type { RandomStream } from "../engine/random";
import { MARKET_LANES, pathOf, type MarketCalendar, type MarketProcess } from "./process";
import { KernelBlocks, KernelLanes, KernelPaths, KernelTables, marketKernels } from "./wasm";

/** What the hour loop needs of any power price model. */
/** A power price (or system load) process (stochastic, replay, bootstrap): the shared MarketProcess, with the hour's value. */
export interface PowerPriceModel extends MarketProcess {
  /** Price in force this hour, $/MWh (MW for a system load). */
  priceUsdPerMwh: number;
  /** priceUsdPerMwh of each hour stepped by stepHours, at index h. */
  priceUsdPerMwhByHour: Float64Array;
}

/** Steps a power price model through hours from..to-1, keeping each hour's price. */
function stepPowerHours(model: PowerPriceModel, from: number, to: number, calendar: MarketCalendar): void {
  const price = (model.priceUsdPerMwhByHour = pathOf(model.priceUsdPerMwhByHour, to));
  const localMonth = calendar.localMonth;
  const localHour = calendar.localHour;
  for (let h = from; h < to; h++) {
    model.step(h, localMonth[h] * 24 + localHour[h]);
    price[h] = model.priceUsdPerMwh;
  }
}

export interface PowerPriceParams {
  /** 288 values, month-major: shape[month * 24 + localHour], $/MWh. */
  shapeUsdPerMwh: readonly number[];
  meanReversionPerHour: number;
  deviationSdUsdPerMwh: number;
  /** Optional: quantiles of the deviation at probabilities (k + 0.5) / K, k = 0 .. K-1; meanReversionPerHour is then the latent AR(1) coefficient. */
  deviationQuantilesUsdPerMwh?: readonly number[] | null;
  /** Chance that a spike starts in an hour that follows a non-spike hour. */
  spikeProbabilityPerHour: number;
  /** Chance that the hour after a spike hour is a spike too (0: spikes last one hour). */
  spikeContinueProbability: number;
  spikeThresholdUsdPerMwh: number;
  spikeParetoAlpha: number;
  capUsdPerMwh: number;
  floorUsdPerMwh: number;
  scale: number;
  /** Optional, 288 values like the shape: the deviation in slot k is scaled by this (the quantiles are then of the scaled deviation). */
  deviationScaleBySlot?: readonly number[] | null;
  /** Optional, 288 values like the shape: the spike start chance in slot k is multiplied by this (mean 1 over the slots' calm hours). */
  spikeStartFactorBySlot?: readonly number[] | null;
  /** Share of the latent normal's variance that is the day-level component (0: none). */
  dayWeight?: number;
  /** Day-to-day AR(1) coefficient of the day-level component. */
  dayPersistence?: number;
  /** Spike start chance is multiplied by exp(b * day - b^2 / 2) (mean 1): spikes cluster on tight days. */
  spikeDaySensitivity?: number;
  /** Multi-day scarcity events, or null. */
  scarcity?: ScarcityParams | null;
  /** Per-year regime, or null: each local calendar year draws a level and a spikiness factor. */
  yearRegime?: YearRegimeParams | null;
}

/**
 * Each local calendar year (and the run's first, partial year) draws two mean-1 lognormal factors:
 * the level, which multiplies the shape plus deviation (a year of cheap or dear gas), and the
 * spikiness, which multiplies the spike start chance (a tight or a slack year).
 */
export interface YearRegimeParams {
  levelSdLog: number;
  spikeSdLog: number;
}

/** Multi-day scarcity events: start at a local midnight, last a geometric number of days, and hold every hour of each event day at least at a share of the cap drawn for the day. */
export interface ScarcityParams {
  perYear: number;
  continueDayProbability: number;
  /** Day-to-day AR(1) coefficient of the latent normal that picks each event day's level (0: independent days). */
  levelPersistence?: number;
  /** Quantiles of an event day's price level as a share of the cap, at probabilities (k + 0.5) / K. */
  levelQuantilesOfCap: readonly number[];
}

/**
 * Hourly power price. step(slot) sets priceUsdPerMwh for the hour whose shape slot is month * 24 +
 * localHour. The hours themselves are src/markets/assembly/power.ts's powerHours (WebAssembly:
 * src/markets/wasm.ts), with this class's parameters and tables.
 */
export class PowerPriceProcess implements PowerPriceModel {
  /** Price in force this hour, $/MWh. */
  priceUsdPerMwh = 0;
  private rng!: RandomStream;
  /** The parameters, state and the stream's words, in the kernels' memory. */
  private readonly kernel: KernelBlocks;
  /** The price path, where the kernel writes it. */
  private readonly paths = new KernelPaths(1);
  /** The lanes block, when this process steps others with it (stepHoursInLanes), made when first needed. */
  private lanes: KernelLanes | null = null;
  /** The tables' blocks in the kernels' memory (given back with the process). */
  private readonly tables: KernelTables;
  /** The local calendar whose months and hours were last copied to the kernels' memory, and where. */
  private calendar: MarketCalendar | null = null;
  private calendarBlocks: KernelTables | null = null;

  constructor(params: PowerPriceParams) {
    const kernels = marketKernels();
    this.kernel = new KernelBlocks(kernels.exports.POWER_STATE_BYTES.value, kernels.exports.POWER_PARAMS_BYTES.value);
    const phi = params.meanReversionPerHour;
    const dayWeight = params.dayWeight ?? 0;
    const dayPersistence = params.dayPersistence ?? 0;
    const scarcity = params.scarcity ?? null;
    const scarcityLevels = scarcity && scarcity.perYear > 0 ? scarcity.levelQuantilesOfCap : null;
    this.tables = new KernelTables();
    const shape = this.tables.doubles(params.shapeUsdPerMwh.map((x) => x * params.scale));
    const deviationByLatent = params.deviationQuantilesUsdPerMwh ? this.tables.doubles(deviationByLatentTable(params.deviationQuantilesUsdPerMwh)) : 0;
    const deviationScale = params.deviationScaleBySlot ? this.tables.doubles(params.deviationScaleBySlot) : 0;
    const spikeStartFactor = params.spikeStartFactorBySlot ? this.tables.doubles(params.spikeStartFactorBySlot) : 0;
    const levels = scarcityLevels ? this.tables.doubles(scarcityLevels) : 0;
    kernels.exports.powerSetParams(
      this.kernel.params,
      phi,
      params.deviationSdUsdPerMwh,
      Math.sqrt(1 - phi * phi),
      Math.sqrt(dayWeight),
      Math.sqrt(1 - dayWeight),
      params.spikeContinueProbability,
      params.spikeThresholdUsdPerMwh,
      1 / params.spikeParetoAlpha,
      params.capUsdPerMwh,
      params.floorUsdPerMwh,
      params.spikeProbabilityPerHour,
      dayWeight,
      dayPersistence,
      Math.sqrt(1 - dayPersistence * dayPersistence),
      params.spikeDaySensitivity ?? 0,
      scarcity ? scarcity.perYear / 365 : 0,
      scarcity ? scarcity.continueDayProbability : 0,
      scarcity?.levelPersistence ?? 0,
      params.yearRegime?.levelSdLog ?? 0,
      params.yearRegime?.spikeSdLog ?? 0,
      shape,
      deviationByLatent,
      deviationScale,
      spikeStartFactor,
      levels,
      scarcityLevels ? scarcityLevels.length : 0,
    );
  }

  get priceUsdPerMwhByHour(): Float64Array {
    return this.paths.path(0);
  }

  reserveHours(hours: number): void {
    this.paths.reserve(hours);
  }

  dispose(): void {
    this.lanes?.release();
    this.lanes = null;
    this.kernel.release();
    this.paths.release();
    this.tables.release();
    this.calendarBlocks?.release();
    this.calendar = null;
    this.calendarBlocks = null;
  }

  /** Starts a new path with no deviation from the shape. */
  reset(rng: RandomStream): void {
    this.rng = rng;
    this.kernel.kernels.exports.powerReset(this.kernel.params, this.kernel.state);
  }

  /** This process's hours from..to-1 and those of `others` (made with the same parameters) at once, in the kernel's SIMD lanes (powerHoursLanes): MarketProcess.stepHoursInLanes. */
  stepHoursInLanes(others: readonly MarketProcess<MarketCalendar>[], from: number, to: number, calendar: MarketCalendar): void {
    const count = others.length + 1;
    if (count > MARKET_LANES) throw new Error(`power: ${count} runs in lanes (at most ${MARKET_LANES})`);
    const lanes = (this.lanes ??= new KernelLanes());
    const blocks = this.calendarBlocksOf(calendar);
    for (let k = 0; k < count; k++) {
      const run = k === 0 ? this : (others[k - 1] as PowerPriceProcess);
      run.paths.reserve(to);
      lanes.setLane(k, run.kernel, run.rng.words, run.paths.at(0, from));
    }
    this.kernel.kernels.exports.powerHoursLanes(this.kernel.params, lanes.address, count, blocks.address[0], blocks.address[1], 0, from, to);
    for (let k = 0; k < count; k++) {
      const run = k === 0 ? this : (others[k - 1] as PowerPriceProcess);
      run.kernel.wordsOut(run.rng.words);
      run.priceUsdPerMwh = run.paths.path(0)[to - 1];
    }
  }

  /**
   * Advances one hour. Draws one normal and one uniform per hour; at each local midnight (and the
   * first hour) one normal for the day level and one uniform for scarcity events when those are on,
   * and one normal for the level of a scarcity-event day; with a year regime, two normals at the
   * first hour and at each local new year.
   */
  step(hour: number, shapeSlot: number): void {
    this.advance(hour, hour + 1, 0, 0, shapeSlot);
  }

  stepHours(from: number, to: number, calendar: MarketCalendar): void {
    const blocks = this.calendarBlocksOf(calendar);
    this.advance(from, to, blocks.address[0], blocks.address[1], 0);
  }

  /** The calendar's months and hours, copied to the kernels' memory once per calendar. */
  private calendarBlocksOf(calendar: MarketCalendar): KernelTables {
    if (calendar !== this.calendar) {
      this.calendarBlocks?.release();
      const blocks = new KernelTables();
      blocks.bytes(calendar.localMonth);
      blocks.bytes(calendar.localHour);
      this.calendar = calendar;
      this.calendarBlocks = blocks;
    }
    return this.calendarBlocks!;
  }

  /** Hours from..to-1, the shape slot of each from the local calendar at localMonth and localHour (or `slot` for all, when localMonth is 0). */
  private advance(from: number, to: number, localMonth: number, localHour: number, slot: number): void {
    const kernel = this.kernel;
    const paths = this.paths;
    paths.reserve(to);
    kernel.wordsIn(this.rng.words);
    kernel.kernels.exports.powerHours(kernel.params, kernel.state, kernel.words, paths.at(0, from), localMonth, localHour, slot, from, to);
    kernel.wordsOut(this.rng.words);
    this.priceUsdPerMwh = paths.path(0)[to - 1];
  }
}

/** Inverse CDF of a quantile table (values at probabilities (k + 0.5) / K) at u, linear between them. */
function quantileAt(quantiles: ArrayLike<number>, u: number): number {
  const position = u * quantiles.length - 0.5;
  const last = quantiles.length - 1;
  if (position <= 0) return quantiles[0];
  if (position >= last) return quantiles[last];
  const i = position | 0;
  return quantiles[i] + (quantiles[i + 1] - quantiles[i]) * (position - i);
}

/** Replay: each hour's price comes from a precomputed hourly path. */
export class PowerReplayProcess implements PowerPriceModel {
  priceUsdPerMwh = 0;
  priceUsdPerMwhByHour = new Float64Array(0);

  constructor(private readonly hourlyPriceUsdPerMwh: Float64Array) {}

  reset(_rng: RandomStream): void {}

  step(hour: number): void {
    this.priceUsdPerMwh = this.hourlyPriceUsdPerMwh[hour];
  }

  stepHours(from: number, to: number, calendar: MarketCalendar): void {
    stepPowerHours(this, from, to, calendar);
  }
}

/** Where bootstrap days come from: the file's whole UTC days, and for each day of year the days that may stand in for it. */
export interface DayPool {
  /** Hourly prices of the file, from its first whole UTC day. */
  hourlyUsdPerMwh: Float64Array;
  /** Candidates for day of year d (0-365): days candidateDays[candidateStart[d] .. candidateStart[d + 1]). */
  candidateStart: Int32Array;
  candidateDays: Int32Array;
  /** UTC hour of day and day of year of each simulated hour. */
  utcHour: Uint8Array;
  utcDayOfYear: Uint16Array;
}

/** Season-preserving bootstrap of whole days: a random day near the same day of year, drawn at each UTC midnight. */
export class PowerBootstrapProcess implements PowerPriceModel {
  priceUsdPerMwh = 0;
  priceUsdPerMwhByHour = new Float64Array(0);
  private rng!: RandomStream;
  private dayOffset = 0;

  constructor(private readonly pool: DayPool) {}

  reset(rng: RandomStream): void {
    this.rng = rng;
  }

  step(hour: number): void {
    const pool = this.pool;
    const utcHour = pool.utcHour[hour];
    if (hour === 0 || utcHour === 0) {
      const doy = pool.utcDayOfYear[hour];
      const from = pool.candidateStart[doy];
      const count = pool.candidateStart[doy + 1] - from;
      this.dayOffset = pool.candidateDays[from + Math.floor(this.rng.uniform() * count)] * 24;
    }
    this.priceUsdPerMwh = pool.hourlyUsdPerMwh[this.dayOffset + utcHour];
  }

  stepHours(from: number, to: number, calendar: MarketCalendar): void {
    stepPowerHours(this, from, to, calendar);
  }
}

export const LATENT_RANGE = 6;
export const LATENT_STEPS = 4096;

/** The deviation for latent values on a fine grid: quantile table interpolated at normalCdf(z). */
export function deviationByLatentTable(quantiles: readonly number[]): Float64Array {
  const table = new Float64Array(LATENT_STEPS + 1);
  for (let k = 0; k <= LATENT_STEPS; k++) table[k] = quantileAt(quantiles, normalCdf(-LATENT_RANGE + (2 * LATENT_RANGE * k) / LATENT_STEPS));
  return table;
}

/** Standard normal CDF (Abramowitz and Stegun 26.2.17, absolute error below 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = 0.3989422804014327 * Math.exp(-0.5 * z * z) * poly;
  return z >= 0 ? 1 - tail : tail;
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
