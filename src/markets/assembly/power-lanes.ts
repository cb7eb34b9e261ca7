// The power price process's hours for up to four runs at once, one in each SIMD lane (lanes.ts):
// powerHours's operations on each run's own state and stream, in the same order, so each run's
// path has the bits it has when its hours run alone. What is rare runs lane by lane in power.ts's
// scalar code: the ziggurat's rare path, a spike's start (pow) and a new day (startDay).
import { deviationAtLatentPair } from "./latent";
import { jsPow } from "./maths";
import {
  FIVE, flagOf, layerMask, liveMask, maskBits, NINE, normalHalf, normalsBeyond, pairsHome, pathOf, rotl4, SCRATCH, spillWords,
  statePair, stateOf, stepOf, uniformHalf, wordLanes, wordsFromGlobals, wordsHome, wordsToGlobals, X_A, X_B, X_C,
} from "./lanes";
import {
  P_CAP, P_DAY_LOADING, P_DEVIATION_BY_LATENT, P_DEVIATION_SCALE, P_FLOOR, P_HOUR_LOADING, P_INVERSE_ALPHA, P_LATENT_SD, P_PHI, P_SD, P_SHAPE,
  P_SPIKE_CONTINUE, P_SPIKE_START_FACTOR, P_SPIKE_THRESHOLD, S_DAY_LATENT, S_DEVIATION, S_IN_SCARCITY, S_IN_SPIKE, S_LATENT, S_PRICE,
  S_SCARCITY_LEVEL, S_SPIKE_LEVEL, S_SPIKE_START_PROBABILITY, S_YEAR_LEVEL, startDay,
} from "./power";

/**
 * Hours from..to-1 of `count` runs (1 to 4): lane k's state, words and path (its hour h's price at
 * path[h - from]) in the lanes block's entry k. The shape slot as in powerHours.
 */
