// The package as users get it: `npm pack` builds the CLI, the worker, the library and its
// declaration files; a TypeScript project that depends on hashgrid type-checks against them;
// `npx hashgrid` runs the bin.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("the published package", () => {
  // prepack builds dist/ and the declarations; here only the declarations are built (dist/cli.cjs is
  // in use by other test files running at the same time) and npm pack lists what it would ship.
  beforeAll(() => {
    const r = spawnSync(npm, ["run", "--silent", "build:types"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  }, 120_000);

  it("npm pack ships the built CLI with its interpreter line, the worker, the library and declaration files; no tests", () => {
    const r = spawnSync(npm, ["pack", "--dry-run", "--json", "--silent", "--ignore-scripts"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path);
    for (const f of ["dist/cli.cjs", "dist/worker.cjs", "dist/index.cjs", "dist/types/src/index.d.ts", "dist/types/src/io/run-folder.d.ts", "data/asic-models.json", "sims/default.json", "README.md"]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith("test/") || f.startsWith("out/"))).toEqual([]);
    expect(readFileSync("dist/cli.cjs", "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pkg.types).toBe("dist/types/src/index.d.ts");
    expect(Object.keys(pkg.dependencies)).not.toContain("esbuild"); // a build tool: the package ships what it built
  }, 120_000);

  it("the worker's bundle carries no zod (it never validates a scenario; zod's modules took ~70 ms of each worker's start), the CLI's does", () => {
    // esbuild names each bundled module in a comment: "// node_modules/zod/v4/core/schemas.js".
    expect(readFileSync("dist/worker.cjs", "utf8")).not.toContain("node_modules/zod/");
    expect(readFileSync("dist/cli.cjs", "utf8")).toContain("node_modules/zod/");
  });

  it("the CLI's bundle carries zod's English messages only (its ~50 languages were a quarter of the bundle)", () => {
    const locales = readFileSync("dist/cli.cjs", "utf8").match(/^\/\/ node_modules\/zod\/v4\/locales\/[^\n]*$/gm) ?? [];
    expect(locales).toEqual(["// node_modules/zod/v4/locales/en.js"]);
  });

  it("a TypeScript project depending on hashgrid type-checks against the declaration files (and catches a misuse)", () => {
    const dir = join(process.cwd(), "test-output", "consumer");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(process.cwd(), join(dir, "node_modules", "hashgrid"), "dir");
    const compile = (source: string) => {
      writeFileSync(join(dir, "consumer.ts"), source);
      return spawnSync(
        process.execPath,
        [join(process.cwd(), "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--types", "node", "--typeRoots", join(process.cwd(), "node_modules", "@types"), join(dir, "consumer.ts")],
        { encoding: "utf8", cwd: dir },
      );
    };
    const good = compile(
      [
        'import { loadScenarioFile, simulate, METRIC, RUN_METRICS, type ResolvedScenario } from "hashgrid";',
        'const scenario: ResolvedScenario = loadScenarioFile("sims/default.json");',
        "const row: Float64Array = simulate(scenario, 0);",
        "const npv: number = row[METRIC.npv_usd];",
        "const names: string[] = RUN_METRICS.map((m) => m.name);",
        "console.log(npv, names.length);",
        "",
      ].join("\n"),
    );
    expect(good.status, good.stdout + good.stderr).toBe(0);
    const bad = compile('import { simulate } from "hashgrid";\nconst x: string = simulate("not a scenario");\n');
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/consumer\.ts\(2,/);
  }, 120_000);

  it("npx hashgrid runs the bin", () => {
    const r = spawnSync("npx", ["--no-install", "hashgrid", "help"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sim run <scenario\.json>/);
  });
});
