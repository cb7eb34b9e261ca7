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
// exp and log a step.
// A step is one chain of dependent operations (ln H -> hashprice -> margin -> logistic ->
// online share -> ln H), so its speed is that chain's length, not its count of operations: what
// does not depend on this hour's hashprice (the time term of the margin, rate / u) is computed
// beside it, and the chain holds one division.
import { expOf, log1pOf } from "../engine/fastmath";

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

export class HashrateSupply {
  /** ln(network hashrate, hashes/s) after the last step. */
  logHashrateHps = 0;
  /** Share of installed capacity switched on. */
  onlineShare = 1;
  /** ln(installed capacity, hashes/s). */
  logCapacityHps = 0;
  private orderLogHashprice1 = 0;
  private orderLogHashprice2 = 0;
  /** ln(online share), carried beside it. */
  private logOnlineShare = 0;
  /** e^{-margin / spread} at the last step's hashprice and time, and that margin. */
  private expNegativeMarginOverSpread = 1;
  private lastMargin = 0;
  private lastDtYears = NaN;
  private sqrtDtYears = 0;
  /** 2 dt / buildLag (each order lag's share of the gap closed in a step) and dt / shutdownTime. */
  private halfLagRate = 0;
  private shutdownRate = 0;
  private readonly logCashCostStart: number;
  private readonly logBuildHashpriceStart: number;
  private readonly inverseSpread: number;

  constructor(private readonly p: HashrateSupplyParams) {
    this.logCashCostStart = Math.log(p.cashCostUsdPerPhDay / TH_PER_PH);
    this.logBuildHashpriceStart = Math.log(p.buildHashpriceUsdPerPhDay / TH_PER_PH);
    this.inverseSpread = 1 / p.cashCostSpreadLog;
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
    this.lastMargin = this.margin(logHashpriceUsdPerThDay, years);
    this.expNegativeMarginOverSpread = Math.exp(-this.lastMargin * this.inverseSpread);
    this.onlineShare = 1 / (1 + this.expNegativeMarginOverSpread);
    this.logOnlineShare = Math.log(this.onlineShare);
    this.logHashrateHps = logHashrateHps;
    this.logCapacityHps = logHashrateHps - this.logOnlineShare;
    this.orderLogHashprice1 = logOrderHashpriceUsdPerThDay;
    this.orderLogHashprice2 = logOrderHashpriceUsdPerThDay;
  }

  /** Sets the two order lags' state (ln $/TH/day), when the recent history is known. */
  setOrders(logOrderHashprice1: number, logOrderHashprice2: number): void {
    this.orderLogHashprice1 = logOrderHashprice1;
    this.orderLogHashprice2 = logOrderHashprice2;
  }

  /**
   * Advances dtYears at ln hashprice ($/TH/day) and time `years` from the start; normal is a
   * standard normal draw (0 for the expected path). Returns the change of ln(hashrate).
   */
  step(dtYears: number, years: number, logHashpriceUsdPerThDay: number, normal: number): number {
    this.years = years;
    this.logHashpriceUsdPerThDay = logHashpriceUsdPerThDay;
    this.normal = normal;
    this.advance(dtYears);
    return this.change;
  }

  /**
   * Inputs of the next advance() — years since the costs' date, ln hashprice ($/TH/day) and a
   * standard normal — and its output, the change of ln hashrate. Fields rather than arguments and
   * a return value: doubles passed to or returned from a call that is not inlined are boxed, an
   * allocation an hour in the network's step.
   */
  years = 0;
  logHashpriceUsdPerThDay = 0;
  normal = 0;
  change = 0;

  /** step() on the inputs set in the fields above; the result is in `change`. */
  advance(dtYears: number): void {
    const years = this.years;
    const logHashpriceUsdPerThDay = this.logHashpriceUsdPerThDay;
    const normal = this.normal;
    const p = this.p;
    const g = p.efficiencyGainPerYear;
    // The step's constants, computed again only when the step length changes.
    if (dtYears !== this.lastDtYears) {
      this.lastDtYears = dtYears;
      this.sqrtDtYears = Math.sqrt(dtYears);
      this.halfLagRate = (2 * dtYears) / p.buildLagYears;
      this.shutdownRate = (dtYears * 365) / p.shutdownDays;
    }
    const halfLagRate = this.halfLagRate;
    this.orderLogHashprice1 += (logHashpriceUsdPerThDay - this.orderLogHashprice1) * halfLagRate;
    this.orderLogHashprice2 += (this.orderLogHashprice1 - this.orderLogHashprice2) * halfLagRate;
    const excess = this.orderLogHashprice2 - (this.logBuildHashpriceStart - g * (years - p.buildLagYears));
    let growthPerYear = g + p.buildResponsePerYear * excess;
    if (growthPerYear < -p.maxRetirementPerYear) growthPerYear = -p.maxRetirementPerYear;
    this.logCapacityHps += growthPerYear * dtYears + p.capacityVolatilityPerYear * this.sqrtDtYears * normal;
    // margin() written out: its time term added to the hashprice as one value, off the chain.
    const margin = logHashpriceUsdPerThDay + (g * years - this.logCashCostStart);
    let e = this.expNegativeMarginOverSpread * expOf((this.lastMargin - margin) * this.inverseSpread);
    // Far out of range (a hashprice thousands of times off the cost), start again from the margin itself.
    if (!(e < 1e200 && e > 1e-200)) e = Math.exp(-margin * this.inverseSpread);
    this.expNegativeMarginOverSpread = e;
    this.lastMargin = margin;
    const target = 1 / (1 + e);
    // u' = u + (u* - u) dt / shutdownTime = u (1 + x), x = (u* - u) (dt / shutdownTime) / u
    const u = this.onlineShare;
    const x = (target - u) * (this.shutdownRate / u);
    this.onlineShare = u + u * x;
    this.logOnlineShare += log1pOf(x);
    const logHashrate = this.logCapacityHps + this.logOnlineShare;
    this.change = logHashrate - this.logHashrateHps;
    this.logHashrateHps = logHashrate;
  }
}
