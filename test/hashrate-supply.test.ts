// The hashrate supply model: its equations against hand-computed values, its behaviour at a
// halving, the fit recovering known parameters, and on ../shared/data the fit report's bands
// containing the historical statistics named in issue 12.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dayOf, fitHashrateSupply, hashrateFitReport, oneYearError, simulateHashrateFrom, type NetworkHistory } from "../src/calibrate/hashrate";
import { HashrateSupply, type HashrateSupplyParams } from "../src/markets/hashrate-supply";
import { BLOCKS_PER_HALVING, BLOCKS_PER_RETARGET, expectedBlocksPerHour, NetworkProcess, retargetDifficulty, SATOSHI_PER_BTC, subsidySatAtHeight } from "../src/markets/network";
import { expOf } from "../src/engine/fastmath";
import { RandomStream } from "../src/engine/random";
import { HALVING_DATES, loadNetworkHistory, networkHistoryFiles } from "../src/io/network-history";
import supplyFit from "../data/network-supply-2016-2024.json";

const PARAMS: HashrateSupplyParams = {
  cashCostUsdPerPhDay: 30,
  cashCostSpreadLog: 0.25,
  shutdownDays: 14,
  buildHashpriceUsdPerPhDay: 40,
  efficiencyGainPerYear: 0.2,
  buildLagYears: 0.5,
  buildResponsePerYear: 1,
  maxRetirementPerYear: 0.5,
  capacityVolatilityPerYear: 0,
};
const TH = (usdPerPhDay: number) => Math.log(usdPerPhDay / 1000);

describe("hashrate supply: equations", () => {
  it("online share is a logistic in ln(hashprice / cash cost): 1/2 at the cost, 1/(1+e^-ln2/0.25) at twice it", () => {
    const m = new HashrateSupply(PARAMS);
    expect(m.targetOnlineShare(TH(30), 0)).toBeCloseTo(0.5, 12);
    expect(m.targetOnlineShare(TH(60), 0)).toBeCloseTo(1 / (1 + Math.exp(-Math.log(2) / 0.25)), 12);
    // Costs fall by e^{-0.2 t}: a year on, the same share at 30 e^{-0.2}.
    expect(m.targetOnlineShare(TH(30 * Math.exp(-0.2)), 1)).toBeCloseTo(0.5, 12);
  });

  it("at the build hashprice (orders and today alike) capacity grows by the efficiency gain alone", () => {
    const m = new HashrateSupply(PARAMS);
    const logH = Math.log(800e18);
    // The build hashprice falls e^{-0.2 t}; orders placed half a year back saw it half a year earlier.
    m.reset(logH, TH(40), TH(40 * Math.exp(0.2 * 0.5)), 0);
    const k0 = m.logCapacityHps;
    const dt = 1 / 8760;
    // One hour: the order lags move toward today's ln hp, which starts at the build hashprice path.
    m.step(dt, dt, TH(40 * Math.exp(-0.2 * dt)), 0);
    const excess = 0; // o2 - ln h*(t - lag) is 0 at the start and moves only by O(dt^2) in the first hour
    expect((m.logCapacityHps - k0) / dt).toBeCloseTo(0.2 + excess, 3);
  });

  it("capacity never shrinks faster than maxRetirementPerYear", () => {
    const m = new HashrateSupply(PARAMS);
    m.reset(Math.log(800e18), TH(5), TH(5), 0);
    const k0 = m.logCapacityHps;
    for (let h = 1; h <= 8760; h++) m.step(1 / 8760, h / 8760, TH(5), 0);
    expect(m.logCapacityHps - k0).toBeCloseTo(-0.5, 6);
    // and the hashprice far below the fleet's cost switches most machines off
    expect(m.onlineShare).toBeLessThan(0.01);
  });
});

