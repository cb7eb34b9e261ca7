// The command line: the only place that touches argv, the console and the exit code.
// Exit codes: 0 success, 1 bad input, 2 internal failure. One module per command under src/cli/.
// First: the workers of a run or sweep start while the rest loads (src/cli/early-workers.ts).
import "./cli/early-workers";
import { dropEarlyWorkers } from "./montecarlo/pool";
import { InputError, userErrorText } from "./errors";
import { USAGE } from "./cli/usage";
import { commandDocs, commandSchema } from "./cli/docs";
import { commandReport } from "./cli/report";
import { commandSweep } from "./cli/sweep";
import { commandSlurm, commandK8s, commandSlurmStatus } from "./cli/cluster";
import { commandImport } from "./cli/import";
import { commandCalibrate } from "./cli/calibrate";
import { commandMerge } from "./cli/merge";
import { commandHeadroom } from "./cli/headroom";
import { commandRun } from "./cli/run";
import { commandValidate } from "./cli/validate";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "run":
        await commandRun(rest);
        return 0;
      case "import":
        await commandImport(rest);
        return 0;
      case "calibrate":
        await commandCalibrate(rest);
        return 0;
      case "report":
        await commandReport(rest);
        return 0;
      case "sweep":
        await commandSweep(rest);
        return 0;
      case "merge":
        await commandMerge(rest);
        return 0;
      case "headroom":
        await commandHeadroom(rest);
        return 0;
      case "slurm":
        commandSlurm(rest);
        return 0;
      case "slurm-status":
        commandSlurmStatus(rest);
        return 0;
      case "k8s":
        commandK8s(rest);
        return 0;
      case "validate":
        await commandValidate(rest);
        return 0;
      case "schema":
        commandSchema();
        return 0;
      case "docs":
        await commandDocs(rest);
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new InputError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (err) {
    const userError = userErrorText(err);
    if (userError !== null) {
      process.stderr.write(`error: ${userError}\n`);
      return 1;
    }
    // parseArgs reports unknown options and missing values with codes of its own.
    const code = (err as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}`);
      return 1;
    }
    process.stderr.write(`internal error (please report): ${(err as Error).stack ?? String(err)}\n`);
    return 2;
  }
}

// A reader that stops early (| head) is not an error of ours.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

process.on("SIGINT", () => {
  // Finished runs are already checkpointed in the staging folder; nothing else needs saving.
  const command = process.argv[2] === "run" ? `sim ${process.argv.slice(2).filter((a) => a !== "--resume").join(" ")} --resume` : "";
  process.stderr.write(
    `\ninterrupted: finished runs are kept and the output folder was not replaced${command ? `; to finish without redoing them, run: ${command}` : ""}\n`,
  );
  process.exit(130);
});

main(process.argv.slice(2)).then(async (code) => {
  // Workers started early that no batch took (the command failed before its batch) would keep the process alive.
  await dropEarlyWorkers();
  process.exitCode = code;
});
