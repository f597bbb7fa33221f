/** The view settings: what colours the map (open cases / active alerts) and the scenario view. */
import { useTranslation } from 'react-i18next';
import type { FillMode } from './map/fill-model.ts';
import { SCENARIOS, type Scenario } from './scenarios.ts';

/** Toggle buttons in a labelled group. */
export function ScreenToolbar(p: {
  fill: FillMode;
  scenario: Scenario | null;
  onFill: (f: FillMode) => void;
  onScenario: (s: Scenario | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="screen-toolbar" role="toolbar" aria-label={t('screen.toolbar')}>
      <div className="toggle-group" role="group" aria-label={t('screen.fill.label')}>
        <span className="toggle-label">{t('screen.fill.label')}</span>
        {(['cases', 'alerts'] as const).map((f) => (
          <button key={f} type="button" aria-pressed={p.fill === f} onClick={() => p.onFill(f)}>
            {t(`screen.fill.${f}`)}
          </button>
        ))}
      </div>
      <div className="toggle-group" role="group" aria-label={t('screen.scenario.label')}>
        <span className="toggle-label">{t('screen.scenario.label')}</span>
        <button type="button" aria-pressed={p.scenario === null} onClick={() => p.onScenario(null)}>
          {t('screen.scenario.all')}
        </button>
        {SCENARIOS.map((s) => (
          <button key={s} type="button" aria-pressed={p.scenario === s} onClick={() => p.onScenario(s)}>
            {t(`screen.scenario.${s}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
