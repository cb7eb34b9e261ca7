// A two-regime (calm / turbulent) Markov-switching model of daily log returns, fitted by EM
// (Baum-Welch with scaled forward-backward passes): in regime s a day's log return is
// N(mean_s, sd_s^2), and the regime stays from one day to the next with probability stay_s.
// Used for BTC, whose volatility moves between calm and turbulent years (issue 12).
import { RandomStream } from "../engine/random";

export interface Regime {
  meanDaily: number;
  sdDaily: number;
  /** Chance that the next day is in the same regime. */
  stay: number;
}

export interface RegimeFit {
  calm: Regime;
  turbulent: Regime;
  logLikelihood: number;
  iterations: number;
}

function normalDensity(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
}

/** Fits the two regimes to daily log returns by EM; the calm regime is the one with the smaller sd. */
export function fitTwoRegimes(x: ArrayLike<number>, maxIterations = 1000, tolerance = 1e-9): RegimeFit {
  const n = x.length;
  if (n < 30) throw new Error(`expected at least 30 daily returns to fit two regimes (found ${n})`);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += x[t];
  mean /= n;
  let variance = 0;
  for (let t = 0; t < n; t++) variance += (x[t] - mean) ** 2;
  const sd = Math.sqrt(variance / n);
  // Start: a calm regime at 0.6 sd and a turbulent one at 1.6 sd, each lasting a month on average.
  const mu = [mean, mean];
  const sigma = [0.6 * sd, 1.6 * sd];
  const a = [
    [0.97, 0.03],
    [0.03, 0.97],
  ];
  let pi = [0.5, 0.5];
  const alpha = new Float64Array(2 * n);
  const beta = new Float64Array(2 * n);
  const scale = new Float64Array(n);
  const b = new Float64Array(2 * n);
  let logLikelihood = -Infinity;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    for (let t = 0; t < n; t++) for (let s = 0; s < 2; s++) b[2 * t + s] = Math.max(1e-300, normalDensity(x[t], mu[s], sigma[s]));
    // Forward, scaled so each step's alphas sum to 1.
    for (let s = 0; s < 2; s++) alpha[s] = pi[s] * b[s];
    scale[0] = alpha[0] + alpha[1];
    alpha[0] /= scale[0];
    alpha[1] /= scale[0];
    for (let t = 1; t < n; t++) {
      for (let j = 0; j < 2; j++) alpha[2 * t + j] = (alpha[2 * (t - 1)] * a[0][j] + alpha[2 * (t - 1) + 1] * a[1][j]) * b[2 * t + j];
      scale[t] = alpha[2 * t] + alpha[2 * t + 1];
      alpha[2 * t] /= scale[t];
      alpha[2 * t + 1] /= scale[t];
    }
    let ll = 0;
    for (let t = 0; t < n; t++) ll += Math.log(scale[t]);
    // Backward with the same scales.
    beta[2 * (n - 1)] = 1;
    beta[2 * (n - 1) + 1] = 1;
    for (let t = n - 2; t >= 0; t--) {
      for (let i = 0; i < 2; i++) {
        beta[2 * t + i] = (a[i][0] * b[2 * (t + 1)] * beta[2 * (t + 1)] + a[i][1] * b[2 * (t + 1) + 1] * beta[2 * (t + 1) + 1]) / scale[t + 1];
      }
    }
    // Expected regime occupancies and transitions, then the new parameters.
    const gammaSum = [0, 0];
    const gammaSumButLast = [0, 0];
    const xi = [
      [0, 0],
      [0, 0],
    ];
    const weightedX = [0, 0];
    for (let t = 0; t < n; t++) {
      for (let s = 0; s < 2; s++) {
        const g = alpha[2 * t + s] * beta[2 * t + s];
        gammaSum[s] += g;
        if (t < n - 1) gammaSumButLast[s] += g;
        weightedX[s] += g * x[t];
        if (t === 0) pi[s] = g;
      }
      if (t < n - 1) {
        for (let i = 0; i < 2; i++) {
          for (let j = 0; j < 2; j++) xi[i][j] += (alpha[2 * t + i] * a[i][j] * b[2 * (t + 1) + j] * beta[2 * (t + 1) + j]) / scale[t + 1];
        }
      }
    }
    for (let s = 0; s < 2; s++) mu[s] = weightedX[s] / gammaSum[s];
    const weightedSquares = [0, 0];
    for (let t = 0; t < n; t++) for (let s = 0; s < 2; s++) weightedSquares[s] += alpha[2 * t + s] * beta[2 * t + s] * (x[t] - mu[s]) ** 2;
    for (let s = 0; s < 2; s++) sigma[s] = Math.max(1e-6, Math.sqrt(weightedSquares[s] / gammaSum[s]));
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) a[i][j] = xi[i][j] / gammaSumButLast[i];
    const piSum = pi[0] + pi[1];
    pi = [pi[0] / piSum, pi[1] / piSum];
    if (Math.abs(ll - logLikelihood) < tolerance * Math.abs(ll)) {
      logLikelihood = ll;
      break;
    }
    logLikelihood = ll;
  }
  const calm = sigma[0] <= sigma[1] ? 0 : 1;
  const turbulent = 1 - calm;
  const regime = (s: number): Regime => ({ meanDaily: mu[s], sdDaily: sigma[s], stay: a[s][s] });
  return { calm: regime(calm), turbulent: regime(turbulent), logLikelihood, iterations };
}

/** The long-run share of days in the calm regime. */
export function calmShare(fit: { calm: { stay: number }; turbulent: { stay: number } }): number {
  const toTurbulent = 1 - fit.calm.stay;
  const toCalm = 1 - fit.turbulent.stay;
  return toCalm / (toCalm + toTurbulent);
}

/** Simulates daily log returns from the fit (the first day's regime from the long-run shares). */
export function simulateRegimeReturns(fit: RegimeFit, days: number, seed: string): Float64Array {
  const rng = new RandomStream(seed);
  const out = new Float64Array(days);
  let turbulent = rng.uniform() >= calmShare(fit);
  for (let d = 0; d < days; d++) {
    if (d > 0) {
      const stay = turbulent ? fit.turbulent.stay : fit.calm.stay;
      if (rng.uniform() >= stay) turbulent = !turbulent;
    }
    const r = turbulent ? fit.turbulent : fit.calm;
    out[d] = r.meanDaily + r.sdDaily * rng.normal();
  }
  return out;
}