describe("hashrate supply in the network: stepped once a day", () => {
  it("one step of a day in each day's first hour, at that hour's hashprice; its change of ln H spread evenly over the day's 24 hours", () => {
    const hashrate = { model: "supply" as const, costsAsOf: "2025-01-01", startOrderHashpriceUsdPerPhDay: 60, ...supplyFit.params };
    const net = new NetworkProcess(
      { startHeight: 880_000, startDifficulty: 110e12, startHashrateEhs: 800, feesBtcPerBlock: 0.04, blockArrivals: "expected", hashrate },
      undefined,
      "2025-01-01T00:00:00Z",
      90_000,
    );
    net.reset(new RandomStream("daily"));
    // The same model stepped by hand beside it: the network's start state, and the same draws (the
    // network's stream draws only the supply model's normal here: expected blocks, fixed fees).
    const supply = (net as unknown as { supply: HashrateSupply }).supply;
    const byHand = supply.copy();
    const draws = new RandomStream("daily");
    const logBtc = (hour: number) => Math.log(90_000) + 0.001 * Math.sin(hour);
    const lnH: number[] = [Math.log(net.hashrateHps)];
    const dayEndLnH = new Map<number, number>();
    for (let hour = 1; hour <= 72; hour++) {
      net.btcLogPriceUsd = logBtc(hour);
      net.step(hour);
      lnH.push(Math.log(net.hashrateHps));
      if ((hour - 1) % 24 === 0) {
        // The day's step, by hand: dt one day, at the hashprice the network's reward, BTC and ln H
        // give at this hour; the run starts on the date the costs are stated for.
        const logHashprice = Math.log((net.subsidyBtc + net.feesBtcPerBlock) * 144) + logBtc(hour) + Math.log(1e12) - byHand.logHashrateHps;
        const change = byHand.step(24 / 8760, hour / 8760, logHashprice, draws.normal());
        dayEndLnH.set(hour + 23, byHand.logHashrateHps);
        // Spread over this hour and the 23 after it.
        expect(lnH[hour] - lnH[hour - 1]).toBeCloseTo(change / 24, 12);
      } else {
        expect(lnH[hour] - lnH[hour - 1]).toBeCloseTo(lnH[hour - 1] - lnH[hour - 2], 12);
      }
    }
    // At the end of each day the network's hashrate is the model's.
    for (const hour of [24, 48, 72]) expect(lnH[hour]).toBeCloseTo(dayEndLnH.get(hour)!, 11);
    expect(supply.logHashrateHps).toBe(byHand.logHashrateHps);
  });
});

describe("hashrate supply in the network: the hours between its daily steps", () => {
  it("the same paths as the hour written out, across retargets and a halving, stepped in blocks of any length", () => {
    // The kernel runs the hours between the supply model's daily steps in a loop of their own
    // (src/markets/assembly/network.ts): it must give the bits of the whole hour written out here.
    const start = { height: 839_000, difficulty: 80e12, hashrateEhs: 600 };
    const fees = 0.05;
    const hashrate = { model: "supply" as const, costsAsOf: "2024-01-01", startOrderHashpriceUsdPerPhDay: 60, ...supplyFit.params };
    const btcStart = 60_000;
    const make = () => new NetworkProcess({ startHeight: start.height, startDifficulty: start.difficulty, startHashrateEhs: start.hashrateEhs, feesBtcPerBlock: fees, blockArrivals: "expected", hashrate }, undefined, "2024-03-01T00:00:00Z", btcStart);
    const hours = 24 * 150 + 7;
    // BTC swinging by +-50% so that the hashrate moves and the retargets differ.
    const logBtc = Float64Array.from({ length: hours }, (_, h) => Math.log(btcStart) + 0.4 * Math.sin(h / 300));
    const paths = (net: NetworkProcess) => [net.difficultyByHour, net.subsidyBtcByHour, net.feesBtcPerBlockByHour, net.hashrateHpsByHour, net.heightByHour].map((p) => p.slice(0, hours));
    const stepped = (blocks: number[]) => {
      const net = make();
      net.reserveHours(hours);
      net.reset(new RandomStream("supply hours"));
      let b = 0;
      for (let from = 0; from < hours; ) {
        const to = Math.min(hours, from + blocks[b++ % blocks.length]);
        net.stepHours(from, to, logBtc);
        from = to;
      }
      return net;
    };
    const whole = stepped([hours]);
    // The hour written out: the supply model's step in each day's first hour (1, 25, ...), spread
    // over it and the 23 after it; the hour's values; its blocks and the crossings they make.
    const reference = make();
    reference.reset(new RandomStream("supply hours"));
    const supply = (reference as unknown as { supply: HashrateSupply }).supply.copy();
    const yearsAtStart = (reference as unknown as { supplyYearsAtStart: number }).supplyYearsAtStart;
    const rng = new RandomStream("supply hours");
    let height = start.height;
    let difficulty = start.difficulty;
    let hashrateHps = start.hashrateEhs * 1e18;
    const epochStartHeight = Math.floor(height / BLOCKS_PER_RETARGET) * BLOCKS_PER_RETARGET;
    let nextRetarget = epochStartHeight + BLOCKS_PER_RETARGET;
    let nextHalving = (Math.floor(height / BLOCKS_PER_HALVING) + 1) * BLOCKS_PER_HALVING;
    let epochStartHour = -(height - epochStartHeight) / expectedBlocksPerHour(hashrateHps, difficulty);
    let subsidy = subsidySatAtHeight(height) / SATOSHI_PER_BTC;
    let logReward = Math.log((subsidy + fees) * 144);
    let factorPerHour = 1;
    let retargets = 0;
    const want = paths(whole).map((p) => new Float64Array(p.length));
    const crossTo = (newHeight: number) => {
      if (newHeight >= nextHalving) {
        nextHalving += BLOCKS_PER_HALVING;
        subsidy = subsidySatAtHeight(newHeight) / SATOSHI_PER_BTC;
        logReward = Math.log((subsidy + fees) * 144);
      }
      height = newHeight;
    };
    for (let h = 0; h < hours; h++) {
      if (h > 0) {
        if ((h - 1) % 24 === 0) {
          const logHashprice = logReward + logBtc[h] + Math.log(1e12) - supply.logHashrateHps;
          factorPerHour = expOf(supply.step(24 / 8760, yearsAtStart + h * (1 / 8760), logHashprice, rng.normal()) * (1 / 24));
        }
        hashrateHps *= factorPerHour;
      }
      [difficulty, subsidy, fees, hashrateHps, height].forEach((value, k) => (want[k][h] = value));
      const blocks = expectedBlocksPerHour(hashrateHps, difficulty);
      let mined = 0;
      while (height + (blocks - mined) >= nextRetarget) {
        mined += nextRetarget - height;
        crossTo(nextRetarget);
        difficulty = retargetDifficulty(difficulty, (h + mined / blocks - epochStartHour) * 3600);
        epochStartHour = h + mined / blocks;
        nextRetarget += BLOCKS_PER_RETARGET;
        retargets++;
      }
      crossTo(height + (blocks - mined));
    }
    expect(retargets).toBeGreaterThan(5);
    expect(whole.retargets).toBe(retargets);
    expect(whole.halvingsCrossed).toBe(1);
    paths(whole).forEach((path, k) => expect(path, `path ${k}`).toEqual(want[k]));
    expect(whole.height).toBe(height);
    expect(whole.difficulty).toBe(difficulty);
    // Blocks that start and end anywhere in a day, one hour long or many days.
    for (const blocks of [[1], [7, 30, 4096], [23, 25, 2]]) {
      const net = stepped(blocks);
      paths(net).forEach((path, k) => expect(path, `blocks ${blocks}: path ${k}`).toEqual(want[k]));
      expect([net.height, net.difficulty, net.hashrateHps, net.retargets]).toEqual([whole.height, whole.difficulty, whole.hashrateHps, whole.retargets]);
    }
  });
});

