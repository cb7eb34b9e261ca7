// The hashrate supply model's step (src/markets/hashrate-supply.ts holds its parameters and documents
// the model): installed capacity that grows on past hashprice times the share of it switched on.
// Written once, here: the network's hours step it once a day (network.ts) and
// src/markets/hashrate-supply.ts's HashrateSupply calls supplyStep for the calibration.
// A step is one chain of dependent operations (ln H -> hashprice -> margin -> logistic -> online
// share -> ln H): what does not depend on the step's hashprice is computed beside it.
import { expOf, jsExp, log1pOf } from "./maths";

// The parameters (f64 slots, written once by supplySetParams).
const SP_LOG_CASH_COST_START = 0;
const SP_LOG_BUILD_HASHPRICE_START = 8;
const SP_INVERSE_SPREAD = 16;
const SP_EFFICIENCY_GAIN_PER_YEAR = 24;
const SP_BUILD_LAG_YEARS = 32;
const SP_BUILD_RESPONSE_PER_YEAR = 40;
const SP_MAX_RETIREMENT_PER_YEAR = 48;
const SP_CAPACITY_VOLATILITY_PER_YEAR = 56;
const SP_SHUTDOWN_DAYS = 64;
export const SUPPLY_PARAMS_BYTES: i32 = 72;

// The state (f64 slots). Exported, so that src/markets/hashrate-supply.ts reads the same layout.
/** ln(network hashrate, hashes/s) after the last step. */
export const SUPPLY_LOG_HASHRATE: i32 = 0;
/** Share of installed capacity switched on, and its ln carried beside it. */
export const SUPPLY_ONLINE_SHARE: i32 = 8;
export const SUPPLY_LOG_ONLINE_SHARE: i32 = 16;
/** ln(installed capacity, hashes/s). */
export const SUPPLY_LOG_CAPACITY: i32 = 24;
/** The two order lags' state, ln $/TH/day. */
export const SUPPLY_ORDER_1: i32 = 32;
export const SUPPLY_ORDER_2: i32 = 40;
/** e^{-margin / spread} at the last step's hashprice and time, and that margin. */
export const SUPPLY_EXP_NEGATIVE_MARGIN_OVER_SPREAD: i32 = 48;
export const SUPPLY_LAST_MARGIN: i32 = 56;
/** The step's constants for the last step length (NaN: none yet): sqrt(dt), 2 dt / buildLag, dt / shutdownTime. */
export const SUPPLY_LAST_DT_YEARS: i32 = 64;
export const SUPPLY_SQRT_DT_YEARS: i32 = 72;
export const SUPPLY_HALF_LAG_RATE: i32 = 80;
export const SUPPLY_SHUTDOWN_RATE: i32 = 88;
/** The step's inputs (years since the costs' date, ln hashprice $/TH/day, a standard normal) and output (the change of ln H). */
export const SUPPLY_YEARS: i32 = 96;
export const SUPPLY_LOG_HASHPRICE: i32 = 104;
export const SUPPLY_NORMAL: i32 = 112;
export const SUPPLY_CHANGE: i32 = 120;
export const SUPPLY_STATE_BYTES: i32 = 128;

export function supplySetParams(
  p: usize, logCashCostStart: f64, logBuildHashpriceStart: f64, inverseSpread: f64, efficiencyGainPerYear: f64, buildLagYears: f64,
  buildResponsePerYear: f64, maxRetirementPerYear: f64, capacityVolatilityPerYear: f64, shutdownDays: f64,
): void {
  store<f64>(p, logCashCostStart, SP_LOG_CASH_COST_START);
  store<f64>(p, logBuildHashpriceStart, SP_LOG_BUILD_HASHPRICE_START);
  store<f64>(p, inverseSpread, SP_INVERSE_SPREAD);
  store<f64>(p, efficiencyGainPerYear, SP_EFFICIENCY_GAIN_PER_YEAR);
  store<f64>(p, buildLagYears, SP_BUILD_LAG_YEARS);
  store<f64>(p, buildResponsePerYear, SP_BUILD_RESPONSE_PER_YEAR);
  store<f64>(p, maxRetirementPerYear, SP_MAX_RETIREMENT_PER_YEAR);
  store<f64>(p, capacityVolatilityPerYear, SP_CAPACITY_VOLATILITY_PER_YEAR);
  store<f64>(p, shutdownDays, SP_SHUTDOWN_DAYS);
}

