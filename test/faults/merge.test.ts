// sim merge verifies every shard file against the sizes and SHA-256 sums recorded in shard.json:
// a flipped byte, a file cut by whole rows, a torn line or a foreign file is named, exit 1.
import { appendFileSync, copyFileSync, readFileSync, truncateSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers";

describe("merging damaged shards", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir("hashgrid-merge-");
    const s = JSON.parse(readFileSync("sims/default.json", "utf8"));
    delete s.$schema;
    s.horizon = { hours: 24 * 40 };
    writeFileSync(join(dir, "s.json"), JSON.stringify(s));
  });
  const shards = (name: string) => {
    const folders = [0, 1].map((i) => join(dir, `${name}-${i}`));
    folders.forEach((out, i) => expect(runCli(["run", join(dir, "s.json"), "--runs", "6", "--shard", `${i}/2`, "--trace", "0-1", "--no-report", "--quiet", "--out", out]).code).toBe(0));
    return folders;
  };

  it("intact shards merge", () => {
    const [a, b] = shards("ok");
    expect(runCli(["merge", a, b, "--out", join(dir, "merged")]).code).toBe(0);
  });

  it.each([
    ["a flipped byte in metrics.f64", "metrics.f64", (p: string) => {
      const bytes = readFileSync(p);
      bytes[17] ^= 0xff;
      writeFileSync(p, bytes);
    }, /metrics\.f64: damaged: its SHA-256 differs/],
    ["monthly.f64 cut by a whole row of 8-byte values", "monthly.f64", (p: string) => truncateSync(p, statSync(p).size - 8 * 4), /monthly\.f64: damaged: expected \d+ bytes/],
    ["a torn line in events.csv", "events.csv", (p: string) => appendFileSync(p, "0,2025-01-0"), /events\.csv: damaged/],
  ])("%s is named and refused", (_what, file, damage, message) => {
    const [a, b] = shards(file.replace(".", "-"));
    damage(join(a, file));
    const r = runCli(["merge", a, b, "--out", join(dir, `out-${file}`)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it("a foreign hourly-run file is refused", () => {
    const [a, b] = shards("foreign");
    copyFileSync(join(a, "hourly-run0.csv"), join(a, "hourly-run7.csv"));
    const r = runCli(["merge", a, b, "--out", join(dir, "out-foreign")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hourly-run7\.csv: not part of this shard/);
  });
});
