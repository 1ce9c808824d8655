/**
 * 督查督办台账: the account of unfinished plan tasks the office hands to the supervision
 * office — every target not yet done whose light is red or yellow, or that has no data past
 * its due, with its lead units, the reason its light gives and what is asked of the unit.
 */
import type { DocumentBlock } from './document-block.ts';
import { describeTargetValue, type DocumentTarget } from './document-target.ts';
import { describeDataThrough, describeLight } from './monthly-bulletin.ts';

export interface SupervisionInput {
  readonly unitName: string;
  readonly year: number;
  readonly dataThrough: string | null;
  readonly dataPartial: boolean;
  readonly targets: readonly DocumentTarget[];
}

/** What the account asks of the lead unit, by how far behind the target is. */
const demands: Record<'red' | 'yellow', string> = {
  red: '限期整改，10个工作日内报送整改措施',
  yellow: '加快推进，下次调度时报告进展',
};

/** A target the account lists: behind (red, yellow); done, on track or not assessed are not. */
export const isUnfinished = (
  t: DocumentTarget,
): t is DocumentTarget & {
  assessment: { light: 'red' | 'yellow' };
} => t.assessment.light === 'red' || t.assessment.light === 'yellow';

/**
 * The account as blocks of an official document: red before yellow, in plan order within each.
 * @example buildSupervisionAccount({ unitName: '沙坪坝区', year: 2025, … })[0].text // '沙坪坝区2025年计划任务督查督办台账'
 */
export function buildSupervisionAccount(input: SupervisionInput): DocumentBlock[] {
  const listed = input.targets.filter(isUnfinished);
  const red = listed.filter((t) => t.assessment.light === 'red');
  const yellow = listed.filter((t) => t.assessment.light === 'yellow');
  // One numbered paragraph an item: on A4 a seven-column table would break every reason.
  const items = [...red, ...yellow].map((t, i) => ({
    kind: 'paragraph' as const,
    text:
      `${i + 1}.${t.nodeTitle}——${t.indicatorName ?? t.metric}${describeTargetValue(t)}` +
      `（牵头单位：${t.leadUnits.join('、') || '未明确'}）：${describeLight(t.assessment.light)}。` +
      `${t.assessment.reason.zh}。督办要求：${demands[t.assessment.light]}。`,
  }));
  return [
    { kind: 'title', text: `${input.unitName}${input.year}年计划任务督查督办台账` },
    { kind: 'subtitle', text: describeDataThrough(input.dataThrough, input.dataPartial) },
    {
      kind: 'paragraph',
      text:
        listed.length === 0
          ? '本期纳入监测的目标均按序时推进，无督办事项。'
          : `本期共有${listed.length}项目标未按序时推进，其中严重滞后${red.length}项、滞后${yellow.length}项，` +
            '请牵头单位按督办要求落实，并在下次调度时报告进展。',
    },
    ...(red.length === 0 ? [] : [{ kind: 'heading1' as const, text: '一、严重滞后事项' }]),
    ...items.slice(0, red.length),
    ...(yellow.length === 0
      ? []
      : [{ kind: 'heading1' as const, text: `${red.length === 0 ? '一' : '二'}、滞后事项` }]),
    ...items.slice(red.length),
  ];
}
