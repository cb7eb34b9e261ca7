// Market processes: statistical checks with fixed seeds and explicit tolerances.
import { describe, expect, it } from "vitest";
import { RandomStream } from "../src/engine/random";
import { BtcPriceProcess } from "../src/markets/btc";
import { PowerPriceProcess } from "../src/markets/power";
import { PowerMarket } from "../src/scenario/schema";

describe("RandomStream", () => {
  it("same seed, same sequence; normals have mean 0 and sd 1 (n = 200,000, tolerance 0.01)", () => {
    const a = new RandomStream("x");
    const b = new RandomStream("x");
    for (let i = 0; i < 100; i++) expect(a.uniform()).toBe(b.uniform());
    const rng = new RandomStream("normals");
    let sum = 0;
    let sumSq = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(Math.sqrt(sumSq / n) - 1)).toBeLessThan(0.01);
  });
  it("poisson draws have the right mean (6 blocks an hour, n = 100,000, tolerance 0.03)", () => {
    const rng = new RandomStream("poisson");
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += rng.poisson(6);
    expect(Math.abs(sum / 100_000 - 6)).toBeLessThan(0.03);
  });
});

describe("BTC price", () => {
  it("log returns over a year have mean = drift and sd = volatility (2,000 paths, tolerance 0.05)", () => {
    const process = new BtcPriceProcess({ startPriceUsd: 50000, driftPerYear: 0.1, volatilityPerYear: 0.6 });
    const logs: number[] = [];
    for (let path = 0; path < 2000; path++) {
      process.reset(new RandomStream(`btc-${path}`));
      for (let h = 0; h < 8760; h++) process.step();
      logs.push(Math.log(process.priceUsd / 50000));
    }
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
    expect(Math.abs(mean - 0.1)).toBeLessThan(0.05);
    expect(Math.abs(sd - 0.6)).toBeLessThan(0.05);
  });
});

describe("power price (default parameters, 20 simulated years)", () => {
  const params = PowerMarket.parse({});
  const process = new PowerPriceProcess(params);
  process.reset(new RandomStream("power-stats"));
  const prices: number[] = [];
  for (let h = 0; h < 20 * 8760; h++) {
    process.step(((h / 730) | 0) % 12 * 24 + (h % 24));
    prices.push(process.priceUsdPerMwh);
  }
  it("stays within the floor and the cap", () => {
    let low = Infinity;
    let high = -Infinity;
    for (const p of prices) {
      low = Math.min(low, p);
      high = Math.max(high, p);
    }
    expect(low).toBeGreaterThanOrEqual(params.floorUsdPerMwh);
    expect(high).toBeLessThanOrEqual(params.capUsdPerMwh);
  });
  it("has negative hours, spikes above the threshold at about the fitted rate (tolerance 20%), and hours at the cap", () => {
    const negative = prices.filter((p) => p < 0).length / prices.length;
    const spikes = prices.filter((p) => p > params.spikeThresholdUsdPerMwh).length / prices.length;
    expect(negative).toBeGreaterThan(0.001);
    expect(Math.abs(spikes / params.spikeProbabilityPerHour - 1)).toBeLessThan(0.2);
    expect(prices.some((p) => p === params.capUsdPerMwh)).toBe(true);
  });
  it("without spikes, the deviation from the shape is AR(1) with the given coefficient (lag-1 within 0.02)", () => {
    const quiet = new PowerPriceProcess({ ...params, spikeProbabilityPerHour: 0 });
    quiet.reset(new RandomStream("ar1"));
    const deviation: number[] = [];
    for (let h = 0; h < 200_000; h++) {
      quiet.step(h % 288);
      deviation.push(quiet.priceUsdPerMwh - params.shapeUsdPerMwh[h % 288]);
    }
    const mean = deviation.reduce((a, b) => a + b, 0) / deviation.length;
    let num = 0;
    let den = 0;
    for (let i = 0; i < deviation.length; i++) {
      den += (deviation[i] - mean) ** 2;
      if (i > 0) num += (deviation[i] - mean) * (deviation[i - 1] - mean);
    }
    expect(Math.abs(num / den - params.meanReversionPerHour)).toBeLessThan(0.02);
  });
});
