// The basis (and real-time spread) process's hours (src/markets/basis.ts holds its parameters and
// documents the model): a quantile table at a latent normal z = sqrt(w) D + sqrt(1 - w) e, e an
// hourly AR(1) and D a day level, AR(1) from one 24-hour block to the next.
import { deviationAtLatent } from "./latent";
import { loadWords, normal, storeWords } from "./random";

// The state of a run: the two latent parts.
const S_HOURLY = 0;
const S_DAY = 8;
/** Bytes of a run's state. */
export const BASIS_STATE_BYTES = 16;

export function basisReset(state: usize, hourly: f64, day: f64): void {
  store<f64>(state, hourly, S_HOURLY);
  store<f64>(state, day, S_DAY);
}

/** Hours from..to-1, each hour's value written to path[h - from]; a new day level every 24 hours from the start. */
export function basisHours(
  state: usize, words: usize, path: usize, from: i32, to: i32,
  table: usize, phi: f64, innovationSd: f64, rho: f64, dayInnovationSd: f64, dayLoading: f64, hourLoading: f64,
): void {
  loadWords(words);
  let hourly = load<f64>(state, S_HOURLY);
  let day = load<f64>(state, S_DAY);
  for (let hour = from; hour < to; hour++) {
    if (hour % 24 == 0 && hour > 0) day = rho * day + dayInnovationSd * normal();
    hourly = phi * hourly + innovationSd * normal();
    store<f64>(path + (<usize>(hour - from) << 3), deviationAtLatent(table, dayLoading * day + hourLoading * hourly));
  }
  store<f64>(state, hourly, S_HOURLY);
  store<f64>(state, day, S_DAY);
  storeWords(words);
}
