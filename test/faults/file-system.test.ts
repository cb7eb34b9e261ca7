// What the file system refuses is the user's to fix: exit 1, the path, what went wrong, no stack
// trace, nothing written before lost. Disk full is a real 256 KB tmpfs (mounting needs root, as
// in CI; elsewhere those cases are skipped and say so).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, tempDir, writeDefaultScenario } from "../helpers";

function smallScenario(dir: string, runs = 4): string {
  return writeDefaultScenario(dir, { horizon: { hours: 24 * 14 }, monteCarlo: { runs, seed: 1 } }, "small.json");
}

function expectUserError(r: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/internal error|    at /);
}

describe("paths the file system refuses", () => {
  it("--out under a file: names the file in the way", () => {
    const dir = tempDir("hashgrid-fs-");
    const scenario = smallScenario(dir);
    writeFileSync(join(dir, "afile"), "mine");
    expectUserError(runCli(["run", scenario, "--out", join(dir, "afile", "x")]), /afile is a file, not a folder; choose another --out/);
    expect(readFileSync(join(dir, "afile"), "utf8")).toBe("mine");
  });

  it("--out in /proc or /sys: refused at once with the reason", () => {
    const dir = tempDir("hashgrid-fs-");
    const scenario = smallScenario(dir);
    for (const out of ["/proc/hashgrid-x", "/proc/self/hashgrid-x", "/sys/hashgrid-x"]) {
      const t0 = Date.now();
      expectUserError(runCli(["run", scenario, "--out", out]), /cannot write the lock file .*(no such file or folder|permission denied|not permitted)/);
      expect(Date.now() - t0).toBeLessThan(20_000);
    }
  });

  it.skipIf(process.getuid?.() === 0)("a folder without write permission (EACCES) names the folder (skipped as root, who writes anywhere; the read-only file system case stands in)", () => {
    const dir = tempDir("hashgrid-fs-");
    const scenario = smallScenario(dir);
    mkdirSync(join(dir, "locked"), { mode: 0o500 });
    expectUserError(runCli(["run", scenario, "--out", join(dir, "locked", "out")]), /locked.*permission denied \(EACCES\)/);
  });

  it("JSON nested 5,000 deep is refused before parsing, with line and column", () => {
    const dir = tempDir("hashgrid-fs-");
    writeFileSync(join(dir, "deep.json"), "[".repeat(5000) + "]".repeat(5000));
    writeFileSync(join(dir, "deep2.json"), '{"name":' + '{"a":'.repeat(5000) + "1" + "}".repeat(5001));
    expectUserError(runCli(["validate", join(dir, "deep.json")]), /deep\.json: expected JSON nested at most 64 levels deep \(found deeper nesting at line 1, column 65\)/);
    expectUserError(runCli(["run", join(dir, "deep2.json")]), /deep2\.json: expected JSON nested at most 64 levels deep/);
    // Brackets inside strings do not count.
    writeFileSync(join(dir, "strings.json"), JSON.stringify({ name: "[".repeat(500) + '"{' }));
    expect(runCli(["validate", join(dir, "strings.json")]).stderr).not.toMatch(/nested/);
  });
});

const mountPoint = tempDir("hashgrid-tiny-");
const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint]).status === 0;
afterAll(() => {
  if (mounted) spawnSync("umount", [mountPoint]);
});

describe.skipIf(!mounted)("disk full (a 256 KB tmpfs; skipped where mounting is not permitted)", () => {
  it("sim run: exit 1 naming the file, the earlier results untouched, the finished runs kept for --resume", () => {
    const dir = tempDir("hashgrid-fs-");
    const scenario = smallScenario(dir, 2);
    // A first, small result fits.
    const first = runCli(["run", scenario, "--out", join(mountPoint, "out"), "--no-report"]);
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(join(mountPoint, "out", "runs.csv"), "utf8");
    // A bigger batch with a trace does not.
    const r = runCli(["run", scenario, "--runs", "300", "--trace", "0,1,2", "--out", join(mountPoint, "out")]);
    expectUserError(r, /error: cannot (write|open) .*: no space left on the device \(ENOSPC\)/);
    expect(r.stderr).toMatch(/runs finished so far are kept in .*\.out\.partial.*--resume/s);
    expect(readFileSync(join(mountPoint, "out", "runs.csv"), "utf8")).toBe(before);
    expect(existsSync(join(mountPoint, ".out.lock"))).toBe(false);
    spawnSync("rm", ["-rf", join(mountPoint, ".out.partial")]);
  });

  it("sim import: exit 1 naming the output, no partial file left, the earlier file kept", () => {
    const dir = tempDir("hashgrid-fs-");
    const lines = ["time,value"];
    for (let h = 0; h < 24 * 365; h++) lines.push(`${new Date(Date.UTC(2024, 0, 1) + h * 3600e3).toISOString()},${(h % 97) + 0.123456}`);
    writeFileSync(join(dir, "big.csv"), lines.join("\n") + "\n");
    writeFileSync(join(mountPoint, "prices.csv"), "earlier\n");
    const r = runCli(["import", "series", join(dir, "big.csv"), "--time", "time", "--value", "value", "--timezone", "UTC", "--name", "price_usd_per_mwh", "--out", join(mountPoint, "prices.csv")]);
    expectUserError(r, /prices\.csv: no space left on the device \(ENOSPC\)/);
    expect(readFileSync(join(mountPoint, "prices.csv"), "utf8")).toBe("earlier\n");
    expect(readdirSync(mountPoint).filter((f) => f.includes("partial"))).toEqual([]);
  });

  it("a read-only file system (EROFS): exit 1 naming the path", () => {
    const dir = tempDir("hashgrid-fs-");
    const scenario = smallScenario(dir);
    const readOnly = tempDir("hashgrid-ro-");
    expect(spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", readOnly]).status).toBe(0);
    try {
      expectUserError(runCli(["run", scenario, "--out", join(readOnly, "out")]), /cannot write the lock file .*: the file system is read-only \(EROFS\)/);
    } finally {
      spawnSync("umount", [readOnly]);
    }
  });
});
