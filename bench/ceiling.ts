// How fast plain JavaScript can do hashgrid's own hour on sims/bench-reference.json: the same
// model as SiteRun (the same draws from the same streams, the same arithmetic in the same order),
// hand-specialised to that scenario in one function with every state in locals, the way the
// issue's prototype of the reference model is written. A measurement, not a path users run:
// it checks its results against SiteRun's for the same runs, then prints nanoseconds a site-hour
// for both, interleaved.
//
//   npx esbuild bench/ceiling.ts --bundle --platform=node --outfile=dist/_ceiling.cjs && node dist/_ceiling.cjs [--runs N] [--repeats K]
// (bundled, as the CLI is: under tsx, hot loops that read imported constants run several times slower)
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { SiteRun } from "../src/site/simulation";
import { RandomStream, streamSeed } from "../src/engine/random";
import { ZIGGURAT_K as K_TABLE, ZIGGURAT_W as W_TABLE } from "../src/engine/ziggurat";
import { runMetricIndex } from "../src/site/columns";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const runs = option("--runs", 100);
const repeats = option("--repeats", 5);

const plan = compilePlan(loadScenarioFile("sims/bench-reference.json"));
const s = plan.scenario;
const H = plan.hours;
if (s.markets.btc.model !== "gbm" || s.markets.power.model !== "stochastic" || s.markets.network.hashrate.model !== "trend") throw new Error("not the reference scenario");

// The schedule: what does not depend on the draws, per hour (IT online from the halls' phases).
const itMwByHour = new Float64Array(H);
{
  const phases = s.ai.halls[0].phases.map((p) => ({ hour: Math.round((Date.parse(p.start.length === 10 ? `${p.start}T00:00:00Z` : p.start) - plan.calendar.startMs) / 3_600_000), itMw: p.itMw }));
  let it = 0;
  let k = 0;
  for (let h = 0; h < H; h++) {
    while (k < phases.length && phases[k].hour <= h) it = phases[k++].itMw;
    itMwByHour[h] = it;
  }
}
const K = Float64Array.from(K_TABLE);
const W = Float64Array.from(W_TABLE);
const monthIndex = plan.calendar.monthIndex;
const yearIndex = plan.calendar.yearIndex;
const discount = plan.discountFactor;
const months = plan.calendar.months;
const shape = Float64Array.from(s.markets.power.shapeUsdPerMwh);
const slotOf = Int32Array.from({ length: H }, (_, h) => plan.calendar.localMonth[h] * 24 + plan.calendar.localHour[h]);
const classes = plan.fleet.classes;
const C = classes.length;
const capacity = Float64Array.from(classes, (c) => c.capacityMw);
const ths = Float64Array.from(classes, (c) => c.thsPerSiteMw);

// One run's results, in this order.
const OUT = ["mining_revenue_usd", "ai_revenue_usd", "power_cost_usd", "btc_mined", "mining_mwh", "ai_mwh", "curtailed_economic_mwh", "curtailed_capacity_mwh", "curtailed_hours", "restarts", "final_btc_price_usd", "final_network_hashrate_ehs", "mean_power_price_usd_per_mwh"] as const;
const out = new Float64Array(OUT.length);
const monthly = new Float64Array(months);
const monthlyEbitda = new Float64Array(months);
const monthEnd = new Float64Array(4 * months);
/** Figures SiteRun keeps that the check does not compare, summed here so that their work is not optimised away. */
const kept = new Float64Array(1);
const words = new Int32Array(12);
// The network: a steady trend, the same in every run; SiteRun computes its path once (docs/speed.md,
// point 18) and so does the kernel, taking it from there.
const sharedSite = new SiteRun(plan);
if (!sharedSite.networkShared) throw new Error("the reference scenario's network should be shared by its runs");
const btcPerThHourByHour = sharedSite.btcPerThHourByHour;
const difficultyByHour = sharedSite.network.difficultyByHour;
const subsidyByHour = sharedSite.network.subsidyBtcByHour;
const feesByHour = sharedSite.network.feesBtcPerBlockByHour;
const finalHashrateEhs = sharedSite.network.hashrateHps / 1e18;
const scratch = new RandomStream("");
const scratchWords = (scratch as unknown as { words: Int32Array }).words;
const beyond = (scratch as unknown as { normalBeyond(j: number): void }).normalBeyond.bind(scratch);
const beyondDraw = (scratch as unknown as { beyond: Float64Array }).beyond;

