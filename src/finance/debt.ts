// Project debt: a share of each month's capex is borrowed as its own tranche; interest during the
// grace months is capitalised (interest during construction), then the tranche is repaid as a level
// monthly annuity over the term; whatever is still owed at the horizon is repaid in its last month.
// Plain functions over arrays the caller owns (no allocation per run).

export interface LoanTerms {
  /** Share of capex borrowed, 0-1. */
  debtShare: number;
  ratePerYear: number;
  termMonths: number;
  /** Months after each draw in which interest is added to the loan instead of paid. */
  graceMonths: number;
}

/** Level monthly payment that repays principal over n months at monthly rate r. */
export function annuityPayment(principal: number, r: number, n: number): number {
  if (n <= 0) return principal;
  return r === 0 ? principal / n : (principal * r) / (1 - Math.pow(1 + r, -n));
}

/**
 * The debt schedule of monthly capex: per month, the amount drawn, the interest paid and the principal
 * repaid (the last month includes the balance left at the horizon). Negative capex (sales) draws nothing.
 * Returns the balance repaid at the horizon.
 */
export function loanSchedule(
  capexByMonth: ArrayLike<number>,
  terms: LoanTerms,
  drawn: Float64Array,
  interestPaid: Float64Array,
  principalPaid: Float64Array,
): number {
  const months = capexByMonth.length;
  drawn.fill(0);
  interestPaid.fill(0);
  principalPaid.fill(0);
  const r = terms.ratePerYear / 12;
  let balloon = 0;
  for (let m = 0; m < months; m++) {
    const draw = capexByMonth[m] > 0 ? capexByMonth[m] * terms.debtShare : 0;
    if (draw <= 0) continue;
    drawn[m] += draw;
    let balance = draw;
    // Grace: interest capitalised, nothing paid.
    let t = m + 1;
    for (let g = 0; g < terms.graceMonths && t < months; g++, t++) balance *= 1 + r;
    if (t >= months) {
      balloon += balance;
      continue;
    }
    const payment = annuityPayment(balance, r, terms.termMonths);
    for (let n = 0; n < terms.termMonths && t < months; n++, t++) {
      const interest = balance * r;
      const principal = payment - interest;
      interestPaid[t] += interest;
      principalPaid[t] += principal;
      balance -= principal;
    }
    if (balance > 1e-6) balloon += balance;
  }
  if (months > 0) principalPaid[months - 1] += balloon;
  return balloon;
}
