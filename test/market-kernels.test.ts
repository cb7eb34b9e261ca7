// The market kernels in WebAssembly (src/markets/assembly/, src/markets/wasm.ts): the committed
// module is the one its sources compile to; the kernels give the same bits as the hour written
// out in plain TypeScript with the same draws (an oracle kept here, not in src/); blocks of any
// length, and the memory growing between them, change nothing.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { RandomStream } from "../src/engine/random";
import { expOf } from "../src/engine/fastmath";
import { BasisProcess } from "../src/markets/basis";
import { BtcPriceProcess, BtcSvProcess } from "../src/markets/btc";
import { BLOCKS_PER_HALVING, BLOCKS_PER_RETARGET, expectedBlocksPerHour, NetworkProcess, retargetDifficulty, SATOSHI_PER_BTC, subsidySatAtHeight } from "../src/markets/network";
import { deviationByLatentTable, LATENT_RANGE, LATENT_STEPS, normalCdf, PowerPriceProcess, type PowerPriceParams } from "../src/markets/power";
import { KERNEL_BLOCK_HOURS, marketKernels } from "../src/markets/wasm";
import type { MarketProcess } from "../src/markets/process";
import { MARKETS_WASM_BASE64 } from "../src/markets/markets-wasm.generated";

const HOURS = 3 * 8760 + 17;
/** A calendar of local months and hours for HOURS hours from a local midnight on 1 January. */
const calendar = (() => {
  const localMonth = new Uint8Array(HOURS);
  const localHour = new Uint8Array(HOURS);
  for (let h = 0; h < HOURS; h++) {
    localHour[h] = h % 24;
    localMonth[h] = Math.min(11, Math.floor(((h / 24) % 365) / 30.5));
  }
  return { localMonth, localHour };
})();

