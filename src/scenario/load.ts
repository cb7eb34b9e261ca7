// Reading and validating scenario files: the boundary where untrusted input becomes a
// ResolvedScenario. Everything past here trusts the types.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { InputError } from "../errors";
import { Scenario, type ResolvedScenario } from "./schema";
import asicTable from "../../data/asic-models.json";

export interface AsicSpec {
  model: string;
  hashrateThPerUnit: number;
  powerWPerUnit: number;
}

export const ASIC_MODELS: readonly AsicSpec[] = asicTable.models;

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? text.slice(0, 57) + "..." : text;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/** One line per problem: "file: path: message (found: value)". */
export function formatIssues(source: string, issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const found = "input" in issue && issue.code !== "unrecognized_keys" ? ` (found: ${describeValue(issue.input)})` : "";
      return `${source}: ${formatPath(issue.path)}: ${issue.message}${found}`;
    })
    .join("\n");
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

/** Parses JSON text, naming the line and column of a syntax error. */
/** Deeper nesting than any scenario or sweep needs; deeper text is refused before it is parsed. */
export const MAX_JSON_DEPTH = 64;

/** Where brackets first nest deeper than max (outside strings), or -1. */
function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

export function parseJsonText(text: string, source: string): unknown {
  const deep = tooDeepAt(text, MAX_JSON_DEPTH);
  if (deep >= 0) throw new InputError(`${source}: expected JSON nested at most ${MAX_JSON_DEPTH} levels deep (found deeper nesting at ${lineAndColumn(text, deep)})`);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    // A text cut short has no position in the message: the error is at its end.
    const where = position ? lineAndColumn(text, Number(position[1])) : lineAndColumn(text, text.length);
    throw new InputError(`${source}: not valid JSON at ${where}: ${message}`);
  }
}

/** A JSON file hashgrid wrote or reads: bad JSON is bad input naming the file, line and column. */
export function readJsonFile(path: string): any {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(`${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parseJsonText(text.replace(/^\uFEFF/, ""), path);
}

/** Validates a parsed scenario object, fills every default, resolves ASIC models to specs and series file paths (relative to baseDir) to absolute paths. */
export function resolveScenario(data: unknown, source = "scenario", baseDir = process.cwd()): ResolvedScenario {
  const parsed = Scenario.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new InputError(formatIssues(source, parsed.error.issues));
  const scenario = parsed.data;
  const problems: string[] = [];

  scenario.mining.classes = scenario.mining.classes.map((cls, i) => {
    const path = `mining.classes[${i}]`;
    let spec: AsicSpec | undefined;
    if (cls.model !== undefined) {
      spec = ASIC_MODELS.find((m) => m.model.toLowerCase() === cls.model!.toLowerCase());
      if (!spec) {
        problems.push(`${source}: ${path}.model: expected one of ${ASIC_MODELS.map((m) => `"${m.model}"`).join(", ")} (found: "${cls.model}")`);
        return cls;
      }
    }
    const hashrateThPerUnit = cls.hashrateThPerUnit ?? spec?.hashrateThPerUnit;
    const powerWPerUnit = cls.powerWPerUnit ?? spec?.powerWPerUnit;
    if (hashrateThPerUnit === undefined || powerWPerUnit === undefined) {
      problems.push(`${source}: ${path}: expected "model", or both "hashrateThPerUnit" and "powerWPerUnit" (found neither)`);
      return cls;
    }
    if ((cls.units === undefined) === (cls.siteMw === undefined)) {
      problems.push(`${source}: ${path}: expected "units" or "siteMw" (found ${cls.units === undefined ? "neither" : "both"})`);
      return cls;
    }
    const units = cls.units ?? Math.floor((cls.siteMw! * 1e6) / (powerWPerUnit * (1 + cls.coolingOverheadFraction)) + 1e-9);
    if (units < 1) {
      problems.push(`${source}: ${path}.siteMw: expected at least one unit's site power, ${((powerWPerUnit * (1 + cls.coolingOverheadFraction)) / 1e6).toFixed(6)} MW (found: ${cls.siteMw})`);
      return cls;
    }
    return { ...cls, name: cls.name ?? spec?.model ?? `class ${i + 1}`, hashrateThPerUnit, powerWPerUnit, units };
  });

  const startMs = Date.parse(scenario.start);
  scenario.conversions.forEach((c, i) => {
    if (!scenario.ai.halls.some((h) => h.name === c.hall)) {
      problems.push(`${source}: conversions[${i}].hall: expected the name of a hall in ai.halls (${scenario.ai.halls.map((h) => `"${h.name}"`).join(", ") || "there are none"}) (found: "${c.hall}")`);
    }
  });
  scenario.ai.halls.forEach((hall, i) => {
    if (hall.phases.length === 0 && !scenario.conversions.some((c) => c.hall === hall.name)) {
      problems.push(`${source}: ai.halls[${i}].phases: expected at least one phase, or a conversion into this hall (found neither)`);
    }
    let previous = -Infinity;
    hall.phases.forEach((phase, j) => {
      const t = Date.parse(phase.start);
      if (t < previous) problems.push(`${source}: ai.halls[${i}].phases[${j}].start: expected dates in increasing order (found: "${phase.start}" after a later date)`);
      previous = t;
    });
  });
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: scenario.site.timezone });
  } catch {
    problems.push(`${source}: site.timezone: expected an IANA time zone like "America/Chicago" (found: "${scenario.site.timezone}")`);
  }
  if (Number.isNaN(startMs)) problems.push(`${source}: start: expected a UTC hour (found: "${scenario.start}")`);
  const { power, btc, network } = scenario.markets;
  const grid = scenario.grid;
  const sources = [power.model !== "stochastic" ? power : null, btc.model === "replay" || btc.model === "bootstrap" ? btc : null, network.replay?.difficulty, network.replay?.hashrate, grid.fourCp?.systemLoad, scenario.site.flexibleInterconnection?.systemLoad];
  for (const s of sources) if (s) s.file = resolve(baseDir, s.file);
  if (grid.emergencies?.eventsFile) grid.emergencies.eventsFile = resolve(baseDir, grid.emergencies.eventsFile);
  if (grid.demandResponse?.deploymentsFile) grid.demandResponse.deploymentsFile = resolve(baseDir, grid.demandResponse.deploymentsFile);
  if (grid.ancillary?.deploymentsFile) grid.ancillary.deploymentsFile = resolve(baseDir, grid.ancillary.deploymentsFile);
  if (problems.length > 0) throw new InputError(problems.join("\n"));
  // Canonical form: keys in schema order, so resolving a resolved scenario gives the same bytes;
  // the editor hint $schema is a path relative to the original file, so it is dropped.
  delete scenario.$schema;
  return Scenario.parse(JSON.parse(JSON.stringify(scenario)));
}

