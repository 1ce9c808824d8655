/**
 * The year-end 计划执行情况 report draft, built in the structure of the seed report's part 一:
 * an opening, "——" summary lines, "重点抓了以下N个方面工作：", then one paragraph per group
 * with "一是…二是…" per task, and every target with its result and whether it was met, worded
 * as the original words them ("城镇新增就业3.3万人", "GDP全年增长6.5%"). Figures come from
 * the assessments the plan tree carries; nothing here recomputes a light.
 */
import type { DocumentBlock } from './document-block.ts';
import type { Light } from './light-thresholds.ts';
import type { DocumentTarget } from './document-target.ts';
import { describeActual, describeTargetValue } from './document-target.ts';
import { parsePeriod } from './period.ts';
import { describeLight } from './monthly-bulletin.ts';
import {
  chineseNumeral,
  cumulativeSpan,
  describeDate,
  describeGapToExpected,
  formatShare,
} from './wording.ts';

export interface ReportTask {
  readonly title: string;
  readonly targets: readonly DocumentTarget[];
}

export interface ReportGroup {
  readonly title: string;
  /** Targets written on the group's own paragraph, then its tasks. */
  readonly targets: readonly DocumentTarget[];
  readonly tasks: readonly ReportTask[];
}

export interface ExecutionReportInput {
  readonly unitName: string;
  readonly year: number;
  readonly dataThrough: string | null;
  readonly dataPartial: boolean;
  readonly groups: readonly ReportGroup[];
}

const stripEnd = (text: string) => text.replace(/[。；，\s]+$/u, '');

/** Whether the data runs to the end of the plan year. */
const isYearClosed = (input: ExecutionReportInput) =>
  input.dataThrough !== null && input.dataThrough >= `${input.year}-12-31`;

/**
 * The sentence for one target in part 一: its result and whether it was met, in words only
 * — no goal, share or count figures, so that a reader (Lantu's own importer among them)
 * finds in part 一 exactly the results. Goals and progress go to the table of part 二.
 * @example describeTargetResult(employment, true) // '城镇新增就业3.3万人，完成年度目标'
 */
export function describeTargetResult(t: DocumentTarget, yearClosed: boolean): string {
  const a = t.assessment;
  const metric = t.metric || t.indicatorName || '该项目标';
  if (a.actual === null || a.asOfPeriodId === null) {
    switch (a.standing) {
      case 'annual-pending':
        return `${metric}全年数据待统计后补充`;
      case 'milestone':
        return `${metric}节点完成情况以牵头单位报送为准，待补充`;
      case 'unlinked':
        return `${metric}尚未关联统计指标，完成情况待补充`;
      default:
        return `${metric}暂无已审核数据，完成情况待补充`;
    }
  }
  const period = parsePeriod(a.asOfPeriodId);
  const value = `${metric}${describeActual(t.measure, a.actual, t.comparedUnit)}`;
  const result = period.type === 'year' ? value : `${cumulativeSpan(period).zh}，${value}`;
  if (a.light === 'done') return `${result}，完成年度目标`;
  if (yearClosed || period.type === 'year') return `${result}，未完成年度目标`;
  const pace: Record<Light, string> = {
    green: '进度正常',
    yellow: '进度滞后',
    red: '进度严重滞后',
    done: '完成年度目标',
    none: '进度待评估',
  };
  return `${result}，${pace[a.light]}`;
}

/** One row of part 二's table: the target, its goal, result and progress in figures. */
function toProgressRow(t: DocumentTarget): string[] {
  const a = t.assessment;
  const period = a.asOfPeriodId === null ? null : parsePeriod(a.asOfPeriodId);
  return [
    t.metric || t.indicatorName || '—',
    describeTargetValue(t),
    period === null ? '—' : period.type === 'year' ? '全年' : cumulativeSpan(period).zh,
    a.actual === null ? '—' : describeActual(t.measure, a.actual, t.comparedUnit),
    a.shareOfTarget === null || t.measure === 'growth' ? '—' : formatShare(a.shareOfTarget),
    a.expectedShare === null ? '—' : formatShare(a.expectedShare),
    a.gapPoints !== null && a.expectedShare !== null
      ? describeGapToExpected(a.gapPoints)
      : describeLight(a.light),
  ];
}

/** Builds the report draft as document blocks. */
export function buildExecutionReport(input: ExecutionReportInput): DocumentBlock[] {
  const yearClosed = isYearClosed(input);
  const all = input.groups.flatMap((g) => [...g.targets, ...g.tasks.flatMap((t) => t.targets)]);
  const done = all.filter((t) => t.assessment.light === 'done').length;
  const measured = all.filter((t) => t.assessment.actual !== null).length;
  const lagging = all.filter(
    (t) => t.assessment.light === 'red' || t.assessment.light === 'yellow',
  ).length;
  const through =
    input.dataThrough === null
      ? '尚无已审核数据'
      : `数据截至${describeDate(input.dataThrough)}${input.dataPartial ? '，部分汇总数据未审核完毕' : ''}`;
  const blocks: DocumentBlock[] = [
    {
      kind: 'title',
      text: `关于${input.unitName}${input.year}年国民经济和社会发展计划执行情况的报告`,
    },
    { kind: 'subtitle', text: `（草稿，${through}）` },
    { kind: 'paragraph', text: '各位代表：' },
    {
      kind: 'paragraph',
      text: `受区人民政府委托，现将${input.year}年国民经济和社会发展计划执行情况报告如下，请予审议。`,
    },
    { kind: 'heading1', text: `一、${input.year}年国民经济和社会发展计划执行情况` },
    {
      kind: 'paragraph',
      text:
        `${input.year}年，全区上下在区委、区政府的坚强领导下，在区人大、区政协的监督支持下，` +
        `认真落实年度计划确定的各项目标任务，经济社会发展各项事业取得新进展。`,
    },
    {
      kind: 'paragraph',
      text: `重点抓了以下${chineseNumeral(input.groups.length)}个方面工作：`,
    },
  ];
  input.groups.forEach((group, i) => {
    const own = group.targets.map((t) => `${describeTargetResult(t, yearClosed)}。`).join('');
    const tasks = group.tasks
      .filter((task) => task.targets.length > 0)
      .map(
        (task, j) =>
          `${chineseNumeral(j + 1)}是${stripEnd(task.title)}。` +
          task.targets.map((t) => `${describeTargetResult(t, yearClosed)}。`).join(''),
      )
      .join('');
    const body = own + tasks || '各项工作有序推进，完成情况待补充。';
    blocks.push({
      kind: 'paragraph',
      text: `(${chineseNumeral(i + 1)})${stripEnd(group.title)}。${body}`,
    });
  });
  blocks.push(
    { kind: 'heading1', text: `二、${input.year}年计划目标及序时进度` },
    {
      kind: 'paragraph',
      text:
        `计划确定的${all.length}项目标中，已有数据的${measured}项，` +
        `已完成${done}项，进度滞后${lagging}项，其余${all.length - measured}项待补充。`,
    },
    {
      kind: 'table',
      header: ['目标', '年度目标', '累计期', '完成', '完成目标', '序时进度', '进度'],
      rows: all.map(toProgressRow),
    },
  );
  return blocks;
}
