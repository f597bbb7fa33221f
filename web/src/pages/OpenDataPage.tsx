/**
 * `/open` 公开信息: what the platform publishes for public supervision, no sign-in — the register
 * of application scenarios with their monthly figures and frozen snapshots, and the open
 * statistics per district with small counts suppressed. Every table has its download beside it.
 */
import { useTranslation } from 'react-i18next';
import { ScenarioRegister } from '../open-data/ScenarioRegister.tsx';
import { StatsSection } from '../open-data/StatsSection.tsx';
import '../open-data/open-data.css';
import '../portal/portal.css';

export default function OpenDataPage() {
  const { t } = useTranslation();
  return (
    <section className="portal open-data" aria-labelledby="open-title">
      <h1 id="open-title">{t('openData.title')}</h1>
      <p className="portal-intro">{t('openData.intro')}</p>
      <ScenarioRegister />
      <StatsSection />
    </section>
  );
}
