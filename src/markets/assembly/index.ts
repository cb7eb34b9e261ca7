// The market processes' hours in AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs
// (loaded by src/markets/wasm.ts). Each process's model is written here once; its TypeScript class
// in src/markets/ holds the parameters, the path arrays and the documentation.
export { setZigguratTables } from "./random";
export { gbmReset, gbmHours, svReset, svHours, svVolatilityFactor } from "./btc";
export { powerSetParams, powerReset, powerHours, POWER_PARAMS_BYTES, POWER_STATE_BYTES } from "./power";
export { basisReset, basisHours, BASIS_STATE_BYTES } from "./basis";
