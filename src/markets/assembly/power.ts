// The power price process's hours (src/markets/power.ts holds its parameters and documents the
// model): a month x local-hour shape, an AR(1) deviation (or a latent normal with an hourly and a
// day-level part through a quantile table), Pareto spikes, multi-day scarcity events and a
// per-year regime, clamped to the floor and the cap. The same arithmetic in the same order as
// the model's text, so the same bits.
import { jsExp, jsPow } from "./maths";
import { deviationAtLatent } from "./latent";
import { normal, normalBeyond, normalCommon, output, setWords, uniform, uniformOf, word0, word1, word2, word3 } from "./random";

// The parameter block (written once by powerSetParams): doubles, then the tables' addresses.
export const P_PHI = 0;
export const P_SD = 8;
export const P_LATENT_SD = 16;
export const P_DAY_LOADING = 24;
export const P_HOUR_LOADING = 32;
export const P_SPIKE_CONTINUE = 40;
export const P_SPIKE_THRESHOLD = 48;
export const P_INVERSE_ALPHA = 56;
export const P_CAP = 64;
export const P_FLOOR = 72;
const P_SPIKE_PROBABILITY = 80;
const P_DAY_WEIGHT = 88;
const P_DAY_PERSISTENCE = 96;
const P_DAY_INNOVATION_SD = 104;
const P_SPIKE_DAY_SENSITIVITY = 112;
const P_SCARCITY_START_PER_DAY = 120;
const P_SCARCITY_CONTINUE = 128;
const P_SCARCITY_PERSISTENCE = 136;
const P_YEAR_LEVEL_SD_LOG = 144;
const P_YEAR_SPIKE_SD_LOG = 152;
export const P_SHAPE = 160;
export const P_DEVIATION_BY_LATENT = 164;
export const P_DEVIATION_SCALE = 168;
export const P_SPIKE_START_FACTOR = 172;
const P_SCARCITY_LEVELS = 176;
const P_SCARCITY_LEVEL_COUNT = 180;
/** Bytes of the parameter block. */
export const POWER_PARAMS_BYTES = 184;

// The state of a run.
export const S_DEVIATION = 0;
export const S_LATENT = 8;
export const S_IN_SPIKE = 16;
export const S_SPIKE_LEVEL = 24;
export const S_PRICE = 32;
export const S_DAY_LATENT = 40;
export const S_YEAR_LEVEL = 48;
const S_YEAR_SPIKINESS = 56;
export const S_SPIKE_START_PROBABILITY = 64;
export const S_IN_SCARCITY = 72;
export const S_SCARCITY_LEVEL = 80;
const S_SCARCITY_LATENT = 88;
const S_LAST_MONTH = 96;
/** Bytes of a run's state. */
export const POWER_STATE_BYTES = 104;

