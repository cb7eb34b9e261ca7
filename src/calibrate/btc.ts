// Fitting BTC's GBM with Merton jumps to daily log returns, and the statistics that put data and
// model side by side.
import { RandomStream } from "../engine/random";

export interface BtcFit {
  /** Drift of ln P per year, jumps included (the scenario's driftPerYear): mean daily log return x 365. */
  driftPerYear: number;
  /** Diffusion volatility (jumps removed) per square-root year. */
  volatilityPerYear: number;
  jumps: { perYear: number; meanLog: number; sdLog: number };
}

export interface BtcStatistics {
  meanLogReturnPerYear: number;
  volatilityPerYear: number;
  excessKurtosis: number;
  p1DailyLogReturn: number;
  p99DailyLogReturn: number;
  worstDailyLogReturn: number;
}

function quantile(sorted: Float64Array, q: number): number {
  const rank = q * (sorted.length - 1);
  const lo = Math.floor(rank);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (rank - lo);
}

export function btcStatistics(dailyLogReturns: ArrayLike<number>): BtcStatistics {
  const n = dailyLogReturns.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += dailyLogReturns[i] / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = dailyLogReturns[i] - mean;
    m2 += (d * d) / n;
    m4 += (d * d * d * d) / n;
  }
  const sorted = Float64Array.from(dailyLogReturns).sort();
  return {
    meanLogReturnPerYear: mean * 365,
    volatilityPerYear: Math.sqrt(m2 * 365),
    excessKurtosis: m4 / (m2 * m2) - 3,
    p1DailyLogReturn: quantile(sorted, 0.01),
    p99DailyLogReturn: quantile(sorted, 0.99),
    worstDailyLogReturn: sorted[0],
  };
}

/**
 * Returns further than jumpSds robust standard deviations (1.4826 x median absolute deviation)
 * from the median are jumps: their rate, mean and spread give the jump part; the rest give the
 * diffusion volatility. The drift is the mean daily log return x 365, jumps included.
 */
export function fitBtc(dailyLogReturns: ArrayLike<number>, jumpSds = 3): BtcFit {
  const sorted = Float64Array.from(dailyLogReturns).sort();
  const med = quantile(sorted, 0.5);
  const mad = quantile(Float64Array.from(dailyLogReturns, (r) => Math.abs(r - med)).sort(), 0.5) * 1.4826;
  const jumps: number[] = [];
  const normal: number[] = [];
  for (let i = 0; i < dailyLogReturns.length; i++) {
    const r = dailyLogReturns[i];
    (Math.abs(r - med) > jumpSds * mad ? jumps : normal).push(r);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = (xs: number[]) => {
    const m = mean(xs);
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
  };
  const round = (x: number) => Number(x.toPrecision(6));
  const all = Array.from(dailyLogReturns);
  const jumpsPerYear = (jumps.length / dailyLogReturns.length) * 365;
  const jumpMean = jumps.length > 0 ? mean(jumps) : 0;
  return {
    driftPerYear: round(mean(all) * 365),
    volatilityPerYear: round(sd(normal) * Math.sqrt(365)),
    jumps: {
      perYear: round((jumps.length / dailyLogReturns.length) * 365),
      meanLog: round(jumps.length > 0 ? mean(jumps) : 0),
      sdLog: round(jumps.length > 1 ? sd(jumps) : 0),
    },
  };
}

/** Daily log returns of the fitted model (GBM of ln P plus jumps), with a fixed seed. */
export function simulateBtcDailyReturns(fit: BtcFit, days: number, seed: string): Float64Array {
  const rng = new RandomStream(seed);
  const dt = 1 / 365;
  const out = new Float64Array(days);
  // As in the simulation: the diffusion carries what the jumps' mean leaves of the drift.
  const diffusionDrift = fit.driftPerYear - fit.jumps.perYear * fit.jumps.meanLog;
  for (let d = 0; d < days; d++) {
    let r = diffusionDrift * dt + fit.volatilityPerYear * Math.sqrt(dt) * rng.normal();
    if (rng.uniform() < fit.jumps.perYear * dt) r += fit.jumps.meanLog + fit.jumps.sdLog * rng.normal();
    out[d] = r;
  }
  return out;
}

export function btcReportRows(data: BtcStatistics, model: BtcStatistics): [string, number, number, string][] {
  return [
    ["mean_log_return", data.meanLogReturnPerYear, model.meanLogReturnPerYear, "per_year"],
    ["volatility", data.volatilityPerYear, model.volatilityPerYear, "per_sqrt_year"],
    ["excess_kurtosis", data.excessKurtosis, model.excessKurtosis, "daily_log_returns"],
    ["p1_daily_log_return", data.p1DailyLogReturn, model.p1DailyLogReturn, "log_return"],
    ["p99_daily_log_return", data.p99DailyLogReturn, model.p99DailyLogReturn, "log_return"],
    ["worst_daily_log_return", data.worstDailyLogReturn, model.worstDailyLogReturn, "log_return"],
  ];
}
