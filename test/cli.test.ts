// The command line end to end, as a user runs it (the bundled dist/cli.cjs).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { RUN_METRICS } from "../src/site/columns";
import { CLI, runCli, tempDir, writeDefaultScenario } from "./helpers";

const SHORT = ["--runs", "6", "--seed", "11"];

function shortScenario(dir: string, name = "short.json", change: (s: any) => void = () => undefined): string {
  const scenario = JSON.parse(readFileSync("sims/default.json", "utf8"));
  delete scenario.$schema;
  scenario.horizon = { hours: 24 * 60 };
  change(scenario);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(scenario, null, 2));
  return path;
}

describe("sim run", () => {
  let dir: string;
  let scenario: string;
  beforeAll(() => {
    dir = tempDir();
    scenario = shortScenario(dir);
  });

  it("writes runs.csv, summary.csv, hourly-run<i>.csv and scenario.resolved.json", () => {
    const out = join(dir, "out-a");
    const r = runCli(["run", scenario, ...SHORT, "--threads", "1", "--out", out, "--trace", "0,3"]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("NPV P10 / P50 / P90");
    expect(readdirSync(out).sort()).toEqual(["curtailment.csv", "events.csv", "hourly-run0.csv", "hourly-run3.csv", "monthly.csv", "report.html", "run-info.json", "runs.csv", "scenario.resolved.json", "summary.csv"]);
    const runs = readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n");
    expect(runs[0]).toBe(["run", "seed", ...RUN_METRICS.map((m) => m.name)].join(","));
    expect(runs.length).toBe(7);
    expect(runs.slice(1).map((l) => l.split(",")[0])).toEqual(["0", "1", "2", "3", "4", "5"]);
    const summary = readFileSync(join(out, "summary.csv"), "utf8").trim().split("\n");
    expect(summary[0]).toBe("metric,mean,p5,p10,p50,p90,p95");
    expect(summary.length).toBe(RUN_METRICS.length + 1);
    const hourly = readFileSync(join(out, "hourly-run0.csv"), "utf8").trim().split("\n");
    expect(hourly.length).toBe(24 * 60 + 1);
    expect(hourly[0]).toMatch(/^hour,time_utc,price_usd_per_mwh,/);
    expect(hourly[1]).toMatch(/^0,2025-01-01T00:00:00Z,/);
    const monthly = readFileSync(join(out, "monthly.csv"), "utf8").trim().split("\n");
    expect(monthly[0]).toMatch(/^month,cumulative_net_cash_usd_p10,cumulative_net_cash_usd_p50,cumulative_net_cash_usd_p90,btc_price_usd_p10,/);
    expect(monthly.length).toBe(1 + 3); // 60 days from 2025-01-01: January, February and the first day of March
    expect(monthly[1]).toMatch(/^2025-01,/);
    const resolved = JSON.parse(readFileSync(join(out, "scenario.resolved.json"), "utf8"));
    expect(resolved.monteCarlo).toEqual({ runs: 6, seed: 11 });
    expect(resolved.mining.classes[0].hashrateThPerUnit).toBe(245);
  });

  it("writes events.csv and curtailment.csv for the traced runs, with deployments read from a file beside the scenario", () => {
    writeFileSync(join(dir, "deployments.csv"), "start_utc,hours\n2025-01-10T15:00:00Z,2\n2025-02-01T03:00:00Z,1\n");
    const file = shortScenario(dir, "programs.json", (s) => {
      s.grid = {
        ancillary: { offerMw: 10, priceUsdPerMwHour: 5, deploymentsFile: "deployments.csv" },
        fourCp: { months: [1, 2], falseAlertsPerMonth: 2 },
      };
    });
    const out = join(dir, "out-programs");
    const r = runCli(["run", file, ...SHORT, "--out", out, "--trace", "0,3-3"]);
    expect(r.code, r.stderr).toBe(0);
    const events = readFileSync(join(out, "events.csv"), "utf8").trim().split("\n");
    expect(events[0]).toBe("run,start_utc,end_utc,hours,reason,mean_mw,max_mw,curtailed_mwh,mean_price_usd_per_mwh");
    const rows = events.slice(1).map((l) => l.split(","));
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(["0", "3"]));
    expect(rows.map((r) => r[0])).toEqual([...rows.map((r) => r[0])].sort());
    // The recorded deployments shed reserve MW in both traced runs (unless mining was off for another reason then).
    const ancillary = rows.filter((r) => r[4] === "ancillary");
    expect(ancillary.some((r) => r[1] === "2025-01-10T15:00:00Z")).toBe(true);
    expect(rows.some((r) => r[4] === "fourcp")).toBe(true);
    const curtailment = readFileSync(join(out, "curtailment.csv"), "utf8").trim().split("\n");
    expect(curtailment[0]).toBe("run,view,bin,reason,curtailed_mwh,curtailed_hours,mining_capacity_mwh,curtailed_share,site_import_mw,hours");
    const views = new Set(curtailment.slice(1).map((l) => l.split(",")[1]));
    expect(views).toEqual(new Set(["by_month", "by_hour_of_day", "price_response", "load_duration"]));
    // Per run, curtailed MWh of all reasons by month adds up to runs.csv's curtailed_mwh.
    const runs = readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n");
    const column = runs[0].split(",").indexOf("curtailed_mwh");
    const run0 = Number(runs[1].split(",")[column]);
    const byMonth = curtailment
      .slice(1)
      .map((l) => l.split(","))
      .filter((c) => c[0] === "0" && c[1] === "by_month" && c[3] === "all")
      .reduce((sum, c) => sum + Number(c[4]), 0);
    expect(byMonth).toBeCloseTo(run0, 3);
  });

  it("gives byte-identical files with 1 and 2 threads, and when run again", () => {
    const a = join(dir, "out-t1");
    const b = join(dir, "out-t2");
    const c = join(dir, "out-t2-again");
    expect(runCli(["run", scenario, ...SHORT, "--threads", "1", "--out", a, "--trace", "2"]).code).toBe(0);
    expect(runCli(["run", scenario, ...SHORT, "--threads", "2", "--out", b, "--trace", "2"]).code).toBe(0);
    expect(runCli(["run", scenario, ...SHORT, "--threads", "2", "--out", c, "--trace", "2"]).code).toBe(0);
    for (const file of ["runs.csv", "summary.csv", "monthly.csv", "hourly-run2.csv", "scenario.resolved.json"]) {
      const bytes = readFileSync(join(a, file));
      expect(readFileSync(join(b, file)).equals(bytes), file).toBe(true);
      expect(readFileSync(join(c, file)).equals(bytes), file).toBe(true);
    }
  });

  it("a resolved scenario reproduces its run", () => {
    const first = join(dir, "out-first");
    const again = join(dir, "out-again");
    expect(runCli(["run", scenario, ...SHORT, "--threads", "2", "--out", first]).code).toBe(0);
    expect(runCli(["run", join(first, "scenario.resolved.json"), "--threads", "2", "--out", again]).code).toBe(0);
    expect(readFileSync(join(again, "runs.csv")).equals(readFileSync(join(first, "runs.csv")))).toBe(true);
  });

  it("another seed gives other numbers", () => {
    const a = join(dir, "out-seed-a");
    const b = join(dir, "out-seed-b");
    runCli(["run", scenario, "--runs", "3", "--seed", "1", "--out", a]);
    runCli(["run", scenario, "--runs", "3", "--seed", "2", "--out", b]);
    expect(readFileSync(join(a, "runs.csv"), "utf8")).not.toBe(readFileSync(join(b, "runs.csv"), "utf8"));
  });
});

