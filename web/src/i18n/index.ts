import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { id } from './id.js';
import { en } from './en.js';

export type Language = 'id' | 'en';
const STORAGE_KEY = 'sapa.lang';

/** The language chosen earlier on this browser, Indonesian otherwise. */
export function storedLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
}

/** Switches the UI language and remembers it for the next visit. */
export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'id',
  // React escapes; i18next's own escaping would mangle `{contactname}` style values.
  interpolation: { escapeValue: false },
  // Error codes like `template.unknown_variable` resolve as `errors.template.unknown_variable`.
  nsSeparator: false,
});
document.documentElement.lang = storedLanguage();

export default i18n;
