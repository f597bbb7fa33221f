/** The current step's deadline light (green / yellow / red), with a text equivalent. */
import { useTranslation } from 'react-i18next';
import type { Light as LightColour } from '../api/types.ts';

/** A coloured dot; `null` (no running clock) shows a grey one. */
export function Light({ light }: { light: LightColour | null }) {
  const { t } = useTranslation();
  const label = light ? t(`light.${light}`) : t('light.none');
  return <span className={`light light-${light ?? 'none'}`} role="img" aria-label={label} title={label} />;
}