function seedRun(seed: number, run: number): void {
  const names = ["btc", "power"];
  for (let k = 0; k < 2; k++) words.set((new RandomStream(streamSeed(seed, run, names[k])) as unknown as { words: Int32Array }).words, 4 * k);
}

/** The ziggurat's rare path with the generator's words handed over and back. */
function rareNormal(j: number, at: number): number {
  scratchWords.set(words.subarray(at, at + 4));
  beyond(j);
  words.set(scratchWords, at);
  return beyondDraw[0];
}

function kernel(): void {
  const btc = s.markets.btc as { driftPerYear: number; volatilityPerYear: number; startPriceUsd: number };
  const pw = s.markets.power as { meanReversionPerHour: number; deviationSdUsdPerMwh: number; spikeProbabilityPerHour: number; spikeThresholdUsdPerMwh: number; spikeParetoAlpha: number; capUsdPerMwh: number; floorUsdPerMwh: number };
  const driftPerHour = (btc.driftPerYear - 0 * 0) * (1 / 8760);
  const sdPerHour = btc.volatilityPerYear * Math.sqrt(1 / 8760);
  const phi = pw.meanReversionPerHour;
  const sd = pw.deviationSdUsdPerMwh;
  const spikeStart = pw.spikeProbabilityPerHour;
  const threshold = pw.spikeThresholdUsdPerMwh;
  const inverseAlpha = 1 / pw.spikeParetoAlpha;
  const cap = pw.capUsdPerMwh;
  const floor = pw.floorUsdPerMwh;
  const interconnect = plan.interconnectMw;
  const c0 = capacity[0], c1 = capacity[1], c2 = capacity[2];
  const t0 = ths[0], t1 = ths[1], t2 = ths[2];
  // Generator words in locals: btc a..d, power e..h.
  let a = words[0], b = words[1], c = words[2], d = words[3];
  let e = words[4], f = words[5], g = words[6], q = words[7];
  let logPrice = Math.log(btc.startPriceUsd);
  let price = btc.startPriceUsd;
  let deviation = 0;
  let inSpike = false;
  let spikeLevel = 0;
  let on0 = 1, on1 = 1, on2 = 1;
  let miningRevenue = 0, aiRevenue = 0, miningPowerCost = 0, btcMined = 0, miningMwh = 0, aiMwh = 0;
  let curtailedEconomic = 0, curtailedCapacity = 0, curtailedHours = 0, restarts = 0, npv = 0, priceSum = 0;
  let firstYearMiningRevenue = 0, firstYearMiningMwh = 0, lastYearEbitda = 0, cumulativeCash = 0;
  monthly.fill(0);
  monthlyEbitda.fill(0);
  for (let h = 0; h < H; h++) {
    // BTC: GBM, e^change by the same polynomial as expOf.
    if (h > 0) {
      let t = Math.imul(b, 5);
      let j = Math.imul((t << 7) | (t >>> 25), 9);
      t = b << 9; c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
      let z = 0;
      const i = j & 127;
      if (Math.abs(j) < K[i]) z = j * W[i];
      else {
        words[0] = a; words[1] = b; words[2] = c; words[3] = d;
        z = rareNormal(j, 0);
        a = words[0]; b = words[1]; c = words[2]; d = words[3];
      }
      const x = driftPerHour + sdPerHour * z;
      logPrice += x;
      const x2 = x * x;
      price *= x > 1 / 32 || x < -1 / 32 ? Math.exp(x) : 1 + (x + (x2 * (0.5 + x * (1 / 6)) + x2 * x2 * (1 / 24 + x * (1 / 120) + x2 * (1 / 720 + x * (1 / 5040)))));
      j = 0;
    }
    // Power: AR(1) deviation on the shape, a uniform for spikes, cap and floor.
    {
      let t = Math.imul(f, 5);
      const j = Math.imul((t << 7) | (t >>> 25), 9);
      t = f << 9; g ^= e; q ^= f; f ^= g; e ^= q; g ^= t; q = (q << 11) | (q >>> 21);
      let z = 0;
      const i = j & 127;
      if (Math.abs(j) < K[i]) z = j * W[i];
      else {
        words[4] = e; words[5] = f; words[6] = g; words[7] = q;
        z = rareNormal(j, 4);
        e = words[4]; f = words[5]; g = words[6]; q = words[7];
      }
      deviation = phi * deviation + sd * z;
    }
    let powerPrice = 1 * (shape[slotOf[h]] + deviation);
    {
      let t = Math.imul(f, 5);
      const j = Math.imul((t << 7) | (t >>> 25), 9);
      t = f << 9; g ^= e; q ^= f; f ^= g; e ^= q; g ^= t; q = (q << 11) | (q >>> 21);
      const u = (j >>> 0) * 2.3283064365386963e-10;
      if (inSpike) inSpike = u < 0;
      else if (u < spikeStart) {
        inSpike = true;
        spikeLevel = threshold * Math.pow(u / spikeStart, -inverseAlpha);
      }
    }
    if (inSpike && spikeLevel > powerPrice) powerPrice = spikeLevel;
    powerPrice = powerPrice > cap ? cap : powerPrice < floor ? floor : powerPrice;
    // Network: the same in every run, computed once (as SiteRun shares it): BTC per TH/s-hour read.
    const btcPerThHour = btcPerThHourByHour[h];
    const cost = powerPrice + 0 + 0;
    // The hall: colocation, served first.
    const itMw = itMwByHour[h];
    const aiDemand = itMw * (1 + (1 - 1) * 1) * 1;
    const aiServed = aiDemand <= interconnect ? aiDemand : interconnect;
    const aiRevenueHour = itMw * (0 * 1 + 2000) * 1 * 1 * (aiDemand > 0 ? aiServed / aiDemand : 1);
    // Mining in merit order, branch-free on the economics.
    let room = interconnect - aiServed - 0;
    const run0 = t0 * btcPerThHour * price - 0 > cost ? 1 : 0;
    const run1 = t1 * btcPerThHour * price - 0 > cost ? 1 : 0;
    const run2 = t2 * btcPerThHour * price - 0 > cost ? 1 : 0;
    const r0 = room > 0 ? room : 0;
    const m0 = run0 * (c0 <= r0 ? c0 : r0);
    room -= m0;
    const r1 = room > 0 ? room : 0;
    const m1 = run1 * (c1 <= r1 ? c1 : r1);
    room -= m1;
    const r2 = room > 0 ? room : 0;
    const m2 = run2 * (c2 <= r2 ? c2 : r2);
    const miningMw = m0 + m1 + m2;
    const economicMw = (1 - run0) * c0 + (1 - run1) * c1 + (1 - run2) * c2;
    const capacityMw = run0 * (c0 - m0) + run1 * (c1 - m1) + run2 * (c2 - m2);
    const minedBtc = m0 * t0 * btcPerThHour + m1 * t1 * btcPerThHour + m2 * t2 * btcPerThHour;
    const n0 = m0 > 0 ? 1 : 0, n1 = m1 > 0 ? 1 : 0, n2 = m2 > 0 ? 1 : 0;
    restarts += (n0 & (on0 ^ 1)) + (n1 & (on1 ^ 1)) + (n2 & (on2 ^ 1));
    on0 = n0; on1 = n1; on2 = n2;
    // Accounting.
    const miningRevenueHour = minedBtc * price;
    const miningPowerCostHour = miningMw * cost;
    const cash = miningRevenueHour * 1 + aiRevenueHour - miningPowerCostHour;
    miningRevenue += miningRevenueHour;
    aiRevenue += aiRevenueHour;
    miningPowerCost += miningPowerCostHour;
    btcMined += minedBtc;
    miningMwh += miningMw;
    aiMwh += aiServed;
    curtailedEconomic += economicMw;
    curtailedCapacity += capacityMw;
    curtailedHours += economicMw + capacityMw > 1e-9 ? 1 : 0;
    npv += cash * discount[h];
    const month = monthIndex[h];
    monthly[month] += cash;
    monthlyEbitda[month] += cash + miningRevenueHour * 0;
    if (h >= H - 8760) lastYearEbitda += cash + miningRevenueHour * 0;
    if (h === H - 1 || monthIndex[h + 1] !== month) {
      const hashprice = ((subsidyByHour[h] + feesByHour[h]) * price * 86400 * 1e12) / (difficultyByHour[h] * 4294967296);
      cumulativeCash += monthly[month];
      monthEnd[4 * month] = cumulativeCash;
      monthEnd[4 * month + 1] = price;
      monthEnd[4 * month + 2] = hashprice;
      monthEnd[4 * month + 3] = difficultyByHour[h];
    }
    if (yearIndex[h] === 0) {
      firstYearMiningRevenue += miningRevenueHour;
      firstYearMiningMwh += miningMw;
    }
    priceSum += powerPrice;
  }
  kept[0] = npv + firstYearMiningRevenue + firstYearMiningMwh + logPrice + lastYearEbitda;
  out[0] = miningRevenue;
  out[1] = aiRevenue;
  out[2] = miningPowerCost;
  out[3] = btcMined;
  out[4] = miningMwh;
  out[5] = aiMwh;
  out[6] = curtailedEconomic;
  out[7] = curtailedCapacity;
  out[8] = curtailedHours;
  out[9] = restarts;
  out[10] = price;
  out[11] = finalHashrateEhs;
  out[12] = priceSum / H;
}

