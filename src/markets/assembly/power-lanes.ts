// The power price process's hours for up to four runs at once, one in each SIMD lane: the
// stream's words of the four runs in i32x4, each double as two f64x2 (Lo: lanes 0 and 1; Hi: 2
// and 3). Each lane makes power.ts's operations on its own run's state and stream, in the same
// order, so each run's path has the bits it has when its hours run alone. What is rare runs lane
// by lane in power.ts's scalar code, through a scratch block: the ziggurat's rare path, a spike's
// start (pow), a new day (startDay), and the latent table's lookup.
import { deviationAtLatent } from "./latent";
import { jsPow } from "./maths";
import { normalBeyond, setWords, word0, word1, word2, word3, zigguratBound, zigguratScale } from "./random";
import {
  P_CAP, P_DAY_LOADING, P_DEVIATION_BY_LATENT, P_DEVIATION_SCALE, P_FLOOR, P_HOUR_LOADING, P_INVERSE_ALPHA, P_LATENT_SD, P_PHI, P_SD, P_SHAPE,
  P_SPIKE_CONTINUE, P_SPIKE_START_FACTOR, P_SPIKE_THRESHOLD, S_DAY_LATENT, S_DEVIATION, S_IN_SCARCITY, S_IN_SPIKE, S_LATENT, S_PRICE,
  S_SCARCITY_LEVEL, S_SPIKE_LEVEL, S_SPIKE_START_PROBABILITY, S_YEAR_LEVEL, startDay,
} from "./power";

/** Bytes of a lane's entry in the lanes block: its state's, words' and path's addresses (u32 each). */
export const POWER_LANE_BYTES = 12;
/** Bytes of the lanes block (16-byte aligned): four entries, then from byte 64 the kernel's scratch. */
export const POWER_LANES_BYTES = 256;

// The scratch (at lanes + 64): the words' vectors (64 bytes), then four lanes' doubles by name.
const X_A = 64; // a value per lane (z, a latent argument, u)
const X_B = 96; // another (the spike start chance)
const X_C = 128; // the spike level
const X_J = 160; // the draws' 32 bits (i32 x 4); at 176, where a lane past count writes its prices

@inline function laneEntry(lanes: usize, count: i32, k: i32): usize {
  return lanes + <usize>(k < count ? k : 0) * POWER_LANE_BYTES;
}
@inline function stateOf(lanes: usize, count: i32, k: i32): usize {
  return <usize>load<u32>(laneEntry(lanes, count, k));
}
@inline function wordsOf(lanes: usize, count: i32, k: i32): usize {
  return <usize>load<u32>(laneEntry(lanes, count, k), 4);
}
/** Lanes k and k + 1's doubles at `offset` in their states. */
@inline function statePair(lanes: usize, count: i32, k: i32, offset: usize): v128 {
  return f64x2.replace_lane(f64x2.splat(load<f64>(stateOf(lanes, count, k) + offset)), 1, load<f64>(stateOf(lanes, count, k + 1) + offset));
}
/** The four lanes' word number `offset / 4`. */
@inline function wordLanes(lanes: usize, count: i32, offset: usize): v128 {
  let v = i32x4.splat(load<i32>(wordsOf(lanes, count, 0) + offset));
  v = i32x4.replace_lane(v, 1, load<i32>(wordsOf(lanes, count, 1) + offset));
  v = i32x4.replace_lane(v, 2, load<i32>(wordsOf(lanes, count, 2) + offset));
  return i32x4.replace_lane(v, 3, load<i32>(wordsOf(lanes, count, 3) + offset));
}
@inline function rotl4(x: v128, n: i32): v128 {
  return v128.or(i32x4.shl(x, n), i32x4.shr_u(x, 32 - n));
}
/** Table values at byte offsets i and k, as a pair. */
@inline function tablePair(table: usize, i: usize, k: usize): v128 {
  return f64x2.replace_lane(f64x2.splat(load<f64>(table + i)), 1, load<f64>(table + k));
}
/** A lane's words, from the scratch block to the random module's globals, and back. */
@inline function wordsToGlobals(SCRATCH: usize, k: i32): void {
  const at = SCRATCH + (<usize>k << 2);
  setWords(load<i32>(at), load<i32>(at, 16), load<i32>(at, 32), load<i32>(at, 48));
}
@inline function wordsFromGlobals(SCRATCH: usize, k: i32): void {
  const at = SCRATCH + (<usize>k << 2);
  store<i32>(at, word0());
  store<i32>(at, word1(), 16);
  store<i32>(at, word2(), 32);
  store<i32>(at, word3(), 48);
}
@inline function lanesMask(count: i32): i32 {
  return (1 << count) - 1;
}

