// The Bitcoin network's hours (src/markets/network.ts holds its parameters, its daily fee and supply
// steps, and documents the model): hashrate (a trend with noise, the responsive model, the supply
// model's daily change spread over the day, or a recorded path), then each hour's blocks, with
// difficulty retargets every 2016 blocks and the subsidy halving every 210,000, at the heights where
// they fall. The daily fee and supply steps are fees.ts's and supply.ts's, on their own parameters
// and state (networkSetDaily says where); the kernel draws their normals, in the order the model
// draws them.
import { FEES_BTC_PER_BLOCK, feesDay } from "./fees";
import { expOf, jsExp, jsLog, jsPow, jsRound } from "./maths";
import { loadWords, normal, storeWords, uniform } from "./random";
import { SUPPLY_CHANGE, SUPPLY_LOG_HASHPRICE, SUPPLY_LOG_HASHRATE, SUPPLY_NORMAL, SUPPLY_YEARS, supplyAdvance } from "./supply";

// The state of a run (f64 slots). Exported, so that src/markets/network.ts reads the same layout.
export const NET_HEIGHT: i32 = 0;
export const NET_DIFFICULTY: i32 = 8;
export const NET_HASHRATE_HPS: i32 = 16;
export const NET_SUBSIDY_BTC: i32 = 24;
export const NET_HALVINGS_CROSSED: i32 = 32;
export const NET_FIRST_HALVING_HOUR: i32 = 40;
export const NET_SECOND_HALVING_HOUR: i32 = 48;
export const NET_THIRD_HALVING_HOUR: i32 = 56;
export const NET_RETARGETS: i32 = 64;
export const NET_FEES_BTC_PER_BLOCK: i32 = 72;
export const NET_LOG_HASHRATE: i32 = 80;
export const NET_SUPPLY_FACTOR_PER_HOUR: i32 = 88;
export const NET_EPOCH_START_HOUR: i32 = 96;
export const NET_NEXT_RETARGET_HEIGHT: i32 = 104;
export const NET_NEXT_HALVING_HEIGHT: i32 = 112;
export const NET_LOG_REWARD_BTC_PER_DAY: i32 = 120;
export const NET_LOG_START_BREAKEVEN: i32 = 128;
/** When the hashrate diverged: the blocks the hour would have had. */
export const NET_DIVERGED_BLOCKS: i32 = 136;
export const NET_STATE_BYTES: i32 = 144;

// The parameters (f64 slots, written once by networkSetParams).
const P_MODEL = 0; // 0 trend, 1 responsive, 2 supply, 3 replay
const P_POISSON = 8;
const P_FEES = 16;
const P_GROWTH_PER_HOUR = 24;
const P_SD_PER_HOUR = 32;
const P_STEADY_TREND = 40;
const P_STEADY_TREND_FACTOR = 48;
const P_PULL_PER_HOUR = 56;
const P_BREAKEVEN_DECLINE_PER_HOUR = 64;
const P_SUPPLY_YEARS_AT_START = 72;
const P_REPLAY_DIFFICULTY = 80;
const P_REPLAY_HASHRATE = 84;
// The daily steps' parameters and state (addresses; 0 without them), ln(1e12) and the supply step's length in years.
const P_FEES_PARAMS = 88;
const P_FEES_STATE = 92;
const P_SUPPLY_PARAMS = 96;
const P_SUPPLY_STATE = 100;
const P_LN_TH = 104;
const P_SUPPLY_DT_YEARS = 112;
export const NET_PARAMS_BYTES: i32 = 120;

const BLOCKS_PER_RETARGET: f64 = 2016;
const TARGET_BLOCK_SECONDS: f64 = 600;
const BLOCKS_PER_HALVING: f64 = 210000;
const SATOSHI_PER_BTC: f64 = 100000000;
const INITIAL_SUBSIDY_SAT: f64 = 50 * 100000000;
const TWO_POW_32: f64 = 4294967296;
const YEARS_PER_HOUR: f64 = 1.0 / 8760;
const EXPECTED_BLOCKS_PER_DAY: f64 = 144;

