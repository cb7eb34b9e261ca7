// BTC/USD price: Brownian motion of the log price (GBM) with optional Merton jumps,
// one step per hour: ln P(h+1) = ln P(h) + (mu - lambda * m)/8760 + sigma * sqrt(1/8760) * z
// (+ a jump N(m, s^2) with probability lambda/8760), so that ln P drifts by mu a year in all.
import type { RandomStream } from "../engine/random";
import { MARKET_LANES, pathOf, type MarketCalendar, type MarketProcess } from "./process";
import { KernelBlocks, KernelLanes, KernelPaths } from "./wasm";

/** What the hour loop needs of any BTC price model. */
/** A BTC price process (gbm, sv, replay, bootstrap): the shared MarketProcess, with the hour's price. */
export interface BtcPriceModel extends MarketProcess {
  /** BTC price in force this hour, USD. */
  priceUsd: number;
  /** ln(priceUsd). */
  logPrice: number;
  /** priceUsd and logPrice of each hour stepped by stepHours, at index h. */
  priceUsdByHour: Float64Array;
  logPriceByHour: Float64Array;
}

/** Steps a BTC price model through hours from..to-1, keeping each hour's price and its ln. */
function stepBtcHours(model: BtcPriceModel, from: number, to: number): void {
  const price = (model.priceUsdByHour = pathOf(model.priceUsdByHour, to));
  const logPrice = (model.logPriceByHour = pathOf(model.logPriceByHour, to));
  for (let h = from; h < to; h++) {
    model.step(h, 0);
    price[h] = model.priceUsd;
    logPrice[h] = model.logPrice;
  }
}

export interface BtcPriceParams {
  startPriceUsd: number;
  driftPerYear: number;
  volatilityPerYear: number;
  jumps?: { perYear: number; meanLog: number; sdLog: number };
}

const YEARS_PER_HOUR = 1 / 8760;

/**
 * What the BTC price processes run as WebAssembly kernels share: the price and its ln in force,
 * the stream, the kernel's state and the two paths (price, ln price) where it writes them.
 */
abstract class BtcKernelProcess implements BtcPriceModel {
  /** BTC price in force this hour, USD. */
  priceUsd = 0;
  /** ln(priceUsd). */
  logPrice = 0;
  protected rng!: RandomStream;
  /** Lane k's price path (2k) and ln price path (2k + 1), where the kernel writes them: lane 0's for a run stepped alone. */
  protected readonly paths = new KernelPaths(2 * MARKET_LANES);
  /** The state and words of the run in use: `kernel`'s, or its lane's after useLane. */
  protected current: KernelBlocks;
  /** Each lane's state and words (lane 0's are `kernel`), made when first needed; the lanes' streams; the lane in use and the hours stepped in lanes (0 when reset alone). */
  private lanes: KernelLanes | null = null;
  private readonly laneRngs: RandomStream[] = [];
  private lane = 0;
  private laneHours = 0;

  /** kernel: the stream's words and the kernel's state (the price, its ln and the model's own state), of stateBytes. */
  constructor(
    protected readonly kernel: KernelBlocks,
    private readonly stateBytes: number,
    private readonly startPriceUsd: number,
  ) {
    this.current = kernel;
  }

  get priceUsdByHour(): Float64Array {
    return this.paths.path(2 * this.lane);
  }

  get logPriceByHour(): Float64Array {
    return this.paths.path(2 * this.lane + 1);
  }

  reserveHours(hours: number): void {
    this.paths.reserve(hours);
  }

  dispose(): void {
    this.lanes?.release();
    this.lanes = null;
    this.kernel.release();
    this.paths.release();
  }

  /** Starts a new path: the price of hour 0 is the start price. */
  reset(rng: RandomStream): void {
    this.rng = rng;
    this.current = this.kernel;
    this.lane = 0;
    this.laneHours = 0;
    this.logPrice = Math.log(this.startPriceUsd);
    this.priceUsd = this.startPriceUsd;
    this.resetState(this.kernel.state, rng);
    this.afterSteps();
  }

