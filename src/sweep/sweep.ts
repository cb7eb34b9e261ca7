// Sweeps: a base scenario and variants of it (named sets of changes, or parameter values on a
// grid or one at a time). Every variant runs the same runs with the same seed, so run i of every
// variant sees the same random paths (common random numbers): differences come from the decision,
// not from luck.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { InputError } from "../errors";
import { CsvFile } from "../io/csv";
import { loadMarketInputs } from "../io/inputs";
import { StagedFolder } from "../io/output-folder";
import { runBatch } from "../montecarlo/batch";
import { buildCalendar, type Calendar } from "../engine/calendar";
import { horizonHours } from "../site/plan";
import { summarize } from "../montecarlo/statistics";
import { formatIssues, parseJsonText, resolveScenario } from "../scenario/load";
import type { ResolvedScenario } from "../scenario/schema";
import { RUN_METRIC_COUNT, RUN_METRICS, runMetricIndex, type RunMetricName } from "../site/columns";
import { writeReport } from "../report/report";

export const SweepFile = z
  .strictObject({
    name: z.string().min(1).describe("Name of the sweep."),
    description: z.string().default("").describe("What question the sweep answers."),
    base: z.string().min(1).describe("The base scenario file, relative to the sweep file."),
    runs: z.number().int().positive().max(10_000_000).optional().describe("Runs per variant (default: the base scenario's)."),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional().describe("Seed shared by every variant (default: the base scenario's)."),
    set: z.record(z.string(), z.unknown()).default({}).describe("Changes made to the base for every variant, before the variant's own, by dot path."),
    variants: z
      .array(
        z.strictObject({
          name: z.string().min(1).describe("The variant's name, shown in sweep.csv and the report."),
          set: z.record(z.string(), z.unknown()).default({}).describe("Scenario fields this variant changes: dot path to value."),
        }),
      )
      .default([])
      .describe('Named variants: each sets scenario fields by dot path, like {"site.interconnectMw": 120}.'),
    parameters: z
      .array(
        z.strictObject({
          path: z.string().min(1).describe("Dot path of the scenario field to vary."),
          values: z.array(z.unknown()).min(1).describe("The values it takes, each a variant (grid: combined with the other parameters')."),
        }),
      )
      .default([])
      .describe("Parameters to vary: each a dot path and its values."),
    metrics: z
      .array(z.string())
      .default([])
      .describe("runs.csv columns reported in sweep.csv besides the standard ones (mean, P10, P50, P90 of each), like flex_limited_hours."),
    design: z.enum(["grid", "one-at-a-time"]).default("grid").describe("grid: every combination of parameter values; one-at-a-time: each value of each parameter with the others at the base."),
  })
  .describe("A sweep file.");

export type SweepSpec = z.output<typeof SweepFile>;

export interface Variant {
  name: string;
  set: Record<string, unknown>;
}

/** The variants of a sweep: the base first, then named variants, then parameter combinations. */
export function expandVariants(spec: SweepSpec): Variant[] {
  const out: Variant[] = [{ name: "base", set: {} }, ...spec.variants];
  if (spec.parameters.length > 0) {
    if (spec.design === "one-at-a-time") {
      for (const p of spec.parameters) for (const v of p.values) out.push({ name: `${p.path}=${JSON.stringify(v)}`, set: { [p.path]: v } });
    } else {
      let combos: Record<string, unknown>[] = [{}];
      for (const p of spec.parameters) combos = combos.flatMap((c) => p.values.map((v) => ({ ...c, [p.path]: v })));
      for (const c of combos) out.push({ name: Object.entries(c).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" "), set: c });
    }
  }
  return out;
}

/** Sets a value at a dot path (array indices as numbers) in a copy of a JSON object. */
export function setPath(object: unknown, path: string, value: unknown, where: string): unknown {
  const copy = JSON.parse(JSON.stringify(object));
  const keys = path.split(".");
  const forbidden = keys.find((k) => k === "__proto__" || k === "prototype" || k === "constructor" || k === "");
  if (forbidden !== undefined) throw new InputError(`${where}: ${path}: expected a dot path of scenario fields (found the segment "${forbidden}", which is not allowed)`);
  let node = copy;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = /^\d+$/.test(keys[i]) ? Number(keys[i]) : keys[i];
    if (node[key] === undefined) node[key] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[key];
    if (typeof node !== "object" || node === null) throw new InputError(`${where}: ${path}: ${keys.slice(0, i + 1).join(".")} is not an object`);
  }
  const last = keys[keys.length - 1];
  node[/^\d+$/.test(last) ? Number(last) : last] = value;
  return copy;
}

