/** The reporting period a page reads from its `?period=` parameter, with the periods to choose from. */
import { useMemo } from 'react';
import { formatPeriod } from './format.ts';
import { useI18n } from './i18n-context.tsx';
import { periodChoices, previousMonthId, todayIso } from './period-choices.ts';

/**
 * The period named by `params` (else `fallback`, else the month before today), and the select
 * options of the recent periods with `extra` ones (say, those on the reporter's to-do), the
 * chosen one first when it is not among them.
 */
export function usePeriodParam(
  params: URLSearchParams,
  { fallback, extra = [] }: { fallback?: string; extra?: readonly string[] } = {},
): {
  period: string;
  periodOptions: { value: string; label: string }[];
} {
  const { lang } = useI18n();
  const today = todayIso();
  const recent = useMemo(() => periodChoices(today), [today]);
  const choices = [...extra.filter((p) => !recent.includes(p)), ...recent];
  const period = params.get('period') ?? fallback ?? previousMonthId(today);
  const periodOptions = (choices.includes(period) ? choices : [period, ...choices]).map((p) => ({
    value: p,
    label: formatPeriod(p, lang),
  }));
  return { period, periodOptions };
}
