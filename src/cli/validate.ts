// sim validate: scenario and sweep files checked without running them.
import { parseArgs } from "node:util";
import { InputError } from "../errors";
import { isSweepFile, loadSweep } from "../sweep/sweep";
import { loadMarketInputs } from "../io/inputs";
import { loadScenarioFile } from "../scenario/load";
import { compilePlan, horizonHours } from "../site/plan";
import { USAGE } from "./usage";

export async function commandValidate(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  if (positionals.length === 0) throw new InputError(`validate: expected at least one scenario or sweep file\n\n${USAGE}`);
  const problems: string[] = [];
  for (const path of positionals) {
    try {
      if (isSweepFile(path)) {
        const { variants, scenarios } = loadSweep(path);
        for (let i = 0; i < scenarios.length; i++) {
          const warnings: string[] = [];
          try {
            await loadMarketInputs(scenarios[i], warnings);
          } catch (err) {
            if (err instanceof InputError) throw new InputError(`variant "${variants[i].name}": ${err.message}`);
            throw err;
          }
          for (const w of warnings) process.stderr.write(`warning: ${path}: variant "${variants[i].name}": ${w}\n`);
        }
        process.stdout.write(`${path}: valid sweep (${variants.length} variants, ${scenarios[0].monteCarlo.runs} runs each, seed ${scenarios[0].monteCarlo.seed})\n`);
        continue;
      }
      const scenario = loadScenarioFile(path);
      const warnings: string[] = [];
      const inputs = await loadMarketInputs(scenario, warnings);
      warnings.push(...compilePlan(scenario, inputs).replayNotes);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(`${path}: valid (${scenario.name}, ${horizonHours(scenario)} hours, ${scenario.monteCarlo.runs} runs)\n`);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(err.message.startsWith(path) ? err.message : `${path}: ${err.message}`);
    }
  }
  if (problems.length > 0) throw new InputError(problems.join("\n"));
}

