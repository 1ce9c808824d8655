/**
 * 同比: a figure against the same span a year earlier, in percent. The cockpit, the
 * documents and the charts all state it through this one rule.
 */

/**
 * The change against last year's same span in percent; null without both figures or
 * without a positive base — against zero or a loss a percentage tells a reader nothing
 * (statistical bulletins print no growth rate there either).
 * @example yearOnYearChange(106.5, 100) // 6.5
 * @example yearOnYearChange(5, -2) // null
 */
export function yearOnYearChange(
  current: number | null | undefined,
  lastYear: number | null | undefined,
): number | null {
  if (current === null || current === undefined || lastYear === null || lastYear === undefined)
    return null;
  if (!Number.isFinite(current) || !Number.isFinite(lastYear) || !(lastYear > 0)) return null;
  return (current / lastYear - 1) * 100;
}
