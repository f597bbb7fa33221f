/**
 * Where the screen is in the jurisdiction tree: the caller's scope first, then each level down to
 * the one picked. Every crumb but the last goes back up to it.
 */
import { useTranslation } from 'react-i18next';
import type { JurisdictionLevel } from '../api/types.ts';
import { levelRank } from './map/levels.ts';

/** One step of the path. */
export interface Crumb {
  id: string;
  name: string;
  level: JurisdictionLevel;
}

/**
 * The crumbs from the scope down to `current` (ancestors above the scope are not the caller's to
 * look at, so they are left out). Pure.
 */
export function crumbsFor(scope: Crumb, current: (Crumb & { ancestors: Crumb[] }) | null): Crumb[] {
  if (!current || current.id === scope.id) return [scope];
  const below = current.ancestors.filter((a) => levelRank(a.level) > levelRank(scope.level));
  return [scope, ...below, { id: current.id, name: current.name, level: current.level }];
}

/** The breadcrumb bar; `onGo(null)` goes back to the scope. */
export function Breadcrumbs({ crumbs, onGo }: { crumbs: Crumb[]; onGo: (id: string | null) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="breadcrumbs" aria-label={t('screen.breadcrumb')}>
      <ol>
        {crumbs.map((c, i) => {
          const last = i === crumbs.length - 1;
          return (
            <li key={c.id}>
              <span className="crumb-level">{t(`screen.level.${c.level}`)}</span>
              {last ? (
                <span aria-current="location" className="crumb-current">
                  {c.name}
                </span>
              ) : (
                <button type="button" className="crumb-link" onClick={() => onGo(i === 0 ? null : c.id)}>
                  {c.name}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
