// The market processes' hours in AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs
// (loaded by src/markets/wasm.ts). Each process's model is written here once; its TypeScript class
// in src/markets/ holds the parameters, the path arrays and the documentation.
export { setZigguratTables, underDensityCheck } from "./random";

/** The first byte after the module's static data (AssemblyScript's exp table): the caller allocates from here up. */
export function heapBase(): usize {
  return __heap_base;
}

export { gbmReset, gbmHours, svReset, svHours, svVolatilityFactor } from "./btc";
export { powerSetParams, powerReset, powerHours, POWER_PARAMS_BYTES, POWER_STATE_BYTES } from "./power";
export { powerHoursLanes } from "./power-lanes";
export { btcHoursLanes } from "./btc-lanes";
export { LANES, LANE_BYTES, LANES_BYTES } from "./lanes";
export { latentTableCheck } from "./latent";
export { basisReset, basisHours, BASIS_STATE_BYTES } from "./basis";
export { feesSetParams, feesStepDay, feesSetLevel, FEES_PARAMS_BYTES, FEES_STATE_BYTES, FEES_BTC_PER_BLOCK, FEES_FAST, FEES_SLOW, FEES_FAST_DECAY, FEES_SLOW_DECAY } from "./fees";
export {
  supplySetParams, supplyStep, SUPPLY_PARAMS_BYTES, SUPPLY_STATE_BYTES, SUPPLY_LOG_HASHRATE, SUPPLY_ONLINE_SHARE, SUPPLY_LOG_ONLINE_SHARE, SUPPLY_LOG_CAPACITY,
  SUPPLY_ORDER_1, SUPPLY_ORDER_2, SUPPLY_EXP_NEGATIVE_MARGIN_OVER_SPREAD, SUPPLY_LAST_MARGIN, SUPPLY_LAST_DT_YEARS, SUPPLY_YEARS, SUPPLY_LOG_HASHPRICE, SUPPLY_NORMAL,
  SUPPLY_CHANGE,
} from "./supply";
export {
  networkSetParams, networkSetDaily, networkHours, NET_PARAMS_BYTES, NET_STATE_BYTES, NET_HEIGHT, NET_DIFFICULTY, NET_HASHRATE_HPS, NET_SUBSIDY_BTC,
  NET_HALVINGS_CROSSED, NET_FIRST_HALVING_HOUR, NET_SECOND_HALVING_HOUR, NET_THIRD_HALVING_HOUR, NET_RETARGETS, NET_FEES_BTC_PER_BLOCK,
  NET_LOG_HASHRATE, NET_SUPPLY_FACTOR_PER_HOUR, NET_EPOCH_START_HOUR, NET_NEXT_RETARGET_HEIGHT, NET_NEXT_HALVING_HEIGHT,
  NET_LOG_REWARD_BTC_PER_DAY, NET_LOG_START_BREAKEVEN, NET_DIVERGED_BLOCKS,
} from "./network";
