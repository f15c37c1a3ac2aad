// src/shared/format.ts: dates, times and numbered names (届次, quarters) for people.
import { lang as i18nLang } from '@/i18n';

const currentLang = (): string => i18nLang.value;
/** "2026-03-31T23:30:00+08:00" → "2026-03-31 23:30" in China Standard Time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const cst = new Date(d.getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${cst.getUTCFullYear()}-${p(cst.getUTCMonth() + 1)}-${p(cst.getUTCDate())} ${p(cst.getUTCHours())}:${p(cst.getUTCMinutes())}`;
}

/** Age in whole years on today's date, from "YYYY-MM-DD". */
export function ageOf(birth: string | null | undefined): number | null {
  if (!birth) return null;
  const [y, m, d] = birth.split('-').map(Number);
  if (!y) return null;
  const now = new Date();
  let age = now.getFullYear() - y;
  if (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) age--;
  return age;
}

/* ---- Chinese numerals and the forms written with them (the server's are src/base/cnum.c) ---- */
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** The Chinese numeral of 0..99 (十三, 二十); other numbers in Arabic digits. */
export function cnNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10), ones = n % 10;
  return `${tens > 1 ? DIGITS[tens] : ''}十${ones ? DIGITS[ones] : ''}`;
}

/** 第一季度 … 第四季度 (English: Q1 … Q4). */
export function quarterName(q: number, lang: string = currentLang()): string {
  if (!(q >= 1 && q <= 4)) return '';
  return lang === 'en' ? `Q${q}` : `第${DIGITS[q]}季度`;
}

/** 届次: 第十三届 (English: 13th term). */
export function termName(n: number | null | undefined, lang: string = currentLang()): string {
  if (!n || n < 1) return '';
  if (lang !== 'en') return `第${cnNumber(n)}届`;
  const t = n % 100, u = n % 10;
  const suf = t >= 11 && t <= 13 ? 'th' : u === 1 ? 'st' : u === 2 ? 'nd' : u === 3 ? 'rd' : 'th';
  return `${n}${suf} term`;
}
