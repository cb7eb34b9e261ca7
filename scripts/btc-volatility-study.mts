// Which BTC model carries the year-to-year risk? (Issue 12, item 2: a prototype, measured.)
// Daily log returns 2014-2024 (CoinGecko closes). For each candidate model, 1,000 simulated years:
// the P5-P95 band of a year's volatility and excess kurtosis, and how many of the 11 historical
// years fall inside each band.
//   npx tsx scripts/btc-volatility-study.mts ../shared/data
import { join } from "node:path";
import { btcStatistics, fitBtc, simulateBtcDailyReturns } from "../src/calibrate/btc";
import { volatilityHalfLifeDays } from "../src/calibrate/btc-sv";
import { calmShare, fitTwoRegimes, type RegimeFit } from "../src/calibrate/regimes";
import { RandomStream } from "../src/engine/random";
import { importGeneric } from "../src/io/series";

const shared = process.argv[2] ?? join("..", "shared", "data");
const s = await importGeneric(join(shared, "btc", "btc_usd_daily_coingecko.csv"), { timeColumn: "event_date", valueColumn: "close_price_usd", timeZone: "UTC", column: "btc", fillGaps: true, window: { fromMs: Date.UTC(2014, 0, 1), toMs: Date.UTC(2025, 0, 1) } }, []);
const r = new Float64Array(s.values.length - 1);
for (let i = 1; i < s.values.length; i++) r[i - 1] = Math.log(s.values[i] / s.values[i - 1]);
const years = new Map<number, number[]>();
for (let i = 0; i < r.length; i++) {
  const y = new Date(s.startMs + (i + 1) * s.stepMs).getUTCFullYear();
  years.set(y, [...(years.get(y) ?? []), r[i]]);
}
const stats = btcStatistics(r);

// Slow stochastic volatility: log of the 60-day realised volatility, its spread net of the
// estimator's own noise and its 60-day autocorrelation -> AR(1) per day (volatilityHalfLifeDays).
const { halfLifeDays, slowSdLog: slowSd } = volatilityHalfLifeDays(r);
const phi = Math.pow(0.5, 1 / halfLifeDays);

type DayModel = (rng: RandomStream, days: number) => Float64Array;
function svModel(sd: number, jumpsPerYear: number, jumpSd: number, regimes: RegimeFit | null): DayModel {
  return (rng, days) => {
    const out = new Float64Array(days);
    const lambda = jumpsPerYear / 365;
    const diffusionSd = Math.sqrt(stats.volatilityPerYear ** 2 / 365 - lambda * jumpSd * jumpSd);
    let v = sd * rng.normal();
    let turbulent = regimes !== null && rng.uniform() >= calmShare(regimes);
    for (let d = 0; d < days; d++) {
      if (d > 0) {
        v = phi * v + sd * Math.sqrt(1 - phi * phi) * rng.normal();
        if (regimes !== null && rng.uniform() >= (turbulent ? regimes.turbulent.stay : regimes.calm.stay)) turbulent = !turbulent;
      }
      const base = regimes === null ? diffusionSd : (turbulent ? regimes.turbulent : regimes.calm).sdDaily;
      out[d] = (base / Math.exp(sd * sd)) * Math.exp(v) * rng.normal() + (rng.uniform() < lambda ? jumpSd * rng.normal() : 0);
    }
    return out;
  };
}
const gbm = fitBtc(r);
const regimes = fitTwoRegimes(r);
const models: [string, DayModel][] = [
  [`GBM + jumps (constant volatility; fitBtc on 2014-2024: ${gbm.jumps.perYear.toFixed(1)} jumps a year)`, (rng, days) => simulateBtcDailyReturns(gbm, days, `study:${rng.uniform()}`)],
  [`two regimes, calm ${(regimes.calm.sdDaily * Math.sqrt(365)).toFixed(2)} / turbulent ${(regimes.turbulent.sdDaily * Math.sqrt(365)).toFixed(2)} a year, ${(1 / (1 - regimes.calm.stay)).toFixed(0)} / ${(1 / (1 - regimes.turbulent.stay)).toFixed(0)} days (EM)`, svModel(0, 0, 0, regimes)],
  [`two regimes x slow volatility (sd ${slowSd.toFixed(2)}, half-life ${(Math.log(0.5) / Math.log(phi)).toFixed(0)} days)`, svModel(slowSd, 0, 0, regimes)],
  ["slow volatility + 4 jumps a year (sd 0.12)", svModel(slowSd, 4, 0.12, null)],
  [`slow volatility x 1.3 (sd ${(1.3 * slowSd).toFixed(2)}) + 4 jumps a year (sd 0.12)`, svModel(1.3 * slowSd, 4, 0.12, null)],
];
const q = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.floor(p * (a.length - 1))];
console.log("| model | volatility P5-P95 | years inside | excess kurtosis P5-P95 | years inside |\n|---|---|---|---|---|");
for (const [name, model] of models) {
  const vols: number[] = [];
  const kurts: number[] = [];
  for (let k = 0; k < 1000; k++) {
    const st = btcStatistics(model(new RandomStream(`btc-volatility-study:${k}`), 365));
    vols.push(st.volatilityPerYear);
    kurts.push(st.excessKurtosis);
  }
  const [v5, v95, k5, k95] = [q(vols, 0.05), q(vols, 0.95), q(kurts, 0.05), q(kurts, 0.95)];
  let inVol = 0;
  let inKurt = 0;
  for (const xs of years.values()) {
    const st = btcStatistics(xs);
    if (st.volatilityPerYear >= v5 && st.volatilityPerYear <= v95) inVol++;
    if (st.excessKurtosis >= k5 && st.excessKurtosis <= k95) inKurt++;
  }
  console.log(`| ${name} | ${v5.toFixed(2)}-${v95.toFixed(2)} | ${inVol} of ${years.size} | ${k5.toFixed(1)}-${k95.toFixed(1)} | ${inKurt} of ${years.size} |`);
}
console.log("\nhistorical years: " + [...years].map(([y, xs]) => `${y} ${btcStatistics(xs).volatilityPerYear.toFixed(2)} / ${btcStatistics(xs).excessKurtosis.toFixed(1)}`).join(", "));