describe("compiled lanes loops kept between calls (src/io/compiled-loop-store.ts)", () => {
  it("in $HASHGRID_CACHE_DIR: a second call reads them and writes the same bytes; \"off\" keeps none", () => {
    const dir = tempDir();
    const path = writeDefaultScenario(dir, { monteCarlo: { runs: 8, seed: 3 }, horizon: { years: 2 } });
    const loops = join(dir, "loops");
    const run = (out: string, cacheDir: string) => {
      const r = spawnSync(process.execPath, [CLI, "run", path, "--out", join(dir, out), "--threads", "1", "--no-report"], { encoding: "utf8", env: { ...process.env, HASHGRID_CACHE_DIR: cacheDir } });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(join(dir, out, "runs.csv"));
    };
    const first = run("first", loops);
    const kept = readdirSync(loops).sort();
    expect(kept.filter((f) => f.endsWith(".analysis")).length).toBe(1);
    expect(kept.filter((f) => f.endsWith(".wasm")).length).toBeGreaterThanOrEqual(1);
    expect(kept.filter((f) => f.endsWith(".tmp")).length).toBe(0);
    expect(run("second", loops).equals(first)).toBe(true);
    expect(readdirSync(loops).sort()).toEqual(kept);
    expect(run("none", "off").equals(first)).toBe(true);
  });
});

