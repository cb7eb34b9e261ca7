// Output folders appear whole or not at all: results are written to a staging folder beside
// the target and moved into place only when complete. A failed run leaves the previous
// results untouched.
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

const openFolders = new Set<StagedFolder>();

/** Removes every staging folder still open (on SIGINT, before exiting). */
export function abandonOpenFolders(): void {
  for (const folder of openFolders) folder.abandon();
}

export class StagedFolder {
  readonly target: string;
  readonly staging: string;

  constructor(target: string) {
    this.target = resolve(target);
    this.staging = join(dirname(this.target), `.${basename(this.target)}.partial-${process.pid}`);
  }

  /** Creates an empty staging folder. */
  open(): string {
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
    openFolders.add(this);
    return this.staging;
  }

  /** Replaces the target with the staging folder. */
  commit(): void {
    const previous = join(dirname(this.target), `.${basename(this.target)}.previous-${process.pid}`);
    if (existsSync(this.target)) renameSync(this.target, previous);
    renameSync(this.staging, this.target);
    rmSync(previous, { recursive: true, force: true });
    openFolders.delete(this);
  }

  /** Removes the staging folder; the target is left as it was. */
  abandon(): void {
    rmSync(this.staging, { recursive: true, force: true });
    openFolders.delete(this);
  }
}
