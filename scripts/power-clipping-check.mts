// The $200 clipping artefact (issue 12, item 4): hours a year at exactly the spike threshold, and
// between it and $250, in the default power model vs the HB_WEST day-ahead record 2019-2024.
//   npx tsx scripts/power-clipping-check.mts [../shared/data]
import { join } from "node:path";
import { buildCalendar } from "../src/engine/calendar";
import { PowerPriceProcess } from "../src/markets/power";
import { RandomStream } from "../src/engine/random";
import { importErcot } from "../src/io/ercot";
import { resolveScenario } from "../src/scenario/load";

const shared = process.argv[2] ?? join("..", "shared", "data");
const scenario = resolveScenario({ name: "check", start: "2025-01-01T00:00:00Z", horizon: { years: 10 }, site: { interconnectMw: 1 } }, "check");
const power = scenario.markets.power;
if (power.model !== "stochastic") throw new Error("expected the stochastic default");
const hours = 10 * 8760;
const calendar = buildCalendar(scenario.start, hours, "America/Chicago");
const count = (values: ArrayLike<number>) => {
  let at = 0;
  let above = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 200) at++;
    else if (values[i] > 200 && values[i] <= 250) above++;
  }
  return { at, above };
};
let at = 0;
let above = 0;
const runs = 20;
const model = new PowerPriceProcess(power);
const values = new Float64Array(hours);
for (let run = 0; run < runs; run++) {
  model.reset(new RandomStream(`clipping:${run}`));
  for (let h = 0; h < hours; h++) {
    model.step(h, calendar.localMonth[h] * 24 + calendar.localHour[h]);
    values[h] = model.priceUsdPerMwh;
  }
  const c = count(values);
  at += c.at;
  above += c.above;
}
console.log(`model (${runs} runs x 10 years): ${(at / (runs * 10)).toFixed(1)} hours a year at exactly $200, ${(above / (runs * 10)).toFixed(1)} in ($200, $250]`);
for (const year of [2019, 2020, 2021, 2022, 2023, 2024]) {
  const s = await importErcot([join(shared, "ercot", `ercot_dam_lzhbspp_${year}.csv.gz`)], { point: "HB_WEST", fillGaps: false }, []);
  const c = count(s.values);
  console.log(`${year}: ${c.at} hours at exactly $200, ${c.above} in ($200, $250]`);
}
