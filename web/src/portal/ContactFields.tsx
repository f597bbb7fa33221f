/**
 * The optional contact of a public report, with what happens to it said plainly before anything
 * is typed: a report without a contact is fine (anonymous); a contact given is kept with the case
 * only for the staff handling it, shown to them masked (138****0000), never published, never in
 * the follow page or the open data.
 */
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';

/** The contact as typed. */
export interface ContactDraft {
  name: string;
  phone: string;
  email: string;
}

/** Props of {@link ContactFields}. */
export interface ContactFieldsProps {
  value: ContactDraft;
  onChange: (patch: Partial<ContactDraft>) => void;
  /** The message for a field (the form's own check or the server's), by name. */
  error: (name: 'name' | 'phone' | 'email') => string | null;
}

/** The explanation and the three fields. */
export function ContactFields({ value, onChange, error }: ContactFieldsProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="card contact">
      <legend>{t('portal.contact.title')}</legend>
      <div className="anonymity" id="anonymity">
        <p>
          <strong>{t('portal.contact.anonymous')}</strong>
        </p>
        <ul>
          <li>{t('portal.contact.kept')}</li>
          <li>{t('portal.contact.whoSees')}</li>
          <li>{t('portal.contact.masked')}</li>
          <li>{t('portal.contact.never')}</li>
        </ul>
      </div>
      <Field label={t('portal.contact.name')} error={error('name')}>
        {(p) => (
          <input {...p} maxLength={100} autoComplete="name" value={value.name} onChange={(e) => onChange({ name: e.target.value })} />
        )}
      </Field>
      <div className="field-row">
        <Field label={t('portal.contact.phone')} error={error('phone')}>
          {(p) => (
            <input
              {...p}
              type="tel"
              maxLength={20}
              autoComplete="tel"
              value={value.phone}
              onChange={(e) => onChange({ phone: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('portal.contact.email')} error={error('email')}>
          {(p) => (
            <input
              {...p}
              type="email"
              maxLength={200}
              autoComplete="email"
              value={value.email}
              onChange={(e) => onChange({ email: e.target.value })}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}
