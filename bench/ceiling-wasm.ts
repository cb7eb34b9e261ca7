// Drives the WebAssembly build of bench/assembly/ceiling.ts: checks it against SiteRun on 20 runs
// of sims/bench-reference.json (the same run columns as bench/ceiling.ts), then times both,
// interleaved; then its two and four runs in SIMD lanes (runPair, runQuad) against one run at a
// time, each run's outputs and monthly sums checked to the bit first. Bundled and run by `npm run bench`:
//   node <bundle> <ceiling.wasm> [runs]
import { readFileSync } from "node:fs";
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { SiteRun } from "../src/site/simulation";
import { RandomStream, streamSeed } from "../src/engine/random";
import { ZIGGURAT_K, ZIGGURAT_W, ZIGGURAT_F } from "../src/engine/ziggurat";
import { runMetricIndex } from "../src/site/columns";

const wasmFile = process.argv[2];
const runs = Number(process.argv[3] ?? 40);
const plan = compilePlan(loadScenarioFile("sims/bench-reference.json"));
const s = plan.scenario;
const H = plan.hours;
const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmFile)), { env: { abort: () => { throw new Error("abort"); } } });
const ex = instance.exports as any;
const mem = ex.memory as WebAssembly.Memory;
let top = 65536;
const alloc = (bytes: number) => { const at = top; top += Math.ceil(bytes / 16) * 16; return at; };
const f64 = (at: number, n: number) => new Float64Array(mem.buffer, at, n);
const i32 = (at: number, n: number) => new Int32Array(mem.buffer, at, n);
const pK = alloc(1024), pW = alloc(1024), pF = alloc(1024);
f64(pK, 128).set(ZIGGURAT_K); f64(pW, 128).set(ZIGGURAT_W); f64(pF, 128).set(ZIGGURAT_F);
ex.setTables(pK, pW, pF);
const months = plan.calendar.months;
// The network, the same in every run: SiteRun computes its path once (docs/speed.md, point 18), and the kernel reads it.
const shared = new SiteRun(plan);
if (!shared.networkShared) throw new Error("the reference scenario's network should be shared by its runs");
const btcPerThPath = alloc(8 * H), subsidyPath = alloc(8 * H), feesPath = alloc(8 * H), difficultyPath = alloc(8 * H);
f64(btcPerThPath, H).set(shared.btcPerThHourByHour);
f64(subsidyPath, H).set(shared.network.subsidyBtcByHour.subarray(0, H));
f64(feesPath, H).set(shared.network.feesBtcPerBlockByHour.subarray(0, H));
f64(difficultyPath, H).set(shared.network.difficultyByHour.subarray(0, H));
const finalHashrateEhs = shared.network.hashrateHps / 1e18;
const words = alloc(48), itMw = alloc(8 * H), slot = alloc(4 * H), monthIndex = alloc(4 * H + 4), yearIndex = alloc(4 * H), discount = alloc(8 * H), shape = alloc(8 * 288);
const monthly = alloc(8 * months), monthlyEbitda = alloc(8 * months), monthEnd = alloc(32 * months), out = alloc(128);
{
  const phases = s.ai.halls[0].phases.map((p) => ({ hour: Math.round((Date.parse(p.start.length === 10 ? `${p.start}T00:00:00Z` : p.start) - plan.calendar.startMs) / 3_600_000), itMw: p.itMw }));
  let it = 0, k = 0;
  const a = f64(itMw, H);
  for (let h = 0; h < H; h++) { while (k < phases.length && phases[k].hour <= h) it = phases[k++].itMw; a[h] = it; }
  const sl = i32(slot, H), mi = i32(monthIndex, H + 1), yi = i32(yearIndex, H);
  for (let h = 0; h < H; h++) { sl[h] = plan.calendar.localMonth[h] * 24 + plan.calendar.localHour[h]; mi[h] = plan.calendar.monthIndex[h]; yi[h] = plan.calendar.yearIndex[h]; }
  mi[H] = -1;
  f64(discount, H).set(plan.discountFactor);
  f64(shape, 288).set((s.markets.power as { shapeUsdPerMwh: number[] }).shapeUsdPerMwh);
}
const btc = s.markets.btc as any, pw = s.markets.power as any;
const cls = plan.fleet.classes;
/** The kernels' arguments (run, runPair and runQuad take the same): the runs' words and where their results go, then the scenario's. */
function argsOf(words: number, monthlyAt: number, monthlyEbitdaAt: number, monthEndAt: number, outAt: number): number[] {
  return [H, words, itMw, slot, monthIndex, yearIndex, discount, shape, monthlyAt, monthlyEbitdaAt, monthEndAt, months, outAt,
    (btc.driftPerYear - 0 * 0) * (1 / 8760), btc.volatilityPerYear * Math.sqrt(1 / 8760), btc.startPriceUsd, pw.meanReversionPerHour, pw.deviationSdUsdPerMwh, pw.spikeProbabilityPerHour, pw.spikeThresholdUsdPerMwh, 1 / pw.spikeParetoAlpha, pw.capUsdPerMwh, pw.floorUsdPerMwh,
    plan.interconnectMw, cls[0].capacityMw, cls[1].capacityMw, cls[2].capacityMw, cls[0].thsPerSiteMw, cls[1].thsPerSiteMw, cls[2].thsPerSiteMw,
    btcPerThPath, subsidyPath, feesPath, difficultyPath, finalHashrateEhs];
}
function kernel(seed: number, run: number) {
  const w = i32(words, 8);
  w.set((new RandomStream(streamSeed(seed, run, "btc")) as any).words, 0);
  w.set((new RandomStream(streamSeed(seed, run, "power")) as any).words, 4);
  ex.run(...argsOf(words, monthly, monthlyEbitda, monthEnd, out));
  return f64(out, 14);
}
const OUT = ["mining_revenue_usd", "ai_revenue_usd", "power_cost_usd", "btc_mined", "mining_mwh", "ai_mwh", "curtailed_economic_mwh", "curtailed_capacity_mwh", "curtailed_hours", "restarts", "final_btc_price_usd", "final_network_hashrate_ehs", "mean_power_price_usd_per_mwh"];
const site = new SiteRun(plan);
let worst = 0, where = "";
for (let r = 0; r < 20; r++) {
  const m = site.simulate(1, r);
  const o = kernel(1, r);
  OUT.forEach((name, k) => { const want = m[runMetricIndex(name)]; const d = Math.abs(o[k] - want) / Math.max(Math.abs(want), 1e-300); if (d > worst) { worst = d; where = `${name} run ${r}: ${o[k]} vs ${want}`; } });
}
console.log(`wasm vs SiteRun on 20 runs: largest relative difference ${worst.toExponential(2)}${worst > 0 ? ` in ${where}` : ""}`);
for (let r = 0; r < 20; r++) kernel(1, 900 + r);
let best = Infinity, bestSite = Infinity;
for (let k = 0; k < 5; k++) {
  let t = process.hrtime.bigint();
  for (let r = 0; r < runs; r++) kernel(1, 1000 + r);
  best = Math.min(best, Number(process.hrtime.bigint() - t) / (runs * H));
  t = process.hrtime.bigint();
  for (let r = 0; r < runs; r++) site.simulate(1, 1000 + r);
  bestSite = Math.min(bestSite, Number(process.hrtime.bigint() - t) / (runs * H));
}
console.log(`best of 5 x ${runs} runs: wasm ${best.toFixed(1)} ns a site-hour, SiteRun ${bestSite.toFixed(1)} ns`);

