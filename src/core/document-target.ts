/**
 * A target as the generated documents see it: its wording, and the assessment the plan tree
 * carries (assessment-service.ts). Documents word these figures; they never recompute a light.
 */
import { yearOnYearChange } from './year-on-year.ts';
import type { Light } from './light-thresholds.ts';
import { describeChange, formatQuantity } from './wording.ts';

export interface DocumentTarget {
  readonly nodeKey: string;
  /** The numbered task or group the target belongs to, e.g. "26.大力推动缓堵促畅". */
  readonly nodeTitle: string;
  readonly leadUnits: readonly string[];
  readonly metric: string;
  readonly comparator: string;
  readonly value: number | null;
  readonly unit: string;
  readonly measure: string;
  readonly isAspirational: boolean;
  readonly indicatorName: string | null;
  /** The unit the assessment's actual is in (the indicator's). */
  readonly comparedUnit: string;
  readonly assessment: {
    readonly light: Light;
    readonly actual: number | null;
    readonly shareOfTarget: number | null;
    readonly expectedShare: number | null;
    readonly gapPoints: number | null;
    readonly reason: { readonly zh: string };
    readonly asOfPeriodId: string | null;
    readonly standing?: string;
    readonly forecast: { readonly value: number; readonly willMeet: boolean } | null;
  };
  /** Last year's counted value over the same span, for 同比 of amounts; null when not known. */
  readonly lastYearSameSpan?: number | null;
}

const comparatorWords: Record<string, string> = {
  '>=': '以上',
  '>': '以上',
  '<=': '以内',
  '<': '以内',
  '~': '左右',
};

/**
 * The target as a plan writes it: "3万人以上", "增长6%左右", "310天以上".
 * @example describeTargetValue({ measure: 'flow', value: 3, unit: '万人', comparator: '>=' }) // '3万人以上'
 */
export function describeTargetValue(
  t: Pick<DocumentTarget, 'measure' | 'value' | 'unit' | 'comparator' | 'isAspirational'>,
): string {
  if (t.value === null) return '—';
  const suffix = comparatorWords[t.comparator] ?? '';
  const prefix = t.isAspirational ? '力争' : '';
  if (t.measure === 'growth') return `${prefix}增长${t.value}%${suffix}`;
  return `${prefix}${formatQuantity(t.value, t.unit)}${suffix}`;
}

/**
 * The actual as a report writes it: a growth as 增长/下降 x%, an amount in its unit.
 * @example describeActual({ measure: 'growth', actual: 6.5 }) // '增长6.5%'
 */
export function describeActual(measure: string, actual: number, unit: string): string {
  return measure === 'growth' ? describeChange(actual) : formatQuantity(actual, unit);
}

/** 同比 in percent: the growth itself for a growth target, else against last year's same span. */
export function yearOnYearPercent(t: DocumentTarget): number | null {
  const { actual } = t.assessment;
  if (actual === null) return null;
  if (t.measure === 'growth') return actual;
  return yearOnYearChange(actual, t.lastYearSameSpan);
}

/** Whether a target is lagging (yellow) or off track (red), by the light it carries. */
export const isLagging = (t: DocumentTarget): boolean =>
  t.assessment.light === 'red' || t.assessment.light === 'yellow';
