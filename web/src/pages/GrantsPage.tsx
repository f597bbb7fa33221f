/**
 * `/grants`: purpose grants (用途授权). Everyone who works with personal data sees the grants they
 * hold or asked for and where each stands. Shift leads and administrators also see the requests
 * inside their jurisdiction waiting for their decision — approve, or deny saying why — and can
 * open any grant in their scope by its id (the audit log names them) to revoke it.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { grantsApi } from '../api/privacy-endpoints.ts';
import type { Grant } from '../api/privacy-types.ts';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useLoad } from '../lib/use-load.ts';
import { GrantCard } from '../privacy/GrantCard.tsx';
import { GrantDecision } from '../privacy/GrantDecision.tsx';
import { GRANT_DECIDER_ROLES } from '../privacy/roles.ts';
import { useNow } from '../privacy/use-now.ts';
import { Link } from '../router/router.tsx';
import { hasRole, useMe } from '../session/session.tsx';
import '../privacy/privacy.css';

export default function GrantsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const now = useNow();
  const decider = hasRole(me, ...GRANT_DECIDER_ROLES);
  const mine = useLoad(() => grantsApi.list('mine'), `mine:${me.user.id}`);

  return (
    <section className="privacy-page" aria-labelledby="grants-title">
      <div className="page-head">
        <h1 id="grants-title">{t('grants.title')}</h1>
        <p className="muted">{t('grants.intro')}</p>
        <Link to="/registry">{t('grants.toRegistry')}</Link>
      </div>
      {decider && <ToDecide myId={me.user.id} now={now} onDecided={mine.reload} />}
      <h2>{t('grants.mine')}</h2>
      {mine.error ? (
        <ProblemMessage error={mine.error} onRetry={mine.reload} />
      ) : !mine.data ? (
        <Loading />
      ) : mine.data.items.length === 0 ? (
        <p className="empty">{t('grants.noneMine')}</p>
      ) : (
        <ul className="grant-list" aria-label={t('grants.mine')}>
          {mine.data.items.map((g) => (
            <GrantCard key={g.id} grant={g} myId={me.user.id} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The deciders' part: requests waiting, the ones decided here, and a grant opened by id. */
function ToDecide({ myId, now, onDecided }: { myId: string; now: number; onDecided: () => void }) {
  const { t } = useTranslation();
  const waiting = useLoad(() => grantsApi.list('to_approve'), `to_approve:${myId}`);
  // Grants decided or opened on this page, newest first, so an approval can be revoked at once.
  const [handled, setHandled] = useState<Grant[]>([]);
  const keep = (g: Grant) => setHandled((list) => [g, ...list.filter((x) => x.id !== g.id)]);
  const decided = (g: Grant) => {
    keep(g);
    waiting.reload();
    onDecided();
  };
  const pending = (waiting.data?.items ?? []).filter((g) => !handled.some((h) => h.id === g.id));

  return (
    <>
      <h2>{t('grants.toDecide')}</h2>
      {waiting.error ? (
        <ProblemMessage error={waiting.error} onRetry={waiting.reload} />
      ) : !waiting.data ? (
        <Loading />
      ) : pending.length === 0 ? (
        <p className="empty">{t('grants.noneToDecide')}</p>
      ) : (
        <ul className="grant-list" aria-label={t('grants.toDecide')}>
          {pending.map((g) => (
            <GrantCard key={g.id} grant={g} myId={myId} now={now}>
              <GrantDecision grant={g} onDecided={decided} />
            </GrantCard>
          ))}
        </ul>
      )}
      <OpenGrant onOpened={keep} />
      {handled.length > 0 && (
        <>
          <h3>{t('grants.handled')}</h3>
          <ul className="grant-list" aria-label={t('grants.handled')}>
            {handled.map((g) => (
              <GrantCard key={g.id} grant={g} myId={myId} now={now}>
                <GrantDecision grant={g} onDecided={decided} />
              </GrantCard>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** Opens a grant by its id (404 when it is outside the caller's scope). */
function OpenGrant({ onOpened }: { onOpened: (g: Grant) => void }) {
  const { t } = useTranslation();
  const [id, setId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!id.trim()) return;
    setError(null);
    try {
      onOpened(await grantsApi.get(id.trim()));
      setId('');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <Field label={t('grants.openById')}>
        {(p) => <input {...p} name="grant-id" value={id} spellCheck={false} onChange={(e) => setId(e.target.value)} />}
      </Field>
      <button type="submit" className="button">
        {t('grants.open')}
      </button>
      <ProblemMessage error={error} />
    </form>
  );
}
