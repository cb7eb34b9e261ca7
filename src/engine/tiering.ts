// How V8 compiles the hot loops. Knows nothing of what the loops compute.
import { setFlagsFromString } from "node:v8";

let onStackReplacementOff = false;

/**
 * Turns off V8's on-stack replacement (OSR: optimized code entered in the middle of a running
 * loop) for this process, once. A loop called for a block of hours at a time is optimized as a
 * whole function after a few calls and needs no OSR. With OSR on, when V8 threw the whole-function
 * code away (a path taken for the first time, e.g. a class that runs only partly) the loop went on
 * in its OSR code, which boxed the loop's doubles: ~10 allocations an hour and the run ~1.7x
 * slower, in one process in ten to twenty (1 of 20, 2 of 30, 3 of 24; `npm run bench` and the
 * kernel bench showed it as a "bimodal" speed across processes). Off, 0 processes in 30 did. Process-wide: loops in
 * functions called once run unoptimized to their end, so it is turned off only where the hour loop
 * is built.
 */
export function turnOffOnStackReplacement(): void {
  if (onStackReplacementOff) return;
  setFlagsFromString("--no-use-osr");
  onStackReplacementOff = true;
}
