// The small catalog of errors. InputError is the user's to fix (exit 1, no stack trace);
// anything else is ours (exit 2).

/** Bad input: the message names the file, the field path or line, what was expected and what was found. */
export class InputError extends Error {
  override name = "InputError";
}

/**
 * A run of a batch that could not finish: its numbers diverged or it ran past the time limit.
 * The message names the run and its seed (exit 1, no stack trace); finished runs are kept.
 */
export class RunFailure extends Error {
  override name = "RunFailure";
}
