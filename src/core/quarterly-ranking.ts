/**
 * 季晒比: the quarter's fair rankings of towns and departments as an official document —
 * each table with the method written under it, as generated from its configuration.
 */
import type { DocumentBlock } from './document-block.ts';
import { describeDataThrough } from './monthly-bulletin.ts';
import type { Ranking } from './ranking.ts';
import { formatDecimal } from './wording.ts';

export interface QuarterlyRankingInput {
  readonly unitName: string;
  readonly year: number;
  readonly dataThrough: string | null;
  readonly dataPartial: boolean;
  readonly towns: Ranking;
  readonly departments: Ranking;
}

const chineseQuarter = ['一', '二', '三', '四'];

/** The quarter 数据截至 falls in (a quarter not yet closed is the one before), 1–4; 0 with no data. */
export const quarterOf = (dataThrough: string | null): number =>
  dataThrough === null ? 0 : Math.floor((Number(dataThrough.slice(5, 7)) - 1) / 3) + 1;

const rankingBlocks = (heading: string, ranking: Ranking): DocumentBlock[] => [
  { kind: 'heading1', text: heading },
  ranking.rows.length === 0
    ? { kind: 'paragraph', text: '本期无可排名的单位。' }
    : {
        kind: 'table',
        header: ['名次', '单位', '综合得分'],
        rows: ranking.rows.map((r) => [
          String(r.place),
          r.unitName,
          formatDecimal(r.score, 1, true),
        ]),
      },
  { kind: 'paragraph', text: ranking.methodText },
];

/**
 * The 季晒比 as blocks of an official document.
 * @example buildQuarterlyRanking({ unitName: '沙坪坝区', year: 2025, dataThrough: '2025-09-30', … })[0]
 * // { kind: 'title', text: '沙坪坝区2025年第三季度晒比通报' }
 */
export function buildQuarterlyRanking(input: QuarterlyRankingInput): DocumentBlock[] {
  const quarter = quarterOf(input.dataThrough);
  const span = quarter === 0 ? '' : `第${chineseQuarter[quarter - 1]}季度`;
  const first = input.towns.rows[0];
  return [
    { kind: 'title', text: `${input.unitName}${input.year}年${span}晒比通报` },
    { kind: 'subtitle', text: describeDataThrough(input.dataThrough, input.dataPartial) },
    {
      kind: 'paragraph',
      text:
        `本期对${input.towns.rows.length + input.towns.excluded.length}个镇街、` +
        `${input.departments.rows.length + input.departments.excluded.length}个部门开展晒比，` +
        `各单位均与自身比较，方法附于各表之后。` +
        (first ? `镇街综合得分第一名为${first.unitName}。` : ''),
    },
    ...rankingBlocks('一、镇街晒比', input.towns),
    ...rankingBlocks('二、部门晒比', input.departments),
  ];
}
