// Fault cases that lost or mixed user data before: --out on a folder hashgrid did not write or on a
// file, two runs on one folder at once, __proto__ in sweep paths, spreadsheet formulas in sweep names.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir, writeDefaultScenario } from "../helpers";

function smallScenario(dir: string): string {
  return writeDefaultScenario(dir, { horizon: { hours: 24 * 30 }, monteCarlo: { runs: 4, seed: 1 } }, "small.json");
}

describe("--out never deletes what hashgrid did not write", () => {
  it("a folder with the user's own files (--out .) is refused, exit 1, every file kept", () => {
    const dir = tempDir("hashgrid-fault-");
    const scenario = smallScenario(dir);
    writeFileSync(join(dir, "notes.txt"), "mine");
    const r = runCli(["run", scenario, "--out", ".", "--no-report"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds files that hashgrid did not write .*Nothing was changed/);
    expect(r.stderr).not.toMatch(/internal error|    at /);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(scenario)).toBe(true);
  });

  it("a file is never replaced by a folder", () => {
    const dir = tempDir("hashgrid-fault-");
    const scenario = smallScenario(dir);
    writeFileSync(join(dir, "results"), "a file");
    const r = runCli(["run", scenario, "--out", join(dir, "results"), "--no-report"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/expected a folder to write results to \(found a file there/);
    expect(readFileSync(join(dir, "results"), "utf8")).toBe("a file");
  });

  it("an earlier hashgrid output folder is replaced; an empty folder is used", () => {
    const dir = tempDir("hashgrid-fault-");
    const scenario = smallScenario(dir);
    const out = join(dir, "out");
    expect(runCli(["run", scenario, "--out", out, "--no-report"]).code).toBe(0);
    expect(runCli(["run", scenario, "--out", out, "--no-report", "--seed", "2"]).code).toBe(0);
    mkdirSync(join(dir, "empty"));
    expect(runCli(["run", scenario, "--out", join(dir, "empty"), "--no-report"]).code).toBe(0);
  });
});

describe("one writer per output folder", () => {
  it("a folder locked by a live run is refused with who holds it; a lock left by a process that is gone is taken over", () => {
    const dir = tempDir("hashgrid-fault-");
    const scenario = smallScenario(dir);
    const out = join(dir, "out");
    const lock = join(dir, ".out.lock");
    // This test's own process is alive on this host: a run holding the folder.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: "2026-01-01T00:00:00Z" }));
    const refused = runCli(["run", scenario, "--out", out, "--no-report"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`another hashgrid run is writing this folder \\(pid ${process.pid} on `));
    expect(existsSync(out)).toBe(false);
    // A pid that cannot be running (above any pid_max): stale, taken over, and released at the end.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 30, host: hostname(), since: "2026-01-01T00:00:00Z" }));
    const r = runCli(["run", scenario, "--out", out, "--no-report"]);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "runs.csv"))).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});

describe("sweep files", () => {
  it.each(["__proto__.polluted", "constructor.prototype.x", "site..interconnectMw"])("the dot path %s is refused with exit 1", (path) => {
    const dir = tempDir("hashgrid-fault-");
    writeFileSync(join(dir, "base.json"), readFileSync("sims/default.json", "utf8"));
    writeFileSync(join(dir, "sweep.json"), JSON.stringify({ name: "t", base: "base.json", variants: [{ name: "v", set: { [path]: 1 } }] }));
    const r = runCli(["sweep", join(dir, "sweep.json"), "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/expected a dot path of scenario fields \(found the segment/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it("variant names that a spreadsheet would run as formulas are written with a leading quote", () => {
    const dir = tempDir("hashgrid-fault-");
    const base = JSON.parse(readFileSync("sims/default.json", "utf8"));
    delete base.$schema;
    base.horizon = { hours: 24 * 10 };
    writeFileSync(join(dir, "base.json"), JSON.stringify(base));
    writeFileSync(join(dir, "sweep.json"), JSON.stringify({ name: "t", base: "base.json", runs: 2, variants: [{ name: "=HYPERLINK(\"http://x\")", set: { "site.interconnectMw": 90 } }, { name: "@sum", set: {} }] }));
    const r = runCli(["sweep", join(dir, "sweep.json"), "--out", join(dir, "out")]);
    expect(r.code).toBe(0);
    const csv = readFileSync(join(dir, "out", "sweep.csv"), "utf8");
    expect(csv).toMatch(/\n1,"'=HYPERLINK\(""http:\/\/x""\)"/);
    expect(csv).toMatch(/\n2,'@sum,/);
  });
});