/** Table addresses are 0 where the model has no such table. */
export function powerSetParams(
  p: usize, phi: f64, sd: f64, latentSd: f64, dayLoading: f64, hourLoading: f64, spikeContinueProbability: f64,
  spikeThreshold: f64, inverseAlpha: f64, cap: f64, floor: f64, spikeProbability: f64, dayWeight: f64,
  dayPersistence: f64, dayInnovationSd: f64, spikeDaySensitivity: f64, scarcityStartPerDay: f64, scarcityContinue: f64,
  scarcityPersistence: f64, yearLevelSdLog: f64, yearSpikeSdLog: f64,
  shape: usize, deviationByLatent: usize, deviationScale: usize, spikeStartFactor: usize, scarcityLevels: usize, scarcityLevelCount: i32,
): void {
  store<f64>(p, phi, P_PHI);
  store<f64>(p, sd, P_SD);
  store<f64>(p, latentSd, P_LATENT_SD);
  store<f64>(p, dayLoading, P_DAY_LOADING);
  store<f64>(p, hourLoading, P_HOUR_LOADING);
  store<f64>(p, spikeContinueProbability, P_SPIKE_CONTINUE);
  store<f64>(p, spikeThreshold, P_SPIKE_THRESHOLD);
  store<f64>(p, inverseAlpha, P_INVERSE_ALPHA);
  store<f64>(p, cap, P_CAP);
  store<f64>(p, floor, P_FLOOR);
  store<f64>(p, spikeProbability, P_SPIKE_PROBABILITY);
  store<f64>(p, dayWeight, P_DAY_WEIGHT);
  store<f64>(p, dayPersistence, P_DAY_PERSISTENCE);
  store<f64>(p, dayInnovationSd, P_DAY_INNOVATION_SD);
  store<f64>(p, spikeDaySensitivity, P_SPIKE_DAY_SENSITIVITY);
  store<f64>(p, scarcityStartPerDay, P_SCARCITY_START_PER_DAY);
  store<f64>(p, scarcityContinue, P_SCARCITY_CONTINUE);
  store<f64>(p, scarcityPersistence, P_SCARCITY_PERSISTENCE);
  store<f64>(p, yearLevelSdLog, P_YEAR_LEVEL_SD_LOG);
  store<f64>(p, yearSpikeSdLog, P_YEAR_SPIKE_SD_LOG);
  store<u32>(p, <u32>shape, P_SHAPE);
  store<u32>(p, <u32>deviationByLatent, P_DEVIATION_BY_LATENT);
  store<u32>(p, <u32>deviationScale, P_DEVIATION_SCALE);
  store<u32>(p, <u32>spikeStartFactor, P_SPIKE_START_FACTOR);
  store<u32>(p, <u32>scarcityLevels, P_SCARCITY_LEVELS);
  store<i32>(p, scarcityLevelCount, P_SCARCITY_LEVEL_COUNT);
}

/** A new path with no deviation from the shape. */
export function powerReset(p: usize, state: usize): void {
  store<f64>(state, 0, S_DEVIATION);
  store<f64>(state, 0, S_LATENT);
  store<f64>(state, 0, S_IN_SPIKE);
  store<f64>(state, 0, S_DAY_LATENT);
  store<f64>(state, load<f64>(p, P_SPIKE_PROBABILITY), S_SPIKE_START_PROBABILITY);
  store<f64>(state, 0, S_IN_SCARCITY);
  store<f64>(state, 1, S_YEAR_LEVEL);
  store<f64>(state, 1, S_YEAR_SPIKINESS);
  store<f64>(state, -1, S_LAST_MONTH);
}

/**
 * Hours from..to-1, each hour's price written to path[h - from]. The shape slot of hour h is
 * localMonth[h] * 24 + localHour[h] (byte arrays), or `slot` for every hour when localMonth is 0.
 */