/**
 * Hours from..to-1 of `count` runs (1 to 4): lane k's state, words and path at the lanes table's
 * entry k; its hour h's price written to path[h - from]. The shape slot as in powerHours.
 */
export function powerHoursLanes(p: usize, lanes: usize, count: i32, localMonth: usize, localHour: usize, slot: i32, from: i32, to: i32): void {
  const live = lanesMask(count);
  const SCRATCH = lanes + 64;
  let w0 = wordLanes(lanes, count, 0), w1 = wordLanes(lanes, count, 4), w2 = wordLanes(lanes, count, 8), w3 = wordLanes(lanes, count, 12);
  const five = i32x4.splat(5), nine = i32x4.splat(9);
  const bound = zigguratBound(), scaleTable = zigguratScale();
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
  const uniformStep = f64x2.splat(2.3283064365386963e-10);
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
  // Each lane's path, and 1 for a live lane (a lane past count writes nowhere: its step is 0 into the scratch block).
  const path0 = <usize>load<u32>(lanes, 8);
  const path1 = count > 1 ? <usize>load<u32>(lanes + POWER_LANE_BYTES, 8) : SCRATCH + 176;
  const path2 = count > 2 ? <usize>load<u32>(lanes + 2 * POWER_LANE_BYTES, 8) : SCRATCH + 176;
  const path3 = count > 3 ? <usize>load<u32>(lanes + 3 * POWER_LANE_BYTES, 8) : SCRATCH + 176;
  const step1: usize = count > 1 ? 1 : 0, step2: usize = count > 2 ? 1 : 0, step3: usize = count > 3 ? 1 : 0;
  for (let hour = from; hour < to; hour++) {
    const shapeSlot = localMonth == 0 ? slot : <i32>load<u8>(localMonth + <usize>hour) * 24 + <i32>load<u8>(localHour + <usize>hour);
    if (hour == 0 || shapeSlot % 24 == 0) {
      v128.store(SCRATCH, w0); v128.store(SCRATCH, w1, 16); v128.store(SCRATCH, w2, 32); v128.store(SCRATCH, w3, 48);
      for (let k = 0; k < count; k++) {
        wordsToGlobals(SCRATCH, k);
        startDay(p, stateOf(lanes, count, k), hour, shapeSlot);
        wordsFromGlobals(SCRATCH, k);
      }
      w0 = v128.load(SCRATCH); w1 = v128.load(SCRATCH, 16); w2 = v128.load(SCRATCH, 32); w3 = v128.load(SCRATCH, 48);
      dayLatentLo = statePair(lanes, count, 0, S_DAY_LATENT); dayLatentHi = statePair(lanes, count, 2, S_DAY_LATENT);
      yearLevelLo = statePair(lanes, count, 0, S_YEAR_LEVEL); yearLevelHi = statePair(lanes, count, 2, S_YEAR_LEVEL);
      startProbabilityLo = statePair(lanes, count, 0, S_SPIKE_START_PROBABILITY); startProbabilityHi = statePair(lanes, count, 2, S_SPIKE_START_PROBABILITY);
      inScarcityLo = f64x2.ne(statePair(lanes, count, 0, S_IN_SCARCITY), zero); inScarcityHi = f64x2.ne(statePair(lanes, count, 2, S_IN_SCARCITY), zero);
      scarcityLevelLo = statePair(lanes, count, 0, S_SCARCITY_LEVEL); scarcityLevelHi = statePair(lanes, count, 2, S_SCARCITY_LEVEL);
    }
    const slotAt = <usize>shapeSlot << 3;
    // The hour's normal: xoshiro128** in the four lanes, the ziggurat's common path in lanes, its rare path lane by lane.
    const j = i32x4.mul(rotl4(i32x4.mul(w1, five), 7), nine);
    const t = i32x4.shl(w1, 9);
    w2 = v128.xor(w2, w0); w3 = v128.xor(w3, w1); w1 = v128.xor(w1, w2); w0 = v128.xor(w0, w3); w2 = v128.xor(w2, t); w3 = rotl4(w3, 11);
    const i0 = <usize>(i32x4.extract_lane(j, 0) & 127) << 3, i1 = <usize>(i32x4.extract_lane(j, 1) & 127) << 3;
    const i2 = <usize>(i32x4.extract_lane(j, 2) & 127) << 3, i3 = <usize>(i32x4.extract_lane(j, 3) & 127) << 3;
    const jLo = f64x2.convert_low_i32x4_s(j), jHi = f64x2.convert_low_i32x4_s(i32x4.shuffle(j, j, 2, 3, 2, 3));
    const okLo = f64x2.lt(f64x2.abs(jLo), tablePair(bound, i0, i1)), okHi = f64x2.lt(f64x2.abs(jHi), tablePair(bound, i2, i3));
    let zLo = f64x2.mul(jLo, tablePair(scaleTable, i0, i1)), zHi = f64x2.mul(jHi, tablePair(scaleTable, i2, i3));
    const common = (i64x2.bitmask(okLo) | (i64x2.bitmask(okHi) << 2)) & live;
    if (common != live) {
      v128.store(SCRATCH, w0); v128.store(SCRATCH, w1, 16); v128.store(SCRATCH, w2, 32); v128.store(SCRATCH, w3, 48);
      v128.store(SCRATCH, zLo, X_A); v128.store(SCRATCH, zHi, X_A + 16); v128.store(SCRATCH, j, X_J);
      for (let k = 0; k < count; k++) {
        if ((common & (1 << k)) != 0) continue;
        wordsToGlobals(SCRATCH, k);
        store<f64>(SCRATCH + (<usize>k << 3), normalBeyond(load<i32>(SCRATCH + (<usize>k << 2), X_J)), X_A);
        wordsFromGlobals(SCRATCH, k);
      }
      w0 = v128.load(SCRATCH); w1 = v128.load(SCRATCH, 16); w2 = v128.load(SCRATCH, 32); w3 = v128.load(SCRATCH, 48);
      zLo = v128.load(SCRATCH, X_A); zHi = v128.load(SCRATCH, X_A + 16);
    }
    if (table == 0) {
      deviationLo = f64x2.add(f64x2.mul(phi, deviationLo), f64x2.mul(sd, zLo));
      deviationHi = f64x2.add(f64x2.mul(phi, deviationHi), f64x2.mul(sd, zHi));
    } else {
      latentLo = f64x2.add(f64x2.mul(phi, latentLo), f64x2.mul(latentSd, zLo));
      latentHi = f64x2.add(f64x2.mul(phi, latentHi), f64x2.mul(latentSd, zHi));
      v128.store(SCRATCH, f64x2.add(f64x2.mul(dayLoading, dayLatentLo), f64x2.mul(hourLoading, latentLo)), X_A);
      v128.store(SCRATCH, f64x2.add(f64x2.mul(dayLoading, dayLatentHi), f64x2.mul(hourLoading, latentHi)), X_A + 16);
      for (let k = 0; k < 4; k++) {
        const at = SCRATCH + (<usize>k << 3);
        store<f64>(at, deviationAtLatent(table, load<f64>(at, X_A)), X_A);
      }
      deviationLo = v128.load(SCRATCH, X_A); deviationHi = v128.load(SCRATCH, X_A + 16);
    }
    const shapeValue = f64x2.splat(load<f64>(shape + slotAt));
    const scaleValue = f64x2.splat(scale == 0 ? 0 : load<f64>(scale + slotAt));
    let hourPriceLo = f64x2.mul(yearLevelLo, f64x2.add(shapeValue, scale == 0 ? deviationLo : f64x2.mul(deviationLo, scaleValue)));
    let hourPriceHi = f64x2.mul(yearLevelHi, f64x2.add(shapeValue, scale == 0 ? deviationHi : f64x2.mul(deviationHi, scaleValue)));
    // The hour's uniform, and the spikes: one continues while u < its chance; one starts when u < the start chance.
    const ju = i32x4.mul(rotl4(i32x4.mul(w1, five), 7), nine);
    const tu = i32x4.shl(w1, 9);
    w2 = v128.xor(w2, w0); w3 = v128.xor(w3, w1); w1 = v128.xor(w1, w2); w0 = v128.xor(w0, w3); w2 = v128.xor(w2, tu); w3 = rotl4(w3, 11);
    const uLo = f64x2.mul(f64x2.convert_low_i32x4_u(ju), uniformStep);
    const uHi = f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(ju, ju, 2, 3, 2, 3)), uniformStep);
    const factorValue = f64x2.splat(factor == 0 ? 0 : load<f64>(factor + slotAt));
    const startLo = factor == 0 ? startProbabilityLo : f64x2.mul(startProbabilityLo, factorValue);
    const startHi = factor == 0 ? startProbabilityHi : f64x2.mul(startProbabilityHi, factorValue);
    const continuingLo = v128.and(inSpikeLo, f64x2.lt(uLo, spikeContinueProbability));
    const continuingHi = v128.and(inSpikeHi, f64x2.lt(uHi, spikeContinueProbability));
    const startingLo = v128.andnot(f64x2.lt(uLo, startLo), inSpikeLo);
    const startingHi = v128.andnot(f64x2.lt(uHi, startHi), inSpikeHi);
    const starting = (i64x2.bitmask(startingLo) | (i64x2.bitmask(startingHi) << 2)) & live;
    if (starting != 0) {
      // A new event: given u < p, u / p is uniform on [0, 1); inverse-transform a Pareto level from it.
      v128.store(SCRATCH, uLo, X_A); v128.store(SCRATCH, uHi, X_A + 16);
      v128.store(SCRATCH, startLo, X_B); v128.store(SCRATCH, startHi, X_B + 16);
      v128.store(SCRATCH, spikeLevelLo, X_C); v128.store(SCRATCH, spikeLevelHi, X_C + 16);
      for (let k = 0; k < count; k++) {
        if ((starting & (1 << k)) == 0) continue;
        const at = SCRATCH + (<usize>k << 3);
        store<f64>(at, spikeThreshold * jsPow(load<f64>(at, X_A) / load<f64>(at, X_B), -inverseAlpha), X_C);
      }
      spikeLevelLo = v128.load(SCRATCH, X_C); spikeLevelHi = v128.load(SCRATCH, X_C + 16);
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
  }
  // Each live lane's state and words back.
  v128.store(SCRATCH, w0); v128.store(SCRATCH, w1, 16); v128.store(SCRATCH, w2, 32); v128.store(SCRATCH, w3, 48);
  v128.store(SCRATCH, deviationLo, X_A); v128.store(SCRATCH, deviationHi, X_A + 16);
  v128.store(SCRATCH, latentLo, X_B); v128.store(SCRATCH, latentHi, X_B + 16);
  v128.store(SCRATCH, spikeLevelLo, X_C); v128.store(SCRATCH, spikeLevelHi, X_C + 16);
  for (let k = 0; k < count; k++) {
    const state = stateOf(lanes, count, k);
    const at = SCRATCH + (<usize>k << 3);
    store<f64>(state, load<f64>(at, X_A), S_DEVIATION);
    store<f64>(state, load<f64>(at, X_B), S_LATENT);
    store<f64>(state, load<f64>(at, X_C), S_SPIKE_LEVEL);
    const words = wordsOf(lanes, count, k);
    const w = SCRATCH + (<usize>k << 2);
    store<i32>(words, load<i32>(w));
    store<i32>(words, load<i32>(w, 16), 4);
    store<i32>(words, load<i32>(w, 32), 8);
    store<i32>(words, load<i32>(w, 48), 12);
  }
  v128.store(SCRATCH, f64x2.convert_low_i32x4_s(i32x4.shuffle(inSpikeLo, inSpikeHi, 0, 2, 4, 6)), X_A);
  v128.store(SCRATCH, f64x2.convert_low_i32x4_s(i32x4.shuffle(inSpikeLo, inSpikeHi, 4, 6, 4, 6)), X_A + 16);
  v128.store(SCRATCH, priceLo, X_B); v128.store(SCRATCH, priceHi, X_B + 16);
  for (let k = 0; k < count; k++) {
    const state = stateOf(lanes, count, k);
    const at = SCRATCH + (<usize>k << 3);
    // A lane's spike mask is -1 (true) or 0: stored as 1 or 0, as powerHours stores it.
    store<f64>(state, load<f64>(at, X_A) != 0 ? 1 : 0, S_IN_SPIKE);
    store<f64>(state, load<f64>(at, X_B), S_PRICE);
  }
}