/** A step of dtYears on the inputs in the state; the change of ln H goes to SUPPLY_CHANGE. */
@inline export function supplyAdvance(p: usize, s: usize, dtYears: f64): void {
  const years = load<f64>(s, SUPPLY_YEARS);
  const logHashpriceUsdPerThDay = load<f64>(s, SUPPLY_LOG_HASHPRICE);
  const normal = load<f64>(s, SUPPLY_NORMAL);
  const g = load<f64>(p, SP_EFFICIENCY_GAIN_PER_YEAR);
  const buildLagYears = load<f64>(p, SP_BUILD_LAG_YEARS);
  if (dtYears != load<f64>(s, SUPPLY_LAST_DT_YEARS)) {
    store<f64>(s, dtYears, SUPPLY_LAST_DT_YEARS);
    store<f64>(s, Math.sqrt(dtYears), SUPPLY_SQRT_DT_YEARS);
    store<f64>(s, (2 * dtYears) / buildLagYears, SUPPLY_HALF_LAG_RATE);
    store<f64>(s, (dtYears * 365) / load<f64>(p, SP_SHUTDOWN_DAYS), SUPPLY_SHUTDOWN_RATE);
  }
  const halfLagRate = load<f64>(s, SUPPLY_HALF_LAG_RATE);
  let order1 = load<f64>(s, SUPPLY_ORDER_1);
  let order2 = load<f64>(s, SUPPLY_ORDER_2);
  order1 += (logHashpriceUsdPerThDay - order1) * halfLagRate;
  order2 += (order1 - order2) * halfLagRate;
  store<f64>(s, order1, SUPPLY_ORDER_1);
  store<f64>(s, order2, SUPPLY_ORDER_2);
  const excess = order2 - (load<f64>(p, SP_LOG_BUILD_HASHPRICE_START) - g * (years - buildLagYears));
  let growthPerYear = g + load<f64>(p, SP_BUILD_RESPONSE_PER_YEAR) * excess;
  const maxRetirementPerYear = load<f64>(p, SP_MAX_RETIREMENT_PER_YEAR);
  if (growthPerYear < -maxRetirementPerYear) growthPerYear = -maxRetirementPerYear;
  const logCapacityHps = load<f64>(s, SUPPLY_LOG_CAPACITY) + (growthPerYear * dtYears + load<f64>(p, SP_CAPACITY_VOLATILITY_PER_YEAR) * load<f64>(s, SUPPLY_SQRT_DT_YEARS) * normal);
  store<f64>(s, logCapacityHps, SUPPLY_LOG_CAPACITY);
  // The margin's time term added to the hashprice as one value, off the chain.
  const inverseSpread = load<f64>(p, SP_INVERSE_SPREAD);
  const margin = logHashpriceUsdPerThDay + (g * years - load<f64>(p, SP_LOG_CASH_COST_START));
  let e = load<f64>(s, SUPPLY_EXP_NEGATIVE_MARGIN_OVER_SPREAD) * expOf((load<f64>(s, SUPPLY_LAST_MARGIN) - margin) * inverseSpread);
  // Far out of range (a hashprice thousands of times off the cost), start again from the margin itself.
  if (!(e < 1e200 && e > 1e-200)) e = jsExp(-margin * inverseSpread);
  store<f64>(s, e, SUPPLY_EXP_NEGATIVE_MARGIN_OVER_SPREAD);
  store<f64>(s, margin, SUPPLY_LAST_MARGIN);
  const target = 1 / (1 + e);
  // u' = u + (u* - u) dt / shutdownTime = u (1 + x), x = (u* - u) (dt / shutdownTime) / u
  const u = load<f64>(s, SUPPLY_ONLINE_SHARE);
  const x = (target - u) * (load<f64>(s, SUPPLY_SHUTDOWN_RATE) / u);
  store<f64>(s, u + u * x, SUPPLY_ONLINE_SHARE);
  const logOnlineShare = load<f64>(s, SUPPLY_LOG_ONLINE_SHARE) + log1pOf(x);
  store<f64>(s, logOnlineShare, SUPPLY_LOG_ONLINE_SHARE);
  const logHashrate = logCapacityHps + logOnlineShare;
  store<f64>(s, logHashrate - load<f64>(s, SUPPLY_LOG_HASHRATE), SUPPLY_CHANGE);
  store<f64>(s, logHashrate, SUPPLY_LOG_HASHRATE);
}

/** supplyAdvance for src/markets/hashrate-supply.ts. */
export function supplyStep(p: usize, s: usize, dtYears: f64): void {
  supplyAdvance(p, s, dtYears);
}