export function networkSetParams(
  p: usize, model: i32, poisson: bool, fees: bool, growthPerHour: f64, sdPerHour: f64, steadyTrend: bool, steadyTrendFactorPerHour: f64,
  pullPerHour: f64, logBreakevenDeclinePerHour: f64, supplyYearsAtStart: f64, replayDifficulty: usize, replayHashrate: usize,
): void {
  store<f64>(p, <f64>model, P_MODEL);
  store<f64>(p, poisson ? 1 : 0, P_POISSON);
  store<f64>(p, fees ? 1 : 0, P_FEES);
  store<f64>(p, growthPerHour, P_GROWTH_PER_HOUR);
  store<f64>(p, sdPerHour, P_SD_PER_HOUR);
  store<f64>(p, steadyTrend ? 1 : 0, P_STEADY_TREND);
  store<f64>(p, steadyTrendFactorPerHour, P_STEADY_TREND_FACTOR);
  store<f64>(p, pullPerHour, P_PULL_PER_HOUR);
  store<f64>(p, logBreakevenDeclinePerHour, P_BREAKEVEN_DECLINE_PER_HOUR);
  store<f64>(p, supplyYearsAtStart, P_SUPPLY_YEARS_AT_START);
  store<u32>(p, <u32>replayDifficulty, P_REPLAY_DIFFICULTY);
  store<u32>(p, <u32>replayHashrate, P_REPLAY_HASHRATE);
}

/** Where the fee and supply steps' parameters and state are (0: the model has none), with ln(1e12) and the supply step's length, years. */
export function networkSetDaily(p: usize, feesParams: usize, feesState: usize, supplyParams: usize, supplyState: usize, lnTh: f64, supplyDtYears: f64): void {
  store<u32>(p, <u32>feesParams, P_FEES_PARAMS);
  store<u32>(p, <u32>feesState, P_FEES_STATE);
  store<u32>(p, <u32>supplyParams, P_SUPPLY_PARAMS);
  store<u32>(p, <u32>supplyState, P_SUPPLY_STATE);
  store<f64>(p, lnTh, P_LN_TH);
  store<f64>(p, supplyDtYears, P_SUPPLY_DT_YEARS);
}

/** Block subsidy in satoshis at a height: 50 BTC shifted right once per 210,000 blocks. */
function subsidySatAtHeight(height: f64): f64 {
  const halvings = Math.floor(height / BLOCKS_PER_HALVING);
  if (halvings >= 64) return 0;
  return Math.floor(INITIAL_SUBSIDY_SAT / jsPow(2, halvings));
}

@inline function expectedBlocksPerHour(hashrateHps: f64, difficulty: f64): f64 {
  return (3600 * hashrateHps) / (difficulty * TWO_POW_32);
}

/** Poisson draw with the given mean (src/engine/random.ts's poisson). */
function poissonDraw(mean: f64): f64 {
  if (mean <= 0) return 0;
  if (mean > 50) {
    const x = jsRound(mean + Math.sqrt(mean) * normal());
    return x < 0 ? 0 : x;
  }
  // product > e^-mean decided as JavaScript decides it, mostly without calling out to it (random.ts's
  // underDensity): AssemblyScript's own exp settles every product farther than 1e-12 of its value
  // from it, JavaScript's exp the rest (docs/speed.md, point 26).
  const near = Math.exp(-mean);
  const above = near * (1 + 1e-12);
  const below = near * (1 - 1e-12);
  let k: f64 = 0;
  let product = uniform();
  while (product > above || (product >= below && product > jsExp(-mean))) {
    k++;
    product *= uniform();
  }
  return k;
}

/**
 * Hours from..to-1: each hour's hashrate, its values written to the path blocks (difficulty,
 * subsidy, fees, hashrate, height before its blocks, at [h - from]), then its blocks mined.
 * btcLogPrice: ln of each hour's BTC price at [h - from] (read by the responsive model every hour,
 * by the supply model in the first hour of each day). The state the hours change is carried in locals and
 * stored before a crossing and at the end. Returns -1, or the hour at which the hashrate diverged
 * (its blocks in NET_DIVERGED_BLOCKS).
 */