  /** Advances one hour (hour 0 keeps the start price). */
  step(hour: number): void {
    this.stepHours(hour, hour + 1);
  }

  /** Hours from..to-1, by the model's kernel. A run stepped in lanes (useLane) has its paths through laneHours already. */
  stepHours(from: number, to: number, _calendar?: MarketCalendar): void {
    if (from < this.laneHours) from = this.laneHours;
    if (from >= to) return;
    const run = this.current;
    this.paths.reserve(to);
    run.wordsIn(this.rng.words);
    this.runKernel(run.state, run.words, this.paths.at(2 * this.lane, from), this.paths.at(2 * this.lane + 1, from), from, to);
    run.wordsOut(this.rng.words);
    this.priceUsd = this.paths.path(2 * this.lane)[to - 1];
    this.logPrice = this.paths.path(2 * this.lane + 1)[to - 1];
    this.afterSteps();
  }

  /** Up to MARKET_LANES runs at once in the kernel's SIMD lanes (btcHoursLanes): see MarketProcess.stepRunsInLanes. */
  stepRunsInLanes(rngs: readonly RandomStream[], hours: number, _calendar?: MarketCalendar): void {
    const count = rngs.length;
    if (count < 1 || count > MARKET_LANES) throw new Error(`btc: ${count} runs in lanes (1 to ${MARKET_LANES})`);
    const lanes = (this.lanes ??= new KernelLanes(this.kernel, this.stateBytes));
    this.paths.reserve(hours);
    for (let k = 0; k < count; k++) {
      // Each run's start, as reset() makes it (with stochastic volatility, a draw from its stream), then its words to the kernel.
      this.resetState(lanes.lanes[k].state, rngs[k]);
      lanes.setLane(k, rngs[k].words, this.paths.at(2 * k, 0), this.paths.at(2 * k + 1, 0));
      this.laneRngs[k] = rngs[k];
    }
    this.runLanes(lanes.address, count, 0, hours);
    for (let k = 0; k < count; k++) lanes.lanes[k].wordsOut(rngs[k].words);
    this.laneHours = hours;
  }

  /** Run k of the last stepRunsInLanes as this process's run, stepped through its hours. */
  useLane(k: number): void {
    this.current = this.lanes!.lanes[k];
    this.rng = this.laneRngs[k];
    this.lane = k;
    this.priceUsd = this.paths.path(2 * k)[this.laneHours - 1];
    this.logPrice = this.paths.path(2 * k + 1)[this.laneHours - 1];
    this.afterSteps();
  }

  /** Writes a new run's start into a kernel state (drawing from rng what the model draws at its start). */
  protected abstract resetState(state: number, rng: RandomStream): void;
  /** The model's kernel over hours from..to-1 of one run. */
  protected abstract runKernel(state: number, words: number, pricePath: number, logPricePath: number, from: number, to: number): void;
  /** The model's kernel over hours from..to-1 of `count` runs in SIMD lanes (the lanes block at `lanes`). */
  protected abstract runLanes(lanes: number, count: number, from: number, to: number): void;
  /** What the model reads back from the state of the run in use after a reset or steps. */
  protected afterSteps(): void {}
}

/**
 * Hourly BTC price. step() moves priceUsd to the next hour. The hours themselves are
 * src/markets/assembly/btc.ts's gbmHours (WebAssembly: src/markets/wasm.ts), or btc-lanes.ts's
 * btcHoursLanes for runs stepped in lanes.
 */
export class BtcPriceProcess extends BtcKernelProcess {
  private readonly driftPerHour: number;
  private readonly sdPerHour: number;
  private readonly jumpProbabilityPerHour: number;
  private readonly jumpMeanLog: number;
  private readonly jumpSdLog: number;

