// sim schema and sim docs: the scenario's JSON Schema and the Markdown references, and the hour
// loop as written for a scenario's plan, on stdout.
import { InputError } from "../errors";
import { loadMarketInputs } from "../io/inputs";
import { loadScenarioFile } from "../scenario/load";
import { hourLoopSource } from "../site/hour";
import { compilePlan } from "../site/plan";
import { SiteRun } from "../site/simulation";
import { outputColumnsMarkdown } from "../io/columns-doc";
import { scenarioFieldsMarkdown, scenarioJsonSchema, sweepFieldsMarkdown } from "../scenario/docs";
import { SweepFile } from "../sweep/sweep";

export function commandSchema(): void {
  process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + "\n");
}

export async function commandDocs(args: string[]): Promise<void> {
  if (args[0] === "columns") process.stdout.write(outputColumnsMarkdown());
  else if (args[0] === "sweep") process.stdout.write(sweepFieldsMarkdown(SweepFile));
  else if (args[0] === "hour" && (args.length === 2 || (args.length === 3 && args[2] === "--traced"))) await printHourLoop(args[1], args.length === 3);
  else if (args.length === 0) process.stdout.write(scenarioFieldsMarkdown());
  else throw new InputError(`docs: expected nothing, "columns", "sweep" or "hour <scenario.json> [--traced]" (found: "${args.join(" ")}")`);
}

/** The hour loop src/site/hour.ts writes for the scenario's plan: the JavaScript that runs each hour of its runs. */
async function printHourLoop(path: string, traced: boolean): Promise<void> {
  const scenario = loadScenarioFile(path);
  const site = new SiteRun(compilePlan(scenario, await loadMarketInputs(scenario, [])));
  const shape = { hourlyComponents: site.hourlyComponents.length, traced, fold: true };
  process.stdout.write(
    `// The hour loop of ${path} (${scenario.name}), as src/site/hour.ts writes it for the plan${traced ? ", for a traced run" : ""}:\n` +
      `// SiteRun.stepHours calls it for the hours between two events; \`lib\` holds mainCurtailmentCode.\n` +
      `function hourLoop(site, from, to) {${hourLoopSource(site.plan, site, shape)}}\n`,
  );
}