export function networkHours(
  p: usize, s: usize, words: usize, from: i32, to: i32, btcLogPrice: usize,
  difficultyPath: usize, subsidyPath: usize, feesPath: usize, hashratePath: usize, heightPath: usize,
): i32 {
  loadWords(words);
  const model = <i32>load<f64>(p, P_MODEL);
  const poisson = load<f64>(p, P_POISSON) != 0;
  const fees = load<f64>(p, P_FEES) != 0;
  const replay = model == 3;
  const replayDifficulty = <usize>load<u32>(p, P_REPLAY_DIFFICULTY);
  const replayHashrate = <usize>load<u32>(p, P_REPLAY_HASHRATE);
  const growthPerHour = load<f64>(p, P_GROWTH_PER_HOUR);
  const sdPerHour = load<f64>(p, P_SD_PER_HOUR);
  const steadyTrend = load<f64>(p, P_STEADY_TREND) != 0;
  const steadyTrendFactorPerHour = load<f64>(p, P_STEADY_TREND_FACTOR);
  const pullPerHour = load<f64>(p, P_PULL_PER_HOUR);
  const logBreakevenDeclinePerHour = load<f64>(p, P_BREAKEVEN_DECLINE_PER_HOUR);
  const supplyYearsAtStart = load<f64>(p, P_SUPPLY_YEARS_AT_START);
  const feesParams = <usize>load<u32>(p, P_FEES_PARAMS);
  const feesState = <usize>load<u32>(p, P_FEES_STATE);
  const supplyParams = <usize>load<u32>(p, P_SUPPLY_PARAMS);
  const supplyState = <usize>load<u32>(p, P_SUPPLY_STATE);
  const lnTh = load<f64>(p, P_LN_TH);
  const supplyDtYears = load<f64>(p, P_SUPPLY_DT_YEARS);
  let height = load<f64>(s, NET_HEIGHT);
  let difficulty = load<f64>(s, NET_DIFFICULTY);
  let hashrateHps = load<f64>(s, NET_HASHRATE_HPS);
  let subsidyBtc = load<f64>(s, NET_SUBSIDY_BTC);
  let feesBtcPerBlock = load<f64>(s, NET_FEES_BTC_PER_BLOCK);
  let logHashrate = load<f64>(s, NET_LOG_HASHRATE);
  let supplyFactorPerHour = load<f64>(s, NET_SUPPLY_FACTOR_PER_HOUR);
  let nextRetargetHeight = load<f64>(s, NET_NEXT_RETARGET_HEIGHT);
  let nextHalvingHeight = load<f64>(s, NET_NEXT_HALVING_HEIGHT);
  let diverged: i32 = -1;
  // The supply model's hours between its daily steps (hour % 24 from 2 to 23) run in a loop of their
  // own with no call in it: with the daily steps' calls in the same loop, taken once a day, the
  // hour cost ~1.5x as much (docs/speed.md, point 28). Same operations, same bits.
  const quiet = model == 2 && !poisson && !replay;
  let hour = from;
  while (hour < to) {
    let blocks: f64 = 0;
    // Set when the quiet loop stepped this hour's hashrate and paths and left its blocks to mine.
    let pending = false;
    if (quiet && hour > 0 && hour % 24 >= 2) {
      let end = hour + (24 - hour % 24);
      if (end > to) end = to;
      for (;;) {
        const at = <usize>(hour - from) << 3;
        hashrateHps *= supplyFactorPerHour;
        store<f64>(difficultyPath + at, difficulty);
        store<f64>(subsidyPath + at, subsidyBtc);
        store<f64>(feesPath + at, feesBtcPerBlock);
        store<f64>(hashratePath + at, hashrateHps);
        store<f64>(heightPath + at, height);
        blocks = expectedBlocksPerHour(hashrateHps, difficulty);
        const newHeight = height + blocks;
        // A diverged hashrate, no blocks, or a retarget or halving crossed: the hour's blocks as below.
        if (!(blocks < 1e7) || !(blocks > 0) || newHeight >= nextRetargetHeight || newHeight >= nextHalvingHeight) {
          pending = true;
          break;
        }
        height = newHeight;
        if (++hour == end) break;
      }
      if (!pending) continue;
    }
    if (!pending) {
      const at = <usize>(hour - from) << 3;
      // The hour's hashrate (the model's step).
      if (fees && hour > 0 && hour % 24 == 0) {
        const fastNormal = normal();
        const slowNormal = normal();
        feesDay(feesParams, feesState, fastNormal, slowNormal);
        feesBtcPerBlock = load<f64>(feesState, FEES_BTC_PER_BLOCK);
        store<f64>(s, jsLog((subsidyBtc + feesBtcPerBlock) * EXPECTED_BLOCKS_PER_DAY), NET_LOG_REWARD_BTC_PER_DAY);
      }
      if (replay) {
        hashrateHps = load<f64>(replayHashrate + (<usize>hour << 3));
        difficulty = load<f64>(replayDifficulty + (<usize>hour << 3));
      } else if (hour > 0) {
        if (model == 2) {
          // The supply model: its daily step in the first hour of each day (hours 1, 25, ...), at that
          // hour's hashprice (from the reward, the BTC price and the model's own ln H), its change of
          // ln H spread over that hour and the 23 after it.
          if ((hour - 1) % 24 == 0) {
            store<f64>(supplyState, supplyYearsAtStart + <f64>hour * YEARS_PER_HOUR, SUPPLY_YEARS);
            store<f64>(supplyState, load<f64>(s, NET_LOG_REWARD_BTC_PER_DAY) + load<f64>(btcLogPrice + at) + lnTh - load<f64>(supplyState, SUPPLY_LOG_HASHRATE), SUPPLY_LOG_HASHPRICE);
            store<f64>(supplyState, normal(), SUPPLY_NORMAL);
            supplyAdvance(supplyParams, supplyState, supplyDtYears);
            supplyFactorPerHour = expOf(load<f64>(supplyState, SUPPLY_CHANGE) * (1.0 / 24));
          }
          hashrateHps *= supplyFactorPerHour;
        } else {
          // The trend (ln H grows by growthPerYear with noise), or the responsive model (ln H pulled
          // toward the hashrate at which revenue per H/s meets a falling breakeven hashprice).
          let drift = growthPerHour;
          if (model == 1) {
            const logBreakeven = load<f64>(s, NET_LOG_START_BREAKEVEN) - logBreakevenDeclinePerHour * <f64>hour;
            const logTarget = load<f64>(s, NET_LOG_REWARD_BTC_PER_DAY) + load<f64>(btcLogPrice + at) - logBreakeven;
            drift = pullPerHour * (logTarget - logHashrate);
          }
          const change = sdPerHour > 0 ? drift + sdPerHour * normal() : drift;
          logHashrate += change;
          hashrateHps *= steadyTrend ? steadyTrendFactorPerHour : expOf(change);
        }
      }
      store<f64>(difficultyPath + at, difficulty);
      store<f64>(subsidyPath + at, subsidyBtc);
      store<f64>(feesPath + at, feesBtcPerBlock);
      store<f64>(hashratePath + at, hashrateHps);
      store<f64>(heightPath + at, height);
      // The hour's blocks.
      const expected = expectedBlocksPerHour(hashrateHps, difficulty);
      blocks = poisson ? poissonDraw(expected) : expected;
    }
    // A diverged hashrate (Infinity or NaN) would never finish the retarget loop: stop the run instead.
    if (!(blocks < 1e7)) {
      store<f64>(s, blocks, NET_DIVERGED_BLOCKS);
      diverged = hour;
      break;
    }
    if (blocks <= 0) {
      hour++;
      continue;
    }
    const newHeight = height + blocks;
    if ((replay || newHeight < nextRetargetHeight) && newHeight < nextHalvingHeight) {
      height = newHeight;
    } else {
      store<f64>(s, height, NET_HEIGHT);
      store<f64>(s, difficulty, NET_DIFFICULTY);
      store<f64>(s, hashrateHps, NET_HASHRATE_HPS);
      store<f64>(s, subsidyBtc, NET_SUBSIDY_BTC);
      store<f64>(s, feesBtcPerBlock, NET_FEES_BTC_PER_BLOCK);
      store<f64>(s, nextRetargetHeight, NET_NEXT_RETARGET_HEIGHT);
      store<f64>(s, nextHalvingHeight, NET_NEXT_HALVING_HEIGHT);
      mineCrossing(s, hour, blocks, replay);
      height = load<f64>(s, NET_HEIGHT);
      difficulty = load<f64>(s, NET_DIFFICULTY);
      subsidyBtc = load<f64>(s, NET_SUBSIDY_BTC);
      nextRetargetHeight = load<f64>(s, NET_NEXT_RETARGET_HEIGHT);
      nextHalvingHeight = load<f64>(s, NET_NEXT_HALVING_HEIGHT);
    }
    hour++;
  }
  store<f64>(s, height, NET_HEIGHT);
  store<f64>(s, difficulty, NET_DIFFICULTY);
  store<f64>(s, hashrateHps, NET_HASHRATE_HPS);
  store<f64>(s, subsidyBtc, NET_SUBSIDY_BTC);
  store<f64>(s, feesBtcPerBlock, NET_FEES_BTC_PER_BLOCK);
  store<f64>(s, logHashrate, NET_LOG_HASHRATE);
  store<f64>(s, supplyFactorPerHour, NET_SUPPLY_FACTOR_PER_HOUR);
  store<f64>(s, nextRetargetHeight, NET_NEXT_RETARGET_HEIGHT);
  store<f64>(s, nextHalvingHeight, NET_NEXT_HALVING_HEIGHT);
  storeWords(words);
  return diverged;
}