// runPair and runQuad: two and four runs in SIMD lanes (bench/assembly/ceiling.ts). Each run's
// outputs and monthly sums must be run()'s bits; then each is timed against run() for the same
// runs, interleaved. The n runs' words go in 32 bytes apart, their monthly sums come back
// interleaved (run k of month i at n i + k) and their outputs 128 bytes apart.
function lanes(name: "runPair" | "runQuad", n: number, label: string) {
  if (typeof ex[name] !== "function") return;
  const words = alloc(32 * n), monthlyN = alloc(8 * n * months), ebitdaN = alloc(8 * n * months), monthEndN = alloc(32 * n * months), outN = alloc(128 * n);
  const call = (seed: number, run: number) => {
    const w = i32(words, 8 * n);
    for (let k = 0; k < n; k++) {
      w.set((new RandomStream(streamSeed(seed, run + k, "btc")) as any).words, 8 * k);
      w.set((new RandomStream(streamSeed(seed, run + k, "power")) as any).words, 8 * k + 4);
    }
    ex[name](...argsOf(words, monthlyN, ebitdaN, monthEndN, outN));
  };
  let differing = 0;
  for (let r = 0; r < 20; r += n) {
    const want = Array.from({ length: n }, (_, k) => ({ out: Array.from(kernel(1, r + k)), monthly: Array.from(f64(monthly, months)), ebitda: Array.from(f64(monthlyEbitda, months)) }));
    call(1, r);
    const o = f64(outN, 16 * n), m = f64(monthlyN, n * months), e = f64(ebitdaN, n * months);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < 14; i++) if (!Object.is(o[16 * k + i], want[k].out[i])) { if (differing++ < 5) console.log(`${name} run ${r + k} output ${i}: ${o[16 * k + i]} vs ${want[k].out[i]}`); }
      for (let i = 0; i < months; i++) if (!Object.is(m[n * i + k], want[k].monthly[i]) || !Object.is(e[n * i + k], want[k].ebitda[i])) { if (differing++ < 5) console.log(`${name} run ${r + k} month ${i} differs`); }
    }
  }
  console.log(`${name} vs run on 20 runs: ${differing === 0 ? "the same bits" : `${differing} values differ`}`);
  for (let r = 0; r < 20; r += n) call(1, 900 + r);
  let bestLanes = Infinity, bestRun = Infinity;
  for (let k = 0; k < 5; k++) {
    let t = process.hrtime.bigint();
    for (let r = 0; r < runs; r += n) call(1, 1000 + r);
    bestLanes = Math.min(bestLanes, Number(process.hrtime.bigint() - t) / (runs * H));
    t = process.hrtime.bigint();
    for (let r = 0; r < runs; r++) kernel(1, 1000 + r);
    bestRun = Math.min(bestRun, Number(process.hrtime.bigint() - t) / (runs * H));
  }
  console.log(`best of 5 x ${runs} runs: ${label} in lanes ${bestLanes.toFixed(1)} ns a site-hour, one at a time ${bestRun.toFixed(1)} ns`);
}
lanes("runPair", 2, "two runs");
lanes("runQuad", 4, "four runs");
