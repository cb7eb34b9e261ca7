// Where does the recorded mid-2026 hashprice (~$28.7 per PH/day around 2026-06-26, BTC ~$60k;
// DOMAIN-FACTS section 3) fall among default-model paths with a similar BTC price?
//   npx tsx scripts/hashprice-2026-check.mts
import { BtcPriceProcess } from "../src/markets/btc";
import { NetworkProcess, hashpriceUsdPerThDay } from "../src/markets/network";
import { RandomStream, streamSeed } from "../src/engine/random";
import { resolveScenario } from "../src/scenario/load";

const scenario = resolveScenario({ name: "check", start: "2025-01-01T00:00:00Z", horizon: { years: 2 }, site: { interconnectMw: 1 } }, "check");
const hours = Math.round((Date.parse("2026-06-26T00:00:00Z") - Date.parse("2025-01-01T00:00:00Z")) / 3_600_000);
const similar: number[] = [];
let all = 0;
for (let run = 0; run < 4000; run++) {
  const btc = new BtcPriceProcess(scenario.markets.btc as never);
  const net = new NetworkProcess(scenario.markets.network, undefined, scenario.start, (scenario.markets.btc as { startPriceUsd: number }).startPriceUsd);
  btc.reset(new RandomStream(streamSeed(1, run, "btc")));
  net.reset(new RandomStream(streamSeed(1, run, "network")));
  for (let h = 0; h <= hours; h++) {
    btc.step(h);
    net.btcLogPriceUsd = btc.logPrice;
    net.step(h);
  }
  all++;
  if (btc.priceUsd > 50_000 && btc.priceUsd < 70_000) similar.push(hashpriceUsdPerThDay(net.subsidyBtc + net.feesBtcPerBlock, btc.priceUsd, net.difficulty) * 1000);
}
similar.sort((a, b) => a - b);
const below = similar.filter((x) => x < 28.68).length;
console.log(`${similar.length} of ${all} paths with BTC $50-70k on 2026-06-26: hashprice P5/P50/P95 $${similar[Math.floor(0.05 * similar.length)].toFixed(1)} / $${similar[Math.floor(0.5 * similar.length)].toFixed(1)} / $${similar[Math.floor(0.95 * similar.length)].toFixed(1)} per PH/day; the record's $28.68 is above ${((100 * below) / similar.length).toFixed(0)}% of them`);
