// The BTC price processes' hours (gbmHours, svHours) for up to four runs at once, one in each SIMD
// lane (lanes.ts): each run's own state and stream, the same operations in the same order, so each
// run's path has the bits it has when its hours run alone. What is rare runs lane by lane in the
// scalar code: the ziggurat's rare path, a jump's size, and exp for a change beyond ±1/32.
import { jsExp } from "./maths";
import { normal } from "./random";
import {
  five, liveMask, maskBits, nine, normalHalf, normalsBeyond, layerMask, pairsHome, pathOf, rotl4, SCRATCH, spillWords, statePair, stepOf,
  uniformHalf, wordLanes, wordsFromGlobals, wordsHome, wordsToGlobals, X_A, X_B,
} from "./lanes";
import { GBM_LOG_PRICE, GBM_PRICE, SV_LOG_PRICE, SV_LOG_VOLATILITY, SV_PRICE, SV_VOLATILITY_FACTOR } from "./btc";

const ONE = f64x2.splat(1);

/** expPair's constants in memory, read where used (as lanes.ts's five()): 1/6, 0.5, 1/24, 1/120, 1/720, 1/5040, 1/32, -1/32 and 1, each as a pair. */
const EXP_CONSTANTS: usize = memory.data<f64>([1.0 / 6, 1.0 / 6, 0.5, 0.5, 1.0 / 24, 1.0 / 24, 1.0 / 120, 1.0 / 120, 1.0 / 720, 1.0 / 720, 1.0 / 5040, 1.0 / 5040, 1.0 / 32, 1.0 / 32, -1.0 / 32, -1.0 / 32, 1, 1], 16);

/** maths.ts's expOf for a pair of lanes: the degree-7 polynomial in Estrin's scheme; a lane beyond ±1/32 gets exp, alone. */
@inline function expPair(x: v128, scratch: usize): v128 {
  const x2 = f64x2.mul(x, x);
  let e = f64x2.add(v128.load(EXP_CONSTANTS, 128), f64x2.add(x, f64x2.add(
    f64x2.mul(x2, f64x2.add(v128.load(EXP_CONSTANTS, 16), f64x2.mul(x, v128.load(EXP_CONSTANTS)))),
    f64x2.mul(f64x2.mul(x2, x2), f64x2.add(f64x2.add(v128.load(EXP_CONSTANTS, 32), f64x2.mul(x, v128.load(EXP_CONSTANTS, 48))), f64x2.mul(x2, f64x2.add(v128.load(EXP_CONSTANTS, 64), f64x2.mul(x, v128.load(EXP_CONSTANTS, 80)))))))));
  const big = v128.or(f64x2.gt(x, v128.load(EXP_CONSTANTS, 96)), f64x2.lt(x, v128.load(EXP_CONSTANTS, 112)));
  if (v128.any_true(big)) e = expBeyond(x, e, i64x2.bitmask(big), scratch);
  return e;
}
function expBeyond(x: v128, e: v128, big: i32, scratch: usize): v128 {
  v128.store(scratch, x, X_B);
  v128.store(scratch, e, X_B + 16);
  for (let k = 0; k < 2; k++) if ((big & (1 << k)) != 0) store<f64>(scratch + (<usize>k << 3), jsExp(load<f64>(scratch + (<usize>k << 3), X_B)), X_B + 16);
  return v128.load(scratch, X_B + 16);
}

/**
 * A jump for each live lane in `jumping`: change += jumpMeanLog + jumpSdLog * normal(), each lane
 * drawing its size from its own words (spilled to the scratch). The changes go in at X_A.
 */
function jumps(scratch: usize, changeLo: v128, changeHi: v128, jumping: i32, count: i32, jumpMeanLog: f64, jumpSdLog: f64): void {
  v128.store(scratch, changeLo, X_A);
  v128.store(scratch, changeHi, X_A + 16);
  for (let k = 0; k < count; k++) {
    if ((jumping & (1 << k)) == 0) continue;
    wordsToGlobals(scratch, k);
    const at = scratch + (<usize>k << 3);
    store<f64>(at, load<f64>(at, X_A) + (jumpMeanLog + jumpSdLog * normal()), X_A);
    wordsFromGlobals(scratch, k);
  }
}

