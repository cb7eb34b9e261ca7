// Fees per block as a process: the expected fees stay at the stated level, the spread grows toward
// its long-run value, the fit recovers a known half-life, and on ../shared/data the report's bands.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { feeReport, fitFees } from "../src/calibrate/fees";
import { FeeProcess } from "../src/markets/fees";
import { NetworkProcess } from "../src/markets/network";
import { RandomStream } from "../src/engine/random";
import { loadNetworkHistory, networkHistoryFiles } from "../src/io/network-history";
import feeFit from "../data/fees-2016-2019.json";

const VARIATION = { fastHalfLifeDays: 7, fastSdLog: 0.3, slowHalfLifeDays: 365, slowSdLog: 1.2 };

describe("fee process", () => {
  it("starts at the stated fees; the expected fees stay there after 1 and 10 years; ln spread reaches sqrt(Sf^2 + Ss^2)", () => {
    const process = new FeeProcess({ meanBtcPerBlock: 0.04, ...VARIATION });
    const runs = 4000;
    const at = { 365: [] as number[], 3650: [] as number[] };
    for (let run = 0; run < runs; run++) {
      const rng = new RandomStream(`fees:${run}`);
      process.reset(rng);
      expect(process.btcPerBlock).toBe(0.04);
      for (let d = 1; d <= 3650; d++) {
        process.stepDay(rng);
        if (d === 365 || d === 3650) at[d].push(process.btcPerBlock);
      }
    }
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
    const sdLog = (a: number[]) => {
      const logs = a.map(Math.log);
      const m = mean(logs);
      return Math.sqrt(mean(logs.map((x) => (x - m) ** 2)));
    };
    // Lognormal with ln sd ~1.24: the mean's standard error over 4,000 runs is ~2.3%.
    expect(Math.abs(mean(at[365]) / 0.04 - 1)).toBeLessThan(0.08);
    expect(Math.abs(mean(at[3650]) / 0.04 - 1)).toBeLessThan(0.1);
    // After a year: Var = 0.3^2 (1 - 2^(-2*365/7)) + 1.2^2 (1 - 2^-2) = 0.09 + 1.08.
    expect(sdLog(at[365])).toBeCloseTo(Math.sqrt(0.09 + 1.08), 1);
    expect(sdLog(at[3650])).toBeCloseTo(Math.sqrt(0.09 + 1.44), 1);
  });

  it("in the network, fees move once a day and the reward follows them", () => {
    const net = new NetworkProcess(
      { startHeight: 877_260, startDifficulty: 1.1e14, startHashrateEhs: 800, feesBtcPerBlock: 0.04, feeVariation: VARIATION, blockArrivals: "expected", hashrate: { model: "trend", growthPerYear: 0, volatilityPerYear: 0 } },
      undefined,
      "2025-01-01T00:00:00Z",
      90_000,
    );
    net.reset(new RandomStream("fees-in-network"));
    expect(net.feesBtcPerBlock).toBe(0.04);
    const seen = new Set<number>();
    for (let h = 1; h <= 24 * 10; h++) {
      net.btcLogPriceUsd = Math.log(90_000);
      net.step(h);
      if (h % 24 !== 0) expect(seen.has(net.feesBtcPerBlock) || h < 24).toBe(true);
      seen.add(net.feesBtcPerBlock);
    }
    // ten days, ten new values (and the start)
    expect(seen.size).toBe(11);
  });
});

describe("fee fit recovers a known fast half-life and spreads", () => {
  it("from 8 simulated years", () => {
    const truth = { fastHalfLifeDays: 7, fastSdLog: 0.5, slowHalfLifeDays: 365, slowSdLog: 0.8 };
    const process = new FeeProcess({ meanBtcPerBlock: 0.3, ...truth });
    const rng = new RandomStream("fee-truth");
    process.reset(rng, true);
    const years: number[][] = [];
    for (let y = 0; y < 8; y++) {
      const days: number[] = [];
      for (let d = 0; d < 365; d++) {
        process.stepDay(rng);
        days.push(process.btcPerBlock);
      }
      years.push(days);
    }
    const yearly = years.map((days) => days.reduce((s, x) => s + x, 0) / days.length);
    const fit = fitFees(years, yearly, { slowHalfLifeDays: [365], fastSdLog: [0.3, 0.5, 0.7], slowSdLog: [0.4, 0.8, 1.2, 1.6], simulatedYears: 800 });
    // The fast half-life is read from the day-to-day persistence around each year's mean (the slow part inflates it a little).
    expect(fit.fastHalfLifeDays).toBeGreaterThan(5);
    expect(fit.fastHalfLifeDays).toBeLessThan(12);
    expect(fit.fastSdLog).toBe(0.5);
    expect(Math.abs(fit.slowSdLog - 0.8)).toBeLessThanOrEqual(0.4);
  }, 60_000);
});

const SHARED = join(process.cwd(), "..", "shared", "data");
const haveShared = existsSync(SHARED);
if (!haveShared) console.warn(`skipping the fee fit on real data: ${SHARED} not found`);

describe.skipIf(!haveShared)("fees on ../shared/data (2016-2019 daily)", () => {
  it("the fast half-life is ~7 days; 2017 and 2019 and the spread of yearly levels inside the bands; 2016 (calm) and 2018 (the post-2017 collapse) outside", async () => {
    const history = await loadNetworkHistory(networkHistoryFiles(SHARED), "2016-01-01", "2020-01-01");
    const years = new Map<string, number[]>();
    history.feesBtcPerBlock.forEach((fee, i) => {
      const year = String(new Date((history.startDay + i) * 86_400_000).getUTCFullYear());
      years.set(year, [...(years.get(year) ?? []), fee]);
    });
    expect(feeFit.variation.fastHalfLifeDays).toBeCloseTo(7.4, 0);
    const yearly = feeFit.inputs.yearlyFromFacts.map((y) => y.btcPerBlock);
    const means = [...years.values()].map((d) => d.reduce((s, x) => s + x, 0) / d.length);
    const rows = feeReport(feeFit.variation, years, [...means, ...yearly], 2100);
    const inside = (name: string) => {
      const r = rows.find((row) => row[0] === name)!;
      return r[1] >= r[3] && r[1] <= r[4];
    };
    for (const year of ["2017", "2019"]) {
      expect(inside(`sd_ln_daily_fees_${year}`)).toBe(true);
      expect(inside(`p95_over_median_daily_fees_${year}`)).toBe(true);
      expect(inside(`max_over_median_daily_fees_${year}`)).toBe(true);
    }
    expect(inside("sd_of_ln_yearly_mean_fees_over_7_years")).toBe(true);
    expect(inside("sd_ln_daily_fees_2016")).toBe(false);
    expect(inside("p95_over_median_daily_fees_2018")).toBe(false);
  }, 60_000);
});
