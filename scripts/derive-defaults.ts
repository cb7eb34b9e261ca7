// Derives the default hashrate noise in data/market-fit-2025-01-01.json from the public data in
// ../shared/data (read there, never copied). Power and BTC are fitted by "sim calibrate"
// (scripts/calibrate-defaults.sh). Run: npx tsx scripts/derive-defaults.ts
// Optional argument: where to write (default data/market-fit-2025-01-01.json).
// A first, transparent fit: moments and simple estimators, documented beside each number.
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";

const SHARED = join(process.cwd(), "..", "shared", "data");

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
    hashrate: "../shared/data/bitcoin_network/blockchaincom_hashrate_daily_2020_2024.csv (2022-01-01 .. 2024-12-31, weekly means)",
  },
  hashrate: { trendGrowthPerYear: hashrateGrowthPerYear, volatilityPerYear: hashrateVolPerYear },
};
const outPath = process.argv[2] ?? "data/market-fit-2025-01-01.json";
writeFileSync(outPath, JSON.stringify(out, null, 2) + "\n");
console.log(JSON.stringify(out, null, 2));
