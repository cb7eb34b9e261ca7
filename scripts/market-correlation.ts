// Is the level of power prices correlated with BTC or with the network's hashrate? (Issue 12, item 5.)
// Monthly series from ../shared/data: the mean HB_WEST day-ahead price (ERCOT, the years on file),
// the BTC close (CoinGecko), the network hashrate (Coin Metrics to 2020-04, blockchain.com after).
// Pearson correlations of monthly log changes (and of the month's price level with the next
// month's hashrate growth), with Fisher 95% intervals, over the months all series share; written
// to data/market-correlation.json.
//   npx tsx scripts/market-correlation.ts ../shared/data
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importErcot } from "../src/io/ercot";
import { importGeneric, type Series } from "../src/io/series";

const shared = process.argv[2] ?? join("..", "shared", "data");
if (!existsSync(shared)) throw new Error(`${shared}: not found (pass the folder of ../shared/data)`);

/** Mean of a series by UTC calendar month, as "YYYY-MM" -> mean. */
function monthly(series: Series, transform: (x: number) => number = (x) => x): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  series.values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    const key = new Date(series.startMs + i * series.stepMs).toISOString().slice(0, 7);
    const acc = sums.get(key) ?? { sum: 0, n: 0 };
    acc.sum += transform(v);
    acc.n++;
    sums.set(key, acc);
  });
  return new Map([...sums].filter(([, a]) => a.n >= 20 || series.stepMs > 3_600_000).map(([k, a]) => [k, a.sum / a.n]));
}

function nextMonth(key: string): string {
  const [y, m] = key.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** Log change from each month to the next, keyed by the later month. */
function logChanges(levels: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of levels) {
    const later = levels.get(nextMonth(k));
    if (later !== undefined && v > 0 && later > 0) out.set(nextMonth(k), Math.log(later / v));
  }
  return out;
}

function pearson(pairs: [number, number][]): { r: number; n: number; ci95: [number, number] } {
  const n = pairs.length;
  const mx = pairs.reduce((s, p) => s + p[0], 0) / n;
  const my = pairs.reduce((s, p) => s + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  const r = sxy / Math.sqrt(sxx * syy);
  const z = Math.atanh(r);
  const se = 1 / Math.sqrt(n - 3);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { r: round(r), n, ci95: [round(Math.tanh(z - 1.96 * se)), round(Math.tanh(z + 1.96 * se))] };
}

function paired(a: Map<string, number>, b: Map<string, number>): [number, number][] {
  return [...a].filter(([k]) => b.has(k)).map(([k, v]) => [v, b.get(k)!]);
}

const warnings: string[] = [];
const ercotFiles = readdirSync(join(shared, "ercot"))
  .filter((f) => /^ercot_dam_lzhbspp_\d{4}\.csv\.gz$/.test(f))
  .sort()
  .map((f) => join(shared, "ercot", f));
// The files are separate years (2017 and 2018 are not on file): each year is read on its own.
const power = new Map<string, number>();
for (const file of ercotFiles) for (const [k, v] of monthly(await importErcot([file], { point: "HB_WEST", fillGaps: true }, warnings))) power.set(k, v);
const btc = monthly(
  await importGeneric(join(shared, "btc", "btc_usd_daily_coingecko.csv"), { timeColumn: "event_date", valueColumn: "close_price_usd", timeZone: "UTC", column: "btc", fillGaps: true, window: { toMs: Date.UTC(2025, 0, 1) } }, warnings),
);
const hashOld = monthly(
  await importGeneric(join(shared, "bitcoin_network", "coinmetrics_btc_daily_2009_2020.csv"), { timeColumn: "time", valueColumn: "HashRate", timeZone: "UTC", column: "h", fillGaps: true, window: { fromMs: Date.UTC(2014, 0, 1) } }, warnings),
);
const hashNew = monthly(
  await importGeneric(join(shared, "bitcoin_network", "blockchaincom_hashrate_daily_2020_2024.csv"), { timeColumn: "Date", valueColumn: "hash-rate", timeZone: "UTC", column: "h", fillGaps: true }, warnings),
);
// One hashrate series: Coin Metrics before blockchain.com's first full month, blockchain.com after (units differ, so levels are not mixed: only log changes within each source are used).
const hashChange = new Map([...logChanges(hashOld)].filter(([k]) => k < "2020-05"));
for (const [k, v] of logChanges(hashNew)) if (k >= "2020-06") hashChange.set(k, v);

const powerChange = logChanges(power);
const btcChange = logChanges(btc);
const powerLevelLog = new Map([...power].filter(([, v]) => v > 0).map(([k, v]) => [k, Math.log(v)]));
// The power level of a month against the hashrate growth into the next month (do miners add machines less when power is dear?).
const powerLevelThenHash = new Map([...powerLevelLog].filter(([k]) => hashChange.has(nextMonth(k))).map(([k, v]) => [k, v]));
const hashNext = new Map([...powerLevelThenHash].map(([k]) => [k, hashChange.get(nextMonth(k))!]));

const result = {
  made: "npx tsx scripts/market-correlation.ts ../shared/data",
  months: { power: power.size, powerFrom: [...power.keys()].sort()[0], powerTo: [...power.keys()].sort().pop(), note: "ERCOT HB_WEST day-ahead years on file: " + ercotFiles.map((f) => f.slice(-11, -7)).join(", ") },
  correlations: {
    powerChange_vs_btcReturn: { ...pearson(paired(powerChange, btcChange)), meaning: "monthly log change of the mean HB_WEST price vs the BTC monthly log return" },
    powerChange_vs_hashrateChange: { ...pearson(paired(powerChange, hashChange)), meaning: "monthly log change of the mean HB_WEST price vs the network hashrate's monthly log change" },
    powerLevel_vs_nextMonthHashrateChange: { ...pearson(paired(powerLevelThenHash, hashNext)), meaning: "log of the month's mean HB_WEST price vs the hashrate's log change into the next month" },
    btcReturn_vs_hashrateChange: { ...pearson(paired(btcChange, hashChange)), meaning: "for scale: BTC monthly log return vs the hashrate's monthly log change, every month both exist (2014-2024)" },
  },
  warnings: warnings.length,
};
writeFileSync("data/market-correlation.json", JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result.correlations, null, 2));
