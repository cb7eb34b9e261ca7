// Fits the hashrate supply model (src/markets/hashrate-supply.ts) to the network's history in
// ../shared/data (read there, never copied) and writes the parameters and the fit report:
//   npx tsx scripts/calibrate-network.ts [../shared/data]
// -> data/network-supply-2016-2024.json, data/network-supply-2016-2024-fit.csv
// The fit: driven by the recorded BTC price and block reward, the model's expected path is started
// at the recorded hashrate on the first of every 30 days from 2016-01-01 and compared with the
// recorded hashrate a year later; Nelder-Mead moves the build hashprice, the efficiency gain, the
// build response and the fleet's cash cost to the least squared error. The build lag and the cost
// spread are fixed (profiles of the error over each are written beside the fit: freed, the spread
// runs off to a degenerate fleet mostly switched off), and the shutdown time and retirement limit
// are stated assumptions.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dayOf, fitHashrateSupply, hashrateFitReport, orderStateAt } from "../src/calibrate/hashrate";
import type { HashrateSupplyParams } from "../src/markets/hashrate-supply";
import { ASSUMED_FEE_SHARE, HALVING_DATES, loadNetworkHistory, networkHistoryFiles } from "../src/io/network-history";

const shared = process.argv[2] ?? join("..", "shared", "data");
if (!existsSync(shared)) throw new Error(`${shared}: not found (pass the folder of ../shared/data)`);
const FIT_FROM = "2016-01-01";
const YEAR_ZERO = "2025-01-01";

const history = await loadNetworkHistory(networkHistoryFiles(shared), "2014-07-01", YEAR_ZERO);
const end = dayOf(YEAR_ZERO);
const yearZero = dayOf(YEAR_ZERO);

const assumed: HashrateSupplyParams = {
  // Starting values of the fitted four; the others are held.
  cashCostUsdPerPhDay: 30,
  buildHashpriceUsdPerPhDay: 40,
  efficiencyGainPerYear: 0.2,
  buildResponsePerYear: 1,
  // Assumptions (DOMAIN-FACTS.md section 3 "How hashrate responds"):
  cashCostSpreadLog: 0.75,
  shutdownDays: 14,
  buildLagYears: 0.5,
  maxRetirementPerYear: 0.5,
  capacityVolatilityPerYear: 0,
};
const FREE = ["buildHashpriceUsdPerPhDay", "efficiencyGainPerYear", "buildResponsePerYear", "cashCostUsdPerPhDay"] as const;

