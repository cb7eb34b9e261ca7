// Output folders appear whole or not at all: results are written to a staging folder beside
// the target (".<name>.partial") and moved into place only when complete. A failed run leaves
// the previous results untouched; an interrupted one leaves its staging folder, from which
// "--resume" carries on. A folder that hashgrid did not write, or a file, is never replaced, and
// a lock file beside the target keeps two runs from writing the same folder at once.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileErrorText, InputError } from "../errors";

/** Files by which hashgrid recognises its own output folders (run, shard, merge, sweep, headroom). */
export const OUTPUT_MARKERS = ["run-info.json", "shard.json", "sweep.resolved.json", "headroom-info.json", "scenario.resolved.json"];

/** Whether a process with this pid runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The path and each folder above it. */
function ancestors(path: string): string[] {
  const out = [path];
  while (dirname(out[out.length - 1]) !== out[out.length - 1]) out.push(dirname(out[out.length - 1]));
  return out;
}

export class StagedFolder {
  readonly target: string;
  readonly staging: string;
  readonly lock: string;
  private locked = false;

  constructor(target: string) {
    this.target = resolve(target);
    this.staging = join(dirname(this.target), `.${basename(this.target)}.partial`);
    this.lock = join(dirname(this.target), `.${basename(this.target)}.lock`);
  }

  /** Refuses a target that is a file, or a folder with contents that hashgrid did not write. */
  private checkTarget(): void {
    if (!existsSync(this.target)) return;
    const stat = statSync(this.target);
    if (!stat.isDirectory()) throw new InputError(`--out ${this.target}: expected a folder to write results to (found a file there; it is left as it is)`);
    const entries = readdirSync(this.target);
    if (entries.length > 0 && !OUTPUT_MARKERS.some((m) => entries.includes(m))) {
      throw new InputError(
        `--out ${this.target}: the folder holds files that hashgrid did not write (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}); expected a new or empty folder or an earlier hashgrid output folder (it is replaced whole). Nothing was changed.`,
      );
    }
  }

  /** Takes the lock beside the target: one writer at a time; a lock left by a process that is gone (on this machine) is taken over. */
  private takeLock(): void {
    const parent = dirname(this.target);
    const fileInTheWay = ancestors(parent).find((p) => existsSync(p) && !statSync(p).isDirectory());
    if (fileInTheWay !== undefined) throw new InputError(`--out ${this.target}: ${fileInTheWay} is a file, not a folder; choose another --out`);
    try {
      mkdirSync(parent, { recursive: true });
    } catch (err) {
      throw new InputError(`--out ${this.target}: cannot create the parent folder ${parent}: ${fileErrorText(err) ?? (err as Error).message}`);
    }
    const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }) + "\n";
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(this.lock, mine, { flag: "wx" });
        this.locked = true;
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== "EEXIST") throw new InputError(`--out ${this.target}: cannot write the lock file ${this.lock}: ${fileErrorText(err) ?? code}`);
      }
      let holder: { pid?: number; host?: string; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(this.lock, "utf8"));
      } catch {
        // An unreadable lock is treated as stale below only if it is ours to judge.
      }
      const sameHost = holder.host === hostname();
      if (sameHost && typeof holder.pid === "number" && !alive(holder.pid)) {
        rmSync(this.lock, { force: true });
        continue;
      }
      throw new InputError(
        `--out ${this.target}: another hashgrid run is writing this folder (pid ${holder.pid ?? "?"} on ${holder.host ?? "?"}, since ${holder.since ?? "?"}); wait for it to finish, or remove ${this.lock} if that run is gone`,
      );
    }
    throw new InputError(`--out ${this.target}: could not take the lock ${this.lock}`);
  }

  private releaseLock(): void {
    if (this.locked) rmSync(this.lock, { force: true });
    this.locked = false;
  }

  /** Opens the staging folder: kept as it is when keep is true and it exists, else created empty. */
  open(keep = false): string {
    this.checkTarget();
    this.takeLock();
    try {
      if (!keep) rmSync(this.staging, { recursive: true, force: true });
      mkdirSync(this.staging, { recursive: true });
    } catch (err) {
      this.releaseLock();
      throw new InputError(`--out ${this.target}: cannot create ${this.staging}: ${fileErrorText(err) ?? (err as Error).message}`);
    }
    return this.staging;
  }

  /** Replaces the target with the staging folder. */
  commit(): void {
    const parent = dirname(this.target);
    const previous = join(parent, `.${basename(this.target)}.previous-${process.pid}`);
    if (existsSync(this.target)) renameSync(this.target, previous);
    renameSync(this.staging, this.target);
    // Also what a run killed between the two renames left (it held the lock, so it is gone).
    const prefix = `.${basename(this.target)}.previous-`;
    for (const name of readdirSync(parent)) if (name.startsWith(prefix)) rmSync(join(parent, name), { recursive: true, force: true });
    this.releaseLock();
  }

  /** Removes the staging folder; the target is left as it was. */
  abandon(): void {
    rmSync(this.staging, { recursive: true, force: true });
    this.releaseLock();
  }

  /** Leaves the staging folder for --resume and releases the lock (an interrupted run). */
  release(): void {
    this.releaseLock();
  }
}
