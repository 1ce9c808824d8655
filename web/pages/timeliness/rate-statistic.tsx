/** A completeness or timeliness rate as a statistic, shared by the Timeliness page and the Overview's card. */
import { Statistic } from 'antd';
import { formatShare } from '../../app/format.ts';
import { rateColor } from './timeliness-rows.ts';

/** A rate as a percentage, coloured by how good it is (grey without data). */
export function RateStatistic({
  title,
  rate,
  fontSize,
  testId,
}: {
  title: string;
  rate: number | null;
  fontSize?: number;
  testId?: string;
}) {
  const color = rateColor(rate);
  return (
    <Statistic
      title={title}
      value={formatShare(rate)}
      styles={{ content: fontSize === undefined ? { color } : { color, fontSize } }}
      data-testid={testId}
    />
  );
}
