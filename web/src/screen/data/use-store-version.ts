/** Re-renders a component when a point store changes (throttled by the store). */
import { useSyncExternalStore } from 'react';
import type { PointStore } from './point-store.ts';

/** The store's version; read the store's data in the same render. */
export function useStoreVersion(store: PointStore<{ id: string }>): number {
  return useSyncExternalStore(
    (onChange) => store.subscribe(onChange),
    () => store.version,
  );
}
