/** The UI language as React context: the current language, `t`, and the switch. */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { translate, type Lang, type MessageKey, type MessageVars } from './i18n.ts';

/** What `useI18n` gives a component. */
export interface I18n {
  readonly lang: Lang;
  readonly t: (key: MessageKey, vars?: MessageVars) => string;
  readonly setLang: (lang: Lang) => void;
}

const STORAGE_KEY = 'lantu.lang';

const readStoredLang = (): Lang => {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
};

const I18nContext = createContext<I18n>({
  lang: 'zh',
  t: (key, vars) => translate('zh', key, vars),
  setLang: () => undefined,
});

/** Provides the language, Chinese unless the user chose English before. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  // The page's language follows the choice, a stored one too (index.html says zh-CN): screen
  // readers and hyphenation read it, and so does the check that no Chinese is left in English.
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and its translate function. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
