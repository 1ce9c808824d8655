/**
 * One bad row of a batch, whichever batch it was: the rows of a request, the lines of an
 * entry form, the cells of an uploaded template or of a project list. Every batch is all or
 * nothing, so the user gets the whole list at once and fixes each row where they wrote it;
 * one shape lets the same table or form show them all.
 */
export interface RowProblem {
  /** The row as its author counts it: the item of a request body from 1, or the sheet's row (header = 1). */
  readonly row: number;
  /** What is wrong in the row: the request's property (unitCode, value, comment…) or the sheet column's key. */
  readonly field: string;
  /** What was sent or read there. */
  readonly value: unknown;
  /** The rule broken, e.g. below-min, unknown-unit, duplicate, out-of-scope, locked, conflict. */
  readonly rule: string;
  readonly reason: string;
  readonly reasonEn: string;
  /** From a workbook: the sheet, the column letter and its header (e.g. 本期数值). */
  readonly sheet?: string;
  readonly column?: string;
  readonly columnName?: string;
  /** From a batch of observations: the value's key, so that a form can mark the line. */
  readonly unit?: string;
  readonly indicator?: string;
  readonly period?: string;
  /** For a locked value or a stale version: what is stored now. */
  readonly current?: { readonly value: number; readonly version: number; readonly state: string };
}

/** The letter of a sheet's column numbered from 1: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let letters = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
    letters = String.fromCharCode(65 + ((k - 1) % 26)) + letters;
  return letters;
}
