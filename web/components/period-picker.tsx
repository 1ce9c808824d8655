/**
 * A period select one can type into: `2025-10`, `202510`, `2025年10月`, `2025Q3` find the
 * period, and a period typed that is not among the choices is offered all the same.
 */
import { Select } from 'antd';
import { useState } from 'react';
import { periodIdFromText } from '../../src/core/period.ts';
import { formatPeriod } from '../app/format.ts';
import { useI18n } from '../app/i18n-context.tsx';
import { matchesPeriodSearch } from '../app/period-choices.ts';

export function PeriodPicker({
  value,
  options,
  onChange,
  testId,
}: {
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (periodId: string) => void;
  testId?: string;
}) {
  const { t, lang } = useI18n();
  const [typed, setTyped] = useState('');
  const named = periodIdFromText(typed);
  const all =
    named !== null && !options.some((o) => o.value === named)
      ? [{ value: named, label: formatPeriod(named, lang) }, ...options]
      : options;
  return (
    <Select
      value={value}
      onChange={(v: string) => {
        setTyped('');
        onChange(v);
      }}
      showSearch={{
        searchValue: typed,
        onSearch: setTyped,
        filterOption: (text, option) =>
          option !== undefined && matchesPeriodSearch(text, option.value, option.label),
      }}
      placeholder={t('period.typeHint')}
      title={t('period.typeHint')}
      style={{ width: 170 }}
      data-testid={testId}
      options={[...all]}
    />
  );
}
