// The basis (and real-time spread) process's hours (src/markets/basis.ts holds its parameters and
// documents the model): a quantile table at a latent normal z = sqrt(w) D + sqrt(1 - w) e, e an
// hourly AR(1) and D a day level, AR(1) from one 24-hour block to the next.
import { deviationAtLatent } from "./latent";
import { normal, normalBeyond, normalCommon, output, setWords, word0, word1, word2, word3 } from "./random";

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
  // The stream's words in locals (random.ts): a normal a hour; the day's normal through the globals.
  let w0 = load<i32>(words), w1 = load<i32>(words, 4), w2 = load<i32>(words, 8), w3 = load<i32>(words, 12);
  let hourly = load<f64>(state, S_HOURLY);
  let day = load<f64>(state, S_DAY);
  let hour = from;
  while (hour < to) {
    if (hour % 24 == 0 && hour > 0) {
      setWords(w0, w1, w2, w3);
      day = rho * day + dayInnovationSd * normal();
      w0 = word0(); w1 = word1(); w2 = word2(); w3 = word3();
    }
    // The hours to the next day's level, in a loop with no call in it (a call in the loop, even on
    // a path taken once a day, costs every hour: docs/speed.md, point 28); it stops at an hour whose
    // draw needs the ziggurat's rare path, done below.
    let end = hour - hour % 24 + 24;
    if (end > to) end = to;
    let j: i32 = 0;
    let rare = false;
    for (;;) {
      j = output(w1);
      const t = w1 << 9; w2 ^= w0; w3 ^= w1; w1 ^= w2; w0 ^= w3; w2 ^= t; w3 = rotl<i32>(w3, 11);
      const z = normalCommon(j);
      if (z != z) {
        rare = true;
        break;
      }
      hourly = phi * hourly + innovationSd * z;
      store<f64>(path + (<usize>(hour - from) << 3), deviationAtLatent(table, dayLoading * day + hourLoading * hourly));
      if (++hour == end) break;
    }
    if (rare) {
      setWords(w0, w1, w2, w3);
      const z = normalBeyond(j);
      w0 = word0(); w1 = word1(); w2 = word2(); w3 = word3();
      hourly = phi * hourly + innovationSd * z;
      store<f64>(path + (<usize>(hour - from) << 3), deviationAtLatent(table, dayLoading * day + hourLoading * hourly));
      hour++;
    }
  }
  store<f64>(state, hourly, S_HOURLY);
  store<f64>(state, day, S_DAY);
  store<i32>(words, w0);
  store<i32>(words, w1, 4);
  store<i32>(words, w2, 8);
  store<i32>(words, w3, 12);
}
