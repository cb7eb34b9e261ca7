// sim report: report.html for an output, sweep or headroom folder.
import { parseArgs } from "node:util";
import { InputError } from "../errors";
import { writeReport } from "../report/report";

export async function commandReport(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) throw new InputError("report: expected one output folder");
  process.stdout.write(`report: ${await writeReport(positionals[0])}\n`);
}
