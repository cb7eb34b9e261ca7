// sim schema and sim docs: the scenario's JSON Schema and the Markdown references, on stdout.
import { InputError } from "../errors";
import { outputColumnsMarkdown } from "../io/columns-doc";
import { scenarioFieldsMarkdown, scenarioJsonSchema, sweepFieldsMarkdown } from "../scenario/docs";
import { SweepFile } from "../sweep/sweep";

export function commandSchema(): void {
  process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + "\n");
}

export function commandDocs(args: string[]): void {
  if (args[0] === "columns") process.stdout.write(outputColumnsMarkdown());
  else if (args[0] === "sweep") process.stdout.write(sweepFieldsMarkdown(SweepFile));
  else if (args.length === 0) process.stdout.write(scenarioFieldsMarkdown());
  else throw new InputError(`docs: expected nothing, "columns" or "sweep" (found: "${args.join(" ")}")`);
}
