// The power kernel for four runs in SIMD lanes against four runs one after another: each run's
// path compared bit for bit, then both timed (best of repeats, ns a run-hour).
//   npx esbuild bench/power-lanes.ts --bundle --platform=node --outfile=/tmp/pl.cjs && node /tmp/pl.cjs sims/X.json [runs] [repeats]
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { PowerPriceProcess } from "../src/markets/power";
import { RandomStream, streamSeed } from "../src/engine/random";
import { marketKernels } from "../src/markets/wasm";

const [file, runsArg, repeatsArg] = process.argv.slice(2);
const plan = compilePlan(loadScenarioFile(file));
const params = plan.scenario.markets.power;
if (params.model !== "stochastic") throw new Error("not a stochastic power model");
const hours = plan.hours;
const calendar = plan.calendar;
const lanes = [0, 1, 2, 3].map(() => new PowerPriceProcess(params as any));
for (const p of lanes) p.reserveHours(hours);
const k = marketKernels() as any;
const table = k.allocate(256);

function scalar(baseSeed: number, run0: number, count: number, copy = true): Float64Array[] {
  const out: Float64Array[] = [];
  for (let i = 0; i < count; i++) {
    const p = lanes[i];
    p.reset(new RandomStream(streamSeed(baseSeed, run0 + i, "power")));
    p.stepHours(0, hours, calendar);
    if (copy) out.push(p.priceUsdPerMwhByHour.slice(0, hours));
  }
  return out;
}
function laned(baseSeed: number, run0: number, count: number, block: number, copy = true): Float64Array[] {
  const rngs = lanes.slice(0, count).map((p, i) => {
    const rng = new RandomStream(streamSeed(baseSeed, run0 + i, "power"));
    p.reset(rng);
    return rng;
  });
  // The calendar's blocks: made by one scalar stepHours of zero hours.
  lanes[0].stepHours(0, 0, calendar);
  const cal = (lanes[0] as any).calendarBlocks;
  for (let from = 0; from < hours; from += block) {
    const to = Math.min(hours, from + block);
    const heap = new Int32Array(k.exports.memory.buffer);
    for (let i = 0; i < count; i++) {
      const p = lanes[i] as any;
      p.kernel.wordsIn(rngs[i].words);
      heap[table / 4 + 3 * i] = p.kernel.state;
      heap[table / 4 + 3 * i + 1] = p.kernel.words;
      heap[table / 4 + 3 * i + 2] = p.paths.at(0, from);
    }
    k.exports.powerHoursLanes(p0(lanes[0]).kernel.params, table, count, cal.address[0], cal.address[1], 0, from, to);
    for (let i = 0; i < count; i++) (lanes[i] as any).kernel.wordsOut(rngs[i].words);
  }
  return copy ? lanes.slice(0, count).map((p) => p.priceUsdPerMwhByHour.slice(0, hours)) : [];
}
function p0(p: PowerPriceProcess): any {
  return p as any;
}

let mismatches = 0;
for (let g = 0; g < 6; g++) {
  for (const count of [4, 3, 1]) {
    const a = scalar(7, 100 + 4 * g, count);
    const b = laned(7, 100 + 4 * g, count, g % 2 === 0 ? hours : 512);
    for (let i = 0; i < count; i++) for (let h = 0; h < hours; h++) if (!Object.is(a[i][h], b[i][h])) { if (mismatches++ < 5) console.log(`run ${100 + 4 * g + i} hour ${h}: ${a[i][h]} vs ${b[i][h]}`); }
  }
}
console.log(`${file}: ${hours} hours, mismatches ${mismatches}`);
const runs = Number(runsArg ?? 40);
const repeats = Number(repeatsArg ?? 5);
const time = (f: () => void) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / (runs * hours);
};
const best = { scalar: Infinity, lanes: Infinity, one: Infinity };
for (let r = 0; r < repeats; r++) {
  best.scalar = Math.min(best.scalar, time(() => { for (let g = 0; g < runs; g += 4) scalar(1, g, 4, false); }));
  best.lanes = Math.min(best.lanes, time(() => { for (let g = 0; g < runs; g += 4) laned(1, g, 4, 512, false); }));
  best.one = Math.min(best.one, time(() => { for (let g = 0; g < runs; g++) laned(1, g, 1, 512, false); }));
}
console.log(`ns a run-hour : one at a time ${best.scalar.toFixed(2)}, four in lanes ${best.lanes.toFixed(2)}, lanes kernel with one lane ${best.one.toFixed(2)}`);
