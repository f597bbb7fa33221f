/** Types `t()` keys from the Chinese resources: a key that is not in zh.json does not compile. */
import 'i18next';
import type zh from './zh.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zh };
  }
}
