// The one interface every market process shares: the BTC price, the power price (and the system
// load, replayed or bootstrapped like it), the Bitcoin network and the basis and real-time spreads.

import type { RandomStream } from "../engine/random";

/** A stochastic (or replayed) market series, reset per run and stepped once an hour. */
export interface MarketProcess {
  /** Starts a new path, drawing from its own random stream (replayed series ignore it). */
  reset(rng: RandomStream): void;
  /**
   * Moves to hour h's value (hour 0 is the start). shapeSlot: local month x 24 + local hour, for
   * processes with a daily and seasonal shape; a process reads only what it needs. (Inputs that are
   * doubles, like the BTC price the network's hashrate follows, are set as fields before the step:
   * passed as arguments to a call that is not inlined they would be boxed, an allocation an hour.)
   */
  step(hour: number, shapeSlot: number): void;
}
