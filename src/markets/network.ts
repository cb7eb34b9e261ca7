// The Bitcoin network: hashrate (a log trend with noise), block height, difficulty
// retargets every 2016 blocks (clamped to x4 either way), and the subsidy halving every
// 210,000 blocks. Halvings and retargets are crossings of block height, so their timing
// follows hashrate: faster growth brings them earlier.
import { expOf } from "../engine/fastmath";
import { RandomStream } from "../engine/random";
import { HashrateSupply, type HashrateSupplyParams } from "./hashrate-supply";
import { FeeProcess } from "./fees";
import type { MarketProcess } from "./process";
import { doubleSlot, KernelBlocks, KernelPaths, KernelTables, marketKernels, type MarketKernelExports } from "./wasm";

export const BLOCKS_PER_RETARGET = 2016;
export const TARGET_BLOCK_SECONDS = 600;
export const BLOCKS_PER_HALVING = 210_000;
export const SATOSHI_PER_BTC = 100_000_000;
const INITIAL_SUBSIDY_SAT = 50 * SATOSHI_PER_BTC;
const TWO_POW_32 = 4294967296;
const YEARS_PER_HOUR = 1 / 8760;
const YEARS_PER_DAY = 24 / 8760;
/** ln(1e12): hashes/s per TH/s. */
const LN_TH = Math.log(1e12);

// The three rules below are applied hour by hour by the network's kernel (src/markets/assembly/network.ts,
// the same arithmetic); here they set a run's start state and stand as the tests' reference.

/** Block subsidy in satoshis at a height: 50 BTC shifted right once per 210,000 blocks. */
export function subsidySatAtHeight(height: number): number {
  const halvings = Math.floor(height / BLOCKS_PER_HALVING);
  if (halvings >= 64) return 0;
  return Math.floor(INITIAL_SUBSIDY_SAT / 2 ** halvings);
}

/** Expected blocks per hour at network hashrate (hashes/s) and difficulty: 3600 * H / (D * 2^32). */
export function expectedBlocksPerHour(hashrateHps: number, difficulty: number): number {
  return (3600 * hashrateHps) / (difficulty * TWO_POW_32);
}

/** The next difficulty after an epoch of 2016 blocks that took actualSeconds: D * clamp(2016*600/actual, 1/4, 4). */
export function retargetDifficulty(difficulty: number, actualSeconds: number): number {
  let ratio = (BLOCKS_PER_RETARGET * TARGET_BLOCK_SECONDS) / actualSeconds;
  if (ratio > 4) ratio = 4;
  else if (ratio < 0.25) ratio = 0.25;
  return difficulty * ratio;
}

/** Hashprice, USD per TH/s per day: (subsidy + fees) * price * 86400 * 1e12 / (D * 2^32). */
export function hashpriceUsdPerThDay(rewardBtcPerBlock: number, btcPriceUsd: number, difficulty: number): number {
  return (rewardBtcPerBlock * btcPriceUsd * 86400 * 1e12) / (difficulty * TWO_POW_32);
}

/** Mining revenue per MWh of ASIC energy at a hashprice and efficiency: hashprice/24 * 1e6 / (J/TH). */
export function revenueUsdPerMwh(hashpriceUsdPerThDayValue: number, efficiencyJPerTh: number): number {
  return ((hashpriceUsdPerThDayValue / 24) * 1e6) / efficiencyJPerTh;
}

export interface NetworkParams {
  startHeight: number;
  startDifficulty: number;
  startHashrateEhs: number;
  hashrate:
    | { model: "trend"; growthPerYear: number; volatilityPerYear: number }
    | { model: "responsive"; lagYears: number; efficiencyGainPerYear: number; volatilityPerYear: number }
    | ({ model: "supply"; startOrderHashpriceUsdPerPhDay: number; costsAsOf: string } & HashrateSupplyParams);
  /** Fees per block, BTC: the long-run mean when feeVariation is given. */
  feesBtcPerBlock: number;
  feeVariation?: { fastHalfLifeDays: number; fastSdLog: number; slowHalfLifeDays: number; slowSdLog: number } | null;
  blockArrivals: "expected" | "poisson";
}

const EXPECTED_BLOCKS_PER_DAY = 144;