export function powerHoursLanes(p: usize, lanes: usize, count: i32, localMonth: usize, localHour: usize, slot: i32, from: i32, to: i32): void {
  const live = liveMask(count);
  const scratch = lanes + SCRATCH;
  let w0 = wordLanes(lanes, count, 0), w1 = wordLanes(lanes, count, 4), w2 = wordLanes(lanes, count, 8), w3 = wordLanes(lanes, count, 12);
  const shape = <usize>load<u32>(p, P_SHAPE);
  const table = <usize>load<u32>(p, P_DEVIATION_BY_LATENT);
  const scale = <usize>load<u32>(p, P_DEVIATION_SCALE);
  const factor = <usize>load<u32>(p, P_SPIKE_START_FACTOR);
  const phi = f64x2.splat(load<f64>(p, P_PHI));
  const sd = f64x2.splat(load<f64>(p, P_SD));
  const latentSd = f64x2.splat(load<f64>(p, P_LATENT_SD));
  const dayLoading = f64x2.splat(load<f64>(p, P_DAY_LOADING));
  const hourLoading = f64x2.splat(load<f64>(p, P_HOUR_LOADING));
  const spikeContinueProbability = f64x2.splat(load<f64>(p, P_SPIKE_CONTINUE));
  const spikeThreshold = load<f64>(p, P_SPIKE_THRESHOLD);
  const inverseAlpha = load<f64>(p, P_INVERSE_ALPHA);
  const cap = f64x2.splat(load<f64>(p, P_CAP));
  const floor = f64x2.splat(load<f64>(p, P_FLOOR));
  const zero = f64x2.splat(0);
  let deviationLo = statePair(lanes, count, 0, S_DEVIATION), deviationHi = statePair(lanes, count, 2, S_DEVIATION);
  let latentLo = statePair(lanes, count, 0, S_LATENT), latentHi = statePair(lanes, count, 2, S_LATENT);
  let inSpikeLo = f64x2.ne(statePair(lanes, count, 0, S_IN_SPIKE), zero), inSpikeHi = f64x2.ne(statePair(lanes, count, 2, S_IN_SPIKE), zero);
  let spikeLevelLo = statePair(lanes, count, 0, S_SPIKE_LEVEL), spikeLevelHi = statePair(lanes, count, 2, S_SPIKE_LEVEL);
  let priceLo = statePair(lanes, count, 0, S_PRICE), priceHi = statePair(lanes, count, 2, S_PRICE);
  // What a new day sets (startDay): read again after each.
  let dayLatentLo = statePair(lanes, count, 0, S_DAY_LATENT), dayLatentHi = statePair(lanes, count, 2, S_DAY_LATENT);
  let yearLevelLo = statePair(lanes, count, 0, S_YEAR_LEVEL), yearLevelHi = statePair(lanes, count, 2, S_YEAR_LEVEL);
  let startProbabilityLo = statePair(lanes, count, 0, S_SPIKE_START_PROBABILITY), startProbabilityHi = statePair(lanes, count, 2, S_SPIKE_START_PROBABILITY);
  let inScarcityLo = f64x2.ne(statePair(lanes, count, 0, S_IN_SCARCITY), zero), inScarcityHi = f64x2.ne(statePair(lanes, count, 2, S_IN_SCARCITY), zero);
  let scarcityLevelLo = statePair(lanes, count, 0, S_SCARCITY_LEVEL), scarcityLevelHi = statePair(lanes, count, 2, S_SCARCITY_LEVEL);
  const path0 = pathOf(lanes, count, 0, 0), path1 = pathOf(lanes, count, 1, 0), path2 = pathOf(lanes, count, 2, 0), path3 = pathOf(lanes, count, 3, 0);
  const step1 = stepOf(count, 1), step2 = stepOf(count, 2), step3 = stepOf(count, 3);
  let hour = from;
  while (hour < to) {
    // A new day's start (startDay, lane by lane), then its hours in a loop with no call for it
    // (a call in the loop costs every hour: docs/speed.md, point 28), up to the next day's start.
    let shapeSlot = localMonth == 0 ? slot : <i32>load<u8>(localMonth + <usize>hour) * 24 + <i32>load<u8>(localHour + <usize>hour);
    if (hour == 0 || shapeSlot % 24 == 0) {
      spillWords(scratch, w0, w1, w2, w3);
      for (let k = 0; k < count; k++) {
        wordsToGlobals(scratch, k);
        startDay(p, stateOf(lanes, count, k), hour, shapeSlot);
        wordsFromGlobals(scratch, k);
      }
      w0 = v128.load(scratch); w1 = v128.load(scratch, 16); w2 = v128.load(scratch, 32); w3 = v128.load(scratch, 48);
      dayLatentLo = statePair(lanes, count, 0, S_DAY_LATENT); dayLatentHi = statePair(lanes, count, 2, S_DAY_LATENT);
      yearLevelLo = statePair(lanes, count, 0, S_YEAR_LEVEL); yearLevelHi = statePair(lanes, count, 2, S_YEAR_LEVEL);
      startProbabilityLo = statePair(lanes, count, 0, S_SPIKE_START_PROBABILITY); startProbabilityHi = statePair(lanes, count, 2, S_SPIKE_START_PROBABILITY);
      inScarcityLo = f64x2.ne(statePair(lanes, count, 0, S_IN_SCARCITY), zero); inScarcityHi = f64x2.ne(statePair(lanes, count, 2, S_IN_SCARCITY), zero);
      scarcityLevelLo = statePair(lanes, count, 0, S_SCARCITY_LEVEL); scarcityLevelHi = statePair(lanes, count, 2, S_SCARCITY_LEVEL);
    }
    for (;;) {
      const slotAt = <usize>shapeSlot << 3;
      // The hour's normal.
      const j = i32x4.mul(rotl4(i32x4.mul(w1, FIVE), 7), NINE);
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
      if (table == 0) {
        deviationLo = f64x2.add(f64x2.mul(phi, deviationLo), f64x2.mul(sd, zLo));
        deviationHi = f64x2.add(f64x2.mul(phi, deviationHi), f64x2.mul(sd, zHi));
      } else {
        latentLo = f64x2.add(f64x2.mul(phi, latentLo), f64x2.mul(latentSd, zLo));
        latentHi = f64x2.add(f64x2.mul(phi, latentHi), f64x2.mul(latentSd, zHi));
        deviationLo = deviationAtLatentPair(table, f64x2.add(f64x2.mul(dayLoading, dayLatentLo), f64x2.mul(hourLoading, latentLo)));
        deviationHi = deviationAtLatentPair(table, f64x2.add(f64x2.mul(dayLoading, dayLatentHi), f64x2.mul(hourLoading, latentHi)));
      }
      const shapeValue = f64x2.splat(load<f64>(shape + slotAt));
      const scaleValue = f64x2.splat(scale == 0 ? 0 : load<f64>(scale + slotAt));
      let hourPriceLo = f64x2.mul(yearLevelLo, f64x2.add(shapeValue, scale == 0 ? deviationLo : f64x2.mul(deviationLo, scaleValue)));
      let hourPriceHi = f64x2.mul(yearLevelHi, f64x2.add(shapeValue, scale == 0 ? deviationHi : f64x2.mul(deviationHi, scaleValue)));
      // The hour's uniform, and the spikes: one continues while u < its chance; one starts when u < the start chance.
      const ju = i32x4.mul(rotl4(i32x4.mul(w1, FIVE), 7), NINE);
      const tu = i32x4.shl(w1, 9);
      w2 = v128.xor(w2, w0); w3 = v128.xor(w3, w1); w1 = v128.xor(w1, w2); w0 = v128.xor(w0, w3); w2 = v128.xor(w2, tu); w3 = rotl4(w3, 11);
      const uLo = uniformHalf(ju, false), uHi = uniformHalf(ju, true);
      const factorValue = f64x2.splat(factor == 0 ? 0 : load<f64>(factor + slotAt));
      const startLo = factor == 0 ? startProbabilityLo : f64x2.mul(startProbabilityLo, factorValue);
      const startHi = factor == 0 ? startProbabilityHi : f64x2.mul(startProbabilityHi, factorValue);
      const continuingLo = v128.and(inSpikeLo, f64x2.lt(uLo, spikeContinueProbability));
      const continuingHi = v128.and(inSpikeHi, f64x2.lt(uHi, spikeContinueProbability));
      const startingLo = v128.andnot(f64x2.lt(uLo, startLo), inSpikeLo);
      const startingHi = v128.andnot(f64x2.lt(uHi, startHi), inSpikeHi);
      const starting = maskBits(startingLo, startingHi) & live;
      if (starting != 0) {
        // A new event: given u < p, u / p is uniform on [0, 1); inverse-transform a Pareto level from it.
        v128.store(scratch, uLo, X_A); v128.store(scratch, uHi, X_A + 16);
        v128.store(scratch, startLo, X_B); v128.store(scratch, startHi, X_B + 16);
        v128.store(scratch, spikeLevelLo, X_C); v128.store(scratch, spikeLevelHi, X_C + 16);
        for (let k = 0; k < count; k++) {
          if ((starting & (1 << k)) == 0) continue;
          const at = scratch + (<usize>k << 3);
          store<f64>(at, spikeThreshold * jsPow(load<f64>(at, X_A) / load<f64>(at, X_B), -inverseAlpha), X_C);
        }
        spikeLevelLo = v128.load(scratch, X_C); spikeLevelHi = v128.load(scratch, X_C + 16);
      }
      inSpikeLo = v128.or(continuingLo, startingLo);
      inSpikeHi = v128.or(continuingHi, startingHi);
      hourPriceLo = v128.bitselect(spikeLevelLo, hourPriceLo, v128.and(inSpikeLo, f64x2.gt(spikeLevelLo, hourPriceLo)));
      hourPriceHi = v128.bitselect(spikeLevelHi, hourPriceHi, v128.and(inSpikeHi, f64x2.gt(spikeLevelHi, hourPriceHi)));
      hourPriceLo = v128.bitselect(scarcityLevelLo, hourPriceLo, v128.and(inScarcityLo, f64x2.gt(scarcityLevelLo, hourPriceLo)));
      hourPriceHi = v128.bitselect(scarcityLevelHi, hourPriceHi, v128.and(inScarcityHi, f64x2.gt(scarcityLevelHi, hourPriceHi)));
      priceLo = v128.bitselect(cap, v128.bitselect(floor, hourPriceLo, f64x2.lt(hourPriceLo, floor)), f64x2.gt(hourPriceLo, cap));
      priceHi = v128.bitselect(cap, v128.bitselect(floor, hourPriceHi, f64x2.lt(hourPriceHi, floor)), f64x2.gt(hourPriceHi, cap));
      const o = <usize>(hour - from) << 3;
      store<f64>(path0 + o, f64x2.extract_lane(priceLo, 0));
      store<f64>(path1 + o * step1, f64x2.extract_lane(priceLo, 1));
      store<f64>(path2 + o * step2, f64x2.extract_lane(priceHi, 0));
      store<f64>(path3 + o * step3, f64x2.extract_lane(priceHi, 1));
      if (++hour == to) break;
      shapeSlot = localMonth == 0 ? slot : <i32>load<u8>(localMonth + <usize>hour) * 24 + <i32>load<u8>(localHour + <usize>hour);
      if (shapeSlot % 24 == 0) break;
    }
  }
  spillWords(scratch, w0, w1, w2, w3);
  wordsHome(lanes, count);
  pairsHome(lanes, count, deviationLo, deviationHi, X_A, S_DEVIATION);
  pairsHome(lanes, count, latentLo, latentHi, X_A, S_LATENT);
  pairsHome(lanes, count, spikeLevelLo, spikeLevelHi, X_A, S_SPIKE_LEVEL);
  pairsHome(lanes, count, flagOf(inSpikeLo), flagOf(inSpikeHi), X_A, S_IN_SPIKE);
  pairsHome(lanes, count, priceLo, priceHi, X_A, S_PRICE);
}
