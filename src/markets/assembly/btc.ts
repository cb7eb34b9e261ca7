// The BTC price processes' hours (src/markets/btc.ts holds their parameters and documents them).
// Each function steps hours from..to-1 of one run: its state at `state` (f64 slots, laid out
// below), its stream's words at `words`, and each hour's price and ln(price) written to
// price[h - from] and logPrice[h - from].
import { expOf } from "./maths";
import { normal, normalBeyond, normalCommon, output, setWords, uniformOf, word0, word1, word2, word3 } from "./random";

// The state of a GBM run: the price in force and its ln.
export const GBM_PRICE = 0;
export const GBM_LOG_PRICE = 8;

export function gbmReset(state: usize, startPriceUsd: f64, logStartPrice: f64): void {
  store<f64>(state, startPriceUsd, GBM_PRICE);
  store<f64>(state, logStartPrice, GBM_LOG_PRICE);
}

/**
 * ln P(h) = ln P(h-1) + driftPerHour + sdPerHour z (+ a jump N(jumpMeanLog, jumpSdLog^2) with
 * probability jumpProbabilityPerHour); the price moves by e^change (hour 0 keeps the start price).
 */
export function gbmHours(
  state: usize, words: usize, price: usize, logPrice: usize, from: i32, to: i32,
  driftPerHour: f64, sdPerHour: f64, jumpProbabilityPerHour: f64, jumpMeanLog: f64, jumpSdLog: f64,
): void {
  // The stream's words in locals (random.ts): a normal and, with jumps, a uniform a hour; a jump's size through the globals.
  let w0 = load<i32>(words), w1 = load<i32>(words, 4), w2 = load<i32>(words, 8), w3 = load<i32>(words, 12);
  let priceUsd = load<f64>(state, GBM_PRICE);
  let logPriceNow = load<f64>(state, GBM_LOG_PRICE);
  for (let hour = from; hour < to; hour++) {
    if (hour > 0) {
      const j = output(w1);
      const t = w1 << 9; w2 ^= w0; w3 ^= w1; w1 ^= w2; w0 ^= w3; w2 ^= t; w3 = rotl<i32>(w3, 11);
      let z = normalCommon(j);
      if (z != z) {
        setWords(w0, w1, w2, w3);
        z = normalBeyond(j);
        w0 = word0(); w1 = word1(); w2 = word2(); w3 = word3();
      }
      let change = driftPerHour + sdPerHour * z;
      if (jumpProbabilityPerHour > 0) {
        const ju = output(w1);
        const tu = w1 << 9; w2 ^= w0; w3 ^= w1; w1 ^= w2; w0 ^= w3; w2 ^= tu; w3 = rotl<i32>(w3, 11);
        if (uniformOf(ju) < jumpProbabilityPerHour) {
          setWords(w0, w1, w2, w3);
          change += jumpMeanLog + jumpSdLog * normal();
          w0 = word0(); w1 = word1(); w2 = word2(); w3 = word3();
        }
      }
      logPriceNow += change;
      priceUsd *= expOf(change);
    }
    const at = <usize>(hour - from) << 3;
    store<f64>(price + at, priceUsd);
    store<f64>(logPrice + at, logPriceNow);
  }
  store<f64>(state, priceUsd, GBM_PRICE);
  store<f64>(state, logPriceNow, GBM_LOG_PRICE);
  store<i32>(words, w0);
  store<i32>(words, w1, 4);
  store<i32>(words, w2, 8);
  store<i32>(words, w3, 12);
}

// The state of a stochastic-volatility run: the price, its ln, v and e^{v - s^2}.
export const SV_PRICE = 0;
export const SV_LOG_PRICE = 8;
export const SV_LOG_VOLATILITY = 16;
export const SV_VOLATILITY_FACTOR = 24;

