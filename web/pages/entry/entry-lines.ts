/**
 * The data entry form's logic: what the reporter typed on each line, checked with the same
 * entry rules the server applies (bounds, a flow's cumulative may not fall, a year-on-year
 * jump needs a comment), the entries to save, and the server's conflicts and problems.
 */
import {
  checkEntry,
  type EntryMode,
  type EntryProblem as RuleProblem,
} from '../../../src/core/entry-rules.ts';
import { ApiError, type EntryFormData, type EntryInput, type FormLineData } from '../../app/api.ts';

/** What the reporter has typed on one line. */
export interface LineDraft {
  readonly text: string;
  readonly comment: string;
}

/** A broken rule on a line, from the check as they type or from the server. */
export interface LineProblem {
  readonly rule: string;
  /** The field at fault: value or comment (from the server also unit, period, version). */
  readonly field: string;
  readonly reason: string;
  readonly reasonEn: string;
}

/** The checked state of one line. */
export interface LineCheck {
  /** The number typed; null when the box is empty. */
  readonly entered: number | null;
  /** The period's own amount (for a cumulative entry, less the previous cumulative). */
  readonly periodValue: number | null;
  /** Flows: the year-to-date total this entry makes. */
  readonly cumulative: number | null;
  readonly yoyChangePct: number | null;
  readonly problems: readonly LineProblem[];
  /** Whether the line differs from what is stored. */
  readonly isDirty: boolean;
}

/** The value a server conflict says is stored now. */
export interface CurrentValue {
  readonly value: number;
  readonly version: number;
  readonly state: string;
}

const isFlow = (line: FormLineData) => line.measure === 'flow';

/** The mode a line is entered in: cumulative only for flows that accept it. */
export const lineMode = (line: FormLineData, mode: EntryMode): EntryMode =>
  mode === 'cumulative' && isFlow(line) && line.rules.acceptsCumulative ? 'cumulative' : 'period';

/**
 * A number as typed, with thousands separators, full-width digits and spaces allowed;
 * null for an empty box, NaN for text that is not a number.
 * @example parseEnteredNumber('1,234.5') // 1234.5
 */
export function parseEnteredNumber(text: string): number | null {
  const normal = text
    .replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '');
  if (normal === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normal)) return Number.NaN;
  return Number(normal);
}

// Binary fractions: 0.1 + 0.2 is not 0.3, and a value shown back must read as typed.
const tidy = (n: number) => Number(n.toPrecision(12));

/** The text a line starts with: the stored value, shown in the chosen mode. */
export function initialDraft(line: FormLineData, mode: EntryMode): LineDraft {
  const current = line.current;
  if (!current) return { text: '', comment: '' };
  const shown =
    lineMode(line, mode) === 'cumulative'
      ? tidy(current.value + (line.previousCumulative ?? 0))
      : current.value;
  return { text: String(shown), comment: current.comment };
}

/**
 * Re-expresses what was typed when the reporter switches between the period value and the
 * year-to-date total, so the number keeps its meaning.
 * @example switchDraftMode(line, { text: '30', comment: '' }, 'cumulative') // text '130' when 100 came before
 */
export function switchDraftMode(line: FormLineData, draft: LineDraft, to: EntryMode): LineDraft {
  const from: EntryMode = to === 'cumulative' ? 'period' : 'cumulative';
  if (lineMode(line, to) === lineMode(line, from)) return draft;
  const n = parseEnteredNumber(draft.text);
  if (n === null || Number.isNaN(n)) return draft;
  const base = line.previousCumulative ?? 0;
  return { ...draft, text: String(tidy(to === 'cumulative' ? n + base : n - base)) };
}

const toLineProblem = (p: RuleProblem): LineProblem => ({
  rule: p.rule,
  field: p.field,
  reason: p.reason,
  reasonEn: p.reasonEn,
});

/** Checks one line as the reporter types: the period value, the cumulative, year on year and the rules. */
export function checkLine(line: FormLineData, draft: LineDraft, mode: EntryMode): LineCheck {
  const entered = parseEnteredNumber(draft.text);
  const current = line.current;
  if (entered === null)
    return {
      entered: null,
      periodValue: null,
      cumulative: null,
      yoyChangePct: null,
      problems: [],
      // Clearing a stored value is not a save: the API has no delete, so the line stays as stored.
      isDirty: false,
    };
  const m = lineMode(line, mode);
  const verdict = checkEntry(
    { measure: line.measure, ...line.rules },
    {
      entered,
      mode: m,
      comment: draft.comment,
      lastYearValue: line.lastYearValue,
      previousCumulative: line.previousCumulative ?? 0,
    },
  );
  const periodValue = Number.isFinite(verdict.periodValue) ? tidy(verdict.periodValue) : null;
  const isDirty =
    current === null ||
    periodValue === null ||
    Math.abs(periodValue - current.value) > 1e-9 * Math.max(1, Math.abs(current.value)) ||
    draft.comment !== current.comment;
  return {
    entered,
    periodValue,
    cumulative:
      isFlow(line) && periodValue !== null
        ? tidy((line.previousCumulative ?? 0) + periodValue)
        : null,
    yoyChangePct: verdict.yoyChangePct,
    problems: verdict.problems.map(toLineProblem),
    isDirty,
  };
}

