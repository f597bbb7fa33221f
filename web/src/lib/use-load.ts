/** Loading data for a page: the answer, the error, and a way to load again. */
import { useCallback, useEffect, useState } from 'react';

/** What {@link useLoad} gives. */
export interface Loaded<T> {
  /** The last answer for this key (kept while reloading). */
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

interface Settled<T> {
  key: string;
  round: number;
  data: T | undefined;
  error: unknown;
}

/**
 * Runs `load` when `key` changes (and on `reload()`); an answer that arrives after the key
 * changed is dropped.
 * @example const { data, error, reload } = useLoad(() => casesApi.get(id), id);
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [round, setRound] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setSettled({ key, round, data, error: undefined }),
      (error: unknown) => live && setSettled({ key, round, data: undefined, error }),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure every render; `key` and `round` say when to run it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const sameKey = settled?.key === key;
  const current = sameKey && settled.round === round;
  return {
    data: sameKey ? settled.data : undefined,
    error: current ? settled.error : undefined,
    loading: !current,
    reload,
  };
}
