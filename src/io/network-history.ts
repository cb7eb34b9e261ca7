// The Bitcoin network's daily history from ../shared/data, for fitting the hashrate and fee models:
// hashrate from Coin Metrics (to 2020-04-10) then blockchain.com (7-day means, as blockchain.com's
// daily estimate is noisy), BTC closes from CoinGecko, fees per block from Coin Metrics (to
// 2020-07-27) and, after, a stated fee share of the reward (the data has none).
import { join } from "node:path";
import { dayOf, type NetworkHistory } from "../calibrate/hashrate";
import { InputError } from "../errors";
import { readCsvRows } from "./series";

/** Halving days: blocks 210,000, 420,000, 630,000, 840,000. */
export const HALVING_DATES = ["2012-11-28", "2016-07-09", "2020-05-11", "2024-04-20"] as const;

/** Fee share of the block reward assumed where the data has no fees (DOMAIN-FACTS.md section 3 "Fees"). */
export const ASSUMED_FEE_SHARE = [
  { from: "2020-07-28", share: 0.02, source: "DOMAIN-FACTS: ~1-2% in quiet periods of 2021-2023, higher in the Ordinals waves; 2% assumed" },
  { from: "2024-01-01", share: 0.04, source: "DOMAIN-FACTS: calendar 2024 ~10,000 BTC of fees of ~240,000 BTC mined (~4%)" },
] as const;

export interface NetworkHistoryFiles {
  coinMetrics: string;
  blockchainHashrate: string;
  btc: string;
}

export function networkHistoryFiles(sharedData: string): NetworkHistoryFiles {
  return {
    coinMetrics: join(sharedData, "bitcoin_network", "coinmetrics_btc_daily_2009_2020.csv"),
    blockchainHashrate: join(sharedData, "bitcoin_network", "blockchaincom_hashrate_daily_2020_2024.csv"),
    btc: join(sharedData, "btc", "btc_usd_daily_coingecko.csv"),
  };
}

function subsidyBtcOn(day: number): number {
  return 50 / 2 ** HALVING_DATES.filter((d) => day >= dayOf(d)).length;
}

/** Daily history from fromIso (inclusive) to toIso (exclusive), with the recorded fees per block where known (feesKnown). */
export async function loadNetworkHistory(files: NetworkHistoryFiles, fromIso: string, toIso: string): Promise<NetworkHistory & { feesBtcPerBlock: Float64Array; feesRecorded: Uint8Array }> {
  const hashrate = new Map<number, number>();
  const fees = new Map<number, number>();
  const price = new Map<number, number>();
  const number = (text: string, file: string, line: number, column: string): number => {
    const v = Number(text);
    if (text === "" || !Number.isFinite(v)) throw new InputError(`${file}: line ${line}: column ${column}: expected a number (found "${text}")`);
    return v;
  };
  const coinMetrics = await readCsvRows(files.coinMetrics);
  for (const { line, cells } of coinMetrics.rows) {
    const day = dayOf(cells.time);
    if (cells.HashRate) hashrate.set(day, number(cells.HashRate, files.coinMetrics, line, "HashRate") * 1e12);
    const blocks = Number(cells.BlkCnt);
    if (blocks > 0 && cells.FeeTotNtv) fees.set(day, number(cells.FeeTotNtv, files.coinMetrics, line, "FeeTotNtv") / blocks);
  }
  const switchDay = dayOf("2020-04-11");
  for (const { line, cells } of (await readCsvRows(files.blockchainHashrate)).rows) {
    const day = dayOf(cells.Date);
    if (day >= switchDay) hashrate.set(day, number(cells["hash-rate"], files.blockchainHashrate, line, "hash-rate") * 1e12);
  }
  for (const { cells } of (await readCsvRows(files.btc)).rows) {
    if (cells.close_price_usd) price.set(dayOf(cells.event_date), Number(cells.close_price_usd));
  }
  const startDay = dayOf(fromIso);
  const days = dayOf(toIso) - startDay;
  const out = {
    startDay,
    hashrateHps: new Float64Array(days),
    btcUsd: new Float64Array(days),
    rewardBtcPerBlock: new Float64Array(days),
    feesBtcPerBlock: new Float64Array(days),
    feesRecorded: new Uint8Array(days),
  };
  for (let i = 0; i < days; i++) {
    const day = startDay + i;
    let sum = 0;
    let n = 0;
    for (let k = 0; k < 7; k++) {
      const v = hashrate.get(day - k);
      if (v !== undefined) {
        sum += v;
        n++;
      }
    }
    if (n === 0) throw new InputError(`network history: no hashrate in the week to ${new Date(day * 86_400_000).toISOString().slice(0, 10)}`);
    out.hashrateHps[i] = sum / n;
    // The price file misses three days: the day before's close stands in.
    const p = price.get(day) ?? price.get(day - 1);
    if (p === undefined) throw new InputError(`${files.btc}: no BTC price on ${new Date(day * 86_400_000).toISOString().slice(0, 10)} or the day before`);
    out.btcUsd[i] = p;
    const subsidy = subsidyBtcOn(day);
    const recorded = fees.get(day);
    let fee = recorded;
    if (fee === undefined) {
      const share = [...ASSUMED_FEE_SHARE].reverse().find((a) => day >= dayOf(a.from))?.share ?? 0;
      fee = (subsidy * share) / (1 - share);
    }
    out.feesBtcPerBlock[i] = fee;
    out.feesRecorded[i] = recorded === undefined ? 0 : 1;
    out.rewardBtcPerBlock[i] = subsidy + fee;
  }
  return out;
}
