// npm run bench: hashgrid on sims/bench-reference.json run the way users run it (the built CLI,
// wall time from the command's start to its exit, write-up included), beside the numpy peer of
// ../shared/bench/REFERENCE.md in the same call, at 2,000 and at 20,000 runs.
// Prints site-hours per second per core, the ratio to numpy, the 2-thread speed-up, peak memory.
// Absolute times on these shared machines drift by +-30% from run to run; compare within one call.
// First it checks whether the CPUs are alike (one may share its physical core at times).
//
//   npm run bench                          the reference figures (~10 minutes on 2 cores)
//   BENCH_RUNS=500 npm run bench           one quick size instead of 2,000 and 20,000
//   BENCH_DEFAULT_RUNS=100000 npm run bench  also sims/default.json at that many runs on 2 threads
//   BENCH_ROUNDS=3 npm run bench           each size's calls made that many times, interleaved, the
//                                          fastest of each kept (default: 2 at up to 2,000 runs, else 1)
//   BENCH_PIN=0 npm run bench              one-core calls not pinned (by default they run on the CPU the
//                                          probe below finds fastest, all of them on the same one)
// Then the hand-specialised kernel of bench/ceiling.ts beside the hour loop (SiteRun), in one process, and its
// WebAssembly build (bench/assembly/ceiling.ts; the project's AssemblyScript, skipped if it fails), and that build with two runs
// and four at a time in SIMD lanes (runPair, runQuad).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const sizes = process.env.BENCH_RUNS ? [Number(process.env.BENCH_RUNS)] : [2000, 20000];
const defaultRuns = Number(process.env.BENCH_DEFAULT_RUNS ?? 0);
const scenario = "sims/bench-reference.json";
// A horizon is given in hours or in years of 8,760 hours (src/site/plan.ts).
const hoursOf = (file) => {
  const horizon = JSON.parse(readFileSync(file, "utf8")).horizon;
  return horizon.hours ?? Math.round(horizon.years * 8760);
};
const work = mkdtempSync(join(tmpdir(), "hashgrid-bench-"));

/** One CLI call, timed from spawn to exit. */
function hashgrid(file, runs, threads, report) {
  const out = join(work, `${runs}-${threads}-${report ? "report" : "noreport"}`);
  const args = ["dist/cli.cjs", "run", file, "--runs", String(runs), "--threads", String(threads), "--out", out, ...(report ? [] : ["--no-report"])];
  process.stderr.write(`bench: hashgrid ${file} ${runs} runs, ${threads} thread${threads > 1 ? "s" : ""}${report ? ", with report" : ", --no-report"}\n`);
  const [command, commandArgs] = onOneCpu(threads, process.execPath, args);
  const start = process.hrtime.bigint();
  const r = spawnSync(command, commandArgs, { encoding: "utf8", maxBuffer: 64 << 20 });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`hashgrid failed: ${r.stderr}`);
  const info = JSON.parse(readFileSync(join(out, "run-info.json"), "utf8"));
  const siteHours = runs * hoursOf(file);
  const runsCsv = readFileSync(join(out, "runs.csv"));
  rmSync(out, { recursive: true, force: true });
  return { label: `hashgrid, ${threads} thread${threads > 1 ? "s" : ""}${report ? ", report" : ", --no-report"}`, threads, wallSeconds, batchSeconds: info.batchSeconds, siteHoursPerSec: siteHours / wallSeconds, perCore: siteHours / wallSeconds / threads, peakRssMb: info.peakRssMb, runsCsv };
}

function numpyPeer(runs) {
  const peer = join("..", "shared", "bench", "peer_numpy.py");
  if (!existsSync(peer)) return { skipped: `${peer} not found` };
  process.stderr.write(`bench: numpy peer ${runs} runs\n`);
  const r = spawnSync(...onOneCpu(1, "python3", [peer, "--runs", String(runs), "--mode", "perhour"]), { encoding: "utf8" });
  if (r.status !== 0) return { skipped: `python3 peer failed: ${r.stderr.trim().split("\n").pop()}` };
  const p = JSON.parse(r.stdout.trim().split("\n").pop());
  return { label: `numpy ${p.numpy} peer (per hour, 1 core)`, wallSeconds: p.loopMs / 1000, siteHoursPerSec: p.siteHoursPerSec, perCore: p.siteHoursPerSec, peakRssMb: "" };
}

