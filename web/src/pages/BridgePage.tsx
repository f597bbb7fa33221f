/**
 * `/bridge` 12345 / 一网通办: for admins — the source systems that send work orders in and take
 * status callbacks back, and the callbacks that failed every retry (dead letters), each with its
 * last error and a button to send it again. A failed callback never blocked its case; this is
 * where someone notices and acts.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bridgeApi } from '../api/public-endpoints.ts';
import type { BridgeCallback } from '../api/public-types.ts';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage, useProblemText } from '../components/ProblemMessage.tsx';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { BRIDGE_ROLES } from '../portal/roles.ts';
import { hasRole, useMe } from '../session/session.tsx';
import '../work/work.css';
import '../open-data/open-data.css';

export default function BridgePage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!hasRole(me, ...BRIDGE_ROLES)) {
    return (
      <section className="bridge">
        <h1>{t('bridge.title')}</h1>
        <p className="empty">{t('bridge.notForRole')}</p>
      </section>
    );
  }
  return (
    <section className="bridge" aria-labelledby="bridge-title">
      <h1 id="bridge-title">{t('bridge.title')}</h1>
      <Systems />
      <DeadLetters />
    </section>
  );
}

function Systems() {
  const { t } = useTranslation();
  const systems = useLoad(() => bridgeApi.systems(), 'bridge-systems');
  return (
    <section className="card" aria-labelledby="systems-title">
      <h2 id="systems-title">{t('bridge.systems.title')}</h2>
      {systems.error ? (
        <ProblemMessage error={systems.error} onRetry={systems.reload} />
      ) : !systems.data ? (
        <Loading />
      ) : systems.data.length === 0 ? (
        <p className="empty">{t('bridge.systems.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="open-table">
            <thead>
              <tr>
                <th scope="col">{t('bridge.systems.name')}</th>
                <th scope="col">{t('bridge.systems.channel')}</th>
                <th scope="col">{t('bridge.systems.callbackUrl')}</th>
                <th scope="col">{t('bridge.systems.active')}</th>
              </tr>
            </thead>
            <tbody>
              {systems.data.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.name}</th>
                  <td>{s.channel}</td>
                  <td className="url-cell">{s.callbackUrl ?? '—'}</td>
                  <td>{s.active === false ? t('bridge.systems.inactive') : t('bridge.systems.yes')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DeadLetters() {
  const { t } = useTranslation();
  const dead = useLoad(() => bridgeApi.deadCallbacks(), 'bridge-dead');
  const [retried, setRetried] = useState<string[]>([]);
  const items = (dead.data ?? []).filter((c) => !retried.includes(c.id));
  return (
    <section className="card" aria-labelledby="dead-title">
      <h2 id="dead-title">{t('bridge.dead.title')}</h2>
      <p className="muted">{t('bridge.dead.intro')}</p>
      {dead.error ? (
        <ProblemMessage error={dead.error} onRetry={dead.reload} />
      ) : !dead.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{t('bridge.dead.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="open-table">
            <thead>
              <tr>
                <th scope="col">{t('bridge.dead.system')}</th>
                <th scope="col">{t('bridge.dead.externalId')}</th>
                <th scope="col">{t('bridge.dead.case')}</th>
                <th scope="col">{t('bridge.dead.event')}</th>
                <th scope="col">{t('bridge.dead.attempts')}</th>
                <th scope="col">{t('bridge.dead.lastError')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <DeadRow key={c.id} callback={c} onRetried={() => setRetried((r) => [...r, c.id])} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DeadRow({ callback: c, onRetried }: { callback: BridgeCallback; onRetried: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const text = useProblemText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const retry = async () => {
    setBusy(true);
    setError(null);
    try {
      await bridgeApi.retry(c.id);
      onRetried();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <td>{c.system}</td>
      <td>{c.externalId}</td>
      <td className="case-code">{c.caseCode ?? '—'}</td>
      <td>{c.event}</td>
      <td>{fmt.number(c.attempts)}</td>
      <td className="url-cell">{c.lastError ?? '—'}</td>
      <td>
        <button type="button" className="button" disabled={busy} onClick={() => void retry()}>
          {t('bridge.dead.retry')}
        </button>
        {error ? <div className="field-error">{text(error)}</div> : null}
      </td>
    </tr>
  );
}
