/** "Use my location": the phone's current position once, through the browser's geolocation. */
import { useState } from 'react';

/** Where asking for the position stands. */
export type Locating = 'idle' | 'busy' | 'failed';

/**
 * Asks for the current position (high accuracy, 15 s at most, a fix up to a minute old is
 * fine) and hands it to `onFix`; `failed` when the browser has no geolocation or it was refused.
 * @example const [locating, here] = useHere((lon, lat) => setPoint({ lon, lat }));
 */
export function useHere(onFix: (lon: number, lat: number) => void): [Locating, () => void] {
  const [locating, setLocating] = useState<Locating>('idle');
  const here = () => {
    if (!('geolocation' in navigator)) {
      setLocating('failed');
      return;
    }
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating('idle');
        onFix(pos.coords.longitude, pos.coords.latitude);
      },
      () => setLocating('failed'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  return [locating, here];
}
