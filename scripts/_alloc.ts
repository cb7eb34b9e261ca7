import { Session } from "node:inspector";
import { loadScenarioFile } from "../src/scenario/load";
import { compilePlan } from "../src/site/plan";
import { SiteRun } from "../src/site/simulation";
const file = process.argv[2]; const runs = Number(process.argv[3] ?? 20);
const site = new SiteRun(compilePlan(loadScenarioFile(file)));
for (let r = 0; r < 10; r++) site.simulate(1, r);
const session = new Session(); session.connect();
const post = (m: string, p: object = {}) => new Promise<any>((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r))));
(async () => {
  await post("HeapProfiler.enable");
  await post("HeapProfiler.startSampling", { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let r = 0; r < runs; r++) site.simulate(1, 100 + r);
  const { profile } = await post("HeapProfiler.stopSampling");
  const acc = new Map<string, number>();
  const walk = (n: any, stack: string[]) => {
    const cf = n.callFrame; const st = [...stack, `${cf.functionName || "(anon)"}:${cf.lineNumber + 1}`];
    if (n.selfSize) acc.set(st.slice(-4).reverse().join(" < "), (acc.get(st.slice(-4).reverse().join(" < ")) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c, st);
  };
  walk(profile.head, []);
  const total = [...acc.values()].reduce((a, b) => a + b, 0);
  console.log(`sampled ${(total / 1e6).toFixed(1)} MB over ${runs} runs = ${(total / runs / 1e3).toFixed(0)} KB/run, ${(total / runs / site.plan.hours).toFixed(1)} B/hour`);
  for (const [k, v] of [...acc.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${((100 * v) / total).toFixed(1)}% ${(v / 1e3).toFixed(0)} KB ${k}`);
})();
