/**
 * 旬调度 (the dispatch of key projects every dekad): which projects, milestones and blockers
 * the dekad's list puts before the meeting, and where each decision of the meeting stands —
 * a follow-up item (督办事项) open, done or past its deadline, or a blocker on a project.
 */
import { isBlockerActive, type BlockerState, type EscalationLevel } from './blocker.ts';
import { DomainError } from './domain-error.ts';
import { computeSlipDays, type MilestoneDates } from './milestone.ts';
import { parsePeriod, periodOf, previousPeriod, type Period } from './period.ts';

/**
 * A project is behind plan when its investment completion is more than this many points below
 * 序时: the flow light's yellow band (DESIGN.md §4), so the list holds what shows red.
 */
export const defaultDispatchGapPoints = 10;

/**
 * The dekad a dispatch list is for; any other period id is refused.
 * @example dispatchDekad('202510D2').start // '2025-10-11'
 */
export function dispatchDekad(periodId: string): Period {
  const period = parsePeriod(periodId);
  if (period.type !== 'dekad')
    throw new DomainError(
      'INVALID_PERIOD',
      `旬调度按旬进行，“${periodId}”不是旬（应如 202510D2）`,
      `dispatch is per dekad; ${periodId} is not one (e.g. 202510D2)`,
    );
  return period;
}

/**
 * The day a dekad's list is drawn up as of: today while the dekad runs or lies ahead, its
 * last day once it is over — a past dekad's list shows what was late by then.
 * @example dispatchAsOf(parsePeriod('202509D3'), '2025-10-15') // '2025-09-30'
 */
export const dispatchAsOf = (dekad: Period, today: string): string =>
  today < dekad.end ? today : dekad.end;

/**
 * Whether a project's investment completion lies more than `gapPoints` below 序时; a project
 * without an annual plan (no gap) is not judged.
 * @example isBehindPlan({ gapPoints: -12.5 }, 10) // true
 */
export const isBehindPlan = (progress: { gapPoints: number | null }, gapPoints: number): boolean =>
  progress.gapPoints !== null && progress.gapPoints < -gapPoints;

export type MilestoneSlipReason = 'done-late' | 'forecast-late' | 'past-due';

/**
 * Why a milestone is slipping as of a day, or null when it is not: done later than its
 * baseline (listed while the completion is recent — on or after `recentFrom`, so a late node
 * is reported at the next meetings, not forever), forecast later than its baseline, or its
 * planned date (else baseline) passed without an actual date.
 * @example milestoneSlip({ baselineDate: '2025-06-30', plannedDate: '2025-06-30', forecastDate: '2025-07-20', actualDate: null }, '2025-05-01', '2025-04-21') // { reason: 'forecast-late', slipDays: 20 }
 */
export function milestoneSlip(
  m: MilestoneDates,
  asOf: string,
  recentFrom: string,
): { reason: MilestoneSlipReason; slipDays: number } | null {
  const slipDays = computeSlipDays(m, asOf) ?? 0;
  if (m.actualDate !== null) {
    if (m.baselineDate === null || m.actualDate <= m.baselineDate) return null;
    return m.actualDate >= recentFrom && m.actualDate <= asOf
      ? { reason: 'done-late', slipDays }
      : null;
  }
  const due = m.plannedDate ?? m.baselineDate;
  if (due !== null && due < asOf) return { reason: 'past-due', slipDays };
  if (m.baselineDate !== null && m.forecastDate !== null && m.forecastDate > m.baselineDate)
    return { reason: 'forecast-late', slipDays };
  return null;
}

/**
 * The day from which a late completion still counts as news: the start of the dekad before
 * the one dispatched (a node done late shows at the meeting after it and the one after that).
 */
export const recentFromOf = (dekad: Period): string => previousPeriod(dekad).start;

/**
 * Whether an active blocker goes before the meeting, and why: past its due date, or already
 * climbed above the unit that must solve it; null for a blocker that is neither, or no longer
 * active.
 * @example blockerDispatch({ state: 'open', level: 'unit', dueDate: '2025-10-10' }, '2025-10-11') // { overdue: true, escalated: false }
 */
export function blockerDispatch(
  b: { state: BlockerState; level: EscalationLevel; dueDate: string },
  asOf: string,
): { overdue: boolean; escalated: boolean } | null {
  if (!isBlockerActive(b.state)) return null;
  const overdue = b.dueDate < asOf;
  const escalated = b.level !== 'unit';
  return overdue || escalated ? { overdue, escalated } : null;
}

/** A decision of the meeting: a follow-up item (督办事项) or a blocker raised on a project. */
export const decisionKinds = ['follow-up', 'blocker'] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export const followUpStates = ['open', 'done'] as const;
export type FollowUpState = (typeof followUpStates)[number];

/** Where a decision stands: open, done, or open past its deadline. */
export type DecisionStatus = 'open' | 'overdue' | 'done';

/**
 * A decision's status as of a day. A follow-up is done when its owner marks it so; a blocker
 * decision is done once the blocker is closed out (销号), as the blocker's own rules decide.
 * @example decisionStatus({ kind: 'follow-up', state: 'open', deadline: '2025-10-20' }, null, '2025-10-21') // 'overdue'
 */
export function decisionStatus(
  item: { kind: DecisionKind; state: FollowUpState; deadline: string },
  blockerState: BlockerState | null,
  asOf: string,
): DecisionStatus {
  const isDone = item.kind === 'blocker' ? blockerState === 'closed' : item.state === 'done';
  if (isDone) return 'done';
  return item.deadline < asOf ? 'overdue' : 'open';
}

/**
 * What the owner of an open follow-up is told at the start of a dekad: `overdue` once the
 * deadline has passed, `due` when it falls within the dekad that starts, else nothing yet.
 * @example followUpNotice({ state: 'open', deadline: '2025-10-18' }, '2025-10-11') // 'due'
 */
export function followUpNotice(
  item: { state: FollowUpState; deadline: string },
  today: string,
): 'due' | 'overdue' | null {
  if (item.state !== 'open') return null;
  if (item.deadline < today) return 'overdue';
  return item.deadline <= periodOf('dekad', today).end ? 'due' : null;
}
