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
  /** The price path (0) and the ln price path (1), where the kernel writes them. */
  protected readonly paths = new KernelPaths(2);
  /** The lanes block, when this process steps others with it (stepHoursInLanes), made when first needed. */
  private lanes: KernelLanes | null = null;

  /** kernel: the stream's words and the kernel's state (the price, its ln and the model's own state). */
  constructor(
    protected readonly kernel: KernelBlocks,
    private readonly startPriceUsd: number,
  ) {}

  get priceUsdByHour(): Float64Array {
    return this.paths.path(0);
  }

  get logPriceByHour(): Float64Array {
    return this.paths.path(1);
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
    this.logPrice = Math.log(this.startPriceUsd);
    this.priceUsd = this.startPriceUsd;
    this.resetState(rng);
    this.afterSteps();
  }

  /** Advances one hour (hour 0 keeps the start price). */
  step(hour: number): void {
    this.stepHours(hour, hour + 1);
  }

  /** Hours from..to-1, by the model's kernel. */
  stepHours(from: number, to: number, _calendar?: MarketCalendar): void {
    const kernel = this.kernel;
    this.paths.reserve(to);
    kernel.wordsIn(this.rng.words);
    this.runKernel(from, to);
    kernel.wordsOut(this.rng.words);
    this.afterKernel(to);
  }

  /** This process's hours from..to-1 and those of `others` (made with the same parameters) at once, in the kernel's SIMD lanes (btcHoursLanes): MarketProcess.stepHoursInLanes. */
  stepHoursInLanes(others: readonly MarketProcess<MarketCalendar>[], from: number, to: number, _calendar?: MarketCalendar): void {
    const count = others.length + 1;
    if (count > MARKET_LANES) throw new Error(`btc: ${count} runs in lanes (at most ${MARKET_LANES})`);
    const lanes = (this.lanes ??= new KernelLanes());
    for (let k = 0; k < count; k++) {
      const run = k === 0 ? this : (others[k - 1] as BtcKernelProcess);
      run.paths.reserve(to);
      lanes.setLane(k, run.kernel, run.rng.words, run.paths.at(0, from), run.paths.at(1, from));
    }
    this.runLanes(lanes.address, count, from, to);
    for (let k = 0; k < count; k++) {
      const run = k === 0 ? this : (others[k - 1] as BtcKernelProcess);
      run.kernel.wordsOut(run.rng.words);
      run.afterKernel(to);
    }
  }

  /** After the kernel: the price and its ln in force at hour to - 1, and the model's own. */
  private afterKernel(to: number): void {
    this.priceUsd = this.paths.path(0)[to - 1];
    this.logPrice = this.paths.path(1)[to - 1];
    this.afterSteps();
  }

  /** Writes a new run's start into the kernel's state (drawing from rng what the model draws at its start). */
  protected abstract resetState(rng: RandomStream): void;
  /** The model's kernel over hours from..to-1 (the stream's words handed to it). */
  protected abstract runKernel(from: number, to: number): void;
  /** The model's kernel over hours from..to-1 of `count` runs in SIMD lanes (the lanes block at `lanes`). */
  protected abstract runLanes(lanes: number, count: number, from: number, to: number): void;
  /** What the model reads back from the kernel's state after a reset or steps. */
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
    super(new KernelBlocks(16), params.startPriceUsd);
    // driftPerYear is the drift of ln P with the jumps' mean included, so the diffusion carries the rest.
    this.driftPerHour = (params.driftPerYear - (params.jumps?.perYear ?? 0) * (params.jumps?.meanLog ?? 0)) * YEARS_PER_HOUR;
    this.sdPerHour = params.volatilityPerYear * Math.sqrt(YEARS_PER_HOUR);
    this.jumpProbabilityPerHour = (params.jumps?.perYear ?? 0) * YEARS_PER_HOUR;
    this.jumpMeanLog = params.jumps?.meanLog ?? 0;
    this.jumpSdLog = params.jumps?.sdLog ?? 0;
  }

  protected resetState(_rng: RandomStream): void {
    this.kernel.kernels.exports.gbmReset(this.kernel.state, this.params.startPriceUsd, Math.log(this.params.startPriceUsd));
  }

  protected runKernel(from: number, to: number): void {
    const kernel = this.kernel;
    kernel.kernels.exports.gbmHours(kernel.state, kernel.words, this.paths.at(0, from), this.paths.at(1, from), from, to, this.driftPerHour, this.sdPerHour, this.jumpProbabilityPerHour, this.jumpMeanLog, this.jumpSdLog);
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
    super(new KernelBlocks(32), params.startPriceUsd);
    const j = params.jumps;
    this.driftPerHour = (params.driftPerYear - j.perYear * j.meanLog) * YEARS_PER_HOUR;
    this.sdPerHour = params.volatilityPerYear * Math.sqrt(YEARS_PER_HOUR);
    this.persistence = Math.pow(2, -1 / (24 * params.volatilityHalfLifeDays));
    this.innovationSd = params.volatilitySdLog * Math.sqrt(1 - this.persistence * this.persistence);
    this.jumpProbabilityPerHour = j.perYear * YEARS_PER_HOUR;
  }

  /** A new path: v drawn from its stationary law N(0, s^2) (a normal from the run's stream), the start price. */
  protected resetState(rng: RandomStream): void {
    const s = this.params.volatilitySdLog;
    const logVolatility = s * rng.normal();
    const startPriceUsd = this.params.startPriceUsd;
    this.kernel.kernels.exports.svReset(this.kernel.state, startPriceUsd, Math.log(startPriceUsd), logVolatility, Math.exp(logVolatility - s * s));
  }

  /**
   * Hours from..to-1: v moves by its AR(1), e^{v - s^2} by e^{dv} (one small exp an hour instead of
   * a full one), ln P by driftPerHour + sdPerHour e^{v - s^2} z (+ a jump), the price by e^change.
   */
  protected runKernel(from: number, to: number): void {
    const jumps = this.params.jumps;
    const kernel = this.kernel;
    kernel.kernels.exports.svHours(kernel.state, kernel.words, this.paths.at(0, from), this.paths.at(1, from), from, to, this.persistence, this.innovationSd, this.driftPerHour, this.sdPerHour, this.jumpProbabilityPerHour, jumps.meanLog, jumps.sdLog);
  }

  protected runLanes(lanes: number, count: number, from: number, to: number): void {
    const jumps = this.params.jumps;
    this.kernel.kernels.exports.btcHoursLanes(1, lanes, count, from, to, this.persistence, this.innovationSd, this.driftPerHour, this.sdPerHour, this.jumpProbabilityPerHour, jumps.meanLog, jumps.sdLog);
  }

  protected override afterSteps(): void {
    this.volatilityFactor = this.kernel.kernels.exports.svVolatilityFactor(this.kernel.state);
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
