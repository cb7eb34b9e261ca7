// Network hashrate as mining supply: installed capacity that grows on past profits (a slow
// build-out channel) times the share of it switched on (a fast on/off channel). The network steps it
// once a day (src/markets/network.ts), as it was fitted (src/calibrate/hashrate.ts).
//
//   hashprice hp = (subsidy + fees) * 144 * P / H                     ($ per TH/s per day)
//   online share, target u* = 1 / (1 + exp(-(ln hp - ln c(t)) / s))  (c: the installed fleet's
//     median cash cost of hashing, falling e^{-g t}; s: the spread of ln cost across machines)
//   du/dt = (u* - u) / shutdownTime
//   orders: o1, o2 follow ln hp through two first-order lags of buildLag/2 each (mean lag buildLag)
//   d ln K/dt = max(-maxRetirement, g + k * (o2 - ln h*(t - buildLag))) + sigma dW
//     (h*: the hashprice at which capacity grows only by the efficiency gain g, falling e^{-g t})
//   H = K * u
// The model knows nothing of BTC or blocks beyond the hashprice it is given.
// From step to step the logistic and ln u move by small amounts: e^{-margin/s} and ln u are carried
// and updated by e^{change} and ln(1 + change) (expOf, log1pOf), the same values without a full
// exp and log a step. The step is written once, in src/markets/assembly/supply.ts: the network's
// kernel steps it there once a day, and this class (the calibration, the tests) calls it.
import { doubleSlot, KernelBlocks, marketKernels } from "./wasm";

export interface HashrateSupplyParams {
  /** Median cash (power) cost of hashing of the installed fleet at the start, $ per PH/s per day. */
  cashCostUsdPerPhDay: number;
  /** Logistic scale of ln(cash cost) across installed machines. */
  cashCostSpreadLog: number;
  /** Time constant of switching machines on or off, days. */
  shutdownDays: number;
  /** Hashprice at which capacity grows only by the efficiency gain, at the start, $ per PH/s per day. */
  buildHashpriceUsdPerPhDay: number;
  /** Yearly fall of ln(cost) of hashing, old and new machines alike. */
  efficiencyGainPerYear: number;
  /** Mean lag from hashprice to delivered machines, years. */
  buildLagYears: number;
  /** Capacity growth per year per unit of ln(ordering hashprice / h*). */
  buildResponsePerYear: number;
  /** Fastest shrinking of installed capacity, per year (retirements). */
  maxRetirementPerYear: number;
  /** Noise of ln(capacity), per square-root year. */
  capacityVolatilityPerYear: number;
}

/** $ per PH/s per day to $ per TH/s per day. */
const TH_PER_PH = 1000;

/** Where each of the supply state's values is in the memory's Float64Array view, for a state at byte `state` (the layout: src/markets/assembly/supply.ts). */
function supplySlots(state: number) {
  const exports = marketKernels().exports;
  const slot = (offset: WebAssembly.Global) => (state >> 3) + doubleSlot(offset);
  return {
    logHashrateHps: slot(exports.SUPPLY_LOG_HASHRATE),
    onlineShare: slot(exports.SUPPLY_ONLINE_SHARE),
    logOnlineShare: slot(exports.SUPPLY_LOG_ONLINE_SHARE),
    logCapacityHps: slot(exports.SUPPLY_LOG_CAPACITY),
    order1: slot(exports.SUPPLY_ORDER_1),
    order2: slot(exports.SUPPLY_ORDER_2),
    expNegativeMarginOverSpread: slot(exports.SUPPLY_EXP_NEGATIVE_MARGIN_OVER_SPREAD),
    lastMargin: slot(exports.SUPPLY_LAST_MARGIN),
    lastDtYears: slot(exports.SUPPLY_LAST_DT_YEARS),
    years: slot(exports.SUPPLY_YEARS),
    logHashprice: slot(exports.SUPPLY_LOG_HASHPRICE),
    normal: slot(exports.SUPPLY_NORMAL),
    change: slot(exports.SUPPLY_CHANGE),
  };
}

/**
 * The hashrate supply model: its step is src/markets/assembly/supply.ts's (the network's kernel
 * steps it there too, once a day), on the parameters and state this keeps in the kernels' memory.
 */
export class HashrateSupply {
  /** The parameters and state, where the kernels read them (the network's kernel steps this state itself). */
  readonly kernel: KernelBlocks;
  private readonly at: ReturnType<typeof supplySlots>;
  private readonly logCashCostStart: number;
  private readonly inverseSpread: number;

