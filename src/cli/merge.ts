// sim merge: shard folders into one result.
import { parseArgs } from "node:util";
import { InputError } from "../errors";
import { mergeShards } from "../io/merge";
import { USAGE } from "./usage";

export async function commandMerge(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { out: { type: "string" } } });
  if (values.out === undefined) throw new InputError(`merge: expected --out DIR\n\n${USAGE}`);
  const { runs, shards } = await mergeShards(positionals, values.out);
  process.stdout.write(`merged ${shards} shards, ${runs} runs: ${values.out}\n`);
}

