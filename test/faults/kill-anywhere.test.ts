// Kill -9 at any moment, resume, same bytes: 20 kills of a real process at seeded moments, half
// spread over the whole command and half inside the final write-up (after the last run is
// checkpointed: joining events, summary, monthly, report, run-info, the move into place). A run
// whose worker fails, or that passes the time limit, names the run and seed and keeps the runs
// finished before it for --resume.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import seedrandom from "seedrandom";
import { beforeAll, describe, expect, it } from "vitest";
import { runScenarioToFolder } from "../../src/io/run-folder";
import { loadScenarioFile } from "../../src/scenario/load";
import { RUN_METRIC_COUNT } from "../../src/site/columns";
import { CLI, runCli, tempDir, writeDefaultScenario } from "../helpers";

const RUNS = 120;
const KILLS_ANYWHERE = 10;
const KILLS_IN_WRITE_UP = 10;
const ROW_BYTES = RUN_METRIC_COUNT * 8;

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Every file of a finished folder except run-info.json (its timing and resume fields vary by design). */
function folderBytes(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) if (name !== "run-info.json") files[name] = createHash("sha256").update(readFileSync(join(dir, name))).digest("hex");
  return files;
}

describe("kill -9 at 20 moments, each resumed to the same bytes", () => {
  let dir: string;
  let scenario: string;
  let reference: Record<string, string>;
  let wholeMs: number;
  let writeUpMs: number;
  const args = (out: string) => ["run", scenario, "--runs", String(RUNS), "--seed", "11", "--trace", "0,5,119", "--threads", "2", "--out", out];

  /** Waits until the last run's checkpoint row of `out` is written (or 60 s pass). */
  async function lastCheckpoint(out: string, staging: string): Promise<void> {
    const metrics = join(staging, "metrics.f64");
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !existsSync(out) && !(existsSync(metrics) && statSync(metrics).size === RUNS * ROW_BYTES)) await sleep(2);
  }

  beforeAll(async () => {
    dir = tempDir("hashgrid-kill-");
    scenario = writeDefaultScenario(dir, { horizon: { hours: 8760 } });
    const t0 = Date.now();
    expect(runCli(args(join(dir, "whole"))).code).toBe(0);
    wholeMs = Date.now() - t0;
    reference = folderBytes(join(dir, "whole"));
    // How long the write-up takes on this machine (the last checkpoint row to the folder moved into
    // place), so that the kills aimed at it fall inside it.
    const child = spawn(process.execPath, [CLI, ...args(join(dir, "timed"))], { stdio: "ignore" });
    const exited = new Promise<void>((r) => child.on("exit", () => r()));
    await lastCheckpoint(join(dir, "timed"), join(dir, ".timed.partial"));
    const t1 = Date.now();
    while (!existsSync(join(dir, "timed")) && Date.now() - t1 < 60_000) await sleep(2);
    writeUpMs = Date.now() - t1;
    await exited;
    expect(Object.keys(reference)).toEqual(
      ["curtailment.csv", "events.csv", "hourly-run0.csv", "hourly-run119.csv", "hourly-run5.csv", "monthly.csv", "report.html", "runs.csv", "scenario.resolved.json", "summary.csv"].sort(),
    );
  });

  it("each kill leaves the previous results and the checkpoint; --resume ends with the reference's bytes", async () => {
    const random = seedrandom.alea("kill-moments");
    const phases: string[] = [];
    for (let k = 0; k < KILLS_ANYWHERE + KILLS_IN_WRITE_UP; k++) {
      const out = join(dir, `out${k}`);
      const staging = join(dir, `.out${k}.partial`);
      const child = spawn(process.execPath, [CLI, ...args(out)], { stdio: "ignore" });
      const exited = new Promise<void>((r) => child.on("exit", () => r()));
      let phase: string;
      if (k < KILLS_ANYWHERE) {
        await sleep(random() * wholeMs);
        phase = "anywhere";
      } else {
        // Wait for the last run's checkpoint row, then kill somewhere in the write-up (which took
        // writeUpMs when timed).
        await lastCheckpoint(out, staging);
        await sleep(random() * 1.25 * writeUpMs);
        phase = "write-up";
      }
      child.kill("SIGKILL");
      await exited;
      const state = existsSync(out) ? "moved into place" : existsSync(join(staging, "run-info.json")) ? "written up" : existsSync(staging) ? "checkpoint" : "not started";
      phases.push(`${phase}: ${state}`);
      const resumed = runCli([...args(out), "--resume"]);
      expect(resumed.code, `kill ${k} (${phase}, ${state}): ${resumed.stderr}`).toBe(0);
      expect(folderBytes(out), `kill ${k} (${phase}, ${state})`).toEqual(reference);
      expect(existsSync(staging)).toBe(false);
      expect(readdirSync(dir).filter((f) => f.startsWith(`.out${k}.`))).toEqual([]); // no lock, staging or previous folder left
    }
    // The write-up kills did land in the write-up (a few may land after the move, which is fine).
    expect(phases.slice(KILLS_ANYWHERE).filter((p) => p.includes("checkpoint") || p.includes("written up")).length, `${phases.join("; ")}; write-up ${writeUpMs} ms`).toBeGreaterThan(3);
  }, 600_000);
});

