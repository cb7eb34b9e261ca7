// sim slurm, sim slurm-status, sim k8s: a batch split into shards for a cluster scheduler.
import { parseArgs } from "node:util";
import { InputError } from "../errors";
import { slurmStatus, submitSlurmBatch, writeSlurmBatch } from "../cluster/slurm";
import { writeKubernetesBatch } from "../cluster/kubernetes";
import { USAGE } from "./usage";
import { parseInteger, scenarioWithOverrides } from "./options";

export function clusterArgs(args: string[], extra: Record<string, { type: "string" | "boolean" }>) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { shards: { type: "string" }, out: { type: "string" }, runs: { type: "string" }, seed: { type: "string" }, threads: { type: "string" }, ...extra },
  });
  if (positionals.length !== 1) throw new InputError(`expected one scenario file (found ${positionals.length})\n\n${USAGE}`);
  if (values.shards === undefined) throw new InputError("--shards: expected the number of shards, like --shards 8");
  if (values.out === undefined) throw new InputError("--out: expected the batch folder");
  const scenario = scenarioWithOverrides(positionals[0], values.runs as string | undefined, values.seed as string | undefined);
  const shards = parseInteger(values.shards as string, "--shards", 1, 100_000);
  if (shards > scenario.monteCarlo.runs) throw new InputError(`--shards: expected at most one shard per run (${scenario.monteCarlo.runs} runs; found ${shards})`);
  const threadsPerShard = values.threads !== undefined ? parseInteger(values.threads as string, "--threads", 1, 256) : 1;
  return { values: values as Record<string, string | boolean | undefined>, scenario, shards, threadsPerShard, outDir: values.out as string };
}

export function commandSlurm(args: string[]): void {
  const { values, scenario, shards, threadsPerShard, outDir } = clusterArgs(args, { "dry-run": { type: "boolean" } });
  const files = writeSlurmBatch({ scenario, outDir, shards, threadsPerShard, cliPath: process.argv[1], nodePath: process.execPath });
  process.stdout.write(`wrote ${files.arrayScript}, ${files.mergeScript} and ${files.submitScript}\n`);
  if (values["dry-run"]) {
    process.stdout.write(`dry run: submit with bash ${files.submitScript}\n`);
    return;
  }
  process.stdout.write(submitSlurmBatch(files));
  process.stdout.write(`follow it with: sim slurm-status ${outDir}\n`);
}

export function commandK8s(args: string[]): void {
  const { values, scenario, shards, threadsPerShard, outDir } = clusterArgs(args, { image: { type: "string" }, pvc: { type: "string" } });
  if (values.image === undefined) throw new InputError("--image: expected the container image that holds hashgrid at /app, like registry.example/hashgrid:0.1.0");
  const written = writeKubernetesBatch({ scenario, outDir, shards, threadsPerShard, image: values.image as string, volumeClaim: (values.pvc as string | undefined) ?? "hashgrid-results" });
  process.stdout.write(`wrote ${written.shards} and ${written.merge}\napply: kubectl apply -f ${written.shards}; when it completes: kubectl apply -f ${written.merge}\n`);
}

export function commandSlurmStatus(args: string[]): void {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) throw new InputError("slurm-status: expected the batch folder given to sim slurm --out");
  process.stdout.write(slurmStatus(positionals[0]).text);
}

