/** A React hook that loads API data with loading, error, slow-network and retry states. */
import { startTransition, useCallback, useEffect, useState } from 'react';

/** Where a load stands. */
export type Loaded<T> =
  | { readonly status: 'loading'; readonly isSlow: boolean }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'ok'; readonly data: T };

/** How long a load may take before the page says the network is slow. */
export const SLOW_MS = 4000;

/** How a load's result is drawn. */
export interface UseApiOptions {
  /**
   * Draw the data as a transition: React renders it in slices and lets urgent updates
   * (another load's figures) commit and paint first. For a big, secondary part of a page.
   */
  readonly asTransition?: boolean;
}

/**
 * Loads data with `load` whenever `deps` change, aborting the previous load; `retry` loads again.
 * @example const plan = useApi((s) => api.plan(id, null, s), [id]);
 */
export function useApi<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  { asTransition = false }: UseApiOptions = {},
): Loaded<T> & { retry: () => void } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading', isSlow: false });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading', isSlow: false });
    const slow = setTimeout(
      () => setState((s) => (s.status === 'loading' ? { ...s, isSlow: true } : s)),
      SLOW_MS,
    );
    load(controller.signal)
      .then(
        (data) => {
          if (controller.signal.aborted) return;
          if (asTransition) startTransition(() => setState({ status: 'ok', data }));
          else setState({ status: 'ok', data });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ status: 'error', error });
        },
      )
      .finally(() => clearTimeout(slow));
    return () => {
      clearTimeout(slow);
      controller.abort();
    };
    // The caller lists what `load` depends on, as with useEffect.
  }, [...deps, attempt, asTransition]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
