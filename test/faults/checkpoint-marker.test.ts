// The checkpoint's marker (batch.json) is written after the files it marks: a kill between the
// writes must leave either no marker (--resume starts over) or a marker with every checkpoint file
// beside it. test/faults/kill-anywhere.test.ts once killed a run between the marker and
// monthly.f64, and --resume then failed; this checks the order of the writes every time.
import { basename, join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runScenarioToFolder } from "../../src/io/run-folder";
import { loadScenarioFile } from "../../src/scenario/load";
import { tempDir, writeDefaultScenario } from "../helpers";

const written = vi.hoisted(() => [] as string[]);
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const writeFileSync: typeof fs.writeFileSync = (path, ...rest) => {
    written.push(String(path));
    return fs.writeFileSync(path, ...rest);
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

describe("the checkpoint's marker", () => {
  it("batch.json is written after the resolved scenario and both checkpoint files", async () => {
    const dir = tempDir("hashgrid-marker-");
    const scenario = loadScenarioFile(writeDefaultScenario(dir, { horizon: { hours: 24 * 10 }, monteCarlo: { runs: 4, seed: 1 } }));
    written.length = 0;
    await runScenarioToFolder(scenario, { outDir: join(dir, "out"), threads: 1, traceRuns: [] });
    const staged = written.filter((path) => basename(join(path, "..")) === ".out.partial").map((path) => basename(path));
    const marker = staged.indexOf("batch.json");
    expect(marker, staged.join(", ")).toBeGreaterThan(-1);
    for (const file of ["scenario.resolved.json", "metrics.f64", "monthly.f64"]) {
      const at = staged.indexOf(file);
      expect(at, `${file} in ${staged.join(", ")}`).toBeGreaterThan(-1);
      expect(at, `${file} before batch.json: ${staged.join(", ")}`).toBeLessThan(marker);
    }
  });
});
