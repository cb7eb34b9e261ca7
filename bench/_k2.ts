// The simulation kernel alone, in one process: no workers, no files. Prints nanoseconds a
// site-hour (best and median of repeats, the machine drifts) and the bytes the hour
// loop allocates a site-hour (V8's sampling heap profiler, objects collected by minor GCs included).
//
//   npx tsx bench/kernel.ts [scenario.json ...] [--runs N] [--repeats K]
//
// Each scenario runs in a process of its own, as the CLI runs them: two scenarios in one process
// share the hour loop's compiled code, and when their market models differ V8 makes that code
// generic (slower, and boxing doubles), which no user run sees.
import { spawnSync } from "node:child_process";
import { Session } from "node:inspector";
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { SiteRun } from "../src/site/simulation";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback;
};
const runs = option("--runs", 100);
const repeats = option("--repeats", 5);
const files = args.length > 0 ? args : ["sims/bench-reference.json", "sims/default.json"];
if (files.length > 1) {
  for (const file of files) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], file, "--runs", String(runs), "--repeats", String(repeats)], { stdio: "inherit" });
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

async function main() {
  for (let r = 0; r < 20; r++) site.simulate(1, r); // warm up
  const nanos: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const start = process.hrtime.bigint();
    for (let r = 0; r < runs; r++) site.simulate(1, 1000 + r);
    nanos.push(Number(process.hrtime.bigint() - start) / (runs * site.plan.hours));
  }
  await post("HeapProfiler.enable");
  await post("HeapProfiler.startSampling", { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const sampled = 20;
  for (let r = 0; r < sampled; r++) site.simulate(1, 5000 + r);
  const { profile } = await post("HeapProfiler.stopSampling");
  let bytes = 0;
  const walk = (node: any) => {
    bytes += node.selfSize;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const by = new Map<string, number>(); const w2 = (n: any) => { const k = n.callFrame.functionName + ":" + n.callFrame.lineNumber + " " + n.callFrame.url.split("/").pop(); by.set(k, (by.get(k) ?? 0) + n.selfSize); n.children.forEach(w2); }; w2(profile.head); console.log([...by].sort((a, b) => b[1] - a[1]).slice(0, 8));
  nanos.sort((a, b) => a - b);
  console.log(
    `${file}: ${runs} runs x ${repeats}: best ${nanos[0].toFixed(1)} ns a site-hour, median ${nanos[Math.floor(nanos.length / 2)].toFixed(1)}; ` +
      `${(bytes / (sampled * site.plan.hours)).toFixed(1)} bytes allocated a site-hour`,
  );
  session.disconnect();
}
main();
