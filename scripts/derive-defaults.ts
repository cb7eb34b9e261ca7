// Derives the default market parameters in data/market-defaults.json from the public
// data in ../shared/data (read there, never copied). Run: npx tsx scripts/derive-defaults.ts
// Optional argument: where to write (default data/market-fit-2025-01-01.json).
// A first, transparent fit: moments and simple estimators, documented beside each number.
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";

const SHARED = join(process.cwd(), "..", "shared", "data");
const POWER_YEARS = [2019, 2020, 2021, 2022, 2023, 2024];
const POINT = "HB_WEST";
const SPIKE_THRESHOLD_USD_PER_MWH = 200;

function lines(path: string): string[] {
  const raw = readFileSync(path);
  const text = path.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  return text.split(/\r?\n/).filter((l) => l.length > 0);
}

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
function sd(xs: number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / xs.length);
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}
function lag1(xs: number[]): number {
  const m = mean(xs);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    den += (xs[i] - m) ** 2;
    if (i > 0) num += (xs[i] - m) * (xs[i - 1] - m);
  }
  return num / den;
}

// --- Power: ERCOT DAM HB_WEST, local (CPT) hour = hour ending - 1 ---------------------
const prices: number[] = [];
const monthOf: number[] = [];
const hourOf: number[] = [];
for (const year of POWER_YEARS) {
  const rows = lines(join(SHARED, "ercot", `ercot_dam_lzhbspp_${year}.csv.gz`));
  for (const row of rows.slice(1)) {
    const [date, hourEnding, , point, price] = row.split(",");
    if (point !== POINT) continue;
    prices.push(Number(price));
    monthOf.push(Number(date.slice(0, 2)) - 1);
    hourOf.push(Number(hourEnding.slice(0, 2)) - 1);
  }
}
const buckets: number[][] = Array.from({ length: 288 }, () => []);
for (let i = 0; i < prices.length; i++) buckets[monthOf[i] * 24 + hourOf[i]].push(prices[i]);
const shape = buckets.map((b) => Math.round(median(b) * 100) / 100);

const clipped = prices.map((p) => Math.min(p, SPIKE_THRESHOLD_USD_PER_MWH));
const deviation = clipped.map((p, i) => p - shape[monthOf[i] * 24 + hourOf[i]]);
const phi = lag1(deviation);
const innovationSd = sd(deviation) * Math.sqrt(1 - phi * phi);
const spikes = prices.filter((p) => p > SPIKE_THRESHOLD_USD_PER_MWH);
const spikeProbability = spikes.length / prices.length;
let logSum = 0;
for (const p of spikes) logSum += Math.log(p / SPIKE_THRESHOLD_USD_PER_MWH);
const paretoAlpha = spikes.length / logSum;

// --- BTC: CoinGecko daily closes, 2021-2024 -----------------------------------------------
const btcRows = lines(join(SHARED, "btc", "btc_usd_daily_coingecko.csv")).slice(1);
const btc = btcRows
  .map((r) => r.split(","))
  .filter((c) => c[1] !== "" && c[0] >= "2021-01-01" && c[0] < "2025-01-01")
  .map((c) => Number(c[1]));
const btcReturns = btc.slice(1).map((p, i) => Math.log(p / btc[i]));
const btcVolPerYear = sd(btcReturns) * Math.sqrt(365);

// --- Network hashrate: blockchain.com daily, 2022-2024 log-linear trend ---------------------
const hashRows = lines(join(SHARED, "bitcoin_network", "blockchaincom_hashrate_daily_2020_2024.csv")).slice(1);
const weekly: number[] = [];
const daily = hashRows.map((r) => r.split(",")).filter((c) => c[0] >= "2022-01-01").map((c) => Number(c[1]));
for (let i = 0; i + 7 <= daily.length; i += 7) weekly.push(Math.log(mean(daily.slice(i, i + 7))));
const weeklyGrowth = weekly.slice(1).map((x, i) => x - weekly[i]);
const hashrateGrowthPerYear = mean(weeklyGrowth) * 52.1775;
const hashrateVolPerYear = sd(weeklyGrowth) * Math.sqrt(52.1775);

const out = {
  madeBy: "npx tsx scripts/derive-defaults.ts",
  inputs: {
    power: POWER_YEARS.map((y) => `../shared/data/ercot/ercot_dam_lzhbspp_${y}.csv.gz (${POINT})`),
    btc: "../shared/data/btc/btc_usd_daily_coingecko.csv (2021-01-01 .. 2024-12-31)",
    hashrate: "../shared/data/bitcoin_network/blockchaincom_hashrate_daily_2020_2024.csv (2022-01-01 .. 2024-12-31, weekly means)",
  },
  power: {
    settlementPoint: POINT,
    hours: prices.length,
    dataMeanUsdPerMwh: mean(prices),
    dataSdUsdPerMwh: sd(prices),
    dataNegativeShare: prices.filter((p) => p < 0).length / prices.length,
    shapeUsdPerMwh_monthByLocalHour: shape,
    shapeMethod: "median price by (month, CPT hour of day)",
    meanReversionPhiPerHour: phi,
    innovationSdUsdPerMwh: innovationSd,
    deviationMethod: `AR(1) fit to price clipped at $${SPIKE_THRESHOLD_USD_PER_MWH} minus shape`,
    spikeThresholdUsdPerMwh: SPIKE_THRESHOLD_USD_PER_MWH,
    spikeProbabilityPerHour: spikeProbability,
    spikeParetoAlpha: paretoAlpha,
    spikeMethod: "share of hours above threshold; Pareto tail index by maximum likelihood",
  },
  btc: { volatilityPerYear: btcVolPerYear, dailyReturns: btcReturns.length },
  hashrate: { trendGrowthPerYear: hashrateGrowthPerYear, volatilityPerYear: hashrateVolPerYear },
};
const outPath = process.argv[2] ?? "data/market-fit-2025-01-01.json";
writeFileSync(outPath, JSON.stringify(out, null, 2) + "\n");
console.log(JSON.stringify({ ...out, power: { ...out.power, shapeUsdPerMwh_monthByLocalHour: "[288]" } }, null, 2));
