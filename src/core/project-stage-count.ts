/**
 * Counts of key projects by stage event — 新开工项目 N 个, 竣工项目 N 个 — for a period, so
 * the plan's count targets are assessed from the registry instead of typed a second time.
 *
 * A project counts once, in the period where its event happened: the actual date of the
 * event's node (开工, 竣工验收) when the unit recorded one; otherwise the registry's start or
 * finish (a day, or a month as the office's list writes it), provided the project's stage has
 * reached the event — a planned start of a project still in 前期 is not a start.
 */
import type { MilestoneNode } from './milestone.ts';
import type { Period } from './period.ts';
import { stageTrackOf, type ProjectKind, type ProjectStage } from './project.ts';

/** The stage events counted, each with the node that dates it and the stage it brings. */
export const stageEvents = {
  'new-start': { node: 'start', stage: 'new-start', zh: '新开工项目', en: 'new starts' },
  completion: { node: 'acceptance', stage: 'completed', zh: '竣工项目', en: 'completions' },
} as const satisfies Record<
  string,
  { node: MilestoneNode; stage: ProjectStage; zh: string; en: string }
>;
export type StageEvent = keyof typeof stageEvents;

/** What the rule reads of a project. */
export interface StageCountProject {
  readonly kind: ProjectKind;
  readonly stage: ProjectStage;
  readonly startDate: string | null;
  readonly finishDate: string | null;
  /** Actual dates of its nodes, by node. */
  readonly actualDates: Readonly<Partial<Record<MilestoneNode, string>>>;
}

/** Whether the project's stage is at or past `stage` on its kind's track. */
const hasReached = (p: StageCountProject, stage: ProjectStage): boolean => {
  const track = stageTrackOf(p.kind);
  const at = track.indexOf(p.stage);
  const target = track.indexOf(stage);
  return at >= 0 && target >= 0 && at >= target;
};

/**
 * The date (YYYY-MM-DD, or YYYY-MM when the registry has only the month) on which the project's
 * event happened, or null when it has not happened.
 * @example eventDate({ kind: 'industry', stage: 'construction', startDate: '2025-03', finishDate: null, actualDates: {} }, 'new-start') // '2025-03'
 */
export function eventDate(p: StageCountProject, event: StageEvent): string | null {
  const { node, stage } = stageEvents[event];
  const actual = p.actualDates[node];
  if (actual) return actual;
  if (!hasReached(p, stage)) return null;
  return event === 'new-start' ? p.startDate : p.finishDate;
}

/** Whether a day or a month (YYYY-MM) lies in the period; a month lies in it when it starts in it. */
const dateIn = (date: string, period: Period): boolean => {
  const day = date.length === 7 ? `${date}-01` : date;
  return day >= period.start && day <= period.end;
};

/** How many of the projects had the event within the period. */
export function countStageEvents(
  projects: readonly StageCountProject[],
  event: StageEvent,
  period: Period,
): number {
  let n = 0;
  for (const p of projects) {
    const d = eventDate(p, event);
    if (d !== null && dateIn(d, period)) n += 1;
  }
  return n;
}
