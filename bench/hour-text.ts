// Edited copies of the hour loop's text timed against each other: how the hour loop's changes are
// tried before src/site/hour.ts is changed (docs/speed.md, point 22).
//
//   npm run --silent sim -- docs hour sims/X.json > a.js      the untraced loop written for the plan
//   (copy and edit it: b.js, ...)
//   npx esbuild bench/hour-text.ts --bundle --platform=node --outfile=/tmp/hour-text.cjs
//   taskset -c 1 node /tmp/hour-text.cjs sims/X.json a.js b.js ...     [RUNS=10 ROUNDS=5]
//
// Makes one SiteRun per text (each its own compiled loop), checks that every text gives the first
// one's run metrics to the bit on three runs (it says which do not: a variant that changes the
// model is timed all the same), then times them in turn, ROUNDS rounds of RUNS runs, and prints
// the best nanoseconds a site-hour of each. Time it bundled, on one CPU: under tsx a hot loop that
// reads constants from another module runs several times slower.
import { readFileSync } from "node:fs";
import { loadScenarioFile } from "../src/scenario/load";
import { loadMarketInputs } from "../src/io/inputs";
import { compilePlan } from "../src/site/plan";
import { SiteRun } from "../src/site/simulation";

/** The loop's body: what is between the braces of `function hourLoop(site, from, to) {...}` (comments before it left out). */
function bodyOf(text: string): string {
  const at = text.indexOf("function hourLoop(");
  if (at < 0) throw new Error("no function hourLoop( in the text: give `sim docs hour` output or an edited copy of it");
  return text.slice(text.indexOf("{", at) + 1, text.lastIndexOf("}"));
}

async function main() {
  const [scenarioFile, ...texts] = process.argv.slice(2);
  if (scenarioFile === undefined || texts.length === 0) {
    console.error("usage: hour-text SCENARIO.json LOOP.js [LOOP.js ...]");
    process.exit(1);
  }
  const scenario = loadScenarioFile(scenarioFile);
  const plan = compilePlan(scenario, await loadMarketInputs(scenario, []));
  const runs = Number(process.env.RUNS ?? 10);
  const rounds = Number(process.env.ROUNDS ?? 5);
  const sites = texts.map((file) => new SiteRun(plan, { untracedHourText: bodyOf(readFileSync(file, "utf8")) }));
  for (let r = 0; r < 3; r++) {
    const first = Array.from(sites[0].simulate(1, r));
    sites.forEach((site, k) => {
      if (k > 0 && Array.from(site.simulate(1, r)).some((x, i) => !Object.is(x, first[i]))) console.log(`${texts[k]}: run ${r}'s metrics differ from ${texts[0]}'s`);
    });
  }
  for (const site of sites) for (let r = 0; r < 20; r++) site.simulate(1, r); // warm up
  const best = sites.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    sites.forEach((site, k) => {
      const start = process.hrtime.bigint();
      for (let r = 0; r < runs; r++) site.simulate(1, 1000 + r);
      best[k] = Math.min(best[k], Number(process.hrtime.bigint() - start) / (runs * plan.hours));
    });
  }
  console.log(texts.map((file, k) => `${file} ${best[k].toFixed(1)} ns`).join("   "));
}

void main();
