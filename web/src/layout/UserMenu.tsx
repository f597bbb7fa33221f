/** The signed-in user's menu: who, which roles, where (scope and unit), password change and sign-out. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api/types.ts';
import { useSession } from '../session/session.tsx';
import { Link } from '../router/router.tsx';

/** A disclosure button with the user's name; the panel lists roles and scope and holds sign-out. */
export function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <details className="user-menu">
      <summary aria-label={t('user.menu')}>
        <span className="user-avatar" aria-hidden="true">
          {me.user.displayName.slice(0, 1)}
        </span>
        <span className="user-name">{me.user.displayName}</span>
      </summary>
      <div className="user-panel">
        <dl>
          <dt>{t('user.username')}</dt>
          <dd>{me.user.username}</dd>
          <dt>{t('user.roles')}</dt>
          <dd>{me.user.roles.map((r) => t(`roles.${r}`)).join(t('common.listSeparator'))}</dd>
          <dt>{t('user.scope')}</dt>
          <dd>{me.scope.name}</dd>
          {me.unit && (
            <>
              <dt>{t('user.unit')}</dt>
              <dd>{me.unit.name}</dd>
            </>
          )}
        </dl>
        <Link to="/password" className="button">
          {t('user.changePassword')}
        </Link>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void signOut().finally(() => setBusy(false));
          }}
        >
          {t('user.signOut')}
        </button>
      </div>
    </details>
  );
}
