/**
 * Picking a case category (small class of the 部件/事件 catalogue) by search: type a few
 * characters of the name (Chinese or English), the code or the big class, pick from the matches.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogueApi } from '../api/endpoints.ts';
import type { Catalogue, CatalogueItem } from '../api/types.ts';
import { useLoad } from '../lib/use-load.ts';
import { useWorkProblem } from './problem.tsx';

/** Most matches listed at once. */
const SHOWN = 12;

/** The small classes matching `query` (every word must match the code, a name or the big class). Pure. */
export function searchCategories(catalogue: Catalogue, query: string, limit = SHOWN): CatalogueItem[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const big = new Map(catalogue.bigClasses.map((b) => [b.code, `${b.zh} ${b.en}`.toLowerCase()]));
  const scored: Array<[number, CatalogueItem]> = [];
  for (const item of catalogue.items) {
    const own = `${item.code} ${item.zh} ${item.en}`.toLowerCase();
    const all = `${own} ${big.get(item.bigClass) ?? ''}`;
    if (!words.every((w) => all.includes(w))) continue;
    // Own-name matches first, then those found through the big class; code order within.
    scored.push([words.every((w) => own.includes(w)) ? 0 : 1, item]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].code.localeCompare(b[1].code));
  return scored.slice(0, limit).map(([, i]) => i);
}

/** Props of {@link CategoryPicker}. */
export interface CategoryPickerProps {
  value: string;
  onChange: (code: string) => void;
  error?: string | null;
}

/** The search box, its matches, and the chosen category. */
export function CategoryPicker({ value, onChange, error }: CategoryPickerProps) {
  const { t, i18n } = useTranslation();
  const problem = useWorkProblem();
  const id = useId();
  const [query, setQuery] = useState('');
  const catalogue = useLoad(() => catalogueApi(), 'catalogue');
  const en = i18n.resolvedLanguage === 'en';
  const name = (i: CatalogueItem) => (en ? i.en : i.zh);
  const chosen = catalogue.data?.items.find((i) => i.code === value) ?? null;
  const matches = catalogue.data ? searchCategories(catalogue.data, query) : [];
  const shownError = error ?? (catalogue.error ? problem.text(catalogue.error) : null);
  return (
    <div className={shownError ? 'field field-invalid category-picker' : 'field category-picker'}>
      <label htmlFor={id}>{t('intake.category')}</label>
      {chosen && (
        <p className="chosen" aria-live="polite">
          {t('intake.chosen', { name: name(chosen), code: chosen.code })}
        </p>
      )}
      <input
        id={id}
        type="search"
        value={query}
        placeholder={t('intake.categorySearch')}
        aria-invalid={Boolean(shownError)}
        aria-describedby={shownError ? `${id}-error` : undefined}
        onChange={(e) => setQuery(e.target.value)}
      />
      {query.trim() && (
        <ul className="category-matches" aria-label={t('intake.matches')}>
          {matches.length === 0 && <li className="muted">{t('intake.noMatch')}</li>}
          {matches.map((i) => (
            <li key={i.code}>
              <button
                type="button"
                aria-pressed={i.code === value}
                onClick={() => {
                  onChange(i.code);
                  setQuery('');
                }}
              >
                <span>{name(i)}</span> <span className="muted">{i.code}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {shownError && (
        <div className="field-error" id={`${id}-error`}>
          {shownError}
        </div>
      )}
    </div>
  );
}