  constructor(private readonly params: BtcPriceParams) {
    // The kernel carries the price and its ln.
    super(new KernelBlocks(16), 16, params.startPriceUsd);
    // driftPerYear is the drift of ln P with the jumps' mean included, so the diffusion carries the rest.
    this.driftPerHour = (params.driftPerYear - (params.jumps?.perYear ?? 0) * (params.jumps?.meanLog ?? 0)) * YEARS_PER_HOUR;
    this.sdPerHour = params.volatilityPerYear * Math.sqrt(YEARS_PER_HOUR);
    this.jumpProbabilityPerHour = (params.jumps?.perYear ?? 0) * YEARS_PER_HOUR;
    this.jumpMeanLog = params.jumps?.meanLog ?? 0;
    this.jumpSdLog = params.jumps?.sdLog ?? 0;
  }

  protected resetState(state: number, _rng: RandomStream): void {
    this.kernel.kernels.exports.gbmReset(state, this.params.startPriceUsd, Math.log(this.params.startPriceUsd));
  }

  protected runKernel(state: number, words: number, pricePath: number, logPricePath: number, from: number, to: number): void {
    this.kernel.kernels.exports.gbmHours(state, words, pricePath, logPricePath, from, to, this.driftPerHour, this.sdPerHour, this.jumpProbabilityPerHour, this.jumpMeanLog, this.jumpSdLog);
  }

  protected runLanes(lanes: number, count: number, from: number, to: number): void {
    this.kernel.kernels.exports.btcHoursLanes(0, lanes, count, from, to, 0, 0, this.driftPerHour, this.sdPerHour, this.jumpProbabilityPerHour, this.jumpMeanLog, this.jumpSdLog);
  }
}

export interface BtcSvParams {
  startPriceUsd: number;
  driftPerYear: number;
  /** Long-run volatility of the diffusion per square-root year (the mean of its square is this squared). */
  volatilityPerYear: number;
  /** Standard deviation of ln(volatility) around its long-run level. */
  volatilitySdLog: number;
  /** Half-life of ln(volatility)'s deviations, days. */
  volatilityHalfLifeDays: number;
  jumps: { perYear: number; meanLog: number; sdLog: number };
}

/**
 * Stochastic volatility: the diffusion's volatility is sigma * e^{v - s^2} where v, an AR(1) in
 * hours with stationary sd s and a half-life of days, carries calm and turbulent spells (so that
 * E[volatility^2] = sigma^2), plus Merton jumps. ln P drifts by driftPerYear, jumps included:
 *   v(h) = phi v(h-1) + s sqrt(1 - phi^2) z1,   phi = 2^(-1 / (24 halfLifeDays))
 *   ln P(h) = ln P(h-1) + (mu - lambda m)/8760 + sigma e^{v - s^2} sqrt(1/8760) z2 (+ jump)
 * A run starts with v drawn from its stationary distribution.
 */
export class BtcSvProcess extends BtcKernelProcess {
  /** e^{v - s^2}: this hour's volatility relative to the long-run level. */
  volatilityFactor = 1;
  private readonly driftPerHour: number;
  private readonly sdPerHour: number;
  private readonly persistence: number;
  private readonly innovationSd: number;
  private readonly jumpProbabilityPerHour: number;

  constructor(private readonly params: BtcSvParams) {
    // The kernel carries the price, its ln, v and e^{v - s^2}.
    super(new KernelBlocks(32), 32, params.startPriceUsd);
    const j = params.jumps;
    this.driftPerHour = (params.driftPerYear - j.perYear * j.meanLog) * YEARS_PER_HOUR;
    this.sdPerHour = params.volatilityPerYear * Math.sqrt(YEARS_PER_HOUR);
    this.persistence = Math.pow(2, -1 / (24 * params.volatilityHalfLifeDays));
    this.innovationSd = params.volatilitySdLog * Math.sqrt(1 - this.persistence * this.persistence);
    this.jumpProbabilityPerHour = j.perYear * YEARS_PER_HOUR;
  }

