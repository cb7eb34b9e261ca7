// Slurm: an array job whose task i runs shard i of N, and a merge job that runs after all of
// them succeed (afterok). Everything a job needs is written to the batch folder, with absolute
// paths, so the scripts can be read, edited and submitted by hand too.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../errors";
import { scenarioText } from "../io/run-folder";
import type { ResolvedScenario } from "../scenario/schema";

export interface ClusterBatch {
  scenario: ResolvedScenario;
  outDir: string;
  shards: number;
  threadsPerShard: number;
  /** Absolute path of the bundled CLI (dist/cli.cjs). */
  cliPath: string;
  /** Absolute path of node. */
  nodePath: string;
}

export interface SlurmFiles {
  dir: string;
  arrayScript: string;
  mergeScript: string;
  submitScript: string;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function shardDirs(outDir: string, shards: number): string[] {
  return Array.from({ length: shards }, (_, i) => join(outDir, "shards", `shard-${i}`));
}

/** Writes scenario.resolved.json and slurm/{array.sbatch, merge.sbatch, submit.sh} under outDir. */
export function writeSlurmBatch(batch: ClusterBatch): SlurmFiles {
  const out = resolve(batch.outDir);
  const dir = join(out, "slurm");
  mkdirSync(dir, { recursive: true });
  const scenarioPath = join(out, "scenario.resolved.json");
  writeFileSync(scenarioPath, scenarioText(batch.scenario));
  const name = `hashgrid-${batch.scenario.name}`.replace(/[^A-Za-z0-9_.-]/g, "_");
  const node = quote(batch.nodePath);
  const cli = quote(batch.cliPath);

  const arrayScript = join(dir, "array.sbatch");
  writeFileSync(
    arrayScript,
    [
      "#!/bin/bash",
      `#SBATCH --job-name=${name}`,
      `#SBATCH --array=0-${batch.shards - 1}`,
      `#SBATCH --cpus-per-task=${batch.threadsPerShard}`,
      `#SBATCH --output=${join(dir, "shard-%a.log")}`,
      "# Shard $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT; --resume lets a requeued task carry on.",
      "set -euo pipefail",
      `shard_dir=${quote(join(out, "shards"))}/shard-"$SLURM_ARRAY_TASK_ID"`,
      'if [ -f "$shard_dir/shard.json" ]; then echo "shard $SLURM_ARRAY_TASK_ID already done"; exit 0; fi',
      `exec ${node} ${cli} run ${quote(scenarioPath)} --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --threads ${batch.threadsPerShard} --out "$shard_dir" --resume`,
      "",
    ].join("\n"),
  );

  const mergeScript = join(dir, "merge.sbatch");
  writeFileSync(
    mergeScript,
    [
      "#!/bin/bash",
      `#SBATCH --job-name=${name}-merge`,
      "#SBATCH --cpus-per-task=1",
      `#SBATCH --output=${join(dir, "merge.log")}`,
      "set -euo pipefail",
      `exec ${node} ${cli} merge ${shardDirs(out, batch.shards).map(quote).join(" ")} --out ${quote(join(out, "merged"))}`,
      "",
    ].join("\n"),
  );

  const submitScript = join(dir, "submit.sh");
  writeFileSync(
    submitScript,
    [
      "#!/bin/bash",
      "# Submits the array job, then the merge job to run only if every shard succeeds.",
      "set -euo pipefail",
      'cd "$(dirname "$0")"',
      "array=$(sbatch --parsable array.sbatch)",
      "array=${array%%;*}",
      'merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes merge.sbatch)',
      "merge=${merge%%;*}",
      `printf '{"array": "%s", "merge": "%s", "shards": ${batch.shards}}\\n' "$array" "$merge" > jobs.json`,
      `echo "submitted array job $array (${batch.shards} shards) and merge job $merge; results will be in ${join(out, "merged")}"`,
      "",
    ].join("\n"),
  );
  for (const f of [arrayScript, mergeScript, submitScript]) chmodSync(f, 0o755);
  return { dir, arrayScript, mergeScript, submitScript };
}

/** Runs submit.sh (sbatch must be on PATH); returns what it printed. */
export function submitSlurmBatch(files: SlurmFiles): string {
  try {
    return execFileSync("bash", [files.submitScript], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const e = err as { stderr?: string; code?: string };
    const why = e.code === "ETIMEDOUT" ? "sbatch did not answer within 60 s (is slurmctld running?)" : (e.stderr ?? String(err)).trim();
    throw new InputError(`slurm: submitting ${files.submitScript} failed: ${why}`);
  }
}

/** One job's state as scontrol reports it. */
export interface SlurmJobState {
  jobId: string;
  arrayTaskId: string | null;
  state: string;
  reason: string;
  exitCode: string;
}

function scontrolJobs(jobId: string): SlurmJobState[] {
  let text: string;
  try {
    text = execFileSync("scontrol", ["show", "job", jobId], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "pipe"] });
  } catch {
    return [];
  }
  return text
    .split(/\n\s*\n/)
    .filter((block) => block.includes("JobId="))
    .map((block) => {
      const field = (key: string) => new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(block)?.[1] ?? "";
      return { jobId: field("JobId"), arrayTaskId: field("ArrayTaskId") || null, state: field("JobState"), reason: field("Reason"), exitCode: field("ExitCode") };
    });
}

/** A report of a submitted batch: each shard task's state and the merge job's, saying why a merge will not run. */
export function slurmStatus(outDir: string): { text: string; done: boolean; failed: boolean } {
  const jobsPath = join(resolve(outDir), "slurm", "jobs.json");
  let jobs: { array: string; merge: string; shards: number };
  try {
    jobs = JSON.parse(readFileSync(jobsPath, "utf8"));
  } catch {
    throw new InputError(`${jobsPath}: not found or unreadable; was the batch submitted with "sim slurm" (without --dry-run)?`);
  }
  const tasks = scontrolJobs(jobs.array);
  const merge = scontrolJobs(jobs.merge)[0];
  const lines: string[] = [];
  const failedTasks = tasks.filter((t) => ["FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY"].includes(t.state));
  for (const t of tasks) lines.push(`shard ${t.arrayTaskId ?? "?"}: ${t.state}${t.exitCode && t.exitCode !== "0:0" ? ` (exit ${t.exitCode})` : ""}`);
  if (merge) lines.push(`merge job ${jobs.merge}: ${merge.state}${merge.reason && merge.reason !== "None" ? ` (${merge.reason})` : ""}`);
  else lines.push(`merge job ${jobs.merge}: no longer known to scontrol`);
  const failed = failedTasks.length > 0 || (merge !== undefined && merge.state === "CANCELLED");
  if (failed) {
    lines.push(
      `the merge did not run: shard task(s) ${failedTasks.map((t) => t.arrayTaskId).join(", ") || "?"} failed; see ${join(resolve(outDir), "slurm", "shard-<i>.log")}, fix the cause and run slurm/submit.sh again (finished shards are skipped, interrupted ones resume)`,
    );
  }
  return { text: lines.join("\n") + "\n", done: merge?.state === "COMPLETED", failed };
}