/** Whether a line can be edited: the unit is writable and the value is not approved (locked). */
export const isLineEditable = (form: Pick<EntryFormData, 'canWrite'>, line: FormLineData) =>
  form.canWrite && line.current?.state !== 'approved' && line.current?.state !== 'submitted';

/** The entries to save: every changed, editable line that passes its rules; and how many are held back by a problem. */
export function buildEntries(
  form: EntryFormData,
  drafts: ReadonlyMap<string, LineDraft>,
  mode: EntryMode,
): { entries: EntryInput[]; blocked: string[] } {
  const entries: EntryInput[] = [];
  const blocked: string[] = [];
  for (const line of form.lines) {
    const draft = drafts.get(line.indicatorCode);
    if (!draft || !isLineEditable(form, line)) continue;
    const check = checkLine(line, draft, mode);
    if (!check.isDirty || check.entered === null) continue;
    if (check.problems.length > 0) {
      blocked.push(line.indicatorCode);
      continue;
    }
    const m = lineMode(line, mode);
    entries.push({
      unit: form.unit.code,
      indicator: line.indicatorCode,
      period: form.period.id,
      value: check.entered,
      ...(m === 'cumulative' ? { mode: m } : {}),
      ...(draft.comment.trim() ? { comment: draft.comment.trim() } : {}),
      version: line.current?.version ?? 0,
    });
  }
  return { entries, blocked };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The values stored now, by indicator, that a 409 CONFLICT answer reports. */
export function conflictsOf(error: unknown): Map<string, CurrentValue> {
  const out = new Map<string, CurrentValue>();
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT' || !isRecord(error.details))
    return out;
  const list = error.details.conflicts;
  if (!Array.isArray(list)) return out;
  for (const c of list as unknown[]) {
    if (!isRecord(c) || typeof c.indicator !== 'string' || !isRecord(c.current)) continue;
    const { value, version, state } = c.current;
    if (typeof value === 'number' && typeof version === 'number')
      out.set(c.indicator, { value, version, state: typeof state === 'string' ? state : '' });
  }
  return out;
}

/** The problems, by indicator, that a 400 VALIDATION_FAILED answer to a save lists. */
export function problemsOf(error: unknown): Map<string, LineProblem[]> {
  const out = new Map<string, LineProblem[]>();
  if (!(error instanceof ApiError) || !isRecord(error.details)) return out;
  const list = error.details.problems;
  if (!Array.isArray(list)) return out;
  for (const p of list as unknown[]) {
    if (!isRecord(p) || typeof p.indicator !== 'string') continue;
    const problem: LineProblem = {
      rule: typeof p.rule === 'string' ? p.rule : '',
      field: typeof p.field === 'string' ? p.field : 'value',
      reason: typeof p.reason === 'string' ? p.reason : '',
      reasonEn: typeof p.reasonEn === 'string' ? p.reasonEn : '',
    };
    out.set(p.indicator, [...(out.get(p.indicator) ?? []), problem]);
  }
  return out;
}

/** Counts of the form's lines by state, counting a line without a value as missing. */
export function countStates(form: EntryFormData): Record<string, number> {
  const counts: Record<string, number> = {
    missing: 0,
    draft: 0,
    submitted: 0,
    approved: 0,
    returned: 0,
  };
  for (const line of form.lines) {
    const s = line.current?.state ?? 'missing';
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

/** Whether there is anything to submit: a draft or a returned value. */
export const hasSubmittable = (form: EntryFormData): boolean =>
  form.lines.some((l) => l.current?.state === 'draft' || l.current?.state === 'returned');

/**
 * The form with the values a conflict reported standing in for what was loaded, so the next
 * save edits the version stored now.
 */
export function applyCurrentValues(
  form: EntryFormData,
  current: ReadonlyMap<string, CurrentValue>,
): EntryFormData {
  if (current.size === 0) return form;
  return {
    ...form,
    lines: form.lines.map((line) => {
      const c = current.get(line.indicatorCode);
      if (!c) return line;
      const state = (['draft', 'submitted', 'approved', 'returned'] as const).find(
        (s) => s === c.state,
      );
      return {
        ...line,
        current: {
          comment: '',
          reviewReason: '',
          source: 'entered',
          submittedAt: null,
          updatedAt: '',
          updatedBy: '',
          ...line.current,
          value: c.value,
          version: c.version,
          state: state ?? 'draft',
        },
      };
    }),
  };
}
