// The market fits that read ../shared/data as a whole (hashrate supply, BTC stochastic volatility,
// fees): each reads the files it needs and hands arrays to the pure fits in src/calibrate/, and
// returns the parameter file's content (without madeBy) and the fit report's rows.
// `sim calibrate network|btc-sv|fees DATA_DIR` writes them (scripts/calibrate-defaults.sh).
import { join } from "node:path";
import { btcSvReport, fitBtcSv } from "../calibrate/btc-sv";
import { feeReport, fitFees } from "../calibrate/fees";
import { dayOf, fitHashrateSupply, hashrateFitReport, orderStateAt } from "../calibrate/hashrate";
import type { HashrateSupplyParams } from "../markets/hashrate-supply";
import { ASSUMED_FEE_SHARE, HALVING_DATES, loadNetworkHistory, networkHistoryFiles } from "./network-history";
import { importGeneric } from "./series";
import type { ReportRow } from "../calibrate/calibrate";
import { meanOf as mean } from "../montecarlo/statistics";

export interface MarketFit {
  result: Record<string, unknown>;
  rows: ReportRow[];
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}


/**
 * Hashrate supply (src/markets/hashrate-supply.ts) on 2016-2024: the expected path started at the
 * recorded hashrate every 30 days from 2016-01-01, driven by the recorded BTC price and reward,
 * against the recorded hashrate a year later; Nelder-Mead moves the build hashprice, the
 * efficiency gain, the build response and the fleet's cash cost. The build lag and the cost spread
 * are held (profiles of the error over each are returned), as are the shutdown time and the
 * retirement limit.
 */
export async function fitNetworkSupply(shared: string): Promise<MarketFit> {
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


  const result = {
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
    fitPaths: "200 stochastic paths stepped daily (as the simulation steps the model) from 2016-01-01 to 2024-12-31, driven by the recorded BTC price and reward (seeds fixed)",
  };
  return { result, rows };
}

/** BTC stochastic volatility on the whole calendar years 2014-2024 of CoinGecko daily closes. */
export async function fitBtcStochasticVolatility(shared: string): Promise<MarketFit> {
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
  const inside = (prefix: string) => rows.filter((r) => r[0].startsWith(prefix) && r[1] >= r[3] && r[1] <= r[4]).length;
  const result = {
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
  return { result, rows };
}

/** Fees per block as a process: Coin Metrics' daily fees 2016-2019 and three later yearly levels. */
export async function fitFeeProcess(shared: string): Promise<MarketFit> {
  const history = await loadNetworkHistory(networkHistoryFiles(shared), "2016-01-01", "2020-01-01");
  const years = new Map<string, number[]>();
  history.feesBtcPerBlock.forEach((fee, i) => {
    const year = String(new Date((history.startDay + i) * 86_400_000).getUTCFullYear());
    years.set(year, [...(years.get(year) ?? []), fee]);
  });
  // Yearly mean fees per block, BTC: 2016-2019 from the daily data; 2021, 2024, 2025 from
  // DOMAIN-FACTS.md section 3 (the data has no fees after 2020-07-27).
  const YEARLY_FROM_FACTS = [
    { year: "2021", btcPerBlock: 2.8e6 / (144 * 47_000), source: "Coin Metrics via DOMAIN-FACTS: fees $2.8M a day in 2021, at a mean BTC price of ~$47,000 (CoinGecko 2021 mean)" },
    { year: "2024", btcPerBlock: 10_000 / 52_560, source: "DOMAIN-FACTS: ~10,000 BTC of fees in calendar 2024 over ~52,560 blocks" },
    { year: "2025", btcPerBlock: 0.01 * 3.125 / 0.99, source: "DOMAIN-FACTS: fee share 1.35% in Q1 2025 and ~0.78% to ~Oct 2025: ~1% of a 3.125 BTC subsidy" },
  ];
  const yearlyMean = [...[...years.values()].map(mean), ...YEARLY_FROM_FACTS.map((y) => y.btcPerBlock)];
  const variation = fitFees([...years.values()], yearlyMean, { slowHalfLifeDays: [365], fastSdLog: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], slowSdLog: [0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0], simulatedYears: 1000 });
  const rows = feeReport(variation, years, yearlyMean, 4000);
  const inside = rows.filter((r) => r[1] >= r[3] && r[1] <= r[4]).length;
  const result = {
    inputs: { yearlyFromFacts: YEARLY_FROM_FACTS, fees: "../shared/data/bitcoin_network/coinmetrics_btc_daily_2009_2020.csv: FeeTotNtv / BlkCnt, daily, 2016-01-01 .. 2019-12-31 (no fee data after 2020-07-27)" },
    method:
      "Fast half-life: AR(1) of ln(daily fees per block) around each year's mean, pooled over the four years. Slow half-life and the two spreads: a grid, 2,000 simulated years each (paths of four years, common seeds), matching the four years' median within-year sd of ln fees and their median P95/median ratio of daily fees, and the spread of ln yearly mean fees over 2016-2019 (data) with 2021, 2024 and 2025 (DOMAIN-FACTS), simulated as paths of seven years. The mean level is not fitted here: it is markets.network.feesBtcPerBlock (DOMAIN-FACTS for 2025).",
    variation: { fastHalfLifeDays: round(variation.fastHalfLifeDays, 1), fastSdLog: variation.fastSdLog, slowHalfLifeDays: variation.slowHalfLifeDays, slowSdLog: variation.slowSdLog },
    statisticsInsideBand: `${inside} of ${rows.length}`,
    fitYears: "4,000 simulated years (1,000 paths of four consecutive years; seeds fixed)",
    fit: Object.fromEntries(rows.map(([name, data, model, p5, p95, unit]) => [name, { data: round(data), model: round(model), modelP5: round(p5), modelP95: round(p95), unit }])),
  };
  return { result, rows };
}
