/** Audit entries as a table that scrolls sideways on a phone: when, who, what, about what, why, outcome. */
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../api/privacy-types.ts';
import { useFormat } from '../i18n/format.ts';

/** The table. */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="table-scroll">
      <table className="audit-table">
        <thead>
          <tr>
            <th>{t('audit.col.seq')}</th>
            <th>{t('audit.col.at')}</th>
            <th>{t('audit.col.actor')}</th>
            <th>{t('audit.col.action')}</th>
            <th>{t('audit.col.subject')}</th>
            <th>{t('audit.col.purpose')}</th>
            <th>{t('audit.col.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-action={e.action} data-subject={e.subject.id ?? ''}>
              <td>{e.seq}</td>
              <td>{f.dateTime(e.at)}</td>
              <td>{e.actor.name}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {e.subject.kind}
                {e.subject.id ? <code className="subject-id"> {e.subject.id}</code> : null}
              </td>
              <td>{e.purpose ?? '—'}</td>
              <td className={`outcome-${e.outcome}`}>{t(`audit.outcome.${e.outcome}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
