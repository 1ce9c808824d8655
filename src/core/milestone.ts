/**
 * A key project's node plan (节点计划): the standard milestones, planned / forecast / actual
 * dates against an approved baseline, slip in days and the milestone light (DESIGN.md §4:
 * done, or on schedule → green; late by less than 30 days → yellow; later, or past due → red).
 */
import { daysBetween } from './period.ts';

/** 立项, 用地, 规划许可, 施工许可, 开工, 主体完工, 竣工验收, 投产. */
export const standardMilestones = [
  'approval',
  'land',
  'planning-permit',
  'construction-permit',
  'start',
  'topping-out',
  'acceptance',
  'operation',
] as const;
export type MilestoneNode = (typeof standardMilestones)[number];

export const milestoneLabels: Readonly<Record<MilestoneNode, { zh: string; en: string }>> = {
  approval: { zh: '立项', en: 'project approval' },
  land: { zh: '用地', en: 'land' },
  'planning-permit': { zh: '规划许可', en: 'planning permit' },
  'construction-permit': { zh: '施工许可', en: 'construction permit' },
  start: { zh: '开工', en: 'start of works' },
  'topping-out': { zh: '主体完工', en: 'main structure done' },
  acceptance: { zh: '竣工验收', en: 'completion acceptance' },
  operation: { zh: '投产', en: 'in operation' },
};

export interface MilestoneDates {
  readonly plannedDate: string | null;
  readonly forecastDate: string | null;
  readonly actualDate: string | null;
  /** The approved baseline; later edits of the plan do not move it. */
  readonly baselineDate: string | null;
}

/**
 * Days the milestone slips against its baseline (else its plan): the actual date when done,
 * else the forecast, else — once the date has passed undone — today. Negative when early.
 * @example computeSlipDays({ baselineDate: '2025-06-30', forecastDate: '2025-07-20', plannedDate: null, actualDate: null }, '2025-05-01') // 20
 */
export function computeSlipDays(m: MilestoneDates, today: string): number | null {
  const reference = m.baselineDate ?? m.plannedDate;
  if (reference === null) return null;
  if (m.actualDate !== null) return daysBetween(reference, m.actualDate);
  const expected = m.forecastDate ?? m.plannedDate ?? reference;
  const late = today > expected ? today : expected;
  return daysBetween(reference, late);
}

export type MilestoneLight = 'done' | 'green' | 'yellow' | 'red' | 'none';

/** The milestone's light on a day, with the slip that decided it. */
export function computeMilestoneLight(
  m: MilestoneDates,
  today: string,
  redAfterDays = 30,
): { light: MilestoneLight; slipDays: number | null } {
  const slipDays = computeSlipDays(m, today);
  if (m.actualDate !== null) return { light: 'done', slipDays };
  if (slipDays === null) return { light: 'none', slipDays };
  const reference = m.baselineDate ?? m.plannedDate ?? '';
  if (slipDays <= 0) return { light: 'green', slipDays };
  // Past its baseline date undone, or forecast to slip a month or more.
  if (today > reference || slipDays >= redAfterDays) return { light: 'red', slipDays };
  return { light: 'yellow', slipDays };
}

/**
 * Rows of a Gantt page when the request names no limit, and the most a page holds: a
 * department can hold thousands of projects, and a chart of them all is no page anyone reads.
 */
export const defaultGanttPageSize = 200;
export const maxGanttPageSize = 1000;
