// The hour loop's text for a scenario, and edited copies of it timed against each other: how the
// hour loop's changes are tried before src/site/hour.ts is changed (README, Speed, point 22).
//
//   npx tsx bench/hour-text.ts dump sims/X.json > loop.js      the untraced loop written for the plan
//   npx esbuild bench/hour-text.ts --bundle --platform=node --outfile=/tmp/hour-text.cjs
//   node /tmp/hour-text.cjs time sims/X.json a.js b.js ...     [RUNS=10 ROUNDS=5]
//
// `time` makes one SiteRun per text (each its own compiled loop), checks that every text gives the
// first one's run metrics to the bit on three runs (it says which do not: a variant that changes
// the model is timed all the same), then times them in turn, ROUNDS rounds of RUNS runs, and prints
// the best nanoseconds a site-hour of each. Time it bundled, on one CPU (taskset -c 1): under tsx a
// hot loop that reads constants from another module runs several times slower.
import { readFileSync } from "node:fs";
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { hourLoopSource } from "../src/site/hour";
import { SiteRun } from "../src/site/simulation";

const [command, scenario, ...texts] = process.argv.slice(2);
const plan = compilePlan(loadScenarioFile(scenario));

/** A loop text's body: the text between its function's first "{" and last "}", or all of it. */
const bodyOf = (text: string) => (text.startsWith("function") ? text.slice(text.indexOf("{") + 1, text.lastIndexOf("}")) : text);

if (command === "dump") {
  const site = new SiteRun(plan);
  process.stdout.write(`function hourLoop(site, from, to) {${hourLoopSource(plan, site, { hourlyComponents: site.hourlyComponents.length, traced: false, fold: true })}}\n`);
} else if (command === "time" && texts.length > 0) {
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
} else {
  console.error("usage: hour-text.ts dump SCENARIO | time SCENARIO TEXT...");
  process.exit(1);
}
