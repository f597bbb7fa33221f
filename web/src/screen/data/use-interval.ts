/** A counter that goes up every `ms` (0: never) — a dependency that reruns loads on a schedule. */
import { useEffect, useState } from 'react';

/** The number of `ms` periods since mount. */
export function useTicker(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (ms <= 0) return;
    const id = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
  return tick;
}
