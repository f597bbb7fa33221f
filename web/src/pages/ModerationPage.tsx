/**
 * `/moderation` 审核: citizen reports the moderation rules held (abusive or spammy text) in the
 * caller's jurisdiction, oldest first. Approving files the case now; rejecting needs a reason,
 * which the citizen reads on their follow page. Both are audited by the server. For admins,
 * shift leads and intake operators.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { moderationApi } from '../api/public-endpoints.ts';
import type { HeldSubmission } from '../api/public-types.ts';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { usePortalProblem } from '../portal/problem.tsx';
import { MODERATION_ROLES } from '../portal/roles.ts';
import { hasRole, useMe } from '../session/session.tsx';
import { useCategoryName } from '../work/catalogue.ts';
import '../work/work.css';
import '../portal/portal.css';

/** The moderation rules' flag kinds (src/public/citizen/moderation-model.ts), each with its words. */
const FLAGS = ['links', 'repetition', 'abuse', 'shouting', 'markup'] as const;
const isFlag = (f: string): f is (typeof FLAGS)[number] => (FLAGS as readonly string[]).includes(f);

export default function ModerationPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!hasRole(me, ...MODERATION_ROLES)) {
    return (
      <section className="moderation">
        <h1>{t('moderation.title')}</h1>
        <p className="empty">{t('moderation.notForRole')}</p>
      </section>
    );
  }
  return <Queue />;
}

function Queue() {
  const { t } = useTranslation();
  const held = useLoad(() => moderationApi.held(), 'held');
  const [decided, setDecided] = useState<string[]>([]);
  const items = (held.data ?? []).filter((s) => !decided.includes(s.id));
  return (
    <section className="moderation" aria-labelledby="moderation-title">
      <h1 id="moderation-title">{t('moderation.title')}</h1>
      <p className="muted">{t('moderation.intro')}</p>
      {held.error ? (
        <ProblemMessage error={held.error} onRetry={held.reload} />
      ) : !held.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{t('moderation.empty')}</p>
      ) : (
        <ul className="held-list">
          {items.map((s) => (
            <HeldCard key={s.id} submission={s} onDecided={() => setDecided((d) => [...d, s.id])} />
          ))}
        </ul>
      )}
    </section>
  );
}

function HeldCard({ submission: s, onDecided }: { submission: HeldSubmission; onDecided: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const problem = usePortalProblem();
  const categoryName = useCategoryName();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      setDone(await action());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const approve = () => void run(async () => t('moderation.approved', { code: (await moderationApi.approve(s.id)).caseCode }));
  const reject = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!reason.trim()) return;
    void run(async () => {
      await moderationApi.reject(s.id, reason.trim());
      return t('moderation.rejected');
    });
  };
  if (done) {
    return (
      <li className="card held" role="status">
        <p>{done}</p>
        <button type="button" className="button" onClick={onDecided}>
          {t('moderation.next')}
        </button>
      </li>
    );
  }
  return (
    <li className="card held">
      <h2>
        {categoryName(s.category)} <span className="muted">{fmt.dateTime(s.createdAt)}</span>
      </h2>
      <p className="held-flags">
        {s.flags.map((f) => (
          <span key={f} className="badge urgency-high">
            {isFlag(f) ? t(`moderation.flag.${f}`) : f}
          </span>
        ))}{' '}
        {s.reason && <span className="muted">{s.reason}</span>}
      </p>
      {/* The citizen's text as text: React escapes it, so markup in it stays inert. */}
      <p className="held-text">{s.description}</p>
      <p className="muted">
        {t('moderation.channel', { channel: t(`moderation.channels.${s.channel}`) })}
        {s.address ? ` · ${s.address}` : ''}
      </p>
      {error ? (
        <div className="problem" role="alert">
          {problem.text(error)}
        </div>
      ) : null}
      {rejecting ? (
        <form onSubmit={reject} noValidate>
          <Field
            label={t('moderation.reason')}
            error={tried && !reason.trim() ? t('moderation.reasonRequired') : problem.field(error, 'reason')}
          >
            {(p) => <textarea {...p} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <p className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('moderation.confirmReject')}
            </button>
            <button type="button" className="button" onClick={() => setRejecting(false)}>
              {t('moderation.cancel')}
            </button>
          </p>
        </form>
      ) : (
        <p className="form-actions">
          <button type="button" className="button button-primary" disabled={busy} onClick={approve}>
            {t('moderation.approve')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => setRejecting(true)}>
            {t('moderation.reject')}
          </button>
        </p>
      )}
    </li>
  );
}
