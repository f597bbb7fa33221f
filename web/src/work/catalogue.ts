/** Category names from the public case catalogue, in the language shown. */
import { useTranslation } from 'react-i18next';
import { catalogueApi } from '../api/endpoints.ts';
import type { CatalogueItem } from '../api/types.ts';
import { useLoad } from '../lib/use-load.ts';

/** `code → name` in the current language; the code itself until the catalogue has loaded. */
export function useCategoryName(): (code: string) => string {
  const { i18n } = useTranslation();
  const { data } = useLoad(async () => new Map<string, CatalogueItem>((await catalogueApi()).items.map((i) => [i.code, i])), 'catalogue');
  const en = i18n.resolvedLanguage === 'en';
  return (code) => {
    const item = data?.get(code);
    return item ? (en ? item.en : item.zh) : code;
  };
}
