/**
 * A period's type and year as SQL expressions over its id, for both engines. Narrow cells
 * (migration 0031) store only the id; core/period.ts's id formats make both readable from it:
 * every id starts with its four-digit year (a week's, the ISO year its Thursday lies in), and
 * its shape names its type — 2025, 2025S1, 2025Q1, 2025W07, 202503, 202503D2, 20250307.
 */

/** The period type of the id in `column`: 'year', 'half', 'quarter', 'week', 'month', 'dekad' or 'day'. */
export const periodTypeOfIdSql = (column: string) =>
  `(CASE WHEN length(${column}) = 4 THEN 'year'
     WHEN substr(${column}, 5, 1) = 'S' THEN 'half'
     WHEN substr(${column}, 5, 1) = 'Q' THEN 'quarter'
     WHEN substr(${column}, 5, 1) = 'W' THEN 'week'
     WHEN length(${column}) = 6 THEN 'month'
     WHEN substr(${column}, 7, 1) = 'D' THEN 'dekad'
     ELSE 'day' END)`;

/** The year of the id in `column`, as an integer. */
export const yearOfIdSql = (column: string) => `CAST(substr(${column}, 1, 4) AS integer)`;

/**
 * The bounds of a year's ids: every id of year `y` sorts at or after `"y"` and before `"y+1"`,
 * so a year is a range of the key (indicator, unit, period) rather than a computed filter.
 */
export const yearIdRange = (year: number): readonly [from: string, to: string] => [
  String(year).padStart(4, '0'),
  String(year + 1).padStart(4, '0'),
];
