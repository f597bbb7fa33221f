/**
 * `/audit`: the audit log. Auditors search it — by actor, action (`registry.*` for a prefix),
 * subject, purpose and time — newest first, a page at a time; auditors and administrators of the
 * whole city verify the hash chain and see the first broken entry, if any.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../api/privacy-endpoints.ts';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { auditQuery, EMPTY_AUDIT_FORM, type AuditForm } from '../privacy/audit-query.ts';
import { AuditTable } from '../privacy/AuditTable.tsx';
import { ChainCheck } from '../privacy/ChainCheck.tsx';
import { usePaged } from '../privacy/use-paged.ts';
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
  const list = usePaged(JSON.stringify(applied), (cursor) =>
    auditApi.entries({ ...auditQuery(applied), cursor: cursor ?? undefined, limit: PAGE }),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(form);
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
      {list.error ? (
        <ProblemMessage error={list.error} onRetry={list.reload} />
      ) : !list.items ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <p className="empty">{t('audit.none')}</p>
      ) : (
        <>
          <AuditTable entries={list.items} />
          <ProblemMessage error={list.moreError} />
          {list.hasMore && (
            <button type="button" className="button" onClick={() => void list.loadMore()}>
              {t('common.more')}
            </button>
          )}
        </>
      )}
    </>
  );
}