/** Network state, advanced hour by hour: the shared MarketProcess (its step moves the hashrate), and mineHour for the blocks. */
export class NetworkProcess implements MarketProcess<Float64Array> {
  /** Blocks mined so far (the next block's height), fractional when arrivals are expected values. */
  height = 0;
  /** Difficulty in force. */
  difficulty = 0;
  /** Network hashrate this hour, hashes per second. */
  hashrateHps = 0;
  /** Subsidy in force, BTC per block. */
  subsidyBtc = 0;
  /** Halvings crossed since the start of the run. */
  halvingsCrossed = 0;
  /** Hour (fractional) of the first halving crossed; NaN if none yet. */
  firstHalvingHour = NaN;
  secondHalvingHour = NaN;
  thirdHalvingHour = NaN;
  /** Retargets since the start of the run. */
  retargets = 0;
  /** Fees per block in force, BTC (moves once a day with feeVariation). */
  feesBtcPerBlock = 0;
  /** Each hour stepped by stepHours, at index h: difficulty, subsidy and fees (BTC per block), hashrate (hashes/s) and the height before its blocks. */
  get difficultyByHour(): Float64Array {
    return this.paths.path(0);
  }
  get subsidyBtcByHour(): Float64Array {
    return this.paths.path(1);
  }
  get feesBtcPerBlockByHour(): Float64Array {
    return this.paths.path(2);
  }
  get hashrateHpsByHour(): Float64Array {
    return this.paths.path(3);
  }
  get heightByHour(): Float64Array {
    return this.paths.path(4);
  }

  reserveHours(hours: number): void {
    this.paths.reserve(hours);
  }

  dispose(): void {
    this.kernel.release();
    this.fees?.dispose();
    this.supply?.dispose();
    this.paths.release();
    this.tables.release();
  }
  private readonly fees: FeeProcess | null;
  /** The parameters, state and the stream's words in the kernels' memory; the replayed path there too. */
  private readonly kernel: KernelBlocks;
  /** Five paths out (difficulty, subsidy, fees, hashrate, height) and one in (ln BTC price: every hour for the responsive model, each day's first for the supply model), where the kernel reads and writes them. */
  private readonly paths = new KernelPaths(6);
  private readonly tables = new KernelTables();
  private readonly layout: ReturnType<typeof networkStateLayout>;
  /** step()'s one hour of ln BTC price. */
  private readonly onePrice = new Float64Array(1);
  /**
   * The path draws nothing and reads nothing of the run (a trend without noise, or recorded
   * difficulty and hashrate, with blocks at their expected number and constant fees), so every run
   * has the same one: computeWholePath steps it once for all of them.
   */
  readonly sameEveryRun: boolean;
  /** After computeWholePath: difficulty and subsidy in force after each hour's blocks, and at the start (what an event at hour h sees: the path as hour h - 1 left it). */
  private difficultyAfterHour: Float64Array | null = null;
  private subsidyBtcAfterHour: Float64Array | null = null;
  private startDifficultyInForce = 0;
  private startSubsidyBtc = 0;

  /** ln H of the trend and responsive models (the supply model keeps its own). */
  private logHashrate = 0;
  /** e^(the supply model's change of ln H for each hour of the day it was stepped in). */
  private supplyFactorPerHour = 1;
  private epochStartHour = 0;
  private nextRetargetHeight = 0;
  /** The next multiple of 210,000 above the height. */
  private nextHalvingHeight = 0;
  private rng!: RandomStream;
  private readonly supply: HashrateSupply | null;
  /** Blocks drawn as a Poisson count each hour (else the expected number). */
  private readonly poissonBlocks: boolean;
  private readonly supplyYearsAtStart: number;
  private readonly supplyStartLogOrderHashprice: number;
  private readonly responsive: boolean;
  private readonly growthPerHour: number;
  private readonly sdPerHour: number;
  /** A trend without noise, and e^(its change of ln H an hour). */
  private readonly steadyTrend: boolean;
  private readonly steadyTrendFactorPerHour: number;
  private readonly pullPerHour: number;
  private readonly logBreakevenDeclinePerHour: number;
  /** ln of the breakeven hashprice ($ per H/s per day) at the start: the start hashprice. */
  private logStartBreakeven = 0;
  /** ln((subsidy + fees) * 144), refreshed when the subsidy halves. */
  private logRewardBtcPerDay = 0;
  /**
   * ln of the hour's BTC price, set by the caller before each step (a field rather than an
   * argument: a double passed to a call that is not inlined is boxed, an allocation an hour).
   */
  btcLogPriceUsd = 0;

