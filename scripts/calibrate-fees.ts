// Fits the fee process (src/calibrate/fees.ts) to Coin Metrics' daily fees per block, the whole
// years 2016-2019 (blocks full; the data ends 2020-07-27), in ../shared/data (read there):
//   npx tsx scripts/calibrate-fees.ts [../shared/data]
// -> data/fees-2016-2019.json and data/fees-2016-2019-fit.csv
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { feeReport, fitFees } from "../src/calibrate/fees";
import { loadNetworkHistory, networkHistoryFiles } from "../src/io/network-history";

const shared = process.argv[2] ?? join("..", "shared", "data");
if (!existsSync(shared)) throw new Error(`${shared}: not found (pass the folder of ../shared/data)`);
const history = await loadNetworkHistory(networkHistoryFiles(shared), "2016-01-01", "2020-01-01");
const years = new Map<string, number[]>();
history.feesBtcPerBlock.forEach((fee, i) => {
  const year = String(new Date((history.startDay + i) * 86_400_000).getUTCFullYear());
  years.set(year, [...(years.get(year) ?? []), fee]);
});
// Yearly mean fees per block, BTC: 2016-2019 from the daily data; 2021, 2024, 2025 from
// DOMAIN-FACTS.md section 3 (the data has no fees after 2020-07-27).
const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const YEARLY_FROM_FACTS = [
  { year: "2021", btcPerBlock: 2.8e6 / (144 * 47_000), source: "Coin Metrics via DOMAIN-FACTS: fees $2.8M a day in 2021, at a mean BTC price of ~$47,000 (CoinGecko 2021 mean)" },
  { year: "2024", btcPerBlock: 10_000 / 52_560, source: "DOMAIN-FACTS: ~10,000 BTC of fees in calendar 2024 over ~52,560 blocks" },
  { year: "2025", btcPerBlock: 0.01 * 3.125 / 0.99, source: "DOMAIN-FACTS: fee share 1.35% in Q1 2025 and ~0.78% to ~Oct 2025: ~1% of a 3.125 BTC subsidy" },
];
const yearlyMean = [...[...years.values()].map(mean), ...YEARLY_FROM_FACTS.map((y) => y.btcPerBlock)];
const variation = fitFees([...years.values()], yearlyMean, { slowHalfLifeDays: [365], fastSdLog: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], slowSdLog: [0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0], simulatedYears: 1000 });
const rows = feeReport(variation, years, yearlyMean, 4000);
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const inside = rows.filter((r) => r[1] >= r[3] && r[1] <= r[4]).length;
const out = {
  madeBy: "npx tsx scripts/calibrate-fees.ts ../shared/data",
  inputs: { yearlyFromFacts: YEARLY_FROM_FACTS, fees: "../shared/data/bitcoin_network/coinmetrics_btc_daily_2009_2020.csv: FeeTotNtv / BlkCnt, daily, 2016-01-01 .. 2019-12-31 (no fee data after 2020-07-27)" },
  method:
    "Fast half-life: AR(1) of ln(daily fees per block) around each year's mean, pooled over the four years. Slow half-life and the two spreads: a grid, 2,000 simulated years each (paths of four years, common seeds), matching the four years' median within-year sd of ln fees and their median P95/median ratio of daily fees, and the spread of ln yearly mean fees over 2016-2019 (data) with 2021, 2024 and 2025 (DOMAIN-FACTS), simulated as paths of seven years. The mean level is not fitted here: it is markets.network.feesBtcPerBlock (DOMAIN-FACTS for 2025).",
  variation: { fastHalfLifeDays: round(variation.fastHalfLifeDays, 1), fastSdLog: variation.fastSdLog, slowHalfLifeDays: variation.slowHalfLifeDays, slowSdLog: variation.slowSdLog },
  statisticsInsideBand: `${inside} of ${rows.length}`,
  fitYears: "4,000 simulated years (1,000 paths of four consecutive years; seeds fixed)",
  fit: Object.fromEntries(rows.map(([name, data, model, p5, p95, unit]) => [name, { data: round(data), model: round(model), modelP5: round(p5), modelP95: round(p95), unit }])),
};
writeFileSync("data/fees-2016-2019.json", JSON.stringify(out, null, 2) + "\n");
const csv = ["statistic,data,model_mean,model_p5,model_p95,unit", ...rows.map((r) => r.map((x) => (typeof x === "number" ? round(x) : x)).join(","))];
writeFileSync("data/fees-2016-2019-fit.csv", csv.join("\n") + "\n");
console.log(JSON.stringify({ variation: out.variation, statisticsInsideBand: out.statisticsInsideBand }, null, 2));
console.log(csv.join("\n"));
