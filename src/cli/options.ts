// Parsing of command-line values and the progress printer: what every command shares.
import { availableParallelism } from "node:os";
import { InputError } from "../errors";
import { type Shard } from "../io/run-folder";
import { loadScenarioFile } from "../scenario/load";

/** --threads, or the machine's cores; more threads than cores only add memory and overhead, so they are capped, with a warning. */
export function threadCount(text: string | undefined): number {
  const cores = availableParallelism();
  if (text === undefined) return cores;
  const asked = parseInteger(text, "--threads", 1, 256);
  if (asked > cores) {
    process.stderr.write(`warning: --threads ${asked} is more than this machine's ${cores} cores; using ${cores}\n`);
    return cores;
  }
  return asked;
}

export function parseInteger(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InputError(`${option}: expected a whole number from ${min} to ${max} (found: "${text}")`);
  }
  return value;
}

/** Run indices from "0,5,9" or ranges like "0-9" (inclusive), or both. */
export function parsePositive(text: string, option: string, unit: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) throw new InputError(`${option}: expected a number of ${unit} above 0 (found "${text}")`);
  return value;
}

export function parseTraceList(text: string): number[] {
  if (text.trim() === "") return [];
  const runs = new Set<number>();
  for (const part of text.split(",").map((p) => p.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (!range) {
      runs.add(parseInteger(part, "--trace", 0, 1e9));
      continue;
    }
    const [from, to] = [parseInteger(range[1], "--trace", 0, 1e9), parseInteger(range[2], "--trace", 0, 1e9)];
    if (to < from || to - from >= 10_000) throw new InputError(`--trace: expected a range first-last with first <= last and at most 10,000 runs (found: "${part}")`);
    for (let r = from; r <= to; r++) runs.add(r);
  }
  return [...runs].sort((a, b) => a - b);
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) throw new InputError(`--shard: expected i/N with 0 <= i < N, like 0/4 (found: "${text}")`);
  return { index, count };
}

/** Loads a scenario and applies --runs and --seed. */
export function scenarioWithOverrides(path: string, runs: string | undefined, seed: string | undefined) {
  const scenario = loadScenarioFile(path);
  if (runs !== undefined) scenario.monteCarlo.runs = parseInteger(runs, "--runs", 1, 10_000_000);
  if (seed !== undefined) scenario.monteCarlo.seed = parseInteger(seed, "--seed", 0, 2 ** 32 - 1);
  return scenario;
}

export function scenarioStem(path: string): string {
  return (path.split(/[\\/]/).pop() ?? "run").replace(/\.json$/i, "");
}

/**
 * Progress on stderr: redrawn in place on a terminal; elsewhere (nohup, Slurm logs) a line every
 * 10 seconds and at the end; --quiet: none.
 */
export function progressPrinter(quiet: boolean): ((done: number, total: number) => void) | undefined {
  if (quiet) return undefined;
  const t0 = performance.now();
  const onTerminal = process.stderr.isTTY === true;
  const everyMs = onTerminal ? 250 : 10_000;
  let last = onTerminal ? 0 : t0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < everyMs) return;
    last = now;
    const rate = done / ((now - t0) / 1000);
    const eta = rate > 0 ? (total - done) / rate : 0;
    const text = `runs ${done}/${total}  ${rate.toFixed(1)} runs/s  ETA ${eta.toFixed(0)} s`;
    process.stderr.write(onTerminal ? `\r${text}   ${done === total ? "\n" : ""}` : `${text}\n`);
  };
}

export function formatUsd(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const abs = Math.abs(x);
  if (abs >= 1e9) return `$${(x / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `$${(x / 1e6).toFixed(1)}M`;
  return `$${x.toFixed(0)}`;
}