export function powerHours(p: usize, state: usize, words: usize, path: usize, localMonth: usize, localHour: usize, slot: i32, from: i32, to: i32): void {
  // The stream's words in locals (random.ts): a normal and a uniform a hour, a new day's draws through the globals.
  let w0 = load<i32>(words), w1 = load<i32>(words, 4), w2 = load<i32>(words, 8), w3 = load<i32>(words, 12);
  const shape = <usize>load<u32>(p, P_SHAPE);
  const table = <usize>load<u32>(p, P_DEVIATION_BY_LATENT);
  const scale = <usize>load<u32>(p, P_DEVIATION_SCALE);
  const factor = <usize>load<u32>(p, P_SPIKE_START_FACTOR);
  const phi = load<f64>(p, P_PHI);
  const sd = load<f64>(p, P_SD);
  const latentSd = load<f64>(p, P_LATENT_SD);
  const dayLoading = load<f64>(p, P_DAY_LOADING);
  const hourLoading = load<f64>(p, P_HOUR_LOADING);
  const spikeContinueProbability = load<f64>(p, P_SPIKE_CONTINUE);
  const spikeThreshold = load<f64>(p, P_SPIKE_THRESHOLD);
  const inverseAlpha = load<f64>(p, P_INVERSE_ALPHA);
  const cap = load<f64>(p, P_CAP);
  const floor = load<f64>(p, P_FLOOR);
  let deviation = load<f64>(state, S_DEVIATION);
  let latent = load<f64>(state, S_LATENT);
  let inSpike = load<f64>(state, S_IN_SPIKE) != 0;
  let spikeLevel = load<f64>(state, S_SPIKE_LEVEL);
  let priceNow = load<f64>(state, S_PRICE);
  // What a new day sets (startDay): read again after each.
  let dayLatent = load<f64>(state, S_DAY_LATENT);
  let yearLevel = load<f64>(state, S_YEAR_LEVEL);
  let spikeStartProbability = load<f64>(state, S_SPIKE_START_PROBABILITY);
  let inScarcity = load<f64>(state, S_IN_SCARCITY) != 0;
  let scarcityLevel = load<f64>(state, S_SCARCITY_LEVEL);
  for (let hour = from; hour < to; hour++) {
    const shapeSlot = localMonth == 0 ? slot : <i32>load<u8>(localMonth + <usize>hour) * 24 + <i32>load<u8>(localHour + <usize>hour);
    if (hour == 0 || shapeSlot % 24 == 0) {
      setWords(w0, w1, w2, w3);
      startDay(p, state, hour, shapeSlot);
      w0 = word0(); w1 = word1(); w2 = word2(); w3 = word3();
      dayLatent = load<f64>(state, S_DAY_LATENT);
      yearLevel = load<f64>(state, S_YEAR_LEVEL);
      spikeStartProbability = load<f64>(state, S_SPIKE_START_PROBABILITY);
      inScarcity = load<f64>(state, S_IN_SCARCITY) != 0;
      scarcityLevel = load<f64>(state, S_SCARCITY_LEVEL);
    }
    const slotAt = <usize>shapeSlot << 3;
    const j = output(w1);
    const t = w1 << 9; w2 ^= w0; w3 ^= w1; w1 ^= w2; w0 ^= w3; w2 ^= t; w3 = rotl<i32>(w3, 11);
    let z = normalCommon(j);
    if (z != z) {
      setWords(w0, w1, w2, w3);
      z = normalBeyond(j);
      w0 = word0(); w1 = word1(); w2 = word2(); w3 = word3();
    }
    if (table == 0) {
      deviation = phi * deviation + sd * z;
    } else {
      latent = phi * latent + latentSd * z;
      deviation = deviationAtLatent(table, dayLoading * dayLatent + hourLoading * latent);
    }
    let price = yearLevel * (load<f64>(shape + slotAt) + (scale == 0 ? deviation : deviation * load<f64>(scale + slotAt)));
    const ju = output(w1);
    const tu = w1 << 9; w2 ^= w0; w3 ^= w1; w1 ^= w2; w0 ^= w3; w2 ^= tu; w3 = rotl<i32>(w3, 11);
    const u = uniformOf(ju);
    if (inSpike) {
      inSpike = u < spikeContinueProbability;
    } else {
      const start = factor == 0 ? spikeStartProbability : spikeStartProbability * load<f64>(factor + slotAt);
      if (u < start) {
        // A new event: given u < p, u / p is uniform on [0, 1); inverse-transform a Pareto level from it.
        inSpike = true;
        spikeLevel = spikeThreshold * jsPow(u / start, -inverseAlpha);
      }
    }
    if (inSpike && spikeLevel > price) price = spikeLevel;
    if (inScarcity && scarcityLevel > price) price = scarcityLevel;
    priceNow = price > cap ? cap : price < floor ? floor : price;
    store<f64>(path + (<usize>(hour - from) << 3), priceNow);
  }
  store<f64>(state, deviation, S_DEVIATION);
  store<f64>(state, latent, S_LATENT);
  store<f64>(state, inSpike ? 1 : 0, S_IN_SPIKE);
  store<f64>(state, spikeLevel, S_SPIKE_LEVEL);
  store<f64>(state, priceNow, S_PRICE);
  store<i32>(words, w0);
  store<i32>(words, w1, 4);
  store<i32>(words, w2, 8);
  store<i32>(words, w3, 12);
}