/** An hour whose blocks cross a retarget or a halving height. */
function mineCrossing(s: usize, hour: i32, blocks: f64, replay: bool): void {
  let minedThisHour: f64 = 0;
  while (!replay && load<f64>(s, NET_HEIGHT) + (blocks - minedThisHour) >= load<f64>(s, NET_NEXT_RETARGET_HEIGHT)) {
    minedThisHour += load<f64>(s, NET_NEXT_RETARGET_HEIGHT) - load<f64>(s, NET_HEIGHT);
    crossTo(s, load<f64>(s, NET_NEXT_RETARGET_HEIGHT), <f64>hour + minedThisHour / blocks);
    const crossingHour = <f64>hour + minedThisHour / blocks;
    // The next difficulty after an epoch that took actualSeconds: D * clamp(2016 * 600 / actual, 1/4, 4).
    let ratio = (BLOCKS_PER_RETARGET * TARGET_BLOCK_SECONDS) / ((crossingHour - load<f64>(s, NET_EPOCH_START_HOUR)) * 3600);
    if (ratio > 4) ratio = 4;
    else if (ratio < 0.25) ratio = 0.25;
    store<f64>(s, load<f64>(s, NET_DIFFICULTY) * ratio, NET_DIFFICULTY);
    store<f64>(s, crossingHour, NET_EPOCH_START_HOUR);
    store<f64>(s, load<f64>(s, NET_NEXT_RETARGET_HEIGHT) + BLOCKS_PER_RETARGET, NET_NEXT_RETARGET_HEIGHT);
    store<f64>(s, load<f64>(s, NET_RETARGETS) + 1, NET_RETARGETS);
  }
  crossTo(s, load<f64>(s, NET_HEIGHT) + (blocks - minedThisHour), <f64>hour + 1);
}

