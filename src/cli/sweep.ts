// sim sweep: variants of a scenario on common random numbers, into sweep.csv and a report.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../errors";
import { runSweep } from "../sweep/sweep";
import { parseInteger, scenarioStem, threadCount } from "./options";

export async function commandSweep(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { out: { type: "string" }, threads: { type: "string" }, runs: { type: "string" }, seed: { type: "string" } },
  });
  if (positionals.length !== 1) throw new InputError("sweep: expected one sweep file");
  const threads = threadCount(values.threads);
  const overrides = {
    runs: values.runs !== undefined ? parseInteger(values.runs, "--runs", 1, 10_000_000) : undefined,
    seed: values.seed !== undefined ? parseInteger(values.seed, "--seed", 0, 2 ** 32 - 1) : undefined,
  };
  const out = await runSweep(
    positionals[0],
    values.out ?? `out/${scenarioStem(positionals[0])}`,
    threads,
    (i, n, name) => process.stderr.write(`variant ${i + 1}/${n}: ${name}\n`),
    overrides,
  );
  process.stdout.write(`sweep: ${join(out, "sweep.csv")}\nreport: ${join(out, "report.html")}\n`);
}
