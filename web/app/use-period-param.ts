/** The reporting period a page reads from its `?period=` parameter, with the periods to choose from. */
import { useMemo } from 'react';
import { formatPeriod } from './format.ts';
import { useI18n } from './i18n-context.tsx';
import { periodChoices, previousMonthId, todayIso } from './period-choices.ts';

/**
 * The period named by `params` (the month before today when none is), and the select
 * options of the recent periods, the chosen one first when it is not among them.
 */
export function usePeriodParam(params: URLSearchParams): {
  period: string;
  periodOptions: { value: string; label: string }[];
} {
  const { lang } = useI18n();
  const today = todayIso();
  const choices = useMemo(() => periodChoices(today), [today]);
  const period = params.get('period') ?? previousMonthId(today);
  const periodOptions = (choices.includes(period) ? choices : [period, ...choices]).map((p) => ({
    value: p,
    label: formatPeriod(p, lang),
  }));
  return { period, periodOptions };
}
