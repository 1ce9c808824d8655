/**
 * Notices (提醒): what a user is told, and in which words. A notice has a kind, a title
 * and a body in Chinese and English, a link into the cockpit, and a dedupe key so that a
 * daily job does not tell the same thing twice.
 */
import type { Reason } from './attainment.ts';

export const noticeKinds = [
  'due',
  'overdue',
  'escalated',
  'returned',
  'reopened',
  'lagging',
  'instruction',
  'warning',
] as const;
export type NoticeKind = (typeof noticeKinds)[number];

export interface Notice {
  readonly kind: NoticeKind;
  readonly title: Reason;
  readonly body: Reason;
  /** A path of the cockpit (`/entry?unit=…&period=…`). */
  readonly link: string;
  /** Notices with the same key for the same user are one notice. */
  readonly dedupeKey: string;
}

const entryLink = (unitCode: string, periodId: string) =>
  `/entry?unit=${encodeURIComponent(unitCode)}&period=${encodeURIComponent(periodId)}`;

/**
 * A report is overdue: `days` past its due day, with `missing` indicators not yet submitted.
 * @example overdueNotice({ unitCode: '500106001', unitName: '小龙坎街道', periodId: '202510', periodLabel: '2025年10月', days: 3, missing: 4 }).title.zh
 * // '小龙坎街道 2025年10月数据已逾期3天'
 */
export function overdueNotice(input: {
  unitCode: string;
  unitName: string;
  periodId: string;
  periodLabel: string;
  days: number;
  missing: number;
}): Notice {
  return {
    kind: 'overdue',
    title: {
      zh: `${input.unitName} ${input.periodLabel}数据已逾期${input.days}天`,
      en: `${input.unitName}: ${input.periodLabel} is ${input.days} days overdue`,
    },
    body: {
      zh: `尚有${input.missing}项指标未提交，请尽快填报并提交审核。`,
      en: `${input.missing} indicators are not submitted yet; enter and submit them for review.`,
    },
    link: entryLink(input.unitCode, input.periodId),
    dedupeKey: `overdue:${input.unitCode}:${input.periodId}`,
  };
}

/** A report late beyond the escalation threshold, told to the unit's reviewers. */
export function escalatedNotice(input: {
  unitCode: string;
  unitName: string;
  periodId: string;
  periodLabel: string;
  days: number;
}): Notice {
  return {
    kind: 'escalated',
    title: {
      zh: `督办：${input.unitName} ${input.periodLabel}数据逾期${input.days}天未报`,
      en: `Escalated: ${input.unitName} is ${input.days} days late with ${input.periodLabel}`,
    },
    body: {
      zh: `该单位逾期已超过督办时限，请督促其填报。`,
      en: `The unit is late beyond the escalation threshold; please follow it up.`,
    },
    link: entryLink(input.unitCode, input.periodId),
    dedupeKey: `escalated:${input.unitCode}:${input.periodId}`,
  };
}

/** A reviewer returned or reopened a unit's values, with the reason. */
export function reviewNotice(input: {
  kind: 'returned' | 'reopened';
  unitCode: string;
  unitName: string;
  periodId: string;
  periodLabel: string;
  indicatorNames: readonly string[];
  reason: string;
  /** Distinguishes one review act from the next (the audit entry's time). */
  at: string;
}): Notice {
  const what = input.indicatorNames.join('、');
  const verb =
    input.kind === 'returned'
      ? { zh: '被退回', en: 'returned' }
      : { zh: '被重新打开', en: 'reopened' };
  return {
    kind: input.kind,
    title: {
      zh: `${input.unitName} ${input.periodLabel}数据${verb.zh}`,
      en: `${input.unitName}: ${input.periodLabel} ${verb.en}`,
    },
    body: {
      zh: `${what}：${input.reason}。请修改后重新提交。`,
      en: `${what}: ${input.reason}. Correct and submit again.`,
    },
    link: entryLink(input.unitCode, input.periodId),
    dedupeKey: `${input.kind}:${input.unitCode}:${input.periodId}:${input.at}`,
  };
}

/**
 * A warning was raised for the unit, or handed to it with a deadline: its rule, its severity
 * and what was found, as the warnings page says it.
 * @example warningNotice({ warningId: 'w1', ruleName: '失业风险', severity: 'critical', message: { zh: '城镇新增就业同比下降12%', en: 'new urban jobs down 12% y/y' }, step: 'raised' }).title.zh
 * // '【严重】预警：失业风险'
 */