/** Text a user wrote, safe to open in a spreadsheet: a leading = + - @ tab or CR gets a ' in front (OWASP CSV injection). */
export function csvSafeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Metrics reported for each variant in sweep.csv. */
export const SWEEP_METRICS: RunMetricName[] = [
  "npv_usd",
  "irr_per_year",
  "payback_month",
  "ebitda_usd",
  "capex_usd",
  "mining_revenue_usd",
  "ai_revenue_usd",
  "btc_mined",
  "curtailed_hours",
];

export function sweepHeader(parameterPaths: string[], metrics: readonly string[] = SWEEP_METRICS): string[] {
  const header = ["variant", "name", ...parameterPaths];
  for (const m of metrics) for (const s of ["mean", "p10", "p50", "p90"]) header.push(`${m}_${s}`);
  header.push(...SWEEP_PAIRED_COLUMNS.map((c) => c.name));
  return header;
}

/** The columns of sweep.csv after the metrics' statistics: the loss probability and the paired differences with the base. */
export const SWEEP_PAIRED_COLUMNS = [
  { name: "probability_of_loss", description: "Share of runs with npv_usd < 0." },
  ...(["mean", "p10", "p50", "p90"] as const).map((stat) => ({
    name: `npv_usd_vs_base_${stat}`,
    description: `${stat === "mean" ? "Mean" : `${stat.slice(1)}th percentile`} over runs of the paired difference npv_usd(variant, run i) - npv_usd(base, run i), $. Run i of every variant sees the same random paths, so this is the decision's effect with the luck taken out; empty for the base.`,
  })),
  { name: "probability_npv_above_base", description: "Share of runs in which the variant's npv_usd exceeds the base's in the same run; empty for the base." },
];

/** The columns of a sweep folder's runs.csv: one row per variant and run. */
export function sweepRunsHeader(metrics: readonly string[]): string[] {
  return ["variant", "run", "seed", ...metrics];
}

/** Whether a file is a sweep file (a JSON object with a "base" scenario) rather than a scenario. */
export function isSweepFile(path: string): boolean {
  try {
    const data = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
    return data !== null && typeof data === "object" && !Array.isArray(data) && typeof data.base === "string";
  } catch {
    return false;
  }
}

/** Reads a sweep file and resolves every variant's scenario (each fully validated). */
export function loadSweep(path: string): { spec: SweepSpec; variants: Variant[]; scenarios: ResolvedScenario[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new InputError(`${path}: cannot read the sweep file`);
  }
  const parsed = SweepFile.safeParse(parseJsonText(text, path), { reportInput: true });
  if (!parsed.success) throw new InputError(formatIssues(path, parsed.error.issues));
  const spec = parsed.data;
  spec.metrics.forEach((m, i) => {
    if (!RUN_METRICS.some((c) => c.name === m)) throw new InputError(`${path}: metrics.${i}: expected a runs.csv column like flex_limited_hours (found: "${m}")`);
    if (SWEEP_METRICS.includes(m as RunMetricName)) throw new InputError(`${path}: metrics.${i}: ${m} is reported already`);
  });
  const basePath = resolve(dirname(path), spec.base);
  let baseText: string;
  try {
    baseText = readFileSync(basePath, "utf8");
  } catch {
    throw new InputError(`${path}: base: cannot read the scenario file ${spec.base}`);
  }
  const baseData = parseJsonText(baseText, basePath);
  const variants = expandVariants(spec);
  const scenarios = variants.map((v) => {
    let data = baseData;
    for (const [p, value] of Object.entries(spec.set)) data = setPath(data, p, value, `${path}: set`);
    for (const [p, value] of Object.entries(v.set)) data = setPath(data, p, value, `${path}: variant "${v.name}"`);
    const scenario = resolveScenario(data, `${path}: variant "${v.name}"`, dirname(basePath));
    if (spec.runs !== undefined) scenario.monteCarlo.runs = spec.runs;
    if (spec.seed !== undefined) scenario.monteCarlo.seed = spec.seed;
    return scenario;
  });
  // Common random numbers: every variant must run the same runs with the same seed.
  const first = scenarios[0].monteCarlo;
  scenarios.forEach((s, i) => {
    if (s.monteCarlo.runs !== first.runs || s.monteCarlo.seed !== first.seed) {
      throw new InputError(`${path}: variant "${variants[i].name}" changes monteCarlo.runs or seed; every variant must share them (set runs and seed on the sweep)`);
    }
  });
  return { spec, variants, scenarios };
}

