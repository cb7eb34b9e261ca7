// Bad input that used to hang, exit 2 or mislead: a diverging market, huge run counts, a BOM,
// truncated JSON, more threads than cores; and the bin runs as `npx hashgrid` would run it.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, runCli, tempDir } from "../helpers";

function scenarioText(change: (s: Record<string, any>) => void = () => {}): string {
  const s = JSON.parse(readFileSync("sims/default.json", "utf8"));
  delete s.$schema;
  s.horizon = { hours: 24 * 20 };
  s.monteCarlo = { runs: 2, seed: 1 };
  change(s);
  return JSON.stringify(s, null, 2);
}

function write(text: string): string {
  const path = join(tempDir("hashgrid-bad-"), "s.json");
  writeFileSync(path, text);
  return path;
}

describe("bad input: exit 1, a clear message, no stack", () => {
  it("a BTC volatility of 600 a year is refused by the schema (it drove hashrate to Infinity and hung the batch)", () => {
    const r = runCli(["validate", write(scenarioText((s) => (s.markets = { btc: { volatilityPerYear: 600 } })))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/markets\.btc\.volatilityPerYear: .*5.*found: 600/);
  });

  it("a network that diverges anyway stops the run, naming run, seed and hour (no hang)", () => {
    // Hashrate growing e^100000 a year (11.4 in log every hour) overflows within three days.
    const path = write(scenarioText((s) => (s.markets = { network: { hashrate: { model: "trend", growthPerYear: 100000, volatilityPerYear: 0 } } })));
    const r = runCli(["run", path, "--out", join(tempDir(), "out"), "--no-report", "--quiet"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: model diverged: run \d+ \(seed 1\): hour \d+: expected a finite number of blocks/);
    expect(r.stderr).not.toMatch(/internal error|    at /);
  });

  it("monteCarlo.runs of 1e12 does not pass validate", () => {
    const r = runCli(["validate", write(scenarioText((s) => (s.monteCarlo = { runs: 1e12, seed: 1 })))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/monteCarlo\.runs: .*10000000/);
  });

  it("a byte-order mark is not an error", () => {
    expect(runCli(["validate", write("\uFEFF" + scenarioText())]).code).toBe(0);
  });

  it("truncated JSON names the line and column where it ends", () => {
    const text = scenarioText();
    const r = runCli(["validate", write(text.slice(0, 200))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not valid JSON at line \d+, column \d+/);
    expect(r.stderr).not.toMatch(/somewhere/);
  });
});

describe("rough edges", () => {
  it("--threads above the core count is capped with a warning", () => {
    const r = runCli(["run", write(scenarioText()), "--threads", "99", "--out", join(tempDir(), "out"), "--no-report", "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`warning: --threads 99 is more than this machine's ${availableParallelism()} cores; using ${availableParallelism()}`));
  });

  it("off a terminal, progress is a line on stderr (and none with --quiet)", () => {
    const path = write(scenarioText());
    const loud = runCli(["run", path, "--out", join(tempDir(), "a"), "--no-report"]);
    expect(loud.stderr).toMatch(/runs 2\/2 .* runs\/s/);
    const quiet = runCli(["run", path, "--out", join(tempDir(), "b"), "--no-report", "--quiet"]);
    expect(quiet.stderr).not.toMatch(/runs 2\/2/);
  });

  it("dist/cli.cjs runs on its own, as npx hashgrid runs it", () => {
    expect(readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const r = spawnSync(CLI, ["--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^hashgrid /);
  });
});

describe("importers", () => {
  const importOne = (text: string) => {
    const dir = tempDir("hashgrid-import-");
    writeFileSync(join(dir, "in.csv"), text);
    return runCli(["import", "series", join(dir, "in.csv"), "--time", "time", "--value", "value", "--timezone", "UTC", "--name", "v_usd", "--out", join(dir, "out.csv")]);
  };
  it("line numbers count blank lines", () => {
    const r = importOne("time,value\n2024-01-01 00:00,1\n\n\n2024-01-01 01:00,x\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 5: expected a number in value \(found: "x"\)/);
  });
  it("month 13 is not a date (it rolled over into the next year)", () => {
    const r = importOne("time,value\n2024-13-01 00:00,1\n2024-13-01 01:00,2\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2: expected a timestamp in time \(found: "2024-13-01 00:00"\)/);
  });
  it("hex is not a number (0x1F was read as 31)", () => {
    const r = importOne("time,value\n2024-01-01 00:00,0x1F\n2024-01-01 01:00,2\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2: expected a number in value \(found: "0x1F"\)/);
  });
});

describe("validate names the scenario and the field of a missing data file", () => {
  it("a scenario that reads ../shared/data, where there is none", () => {
    const dir = tempDir("hashgrid-missing-");
    const path = join(dir, "flexible.json");
    writeFileSync(path, readFileSync("sims/flexible-ercot.json", "utf8"));
    const r = runCli(["validate", path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path}: site.flexibleInterconnection.systemLoad.file: expected a readable file (found none at`);
  });
});

describe("sim sweep --runs and --seed", () => {
  it("apply to every variant and are recorded in sweep.resolved.json", () => {
    const dir = tempDir("hashgrid-sweep-");
    const base = JSON.parse(scenarioText());
    writeFileSync(join(dir, "base.json"), JSON.stringify(base));
    writeFileSync(join(dir, "sweep.json"), JSON.stringify({ name: "t", base: "base.json", runs: 6, variants: [{ name: "more", set: { "site.interconnectMw": 120 } }] }));
    const r = runCli(["sweep", join(dir, "sweep.json"), "--runs", "3", "--seed", "9", "--out", join(dir, "out")]);
    expect(r.code).toBe(0);
    const resolved = JSON.parse(readFileSync(join(dir, "out", "sweep.resolved.json"), "utf8"));
    expect(resolved.variants.map((v: { scenario: { monteCarlo: unknown } }) => v.scenario.monteCarlo)).toEqual([
      { runs: 3, seed: 9 },
      { runs: 3, seed: 9 },
    ]);
    expect(runCli(["sweep", join(dir, "sweep.json"), "--runs", "0", "--out", join(dir, "out2")]).stderr).toMatch(/--runs: expected a whole number from 1/);
  });
});
