/**
 * `/registry/:kind/:id`: one base record, its fields grouped by classification, masked values
 * marked. A purpose selector offers the purposes the caller's grants in force cover for this
 * record; choosing one reads it again with that purpose (`?purpose=`), which the platform unmasks
 * and audits. Without a fitting grant, the form to request one, pre-filled with this record.
 */
import { useTranslation } from 'react-i18next';
import { grantsApi, registryApi } from '../api/privacy-endpoints.ts';
import { PURPOSES, RECORD_KINDS, type Purpose, type RecordKind } from '../api/privacy-types.ts';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useLoad } from '../lib/use-load.ts';
import { coveringGrant, usableGrants } from '../privacy/grant-phase.ts';
import { GrantRequestForm } from '../privacy/GrantRequestForm.tsx';
import { RecordFields } from '../privacy/RecordFields.tsx';
import { GRANT_ROLES } from '../privacy/roles.ts';
import { useNow } from '../privacy/use-now.ts';
import { Link, useNavigate, useSearchParams } from '../router/router.tsx';
import { hasRole, useMe } from '../session/session.tsx';
import NotFoundPage from './NotFoundPage.tsx';
import '../privacy/privacy.css';

export default function RecordPage({ kind, id }: { kind: string; id: string }) {
  if (!(RECORD_KINDS as readonly string[]).includes(kind)) return <NotFoundPage />;
  return <Record kind={kind as RecordKind} id={id} />;
}

function Record({ kind, id }: { kind: RecordKind; id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const now = useNow();
  const navigate = useNavigate();
  const params = useSearchParams();
  const asked = params.get('purpose');
  const purpose = PURPOSES.find((p) => p === asked);
  const caseId = params.get('caseId') ?? undefined;
  const record = useLoad(() => registryApi.get(kind, id, { purpose, caseId }), `${kind}/${id}/${purpose ?? ''}/${caseId ?? ''}`);
  const canAsk = hasRole(me, ...GRANT_ROLES);
  const grants = useLoad(() => (canAsk ? grantsApi.list('mine') : Promise.resolve({ items: [] })), `grants:${me.user.id}`);
  const usable = usableGrants(grants.data?.items ?? [], me.user.id, kind, now);
  const r = record.data;
  const offers = r ? PURPOSES.map((p) => ({ purpose: p, grant: coveringGrant(usable, p, r) })).filter((o) => o.grant) : [];

  const choose = (p: Purpose | '') => {
    const grant = offers.find((o) => o.purpose === p)?.grant;
    const q = new URLSearchParams();
    if (p) q.set('purpose', p);
    if (grant?.caseId) q.set('caseId', grant.caseId);
    const s = q.toString();
    navigate(`/registry/${kind}/${encodeURIComponent(id)}${s ? `?${s}` : ''}`, { replace: true });
  };

  return (
    <section className="privacy-page" aria-labelledby="record-title">
      <div className="page-head">
        <Link to={`/registry?kind=${kind}`}>{t('registry.back')}</Link>
        <h1 id="record-title">{t('registry.recordTitle', { kind: t(`registry.kind.${kind}`) })}</h1>
        <p className="muted">
          <code>{id}</code>
        </p>
      </div>
      {record.error ? (
        <ProblemMessage error={record.error} onRetry={record.reload} />
      ) : !r ? (
        <Loading />
      ) : (
        <>
          <div className="card purpose-bar">
            <label htmlFor="purpose-select">{t('registry.purpose')}</label>
            <select id="purpose-select" name="purpose" value={purpose ?? ''} onChange={(e) => choose(e.target.value as Purpose | '')}>
              <option value="">{t('registry.noPurpose')}</option>
              {offers.map((o) => (
                <option key={o.purpose} value={o.purpose}>
                  {t(`purpose.${o.purpose}`)}
                </option>
              ))}
            </select>
            <p className="muted" role="status" data-masked-count={r.masked.length}>
              {r.masked.length > 0
                ? t('registry.maskedCount', { count: r.masked.length })
                : t('registry.unmasked', { grant: r.grantId ?? '—' })}
            </p>
            {offers.length === 0 && canAsk && <p className="field-hint">{t('registry.noGrant')}</p>}
          </div>
          <RecordFields record={r} />
          {canAsk && r.masked.length > 0 && <GrantRequestForm kind={kind} recordIds={[r.id]} onRequested={() => navigate('/grants')} />}
        </>
      )}
    </section>
  );
}
