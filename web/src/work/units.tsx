/** Unit names for the workbench: fetched once per page load and shared by every row that shows them. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { unitsApi } from '../api/endpoints.ts';
import type { Case, Unit } from '../api/types.ts';
import { useLoad } from '../lib/use-load.ts';

const cache = new Map<string, Promise<Unit>>();

/** One unit by id, fetched once (a failure is forgotten, so the next ask tries again). */
export function loadUnit(id: string): Promise<Unit> {
  let p = cache.get(id);
  if (!p) {
    p = unitsApi.get(id).catch((e: unknown) => {
      cache.delete(id);
      throw e;
    });
    cache.set(id, p);
  }
  return p;
}

/** Remembers units already fetched in a list (the dispatch picker), so rows need not ask again. */
export function rememberUnits(units: readonly Unit[]): void {
  for (const u of units) if (!cache.has(u.id)) cache.set(u.id, Promise.resolve(u));
}

/** A unit's name in the language shown. */
export function useUnitLabel(): (u: Unit) => string {
  const { i18n } = useTranslation();
  const en = i18n.resolvedLanguage === 'en';
  return (u) => (en && u.nameEn ? u.nameEn : u.name);
}

/** A unit's name, or its id while loading or when it cannot be read. */
export function UnitName({ id }: { id: string }) {
  const label = useUnitLabel();
  const { data } = useLoad(() => loadUnit(id), id);
  return <>{data ? label(data) : id}</>;
}

const suggestions = new Map<string, Promise<Unit | null>>();

/** The unit the responsibility matrix names for a category at a place, fetched once per pair; null when none. */
export function loadSuggestedUnit(category: string, jurisdictionId: string): Promise<Unit | null> {
  const key = `${category}@${jurisdictionId}`;
  let p = suggestions.get(key);
  if (!p) {
    p = unitsApi.resolve(category, jurisdictionId).then(
      (r) => r.unit,
      (e: unknown) => {
        suggestions.delete(key);
        if (e instanceof ApiError && e.code === 'NO_RESPONSIBLE_UNIT') return null;
        throw e;
      },
    );
    suggestions.set(key, p);
  }
  return p;
}

/** The suggested unit of a case: the one recorded at dispatch, else the matrix's answer now. */
export function SuggestedUnit({ c, none }: { c: Pick<Case, 'suggestedUnitId' | 'category' | 'jurisdictionId'>; none: string }) {
  const label = useUnitLabel();
  const { data, error } = useLoad(
    () => (c.suggestedUnitId ? loadUnit(c.suggestedUnitId) : loadSuggestedUnit(c.category, c.jurisdictionId)),
    `${c.suggestedUnitId ?? ''}:${c.category}@${c.jurisdictionId}`,
  );
  if (data) return <>{label(data)}</>;
  return <>{data === null || error ? none : '…'}</>;
}
