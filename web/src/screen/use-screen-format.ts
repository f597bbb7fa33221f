/** The screen's number and time formats, in the language shown and the city's time zone. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CITY_TIME_ZONE } from '../i18n/format.ts';
import { LOCALE, type Language } from '../i18n/i18n.ts';

/** Formatters for the panels. */
export interface ScreenFormat {
  /** Clock time, e.g. 10:42:07. */
  time(ms: number): string;
  /** Date and time, short. */
  dateTime(ms: number): string;
  /** A share 0–1 as a percentage with one decimal, or the "no figure" text. */
  percent(share: number | null): string;
  /** A count with grouping. */
  count(n: number): string;
}

/** The formatters for the current language. */
export function useScreenFormat(): ScreenFormat {
  const { t, i18n } = useTranslation();
  const lang: Language = i18n.resolvedLanguage === 'en' ? 'en' : 'zh';
  const none = t('screen.kpi.none');
  return useMemo(() => {
    const locale = LOCALE[lang];
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone: CITY_TIME_ZONE, hour12: false });
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: CITY_TIME_ZONE, hour12: false });
    const pct = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const num = new Intl.NumberFormat(locale);
    return {
      time: (ms) => time.format(ms),
      dateTime: (ms) => dateTime.format(ms),
      percent: (share) => (share === null ? none : pct.format(share)),
      count: (n) => num.format(n),
    };
  }, [lang, none]);
}
