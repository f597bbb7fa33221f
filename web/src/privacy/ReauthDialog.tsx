/**
 * The password prompt an admin action asks for (403 REAUTH_REQUIRED): a modal dialog over the
 * page, so the form the user was filling in stays as it was; once the platform accepts the
 * password, the refused request is sent again (api/client.ts). Cancel gives the refusal back.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { credentialApi } from '../api/endpoints.ts';
import { Field } from '../components/Field.tsx';
import { ProblemMessage, useProblemText } from '../components/ProblemMessage.tsx';
import './privacy.css';

/** Props for {@link ReauthDialog}. */
export interface ReauthDialogProps {
  /** Called with true once the password was accepted, false when the user gave up. */
  onDone: (reauthenticated: boolean) => void;
}

/** The dialog; render it while a re-authentication is pending. */
export function ReauthDialog({ onDone }: ReauthDialogProps) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const ref = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password) {
      setError(t('signin.passwordRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await credentialApi.reauth(password);
      setPassword('');
      onDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const apiError = error instanceof ApiError ? error : null;
  // A wrong password is shown at the field; anything else (rate limit, network) above the buttons.
  const fieldError = typeof error === 'string' ? error : apiError?.messageFor('password') ? problemText(apiError) : null;
  const general = fieldError ? null : error;

  return (
    <dialog
      ref={ref}
      className="reauth-dialog"
      aria-labelledby="reauth-title"
      onCancel={(e) => {
        e.preventDefault();
        onDone(false);
      }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="reauth-title">{t('reauth.title')}</h2>
        <p>{t('reauth.text')}</p>
        <Field label={t('reauth.password')} error={fieldError}>
          {(p) => (
            <input
              {...p}
              name="reauth-password"
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {general ? <ProblemMessage error={general} /> : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => onDone(false)} disabled={busy}>
            {t('reauth.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('reauth.checking') : t('reauth.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
