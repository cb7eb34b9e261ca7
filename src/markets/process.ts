// The one interface every market process shares: the BTC price, the power price (and the system
// load, replayed or bootstrapped like it), the Bitcoin network and the basis and real-time spreads.

import type { RandomStream } from "../engine/random";

/** The local calendar of the simulated hours, as the processes with a daily and seasonal shape read it. */
export interface MarketCalendar {
  /** Local month (0-11) and local hour (0-23) of each simulated hour. */
  readonly localMonth: Uint8Array;
  readonly localHour: Uint8Array;
}

/**
 * A stochastic (or replayed) market series, reset per run and stepped once an hour. HourInput:
 * what it reads of each hour besides its own draws (the calendar for most; the network reads the
 * BTC price's path).
 */
export interface MarketProcess<HourInput = MarketCalendar> {
  /** Starts a new path, drawing from its own random stream (replayed series ignore it). */
  reset(rng: RandomStream): void;
  /**
   * Moves to hour h's value (hour 0 is the start). shapeSlot: local month x 24 + local hour, for
   * processes with a daily and seasonal shape; a process reads only what it needs. (Inputs that are
   * doubles, like the BTC price the network's hashrate follows, are set as fields before the step:
   * passed as arguments to a call that is not inlined they would be boxed, an allocation an hour.)
   */
  step(hour: number, shapeSlot: number): void;
  /**
   * Steps hours from..to-1 as step() would one by one, and keeps each hour's values in its path
   * arrays at index h (grown to `to` if shorter). The hour loop steps the markets this way, a block
   * of hours at a time before the site's hours read them: each process's step then runs in a loop
   * of its own (inlined there, its state in registers) rather than inlined, or not, into the site's
   * hour, and the draws and values are the same as stepping hour by hour.
   */
  stepHours(from: number, to: number, input: HourInput): void;
  /**
   * Makes room for hours 0..hours-1 in the path arrays at once (those in the market kernels'
   * memory, src/markets/wasm.ts), so that no path grows while a run steps: a growing path may
   * move the kernels' memory, and a path array read before it (an input handed to the next
   * process) would be left empty. Processes whose paths are plain arrays need not have it.
   */
  reserveHours?(hours: number): void;
  /** Gives back what the process holds in the market kernels' memory at once; it is not used again. */
  dispose?(): void;
  /**
   * Optional, for processes whose kernel steps several runs at once in SIMD lanes: steps hours
   * from..to-1 of this process (lane 0) and of `others` (lanes 1.., at most MARKET_LANES - 1 of them),
   * each a process made with the same parameters and reset with its own run's stream, in one call
   * of the kernel: each one's path, state and stream as its own stepHours(from, to) would leave them.
   */
  stepHoursInLanes?(others: readonly MarketProcess<HourInput>[], from: number, to: number, input: HourInput): void;
}

/** Runs a market kernel steps at once in SIMD lanes (stepHoursInLanes). */
export const MARKET_LANES = 4;

/** A path array of at least `hours` values: the array itself when long enough, else a longer one (the values before are not kept). */
export function pathOf<T extends Float64Array>(array: T, hours: number): T {
  return array.length >= hours ? array : (new Float64Array(Math.max(hours, 2 * array.length)) as T);
}