describe("bad input: exit 1, a message naming the file and field, no stack trace, no output", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  const cases: [string, (s: any) => void, RegExp[]][] = [
    ["wrong type", (s) => (s.site.interconnectMw = "100"), [/site\.interconnectMw/, /expected number/, /found: "100"/]],
    ["unknown field", (s) => (s.site.interconect = 5), [/site/, /Unrecognized key.*interconect/]],
    ["negative capacity", (s) => (s.site.interconnectMw = -5), [/site\.interconnectMw/, />0|> 0|too small/i, /found: -5/]],
    ["zero capacity", (s) => (s.site.interconnectMw = 0), [/site\.interconnectMw/, /found: 0/]],
    ["empty horizon", (s) => (s.horizon = { hours: 0 }), [/horizon/, /found: 0|found: \{"hours":0\}/]],
    ["unknown ASIC model", (s) => (s.mining.classes[0].model = "Antminer S99"), [/mining\.classes\[0\]\.model/, /expected one of/, /found: "Antminer S99"/]],
    ["zero units", (s) => (s.mining.classes[1].units = 0), [/mining\.classes\[1\]\.units/, /found: 0/]],
    ["bad date", (s) => (s.ai.halls[0].phases[0].start = "July 2025"), [/ai\.halls\[0\]\.phases\[0\]\.start/, /found: "July 2025"/]],
  ];

  it.each(cases)("%s", (_label, change, patterns) => {
    const file = shortScenario(dir, `bad-${_label.replace(/ /g, "-")}.json`, change);
    const out = join(dir, `out-${_label.replace(/ /g, "-")}`);
    const r = runCli(["run", file, "--runs", "2", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    for (const p of patterns) expect(r.stderr).toMatch(p);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes(".partial"))).toEqual([]);
    // validate says the same.
    const v = runCli(["validate", file]);
    expect(v.code).toBe(1);
    for (const p of patterns) expect(v.stderr).toMatch(p);
  });

  it("a bad recorded-events file names the file, line and field", () => {
    writeFileSync(join(dir, "bad-deployments.csv"), "start_utc,hours\n2025-01-10T15:00:00Z,2\n2025-01-11T15:00:00Z,-1\n");
    const file = shortScenario(dir, "bad-events.json", (s) => (s.grid = { demandResponse: { offerMw: 5, availabilityUsdPerMwHour: 1, deploymentsFile: "bad-deployments.csv" } }));
    const out = join(dir, "out-bad-events");
    const r = runCli(["run", file, "--runs", "2", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-deployments\.csv: line 3: hours: expected a whole number of hours, 1 or more \(found: "-1"\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("unreadable file", () => {
    const r = runCli(["run", join(dir, "missing.json"), "--out", join(dir, "out-missing")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing\.json: cannot read the scenario file \(no such file\)/);
    expect(existsSync(join(dir, "out-missing"))).toBe(false);
  });

  it("invalid JSON names the line and column", () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, '{\n  "name": "x",\n  "horizon": { "hours": 5 },,\n}');
    const r = runCli(["validate", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.json: not valid JSON at line 3/);
  });

  it("bad options", () => {
    const file = shortScenario(dir, "ok.json");
    expect(runCli(["run", file, "--runs", "0"]).stderr).toMatch(/--runs: expected a whole number from 1/);
    expect(runCli(["run", file, "--threads", "two"]).code).toBe(1);
    expect(runCli(["run", file, "--bogus"]).code).toBe(1);
    expect(runCli(["run", file, "--runs", "3", "--trace", "5"]).stderr).toMatch(/--trace: run 5 does not exist/);
    expect(runCli(["run", file, "--runs", "3", "--trace", "0-5"]).stderr).toMatch(/--trace: run 3 does not exist/);
    expect(runCli(["run", file, "--runs", "3", "--trace", "2-1"]).stderr).toMatch(/--trace: expected a range first-last/);
    expect(runCli(["frobnicate"]).code).toBe(1);
  });

  it("a failed run leaves earlier results untouched", () => {
    const good = shortScenario(dir, "good.json");
    const out = join(dir, "out-keep");
    expect(runCli(["run", good, "--runs", "2", "--out", out]).code).toBe(0);
    const before = readFileSync(join(out, "runs.csv"));
    const bad = shortScenario(dir, "bad.json", (s) => (s.site.interconnectMw = -1));
    expect(runCli(["run", bad, "--runs", "2", "--out", out]).code).toBe(1);
    expect(readFileSync(join(out, "runs.csv")).equals(before)).toBe(true);
  });
});

describe("validate, schema, docs", () => {
  it("validates every scenario in sims/ (those that read ../shared/data when it is there)", () => {
    const haveShared = existsSync(join("..", "shared", "data"));
    const files = readdirSync("sims")
      .filter((f) => f.endsWith(".json") && (haveShared || !readFileSync(join("sims", f), "utf8").includes("shared/data")))
      .map((f) => join("sims", f));
    const r = runCli(["validate", ...files]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(files.length);
  });
  it("prints a JSON Schema", () => {
    const schema = JSON.parse(runCli(["schema"]).stdout);
    expect(schema.properties.site.properties.interconnectMw.type).toBe("number");
    expect(schema.additionalProperties).toBe(false);
  });
  it("the committed docs/scenario-fields.md and docs/scenario.schema.json are up to date (npm run docs)", () => {
    expect(readFileSync("docs/scenario-fields.md", "utf8")).toBe(runCli(["docs"]).stdout);
    expect(readFileSync("docs/scenario.schema.json", "utf8")).toBe(runCli(["schema"]).stdout);
    expect(readFileSync("docs/output-columns.md", "utf8")).toBe(runCli(["docs", "columns"]).stdout);
    expect(readFileSync("docs/sweep-fields.md", "utf8")).toBe(runCli(["docs", "sweep"]).stdout);
  });
  it("docs hour prints the hour loop written for a scenario's plan: its values written in, what it leaves out left out", () => {
    const r = runCli(["docs", "hour", "sims/bench-reference.json"]);
    expect(r.code).toBe(0);
    // Valid JavaScript, with the plan's interconnect (100 MW) and the three classes unrolled.
    expect(() => new Function(r.stdout)).not.toThrow();
    expect(r.stdout).toMatch(/const interconnectMw = 100;/);
    expect(r.stdout).toMatch(/runMw2 = runMw;/);
    expect(r.stdout).not.toMatch(/basis\.step|components\[0\]|trace\[row/);
    expect(runCli(["docs", "hour", "sims/bench-reference.json", "--traced"]).stdout).toMatch(/trace\[row \+ 0\] = priceUsdPerMwh;/);
    expect(runCli(["docs", "hour"]).code).toBe(1);
  });
  it("help", () => {
    const r = runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sim run <scenario.json>/);
    mkdirSync(tempDir(), { recursive: true });
  });
});

describe("resolved scenarios", () => {
  it("resolving a resolved scenario changes nothing, byte for byte", () => {
    const dir = tempDir();
    const first = join(dir, "first");
    const second = join(dir, "second");
    expect(runCli(["run", "sims/default.json", "--runs", "1", "--out", first]).code).toBe(0);
    const text = readFileSync(join(first, "scenario.resolved.json"), "utf8");
    expect(text).not.toContain("$schema");
    expect(runCli(["run", join(first, "scenario.resolved.json"), "--runs", "1", "--out", second]).code).toBe(0);
    expect(readFileSync(join(second, "scenario.resolved.json"), "utf8")).toBe(text);
  });
});