/** A new local day: the year regime may change, the day level moves, the spike rate follows it, and a scarcity event may start or end. */
export function startDay(p: usize, state: usize, hour: i32, shapeSlot: i32): void {
  const month = shapeSlot / 24;
  const yearLevelSdLog = load<f64>(p, P_YEAR_LEVEL_SD_LOG);
  const yearSpikeSdLog = load<f64>(p, P_YEAR_SPIKE_SD_LOG);
  if ((yearLevelSdLog > 0 || yearSpikeSdLog > 0) && (hour == 0 || (month == 0 && load<f64>(state, S_LAST_MONTH) == 11))) {
    const a = yearLevelSdLog;
    const c = yearSpikeSdLog;
    store<f64>(state, jsExp(a * normal() - 0.5 * a * a), S_YEAR_LEVEL);
    store<f64>(state, jsExp(c * normal() - 0.5 * c * c), S_YEAR_SPIKINESS);
  }
  store<f64>(state, <f64>month, S_LAST_MONTH);
  const yearSpikiness = load<f64>(state, S_YEAR_SPIKINESS);
  const spikeProbability = load<f64>(p, P_SPIKE_PROBABILITY);
  if (load<f64>(p, P_DAY_WEIGHT) > 0) {
    const dayLatent = load<f64>(p, P_DAY_PERSISTENCE) * load<f64>(state, S_DAY_LATENT) + load<f64>(p, P_DAY_INNOVATION_SD) * normal();
    store<f64>(state, dayLatent, S_DAY_LATENT);
    const b = load<f64>(p, P_SPIKE_DAY_SENSITIVITY);
    const probability = yearSpikiness * spikeProbability * jsExp(b * dayLatent - 0.5 * b * b);
    store<f64>(state, probability < 1 ? probability : 1, S_SPIKE_START_PROBABILITY);
  } else {
    const probability = yearSpikiness * spikeProbability;
    store<f64>(state, probability < 1 ? probability : 1, S_SPIKE_START_PROBABILITY);
  }
  const levels = <usize>load<u32>(p, P_SCARCITY_LEVELS);
  if (levels != 0) {
    const u = uniform();
    const continuing = load<f64>(state, S_IN_SCARCITY) != 0;
    const inScarcity = continuing ? u < load<f64>(p, P_SCARCITY_CONTINUE) : u < load<f64>(p, P_SCARCITY_START_PER_DAY);
    store<f64>(state, inScarcity ? 1 : 0, S_IN_SCARCITY);
    if (inScarcity) {
      // The day's level: a latent normal, AR(1) from day to day within the event, through the level quantiles.
      const r = load<f64>(p, P_SCARCITY_PERSISTENCE);
      const z = normal();
      const latent = continuing && r > 0 ? r * load<f64>(state, S_SCARCITY_LATENT) + Math.sqrt(1 - r * r) * z : z;
      store<f64>(state, latent, S_SCARCITY_LATENT);
      store<f64>(state, load<f64>(p, P_CAP) * quantileAt(levels, load<i32>(p, P_SCARCITY_LEVEL_COUNT), normalCdf(latent)), S_SCARCITY_LEVEL);
    }
  }
}

/** Inverse CDF of a quantile table (values at probabilities (k + 0.5) / K) at u, linear between them. */
function quantileAt(quantiles: usize, count: i32, u: f64): f64 {
  const position = u * <f64>count - 0.5;
  const last = count - 1;
  if (position <= 0) return load<f64>(quantiles);
  if (position >= <f64>last) return load<f64>(quantiles + (<usize>last << 3));
  const i = <i32>position;
  const at = quantiles + (<usize>i << 3);
  const below = load<f64>(at);
  return below + (load<f64>(at, 8) - below) * (position - <f64>i);
}

/** Standard normal CDF (Abramowitz and Stegun 26.2.17), as src/markets/power.ts's normalCdf. */
function normalCdf(z: f64): f64 {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = 0.3989422804014327 * jsExp(-0.5 * z * z) * poly;
  return z >= 0 ? 1 - tail : tail;
}