/**
 * Runs every variant into OUT/sweep.csv (one row per variant), OUT/runs.csv (one row per variant
 * and run, the reported metrics) and OUT/sweep.resolved.json. Memory holds the reported metrics
 * of one variant and the base's NPV, 8 bytes a run each.
 */
export async function runSweep(
  path: string,
  outDir: string,
  threads: number,
  onVariant?: (i: number, n: number, name: string) => void,
  overrides: { runs?: number; seed?: number } = {},
): Promise<string> {
  const { spec, variants, scenarios } = loadSweep(path);
  // --runs and --seed apply to every variant alike, so common random numbers hold.
  for (const s of scenarios) {
    if (overrides.runs !== undefined) s.monteCarlo.runs = overrides.runs;
    if (overrides.seed !== undefined) s.monteCarlo.seed = overrides.seed;
  }
  const parameterPaths = [...new Set(variants.flatMap((v) => Object.keys(v.set)))];
  const metricNames: string[] = [...SWEEP_METRICS, ...spec.metrics];
  const metricIndex = metricNames.map(runMetricIndex);
  const inputs = await Promise.all(scenarios.map((s) => loadMarketInputs(s, [])));
  // Each variant's calendar built here, once for the variants that share one, and handed to the
  // workers (src/montecarlo/batch.ts), which then need not build it for every variant.
  const calendars = new Map<string, Calendar>();
  const calendarOf = (scenario: ResolvedScenario): Calendar => {
    const key = JSON.stringify([scenario.start, horizonHours(scenario), scenario.site.timezone]);
    let calendar = calendars.get(key);
    if (calendar === undefined) calendars.set(key, (calendar = buildCalendar(scenario.start, horizonHours(scenario), scenario.site.timezone)));
    return calendar;
  };
  const folder = new StagedFolder(outDir);
  const dir = folder.open();
  try {
    const csv = new CsvFile(join(dir, "sweep.csv"), sweepHeader(parameterPaths, metricNames));
    const runsCsv = new CsvFile(join(dir, "runs.csv"), sweepRunsHeader(metricNames));
    const runs = scenarios[0].monteCarlo.runs;
    const seed = scenarios[0].monteCarlo.seed;
    const baseNpv = new Float64Array(runs);
    try {
      for (let i = 0; i < variants.length; i++) {
        onVariant?.(i, variants.length, variants[i].name);
        const scenario = scenarios[i];
        const columns = metricNames.map(() => new Float64Array(runs));
        await runBatch(scenario, {
          runs,
          seed,
          threads,
          inputs: inputs[i],
          calendar: calendarOf(scenario),
          onRows: async (runIndices, block) => {
            for (let k = 0; k < runIndices.length; k++) {
              const row: number[] = [i, runIndices[k], seed];
              metricNames.forEach((_, c) => {
                const value = block[k * RUN_METRIC_COUNT + metricIndex[c]];
                columns[c][runIndices[k]] = value;
                row.push(value);
              });
              await runsCsv.write(row);
            }
          },
        });
        const row: (string | number)[] = [i, csvSafeText(variants[i].name), ...parameterPaths.map((p) => (p in variants[i].set ? csvSafeText(JSON.stringify(variants[i].set[p])) : "base"))];
        for (const column of columns) {
          const s = summarize(column);
          row.push(s.mean, s.percentiles[1], s.percentiles[2], s.percentiles[3]);
        }
        const npv = columns[metricNames.indexOf("npv_usd")];
        let losses = 0;
        for (let r = 0; r < runs; r++) if (npv[r] < 0) losses++;
        row.push(losses / runs);
        if (i === 0) {
          baseNpv.set(npv);
          row.push("", "", "", "", "");
        } else {
          const difference = new Float64Array(runs);
          let above = 0;
          for (let r = 0; r < runs; r++) {
            difference[r] = npv[r] - baseNpv[r];
            if (npv[r] > baseNpv[r]) above++;
          }
          const s = summarize(difference);
          row.push(s.mean, s.percentiles[1], s.percentiles[2], s.percentiles[3], above / runs);
        }
        await csv.write(row);
      }
    } finally {
      await csv.close();
      await runsCsv.close();
    }
    writeFileSync(
      join(dir, "sweep.resolved.json"),
      JSON.stringify({ name: spec.name, description: spec.description, variants: variants.map((v, i) => ({ ...v, scenario: scenarios[i] })) }, null, 2) + "\n",
    );
    await writeReport(dir);
    folder.commit();
    return folder.target;
  } catch (err) {
    folder.abandon();
    throw err;
  }
}
