// The small catalog of errors. InputError is the user's to fix (exit 1, no stack trace);
// anything else is ours (exit 2).

/** Bad input: the message names the file, the field path or line, what was expected and what was found. */
export class InputError extends Error {
  override name = "InputError";
}
