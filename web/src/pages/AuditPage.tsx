/**
 * `/audit`: the audit log. Auditors search it — by actor, action (`registry.*` for a prefix),
 * subject, purpose and time — newest first, a page at a time; auditors and administrators of the
 * whole city verify the hash chain and see the first broken entry, if any.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../api/privacy-endpoints.ts';
import type { AuditEntry } from '../api/privacy-types.ts';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useLoad } from '../lib/use-load.ts';
import { auditQuery, EMPTY_AUDIT_FORM, type AuditForm } from '../privacy/audit-query.ts';
import { AuditTable } from '../privacy/AuditTable.tsx';
import { ChainCheck } from '../privacy/ChainCheck.tsx';
import { AUDIT_SEARCH_ROLES } from '../privacy/roles.ts';
import { hasRole, useMe } from '../session/session.tsx';
import '../privacy/privacy.css';

/** Entries per page. */
const PAGE = 50;

export default function AuditPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <section className="privacy-page" aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <p className="muted">{t('audit.intro')}</p>
      </div>
      <ChainCheck />
      {hasRole(me, ...AUDIT_SEARCH_ROLES) && <AuditSearch />}
    </section>
  );
}

const FIELDS: ReadonlyArray<{ name: keyof AuditForm; type?: string }> = [
  { name: 'actor' },
  { name: 'action' },
  { name: 'subjectKind' },
  { name: 'subjectId' },
  { name: 'purpose' },
  { name: 'from', type: 'datetime-local' },
  { name: 'to', type: 'datetime-local' },
];

function AuditSearch() {
  const { t } = useTranslation();
  const [form, setForm] = useState<AuditForm>(EMPTY_AUDIT_FORM);
  const [applied, setApplied] = useState<AuditForm>(EMPTY_AUDIT_FORM);
  const key = JSON.stringify(applied);
  const first = useLoad(() => auditApi.entries({ ...auditQuery(applied), limit: PAGE }), key);
  // Later pages of the current search (dropped when the search changes).
  const [more, setMore] = useState<{ key: string; items: AuditEntry[]; cursor: string | null; error: unknown }>({
    key,
    items: [],
    cursor: null,
    error: null,
  });
  const extra = more.key === key ? more : { key, items: [], cursor: null, error: null };
  const cursor = extra.items.length > 0 ? extra.cursor : (first.data?.nextCursor ?? null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(form);
  };
  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await auditApi.entries({ ...auditQuery(applied), cursor, limit: PAGE });
      setMore({ key, items: [...extra.items, ...page.items], cursor: page.nextCursor, error: null });
    } catch (err) {
      setMore({ ...extra, error: err });
    }
  };

  return (
    <>
      <form className="card filter-form" onSubmit={submit} aria-label={t('audit.search')}>
        <div className="filter-grid">
          {FIELDS.map(({ name, type }) => (
            <Field key={name} label={t(`audit.filter.${name}`)}>
              {(p) => (
                <input
                  {...p}
                  name={name}
                  type={type ?? 'text'}
                  value={form[name]}
                  spellCheck={false}
                  onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
                />
              )}
            </Field>
          ))}
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setForm(EMPTY_AUDIT_FORM)}>
            {t('audit.clear')}
          </button>
          <button type="submit" className="button button-primary">
            {t('audit.search')}
          </button>
        </div>
      </form>
      {first.error ? (
        <ProblemMessage error={first.error} onRetry={first.reload} />
      ) : !first.data ? (
        <Loading />
      ) : first.data.items.length === 0 ? (
        <p className="empty">{t('audit.none')}</p>
      ) : (
        <>
          <AuditTable entries={[...first.data.items, ...extra.items]} />
          <ProblemMessage error={extra.error} />
          {cursor && (
            <button type="button" className="button" onClick={() => void loadMore()}>
              {t('common.more')}
            </button>
          )}
        </>
      )}
    </>
  );
}
