// Fuzzing (fast-check, fixed seed): mutated scenarios, sweep files, JSON texts and importer CSVs go
// through the same functions the CLI calls, and every outcome must be a result or an error that is
// the user's to fix (exit 1 in the CLI, by the CLI's own rule, userErrorText); never an internal
// error (exit 2). Valid scenarios are also compiled and simulated (horizon capped at 30 days).
// The case counts are stated in the README.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { userErrorText } from "../../src/errors";
import { importErcot } from "../../src/io/ercot";
import { loadMarketInputs } from "../../src/io/inputs";
import { importGeneric } from "../../src/io/series";
import { parseJsonText, resolveScenario } from "../../src/scenario/load";
import { compilePlan } from "../../src/site/plan";
import { SiteRun } from "../../src/site/simulation";
import { loadSweep } from "../../src/sweep/sweep";
import { readFileSync } from "node:fs";
import { tempDir } from "../helpers";

export const FUZZ_CASES = { scenarios: 2000, sweeps: 500, jsonTexts: 2000, ercotCsvs: 2000, seriesCsvs: 1000 };
const SEED = 20261201;

/** What the CLI would do with this error: 1 (the user's to fix) or 2 (internal). A diverged run is a RunFailure in a batch. */
function exitCode(err: unknown): 1 | 2 {
  if (userErrorText(err) !== null) return 1;
  if (err instanceof Error && err.message.startsWith("model diverged:")) return 1;
  return 2;
}

/** Runs f; returns "ok", or "user error", or throws with the internal error's stack so the case is reported. */
async function outcome(f: () => unknown | Promise<unknown>): Promise<"ok" | "user error"> {
  try {
    await f();
    return "ok";
  } catch (err) {
    if (exitCode(err) === 1) return "user error";
    throw err;
  }
}

const base = JSON.parse(readFileSync("sims/default.json", "utf8"));
delete base.$schema;

