import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Messages } from './vi';
import { vi } from './vi';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';
const STORAGE_KEY = 'chidao.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    // Storage can be blocked (private mode, policy); the default is fine then.
    return DEFAULT_LANGUAGE;
  }
}

/**
 * Vietnamese is in the first script; other languages are chunks fetched when chosen, so the officials
 * who read Vietnamese (nearly all) do not download English on slow 3G (issue 22's load budget).
 */
const LOADERS: Record<Exclude<Language, 'vi'>, () => Promise<Messages>> = {
  en: () => import('./en').then((m) => m.en),
};

/** The language's messages, loaded into i18next if they are not yet; a failed download leaves Vietnamese. */
async function loadLanguage(language: Language): Promise<void> {
  if (language === 'vi' || i18next.hasResourceBundle(language, 'translation')) return;
  i18next.addResourceBundle(language, 'translation', await LOADERS[language]());
}

export function setLanguage(language: Language): void {
  void loadLanguage(language)
    .then(() => i18next.changeLanguage(language))
    .catch(() => {
      // Offline: the switch stays on the language shown; the person can press it again.
    });
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, still switched.
  }
}

/** Keeps <html lang> in step so screen readers pronounce the text in the right language. */
i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

/**
 * Starts i18next in Vietnamese, then in the stored language once its messages are here (main.tsx
 * waits for that before the first render, so the page does not flash in Vietnamese).
 */
export async function initI18n(): Promise<typeof i18next> {
  void i18next.use(initReactI18next).init({
    resources: { vi: { translation: vi } },
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    // React escapes on render already.
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  const stored = storedLanguage();
  if (stored !== DEFAULT_LANGUAGE) {
    try {
      await loadLanguage(stored);
      await i18next.changeLanguage(stored);
    } catch {
      // Its chunk did not arrive (offline): Vietnamese, which every page has, rather than no page.
    }
  }
  document.documentElement.lang = i18next.language;
  return i18next;
}
