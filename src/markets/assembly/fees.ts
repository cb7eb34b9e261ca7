// The fee process's day (src/markets/fees.ts holds its parameters and documents the model): ln fees
// per block moves with a fast and a slow AR(1) component, each stepped once a day, and the spread's
// growth is taken out of the level so that the expected fees stay at the mean on every day. Written
// once, here: the network's hours step it (network.ts) and src/markets/fees.ts's FeeProcess calls
// feesStepDay for the calibration.
import { jsExp } from "./maths";

// The parameters (f64 slots, written once by feesSetParams).
const FP_FAST_PERSISTENCE = 0;
const FP_SLOW_PERSISTENCE = 8;
const FP_FAST_INNOVATION_SD = 16;
const FP_SLOW_INNOVATION_SD = 24;
const FP_LOG_MEAN = 32;
const FP_FAST_SD_LOG = 40;
const FP_SLOW_SD_LOG = 48;
export const FEES_PARAMS_BYTES: i32 = 56;

// The state of a run (f64 slots). Exported, so that src/markets/fees.ts reads the same layout.
export const FEES_BTC_PER_BLOCK: i32 = 0;
export const FEES_FAST: i32 = 8;
export const FEES_SLOW: i32 = 16;
/** phi^(2d) of each component: what is left of the start's certainty after d days. */
export const FEES_FAST_DECAY: i32 = 24;
export const FEES_SLOW_DECAY: i32 = 32;
export const FEES_STATE_BYTES: i32 = 40;

export function feesSetParams(p: usize, fastPersistence: f64, slowPersistence: f64, fastInnovationSd: f64, slowInnovationSd: f64, logMean: f64, fastSdLog: f64, slowSdLog: f64): void {
  store<f64>(p, fastPersistence, FP_FAST_PERSISTENCE);
  store<f64>(p, slowPersistence, FP_SLOW_PERSISTENCE);
  store<f64>(p, fastInnovationSd, FP_FAST_INNOVATION_SD);
  store<f64>(p, slowInnovationSd, FP_SLOW_INNOVATION_SD);
  store<f64>(p, logMean, FP_LOG_MEAN);
  store<f64>(p, fastSdLog, FP_FAST_SD_LOG);
  store<f64>(p, slowSdLog, FP_SLOW_SD_LOG);
}

/** The fees per block the state's components and decays give: F e^{f + s - V/2}, V = Var[f + s]. */
@inline export function feesLevel(p: usize, s: usize): void {
  const fastSdLog = load<f64>(p, FP_FAST_SD_LOG);
  const slowSdLog = load<f64>(p, FP_SLOW_SD_LOG);
  const variance = fastSdLog * fastSdLog * (1 - load<f64>(s, FEES_FAST_DECAY)) + slowSdLog * slowSdLog * (1 - load<f64>(s, FEES_SLOW_DECAY));
  store<f64>(s, jsExp(load<f64>(p, FP_LOG_MEAN) + load<f64>(s, FEES_FAST) + load<f64>(s, FEES_SLOW) - variance / 2), FEES_BTC_PER_BLOCK);
}

/** The next day: each component's AR(1) step with its standard normal (the fast one's drawn first), then the level. */
@inline export function feesDay(p: usize, s: usize, fastNormal: f64, slowNormal: f64): void {
  const fastPersistence = load<f64>(p, FP_FAST_PERSISTENCE);
  const slowPersistence = load<f64>(p, FP_SLOW_PERSISTENCE);
  store<f64>(s, fastPersistence * load<f64>(s, FEES_FAST) + load<f64>(p, FP_FAST_INNOVATION_SD) * fastNormal, FEES_FAST);
  store<f64>(s, slowPersistence * load<f64>(s, FEES_SLOW) + load<f64>(p, FP_SLOW_INNOVATION_SD) * slowNormal, FEES_SLOW);
  store<f64>(s, load<f64>(s, FEES_FAST_DECAY) * (fastPersistence * fastPersistence), FEES_FAST_DECAY);
  store<f64>(s, load<f64>(s, FEES_SLOW_DECAY) * (slowPersistence * slowPersistence), FEES_SLOW_DECAY);
  feesLevel(p, s);
}

/** feesDay and feesLevel for src/markets/fees.ts. */
export function feesStepDay(p: usize, s: usize, fastNormal: f64, slowNormal: f64): void {
  feesDay(p, s, fastNormal, slowNormal);
}
export function feesSetLevel(p: usize, s: usize): void {
  feesLevel(p, s);
}
