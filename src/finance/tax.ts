// Corporate income tax with depreciation and loss carry-forward, on tax years of 12 months from the
// start month. Plain functions over arrays the caller owns (no allocation per run).

/**
 * MACRS percentages (IRS Publication 946, Table A-1: general depreciation system, half-year
 * convention) for 5-, 7- and 15-year property, as shares of the basis per tax year from placement.
 */
export const MACRS_RATES: Record<"macrs5" | "macrs7" | "macrs15", readonly number[]> = {
  macrs5: [0.2, 0.32, 0.192, 0.1152, 0.1152, 0.0576],
  macrs7: [0.1429, 0.2449, 0.1749, 0.1249, 0.0893, 0.0892, 0.0893, 0.0446],
  macrs15: [0.05, 0.095, 0.0855, 0.077, 0.0693, 0.0623, 0.059, 0.059, 0.0591, 0.059, 0.0591, 0.059, 0.0591, 0.059, 0.0591, 0.0295],
};

/** Depreciation shares per tax year from placement: a MACRS table, or straight line over N years with a half year at each end. */
export function depreciationRates(method: "macrs5" | "macrs7" | "macrs15" | "straight-line", years = 0): number[] {
  if (method !== "straight-line") return [...MACRS_RATES[method]];
  if (!(years > 0)) throw new Error("straight-line depreciation needs years > 0");
  const n = Math.ceil(years);
  const rates = new Array(n + 1).fill(1 / years);
  rates[0] = 0.5 / years;
  rates[n] = 1 - rates.slice(0, n).reduce((a, b) => a + b, 0);
  return rates;
}

export interface TaxRules {
  /** Combined income tax rate (federal + state), 0-1. */
  rate: number;
  /** Share of a year's taxable income that carried-forward losses may offset (0.8 in US federal law since 2018). */
  lossOffsetLimit: number;
  /** Share of each depreciation class's capex expensed in the year it is spent (bonus depreciation). */
  bonusFraction: readonly number[];
  /** Per depreciation class, the share of its basis deducted in each tax year from placement. */
  rates: readonly (readonly number[])[];
}

/**
 * Taxes by tax year. Taxable income of year y = pre-tax income (EBITDA less interest) - depreciation;
 * at the last year the terminal value is a sale: its excess over the remaining tax basis is a gain.
 * Losses carry forward without end and offset at most lossOffsetLimit of a later year's income.
 * capexByClassYear[k * years + y] is class k's capex spent in year y. Writes taxByYear and
 * depreciationByYear; returns the total tax.
 */
export function taxesByYear(
  incomeByYear: ArrayLike<number>,
  capexByClassYear: ArrayLike<number>,
  terminalValueUsd: number,
  rules: TaxRules,
  taxByYear: Float64Array,
  depreciationByYear: Float64Array,
): number {
  const years = incomeByYear.length;
  const classes = rules.rates.length;
  depreciationByYear.fill(0);
  let remainingBasis = 0;
  for (let k = 0; k < classes; k++) {
    const rates = rules.rates[k];
    const bonus = rules.bonusFraction[k];
    for (let y = 0; y < years; y++) {
      const capex = capexByClassYear[k * years + y];
      if (capex === 0) continue;
      depreciationByYear[y] += capex * bonus;
      const basis = capex * (1 - bonus);
      let taken = 0;
      for (let a = 0; a < rates.length && y + a < years; a++) {
        depreciationByYear[y + a] += basis * rates[a];
        taken += basis * rates[a];
      }
      remainingBasis += basis - taken;
    }
  }
  let losses = 0;
  let total = 0;
  for (let y = 0; y < years; y++) {
    let taxable = incomeByYear[y] - depreciationByYear[y];
    if (y === years - 1) taxable += terminalValueUsd - remainingBasis;
    if (taxable <= 0) {
      losses -= taxable;
      taxByYear[y] = 0;
      continue;
    }
    const offset = Math.min(losses, rules.lossOffsetLimit * taxable);
    losses -= offset;
    taxByYear[y] = rules.rate * (taxable - offset);
    total += taxByYear[y];
  }
  return total;
}
