/** The live feed: newest first, one line per alert or case event, with the connection's state. */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategoryName } from '../../work/catalogue.ts';
import { LEVEL_COLOR } from '../map/colors.ts';
import { inScenario, type Scenario } from '../scenarios.ts';
import type { LiveEvent } from '../types.ts';
import { useScreenFormat } from '../use-screen-format.ts';
import type { LiveStatus } from './live-client.ts';

/** The translation key of each alert event type. */
const ALERT_EVENT = {
  'alert.raised': 'raised',
  'alert.level_changed': 'level_changed',
  'alert.acknowledged': 'acknowledged',
  'alert.cleared': 'cleared',
  'alert.closed': 'closed',
} as const;

/** One line; memoised so a new burst renders only its own lines. */
const Line = memo(function Line({ e, time, category }: { e: LiveEvent; time: string; category: string }) {
  const { t, i18n } = useTranslation();
  if (e.kind === 'alert') {
    return (
      <li className="feed-line feed-alert" data-kind="alert" data-id={e.alertId}>
        <time>{time}</time>
        <span className="feed-chip" style={{ background: LEVEL_COLOR[e.level] }}>
          {t(`screen.alertLevelShort.${e.level}`)}
        </span>
        <span className="feed-what">{t(`screen.alertEvent.${ALERT_EVENT[e.type]}`)}</span>
        <span className="feed-text">
          {category && <span className="feed-category">{category}</span>} {e.message}
        </span>
      </li>
    );
  }
  const step = e.type.replace(/^case\./, '');
  const eventKey = `event.${step}`;
  return (
    <li className="feed-line feed-case" data-kind="case" data-id={e.caseId}>
      <time>{time}</time>
      <span className="feed-chip feed-chip-case">{t('screen.map.cases')}</span>
      <span className="feed-what">{i18n.exists(eventKey) ? t(eventKey as 'event.reported') : step}</span>
      <span className="feed-text">
        <span className="feed-code">{t('screen.feed.case', { code: e.code })}</span>{' '}
        {category && <span className="feed-category">{category}</span>} {e.message}
      </span>
    </li>
  );
});

/** The feed panel. */
export function LiveFeed({ lines, status, scenario }: { lines: readonly LiveEvent[]; status: LiveStatus; scenario: Scenario | null }) {
  const { t } = useTranslation();
  const f = useScreenFormat();
  const category = useCategoryName();
  const shown = scenario ? lines.filter((e) => inScenario(scenario, e.category)) : lines;
  return (
    <section className="screen-panel feed-panel" aria-labelledby="feed-title">
      <header className="feed-head">
        <h2 id="feed-title">{t('screen.feed.title')}</h2>
        <span className="feed-count">{t('screen.feed.count', { count: shown.length })}</span>
        <span className={`feed-status feed-status-${status}`} role="status">
          {t(`screen.feed.status.${status}`)}
        </span>
      </header>
      {shown.length === 0 ? (
        <p className="empty">{t('screen.feed.empty')}</p>
      ) : (
        <ol className="feed-list" aria-live="polite" aria-relevant="additions">
          {shown.map((e) => (
            <Line key={e.id} e={e} time={f.time(e.at)} category={e.category ? category(e.category) : ''} />
          ))}
        </ol>
      )}
    </section>
  );
}
