/** The map's legend: alert levels, deadline lights, device states and device groups. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WARNING_LEVELS } from '../types.ts';
import { DEVICE_COLOR, LEVEL_COLOR, LIGHT_COLOR } from './colors.ts';

function Swatch({ color, label }: { color: string; label: string }) {
  return (
    <li>
      <span className="level-dot" style={{ background: color }} aria-hidden="true" />
      {label}
    </li>
  );
}

/**
 * Screens as narrow as the one-column layout (screen.css, 700px): there the open legend covered
 * about a third of the map, so it starts folded (its summary still says where it is).
 */
export const NARROW_SCREEN = '(max-width: 700px)';

/** A compact legend over the map's corner: open on a wall or a laptop, folded on a phone until tapped. */
export function MapLegend() {
  const { t } = useTranslation();
  // Decided once when the screen opens: the reader's own folding or unfolding is kept after that.
  const [open] = useState(() => typeof window.matchMedia !== 'function' || !window.matchMedia(NARROW_SCREEN).matches);
  return (
    <details className="map-legend" open={open}>
      <summary>{t('screen.map.legend')}</summary>
      <h3>{t('screen.map.alerts')}</h3>
      <ul>
        {WARNING_LEVELS.map((l) => (
          <Swatch key={l} color={LEVEL_COLOR[l]} label={t(`screen.alertLevelShort.${l}`)} />
        ))}
      </ul>
      <h3>{t('screen.map.cases')}</h3>
      <ul>
        {(['green', 'yellow', 'red'] as const).map((l) => (
          <Swatch key={l} color={LIGHT_COLOR[l]} label={t(`light.${l}`)} />
        ))}
      </ul>
      <h3>{t('screen.map.devices')}</h3>
      <ul>
        {(['online', 'offline', 'unknown'] as const).map((s) => (
          <Swatch key={s} color={DEVICE_COLOR[s]} label={t(`screen.device.${s}`)} />
        ))}
        {/* Zoomed out, devices are grouped (device-clusters.ts): say how to read a group's colour. */}
        <Swatch color={`linear-gradient(90deg, ${DEVICE_COLOR.online}, ${DEVICE_COLOR.offline})`} label={t('screen.device.cluster')} />
      </ul>
    </details>
  );
}
