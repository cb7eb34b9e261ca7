// npm run bench: hashgrid on sims/bench-reference.json with 1 and 2 threads, run the way users
// run it (the bundled CLI), beside the numpy peer of ../shared/bench/REFERENCE.md in the same call.
// Prints site-hours per second per core, the 2-thread speed-up, peak memory and the ratio to numpy.
// Absolute times on these shared machines drift by +-30% from run to run; compare within one call.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runs = Number(process.env.BENCH_RUNS ?? 2000);
const scenario = "sims/bench-reference.json";
const hours = JSON.parse(readFileSync(scenario, "utf8")).horizon.hours;
const work = mkdtempSync(join(tmpdir(), "hashgrid-bench-"));

function hashgrid(threads) {
  const out = join(work, `t${threads}`);
  const r = spawnSync(process.execPath, ["dist/cli.cjs", "run", scenario, "--runs", String(runs), "--threads", String(threads), "--out", out], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`hashgrid failed: ${r.stderr}`);
  const info = JSON.parse(readFileSync(join(out, "run-info.json"), "utf8"));
  // The runs alone (batchSeconds), as before the write-up was timed with them.
  const siteHoursPerSec = (runs * hours) / (info.batchSeconds ?? info.seconds);
  return { threads, seconds: info.batchSeconds ?? info.seconds, siteHoursPerSec, perCore: siteHoursPerSec / threads, peakRssMb: info.peakRssMb, runsCsv: readFileSync(join(out, "runs.csv")) };
}

function numpyPeer() {
  const peer = join("..", "shared", "bench", "peer_numpy.py");
  if (!existsSync(peer)) return { skipped: `${peer} not found` };
  const r = spawnSync("python3", [peer, "--runs", String(runs), "--mode", "perhour"], { encoding: "utf8" });
  if (r.status !== 0) return { skipped: `python3 peer failed: ${r.stderr.trim().split("\n").pop()}` };
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const fmt = (x) => `${(x / 1e6).toFixed(2)} M`;
process.stderr.write(`bench: ${runs} runs x ${hours} h of ${scenario}\n`);
const one = hashgrid(1);
const two = hashgrid(2);
const peer = numpyPeer();
rmSync(work, { recursive: true, force: true });

const rows = [
  ["hashgrid, 1 thread", `${one.seconds.toFixed(1)} s`, fmt(one.siteHoursPerSec), fmt(one.perCore), `${one.peakRssMb} MB`],
  ["hashgrid, 2 threads", `${two.seconds.toFixed(1)} s`, fmt(two.siteHoursPerSec), fmt(two.perCore), `${two.peakRssMb} MB`],
];
if (!peer.skipped) rows.push([`numpy ${peer.numpy} peer (per hour, 1 core)`, `${(peer.loopMs / 1000).toFixed(1)} s`, fmt(peer.siteHoursPerSec), fmt(peer.siteHoursPerSec), ""]);
const header = ["", "time", "site-hours/s", "per core", "peak RSS"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join("  ");
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(`speed-up 1 -> 2 threads: ${(two.siteHoursPerSec / one.siteHoursPerSec).toFixed(2)}x`);
console.log(`runs.csv identical with 1 and 2 threads: ${one.runsCsv.equals(two.runsCsv)}`);
if (peer.skipped) console.log(`numpy peer skipped: ${peer.skipped}`);
else console.log(`hashgrid per core / numpy per core: ${(one.perCore / peer.siteHoursPerSec).toFixed(2)}x`);
