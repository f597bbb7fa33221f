/** Dates and numbers in the language shown. */
import { useTranslation } from 'react-i18next';
import { LOCALE, type Language } from './i18n.ts';

/**
 * Times are shown in the city's time zone (the platform's CITYOPS_TIME_ZONE, Asia/Shanghai for
 * the demo), wherever the browser is, so they agree with case codes and working hours.
 */
export const CITY_TIME_ZONE = 'Asia/Shanghai';

/** Formatters bound to the current language. */
export interface Formatters {
  /** Date and time, e.g. 2026/11/27 10:00. */
  dateTime(ms: number | null | undefined): string;
  /** A number with grouping. */
  number(n: number): string;
}

/** The formatters for the language now shown (re-rendered on a switch). */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const lang: Language = i18n.resolvedLanguage === 'en' ? 'en' : 'zh';
  const dt = new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: CITY_TIME_ZONE });
  const num = new Intl.NumberFormat(LOCALE[lang]);
  return {
    dateTime: (ms) => (ms === null || ms === undefined ? '—' : dt.format(ms)),
    number: (n) => num.format(n),
  };
}