/** Every path (keys and array indices) in a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}
const basePaths = paths(base);

const oddValues = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(0, -1, 1, 0.5, 2, 24, 100, 1e9, -1e9, 1e308, -1e308, 5e-324, -0, "", "x", "2025-13-01", "2025-02-30T00:00:00Z", null, true, [], {}, [0], { model: "replay" }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
// Scaling a number keeps the scenario's shape, so many mutants are valid and reach the model.
const mutation = fc.record({
  path: fc.nat(basePaths.length - 1),
  kind: fc.constantFrom("scale", "scale", "scale", "replace", "delete", "add"),
  value: oddValues,
  key: fc.string({ maxLength: 8 }),
  factor: fc.constantFrom(0, 0.001, 0.5, 0.9, 1.1, 2, 10, 1000, -1),
});

function mutate(data: unknown, ops: { path: number; kind: string; value: unknown; key: string; factor: number }[]): unknown {
  const copy = JSON.parse(JSON.stringify(data));
  for (const op of ops) {
    const p = basePaths[op.path];
    let node = copy;
    for (const k of p.slice(0, -1)) {
      if (node === null || typeof node !== "object") break;
      node = node[k];
    }
    if (node === null || typeof node !== "object") continue;
    const last = p[p.length - 1];
    if (op.kind === "scale") {
      if (typeof node[last] === "number") node[last] *= op.factor;
    } else if (op.kind === "replace") node[last] = op.value;
    else if (op.kind === "delete") Array.isArray(node) ? node.splice(Number(last), 1) : delete node[last];
    else if (!Array.isArray(node)) node[op.key] = op.value;
  }
  return copy;
}

describe("fuzz: nothing the user can write is an internal error", () => {
  it(`${FUZZ_CASES.scenarios} mutated scenarios: resolved, compiled and simulated, or refused as bad input`, async () => {
    const seen = { ok: 0, "user error": 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ops) => {
        const result = await outcome(async () => {
          const scenario = resolveScenario(mutate(base, ops), "fuzz.json");
          (scenario as { horizon: unknown }).horizon = { hours: 24 * 30 };
          const inputs = await loadMarketInputs(scenario, []);
          new SiteRun(compilePlan(scenario, inputs)).simulate(scenario.monteCarlo.seed, 0);
        });
        seen[result]++;
      }),
      { seed: SEED, numRuns: FUZZ_CASES.scenarios },
    );
    console.info(`fuzz scenarios: ${seen.ok} simulated, ${seen["user error"]} refused as bad input, 0 internal errors`);
    // Both outcomes occur: the fuzzing reaches the model, not only the schema.
    expect(seen.ok).toBeGreaterThan(FUZZ_CASES.scenarios / 10);
    expect(seen["user error"]).toBeGreaterThan(FUZZ_CASES.scenarios / 10);
  }, 300_000);

  it(`${FUZZ_CASES.sweeps} generated sweep files: loaded or refused as bad input`, async () => {
    const dir = tempDir("hashgrid-fuzz-");
    writeFileSync(join(dir, "base.json"), JSON.stringify({ ...base, horizon: { hours: 48 } }));
    const dotPath = fc.oneof(
      fc.constantFrom("site.interconnectMw", "markets.btc.volatilityPerYear", "ai.halls.0.pue", "mining.classes.1.units", "__proto__.x", "a..b", "constructor", "site", "ai.halls.9.pue", ""),
      fc.string({ maxLength: 12 }),
    );
    const sweep = fc.record(
      {
        name: fc.oneof(fc.string({ maxLength: 6 }), fc.constant("=cmd")),
        base: fc.constantFrom("base.json", "missing.json", "", "../base.json"),
        runs: fc.oneof(fc.integer({ min: -2, max: 20 }), fc.constant(1e12), fc.constant(0.5)),
        seed: fc.oneof(fc.nat(), fc.constant(-1), fc.constant(2 ** 33)),
        variants: fc.array(fc.record({ name: fc.string({ maxLength: 5 }), set: fc.dictionary(dotPath, oddValues, { maxKeys: 2 }) }), { maxLength: 3 }),
        parameters: fc.array(fc.record({ path: dotPath, values: fc.array(oddValues, { maxLength: 3 }) }), { maxLength: 2 }),
        design: fc.constantFrom("grid", "one-at-a-time", "random"),
        metrics: fc.array(fc.constantFrom("npv_usd", "flex_limited_hours", "nope", "curtailed_hours"), { maxLength: 2 }),
      },
      { requiredKeys: ["name", "base"] },
    );
    let k = 0;
    await fc.assert(
      fc.asyncProperty(sweep, async (spec) => {
        const path = join(dir, `sweep${k++}.json`);
        writeFileSync(path, JSON.stringify(spec));
        await outcome(() => loadSweep(path));
        expect(Object.prototype.hasOwnProperty.call({}, "x")).toBe(false); // no prototype pollution
      }),
      { seed: SEED, numRuns: FUZZ_CASES.sweeps },
    );
  }, 300_000);

  it(`${FUZZ_CASES.jsonTexts} JSON texts (random, and the default scenario cut, spliced and nested): parsed or refused with a line and column`, async () => {
    const text = readFileSync("sims/default.json", "utf8");
    const texts = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.nat(text.length).map((n) => text.slice(0, n)),
      fc.tuple(fc.nat(text.length), fc.string({ maxLength: 5 })).map(([n, s]) => text.slice(0, n) + s + text.slice(n)),
      fc.nat(20_000).map((n) => "[".repeat(n) + "]".repeat(n)),
      fc.constant("\uFEFF" + text),
    );
    await fc.assert(
      fc.asyncProperty(texts, async (t) => {
        const result = await outcome(() => resolveScenario(parseJsonText(t, "fuzz.json"), "fuzz.json"));
        if (result === "user error") {
          try {
            resolveScenario(parseJsonText(t, "fuzz.json"), "fuzz.json");
          } catch (err) {
            expect((err as Error).message.startsWith("fuzz.json")).toBe(true);
          }
        }
      }),
      { seed: SEED, numRuns: FUZZ_CASES.jsonTexts },
    );
  }, 300_000);

  const csvMutation = fc.record({ kind: fc.constantFrom("flip", "delete-line", "duplicate-line", "truncate", "insert", "blank-line"), at: fc.nat(), text: fc.string({ maxLength: 6 }) });
  function mutateCsv(text: string, ops: { kind: string; at: number; text: string }[]): string {
    let t = text;
    for (const op of ops) {
      const lines = t.split("\n");
      const i = op.at % Math.max(1, t.length);
      const line = op.at % Math.max(1, lines.length);
      if (op.kind === "flip") t = t.slice(0, i) + String.fromCharCode((t.charCodeAt(i) ^ (1 + (op.at % 127))) & 0x7f) + t.slice(i + 1);
      else if (op.kind === "delete-line") t = [...lines.slice(0, line), ...lines.slice(line + 1)].join("\n");
      else if (op.kind === "duplicate-line") t = [...lines.slice(0, line + 1), lines[line], ...lines.slice(line + 1)].join("\n");
      else if (op.kind === "truncate") t = t.slice(0, i);
      else if (op.kind === "insert") t = t.slice(0, i) + op.text + t.slice(i);
      else t = [...lines.slice(0, line), "", ...lines.slice(line)].join("\n");
    }
    return t;
  }

  it(`${FUZZ_CASES.ercotCsvs} mutated ERCOT day-ahead files: imported or refused naming the file`, async () => {
    const dir = tempDir("hashgrid-fuzz-");
    const lines = ["Delivery Date,Hour Ending,Repeated Hour Flag,Settlement Point,Settlement Point Price"];
    for (const day of ["01/01/2024", "01/02/2024"]) for (let h = 1; h <= 24; h++) lines.push(`${day},${String(h).padStart(2, "0")}:00,N,HB_WEST,${(20 + h * 1.5).toFixed(2)}`, `${day},${String(h).padStart(2, "0")}:00,N,LZ_WEST,${(21 + h).toFixed(2)}`);
    const text = lines.join("\n") + "\n";
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(csvMutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (ops, fillGaps) => {
        const path = join(dir, `dam${k++}.csv`);
        writeFileSync(path, mutateCsv(text, ops));
        await outcome(() => importErcot([path], { point: "HB_WEST", fillGaps }, []));
      }),
      { seed: SEED, numRuns: FUZZ_CASES.ercotCsvs },
    );
  }, 300_000);

  it(`${FUZZ_CASES.seriesCsvs} mutated generic series files: imported or refused naming the file`, async () => {
    const dir = tempDir("hashgrid-fuzz-");
    const lines = ["time,value"];
    for (let h = 0; h < 48; h++) lines.push(`2024-03-09 ${String(h % 24).padStart(2, "0")}:00,${(h * 1.25).toFixed(2)}`.replace("2024-03-09", h < 24 ? "2024-03-09" : "2024-03-10"));
    const text = lines.join("\n") + "\n";
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(csvMutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (ops, fillGaps) => {
        const path = join(dir, `series${k++}.csv`);
        writeFileSync(path, mutateCsv(text, ops));
        await outcome(() => importGeneric(path, { timeColumn: "time", valueColumn: "value", timeZone: "America/Chicago", column: "value", fillGaps }, []));
      }),
      { seed: SEED, numRuns: FUZZ_CASES.seriesCsvs },
    );
  }, 300_000);
});
