/** The time for showing whether grants are in force, read once a minute (not during render). */
import { useEffect, useState } from 'react';

/** Epoch ms, refreshed every `everyMs`. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
