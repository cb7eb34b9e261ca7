// Resume: a real process killed mid-batch (SIGKILL or SIGINT), restarted with --resume,
// finishes without redoing finished runs and writes the same bytes as an uninterrupted run.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RUN_METRIC_COUNT } from "../src/site/columns";
import { CLI, runCli, tempDir } from "./helpers";

const RUNS = 600;
const ROW_BYTES = RUN_METRIC_COUNT * 8;

/** Starts a run, waits until some (not all) runs are checkpointed, then sends the signal. */
async function interrupt(args: string[], staging: string, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const checkpoint = join(staging, "metrics.f64");
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (existsSync(checkpoint) && statSync(checkpoint).size >= ROW_BYTES) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  return { code, stderr, rowsSaved: Math.floor(statSync(checkpoint).size / ROW_BYTES) };
}

describe("--resume after a killed run", () => {
  let dir: string;
  let scenario: string;
  const base = () => ["--runs", String(RUNS), "--seed", "3", "--trace", "1,599"];
  beforeAll(() => {
    dir = tempDir();
    const s = JSON.parse(readFileSync("sims/default.json", "utf8"));
    delete s.$schema;
    s.horizon = { hours: 8760 * 2 };
    scenario = join(dir, "s.json");
    writeFileSync(scenario, JSON.stringify(s));
    expect(runCli(["run", scenario, ...base(), "--threads", "2", "--out", join(dir, "whole")]).code).toBe(0);
  });

  it.each([["SIGKILL" as const], ["SIGINT" as const]])("%s mid-batch, then --resume: same bytes, finished runs not redone", async (signal) => {
    const out = join(dir, `out-${signal}`);
    const staging = join(dir, `.out-${signal}.partial`);
    const killed = await interrupt(["run", scenario, ...base(), "--threads", "2", "--out", out], staging, signal);
    expect(killed.rowsSaved).toBeGreaterThan(0);
    expect(killed.rowsSaved).toBeLessThan(RUNS);
    expect(existsSync(out)).toBe(false);
    if (signal === "SIGINT") {
      expect(killed.code).toBe(130);
      expect(killed.stderr).toMatch(/interrupted: finished runs are kept.*--resume/);
    }
    const resumed = runCli(["run", scenario, ...base(), "--threads", "1", "--out", out, "--resume"]);
    expect(resumed.code).toBe(0);
    const already = Number(/resuming: (\d+) of 600 runs already done/.exec(resumed.stderr)?.[1]);
    expect(already).toBeGreaterThanOrEqual(killed.rowsSaved);
    expect(resumed.stdout).toContain(`${RUNS - already} runs in`);
    for (const file of ["runs.csv", "summary.csv", "monthly.csv", "scenario.resolved.json", "hourly-run1.csv", "hourly-run599.csv", "events.csv", "curtailment.csv"]) {
      expect(readFileSync(join(out, file)).equals(readFileSync(join(dir, "whole", file))), file).toBe(true);
    }
    expect(readdirSync(out).sort()).toEqual(readdirSync(join(dir, "whole")).sort());
    expect(existsSync(staging)).toBe(false);
  });

  it("refuses to resume another batch into the same folder", async () => {
    const out = join(dir, "out-other");
    const staging = join(dir, ".out-other.partial");
    await interrupt(["run", scenario, ...base(), "--threads", "2", "--out", out], staging, "SIGKILL");
    const r = runCli(["run", scenario, "--runs", String(RUNS), "--seed", "4", "--out", out, "--resume"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds an interrupted run of another scenario, seed, run count or shard/);
  });
});
