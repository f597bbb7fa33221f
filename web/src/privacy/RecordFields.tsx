/** A record's fields grouped by classification level; masked values are marked as masked. */
import { useTranslation } from 'react-i18next';
import type { FieldValue, RegistryRecord } from '../api/privacy-types.ts';
import { FIELDS, TAGS, fieldsByLevel, labelIn } from './classification.ts';

/** One value as text: lists joined, tags by their labels, nothing as a dash. */
export function useValueText(kind: RegistryRecord['kind']) {
  const { t, i18n } = useTranslation();
  return (name: string, v: FieldValue | undefined): string => {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return '—';
    if (!Array.isArray(v)) return v;
    const items = name === 'tags' ? v.map((tag) => labelIn(TAGS[kind][tag], i18n.language, tag)) : v;
    return items.join(t('common.listSeparator'));
  };
}

/** The grouped fields. */
export function RecordFields({ record }: { record: RegistryRecord }) {
  const { t, i18n } = useTranslation();
  const text = useValueText(record.kind);
  return (
    <div className="record-fields">
      {fieldsByLevel(record.kind, record.fields).map((g) => (
        <section key={g.level} className={`level level-${g.level}`} aria-labelledby={`level-${g.level}`}>
          <h2 id={`level-${g.level}`}>{t(`registry.level.${g.level}`)}</h2>
          <dl className="facts">
            {g.names.map((n) => {
              const masked = record.masked.includes(n);
              return (
                <div key={n} className="fact" data-field={n} data-masked={masked ? 'true' : 'false'}>
                  <dt>{labelIn(FIELDS[record.kind][n], i18n.language, n)}</dt>
                  <dd>
                    {text(n, record.fields[n])}
                    {masked && <span className="badge masked-badge">{t('registry.masked')}</span>}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </div>
  );
}
