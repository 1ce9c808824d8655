/**
 * What the audit entry of an observation batch lists: every row it wrote (newValue) and what
 * each row replaced (oldValue), grouped by series — an indicator of a unit — with the series'
 * columns side by side. The codes stand once a series rather than once a row: for a large
 * upload half the text of a list of rows, and no array a row to build, store or read.
 */

/** The rows a batch wrote of one series, in the order written. */
export interface WrittenSeries {
  readonly indicator: string;
  readonly unit: string;
  readonly periods: string[];
  readonly values: number[];
  readonly comments: string[];
}

/** What the rows of one series replaced: the stored value, state and version before. */
export interface ReplacedSeries {
  readonly indicator: string;
  readonly unit: string;
  readonly periods: string[];
  readonly values: number[];
  readonly states: string[];
  readonly versions: number[];
}

/**
 * How many rows an entry's list names: series lists as above, or — in entries written before
 * them — one array per row ([indicator, unit, period, …]).
 * @example rowsListed([{ indicator: 'GDP', unit: 'D', periods: ['2025Q1', '2025Q2'], values: [1, 2], comments: ['', ''] }]) // 2
 */
export function rowsListed(listed: unknown): number {
  if (!Array.isArray(listed)) return 0;
  let rows = 0;
  for (const element of listed as unknown[]) {
    if (Array.isArray(element)) rows += 1;
    else if (typeof element === 'object' && element !== null) {
      const periods = (element as { periods?: unknown }).periods;
      if (Array.isArray(periods)) rows += periods.length;
    }
  }
  return rows;
}
