// Output folders appear whole or not at all: results are written to a staging folder beside
// the target (".<name>.partial") and moved into place only when complete. A failed run leaves
// the previous results untouched; an interrupted one leaves its staging folder, from which
// "--resume" carries on.
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export class StagedFolder {
  readonly target: string;
  readonly staging: string;

  constructor(target: string) {
    this.target = resolve(target);
    this.staging = join(dirname(this.target), `.${basename(this.target)}.partial`);
  }

  /** Opens the staging folder: kept as it is when keep is true and it exists, else created empty. */
  open(keep = false): string {
    if (!keep) rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
    return this.staging;
  }

  /** Replaces the target with the staging folder. */
  commit(): void {
    const previous = join(dirname(this.target), `.${basename(this.target)}.previous-${process.pid}`);
    if (existsSync(this.target)) renameSync(this.target, previous);
    renameSync(this.staging, this.target);
    rmSync(previous, { recursive: true, force: true });
  }

  /** Removes the staging folder; the target is left as it was. */
  abandon(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}
