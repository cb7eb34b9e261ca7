// Shards and merge: shard folders merged give the same bytes as the unsharded run.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers";

describe("sim run --shard and sim merge", () => {
  let dir: string;
  let scenario: string;
  const args = ["--runs", "7", "--seed", "5", "--trace", "2,4"];
  beforeAll(() => {
    dir = tempDir();
    const s = JSON.parse(readFileSync("sims/default.json", "utf8"));
    delete s.$schema;
    s.horizon = { hours: 24 * 30 };
    scenario = join(dir, "s.json");
    writeFileSync(scenario, JSON.stringify(s));
    expect(runCli(["run", scenario, ...args, "--threads", "2", "--out", join(dir, "whole")]).code).toBe(0);
    for (let i = 0; i < 3; i++) expect(runCli(["run", scenario, ...args, "--threads", "1", "--shard", `${i}/3`, "--out", join(dir, `shard${i}`)]).code).toBe(0);
  });

  it("a shard holds runs i, i+N, ...", () => {
    const rows = readFileSync(join(dir, "shard1", "runs.csv"), "utf8").trim().split("\n").slice(1);
    expect(rows.map((r) => r.split(",")[0])).toEqual(["1", "4"]);
  });

  it("merged shards are byte-identical to the unsharded run", () => {
    const merged = join(dir, "merged");
    const r = runCli(["merge", join(dir, "shard2"), join(dir, "shard0"), join(dir, "shard1"), "--out", merged]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const file of ["runs.csv", "summary.csv", "monthly.csv", "scenario.resolved.json", "hourly-run2.csv", "hourly-run4.csv", "events.csv", "curtailment.csv"]) {
      expect(readFileSync(join(merged, file)).equals(readFileSync(join(dir, "whole", file))), file).toBe(true);
    }
  });

  it("refuses a missing shard, a duplicate, and shards of another seed", () => {
    const missing = runCli(["merge", join(dir, "shard0"), join(dir, "shard2"), "--out", join(dir, "m1")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing shard\(s\) 1\/3/);
    const dup = runCli(["merge", join(dir, "shard0"), join(dir, "shard0"), join(dir, "shard1"), "--out", join(dir, "m2")]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/duplicate of shard 0\/3/);
    expect(runCli(["run", scenario, "--runs", "7", "--seed", "6", "--shard", "1/3", "--out", join(dir, "other-seed")]).code).toBe(0);
    const seed = runCli(["merge", join(dir, "shard0"), join(dir, "other-seed"), join(dir, "shard2"), "--out", join(dir, "m3")]);
    expect(seed.code).toBe(1);
    expect(seed.stderr).toMatch(/scenario \(sha256\)|seed/);
    expect(runCli(["merge", join(dir, "whole"), "--out", join(dir, "m4")]).stderr).toMatch(/not a shard folder/);
    expect(runCli(["run", scenario, "--shard", "3/3"]).stderr).toMatch(/--shard: expected i\/N/);
  });
});
