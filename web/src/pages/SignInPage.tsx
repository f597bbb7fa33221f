/**
 * `/signin`: username and password, errors next to the field, and — when the platform runs the
 * demo — the demo accounts (click one to fill the form). After signing in, back to `next`.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { demoAccounts } from '../api/endpoints.ts';
import { Field } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useLoad } from '../lib/use-load.ts';
import { safeNext } from '../router/match.ts';
import { Link, useNavigate, useSearchParams } from '../router/router.tsx';
import { useDraft } from '../session/drafts.ts';
import { useSession } from '../session/session.tsx';

/** The demo accounts' shared password (demo data only; the platform prints it at start too). */
export const DEMO_PASSWORD = 'Cityops-demo-2026';

/** Where a user lands after signing in when no `next` was asked for. */
export const HOME = '/work';

export default function SignInPage() {
  const { t } = useTranslation();
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const params = useSearchParams();
  const next = safeNext(params.get('next'), HOME);
  const expired = params.get('expired') === '1';
  // The username is kept as a draft (never the password).
  const [username, setUsername] = useDraft('signin.username', '');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const demo = useLoad(() => demoAccounts(), 'demo');

  useEffect(() => {
    if (state.status === 'signed-in') navigate(next, { replace: true });
  }, [state.status, next, navigate]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: typeof local = {};
    if (!username.trim()) problems.username = t('signin.usernameRequired');
    if (!password) problems.password = t('signin.passwordRequired');
    setLocal(problems);
    setError(null);
    if (problems.username || problems.password) return;
    setBusy(true);
    try {
      await signIn(username.trim(), password);
      setPassword('');
      // The effect above moves on once the session says signed-in.
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const apiError = error instanceof ApiError ? error : null;
  const fieldError = (name: 'username' | 'password') => local[name] ?? apiError?.messageFor(name) ?? null;
  const generalError = apiError && (apiError.messageFor('username') || apiError.messageFor('password')) ? null : error;

  return (
    <div className="signin">
      <section className="card signin-card" aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signin.title')}</h1>
        {expired && (
          <p className="notice" role="status">
            {t('signin.expired')}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Field label={t('signin.username')} error={fieldError('username')}>
            {(p) => (
              <input
                {...p}
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('signin.password')} error={fieldError('password')}>
            {(p) => (
              <input
                {...p}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          {generalError ? <ProblemMessage error={generalError} /> : null}
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('signin.signingIn') : t('signin.submit')}
          </button>
        </form>
        <p className="signin-citizen">
          <Link to="/report">{t('signin.citizen')}</Link>
        </p>
      </section>
      {demo.data && demo.data.accounts.length > 0 && (
        <section className="card demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('signin.demo.title')}</h2>
          <p>{t('signin.demo.password', { password: DEMO_PASSWORD })}</p>
          <ul>
            {demo.data.accounts.map((a) => (
              <li key={a.username}>
                <button
                  type="button"
                  className="demo-account"
                  onClick={() => {
                    setUsername(a.username);
                    setPassword(DEMO_PASSWORD);
                    setLocal({});
                    setError(null);
                  }}
                >
                  <code>{a.username}</code>
                  <span className="demo-role">{a.roles.map((r) => t(`roles.${r}`)).join(t('common.listSeparator'))}</span>
                  <span className="demo-name">{a.displayName}</span>
                </button>
              </li>
            ))}
          </ul>
          <p className="field-hint">{t('signin.demo.hint')}</p>
        </section>
      )}
    </div>
  );
}