// 1. Same results as SiteRun, run by run (relative differences, printed).
const site = new SiteRun(plan);
let worst = 0;
let worstColumn = "";
for (let r = 0; r < 20; r++) {
  const m = site.simulate(1, r);
  seedRun(1, r);
  kernel();
  OUT.forEach((name, k) => {
    const want = m[runMetricIndex(name)];
    const diff = Math.abs(out[k] - want) / Math.max(Math.abs(want), 1e-300);
    if (diff > worst) {
      worst = diff;
      worstColumn = `${name} (run ${r}: ${out[k]} vs ${want})`;
    }
  });
}
console.log(`same results as SiteRun on 20 runs: largest relative difference ${worst.toExponential(2)}${worst > 0 ? ` in ${worstColumn}` : ""}`);

// 2. Nanoseconds a site-hour, interleaved.
const bestOf = { site: Infinity, kernel: Infinity };
for (let k = 0; k < repeats; k++) {
  let start = process.hrtime.bigint();
  for (let r = 0; r < runs; r++) site.simulate(1, 1000 + r);
  bestOf.site = Math.min(bestOf.site, Number(process.hrtime.bigint() - start) / (runs * H));
  start = process.hrtime.bigint();
  for (let r = 0; r < runs; r++) {
    seedRun(1, 1000 + r);
    kernel();
  }
  bestOf.kernel = Math.min(bestOf.kernel, Number(process.hrtime.bigint() - start) / (runs * H));
}
console.log(`best of ${repeats} x ${runs} runs: SiteRun ${bestOf.site.toFixed(1)} ns a site-hour, the specialised kernel ${bestOf.kernel.toFixed(1)} ns`);