/** Reads, parses and validates a scenario file. Throws InputError naming the file. */
export function loadScenarioFile(path: string): ResolvedScenario {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read the scenario file (${code === "ENOENT" ? "no such file" : code ?? "unreadable"})`);
  }
  // A byte-order mark (some Windows editors write one) is not part of the JSON.
  return resolveScenario(parseJsonText(text.replace(/^\uFEFF/, ""), path), path, dirname(resolve(path)));
}

/** Mining larger than this multiple of the interconnect is worth a warning: most of it could never run. */
const MINING_OVER_INTERCONNECT_WARNING = 1.5;

/** Warnings about a site's sizes that are allowed but probably a mistake (a unit slip, MW for kW). */
export function siteSizeWarnings(scenario: ResolvedScenario): string[] {
  const warnings: string[] = [];
  const interconnect = scenario.site.interconnectMw;
  const miningMw = scenario.mining.classes.reduce((sum, c) => sum + ((c.units ?? 0) * (c.powerWPerUnit ?? 0) * (1 + c.coolingOverheadFraction)) / 1e6, 0);
  if (miningMw > MINING_OVER_INTERCONNECT_WARNING * interconnect) {
    warnings.push(
      `mining.classes: ${miningMw.toFixed(1)} site MW of mining at full run on a ${interconnect} MW interconnect (site.interconnectMw): at most ${interconnect} MW can ever run at once, the rest is idle capital; check units or siteMw if this is not meant`,
    );
  }
  scenario.ai.halls.forEach((hall, i) => {
    const peakItMw = Math.max(0, ...hall.phases.map((p) => p.itMw));
    if (peakItMw * hall.pue > interconnect) {
      warnings.push(`ai.halls[${i}]: ${peakItMw} MW of IT at PUE ${hall.pue} needs ${(peakItMw * hall.pue).toFixed(1)} MW, more than the ${interconnect} MW interconnect: firm AI load will go unserved`);
    }
  });
  return warnings;
}