export function warningNotice(input: {
  warningId: string;
  ruleName: string;
  severity: string;
  message: Reason;
  step: 'raised' | 'assigned';
  deadline?: string | null;
}): Notice {
  const level: Record<string, [string, string]> = {
    critical: ['严重', 'critical'],
    warning: ['警示', 'warning'],
    info: ['提示', 'info'],
  };
  const [zh, en] = level[input.severity] ?? [input.severity, input.severity];
  const due = input.deadline
    ? { zh: `，请于${input.deadline}前办理`, en: `; act by ${input.deadline}` }
    : { zh: '', en: '' };
  return {
    kind: 'warning',
    title:
      input.step === 'raised'
        ? { zh: `【${zh}】预警：${input.ruleName}`, en: `[${en}] warning: ${input.ruleName}` }
        : {
            zh: `预警已交办：${input.ruleName}`,
            en: `Warning assigned to your unit: ${input.ruleName}`,
          },
    body: { zh: `${input.message.zh}${due.zh}`, en: `${input.message.en}${due.en}` },
    link: '/warnings',
    dedupeKey: `warning:${input.warningId}:${input.step}`,
  };
}

/**
 * A key project's blocker passed its due date and climbed a level (责任单位 → 牵头部门 →
 * 分管区领导 → 区政府专题会); one notice per blocker and level.
 * @example blockerEscalatedNotice({ blockerId: 'b1', projectCode: 'ZD-001', unitName: '区规划自然资源局', dueDate: '2025-03-10', level: { zh: '牵头部门', en: 'lead department' } }).title.zh
 * // '卡点升级至牵头部门：项目ZD-001'
 */
export function blockerEscalatedNotice(input: {
  blockerId: string;
  projectCode: string;
  unitName: string;
  dueDate: string;
  level: Reason;
}): Notice {
  return {
    kind: 'escalated',
    title: {
      zh: `卡点升级至${input.level.zh}：项目${input.projectCode}`,
      en: `Blocker escalated to the ${input.level.en}: project ${input.projectCode}`,
    },
    body: {
      zh: `${input.unitName}应于${input.dueDate}解决的卡点已超期，现升级至${input.level.zh}督办。`,
      en: `The blocker ${input.unitName} was to solve by ${input.dueDate} is overdue and now followed up by the ${input.level.en}.`,
    },
    link: `/projects/${encodeURIComponent(input.projectCode)}`,
    dedupeKey: `blocker:${input.blockerId}:${input.level.en}`,
  };
}

/**
 * A leader's 批示 on something the unit answers for, told to its reporters and reviewers.
 * @example instructionNotice({ commentId: 'c1', subjectTitle: '地区生产总值增长6%', author: '区政府办', excerpt: '请加快进度', link: '/targets/t1' }).title.zh
 * // '新批示：地区生产总值增长6%'
 */
export function instructionNotice(input: {
  commentId: string;
  subjectTitle: string;
  author: string;
  excerpt: string;
  link: string;
}): Notice {
  const excerpt = input.excerpt.length > 80 ? `${input.excerpt.slice(0, 80)}…` : input.excerpt;
  return {
    kind: 'instruction',
    title: {
      zh: `新批示：${input.subjectTitle}`,
      en: `New instruction (批示): ${input.subjectTitle}`,
    },
    body: {
      zh: `${input.author}批示：“${excerpt}”请及时办理并回复。`,
      en: `${input.author} wrote: “${excerpt}” Please act on it and reply.`,
    },
    link: input.link,
    dedupeKey: `instruction:${input.commentId}`,
  };
}

/**
 * A follow-up item (督办事项) of a dispatch meeting is due within the dekad that starts, or
 * past its deadline; told to the owner unit at the start of each dekad, once per item and state.
 * @example dispatchItemNotice({ itemId: 'i1', decision: '协调供电接入', unitName: '区经济信息委', deadline: '2025-10-20', periodId: '202510D1', status: 'due' }).title.zh
 * // '督办事项本旬到期：协调供电接入'
 */
export function dispatchItemNotice(input: {
  itemId: string;
  decision: string;
  unitName: string;
  deadline: string;
  /** The dekad of the meeting that decided it. */
  periodId: string;
  status: 'due' | 'overdue';
}): Notice {
  const what = input.decision.length > 40 ? `${input.decision.slice(0, 40)}…` : input.decision;
  const isDue = input.status === 'due';
  return {
    kind: input.status,
    title: isDue
      ? { zh: `督办事项本旬到期：${what}`, en: `Follow-up item due this dekad: ${what}` }
      : { zh: `督办事项已逾期：${what}`, en: `Follow-up item overdue: ${what}` },
    body: {
      zh: `${input.unitName}应于${input.deadline}前办结，办结后请在旬调度页标记完成并说明情况。`,
      en: `${input.unitName} is to complete it by ${input.deadline}; mark it done with a note on the dispatch page.`,
    },
    link: `/projects/dispatch?period=${encodeURIComponent(input.periodId)}`,
    dedupeKey: `dispatch:${input.itemId}:${input.status}`,
  };
}
