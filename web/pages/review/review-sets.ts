/** The review page's logic: the status grid of a period grouped into unit × period sets to approve, return or reopen. */
import type { StatusCell } from '../../app/api.ts';

/** One unit's values for a period, as a reviewer handles them together. */
export interface ReviewSet {
  readonly unitCode: string;
  readonly unitName: string;
  readonly period: string;
  /** The unit's values with data (missing ones left out), by indicator code. */
  readonly cells: readonly StatusCell[];
  readonly counts: Readonly<
    Record<'missing' | 'draft' | 'submitted' | 'approved' | 'returned', number>
  >;
  /** The latest submission time of the set's values: approved and returned ones keep theirs. */
  readonly submittedAt: string | null;
}

/** Which sets a tab of the review page lists. */
export type ReviewTab = 'submitted' | 'approved' | 'returned';

/**
 * Groups a period's status cells by unit, keeping only units within `scope` (all when null),
 * in the grid's unit order.
 */
export function groupReviewSets(
  period: string,
  cells: readonly StatusCell[],
  scope: ReadonlySet<string> | null = null,
): ReviewSet[] {
  const byUnit = new Map<string, StatusCell[]>();
  for (const c of cells) {
    if (scope && !scope.has(c.unitCode)) continue;
    const list = byUnit.get(c.unitCode);
    if (list) list.push(c);
    else byUnit.set(c.unitCode, [c]);
  }
  return [...byUnit.values()].map((list) => {
    const counts = { missing: 0, draft: 0, submitted: 0, approved: 0, returned: 0 };
    let submittedAt: string | null = null;
    for (const c of list) {
      counts[c.state] += 1;
      if (c.submittedAt && (!submittedAt || c.submittedAt > submittedAt))
        submittedAt = c.submittedAt;
    }
    const first = list[0]!;
    return {
      unitCode: first.unitCode,
      unitName: first.unitName,
      period,
      cells: list
        .filter((c) => c.state !== 'missing')
        .sort((a, b) => a.indicatorCode.localeCompare(b.indicatorCode)),
      counts,
      submittedAt,
    };
  });
}

/** The sets a tab shows: those with any value in that state, the longest waiting first. */
export function setsForTab(sets: readonly ReviewSet[], tab: ReviewTab): ReviewSet[] {
  const shown = sets.filter((s) => s.counts[tab] > 0);
  if (tab === 'submitted')
    return shown.sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  return shown;
}

/** The indicator codes of a set in a state: what an approve, return or reopen acts on. */
export const codesInState = (set: ReviewSet, state: StatusCell['state']): string[] =>
  set.cells.filter((c) => c.state === state).map((c) => c.indicatorCode);