  /** A new path: v drawn from its stationary law N(0, s^2) (a normal from the run's stream), the start price. */
  protected resetState(state: number, rng: RandomStream): void {
    const s = this.params.volatilitySdLog;
    const logVolatility = s * rng.normal();
    const startPriceUsd = this.params.startPriceUsd;
    this.kernel.kernels.exports.svReset(state, startPriceUsd, Math.log(startPriceUsd), logVolatility, Math.exp(logVolatility - s * s));
  }

  /**
   * Hours from..to-1: v moves by its AR(1), e^{v - s^2} by e^{dv} (one small exp an hour instead of
   * a full one), ln P by driftPerHour + sdPerHour e^{v - s^2} z (+ a jump), the price by e^change.
   */
  protected runKernel(state: number, words: number, pricePath: number, logPricePath: number, from: number, to: number): void {
    const jumps = this.params.jumps;
    this.kernel.kernels.exports.svHours(state, words, pricePath, logPricePath, from, to, this.persistence, this.innovationSd, this.driftPerHour, this.sdPerHour, this.jumpProbabilityPerHour, jumps.meanLog, jumps.sdLog);
  }

  protected runLanes(lanes: number, count: number, from: number, to: number): void {
    const jumps = this.params.jumps;
    this.kernel.kernels.exports.btcHoursLanes(1, lanes, count, from, to, this.persistence, this.innovationSd, this.driftPerHour, this.sdPerHour, this.jumpProbabilityPerHour, jumps.meanLog, jumps.sdLog);
  }

  protected override afterSteps(): void {
    this.volatilityFactor = this.kernel.kernels.exports.svVolatilityFactor(this.current.state);
  }
}

/** Replay: the price of each hour comes from a precomputed hourly path. */
export class BtcReplayProcess implements BtcPriceModel {
  priceUsd = 0;
  logPrice = 0;
  priceUsdByHour = new Float64Array(0);
  logPriceByHour = new Float64Array(0);

  /** hourlyPriceUsd: one value per simulated hour. */
  constructor(private readonly hourlyPriceUsd: Float64Array) {}

  reset(_rng: RandomStream): void {
    this.step(0);
  }

  step(hour: number): void {
    this.priceUsd = this.hourlyPriceUsd[hour];
    this.logPrice = Math.log(this.priceUsd);
  }

  stepHours(from: number, to: number, _calendar: MarketCalendar): void {
    stepBtcHours(this, from, to);
  }
}

/**
 * Block bootstrap of daily log returns: every 24 hours from the start the next day's return is
 * taken from the current block of consecutive historical days (a new random block every
 * blockDays), and spread evenly over the day's hours.
 */
export class BtcBootstrapProcess implements BtcPriceModel {
  priceUsd = 0;
  logPrice = 0;
  priceUsdByHour = new Float64Array(0);
  logPriceByHour = new Float64Array(0);
  private rng!: RandomStream;
  private blockStart = 0;
  private positionInBlock = 0;
  private returnPerHour = 0;
  private readonly blockDays: number;

  constructor(
    private readonly dailyLogReturns: Float64Array,
    blockDays: number,
    private readonly startPriceUsd: number,
  ) {
    this.blockDays = Math.min(blockDays, dailyLogReturns.length);
  }

  reset(rng: RandomStream): void {
    this.rng = rng;
    this.logPrice = Math.log(this.startPriceUsd);
    this.priceUsd = this.startPriceUsd;
    this.positionInBlock = this.blockDays;
  }

  step(hour: number): void {
    if (hour % 24 === 0) {
      if (this.positionInBlock === this.blockDays) {
        this.blockStart = Math.floor(this.rng.uniform() * (this.dailyLogReturns.length - this.blockDays + 1));
        this.positionInBlock = 0;
      }
      this.returnPerHour = this.dailyLogReturns[this.blockStart + this.positionInBlock] / 24;
      this.positionInBlock++;
    }
    if (hour === 0) return;
    this.logPrice += this.returnPerHour;
    this.priceUsd = Math.exp(this.logPrice);
  }

  stepHours(from: number, to: number, _calendar: MarketCalendar): void {
    stepBtcHours(this, from, to);
  }
}
