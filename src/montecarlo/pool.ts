// The worker threads of a batch, and starting them early: a worker thread takes ~250 ms to start
// and load its bundle, which the command line can overlap with its own start-up (loading its
// modules, resolving the scenario, compiling its plan) by starting them before it knows the
// scenario; the scenario reaches the workers with each task (src/montecarlo/batch.ts). Light on
// purpose: it loads nothing but piscina.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";

/** The bundled worker file: beside this module when bundled, else in dist/ at the package root. */
export function defaultWorkerFile(): string {
  if (typeof __dirname === "string") {
    const beside = join(__dirname, "worker.cjs");
    if (existsSync(beside)) return beside;
  }
  return fileURLToPath(new URL("../../dist/worker.cjs", import.meta.url));
}

/** A pool of `threads` workers running `workerFile`, all started now. */
export function startPool(workerFile: string, threads: number): Piscina {
  const pool = new Piscina({ filename: workerFile, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  // Piscina reports the answer of a task that was already aborted (after a failure) as an "error"
  // event on the pool, which would be uncaught without a listener; the batch has failed already.
  // Added once a pool: a sweep's batches share one.
  pool.on("error", () => undefined);
  return pool;
}

let early: { pool: Piscina; workerFile: string; threads: number } | null = null;
/** Whether a finished batch's workers are kept for the next one (the command line ends them). */
let keeping = false;

/**
 * Starts a batch's workers ahead of the batch (one set at a time; a later call replaces nothing);
 * with keepBetweenBatches (a sweep's batches), each finished batch's workers are kept for the next.
 * The caller ends what is left with dropEarlyWorkers.
 */
export function startWorkersEarly(workerFile: string, threads: number, keepBetweenBatches: boolean): void {
  keeping = keepBetweenBatches;
  if (early === null && existsSync(workerFile)) early = { pool: startPool(workerFile, threads), workerFile, threads };
}

/** Keeps a finished batch's workers for the next batch, if startWorkersEarly asked for it and none are kept; whether it did. */
export function keepWorkers(pool: Piscina, workerFile: string, threads: number): boolean {
  if (!keeping || early !== null) return false;
  early = { pool, workerFile, threads };
  return true;
}

/** The workers started early, if they match (the batch then owns them and destroys them); else null. */
export function takeEarlyWorkers(workerFile: string, threads: number): Piscina | null {
  if (early === null || early.workerFile !== workerFile || early.threads !== threads) return null;
  const pool = early.pool;
  early = null;
  return pool;
}

/** Ends workers started early that no batch took (a command that failed before its batch, say). */
export async function dropEarlyWorkers(): Promise<void> {
  const pool = early?.pool;
  early = null;
  if (pool) await pool.destroy();
}
