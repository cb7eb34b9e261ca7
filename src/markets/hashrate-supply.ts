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

/** The supply state's slots (src/markets/assembly/supply.ts), in doubles. */
function supplyLayout() {
  const exports = marketKernels().exports;
  return {
    logHashrateHps: doubleSlot(exports.SUPPLY_LOG_HASHRATE),
    onlineShare: doubleSlot(exports.SUPPLY_ONLINE_SHARE),
    logOnlineShare: doubleSlot(exports.SUPPLY_LOG_ONLINE_SHARE),
    logCapacityHps: doubleSlot(exports.SUPPLY_LOG_CAPACITY),
    order1: doubleSlot(exports.SUPPLY_ORDER_1),
    order2: doubleSlot(exports.SUPPLY_ORDER_2),
    expNegativeMarginOverSpread: doubleSlot(exports.SUPPLY_EXP_NEGATIVE_MARGIN_OVER_SPREAD),
    lastMargin: doubleSlot(exports.SUPPLY_LAST_MARGIN),
    lastDtYears: doubleSlot(exports.SUPPLY_LAST_DT_YEARS),
    years: doubleSlot(exports.SUPPLY_YEARS),
    logHashprice: doubleSlot(exports.SUPPLY_LOG_HASHPRICE),
    normal: doubleSlot(exports.SUPPLY_NORMAL),
    change: doubleSlot(exports.SUPPLY_CHANGE),
  };
}

/**
 * The hashrate supply model: its step is src/markets/assembly/supply.ts's (the network's kernel
 * steps it there too, once a day), on the parameters and state this keeps in the kernels' memory.
 */
export class HashrateSupply {
  /** The parameters and state, where the kernels read them (the network's kernel steps this state itself). */
  readonly kernel: KernelBlocks;
  private readonly layout = supplyLayout();
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
    this.stateAt = this.kernel.state >> 3;
    this.yearsSlot = this.stateAt + this.layout.years;
    this.logHashpriceSlot = this.stateAt + this.layout.logHashprice;
    this.normalSlot = this.stateAt + this.layout.normal;
    this.changeSlot = this.stateAt + this.layout.change;
    this.logHashrateSlot = this.stateAt + this.layout.logHashrateHps;
    this.set("lastDtYears", NaN);
    this.set("onlineShare", 1);
    this.set("expNegativeMarginOverSpread", 1);
  }

  private get(name: keyof ReturnType<typeof supplyLayout>): number {
    return this.kernel.kernels.heap().f64[(this.kernel.state >> 3) + this.layout[name]];
  }
  private set(name: keyof ReturnType<typeof supplyLayout>, value: number): void {
    this.kernel.kernels.heap().f64[(this.kernel.state >> 3) + this.layout[name]] = value;
  }
  /** The state's first double in the memory's view, and the slots step() reads and writes (a step is called millions of times in a fit). */
  private readonly stateAt: number;
  private readonly yearsSlot: number;
  private readonly logHashpriceSlot: number;
  private readonly normalSlot: number;
  private readonly changeSlot: number;
  private readonly logHashrateSlot: number;

  /** ln(network hashrate, hashes/s) after the last step. */
  get logHashrateHps(): number {
    return this.kernel.kernels.heap().f64[this.logHashrateSlot];
  }
  /** Share of installed capacity switched on. */
  get onlineShare(): number {
    return this.get("onlineShare");
  }
  /** ln(installed capacity, hashes/s). */
  get logCapacityHps(): number {
    return this.get("logCapacityHps");
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
    this.set("lastMargin", lastMargin);
    this.set("expNegativeMarginOverSpread", expNegativeMarginOverSpread);
    this.set("onlineShare", onlineShare);
    this.set("logOnlineShare", logOnlineShare);
    this.set("logHashrateHps", logHashrateHps);
    this.set("logCapacityHps", logHashrateHps - logOnlineShare);
    this.set("order1", logOrderHashpriceUsdPerThDay);
    this.set("order2", logOrderHashpriceUsdPerThDay);
  }

  /** Sets the two order lags' state (ln $/TH/day), when the recent history is known. */
  setOrders(logOrderHashprice1: number, logOrderHashprice2: number): void {
    this.set("order1", logOrderHashprice1);
    this.set("order2", logOrderHashprice2);
  }

  /**
   * Advances dtYears at ln hashprice ($/TH/day) and time `years` from the start; normal is a
   * standard normal draw (0 for the expected path). Returns the change of ln(hashrate).
   */
  step(dtYears: number, years: number, logHashpriceUsdPerThDay: number, normal: number): number {
    const kernels = this.kernel.kernels;
    const f64 = kernels.heap().f64;
    f64[this.yearsSlot] = years;
    f64[this.logHashpriceSlot] = logHashpriceUsdPerThDay;
    f64[this.normalSlot] = normal;
    kernels.exports.supplyStep(this.kernel.params, this.kernel.state, dtYears);
    return f64[this.changeSlot];
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
