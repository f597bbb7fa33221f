/** Loading data for a page: the answer, the error, and a way to load again. */
import { useCallback, useEffect, useState } from 'react';

/** What {@link useLoad} gives. */
export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `load` when `key` changes (and on `reload()`); an answer that arrives after the key
 * changed is dropped.
 * @example const { data, error, reload } = useLoad(() => casesApi.get(id), id);
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ key: string; data: T | undefined; error: unknown; loading: boolean }>({
    key,
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: undefined, loading: true }));
    load().then(
      (data) => live && setState({ key, data, error: undefined, loading: false }),
      (error: unknown) => live && setState({ key, data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure every render; `key` and `round` say when to run it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: state.key === key ? state.data : undefined, error: state.error, loading: state.loading, reload };
}
