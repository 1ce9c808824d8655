/**
 * 周监测: the week's monitoring workbook — the headline figures and lagging targets as the
 * 月通报 words them, and every report overdue, each sheet stating its 数据截至.
 */
import type { MonthlyBulletin } from '../core/monthly-bulletin.ts';
import { bulletinSheets } from './monthly-bulletin.ts';
import { defineSheet, renderWorkbook } from './workbook.ts';

export interface OverdueRow {
  readonly unitName: string;
  readonly periodId: string;
  readonly dueDate: string;
  readonly daysOverdue: number;
  readonly missing: number;
}

export function renderWeeklyMonitorXlsx(
  bulletin: MonthlyBulletin,
  overdue: readonly OverdueRow[],
): Promise<Buffer> {
  const [headline, lagging] = bulletinSheets(bulletin);
  return renderWorkbook([
    headline,
    lagging,
    defineSheet({
      name: '逾期未报',
      rows: overdue,
      columns: [
        { header: '单位', width: 24, value: (r) => r.unitName },
        { header: '期间', width: 10, value: (r) => r.periodId },
        { header: '应报日期', width: 12, value: (r) => r.dueDate },
        { header: '逾期天数', width: 10, value: (r) => r.daysOverdue },
        { header: '未报指标数', width: 10, value: (r) => r.missing },
        { header: '数据截至', width: 14, value: () => bulletin.dataThrough ?? '' },
      ],
    }),
  ]);
}
