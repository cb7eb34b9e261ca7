// The simulation kernel alone, in one process: no workers, no files. Prints nanoseconds a
// site-hour (best and median of repeats, the machine drifts) and the bytes the hour
// loop allocates a site-hour (V8's sampling heap profiler, objects collected by minor GCs included).
//
//   npx tsx bench/kernel.ts [scenario.json ...] [--runs N] [--repeats K] [--no-lanes]
//
// Then the same runs' markets alone, each process's block loop timed on its own (the site's hour
// is the rest): where a scenario's time goes. Runs go as a worker runs them, each four's markets
// stepped together in SIMD lanes where a process can (--no-lanes: each run alone).
//
// Each scenario runs in a process of its own, as the CLI runs them: two scenarios in one process
// share the hour loop's compiled code, and when their market models differ V8 makes that code
// generic (slower, and boxing doubles), which no user run sees.
import { spawnSync } from "node:child_process";
import { Session } from "node:inspector";
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { MARKET_BLOCK_HOURS, SiteRun } from "../src/site/simulation";
import { RandomStream, streamSeed } from "../src/engine/random";
import { MARKET_LANES, type MarketProcess } from "../src/markets/process";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback;
};
const noLanes = args.includes("--no-lanes");
if (noLanes) args.splice(args.indexOf("--no-lanes"), 1);
const runs = option("--runs", 100);
const repeats = option("--repeats", 5);
const files = args.length > 0 ? args : ["sims/bench-reference.json", "sims/default.json"];
if (files.length > 1) {
  for (const file of files) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], file, "--runs", String(runs), "--repeats", String(repeats), ...(noLanes ? ["--no-lanes"] : [])], { stdio: "inherit" });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  process.exit(0);
}
const file = files[0];
const site = new SiteRun(compilePlan(loadScenarioFile(file)));

const session = new Session();
session.connect();
const post = (method: string, params: object = {}) =>
  new Promise<any>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

/** Runs first .. first + count - 1 as a worker runs them (src/montecarlo/worker.ts): each four together, their BTC and power prices in SIMD lanes, unless --no-lanes. */
const sites = [site, ...[1, 2, 3].map(() => new SiteRun(site.plan, { networkOf: site }))];
function simulateRuns(first: number, count: number): void {
  for (let i = 0; i < count; ) {
    if (!noLanes && site.stepsInLanes && i + MARKET_LANES <= count) {
      SiteRun.simulateTogether(sites, 1, [0, 1, 2, 3].map((k) => first + i + k));
      i += MARKET_LANES;
    } else site.simulate(1, first + i++);
  }
}

async function main() {
  simulateRuns(0, 20); // warm up
  const nanos: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const start = process.hrtime.bigint();
    simulateRuns(1000, runs);
    nanos.push(Number(process.hrtime.bigint() - start) / (runs * site.plan.hours));
  }
  await post("HeapProfiler.enable");
  await post("HeapProfiler.startSampling", { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const sampled = 20;
  simulateRuns(5000, sampled);
  const { profile } = await post("HeapProfiler.stopSampling");
  let bytes = 0;
  const walk = (node: any) => {
    bytes += node.selfSize;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  nanos.sort((a, b) => a - b);
  console.log(
    `${file}: ${runs} runs x ${repeats}: best ${nanos[0].toFixed(1)} ns a site-hour, median ${nanos[Math.floor(nanos.length / 2)].toFixed(1)}; ` +
      `${(bytes / (sampled * site.plan.hours)).toFixed(1)} bytes allocated a site-hour`,
  );
  session.disconnect();
  console.log(`  ${marketShares(nanos[0])}`);
}

/** Nanoseconds an hour of each market's block loop over the same runs, and what is left for the site's hour. */
function marketShares(totalNs: number): string {
  const hours = site.plan.hours;
  const calendar = site.plan.calendar;
  const block = MARKET_BLOCK_HOURS;
  const parts = [
    { name: "btc", process: site.btc, input: () => calendar },
    { name: "power", process: site.power, input: () => calendar },
    // A network path the same in every run is computed once per plan, not stepped in the hour loop.
    { name: "network", process: site.networkShared ? null : site.network, input: () => site.btc.logPriceByHour },
    { name: "basis", process: site.basis, input: () => calendar },
    { name: "real-time", process: site.realTime, input: () => calendar },
  ].filter((part) => part.process !== null);
  const best = parts.map(() => Infinity);
  for (let k = 0; k < repeats; k++) {
    const nanos = parts.map(() => 0);
    for (let r = 0; r < runs; r++) {
      // Streams named as SiteRun names them (src/site/simulation.ts), so the same draws.
      for (const part of parts) part.process!.reset(new RandomStream(streamSeed(1, 1000 + r, part.name)));
      for (let from = 0; from < hours; from += block) {
        const to = Math.min(hours, from + block);
        for (let i = 0; i < parts.length; i++) {
          const start = process.hrtime.bigint();
          (parts[i].process as { stepHours(from: number, to: number, input: unknown): void }).stepHours(from, to, parts[i].input());
          nanos[i] += Number(process.hrtime.bigint() - start);
        }
      }
    }
    nanos.forEach((ns, i) => (best[i] = Math.min(best[i], ns / (runs * hours))));
  }
  // The processes that step runs in SIMD lanes: four runs at a time, as the worker steps them.
  const laned = noLanes ? [] : parts.filter((part) => (part.process as MarketProcess<unknown>).stepHoursInLanes !== undefined);
  for (const part of laned) {
    const i = parts.indexOf(part);
    const processes = sites.map((s) => ({ btc: s.btc, power: s.power, basis: s.basis, "real-time": s.realTime })[part.name] as MarketProcess<unknown>);
    best[i] = Infinity;
    for (let k = 0; k < repeats; k++) {
      let nanos = 0;
      for (let r = 0; r < runs; r += MARKET_LANES) {
        processes.forEach((p, lane) => p.reset(new RandomStream(streamSeed(1, 1000 + r + lane, part.name))));
        for (let from = 0; from < hours; from += block) {
          const start = process.hrtime.bigint();
          processes[0].stepHoursInLanes!(processes.slice(1), from, Math.min(hours, from + block), part.input());
          nanos += Number(process.hrtime.bigint() - start);
        }
      }
      best[i] = Math.min(best[i], nanos / (Math.ceil(runs / MARKET_LANES) * MARKET_LANES * hours));
    }
  }
  const marketsNs = best.reduce((a, b) => a + b, 0);
  const shared = site.networkShared ? "; the network's path computed once (the same in every run)" : "";
  return `markets alone, ns an hour: ${parts.map((part, i) => `${part.name}${laned.includes(part) ? " (in lanes)" : ""} ${best[i].toFixed(1)}`).join(", ")} (together ${marketsNs.toFixed(1)})${shared}; the site's hour, the rest: ${(totalNs - marketsNs).toFixed(1)}`;
}
main();
