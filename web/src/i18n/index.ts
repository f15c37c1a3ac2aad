// src/i18n/index.ts: vue-i18n for both apps. Chinese (zh-CN) is the default; English is the
// second language. Messages live in messages/*.ts, one file per area with both languages side
// by side, so a later module adds its strings by adding a file.
import { createI18n } from 'vue-i18n';
import { ref } from 'vue';
import { setApiLanguage, configureApi } from '@/api';

export type Lang = 'zh-CN' | 'en';
export const LANGS: { value: Lang; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];
const STORAGE_KEY = 'lvzhi.lang';

type Tree = { [k: string]: string | Tree };
interface MessageFile { default: { zh: Tree; en: Tree } }
const files = import.meta.glob<MessageFile>('./messages/*.ts', { eager: true });
const zh: Tree = {};
const en: Tree = {};
for (const f of Object.values(files)) {
  Object.assign(zh, f.default.zh);
  Object.assign(en, f.default.en);
}

/** The language remembered in localStorage, else Chinese. */
export function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch { /* private mode */ }
  return 'zh-CN';
}

const initial = storedLang();
export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: initial,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
});

/** The current language, reactive. */
export const lang = ref<Lang>(initial);
setApiLanguage(initial);
document.documentElement.lang = initial;

/** Switches the language everywhere and remembers it. */
export function setLang(l: Lang) {
  lang.value = l;
  i18n.global.locale.value = l;
  setApiLanguage(l);
  document.documentElement.lang = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch { /* private mode */ }
}

/** t() outside components. */
export const t = (key: string, named?: Record<string, unknown>) =>
  named ? i18n.global.t(key, named) : i18n.global.t(key);
configureApi({ text: (key) => t(key) });
/** Whether key has words in the current language (or the fallback's). */
export const te = (key: string) => i18n.global.te(key) || i18n.global.te(key, 'zh-CN');

/** Declares a message file: the English tree must have the keys of the Chinese one. */
export function defineMessages<T extends Tree>(m: { zh: T; en: NoInfer<DeepString<T>> }) {
  return m;
}
type DeepString<T> = { [K in keyof T]: T[K] extends string ? string : DeepString<T[K]> };
