// The scenario reference (docs/scenario-fields.md) and the JSON Schema, both generated from
// the zod schema so nothing is kept twice by hand.
import { z } from "zod";
import { Scenario } from "./schema";

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
};

/** JSON Schema (draft 2020-12) of a scenario file, for editors. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Scenario, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

function typeText(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((e) => `\`${JSON.stringify(e)}\``).join(" \\| ");
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeText).join(" or ");
  if (s.type === "array") {
    const n = s.minItems !== undefined && s.minItems === s.maxItems ? ` of ${s.minItems}` : "";
    return `array${n} of ${s.items ? typeText(s.items) : "values"}`;
  }
  if (s.type === "object") return "object";
  let text = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
  const range: string[] = [];
  if (s.exclusiveMinimum !== undefined) range.push(`> ${s.exclusiveMinimum}`);
  if (s.minimum !== undefined && s.minimum > -Number.MAX_SAFE_INTEGER) range.push(`>= ${s.minimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) range.push(`<= ${s.maximum}`);
  if (range.length) text += ` (${range.join(", ")})`;
  return text;
}

function defaultText(value: unknown): string {
  if (value === undefined) return "";
  const text = JSON.stringify(value);
  return text.length > 40 ? "see schema" : `\`${text}\``;
}

function walk(s: JsonSchema, path: string, required: boolean, rows: string[]): void {
  const description = (s.description ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
  const need = required && s.default === undefined ? "yes" : "";
  rows.push(`| \`${path}\` | ${typeText(s)} | ${need} | ${defaultText(s.default)} | ${description} |`);
  walkChildren(s, path, rows);
  if (s.items) walkChildren(s.items, `${path}[]`, rows);
}

/** Rows for the fields inside an object, or inside each object variant of a union. */
function walkChildren(s: JsonSchema, path: string, rows: string[]): void {
  const prefix = path ? `${path}.` : "";
  for (const [key, child] of Object.entries(s.properties ?? {})) walk(child, prefix + key, (s.required ?? []).includes(key), rows);
  for (const variant of s.anyOf ?? s.oneOf ?? []) {
    if (!variant.properties) continue;
    // A variant of a discriminated union is labelled by its tag, like markets.power{model="replay"}.
    const tag = Object.entries(variant.properties).find(([, p]) => p.const !== undefined);
    const label = tag !== undefined ? `${path}{${tag[0]}=${JSON.stringify(tag[1].const)}}` : path;
    walkChildren(variant, label, rows);
  }
}

/** The rows of the field table of a zod schema. */
function fieldRows(schema: z.ZodType): string[] {
  const rows: string[] = [];
  walkChildren(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema, "", rows);
  return rows;
}

/** Markdown table of every sweep-file field, from the sweep schema (SweepFile). */
export function sweepFieldsMarkdown(sweepFile: z.ZodType): string {
  return [
    "# Sweep file fields",
    "",
    "Generated from the zod schema `SweepFile` in `src/sweep/sweep.ts` by `npm run docs`; a test fails when this file is out of date.",
    "A sweep file names a base scenario and its variants; `sim sweep FILE` runs them all on common random numbers and `sim validate FILE` checks every variant. Unknown fields are errors.",
    "",
    "| field | type | required | default | meaning |",
    "|---|---|---|---|---|",
    ...fieldRows(sweepFile),
    "",
    "A dot path names a scenario field as in [scenario-fields.md](scenario-fields.md), with array indices as numbers: `ai.halls.0.contract.usdPerGpuHour`. The segments `__proto__`, `prototype` and `constructor` are refused.",
    "",
  ].join("\n");
}

/** Markdown table of every scenario field: path, type, required, default, meaning. */
export function scenarioFieldsMarkdown(): string {
  const rows = fieldRows(Scenario);
  return [
    "# Scenario fields",
    "",
    "Generated from the zod schema in `src/scenario/schema.ts` by `npm run docs`; a test fails when this file is out of date.",
    "Every field not marked required has the default shown (\"see schema\": a long value, printed by `npm run sim -- schema`).",
    "Unknown fields are errors.",
    "",
    "| field | type | required | default | meaning |",
    "|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
