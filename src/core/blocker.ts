/**
 * Blockers (卡点、堵点、难点) on key projects: types, states with 销号, and escalation —
 * a blocker past its due date climbs 责任单位 → 牵头部门 → 分管区领导 → 区政府专题会.
 */
import { daysBetween } from './period.ts';

export const blockerTypes = [
  'land',
  'funds',
  'approvals',
  'demolition',
  'construction-environment',
  'other',
] as const;
export type BlockerType = (typeof blockerTypes)[number];

export const blockerTypeLabels: Readonly<Record<BlockerType, { zh: string; en: string }>> = {
  land: { zh: '用地', en: 'land' },
  funds: { zh: '资金', en: 'funds' },
  approvals: { zh: '手续', en: 'approvals' },
  demolition: { zh: '征拆', en: 'demolition' },
  'construction-environment': { zh: '施工环境', en: 'construction environment' },
  other: { zh: '其他', en: 'other' },
};

/** open → in progress → 待销号 (resolved, with evidence) → 销号 (closed); or reopened. */
export const blockerStates = ['open', 'in-progress', 'resolved', 'closed', 'reopened'] as const;
export type BlockerState = (typeof blockerStates)[number];

export const blockerStateLabels: Readonly<Record<BlockerState, { zh: string; en: string }>> = {
  open: { zh: '待办', en: 'open' },
  'in-progress': { zh: '办理中', en: 'in progress' },
  resolved: { zh: '待销号', en: 'resolved, awaiting close-out' },
  closed: { zh: '已销号', en: 'closed out' },
  reopened: { zh: '重新打开', en: 'reopened' },
};

const transitions: Readonly<Record<BlockerState, readonly BlockerState[]>> = {
  open: ['in-progress', 'resolved'],
  'in-progress': ['resolved'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['in-progress', 'resolved'],
};

/** Whether a blocker may move from one state to another. */
export const canTransitionBlocker = (from: BlockerState, to: BlockerState): boolean =>
  transitions[from].includes(to);

/** 责任单位 → 牵头部门 → 分管区领导 → 区政府专题会. */
export const escalationLevels = ['unit', 'lead-department', 'leader', 'meeting'] as const;
export type EscalationLevel = (typeof escalationLevels)[number];

export const escalationLevelLabels: Readonly<Record<EscalationLevel, { zh: string; en: string }>> =
  {
    unit: { zh: '责任单位', en: 'responsible unit' },
    'lead-department': { zh: '牵头部门', en: 'lead department' },
    leader: { zh: '分管区领导', en: 'district leader in charge' },
    meeting: { zh: '区政府专题会', en: 'district government meeting' },
  };

/** Whether a blocker still needs solving (it can be overdue and climb). */
export const isBlockerActive = (state: BlockerState): boolean =>
  state === 'open' || state === 'in-progress' || state === 'reopened';

/**
 * The level a blocker should stand at on a day: its own until the due date passes, then one
 * level up, and one more for every further `stepDays` days overdue, up to 区政府专题会. A
 * blocker never climbs down, and a resolved or closed one stays where it is.
 * @example escalationLevelOn({ state: 'open', level: 'unit', dueDate: '2025-03-10' }, '2025-03-11', 10) // 'lead-department'
 */
export function escalationLevelOn(
  blocker: { state: BlockerState; level: EscalationLevel; dueDate: string },
  today: string,
  stepDays: number,
): EscalationLevel {
  if (!isBlockerActive(blocker.state) || today <= blocker.dueDate) return blocker.level;
  const overdue = daysBetween(blocker.dueDate, today);
  const steps = 1 + Math.floor((overdue - 1) / stepDays);
  const current = escalationLevels.indexOf(blocker.level);
  const target = Math.min(escalationLevels.length - 1, steps);
  return escalationLevels[Math.max(current, target)] ?? blocker.level;
}

/** Days from raising to closing, or to today while the blocker is not closed. */
export const blockerAgeDays = (raisedOn: string, closedOn: string | null, today: string): number =>
  daysBetween(raisedOn, closedOn ?? today);

/**
 * The share of a unit's closed blockers closed by their due date (null: none closed yet).
 * @example onTimeClosureRate([{ dueDate: '2025-03-10', closedOn: '2025-03-09' }, { dueDate: '2025-03-10', closedOn: '2025-03-12' }]) // 0.5
 */
export function onTimeClosureRate(
  blockers: readonly { dueDate: string; closedOn: string | null }[],
): number | null {
  const closed = blockers.filter((b) => b.closedOn !== null);
  if (closed.length === 0) return null;
  return closed.filter((b) => (b.closedOn ?? '') <= b.dueDate).length / closed.length;
}