  /**
   * replay: recorded difficulty and hashrate (hashes/s) for every simulated hour; when given they
   * replace the hashrate model and the retargets.
   */
  constructor(
    private readonly params: NetworkParams,
    private readonly replay?: { difficulty: Float64Array; hashrateHps: Float64Array },
    /** The run's start, ISO 8601 (the supply model's costs are stated as of a date). */
    startIso = "2025-01-01T00:00:00Z",
    /** BTC price at the start, USD: sets the responsive and supply models' starting breakeven hashprice. */
    private readonly startBtcPriceUsd = 60_000,
  ) {
    const model = params.hashrate;
    this.poissonBlocks = params.blockArrivals === "poisson";
    this.responsive = model.model === "responsive";
    this.supply = model.model === "supply" ? new HashrateSupply(model) : null;
    this.supplyYearsAtStart = model.model === "supply" ? (Date.parse(startIso) - Date.parse(model.costsAsOf.length === 10 ? `${model.costsAsOf}T00:00:00Z` : model.costsAsOf)) / (365.25 * 86_400_000) : 0;
    this.supplyStartLogOrderHashprice = model.model === "supply" ? Math.log(model.startOrderHashpriceUsdPerPhDay / 1000) : 0;
    this.growthPerHour = model.model === "trend" ? model.growthPerYear * YEARS_PER_HOUR : 0;
    this.pullPerHour = model.model === "responsive" ? YEARS_PER_HOUR / model.lagYears : 0;
    this.logBreakevenDeclinePerHour = model.model === "responsive" ? model.efficiencyGainPerYear * YEARS_PER_HOUR : 0;
    this.sdPerHour = model.model === "supply" ? 0 : model.volatilityPerYear * Math.sqrt(YEARS_PER_HOUR);
    this.steadyTrend = model.model === "trend" && this.sdPerHour === 0;
    this.steadyTrendFactorPerHour = expOf(this.growthPerHour);
    this.fees = params.feeVariation ? new FeeProcess({ meanBtcPerBlock: params.feesBtcPerBlock, ...params.feeVariation }) : null;
    this.sameEveryRun = !this.poissonBlocks && this.fees === null && (replay !== undefined || this.steadyTrend);
    const kernels = marketKernels();
    const exports = kernels.exports;
    this.kernel = new KernelBlocks(exports.NET_STATE_BYTES.value, exports.NET_PARAMS_BYTES.value);
    this.layout = networkStateLayout(exports);
    const replayDifficulty = replay ? this.tables.doubles(replay.difficulty) : 0;
    const replayHashrate = replay ? this.tables.doubles(replay.hashrateHps) : 0;
    exports.networkSetParams(
      this.kernel.params,
      replay ? 3 : model.model === "supply" ? 2 : model.model === "responsive" ? 1 : 0,
      this.poissonBlocks ? 1 : 0,
      this.fees !== null ? 1 : 0,
      this.growthPerHour,
      this.sdPerHour,
      this.steadyTrend ? 1 : 0,
      this.steadyTrendFactorPerHour,
      this.pullPerHour,
      this.logBreakevenDeclinePerHour,
      this.supplyYearsAtStart,
      replayDifficulty,
      replayHashrate,
    );
    exports.networkSetDaily(
      this.kernel.params,
      this.fees?.kernel.params ?? 0,
      this.fees?.kernel.state ?? 0,
      this.supply?.kernel.params ?? 0,
      this.supply?.kernel.state ?? 0,
      LN_TH,
      YEARS_PER_DAY,
    );
  }

