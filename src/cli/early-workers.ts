// Starts the worker threads of `sim run` and `sim sweep` first thing, before the command line
// loads its other modules and resolves the scenario, so that the ~250 ms a worker takes to start
// and load its bundle pass meanwhile (README, "Speed"; docs/speed.md). Imported first by src/cli.ts; loads only
// piscina. The thread count is read the way --threads is (src/cli/options.ts threadCount), without
// its warnings, which the command prints when it parses its options; anything unusual (an
// unreadable count) starts nothing, and the batch starts its workers itself.
import { availableParallelism } from "node:os";
import { defaultWorkerFile, startWorkersEarly } from "../montecarlo/pool";

function earlyThreadCount(args: readonly string[]): number | null {
  const cores = availableParallelism();
  // The last --threads given, as parseArgs takes it.
  let text: string | undefined;
  let given = false;
  for (let k = 0; k < args.length; k++) {
    if (args[k] === "--threads") [given, text] = [true, args[k + 1]];
    else if (args[k].startsWith("--threads=")) [given, text] = [true, args[k].slice("--threads=".length)];
  }
  if (!given) return cores;
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1) return null;
  return Math.min(Number(text), cores);
}

const [command, ...args] = process.argv.slice(2);
if (command === "run" || command === "sweep") {
  const threads = earlyThreadCount(args);
  // A sweep's variants run one batch after another on the same workers; a run's workers end with its batch.
  if (threads !== null) startWorkersEarly(defaultWorkerFile(), threads, command === "sweep");
}
