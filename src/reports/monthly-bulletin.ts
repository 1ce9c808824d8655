/** The 月通报 rendered: an official .docx and an .xlsx of the same figures. */
import type { MonthlyBulletin } from '../core/monthly-bulletin.ts';
import { describeLight } from '../core/monthly-bulletin.ts';
import { renderOfficialDocx, type OfficialBlock, type OfficialFonts } from './official-docx.ts';
import { defineSheet, renderWorkbook } from './workbook.ts';

const headlineHeader = ['指标', '目标', '累计期', '累计', '同比', '完成目标', '序时进度', '进度'];
const laggingHeader = ['指标', '任务', '牵头单位', '状态', '原因'];
const timelinessHeader = ['单位', '应报', '完整率', '及时率'];

/** The bulletin as blocks of an official document. */
export function toBulletinBlocks(bulletin: MonthlyBulletin): OfficialBlock[] {
  return [
    { kind: 'title', text: bulletin.title },
    { kind: 'subtitle', text: bulletin.dataThroughText },
    { kind: 'paragraph', text: bulletin.summary },
    { kind: 'heading1', text: '一、主要指标完成情况' },
    {
      kind: 'table',
      header: headlineHeader,
      rows: bulletin.headline.map((r) => [
        r.metric,
        r.target,
        r.span,
        r.cumulative,
        r.yearOnYear,
        r.shareOfTarget,
        r.expected,
        r.progress,
      ]),
    },
    { kind: 'heading1', text: '二、进度滞后的目标' },
    ...(bulletin.lagging.length === 0
      ? [{ kind: 'paragraph' as const, text: '本期无进度滞后的目标。' }]
      : bulletin.lagging.map((r, i) => ({
          kind: 'paragraph' as const,
          text: `${i + 1}.${r.metric}（${r.task}，牵头单位：${r.leadUnits}）：${describeLight(r.light)}。${r.reason}。`,
        }))),
    { kind: 'heading1', text: '三、数据报送情况' },
    { kind: 'paragraph', text: bulletin.timelinessSummary },
    {
      kind: 'table',
      header: timelinessHeader,
      rows: bulletin.timeliness.map((r) => [
        r.unitName,
        String(r.due),
        r.completeness,
        r.timeliness,
      ]),
    },
    ...(bulletin.ranking
      ? [
          { kind: 'heading1' as const, text: '四、镇街晒比' },
          {
            kind: 'table' as const,
            header: ['名次', '单位', '综合得分'],
            rows: bulletin.ranking.rows.map((r) => [String(r.place), r.unitName, r.score]),
          },
          { kind: 'paragraph' as const, text: bulletin.ranking.methodText },
        ]
      : []),
  ];
}

export const renderBulletinDocx = (bulletin: MonthlyBulletin, fonts?: OfficialFonts) =>
  renderOfficialDocx(toBulletinBlocks(bulletin), {
    title: bulletin.title,
    ...(fonts ? { fonts } : {}),
  });

/** The bulletin's tables as a workbook, with 数据截至 on every sheet name's first row. */
export function renderBulletinXlsx(bulletin: MonthlyBulletin): Promise<Buffer> {
  return renderWorkbook(bulletinSheets(bulletin));
}

/** The bulletin's sheets: headline figures, lagging targets, reporting (the 周监测 shares the first two). */
export function bulletinSheets(bulletin: MonthlyBulletin) {
  return [
    defineSheet({
      name: '主要指标',
      rows: bulletin.headline,
      columns: [
        { header: '指标', width: 28, value: (r) => r.metric },
        { header: '目标', width: 16, value: (r) => r.target },
        { header: '累计期', width: 12, value: (r) => r.span },
        { header: '累计', width: 16, value: (r) => r.cumulative },
        { header: '同比', width: 12, value: (r) => r.yearOnYear },
        { header: '完成目标', width: 10, value: (r) => r.shareOfTarget },
        { header: '序时进度', width: 10, value: (r) => r.expected },
        { header: '进度', width: 24, value: (r) => r.progress },
        { header: '数据截至', width: 14, value: () => bulletin.dataThrough ?? '' },
      ],
    }),
    defineSheet({
      name: '滞后目标',
      rows: bulletin.lagging,
      columns: [
        { header: laggingHeader[0] ?? '', width: 28, value: (r) => r.metric },
        { header: laggingHeader[1] ?? '', width: 30, value: (r) => r.task },
        { header: laggingHeader[2] ?? '', width: 20, value: (r) => r.leadUnits },
        { header: laggingHeader[3] ?? '', width: 10, value: (r) => describeLight(r.light) },
        { header: laggingHeader[4] ?? '', width: 60, value: (r) => r.reason },
      ],
    }),
    defineSheet({
      name: '报送情况',
      rows: bulletin.timeliness,
      columns: [
        { header: '单位', width: 24, value: (r) => r.unitName },
        { header: '应报', width: 8, value: (r) => r.due },
        { header: '完整率', width: 10, value: (r) => r.completeness },
        { header: '及时率', width: 10, value: (r) => r.timeliness },
      ],
    }),
  ] as const;
}