  /**
   * Starts a new path at the scenario's start state. The current epoch's start is estimated from
   * the start hashrate. The start BTC price (a constructor argument) sets the responsive model's
   * starting breakeven hashprice.
   */
  reset(rng: RandomStream): void {
    const startBtcPriceUsd = this.startBtcPriceUsd;
    const p = this.params;
    this.rng = rng;
    this.height = p.startHeight;
    this.difficulty = p.startDifficulty;
    this.hashrateHps = this.replay ? this.replay.hashrateHps[0] : p.startHashrateEhs * 1e18;
    if (this.replay) this.difficulty = this.replay.difficulty[0];
    this.logHashrate = Math.log(this.hashrateHps);
    this.supplyFactorPerHour = 1;
    this.subsidyBtc = subsidySatAtHeight(p.startHeight) / SATOSHI_PER_BTC;
    this.halvingsCrossed = 0;
    this.firstHalvingHour = NaN;
    this.secondHalvingHour = NaN;
    this.thirdHalvingHour = NaN;
    this.retargets = 0;
    if (this.fees) {
      this.fees.reset(rng);
      this.feesBtcPerBlock = this.fees.btcPerBlock;
    } else {
      this.feesBtcPerBlock = p.feesBtcPerBlock;
    }
    const epochStartHeight = Math.floor(p.startHeight / BLOCKS_PER_RETARGET) * BLOCKS_PER_RETARGET;
    this.nextRetargetHeight = epochStartHeight + BLOCKS_PER_RETARGET;
    this.nextHalvingHeight = (Math.floor(p.startHeight / BLOCKS_PER_HALVING) + 1) * BLOCKS_PER_HALVING;
    this.epochStartHour = -(p.startHeight - epochStartHeight) / expectedBlocksPerHour(this.hashrateHps, this.difficulty);
    this.logRewardBtcPerDay = Math.log((this.subsidyBtc + this.feesBtcPerBlock) * EXPECTED_BLOCKS_PER_DAY);
    this.logStartBreakeven = this.logRewardBtcPerDay + Math.log(startBtcPriceUsd) - this.logHashrate;
    if (this.supply) this.supply.reset(this.logHashrate, this.logStartBreakeven + LN_TH, this.supplyStartLogOrderHashprice, this.supplyYearsAtStart);
    this.stateToKernel();
  }

  /** The run's state, written to the kernel's state (after reset). */
  private stateToKernel(): void {
    const f64 = this.kernel.kernels.heap().f64;
    const at = this.kernel.state >> 3;
    const k = this.layout;
    f64[at + k.height] = this.height;
    f64[at + k.difficulty] = this.difficulty;
    f64[at + k.hashrateHps] = this.hashrateHps;
    f64[at + k.subsidyBtc] = this.subsidyBtc;
    f64[at + k.halvingsCrossed] = this.halvingsCrossed;
    f64[at + k.firstHalvingHour] = this.firstHalvingHour;
    f64[at + k.secondHalvingHour] = this.secondHalvingHour;
    f64[at + k.thirdHalvingHour] = this.thirdHalvingHour;
    f64[at + k.retargets] = this.retargets;
    f64[at + k.feesBtcPerBlock] = this.feesBtcPerBlock;
    f64[at + k.logHashrate] = this.logHashrate;
    f64[at + k.supplyFactorPerHour] = this.supplyFactorPerHour;
    f64[at + k.epochStartHour] = this.epochStartHour;
    f64[at + k.nextRetargetHeight] = this.nextRetargetHeight;
    f64[at + k.nextHalvingHeight] = this.nextHalvingHeight;
    f64[at + k.logRewardBtcPerDay] = this.logRewardBtcPerDay;
    f64[at + k.logStartBreakeven] = this.logStartBreakeven;
  }

  /** The kernel's state, read back into the fields (after each call). */
  private stateFromKernel(): void {
    const f64 = this.kernel.kernels.heap().f64;
    const at = this.kernel.state >> 3;
    const k = this.layout;
    this.height = f64[at + k.height];
    this.difficulty = f64[at + k.difficulty];
    this.hashrateHps = f64[at + k.hashrateHps];
    this.subsidyBtc = f64[at + k.subsidyBtc];
    this.halvingsCrossed = f64[at + k.halvingsCrossed];
    this.firstHalvingHour = f64[at + k.firstHalvingHour];
    this.secondHalvingHour = f64[at + k.secondHalvingHour];
    this.thirdHalvingHour = f64[at + k.thirdHalvingHour];
    this.retargets = f64[at + k.retargets];
    this.feesBtcPerBlock = f64[at + k.feesBtcPerBlock];
    this.logHashrate = f64[at + k.logHashrate];
    this.supplyFactorPerHour = f64[at + k.supplyFactorPerHour];
    this.epochStartHour = f64[at + k.epochStartHour];
    this.nextRetargetHeight = f64[at + k.nextRetargetHeight];
    this.nextHalvingHeight = f64[at + k.nextHalvingHeight];
    this.logRewardBtcPerDay = f64[at + k.logRewardBtcPerDay];
  }