  constructor(private readonly p: HashrateSupplyParams) {
    const exports = marketKernels().exports;
    this.kernel = new KernelBlocks(exports.SUPPLY_STATE_BYTES.value, exports.SUPPLY_PARAMS_BYTES.value);
    this.logCashCostStart = Math.log(p.cashCostUsdPerPhDay / TH_PER_PH);
    this.inverseSpread = 1 / p.cashCostSpreadLog;
    exports.supplySetParams(
      this.kernel.params,
      this.logCashCostStart,
      Math.log(p.buildHashpriceUsdPerPhDay / TH_PER_PH),
      this.inverseSpread,
      p.efficiencyGainPerYear,
      p.buildLagYears,
      p.buildResponsePerYear,
      p.maxRetirementPerYear,
      p.capacityVolatilityPerYear,
      p.shutdownDays,
    );
    this.at = supplySlots(this.kernel.state);
    const f64 = this.kernel.kernels.heap().f64;
    f64[this.at.lastDtYears] = NaN;
    f64[this.at.onlineShare] = 1;
    f64[this.at.expNegativeMarginOverSpread] = 1;
  }

  /** ln(network hashrate, hashes/s) after the last step. */
  get logHashrateHps(): number {
    return this.kernel.kernels.heap().f64[this.at.logHashrateHps];
  }
  /** Share of installed capacity switched on. */
  get onlineShare(): number {
    return this.kernel.kernels.heap().f64[this.at.onlineShare];
  }
  /** ln(installed capacity, hashes/s). */
  get logCapacityHps(): number {
    return this.kernel.kernels.heap().f64[this.at.logCapacityHps];
  }

  /** The online share the fleet moves toward at a hashprice ($/TH/day, as ln) and time (years from the start). */
  targetOnlineShare(logHashpriceUsdPerThDay: number, years: number): number {
    return 1 / (1 + Math.exp(-this.margin(logHashpriceUsdPerThDay, years) * this.inverseSpread));
  }

  /** ln(hashprice / the fleet's median cost) at a time (years from the cost date). */
  private margin(logHashpriceUsdPerThDay: number, years: number): number {
    return logHashpriceUsdPerThDay - this.logCashCostStart + this.p.efficiencyGainPerYear * years;
  }

  /**
   * Starts at a hashrate and hashprice, `years` after the date the costs are stated for, the fleet
   * at its target online share; the machines on order were ordered at orderHashprice ($/TH/day, as ln).
   */
  reset(logHashrateHps: number, logHashpriceUsdPerThDay: number, logOrderHashpriceUsdPerThDay: number, years: number): void {
    const lastMargin = this.margin(logHashpriceUsdPerThDay, years);
    const expNegativeMarginOverSpread = Math.exp(-lastMargin * this.inverseSpread);
    const onlineShare = 1 / (1 + expNegativeMarginOverSpread);
    const logOnlineShare = Math.log(onlineShare);
    const f64 = this.kernel.kernels.heap().f64;
    const at = this.at;
    f64[at.lastMargin] = lastMargin;
    f64[at.expNegativeMarginOverSpread] = expNegativeMarginOverSpread;
    f64[at.onlineShare] = onlineShare;
    f64[at.logOnlineShare] = logOnlineShare;
    f64[at.logHashrateHps] = logHashrateHps;
    f64[at.logCapacityHps] = logHashrateHps - logOnlineShare;
    f64[at.order1] = logOrderHashpriceUsdPerThDay;
    f64[at.order2] = logOrderHashpriceUsdPerThDay;
  }

  /** Sets the two order lags' state (ln $/TH/day), when the recent history is known. */
  setOrders(logOrderHashprice1: number, logOrderHashprice2: number): void {
    const f64 = this.kernel.kernels.heap().f64;
    f64[this.at.order1] = logOrderHashprice1;
    f64[this.at.order2] = logOrderHashprice2;
  }

  /**
   * Advances dtYears at ln hashprice ($/TH/day) and time `years` from the start; normal is a
   * standard normal draw (0 for the expected path). Returns the change of ln(hashrate).
   */
  step(dtYears: number, years: number, logHashpriceUsdPerThDay: number, normal: number): number {
    const kernels = this.kernel.kernels;
    const f64 = kernels.heap().f64;
    const at = this.at;
    f64[at.years] = years;
    f64[at.logHashprice] = logHashpriceUsdPerThDay;
    f64[at.normal] = normal;
    kernels.exports.supplyStep(this.kernel.params, this.kernel.state, dtYears);
    return f64[at.change];
  }

  /** A copy in the same state, stepped apart from this one from now on. */
  copy(): HashrateSupply {
    const other = new HashrateSupply(this.p);
    const bytes = this.kernel.kernels.exports.SUPPLY_STATE_BYTES.value as number;
    const u8 = this.kernel.kernels.heap().u8;
    u8.copyWithin(other.kernel.state, this.kernel.state, this.kernel.state + bytes);
    return other;
  }

  /** Gives the kernels' memory back now (the model is not used again). */
  dispose(): void {
    this.kernel.release();
  }
}