describe("a run that fails keeps the runs finished before it", () => {
  it("a worker that throws: the error names run and seed, the checkpoint stays, --resume finishes with the same bytes", async () => {
    const dir = tempDir("hashgrid-fail-");
    const path = writeDefaultScenario(dir, { horizon: { hours: 24 * 60 }, monteCarlo: { runs: 60, seed: 4 } });
    // A worker that fails from run 40 on: the real one, wrapped.
    const failing = join(dir, "failing-worker.cjs");
    writeFileSync(
      failing,
      `const real = require(${JSON.stringify(resolve("dist/worker.cjs"))});\n` +
        `module.exports = (task) => { if (task.runStart + task.runCount > 40) throw new Error("disk on fire"); return real.default(task); };\n`,
    );
    const scenario = loadScenarioFile(path);
    const out = join(dir, "out");
    const error = await runScenarioToFolder(scenario, { outDir: out, threads: 2, traceRuns: [], workerFile: failing }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^run \d+ \(seed 4\) failed: .*disk on fire/s);
    expect(error?.message).toMatch(/runs finished so far are kept in .*\.out\.partial.*--resume/s);
    expect(existsSync(out)).toBe(false);
    const kept = statSync(join(dir, ".out.partial", "metrics.f64")).size / ROW_BYTES;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(60);

    const resumed = runCli(["run", path, "--out", out, "--resume", "--no-report"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`resuming: ${kept} of 60 runs already done`);
    expect(runCli(["run", path, "--out", join(dir, "whole"), "--no-report"]).code).toBe(0);
    for (const f of ["runs.csv", "summary.csv", "monthly.csv"]) expect(readFileSync(join(out, f)).equals(readFileSync(join(dir, "whole", f))), f).toBe(true);
  });

  it("a run past --run-timeout: exit 1 naming run and seed, no stack trace, checkpoint kept", () => {
    const dir = tempDir("hashgrid-timeout-");
    const path = writeDefaultScenario(dir, { monteCarlo: { runs: 40, seed: 8 } });
    // A 10-year run takes tens of milliseconds: a 2 ms limit stops the first run under way.
    const r = runCli(["run", path, "--out", join(dir, "out"), "--run-timeout", "0.002", "--threads", "1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: run \d+ \(seed 8\) did not finish within 0\.002 s \(the run time limit\); it was stopped/);
    expect(r.stderr).not.toMatch(/internal error|    at /);
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(existsSync(join(dir, ".out.partial", "batch.json"))).toBe(true);
    expect(runCli(["run", path, "--out", join(dir, "out"), "--run-timeout", "nope"]).stderr).toMatch(/--run-timeout: expected a number of seconds above 0 \(found "nope"\)/);
  });
});
