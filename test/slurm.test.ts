// Slurm for real: a one-node cluster on localhost (test/cluster/slurm-up.sh, started by
// .ci/run), an array job of shards and a dependent merge job through sbatch. Skipped, with
// the reason printed, when no cluster answers.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers";

function clusterState(): string {
  if (!process.env.SLURM_CONF) return "SLURM_CONF is not set";
  const r = spawnSync("timeout", ["5", "sinfo", "-h", "-N", "-o", "%T"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() === "idle" ? "idle" : `sinfo answered "${(r.stdout + r.stderr).trim()}"`;
}

const state = clusterState();
if (state !== "idle") console.warn(`skipping Slurm tests: no one-node cluster (${state}); .ci/run starts one with test/cluster/slurm-up.sh`);

async function waitUntilGone(jobId: string, seconds = 180): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const r = spawnSync("timeout", ["5", "squeue", "-h", "-j", jobId], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim() === "") return;
    await new Promise((done) => setTimeout(done, 1000));
  }
  throw new Error(`job ${jobId} still queued after ${seconds} s`);
}

describe.skipIf(state !== "idle")("sim slurm on a real one-node cluster", () => {
  let dir: string;
  let scenario: string;
  beforeAll(() => {
    dir = tempDir("hashgrid-slurm-");
    const s = JSON.parse(readFileSync("sims/default.json", "utf8"));
    delete s.$schema;
    s.horizon = { hours: 24 * 60 };
    s.monteCarlo = { runs: 10, seed: 99 };
    scenario = join(dir, "s.json");
    writeFileSync(scenario, JSON.stringify(s));
    expect(runCli(["run", scenario, "--threads", "2", "--out", join(dir, "single")]).code).toBe(0);
  });

  it("an array of 4 shards and an afterok merge give the single-machine result, byte for byte", async () => {
    const batch = join(dir, "batch");
    const r = runCli(["slurm", scenario, "--shards", "4", "--out", batch]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/submitted array job \d+ \(4 shards\) and merge job \d+/);
    const jobs = JSON.parse(readFileSync(join(batch, "slurm", "jobs.json"), "utf8"));
    await waitUntilGone(jobs.array);
    await waitUntilGone(jobs.merge);
    for (const file of ["runs.csv", "summary.csv", "scenario.resolved.json"]) {
      expect(readFileSync(join(batch, "merged", file)).equals(readFileSync(join(dir, "single", file))), file).toBe(true);
    }
    const status = runCli(["slurm-status", batch]);
    expect(status.stdout).toMatch(/shard 3: COMPLETED/);
    expect(status.stdout).toMatch(new RegExp(`merge job ${jobs.merge}: COMPLETED`));
  });

  it("a failing shard leaves the merge cancelled, and slurm-status says so", async () => {
    const batch = join(dir, "failing");
    expect(runCli(["slurm", scenario, "--shards", "3", "--out", batch, "--dry-run"]).code).toBe(0);
    const array = join(batch, "slurm", "array.sbatch");
    writeFileSync(array, readFileSync(array, "utf8").replace("set -euo pipefail\n", 'set -euo pipefail\nif [ "$SLURM_ARRAY_TASK_ID" = 1 ]; then echo "shard 1 breaks on purpose" >&2; exit 3; fi\n'));
    execFileSync("bash", [join(batch, "slurm", "submit.sh")], { encoding: "utf8", timeout: 60_000 });
    const jobs = JSON.parse(readFileSync(join(batch, "slurm", "jobs.json"), "utf8"));
    await waitUntilGone(jobs.array);
    await waitUntilGone(jobs.merge);
    const status = runCli(["slurm-status", batch]);
    expect(status.stdout).toMatch(/shard 1: FAILED \(exit 3:0\)/);
    expect(status.stdout).toMatch(new RegExp(`merge job ${jobs.merge}: CANCELLED`));
    expect(status.stdout).toMatch(/the merge did not run: shard task\(s\) 1 failed/);
    expect(existsSync(join(batch, "merged"))).toBe(false);
    expect(existsSync(join(batch, "shards", "shard-0", "shard.json"))).toBe(true);
  });
});
