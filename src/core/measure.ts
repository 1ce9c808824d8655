/**
 * What kind of quantity an indicator measures; it decides how values combine over time and
 * over units (DESIGN.md §4, "Aggregation").
 *
 * - `flow`: an amount that accrues during a period (investment completed, new jobs). Adds
 *   over time (months sum to the year) and over units (towns sum to the district).
 * - `stock`: a level at a moment (registered population, hospital beds). Over time it takes
 *   the value of the latest period; over units it adds.
 * - `rate`: a ratio in percent (share of days with good air, on-time resolution rate). Never
 *   adds; recomputed from numerator and denominator where those exist.
 * - `growth`: a change against the same period last year, in percent (增长6.5%). Never adds;
 *   recomputed from this year's and last year's amounts where those exist.
 */
export type Measure = 'flow' | 'stock' | 'rate' | 'growth';

/** Which way an indicator improves: `higher` is better (GDP), or `lower` is better (PM2.5, 能耗). */
export type Direction = 'higher' | 'lower';