/** Sets the height, updating the subsidy (and the halving record) if a multiple of 210,000 is crossed. */
function crossTo(s: usize, newHeight: f64, atHour: f64): void {
  if (newHeight >= load<f64>(s, NET_NEXT_HALVING_HEIGHT)) {
    const before = Math.floor(load<f64>(s, NET_HEIGHT) / BLOCKS_PER_HALVING);
    const after = Math.floor(newHeight / BLOCKS_PER_HALVING);
    store<f64>(s, (after + 1) * BLOCKS_PER_HALVING, NET_NEXT_HALVING_HEIGHT);
    // The hours of the first three halvings crossed (one hour's blocks never span two halvings):
    // blocks arrive at a constant rate within the hour, so interpolate linearly back from atHour.
    const rate = expectedBlocksPerHour(load<f64>(s, NET_HASHRATE_HPS), load<f64>(s, NET_DIFFICULTY));
    const halvingHour = atHour - (newHeight - (before + 1) * BLOCKS_PER_HALVING) / rate;
    const crossed = load<f64>(s, NET_HALVINGS_CROSSED);
    if (crossed == 0) store<f64>(s, halvingHour, NET_FIRST_HALVING_HOUR);
    else if (crossed == 1) store<f64>(s, halvingHour, NET_SECOND_HALVING_HOUR);
    else if (crossed == 2) store<f64>(s, halvingHour, NET_THIRD_HALVING_HOUR);
    store<f64>(s, crossed + (after - before), NET_HALVINGS_CROSSED);
    const subsidyBtc = subsidySatAtHeight(newHeight) / SATOSHI_PER_BTC;
    store<f64>(s, subsidyBtc, NET_SUBSIDY_BTC);
    store<f64>(s, jsLog((subsidyBtc + load<f64>(s, NET_FEES_BTC_PER_BLOCK)) * EXPECTED_BLOCKS_PER_DAY), NET_LOG_REWARD_BTC_PER_DAY);
  }
  store<f64>(s, newHeight, NET_HEIGHT);
}