const lagProfile = [0.1, 0.25, 0.5, 0.75, 1].map((lag) => {
  const f = fitHashrateSupply(history, { ...assumed, buildLagYears: lag }, dayOf(FIT_FROM), end, yearZero, FREE, 300);
  return { buildLagYears: lag, oneYearRmsError: round(f.oneYearRmsError, 4) };
});
const spreadProfile = [0.25, 0.5, 0.75, 1].map((spread) => {
  const f = fitHashrateSupply(history, { ...assumed, cashCostSpreadLog: spread }, dayOf(FIT_FROM), end, yearZero, FREE, 300);
  return { cashCostSpreadLog: spread, cashCostUsdPerPhDay: round(f.params.cashCostUsdPerPhDay, 2), oneYearRmsError: round(f.oneYearRmsError, 4) };
});
const fit = fitHashrateSupply(history, assumed, dayOf(FIT_FROM), end, yearZero, FREE, 400);
const params = Object.fromEntries(Object.entries(fit.params).map(([k, v]) => [k, round(v, 4)])) as unknown as HashrateSupplyParams;
const rows = hashrateFitReport(history, params, dayOf(FIT_FROM) - history.startDay, yearZero, HALVING_DATES.map(dayOf), 200);
const [, order2] = orderStateAt(history, history.hashrateHps.length, params.buildLagYears);

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const out = {
  madeBy: "npx tsx scripts/calibrate-network.ts ../shared/data",
  inputs: {
    hashrate: "../shared/data/bitcoin_network/coinmetrics_btc_daily_2009_2020.csv (HashRate, to 2020-04-10) and blockchaincom_hashrate_daily_2020_2024.csv (from 2020-04-11), 7-day means",
    btc: "../shared/data/btc/btc_usd_daily_coingecko.csv (daily close)",
    fees: "coinmetrics FeeTotNtv / BlkCnt to 2020-07-27; after, an assumed share of the reward",
    assumedFeeShare: ASSUMED_FEE_SHARE,
    history: "2014-07-01 .. 2024-12-31 (the order lags start 18 months before each fit start)",
  },
  method:
    "Expected path (no noise, daily steps) started at the recorded hashrate and order state on every 30th day from 2016-01-01, driven by the recorded BTC price and reward; Nelder-Mead on the mean squared error of ln(hashrate) a year later. The capacity noise is the root mean squared one-year error. Costs are stated at 2025-01-01 and fall by efficiencyGainPerYear.",
  assumptions: {
    cashCostSpreadLog: "0.75 (logistic scale of ln cost): the fleet spans ~13-100 J/TH (old S9-era machines on free or stranded power to new ones in Texas) at power from ~$0 to ~$80/MWh; of the spreads tried (spreadProfile) the one-year error is lowest here and the fitted median cost meets the cross-check; freed, the fit runs off to a spread of ~2.4 with most of the fleet switched off, which no record supports",
    shutdownDays: "14: price leads hashrate by 1-6 weeks (Fantazzini & Kolodin 2020, DOMAIN-FACTS)",
    buildLagYears: "0.5: mean delay from hashprice to delivered machines, the lower end of DOMAIN-FACTS' 6-18 months (the two lags put the most deliveries at ~3 months and a tail past a year); the one-year error barely depends on it (lagProfile)",
    maxRetirementPerYear: "0.5: installed capacity shrinks at most ~40% a year (the steepest fall on record, after the 2021 China ban, was ~50% of hashrate in two months, which is the on/off channel plus relocation)",
  },
  crossChecks: {
    cashCostUsdPerPhDay: "DOMAIN-FACTS: a 25-38 J/TH fleet breaks even at ~$51/MWh at a hashprice of $39.5 (2026-01-12): 31 J/TH x $48/MWh x 24 / 1e6 = $35.7 per PH/day; efficient public miners' cash cost ~$26-30 per PH/day (Feb 2026)",
    buildHashpriceUsdPerPhDay: "new capacity in 2025: 17 J/TH x $45/MWh x 24 / 1e6 = $18.4/PH/day of power plus ~$15/TH of ASIC (DOMAIN-FACTS ASIC prices) over a two-year payback = $20.5/PH/day: ~$39 per PH/day",
  },
  params,
  startOrderHashpriceUsdPerPhDay: round(Math.exp(order2) * 1000, 2),
  startOrderHashpriceSource: "the second order lag at 2025-01-01, run over the recorded hashprice from mid-2023 with the fitted lag",
  oneYearRmsError: round(fit.oneYearRmsError, 4),
  lagProfile,
  spreadProfile,
  fit: Object.fromEntries(rows.map(([name, data, model, p5, p95, unit]) => [name, { data: round(data, 4), model: round(model, 4), modelP5: round(p5, 4), modelP95: round(p95, 4), unit }])),
  fitPaths: "200 stochastic hourly paths from 2016-01-01 to 2024-12-31 driven by the recorded BTC price and reward (seeds fixed)",
};
writeFileSync("data/network-supply-2016-2024.json", JSON.stringify(out, null, 2) + "\n");
const csv = ["statistic,data,model_mean,model_p5,model_p95,unit", ...rows.map((r) => r.map((x) => (typeof x === "number" ? round(x, 4) : x)).join(","))];
writeFileSync("data/network-supply-2016-2024-fit.csv", csv.join("\n") + "\n");
console.log(JSON.stringify({ params, lagProfile, spreadProfile, oneYearRmsError: out.oneYearRmsError, start: out.startOrderHashpriceUsdPerPhDay }, null, 2));
console.log(csv.join("\n"));
