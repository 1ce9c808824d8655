/**
 * Whether the page is being printed. Columns that hide on a narrow screen (antd's
 * `responsive`) would also vanish from an A4 page, which is narrower than a laptop; the
 * plan, target and review tables read this to keep every column that matters on paper.
 */
import type { TableColumnType } from 'antd';
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

const printQuery = () =>
  typeof window === 'undefined' || !('matchMedia' in window) ? null : window.matchMedia('print');

/** True while printing (the print dialog, or print media emulated when saving a PDF). */
export function usePrintMode(): boolean {
  const [isPrinting, setPrinting] = useState(() => printQuery()?.matches ?? false);
  useEffect(() => {
    const query = printQuery();
    // beforeprint comes just before the print layout: flush so the columns are there in time.
    const on = () => flushSync(() => setPrinting(true));
    const off = () => setPrinting(false);
    const change = (e: MediaQueryListEvent) => (e.matches ? on() : off());
    window.addEventListener('beforeprint', on);
    window.addEventListener('afterprint', off);
    query?.addEventListener('change', change);
    return () => {
      window.removeEventListener('beforeprint', on);
      window.removeEventListener('afterprint', off);
      query?.removeEventListener('change', change);
    };
  }, []);
  return isPrinting;
}

type Breakpoints = NonNullable<TableColumnType<object>['responsive']>;

/** A column's `responsive` breakpoints on screen; none in print, where every column stays. */
export const screenOnly = (
  isPrinting: boolean,
  ...breakpoints: Breakpoints
): Breakpoints | undefined => (isPrinting ? undefined : breakpoints);
