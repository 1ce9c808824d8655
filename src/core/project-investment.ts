/**
 * A key project's investment: the annual plan split by month, the owner's monthly actuals,
 * and completion against the plan and against 序时进度 — the project's own monthly plan
 * when it has one for every month, else the calendar (expected-progress.ts).
 */
import { buildCumulativeProfile, computeExpectedProgress } from './expected-progress.ts';

/** A month of a project's investment; amounts in yuan. */
export interface InvestmentLine {
  readonly periodId: string;
  readonly planYuan: number | null;
  readonly actualYuan: number | null;
  readonly state: 'draft' | 'submitted' | 'approved' | 'returned';
}

const monthIds = (year: number) =>
  Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`);

/**
 * The annual plan split over the twelve months by weights (even by default), in whole
 * yuan; the last month takes the remainder so that the months add up to the plan.
 * @example splitAnnualPlan(1200, 2025).map((m) => m.planYuan) // [100, 100, …, 100]
 */
export function splitAnnualPlan(
  annualYuan: number,
  year: number,
  weights: readonly number[] = Array.from({ length: 12 }, () => 1),
): { periodId: string; planYuan: number }[] {
  if (weights.length !== 12 || weights.some((w) => !(w >= 0)))
    throw new RangeError('twelve non-negative weights are needed');
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? weights.map((w) => w / sum) : weights.map(() => 1 / 12);
  let given = 0;
  return monthIds(year).map((periodId, i) => {
    const planYuan = i === 11 ? annualYuan - given : Math.round(annualYuan * (shares[i] ?? 0));
    given += planYuan;
    return { periodId, planYuan };
  });
}

export interface InvestmentProgress {
  readonly annualPlanYuan: number | null;
  /** Approved actuals of the months ended by `asOf`. */
  readonly actualYuan: number;
  /** Actuals reported but not yet approved (they do not count). */
  readonly pendingYuan: number;
  readonly shareOfPlan: number | null;
  readonly expectedShare: number;
  /** Share done minus share expected, in percentage points. */
  readonly gapPoints: number | null;
  readonly basis: 'monthly-plan' | 'calendar';
}

/**
 * Completion of a project's year as of a date: approved actuals against the annual plan
 * (the sum of the monthly plan, or the plan given), and against the share expected.
 */
export function computeInvestmentProgress(
  lines: readonly InvestmentLine[],
  year: number,
  asOf: string,
  annualPlanYuan: number | null = null,
): InvestmentProgress {
  const months = monthIds(year);
  const byMonth = new Map(lines.map((l) => [l.periodId, l]));
  const plans = months.map((m) => byMonth.get(m)?.planYuan ?? null);
  const hasMonthlyPlan = plans.every((p) => p !== null);
  const plan =
    annualPlanYuan ?? (hasMonthlyPlan ? plans.reduce<number>((a, p) => a + (p ?? 0), 0) : null);
  const asOfMonth = asOf.replace(/-/g, '').slice(0, 6);
  let actualYuan = 0;
  let pendingYuan = 0;
  for (const line of lines) {
    if (line.actualYuan === null || line.periodId > asOfMonth || !months.includes(line.periodId))
      continue;
    if (line.state === 'approved') actualYuan += line.actualYuan;
    else pendingYuan += line.actualYuan;
  }
  const profile = hasMonthlyPlan
    ? buildCumulativeProfile(months.map((periodId, i) => ({ periodId, value: plans[i] ?? 0 })))
    : null;
  const expectedShare = computeExpectedProgress(asOf, year, profile ?? undefined);
  const shareOfPlan = plan !== null && plan > 0 ? actualYuan / plan : null;
  return {
    annualPlanYuan: plan,
    actualYuan,
    pendingYuan,
    shareOfPlan,
    expectedShare,
    gapPoints: shareOfPlan === null ? null : (shareOfPlan - expectedShare) * 100,
    basis: profile ? 'monthly-plan' : 'calendar',
  };
}
