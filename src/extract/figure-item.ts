import type { Comparator } from '../core/figure.ts';

/** Whether a figure reports a result of the year under review or commits to one. */
export type FigureKind = 'achievement' | 'target';

/**
 * A figure found in a plan document: the eval shape of GUIDELINES.md
 * (offsets into the document text) plus whether the target is aspirational.
 */
export interface FigureItem {
  /** Index (UTF-16) of the numeral's first digit in the document. */
  offset: number;
  /** Index of a range's second numeral. */
  offset2?: number;
  /** The digits as written. */
  numeral: string;
  /** The clause that carries the figure, copied from the document. */
  text: string;
  kind: FigureKind;
  /** Shortest noun phrase naming what is measured. */
  metric: string;
  /** Value with its magnitude applied (3.3万人 → 33000). */
  value: number;
  valueMax?: number;
  /** Unit without magnitude; '' when none is written. */
  unit: string;
  sign: 1 | -1;
  comparator: Comparator;
  /** Softened by 力争 / 争取 / 努力. */
  isAspirational: boolean;
  /** With the `explain` option: the level whose cue decided `kind` (clause, sentence, paragraph, heading, context, weak, report). */
  kindLevel?: string;
}

/** The figures of one document in the JSON shape score.mjs reads. */
export interface FigureEvalDocument {
  document: string;
  items: FigureItem[];
}
