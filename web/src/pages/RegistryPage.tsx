/**
 * `/registry`: the base data (人口、法人、房屋) inside the caller's jurisdiction, one kind per tab,
 * filtered by jurisdiction and tag (kept in the URL), listed masked — the platform audits every
 * read. A record opens its page (where a grant of the caller's can unmask it); the form below
 * requests a grant over listed records or a jurisdiction.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { registryApi } from '../api/privacy-endpoints.ts';
import { RECORD_KINDS, type RecordKind, type RegistryRecord } from '../api/privacy-types.ts';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { TAGS, labelIn } from '../privacy/classification.ts';
import { GrantRequestForm } from '../privacy/GrantRequestForm.tsx';
import { useValueText } from '../privacy/RecordFields.tsx';
import { GRANT_ROLES } from '../privacy/roles.ts';
import { usePaged } from '../privacy/use-paged.ts';
import { Link, useNavigate, useSearchParams } from '../router/router.tsx';
import { hasRole, useMe } from '../session/session.tsx';
import '../privacy/privacy.css';

/** Records per page. */
const PAGE = 50;

/** The fields that name a record in the list, by kind. */
const TITLE_FIELDS: Readonly<Record<RecordKind, readonly string[]>> = {
  person: ['name', 'address'],
  entity: ['name', 'industry'],
  housing: ['building', 'unit', 'room'],
};

export default function RegistryPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const params = useSearchParams();
  const kind = RECORD_KINDS.find((k) => k === params.get('kind')) ?? 'person';
  const jurisdiction = params.get('jurisdiction') ?? '';
  const tag = params.get('tag') ?? '';
  const [draft, setDraft] = useState({ jurisdiction, tag });
  const [asking, setAsking] = useState(false);
  const key = `${kind}|${jurisdiction}|${tag}`;
  const list = usePaged(key, (cursor) =>
    registryApi.list(kind, { jurisdiction: jurisdiction || undefined, tag: tag || undefined, cursor, limit: PAGE }),
  );

  const go = (next: { kind?: RecordKind; jurisdiction?: string; tag?: string }) => {
    const q = new URLSearchParams();
    q.set('kind', next.kind ?? kind);
    const j = (next.jurisdiction ?? jurisdiction).trim();
    const tg = next.tag ?? tag;
    if (j) q.set('jurisdiction', j);
    if (tg) q.set('tag', tg);
    navigate(`/registry?${q.toString()}`, { replace: true });
  };
  const filter = (e: FormEvent) => {
    e.preventDefault();
    go(draft);
  };
  return (
    <section className="privacy-page" aria-labelledby="registry-title">
      <div className="page-head">
        <h1 id="registry-title">{t('registry.title')}</h1>
        <p className="muted">{t('registry.intro', { scope: me.scope.name })}</p>
      </div>
      <div className="tabs" role="tablist" aria-label={t('registry.kinds')}>
        {RECORD_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={k === kind}
            onClick={() => {
              setDraft({ jurisdiction, tag: '' });
              go({ kind: k, tag: '' });
            }}
          >
            {t(`registry.kind.${k}`)}
          </button>
        ))}
      </div>
      <form className="inline-form" onSubmit={filter} aria-label={t('registry.filter')}>
        <Field label={t('registry.jurisdiction')} hint={t('registry.jurisdictionHint')}>
          {(p) => (
            <input
              {...p}
              name="jurisdiction"
              value={draft.jurisdiction}
              spellCheck={false}
              onChange={(e) => setDraft((d) => ({ ...d, jurisdiction: e.target.value }))}
            />
          )}
        </Field>
        <Field label={t('registry.tag')}>
          {(p) => (
            <select {...p} name="tag" value={draft.tag} onChange={(e) => setDraft((d) => ({ ...d, tag: e.target.value }))}>
              <option value="">{t('registry.anyTag')}</option>
              {Object.entries(TAGS[kind]).map(([code, label]) => (
                <option key={code} value={code}>
                  {labelIn(label, i18n.language, code)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button">
          {t('registry.apply')}
        </button>
      </form>
      {list.error ? (
        <ProblemMessage error={list.error} onRetry={list.reload} />
      ) : !list.items ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <p className="empty">{t('registry.none')}</p>
      ) : (
        <>
          <ul className="record-list" aria-label={t(`registry.kind.${kind}`)}>
            {list.items.map((r) => (
              <RecordRow key={r.id} record={r} />
            ))}
          </ul>
          <ProblemMessage error={list.moreError} />
          {list.hasMore && (
            <button type="button" className="button" onClick={() => void list.loadMore()}>
              {t('common.more')}
            </button>
          )}
        </>
      )}
      {hasRole(me, ...GRANT_ROLES) &&
        (asking ? (
          <GrantRequestForm key={kind} kind={kind} recordIds={[]} onRequested={() => navigate('/grants')} />
        ) : (
          <button type="button" className="button" onClick={() => setAsking(true)}>
            {t('grantForm.title')}
          </button>
        ))}
    </section>
  );
}

function RecordRow({ record: r }: { record: RegistryRecord }) {
  const { t } = useTranslation();
  const text = useValueText(r.kind);
  const title = TITLE_FIELDS[r.kind].map((f) => text(f, r.fields[f])).join(' · ');
  return (
    <li className="record-row" data-record={r.id} data-masked={r.masked.length > 0 ? 'true' : 'false'}>
      <Link to={`/registry/${r.kind}/${encodeURIComponent(r.id)}`}>{title}</Link>
      <span className="record-meta">
        {r.tags.length > 0 && <span className="muted">{text('tags', r.tags)}</span>}
        {r.masked.length > 0 && <span className="badge masked-badge">{t('registry.masked')}</span>}
      </span>
    </li>
  );
}