  /**
   * Moves to hour h: its hashrate (hour 0 keeps the start value), then its blocks, at the BTC price
   * set in btcLogPriceUsd.
   * trend: ln H grows by growthPerYear with noise.
   * responsive: ln H is pulled (time constant lagYears) toward the hashrate at which the network's
   * revenue per H/s equals a breakeven hashprice that starts at the start hashprice and falls by
   * efficiencyGainPerYear (better machines make lower hashprices viable).
   * supply: installed capacity built on past hashprice times the share switched on at this
   * hashprice (src/markets/hashrate-supply.ts), with the hashprice the network's hashrate implies;
   * it steps once a day, as it was fitted (src/calibrate/hashrate.ts: daily steps on daily
   * records), in the first hour of each day of the run (hours 1, 25, 49, ...) at that hour's
   * hashprice, and its change of ln H is spread evenly over that hour and the 23 after it.
   * Fees (with feeVariation) move once a day, at hours 24, 48, ...
   */
  step(hour: number): void {
    this.onePrice[0] = this.btcLogPriceUsd;
    this.stepHoursFrom(hour, hour + 1, this.onePrice, -hour);
  }

  /**
   * Steps hours from..to-1 at the BTC price path given (ln USD, at index h): each hour's hashrate,
   * its values kept in the path arrays, then its blocks mined: retargets and halvings take effect
   * from the next hour. The hours are src/markets/assembly/network.ts's networkHours (WebAssembly),
   * which steps the fee process and the supply model on their days (fees.ts, supply.ts there).
   */
  stepHours(from: number, to: number, btcLogPriceUsdByHour: Float64Array): void {
    this.stepHoursFrom(from, to, btcLogPriceUsdByHour, 0);
  }

  /** stepHours, the price of hour h at btcLogPriceUsdByHour[h + priceOffset]. */
  private stepHoursFrom(from: number, to: number, btcLogPriceUsdByHour: Float64Array, priceOffset: number): void {
    const kernel = this.kernel;
    const paths = this.paths;
    paths.reserve(to);
    // A price path read before a path grew in the kernels' memory is left empty (reserveHours first).
    if (btcLogPriceUsdByHour.length === 0 && to > from) throw new Error("NetworkProcess.stepHours: the BTC price path it was given is empty (a market path grew after it was read: reserve the hours first)");
    // The BTC price, copied to the kernel's memory: every hour for the responsive model, the first hour of each day (1, 25, ...) for the supply model.
    if (this.responsive || this.supply !== null) {
      const input = paths.path(5);
      const first = this.responsive ? from : from + ((((1 - from) % 24) + 24) % 24);
      const step = this.responsive ? 1 : 24;
      for (let h = first; h < to; h += step) input[h] = btcLogPriceUsdByHour[h + priceOffset];
    }
    kernel.wordsIn(this.rng.words);
    const diverged = kernel.kernels.exports.networkHours(kernel.params, kernel.state, kernel.words, from, to, paths.at(5, from), paths.at(0, from), paths.at(1, from), paths.at(2, from), paths.at(3, from), paths.at(4, from));
    kernel.wordsOut(this.rng.words);
    this.stateFromKernel();
    if (diverged >= 0) this.diverged(diverged, kernel.kernels.heap().f64[(kernel.state >> 3) + this.layout.divergedBlocks]);
  }