/**
 * Hours from..to-1 of `count` runs (1 to 4) of GBM (sv false: gbmHours) or stochastic volatility
 * (sv true: svHours; persistence and innovationSd its own): lane k's state, words, price path and
 * ln-price path in the lanes block's entry k, hour h's values at path[h - from].
 */
export function btcHoursLanes(
  sv: bool, lanes: usize, count: i32, from: i32, to: i32,
  persistence: f64, innovationSd: f64, driftPerHour: f64, sdPerHour: f64, jumpProbabilityPerHour: f64, jumpMeanLog: f64, jumpSdLog: f64,
): void {
  const live = liveMask(count);
  const scratch = lanes + SCRATCH;
  let w0 = wordLanes(lanes, count, 0), w1 = wordLanes(lanes, count, 4), w2 = wordLanes(lanes, count, 8), w3 = wordLanes(lanes, count, 12);
  const priceAt: usize = sv ? SV_PRICE : GBM_PRICE;
  const logPriceAt: usize = sv ? SV_LOG_PRICE : GBM_LOG_PRICE;
  let priceLo = statePair(lanes, count, 0, priceAt), priceHi = statePair(lanes, count, 2, priceAt);
  let logPriceLo = statePair(lanes, count, 0, logPriceAt), logPriceHi = statePair(lanes, count, 2, logPriceAt);
  let logVolatilityLo = ONE, logVolatilityHi = ONE, volatilityFactorLo = ONE, volatilityFactorHi = ONE;
  if (sv) {
    logVolatilityLo = statePair(lanes, count, 0, SV_LOG_VOLATILITY); logVolatilityHi = statePair(lanes, count, 2, SV_LOG_VOLATILITY);
    volatilityFactorLo = statePair(lanes, count, 0, SV_VOLATILITY_FACTOR); volatilityFactorHi = statePair(lanes, count, 2, SV_VOLATILITY_FACTOR);
  }
  const persistenceV = f64x2.splat(persistence), innovationSdV = f64x2.splat(innovationSd);
  const drift = f64x2.splat(driftPerHour), sd = f64x2.splat(sdPerHour), jumpP = f64x2.splat(jumpProbabilityPerHour);
  const price0 = pathOf(lanes, count, 0, 0), price1 = pathOf(lanes, count, 1, 0), price2 = pathOf(lanes, count, 2, 0), price3 = pathOf(lanes, count, 3, 0);
  const log0 = pathOf(lanes, count, 0, 1), log1 = pathOf(lanes, count, 1, 1), log2 = pathOf(lanes, count, 2, 1), log3 = pathOf(lanes, count, 3, 1);
  const step1 = stepOf(count, 1), step2 = stepOf(count, 2), step3 = stepOf(count, 3);
  for (let hour = from; hour < to; hour++) {
    if (hour > 0) {
      if (sv) {
        // v(h) = persistence v(h-1) + innovationSd z1; e^{v - s^2} moved by e^{v(h) - v(h-1)}.
        const j1 = i32x4.mul(rotl4(i32x4.mul(w1, five()), 7), nine());
        const t1 = i32x4.shl(w1, 9);
        w2 = v128.xor(w2, w0); w3 = v128.xor(w3, w1); w1 = v128.xor(w1, w2); w0 = v128.xor(w0, w3); w2 = v128.xor(w2, t1); w3 = rotl4(w3, 11);
        let z1Lo = normalHalf(j1, false), z1Hi = normalHalf(j1, true);
        const common1 = layerMask(j1) & live;
        if (common1 != live) {
          spillWords(scratch, w0, w1, w2, w3);
          normalsBeyond(scratch, j1, z1Lo, z1Hi, common1, count);
          w0 = v128.load(scratch); w1 = v128.load(scratch, 16); w2 = v128.load(scratch, 32); w3 = v128.load(scratch, 48);
          z1Lo = v128.load(scratch, X_A); z1Hi = v128.load(scratch, X_A + 16);
        }
        const vLo = f64x2.add(f64x2.mul(persistenceV, logVolatilityLo), f64x2.mul(innovationSdV, z1Lo));
        const vHi = f64x2.add(f64x2.mul(persistenceV, logVolatilityHi), f64x2.mul(innovationSdV, z1Hi));
        volatilityFactorLo = f64x2.mul(volatilityFactorLo, expPair(f64x2.sub(vLo, logVolatilityLo), scratch));
        volatilityFactorHi = f64x2.mul(volatilityFactorHi, expPair(f64x2.sub(vHi, logVolatilityHi), scratch));
        logVolatilityLo = vLo;
        logVolatilityHi = vHi;
      }
      const j = i32x4.mul(rotl4(i32x4.mul(w1, five()), 7), nine());
      const t = i32x4.shl(w1, 9);
      w2 = v128.xor(w2, w0); w3 = v128.xor(w3, w1); w1 = v128.xor(w1, w2); w0 = v128.xor(w0, w3); w2 = v128.xor(w2, t); w3 = rotl4(w3, 11);
      let zLo = normalHalf(j, false), zHi = normalHalf(j, true);
      const common = layerMask(j) & live;
      if (common != live) {
        spillWords(scratch, w0, w1, w2, w3);
        normalsBeyond(scratch, j, zLo, zHi, common, count);
        w0 = v128.load(scratch); w1 = v128.load(scratch, 16); w2 = v128.load(scratch, 32); w3 = v128.load(scratch, 48);
        zLo = v128.load(scratch, X_A); zHi = v128.load(scratch, X_A + 16);
      }
      // GBM: drift + sd z; stochastic volatility: drift + sd e^{v - s^2} z.
      let changeLo = f64x2.add(drift, f64x2.mul(sv ? f64x2.mul(sd, volatilityFactorLo) : sd, zLo));
      let changeHi = f64x2.add(drift, f64x2.mul(sv ? f64x2.mul(sd, volatilityFactorHi) : sd, zHi));
      if (jumpProbabilityPerHour > 0) {
        const ju = i32x4.mul(rotl4(i32x4.mul(w1, five()), 7), nine());
        const tu = i32x4.shl(w1, 9);
        w2 = v128.xor(w2, w0); w3 = v128.xor(w3, w1); w1 = v128.xor(w1, w2); w0 = v128.xor(w0, w3); w2 = v128.xor(w2, tu); w3 = rotl4(w3, 11);
        const jumping = maskBits(f64x2.lt(uniformHalf(ju, false), jumpP), f64x2.lt(uniformHalf(ju, true), jumpP)) & live;
        if (jumping != 0) {
          spillWords(scratch, w0, w1, w2, w3);
          jumps(scratch, changeLo, changeHi, jumping, count, jumpMeanLog, jumpSdLog);
          w0 = v128.load(scratch); w1 = v128.load(scratch, 16); w2 = v128.load(scratch, 32); w3 = v128.load(scratch, 48);
          changeLo = v128.load(scratch, X_A); changeHi = v128.load(scratch, X_A + 16);
        }
      }
      logPriceLo = f64x2.add(logPriceLo, changeLo);
      logPriceHi = f64x2.add(logPriceHi, changeHi);
      priceLo = f64x2.mul(priceLo, expPair(changeLo, scratch));
      priceHi = f64x2.mul(priceHi, expPair(changeHi, scratch));
    }
    const o = <usize>(hour - from) << 3;
    store<f64>(price0 + o, f64x2.extract_lane(priceLo, 0));
    store<f64>(price1 + o * step1, f64x2.extract_lane(priceLo, 1));
    store<f64>(price2 + o * step2, f64x2.extract_lane(priceHi, 0));
    store<f64>(price3 + o * step3, f64x2.extract_lane(priceHi, 1));
    store<f64>(log0 + o, f64x2.extract_lane(logPriceLo, 0));
    store<f64>(log1 + o * step1, f64x2.extract_lane(logPriceLo, 1));
    store<f64>(log2 + o * step2, f64x2.extract_lane(logPriceHi, 0));
    store<f64>(log3 + o * step3, f64x2.extract_lane(logPriceHi, 1));
  }
  spillWords(scratch, w0, w1, w2, w3);
  wordsHome(lanes, count);
  pairsHome(lanes, count, priceLo, priceHi, X_A, priceAt);
  pairsHome(lanes, count, logPriceLo, logPriceHi, X_A, logPriceAt);
  if (sv) {
    pairsHome(lanes, count, logVolatilityLo, logVolatilityHi, X_A, SV_LOG_VOLATILITY);
    pairsHome(lanes, count, volatilityFactorLo, volatilityFactorHi, X_A, SV_VOLATILITY_FACTOR);
  }
}