const fmt = (x) => `${(x / 1e6).toFixed(2)} M`;
function table(rows) {
  const header = ["", "wall time", "site-hours/s", "per core", "peak RSS"];
  const cells = rows.map((r) => [r.label, `${r.wallSeconds.toFixed(1)} s`, fmt(r.siteHoursPerSec), fmt(r.perCore), r.peakRssMb === "" ? "" : `${r.peakRssMb} MB`]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => x.padEnd(widths[i])).join("  ").trimEnd();
  console.log(line(header));
  for (const c of cells) console.log(line(c));
}

// Are the CPUs alike? The same throughput-bound loop (independent adds and table reads) pinned to
// each CPU in turn, then to all of them at once: on this project's machines one virtual CPU at
// times shares its physical core, and runs such code ~1.6x slower, which caps the 2-thread
// speed-up (README, "Speed"; docs/speed.md). Alone, each CPU's own speed; together, what 2 threads get.
const probeLoop = "(function(){const t=new Float64Array(4096).map((_,i)=>i*0.5);let a=0,b=0,c=0;const s=process.hrtime.bigint();for(let i=0;i<2e8;i++){a+=t[i&4095];b+=t[(i*7)&4095];c+=i*1e-9;}console.log(Number(process.hrtime.bigint()-s)/1e6,a+b+c>0)})()";
const cpuCount = Number((spawnSync("nproc", [], { encoding: "utf8" }).stdout ?? "").trim()) || 1;
const probeMs = (stdout) => Number(stdout.trim().split(" ")[0]);

function cpuProbeAlone() {
  const times = [];
  for (let cpu = 0; cpu < cpuCount; cpu++) {
    const r = spawnSync("taskset", ["-c", String(cpu), process.execPath, "-e", probeLoop], { encoding: "utf8" });
    if (r.status !== 0) return null;
    times.push(probeMs(r.stdout));
  }
  return times;
}

function cpuProbeTogether() {
  const one = (cpu) =>
    new Promise((resolve) => {
      const child = spawn("taskset", ["-c", String(cpu), process.execPath, "-e", probeLoop]);
      let out = "";
      child.stdout.on("data", (chunk) => (out += chunk));
      child.on("error", () => resolve(NaN));
      child.on("close", (code) => resolve(code === 0 ? probeMs(out) : NaN));
    });
  return Promise.all(Array.from({ length: cpuCount }, (_, cpu) => one(cpu)));
}

const alone = cpuProbeAlone();
// One-core calls (the numpy peer, hashgrid on 1 thread, the kernels) pinned to the CPU the probe
// found fastest alone: when the CPUs are unequal, an unpinned call lands on either, and per-core
// ratios compare two draws of that lottery. Pinned, each gets the same core (hashgrid's main
// thread, its worker and V8's helper threads share it). BENCH_PIN=0: unpinned.
const pinCpu = process.env.BENCH_PIN !== "0" && alone !== null && alone.length > 1 ? alone.indexOf(Math.min(...alone)) : null;
/** [command, args] for a call on `threads` threads: through taskset onto pinCpu when it uses one. */
function onOneCpu(threads, command, args) {
  return threads === 1 && pinCpu !== null ? ["taskset", ["-c", String(pinCpu), command, ...args]] : [command, args];
}
if (alone !== null && alone.length > 1) {
  const ratio = Math.max(...alone) / Math.min(...alone);
  console.log(`CPUs: the same throughput-bound loop pinned to each takes ${alone.map((ms, cpu) => `${ms.toFixed(0)} ms on CPU ${cpu}`).join(", ")}${ratio > 1.15 ? ` — unequal (${ratio.toFixed(2)}x)` : " — alike"}`);
  const together = await cpuProbeTogether();
  if (together.every((ms) => ms > 0)) {
    const best = Math.min(...alone);
    const bound = together.reduce((sum, ms) => sum + best / ms, 0);
    console.log(`      on all ${cpuCount} at once: ${together.map((ms, cpu) => `${ms.toFixed(0)} ms on CPU ${cpu}`).join(", ")} — ${cpuCount} threads can reach at most ~${bound.toFixed(2)}x one CPU alone at its best now`);
  }
}
console.log(pinCpu !== null ? `one-core calls (numpy, hashgrid on 1 thread, the kernels) pinned to CPU ${pinCpu}, the fastest alone (BENCH_PIN=0: unpinned)` : "one-core calls not pinned");
// The workers keep the lanes loop they compile for a plan between calls (src/io/compiled-loop-store.ts):
// a plan's first call compiles it (~0.1 s a worker), later calls read it. Say what was kept before.
{
  const chosen = process.env.HASHGRID_CACHE_DIR;
  const folder = chosen === "off" ? null : chosen || join("node_modules", ".cache", "hashgrid");
  const kept = folder !== null && existsSync(folder) ? readdirSync(folder).filter((f) => f.startsWith("lanes-")).length : 0;
  console.log(folder === null ? "compiled lanes loops: not kept (HASHGRID_CACHE_DIR=off)" : `compiled lanes loops kept in ${folder}: ${kept} files before the first call (docs/speed.md, point 27)`);
}

