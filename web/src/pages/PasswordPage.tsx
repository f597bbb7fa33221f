/**
 * `/password`: change one's own password — the current one and the new one twice. The session
 * sends the user here when sign-in says the password has expired or any request answers
 * PASSWORD_EXPIRED (the only thing such a session may do); the policy's refusals are shown,
 * translated, next to the new password. Afterwards, on to `next`.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { credentialApi } from '../api/endpoints.ts';
import { Field } from '../components/Field.tsx';
import { ProblemMessage, useProblemText } from '../components/ProblemMessage.tsx';
import { passwordProblems } from '../privacy/password-problems.ts';
import { safeNext } from '../router/match.ts';
import { useNavigate, useSearchParams } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import '../privacy/privacy.css';

type Name = 'currentPassword' | 'newPassword' | 'repeat';

export default function PasswordPage() {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const { passwordExpired, passwordChanged } = useSession();
  const navigate = useNavigate();
  const next = safeNext(useSearchParams().get('next'), '/work');
  // Passwords are never kept as drafts.
  const [values, setValues] = useState<Record<Name, string>>({ currentPassword: '', newPassword: '', repeat: '' });
  const [local, setLocal] = useState<Partial<Record<Name, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: Partial<Record<Name, string>> = {};
    for (const n of ['currentPassword', 'newPassword', 'repeat'] as const) if (!values[n]) problems[n] = t('password.required');
    if (!problems.repeat && values.repeat !== values.newPassword) problems.repeat = t('password.mismatch');
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      await credentialApi.changePassword(values.currentPassword, values.newPassword);
      setValues({ currentPassword: '', newPassword: '', repeat: '' });
      setDone(true);
      passwordChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const apiError = error instanceof ApiError ? error : null;
  const policy = apiError ? passwordProblems(apiError) : [];
  // Each policy sentence ends with its own full stop, so they read joined.
  const newPasswordError =
    local.newPassword ??
    (policy.length > 0
      ? policy.map((p) => t(`password.problems.${p}`)).join(' ')
      : apiError?.messageFor('newPassword')
        ? apiError.message
        : null);
  const currentError = local.currentPassword ?? (apiError?.messageFor('currentPassword') ? problemText(apiError) : null);
  const general =
    apiError && (policy.length > 0 || apiError.messageFor('newPassword') || apiError.messageFor('currentPassword')) ? null : error;

  const input =
    (name: Name, autoComplete: string) => (p: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => (
      <input
        {...p}
        name={name}
        type="password"
        autoComplete={autoComplete}
        value={values[name]}
        onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
      />
    );

  return (
    <section className="card password-card" aria-labelledby="password-title">
      <h1 id="password-title">{t('password.title')}</h1>
      {passwordExpired && (
        <p className="notice" role="status">
          {t('password.expiredNotice')}
        </p>
      )}
      {done ? (
        <>
          <p role="status">{t('password.done')}</p>
          <button type="button" className="button button-primary" onClick={() => navigate(next, { replace: true })}>
            {t('password.continue')}
          </button>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Field label={t('password.current')} error={currentError}>
            {input('currentPassword', 'current-password')}
          </Field>
          <Field label={t('password.new')} error={newPasswordError} hint={t('password.policy')}>
            {input('newPassword', 'new-password')}
          </Field>
          <Field label={t('password.repeat')} error={local.repeat ?? null}>
            {input('repeat', 'new-password')}
          </Field>
          {general ? <ProblemMessage error={general} /> : null}
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('password.saving') : t('password.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
