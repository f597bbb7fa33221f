/** A cursor-paged list (registry records, audit entries): the first page, then more on demand. */
import { useState } from 'react';
import { useLoad } from '../lib/use-load.ts';

/** One page as the platform answers it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What {@link usePaged} gives. */
export interface Paged<T> {
  /** Every item loaded so far for this key; undefined until the first page arrives. */
  items: T[] | undefined;
  /** The first page's failure. */
  error: unknown;
  /** A later page's failure (the items so far stay). */
  moreError: unknown;
  hasMore: boolean;
  loadMore: () => Promise<void>;
  reload: () => void;
}

/**
 * Loads the first page when `key` changes; `loadMore` appends the next one. Pages of an earlier
 * key are dropped.
 * @example const list = usePaged(key, (cursor) => auditApi.entries({ ...query, cursor: cursor ?? undefined }));
 */
export function usePaged<T>(key: string, load: (cursor: string | null) => Promise<Page<T>>): Paged<T> {
  const first = useLoad(() => load(null), key);
  const [more, setMore] = useState<{ key: string; items: T[]; cursor: string | null; error: unknown }>({
    key,
    items: [],
    cursor: null,
    error: null,
  });
  const extra = more.key === key ? more : { key, items: [], cursor: null, error: null };
  const cursor = extra.items.length > 0 ? extra.cursor : (first.data?.nextCursor ?? null);
  return {
    items: first.data ? [...first.data.items, ...extra.items] : undefined,
    error: first.error,
    moreError: extra.error,
    hasMore: cursor !== null,
    reload: first.reload,
    async loadMore() {
      if (!cursor) return;
      try {
        const page = await load(cursor);
        setMore({ key, items: [...extra.items, ...page.items], cursor: page.nextCursor, error: null });
      } catch (err) {
        setMore({ ...extra, error: err });
      }
    },
  };
}
