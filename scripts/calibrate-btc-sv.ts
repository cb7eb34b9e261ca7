// Fits BTC's stochastic-volatility model (src/calibrate/btc-sv.ts) to the daily log returns of the
// whole calendar years 2014-2024 in ../shared/data (CoinGecko closes; read there, never copied):
//   npx tsx scripts/calibrate-btc-sv.ts [../shared/data]
// -> data/btc-sv-2014-2024.json and data/btc-sv-2014-2024-fit.csv (each year's volatility and
// excess kurtosis beside the model's P5-P95 band for one simulated year).
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { btcSvReport, fitBtcSv } from "../src/calibrate/btc-sv";
import { importGeneric } from "../src/io/series";

const shared = process.argv[2] ?? join("..", "shared", "data");
if (!existsSync(shared)) throw new Error(`${shared}: not found (pass the folder of ../shared/data)`);
const warnings: string[] = [];
const series = await importGeneric(
  join(shared, "btc", "btc_usd_daily_coingecko.csv"),
  { timeColumn: "event_date", valueColumn: "close_price_usd", timeZone: "UTC", column: "btc", fillGaps: true, window: { fromMs: Date.UTC(2013, 11, 31), toMs: Date.UTC(2025, 0, 1) } },
  warnings,
);
const byYear = new Map<number, number[]>();
for (let i = 1; i < series.values.length; i++) {
  const year = new Date(series.startMs + i * series.stepMs).getUTCFullYear();
  const r = Math.log(series.values[i] / series.values[i - 1]);
  byYear.set(year, [...(byYear.get(year) ?? []), r]);
}
const JUMP_SD = 0.12;
const fit = fitBtcSv([...byYear.values()], {
  jumpSdLog: JUMP_SD,
  sdLogGrid: [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
  jumpsPerYearGrid: [0, 1, 2, 3, 4, 6, 8],
  simulatedYears: 400,
});
const rows = btcSvReport(fit.shape, byYear, 2000);
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const inside = (prefix: string) => rows.filter((r) => r[0].startsWith(prefix) && r[1] >= r[3] && r[1] <= r[4]).length;
const out = {
  madeBy: "npx tsx scripts/calibrate-btc-sv.ts ../shared/data",
  inputs: { btc: "../shared/data/btc/btc_usd_daily_coingecko.csv (daily close, 00:00 UTC), 2014-01-01 .. 2024-12-31, the three missing days interpolated", warnings },
  method:
    "Level: the diffusion's long-run volatility so that with the jumps the pooled 2014-2024 volatility is met. Half-life: the autocorrelation of 60-day realised log volatility at a 60-day lag, net of the estimator's noise. Spread of ln volatility and jump rate: a grid, 400 simulated years each (hourly process, common seeds), matching the standard deviation of the recorded years' ln volatility and their median excess kurtosis. Jump size: mean 0, sd 0.12 (an assumption: the typical size of the record's largest days; the grid's rate carries the fit).",
  shape: {
    volatilityPerYear: round(fit.shape.volatilityPerYear),
    volatilitySdLog: fit.shape.volatilitySdLog,
    volatilityHalfLifeDays: round(fit.shape.volatilityHalfLifeDays, 1),
    jumps: fit.shape.jumps,
  },
  dataMoments: Object.fromEntries(Object.entries(fit.dataMoments).map(([k, v]) => [k, round(v)])),
  modelMoments: Object.fromEntries(Object.entries(fit.modelMoments).map(([k, v]) => [k, round(v)])),
  yearsInsideBand: { volatility: `${inside("volatility_")} of ${byYear.size}`, excessKurtosis: `${inside("excess_kurtosis_")} of ${byYear.size}` },
  fitYears: "2,000 simulated years of the hourly process (seeds fixed)",
  fit: Object.fromEntries(rows.map(([name, data, model, p5, p95, unit]) => [name, { data: round(data), model: round(model), modelP5: round(p5), modelP95: round(p95), unit }])),
};
writeFileSync("data/btc-sv-2014-2024.json", JSON.stringify(out, null, 2) + "\n");
const csv = ["statistic,data,model_mean,model_p5,model_p95,unit", ...rows.map((r) => r.map((x) => (typeof x === "number" ? round(x) : x)).join(","))];
writeFileSync("data/btc-sv-2014-2024-fit.csv", csv.join("\n") + "\n");
console.log(JSON.stringify({ shape: out.shape, dataMoments: out.dataMoments, modelMoments: out.modelMoments, yearsInsideBand: out.yearsInsideBand }, null, 2));
console.log(csv.join("\n"));