const hours = hoursOf(scenario);
let peerPerCore = NaN;
// The fastest of a call's rounds: the machine's drift only ever slows a call down.
const fastest = (results) => results.reduce((a, b) => (b.wallSeconds < a.wallSeconds ? b : a));
for (const runs of sizes) {
  // Rounds interleaved (peer, report, --no-report, 2 threads; again), so that a slow spell of the
  // machine does not fall on one line alone.
  const rounds = Number(process.env.BENCH_ROUNDS ?? (runs <= 2000 ? 2 : 1));
  const calls = { peer: [], withReport: [], oneThread: [], twoThreads: [] };
  for (let round = 0; round < rounds; round++) {
    calls.peer.push(numpyPeer(runs));
    calls.withReport.push(hashgrid(scenario, runs, 1, true));
    calls.oneThread.push(hashgrid(scenario, runs, 1, false));
    calls.twoThreads.push(hashgrid(scenario, runs, 2, false));
  }
  const peer = calls.peer[0].skipped ? calls.peer[0] : fastest(calls.peer);
  if (!peer.skipped && Number.isNaN(peerPerCore)) peerPerCore = peer.perCore;
  const withReport = fastest(calls.withReport);
  const oneThread = fastest(calls.oneThread);
  const twoThreads = fastest(calls.twoThreads);
  const spread = (results) => results.map((r) => `${r.wallSeconds.toFixed(1)}`).join(" / ");
  console.log(`\n${runs} runs x ${hours} h of ${scenario} (hashgrid: the CLI's wall time from start to exit; numpy: its hour loop)${rounds > 1 ? `, the fastest of ${rounds} interleaved rounds` : ""}`);
  table(peer.skipped ? [withReport, oneThread, twoThreads] : [peer, withReport, oneThread, twoThreads]);
  if (peer.skipped) console.log(`numpy peer skipped: ${peer.skipped}`);
  else {
    console.log(`hashgrid per core / numpy per core: ${(withReport.perCore / peer.perCore).toFixed(2)}x with report, ${(oneThread.perCore / peer.perCore).toFixed(2)}x --no-report, ${(twoThreads.perCore / peer.perCore).toFixed(2)}x on 2 threads`);
  }
  console.log(`speed-up 1 -> 2 threads: ${(twoThreads.siteHoursPerSec / oneThread.siteHoursPerSec).toFixed(2)}x`);
  if (rounds > 1) {
    console.log(`each round's wall times, s: ${peer.skipped ? "" : `numpy ${spread(calls.peer)}; `}report ${spread(calls.withReport)}; --no-report ${spread(calls.oneThread)}; 2 threads ${spread(calls.twoThreads)}`);
  }
  const identical = [...calls.oneThread, ...calls.twoThreads].every((r) => r.runsCsv.equals(oneThread.runsCsv));
  console.log(`runs.csv identical with 1 and 2 threads${rounds > 1 ? " in every round" : ""}: ${identical}`);
}

// The ceiling: the same hour hand-specialised to the scenario in one function (bench/ceiling.ts),
// checked against SiteRun's results, timed in one process beside it.
{
  const bundle = join(work, "ceiling.cjs");
  process.stderr.write("bench: the hand-specialised kernel (bench/ceiling.ts)\n");
  const { buildSync } = await import("esbuild");
  buildSync({ entryPoints: ["bench/ceiling.ts"], bundle: true, platform: "node", outfile: bundle, logLevel: "warning" });
  const r = spawnSync(...onOneCpu(1, process.execPath, [bundle, "--runs", "40", "--repeats", "5"]), { encoding: "utf8" });
  const match = /SiteRun ([\d.]+) ns a site-hour, the specialised kernel ([\d.]+) ns/.exec(r.stdout ?? "");
  if (r.status !== 0 || match === null) console.log(`\nhand-specialised kernel: failed (${(r.stderr || r.stdout || "").trim()})`);
  else {
    const [siteNs, kernelNs] = [Number(match[1]), Number(match[2])];
    const versus = Number.isNaN(peerPerCore) ? "" : `, ${(1e9 / kernelNs / peerPerCore).toFixed(2)}x the numpy peer per core at ${sizes[0]} runs (the hour loop: ${(1e9 / siteNs / peerPerCore).toFixed(2)}x)`;
    console.log(`\nhand-specialised kernel (bench/ceiling.ts, ${r.stdout.split("\n")[0]}): ${kernelNs} ns a site-hour against ${siteNs} for the hour loop in the same process, ${fmt(1e9 / kernelNs)} site-hours/s${versus}`);
  }
}