export function svReset(state: usize, startPriceUsd: f64, logStartPrice: f64, logVolatility: f64, volatilityFactor: f64): void {
  store<f64>(state, startPriceUsd, SV_PRICE);
  store<f64>(state, logStartPrice, SV_LOG_PRICE);
  store<f64>(state, logVolatility, SV_LOG_VOLATILITY);
  store<f64>(state, volatilityFactor, SV_VOLATILITY_FACTOR);
}

export function svVolatilityFactor(state: usize): f64 {
  return load<f64>(state, SV_VOLATILITY_FACTOR);
}

/**
 * v(h) = persistence v(h-1) + innovationSd z1; e^{v - s^2} moved by e^{v(h) - v(h-1)};
 * ln P(h) = ln P(h-1) + driftPerHour + sdPerHour e^{v - s^2} z2 (+ jump).
 */
export function svHours(
  state: usize, words: usize, price: usize, logPrice: usize, from: i32, to: i32,
  persistence: f64, innovationSd: f64, driftPerHour: f64, sdPerHour: f64, jumpProbabilityPerHour: f64, jumpMeanLog: f64, jumpSdLog: f64,
): void {
  // The stream's words in locals (random.ts): two normals and, with jumps, a uniform a hour; a jump's size through the globals.
  let w0 = load<i32>(words), w1 = load<i32>(words, 4), w2 = load<i32>(words, 8), w3 = load<i32>(words, 12);
  let priceUsd = load<f64>(state, SV_PRICE);
  let logPriceNow = load<f64>(state, SV_LOG_PRICE);
  let logVolatility = load<f64>(state, SV_LOG_VOLATILITY);
  let volatilityFactor = load<f64>(state, SV_VOLATILITY_FACTOR);
  for (let hour = from; hour < to; hour++) {
    if (hour > 0) {
      const j1 = output(w1);
      const t1 = w1 << 9; w2 ^= w0; w3 ^= w1; w1 ^= w2; w0 ^= w3; w2 ^= t1; w3 = rotl<i32>(w3, 11);
      let z1 = normalCommon(j1);
      if (z1 != z1) {
        setWords(w0, w1, w2, w3);
        z1 = normalBeyond(j1);
        w0 = word0(); w1 = word1(); w2 = word2(); w3 = word3();
      }
      const v = persistence * logVolatility + innovationSd * z1;
      volatilityFactor *= expOf(v - logVolatility);
      logVolatility = v;
      const j2 = output(w1);
      const t2 = w1 << 9; w2 ^= w0; w3 ^= w1; w1 ^= w2; w0 ^= w3; w2 ^= t2; w3 = rotl<i32>(w3, 11);
      let z2 = normalCommon(j2);
      if (z2 != z2) {
        setWords(w0, w1, w2, w3);
        z2 = normalBeyond(j2);
        w0 = word0(); w1 = word1(); w2 = word2(); w3 = word3();
      }
      let change = driftPerHour + sdPerHour * volatilityFactor * z2;
      if (jumpProbabilityPerHour > 0) {
        const ju = output(w1);
        const tu = w1 << 9; w2 ^= w0; w3 ^= w1; w1 ^= w2; w0 ^= w3; w2 ^= tu; w3 = rotl<i32>(w3, 11);
        if (uniformOf(ju) < jumpProbabilityPerHour) {
          setWords(w0, w1, w2, w3);
          change += jumpMeanLog + jumpSdLog * normal();
          w0 = word0(); w1 = word1(); w2 = word2(); w3 = word3();
        }
      }
      logPriceNow += change;
      priceUsd *= expOf(change);
    }
    const at = <usize>(hour - from) << 3;
    store<f64>(price + at, priceUsd);
    store<f64>(logPrice + at, logPriceNow);
  }
  store<f64>(state, priceUsd, SV_PRICE);
  store<f64>(state, logPriceNow, SV_LOG_PRICE);
  store<f64>(state, logVolatility, SV_LOG_VOLATILITY);
  store<f64>(state, volatilityFactor, SV_VOLATILITY_FACTOR);
  store<i32>(words, w0);
  store<i32>(words, w1, 4);
  store<i32>(words, w2, 8);
  store<i32>(words, w3, 12);
}