describe("hashrate supply in the network: a halving with BTC flat", () => {
  it("hashprice about halves and hashrate hardly moves in the 180 days after (the 2024 pattern), unlike the responsive model", () => {
    const base = {
      startDifficulty: 83e12,
      startHashrateEhs: 600,
      feesBtcPerBlock: 0.1,
      blockArrivals: "expected" as const,
    };
    const ratios = (hashrate: ConstructorParameters<typeof NetworkProcess>[0]["hashrate"]) => {
      // 1,000 blocks before the halving at 840,000, BTC flat at $64,000.
      const net = new NetworkProcess({ ...base, startHeight: 839_000, hashrate }, undefined, "2024-04-13T00:00:00Z", 64_000);
      net.reset(new RandomStream("halving"));
      const logBtc = Math.log(64_000);
      const hp0 = ((net.subsidyBtc + net.feesBtcPerBlock) * 144 * 64_000) / net.hashrateHps;
      const h0 = net.hashrateHps;
      let hour = 1;
      for (; net.halvingsCrossed === 0; hour++) {
        net.btcLogPriceUsd = logBtc;
        net.step(hour);
      }
      const end = hour + 180 * 24;
      for (; hour < end; hour++) {
        net.btcLogPriceUsd = logBtc;
        net.step(hour);
      }
      const hp1 = ((net.subsidyBtc + net.feesBtcPerBlock) * 144 * 64_000) / net.hashrateHps;
      return { hashrate: net.hashrateHps / h0, hashprice: hp1 / hp0 };
    };
    const supply = ratios({ model: "supply", costsAsOf: "2025-01-01", startOrderHashpriceUsdPerPhDay: 100, ...supplyFit.params, capacityVolatilityPerYear: 0 });
    // Record: 2024 hashrate x1.04, hashprice x0.50 (BTC x1.05).
    expect(supply.hashprice).toBeGreaterThan(0.4);
    expect(supply.hashprice).toBeLessThan(0.65);
    expect(supply.hashrate).toBeGreaterThan(0.85);
    const responsive = ratios({ model: "responsive", lagYears: 0.25, efficiencyGainPerYear: 0.2, volatilityPerYear: 0 });
    // The responsive model pulls hashrate down toward a fixed breakeven instead.
    expect(responsive.hashrate).toBeLessThan(supply.hashrate);
  });
});