// The same kernel compiled to WebAssembly (bench/assembly/ceiling.ts), by the project's AssemblyScript
// (a development dependency since the market kernels are written in it: src/markets/assembly/).
{
  const wasm = join(work, "ceiling.wasm");
  const driver = join(work, "ceiling-wasm.cjs");
  process.stderr.write("bench: the hand-specialised kernel in WebAssembly (bench/assembly/ceiling.ts)\n");
  const source = join(work, "ceiling.ts");
  writeFileSync(source, (await import("./assembly/write-run-quad.mjs")).ceilingWithQuad());
  const asc = spawnSync(process.execPath, ["node_modules/assemblyscript/bin/asc.js", source, "-O3", "--runtime", "stub", "--noAssert", "--enable", "simd", "--initialMemory", "256", "-o", wasm], { encoding: "utf8" });
  const why = (asc.error?.message ?? `${asc.stderr}\n${asc.stdout}`).split("\n").filter((l) => l.trim() !== "" && !l.includes("complete log")).slice(0, 2).join("; ");
  if (asc.status !== 0) console.log(`\nWebAssembly kernel: skipped (AssemblyScript: ${why})`);
  else {
    const { buildSync } = await import("esbuild");
    buildSync({ entryPoints: ["bench/ceiling-wasm.ts"], bundle: true, platform: "node", outfile: driver, logLevel: "warning" });
    const r = spawnSync(...onOneCpu(1, process.execPath, [driver, wasm, "40"]), { encoding: "utf8" });
    const match = /wasm ([\d.]+) ns a site-hour, SiteRun ([\d.]+) ns/.exec(r.stdout ?? "");
    if (r.status !== 0 || match === null) console.log(`\nWebAssembly kernel: failed (${(r.stderr || r.stdout || "").trim()})`);
    else {
      const [wasmNs, siteNs] = [Number(match[1]), Number(match[2])];
      const versus = Number.isNaN(peerPerCore) ? "" : `, ${(1e9 / wasmNs / peerPerCore).toFixed(2)}x the numpy peer per core at ${sizes[0]} runs`;
      console.log(`WebAssembly build of the same kernel (${r.stdout.split("\n")[0].trim()}): ${wasmNs} ns a site-hour against ${siteNs} for the hour loop, ${fmt(1e9 / wasmNs)} site-hours/s${versus}`);
      // Two runs at a time in f64x2 lanes (runPair): what runs-inner SIMD gives the same hour.
      const lanes = /runPair vs run on 20 runs: (.*)\n.*two runs in lanes ([\d.]+) ns a site-hour, one at a time ([\d.]+) ns/.exec(r.stdout ?? "");
      if (lanes !== null) console.log(`the same kernel with two runs in f64x2 lanes (runPair; against one run at a time: ${lanes[1]}): ${lanes[2]} ns a site-hour against ${lanes[3]}${Number.isNaN(peerPerCore) ? "" : `, ${(1e9 / Number(lanes[2]) / peerPerCore).toFixed(2)}x the numpy peer per core`}`);
      const lanes4 = /runQuad vs run on 20 runs: (.*)\n.*four runs in lanes ([\d.]+) ns a site-hour, one at a time ([\d.]+) ns/.exec(r.stdout ?? "");
      if (lanes4 !== null) console.log(`and with four runs in lanes (runQuad; ${lanes4[1]}): ${lanes4[2]} ns a site-hour against ${lanes4[3]}${Number.isNaN(peerPerCore) ? "" : `, ${(1e9 / Number(lanes4[2]) / peerPerCore).toFixed(2)}x the numpy peer per core`}`);
    }
  }
}

if (defaultRuns > 0) {
  const d = hashgrid("sims/default.json", defaultRuns, 2, true);
  console.log(`\nsims/default.json, ${defaultRuns} runs on 2 threads, with report: ${(d.wallSeconds / 60).toFixed(1)} min wall (${(d.batchSeconds / 60).toFixed(1)} min the runs), peak RSS ${d.peakRssMb} MB, ${fmt(d.siteHoursPerSec)} site-hours/s`);
}
rmSync(work, { recursive: true, force: true });
