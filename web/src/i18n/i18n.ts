/**
 * i18next set-up: Simplified Chinese by default, English switchable, the choice kept in
 * localStorage. Every string the app shows goes through `t()`; zh.json is the reference (its
 * keys type `t`), en.json must have the same keys (a test checks).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zh from './zh.json';
import en from './en.json';

/** The languages offered, default first. */
export const LANGUAGES = ['zh', 'en'] as const;
/** One language. */
export type Language = (typeof LANGUAGES)[number];

/** Where the choice is kept. */
export const LANGUAGE_KEY = 'cityops.lang';

/** BCP 47 tags for `<html lang>` and Intl formatting. */
export const LOCALE: Record<Language, string> = { zh: 'zh-CN', en: 'en' };

function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** The remembered language, else Chinese. */
export function storedLanguage(): Language {
  try {
    const v = window.localStorage.getItem(LANGUAGE_KEY);
    return isLanguage(v) ? v : 'zh';
  } catch {
    return 'zh';
  }
}

/** The language now shown. */
export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'zh';
}

function applyToDocument(lang: Language): void {
  document.documentElement.lang = LOCALE[lang];
  document.title = i18n.t('app.title');
}

/** Switches the language and remembers the choice. */
export async function setLanguage(lang: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_KEY, lang);
  } catch {
    // ignore: the switch still works for this page
  }
  await i18n.changeLanguage(lang);
  applyToDocument(lang);
}

/** Initialises i18next (synchronously: the resources are bundled). */
export function initI18n(): typeof i18n {
  const lng = storedLanguage();
  void i18n.use(initReactI18next).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng,
    fallbackLng: 'zh',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  applyToDocument(lng);
  return i18n;
}
