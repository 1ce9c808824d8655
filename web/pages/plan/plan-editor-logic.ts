/** The plan editor's pure logic: which fields of a target a form changed, and a period id check. */
import { parsePeriod } from '../../../src/core/period.ts';
import type { TargetView } from '../../../src/contract/plan.ts';
import type { TargetPatchInput } from '../../app/api.ts';

/** The fields the target form edits, as the form holds them. */
export interface TargetFormValues {
  readonly kind: NonNullable<TargetPatchInput['kind']>;
  readonly indicatorCode: string | null;
  readonly comparator: NonNullable<TargetPatchInput['comparator']>;
  readonly value: number | null;
  readonly valueMax: number | null;
  readonly unit: string;
  readonly duePeriodId: string;
  readonly status: NonNullable<TargetPatchInput['status']>;
}

/** The form's starting values for a target. */
export function toTargetFormValues(target: TargetView): TargetFormValues {
  return {
    kind: target.kind as TargetFormValues['kind'],
    indicatorCode: target.indicator?.code ?? null,
    comparator: target.comparator as TargetFormValues['comparator'],
    value: target.value,
    valueMax: target.valueMax,
    unit: target.unit,
    duePeriodId: target.duePeriodId,
    status: target.status as TargetFormValues['status'],
  };
}

/**
 * The patch of what the form changed, with the version edited: an unchanged field is left
 * out, so the audit log and the "edited" mark say only what the planner touched. Null when
 * nothing changed.
 * @example buildTargetPatch(target, { ...toTargetFormValues(target), value: 1100 }) // { version: 1, value: 1100 }
 */
export function buildTargetPatch(
  target: TargetView,
  values: TargetFormValues,
): TargetPatchInput | null {
  const before = toTargetFormValues(target);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(before) as (keyof TargetFormValues)[]) {
    const value = typeof values[key] === 'string' ? String(values[key]).trim() : values[key];
    if (value !== before[key]) patch[key] = value;
  }
  if (Object.keys(patch).length === 0) return null;
  return { version: target.version, ...patch };
}

/** Whether the patch touches anything but the status: refused on an adopted plan. */
export const editsBeyondStatus = (patch: TargetPatchInput): boolean =>
  Object.keys(patch).some((k) => k !== 'version' && k !== 'status' && k !== 'reason');

/**
 * Whether a text is a period id Lantu reads (2025, 2025S1, 2025Q4, 202512, 2025W12 …).
 * @example isPeriodId('2025Q4') // true
 */
export function isPeriodId(text: string): boolean {
  try {
    return parsePeriod(text.trim()).id === text.trim();
  } catch {
    return false;
  }
}

/** Units of a task by role, as codes, for the optimistic check of a units edit. */
export function unitCodesByRole(units: readonly { code: string; role: string }[]) {
  return {
    lead: units.filter((u) => u.role === 'lead').map((u) => u.code),
    co: units.filter((u) => u.role !== 'lead').map((u) => u.code),
  };
}
