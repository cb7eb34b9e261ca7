// The small catalog of errors. InputError is the user's to fix (exit 1, no stack trace);
// anything else is ours (exit 2).

/** Bad input: the message names the file, the field path or line, what was expected and what was found. */
export class InputError extends Error {
  override name = "InputError";
}

/** Runs a step of preparing recorded data for a scenario field, turning its complaint into bad input about that field. */
export function forField<T>(field: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${field}: ${(err as Error).message}`);
  }
}

/** Recorded data the loader should have read before a plan is compiled (a bug of ours if not). */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} was not loaded before compiling the plan`);
  return value;
}

/**
 * A run of a batch that could not finish: its numbers diverged or it ran past the time limit.
 * The message names the run and its seed (exit 1, no stack trace); finished runs are kept.
 */
export class RunFailure extends Error {
  override name = "RunFailure";
}

/** What a file-system error code means, in words a user can act on. */
const FILE_ERRORS: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "expected a file (found a folder)",
  ENOENT: "no such file or folder",
  EEXIST: "something is already there",
  EIO: "input/output error from the device",
  EMFILE: "too many open files",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EXDEV: "cannot move across devices",
};

/** An error from the file system (with a code and a path), as one line for the user; null for any other error. */
export function fileErrorText(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (e === null || typeof e !== "object" || typeof e.code !== "string" || !(e.code in FILE_ERRORS)) return null;
  const where = e.path ? `${e.path}${e.dest ? ` -> ${e.dest}` : ""}` : "a file";
  return `cannot ${e.syscall ?? "write"} ${where}: ${FILE_ERRORS[e.code]} (${e.code})`;
}

/**
 * The one line a user is shown for an error that is theirs to fix (exit 1): bad input, a run that
 * failed (it names run and seed), the file system refusing (disk full, permission, a file in the
 * way). Null for anything else: an internal error (exit 2), which is a bug of ours.
 */
export function userErrorText(err: unknown): string | null {
  if (err instanceof InputError || err instanceof RunFailure) return err.message;
  const fileError = fileErrorText(err);
  if (fileError === null) return null;
  // A failed batch says where its finished runs are kept.
  const message = (err as Error).message ?? "";
  const kept = message.indexOf(KEPT_RUNS_NOTE_START);
  return fileError + (kept >= 0 ? message.slice(kept) : "");
}

const KEPT_RUNS_NOTE_START = "\n(runs finished so far are kept in ";

/** Appended to the message of an error that stopped a batch: where its finished runs wait for --resume. */
export function keptRunsNote(staging: string): string {
  return `${KEPT_RUNS_NOTE_START}${staging}; "--resume" carries on from there)`;
}