describe("hashrate supply: the fit recovers known parameters", () => {
  it("from an expected path driven by a synthetic BTC price with a halving", () => {
    const days = 9 * 365;
    const startDay = dayOf("2015-07-01");
    const halving = dayOf("2020-05-11") - startDay;
    const rng = new RandomStream("synthetic-btc");
    const btc = new Float64Array(days);
    let logP = Math.log(300);
    for (let i = 0; i < days; i++) {
      logP += 0.6 / 365 + (0.8 / Math.sqrt(365)) * rng.normal();
      btc[i] = Math.exp(logP);
    }
    const truth: HashrateSupplyParams = { ...PARAMS, cashCostUsdPerPhDay: 35, buildHashpriceUsdPerPhDay: 45, efficiencyGainPerYear: 0.25, buildResponsePerYear: 1.2 };
    const history: NetworkHistory = {
      startDay,
      hashrateHps: new Float64Array(days).fill(1e18),
      btcUsd: btc,
      rewardBtcPerBlock: Float64Array.from({ length: days }, (_, i) => (i < halving ? 12.5 : 6.25)),
    };
    // The recorded hashrate is the model's own expected path from the start.
    const path = simulateHashrateFrom(history, truth, 0, days, dayOf("2025-01-01"), 1, null);
    history.hashrateHps.set(path.map(Math.exp));
    const fit = fitHashrateSupply(history, { ...PARAMS }, startDay + 548, startDay + days, dayOf("2025-01-01"), ["buildHashpriceUsdPerPhDay", "efficiencyGainPerYear", "buildResponsePerYear", "cashCostUsdPerPhDay"], 400);
    // Even the truth misses by a few percent a year (0.059 on this path, 0.026-0.045 on others): each
    // monthly restart from the recorded hashrate cannot know the builds already on order. The fit
    // must do no worse than the truth, and recover it.
    const truthRmsError = Math.sqrt(oneYearError(history, truth, startDay + 548, startDay + days, dayOf("2025-01-01")));
    expect(fit.oneYearRmsError).toBeLessThanOrEqual(truthRmsError);
    expect(Math.abs(fit.params.efficiencyGainPerYear - 0.25)).toBeLessThan(0.03);
    expect(Math.abs(fit.params.buildHashpriceUsdPerPhDay / 45 - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.params.buildResponsePerYear / 1.2 - 1)).toBeLessThan(0.2);
  });
});

const SHARED = join(process.cwd(), "..", "shared", "data");
const haveShared = existsSync(SHARED);
if (!haveShared) console.warn(`skipping the hashrate fit on real data: ${SHARED} not found`);

describe.skipIf(!haveShared)("hashrate supply on ../shared/data (2016-2024, driven by the recorded BTC price)", () => {
  it("the model's P5-P95 contains the record's yearly hashprice spread (~0.9), slope on BTC (~0.75), hashrate spread and each halving's 180-day hashprice and hashrate ratios; mean hashrate growth within 0.06", async () => {
    const history = await loadNetworkHistory(networkHistoryFiles(SHARED), "2014-07-01", "2025-01-01");
    const rows = hashrateFitReport(history, supplyFit.params, dayOf("2016-01-01") - history.startDay, dayOf("2025-01-01"), HALVING_DATES.map(dayOf), 200);
    const byName = Object.fromEntries(rows.map((r) => [r[0], r]));
    expect(byName.sd_1y_change_ln_hashprice[1]).toBeCloseTo(0.88, 1);
    expect(byName.slope_1y_ln_hashprice_on_ln_btc[1]).toBeCloseTo(0.75, 1);
    expect(byName.halving_2024_hashprice_ratio_180d[1]).toBeCloseTo(0.5, 1);
    for (const [name, data, model, p5, p95] of rows) {
      if (name === "mean_1y_change_ln_hashrate") {
        // Stated in the README: the model's mean growth is ~0.05 a year below the record's (0.763), just past its P95.
        expect(Math.abs(data - model), name).toBeLessThan(0.06);
        continue;
      }
      expect(data, `${name}: data ${data} vs model P5 ${p5}`).toBeGreaterThanOrEqual(p5);
      expect(data, `${name}: data ${data} vs model P95 ${p95}`).toBeLessThanOrEqual(p95);
    }
  }, 60_000);
});