describe("the market kernels' module", () => {
  it("is the one its AssemblyScript sources compile to (scripts/build-wasm.mjs)", async () => {
    const build = await import("../scripts/build-wasm.mjs");
    expect(build.generatedHash()).toBe(build.sourceHash());
    const compiled: Buffer = await build.compileKernels();
    expect(compiled.toString("base64")).toBe(MARKETS_WASM_BASE64.replace(/\s/g, ""));
  });

  it("scripts/build-wasm.mjs --check passes on the committed module", () => {
    expect(() => execFileSync(process.execPath, ["scripts/build-wasm.mjs", "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("a disposed process gives its paths, state and tables back at once: making and disposing processes again and again does not grow the memory", () => {
    const kernels = marketKernels();
    const make = () => {
      const power = new PowerPriceProcess(latentPower);
      const btc = new BtcSvProcess({ startPriceUsd: 1, driftPerYear: 0, volatilityPerYear: 0.5, volatilitySdLog: 0.4, volatilityHalfLifeDays: 30, jumps: { perYear: 0, meanLog: 0, sdLog: 0 } });
      const basis = new BasisProcess({ quantilesUsdPerMwh: [-1, 0, 1], persistencePerHour: 0.9, dayWeight: 0.3, dayPersistence: 0.5 });
      for (const p of [power, btc, basis]) p.reserveHours(87_600);
      power.reset(new RandomStream("dispose"));
      power.stepHours(0, 48, calendar);
      for (const p of [power, btc, basis]) p.dispose();
    };
    make();
    const bytes = kernels.heap().u8.length;
    for (let k = 0; k < 30; k++) make();
    // 30 more rounds of ~3 MB of paths each, in the same memory.
    expect(kernels.heap().u8.length).toBe(bytes);
  });

  it("gives back and reuses blocks, zeroed", () => {
    const kernels = marketKernels();
    const at = kernels.allocate(40);
    kernels.heap().f64[at >> 3] = 7;
    kernels.release(at, 40);
    expect(kernels.allocate(48)).toBe(at);
    expect(kernels.heap().f64[at >> 3]).toBe(0);
  });
});

/** The table's value at latent z, linear between grid points (src/markets/assembly/latent.ts). */
function deviationAtLatent(table: Float64Array, z: number): number {
  const position = (z + LATENT_RANGE) * (LATENT_STEPS / (2 * LATENT_RANGE));
  if (position <= 0) return table[0];
  if (position >= LATENT_STEPS) return table[LATENT_STEPS];
  const i = position | 0;
  return table[i] + (table[i + 1] - table[i]) * (position - i);
}

/** GBM's hour as the model states it, from the same stream. */
function gbmOracle(start: number, driftPerHour: number, sdPerHour: number, jumpP: number, jumpMean: number, jumpSd: number, rng: RandomStream, hours: number): Float64Array {
  const out = new Float64Array(hours);
  let price = start;
  for (let h = 0; h < hours; h++) {
    if (h > 0) {
      let change = driftPerHour + sdPerHour * rng.normal();
      if (jumpP > 0 && rng.uniform() < jumpP) change += jumpMean + jumpSd * rng.normal();
      price *= expOf(change);
    }
    out[h] = price;
  }
  return out;
}

/** The power price's hour (normal or quantile-table deviation, spikes, day level; no scarcity or year regime), from the same stream. */
function powerOracle(p: PowerPriceParams, rng: RandomStream, hours: number): Float64Array {
  const out = new Float64Array(hours);
  const table = p.deviationQuantilesUsdPerMwh ? deviationByLatentTable(p.deviationQuantilesUsdPerMwh) : null;
  const phi = p.meanReversionPerHour;
  const w = p.dayWeight ?? 0;
  const r = p.dayPersistence ?? 0;
  const b = p.spikeDaySensitivity ?? 0;
  let deviation = 0;
  let latent = 0;
  let dayLatent = 0;
  let inSpike = false;
  let spikeLevel = 0;
  let startP = 0;
  for (let h = 0; h < hours; h++) {
    const slot = calendar.localMonth[h] * 24 + calendar.localHour[h];
    if (h === 0 || slot % 24 === 0) {
      if (w > 0) {
        dayLatent = r * dayLatent + Math.sqrt(1 - r * r) * rng.normal();
        const q = 1 * p.spikeProbabilityPerHour * Math.exp(b * dayLatent - 0.5 * b * b);
        startP = q < 1 ? q : 1;
      } else {
        const q = 1 * p.spikeProbabilityPerHour;
        startP = q < 1 ? q : 1;
      }
    }
    if (table === null) deviation = phi * deviation + p.deviationSdUsdPerMwh * rng.normal();
    else {
      latent = phi * latent + Math.sqrt(1 - phi * phi) * rng.normal();
      deviation = deviationAtLatent(table, Math.sqrt(w) * dayLatent + Math.sqrt(1 - w) * latent);
    }
    let price = 1 * (p.shapeUsdPerMwh[slot] * p.scale + deviation);
    const u = rng.uniform();
    if (inSpike) inSpike = u < p.spikeContinueProbability;
    else if (u < startP) {
      inSpike = true;
      spikeLevel = p.spikeThresholdUsdPerMwh * Math.pow(u / startP, -1 / p.spikeParetoAlpha);
    }
    if (inSpike && spikeLevel > price) price = spikeLevel;
    out[h] = price > p.capUsdPerMwh ? p.capUsdPerMwh : price < p.floorUsdPerMwh ? p.floorUsdPerMwh : price;
  }
  return out;
}

const shape = Array.from({ length: 288 }, (_, k) => 30 + 10 * Math.sin(k / 7) + (k % 24));
const normalPower: PowerPriceParams = {
  shapeUsdPerMwh: shape,
  meanReversionPerHour: 0.93,
  deviationSdUsdPerMwh: 7,
  spikeProbabilityPerHour: 0.01,
  spikeContinueProbability: 0.6,
  spikeThresholdUsdPerMwh: 300,
  spikeParetoAlpha: 1.3,
  capUsdPerMwh: 5000,
  floorUsdPerMwh: -20,
  scale: 1.1,
};
const latentPower: PowerPriceParams = {
  ...normalPower,
  deviationQuantilesUsdPerMwh: Array.from({ length: 50 }, (_, k) => -25 + k * k * 0.05),
  dayWeight: 0.4,
  dayPersistence: 0.8,
  spikeDaySensitivity: 0.7,
};

/**
 * Steps a process through HOURS hours in blocks of the given lengths, cycling, and returns each
 * hour's value as `path()` holds it right after its block (a path array keeps only the hours of
 * its last block when it grows, as the hour loop reads it).
 */
function stepInBlocks(process: { stepHours(from: number, to: number, c: typeof calendar): void }, path: () => Float64Array, blocks: number[], first = 0): Float64Array {
  const out = new Float64Array(HOURS);
  let k = 0;
  for (let from = first; from < HOURS; ) {
    const to = Math.min(HOURS, from + blocks[k++ % blocks.length]);
    process.stepHours(from, to, calendar);
    out.set(path().subarray(from, to), from);
    from = to;
  }
  return out;
}
/** Sizes of blocks that no earlier allocation had (so that taking one grows the memory). */
let largeBytes = 8 * 1024 * 1024;

describe("the market kernels give the model's bits", () => {
  it("GBM with jumps: the same prices as the hour written out, in blocks of any length", () => {
    const params = { startPriceUsd: 60000, driftPerYear: 0.2, volatilityPerYear: 0.7, jumps: { perYear: 30, meanLog: -0.01, sdLog: 0.05 } };
    const want = gbmOracle(60000, (0.2 - 30 * -0.01) / 8760, 0.7 * Math.sqrt(1 / 8760), 30 / 8760, -0.01, 0.05, new RandomStream("gbm"), HOURS);
    for (const blocks of [[HOURS], [1], [KERNEL_BLOCK_HOURS - 1, 3, 700]]) {
      const process = new BtcPriceProcess(params);
      process.reset(new RandomStream("gbm"));
      expect(stepInBlocks(process, () => process.priceUsdByHour, blocks)).toEqual(want);
      expect(process.priceUsd).toBe(want[HOURS - 1]);
    }
  });

  it("stochastic volatility: stepping hour by hour and in blocks give the same bits", () => {
    const params = { startPriceUsd: 50000, driftPerYear: 0.1, volatilityPerYear: 0.6, volatilitySdLog: 0.4, volatilityHalfLifeDays: 20, jumps: { perYear: 10, meanLog: 0, sdLog: 0.04 } };
    const byHour = new BtcSvProcess(params);
    byHour.reset(new RandomStream("sv"));
    const want = new Float64Array(HOURS);
    for (let h = 0; h < HOURS; h++) {
      byHour.step(h);
      want[h] = byHour.priceUsd;
    }
    const inBlocks = new BtcSvProcess(params);
    inBlocks.reset(new RandomStream("sv"));
    expect(stepInBlocks(inBlocks, () => inBlocks.priceUsdByHour, [KERNEL_BLOCK_HOURS, 5, 1000])).toEqual(want);
    expect(inBlocks.volatilityFactor).toBe(byHour.volatilityFactor);
    expect(Number.isFinite(want[HOURS - 1]) && want[HOURS - 1] > 0).toBe(true);
  });

  for (const [name, params] of [["a normal deviation", normalPower], ["a quantile table and a day level", latentPower]] as const) {
    it(`power with ${name}: the same prices as the hour written out, in blocks of any length, the memory growing between blocks`, () => {
      const want = powerOracle(params, new RandomStream("power"), HOURS);
      expect(want.some((x) => x > 300)).toBe(true);
      for (const blocks of [[HOURS], [KERNEL_BLOCK_HOURS + 1, 24, 1]]) {
        const process = new PowerPriceProcess(params);
        process.reset(new RandomStream("power"));
        process.stepHours(0, 1000, calendar);
        const got = new Float64Array(HOURS);
        got.set(process.priceUsdPerMwhByHour.subarray(0, 1000));
        // Another process's tables after this one's: the memory grows, and this process's views must follow.
        const kernels = marketKernels();
        const growths = kernels.growths;
        largeBytes += 4096;
        const large = kernels.allocate(largeBytes);
        expect(kernels.growths).toBeGreaterThan(growths);
        got.set(stepInBlocks(process, () => process.priceUsdPerMwhByHour, blocks, 1000).subarray(1000), 1000);
        kernels.release(large, largeBytes);
        expect(got).toEqual(want);
      }
    });
  }

  it("basis: the same values as the hour written out, in blocks of any length", () => {
    const params = { quantilesUsdPerMwh: Array.from({ length: 40 }, (_, k) => -8 + 0.02 * k * k), persistencePerHour: 0.9, dayWeight: 0.35, dayPersistence: 0.7 };
    const rng = new RandomStream("basis");
    const table = deviationByLatentTable(params.quantilesUsdPerMwh);
    const phi = params.persistencePerHour;
    const rho = params.dayPersistence;
    let hourly = rng.normal();
    let day = rng.normal();
    const want = new Float64Array(HOURS);
    for (let h = 0; h < HOURS; h++) {
      if (h % 24 === 0 && h > 0) day = rho * day + Math.sqrt(1 - rho * rho) * rng.normal();
      hourly = phi * hourly + Math.sqrt(1 - phi * phi) * rng.normal();
      want[h] = deviationAtLatent(table, Math.sqrt(params.dayWeight) * day + Math.sqrt(1 - params.dayWeight) * hourly);
    }
    for (const blocks of [[HOURS], [7, KERNEL_BLOCK_HOURS * 2 + 3]]) {
      const process = new BasisProcess(params);
      process.reset(new RandomStream("basis"));
      expect(stepInBlocks(process, () => process.basisUsdPerMwhByHour, blocks)).toEqual(want);
    }
  });

  it("network (noisy trend, Poisson blocks): the same hashrate, difficulty, height and halving hours as the hour written out, across retargets and a halving", () => {
    const start = { height: 839_000, difficulty: 80e12, hashrateEhs: 600 };
    const growthPerYear = 0.5;
    const volatilityPerYear = 0.3;
    const net = new NetworkProcess({ startHeight: start.height, startDifficulty: start.difficulty, startHashrateEhs: start.hashrateEhs, feesBtcPerBlock: 0.05, blockArrivals: "poisson", hashrate: { model: "trend", growthPerYear, volatilityPerYear } });
    const hours = 4000;
    net.reserveHours(hours);
    net.reset(new RandomStream("network"));
    net.stepHours(0, hours, new Float64Array(hours));
    // The hour written out: hashrate step, the hour's values, then its blocks and the crossings they make.
    const rng = new RandomStream("network");
    let height = start.height;
    let difficulty = start.difficulty;
    let hashrate = start.hashrateEhs * 1e18;
    let logHashrate = Math.log(hashrate);
    const epochStartHeight = Math.floor(height / BLOCKS_PER_RETARGET) * BLOCKS_PER_RETARGET;
    let nextRetarget = epochStartHeight + BLOCKS_PER_RETARGET;
    let nextHalving = (Math.floor(height / BLOCKS_PER_HALVING) + 1) * BLOCKS_PER_HALVING;
    let epochStartHour = -(height - epochStartHeight) / expectedBlocksPerHour(hashrate, difficulty);
    let subsidy = subsidySatAtHeight(height) / SATOSHI_PER_BTC;
    let halvingHour = NaN;
    let retargets = 0;
    const crossTo = (newHeight: number, atHour: number) => {
      if (newHeight >= nextHalving) {
        halvingHour = atHour - (newHeight - nextHalving) / expectedBlocksPerHour(hashrate, difficulty);
        nextHalving += BLOCKS_PER_HALVING;
        subsidy = subsidySatAtHeight(newHeight) / SATOSHI_PER_BTC;
      }
      height = newHeight;
    };
    for (let h = 0; h < hours; h++) {
      if (h > 0) {
        const change = growthPerYear * (1 / 8760) + volatilityPerYear * Math.sqrt(1 / 8760) * rng.normal();
        logHashrate += change;
        hashrate *= expOf(change);
      }
      expect(net.hashrateHpsByHour[h]).toBe(hashrate);
      expect(net.difficultyByHour[h]).toBe(difficulty);
      expect(net.heightByHour[h]).toBe(height);
      expect(net.subsidyBtcByHour[h]).toBe(subsidy);
      const blocks = rng.poisson(expectedBlocksPerHour(hashrate, difficulty));
      let mined = 0;
      while (height + (blocks - mined) >= nextRetarget) {
        mined += nextRetarget - height;
        crossTo(nextRetarget, h + mined / blocks);
        difficulty = retargetDifficulty(difficulty, (h + mined / blocks - epochStartHour) * 3600);
        epochStartHour = h + mined / blocks;
        nextRetarget += BLOCKS_PER_RETARGET;
        retargets++;
      }
      crossTo(height + (blocks - mined), h + 1);
    }
    expect(retargets).toBeGreaterThan(1);
    expect(net.retargets).toBe(retargets);
    expect(net.halvingsCrossed).toBe(1);
    expect(net.firstHalvingHour).toBe(halvingHour);
    expect(net.height).toBe(height);
    expect(net.difficulty).toBe(difficulty);
  });

  it("the scarcity day level reads the model's normal CDF (a cap-level event lifts every hour of its day)", () => {
    const params: PowerPriceParams = { ...normalPower, scarcity: { perYear: 40, continueDayProbability: 0.5, levelQuantilesOfCap: [0.5, 0.8, 1] } };
    const process = new PowerPriceProcess(params);
    process.reset(new RandomStream("scarcity"));
    process.stepHours(0, HOURS, calendar);
    const path = process.priceUsdPerMwhByHour;
    let eventDays = 0;
    for (let day = 0; day < Math.floor(HOURS / 24); day++) {
      let low = Infinity;
      for (let h = day * 24; h < day * 24 + 24; h++) low = Math.min(low, path[h]);
      if (low >= 0.5 * 5000 * 0.99) eventDays++;
    }
    // 40 starts a year lasting 2 days on average: ~80 event days a year.
    expect(eventDays / 3).toBeGreaterThan(50);
    expect(eventDays / 3).toBeLessThan(120);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });
});

describe("the ziggurat's wedge test in the kernels", () => {
  it("decides y < Math.exp(a) as JavaScript does, at exp(a) and a few ulps either side, and far from it", () => {
    const kernels = marketKernels();
    const ulpsAway = (x: number, k: number) => {
      const bits = new BigInt64Array(new Float64Array([x]).buffer);
      bits[0] += BigInt(k);
      return new Float64Array(bits.buffer)[0];
    };
    let checked = 0;
    for (let k = 0; k < 400; k++) {
      // The wedges' arguments: -x^2/2 for x up to the ziggurat's R, 3.44.
      const a = -0.5 * (k * 0.0086) ** 2;
      const e = Math.exp(a);
      for (const y of [e, ...[1, 2, 3, 5, 100, 1e5].flatMap((d) => [ulpsAway(e, d), ulpsAway(e, -d)]), e * (1 - 1e-12), e * (1 + 1e-12), e * 0.5, e * 1.5, 0]) {
        expect(kernels.exports.underDensityCheck(y, a)).toBe(y < e ? 1 : 0);
        checked++;
      }
    }
    expect(checked).toBe(400 * 18);
  });
});

describe("market kernels stepping several runs at once in SIMD lanes", () => {
  it("the latent table read a pair of lanes at a time gives the bits of reading it one value at a time, beyond the grid's ends too", () => {
    const kernels = marketKernels();
    const table = deviationByLatentTable(Array.from({ length: 40 }, (_, k) => -8 + 0.02 * k * k));
    const zs = [-9, -6, -6 + 1e-12, -5.99, -1.2345, 0, 1e-9, 0.5, 2.75, 5.999, 6 - 1e-12, 6, 6.5, 40, ...Array.from({ length: 50 }, (_, k) => -6.3 + 0.2571 * k)];
    const bytes = 8 * zs.length;
    const [t, z, out, pairs] = [8 * table.length, bytes, bytes, bytes].map((n) => kernels.allocate(n));
    const heap = kernels.heap().f64;
    heap.set(table, t >> 3);
    heap.set(zs, z >> 3);
    kernels.exports.latentTableCheck(t, z, out, pairs, zs.length);
    const f64 = kernels.heap().f64;
    const one = f64.slice(out >> 3, (out >> 3) + zs.length);
    expect(f64.slice(pairs >> 3, (pairs >> 3) + zs.length)).toEqual(one);
    expect(one.map((_, k) => (Object.is(one[k], deviationAtLatent(table, zs[k])) ? 1 : 0)).every((x) => x === 1)).toBe(true);
    expect(one[0]).toBe(table[0]);
    expect(one[zs.indexOf(40)]).toBe(table[table.length - 1]);
  });

  // Every part of the power model on: a quantile table, a deviation scale and a spike start factor by slot, the day level, scarcity events and a year regime.
  const everyPart: PowerPriceParams = {
    ...latentPower,
    deviationScaleBySlot: shape.map((_, k) => 0.8 + (k % 24) / 60),
    spikeStartFactorBySlot: shape.map((_, k) => 0.5 + (k % 24) / 23),
    scarcity: { perYear: 6, continueDayProbability: 0.5, levelPersistence: 0.6, levelQuantilesOfCap: [0.3, 0.6, 0.9] },
    yearRegime: { levelSdLog: 0.2, spikeSdLog: 0.4 },
  };
  const gbm = { startPriceUsd: 60000, driftPerYear: 0.2, volatilityPerYear: 0.7, jumps: { perYear: 30, meanLog: -0.01, sdLog: 0.05 } };
  const sv = { startPriceUsd: 50000, driftPerYear: 0.1, volatilityPerYear: 0.6, volatilitySdLog: 0.6, volatilityHalfLifeDays: 20, jumps: { perYear: 10, meanLog: 0, sdLog: 0.04 } };
  type Laned = MarketProcess<typeof calendar> & { reserveHours(hours: number): void };
  /** What a process leaves: its paths, its value in force, its stream's words. */
  const leftBy: Record<string, (p: any) => Float64Array[]> = {
    power: (p: PowerPriceProcess) => [p.priceUsdPerMwhByHour.slice(0, HOURS), Float64Array.of(p.priceUsdPerMwh)],
    btc: (p: BtcPriceProcess | BtcSvProcess) => [p.priceUsdByHour.slice(0, HOURS), p.logPriceByHour.slice(0, HOURS), Float64Array.of(p.priceUsd, p.logPrice, "volatilityFactor" in p ? p.volatilityFactor : 1)],
  };
  const cases: [string, string, () => Laned][] = [
    ["power with a normal deviation and spikes", "power", () => new PowerPriceProcess(normalPower)],
    ["power with every part of the model", "power", () => new PowerPriceProcess(everyPart)],
    ["BTC price, GBM with jumps", "btc", () => new BtcPriceProcess(gbm)],
    ["BTC price, GBM without jumps", "btc", () => new BtcPriceProcess({ ...gbm, jumps: undefined })],
    ["BTC price, stochastic volatility with jumps", "btc", () => new BtcSvProcess(sv)],
  ];
  for (const [name, kind, make] of cases) {
    it(`${name}: each run's paths, state and stream the bits of the run stepped alone, 1 to 4 runs at once, in blocks of any length`, () => {
      const left = leftBy[kind];
      const alone = make();
      alone.reserveHours(HOURS);
      const want = (seed: string) => {
        const rng = new RandomStream(seed);
        alone.reset(rng);
        alone.stepHours(0, HOURS, calendar);
        return [...left(alone), Float64Array.from(rng.words)];
      };
      const lanes = [make(), make(), make(), make()];
      for (const lane of lanes) lane.reserveHours(HOURS);
      for (const [count, blocks] of [[4, [HOURS]], [4, [KERNEL_BLOCK_HOURS, 1, 700]], [3, [5000]], [2, [24, 3000]], [1, [9000]]] as const) {
        const seeds = Array.from({ length: count }, (_, k) => `${name} ${count} ${blocks[0]} ${k}`);
        const rngs = seeds.map((seed) => new RandomStream(seed));
        lanes.forEach((lane, k) => k < count && lane.reset(rngs[k]));
        const others = lanes.slice(1, count);
        let b = 0;
        for (let from = 0; from < HOURS; ) {
          const to = Math.min(HOURS, from + blocks[b++ % blocks.length]);
          lanes[0].stepHoursInLanes!(others, from, to, calendar);
          from = to;
        }
        seeds.forEach((seed, k) => {
          const got = [...left(lanes[k]), Float64Array.from(rngs[k].words)];
          want(seed).forEach((part, i) => expect(got[i], `run ${k} part ${i}`).toEqual(part));
        });
      }
      // The runs reach the kernels' rare paths: spikes (pow) and scarcity days; exp beyond ±1/32 (jumps, volatile hours).
      const path = want(`${name} rare`)[kind === "btc" ? 1 : 0];
      if (kind === "power") expect(path.some((x) => x > 300)).toBe(true);
      else expect(path.some((x, h) => h > 0 && Math.abs(x - path[h - 1]) > 1 / 32)).toBe(true);
    });
  }
});