  /**
   * For a path that is the same in every run (sameEveryRun): resets and steps all hours 0..hours-1
   * once, keeping the path arrays, the state after the last hour (the run's final hashrate,
   * halvings and their hours) and what an event at each hour sees (difficultyAtEvent,
   * rewardBtcPerBlockAtEvent). The caller then neither resets nor steps it per run.
   */
  computeWholePath(hours: number): void {
    if (!this.sameEveryRun) throw new Error("computeWholePath: this network's path depends on the run");
    // Nothing is drawn from this stream (sameEveryRun).
    this.reset(new RandomStream("hashgrid:network path the same in every run"));
    this.startDifficultyInForce = this.difficulty;
    this.startSubsidyBtc = this.subsidyBtc;
    const difficultyAfter = (this.difficultyAfterHour = new Float64Array(hours));
    const subsidyAfter = (this.subsidyBtcAfterHour = new Float64Array(hours));
    const noPrices = new Float64Array(hours);
    // The path arrays at their full length first (stepHours keeps earlier hours only in arrays long enough).
    this.paths.reserve(hours);
    // In one block: what hour h's blocks leave in force is what hour h + 1 starts with.
    this.stepHours(0, hours, noPrices);
    const difficultyByHour = this.difficultyByHour;
    const subsidyBtcByHour = this.subsidyBtcByHour;
    for (let h = 0; h + 1 < hours; h++) {
      difficultyAfter[h] = difficultyByHour[h + 1];
      subsidyAfter[h] = subsidyBtcByHour[h + 1];
    }
    if (hours > 0) {
      difficultyAfter[hours - 1] = this.difficulty;
      subsidyAfter[hours - 1] = this.subsidyBtc;
    }
  }

  /** Difficulty in force at the start of hour h (as hour h - 1's blocks left it): the field, or with a whole path, its value then. */
  difficultyAtEvent(hour: number): number {
    const after = this.difficultyAfterHour;
    return after === null ? this.difficulty : hour > 0 ? after[hour - 1] : this.startDifficultyInForce;
  }

  /** Subsidy + fees per block in force at the start of hour h, BTC (as difficultyAtEvent). */
  rewardBtcPerBlockAtEvent(hour: number): number {
    const after = this.subsidyBtcAfterHour;
    return (after === null ? this.subsidyBtc : hour > 0 ? after[hour - 1] : this.startSubsidyBtc) + this.feesBtcPerBlock;
  }

  private diverged(hour: number, blocks: number): never {
    throw new Error(`model diverged: hour ${hour}: expected a finite number of blocks an hour (found ${blocks}, from a network hashrate of ${this.hashrateHps} H/s)`);
  }
}

/** Where each state value sits in the kernel's state, in doubles (the kernel exports its layout in bytes). */
function networkStateLayout(exports: MarketKernelExports) {
  return {
    height: doubleSlot(exports.NET_HEIGHT),
    difficulty: doubleSlot(exports.NET_DIFFICULTY),
    hashrateHps: doubleSlot(exports.NET_HASHRATE_HPS),
    subsidyBtc: doubleSlot(exports.NET_SUBSIDY_BTC),
    halvingsCrossed: doubleSlot(exports.NET_HALVINGS_CROSSED),
    firstHalvingHour: doubleSlot(exports.NET_FIRST_HALVING_HOUR),
    secondHalvingHour: doubleSlot(exports.NET_SECOND_HALVING_HOUR),
    thirdHalvingHour: doubleSlot(exports.NET_THIRD_HALVING_HOUR),
    retargets: doubleSlot(exports.NET_RETARGETS),
    feesBtcPerBlock: doubleSlot(exports.NET_FEES_BTC_PER_BLOCK),
    logHashrate: doubleSlot(exports.NET_LOG_HASHRATE),
    supplyFactorPerHour: doubleSlot(exports.NET_SUPPLY_FACTOR_PER_HOUR),
    epochStartHour: doubleSlot(exports.NET_EPOCH_START_HOUR),
    nextRetargetHeight: doubleSlot(exports.NET_NEXT_RETARGET_HEIGHT),
    nextHalvingHeight: doubleSlot(exports.NET_NEXT_HALVING_HEIGHT),
    logRewardBtcPerDay: doubleSlot(exports.NET_LOG_REWARD_BTC_PER_DAY),
    logStartBreakeven: doubleSlot(exports.NET_LOG_START_BREAKEVEN),
    divergedBlocks: doubleSlot(exports.NET_DIVERGED_BLOCKS),
  };
}
