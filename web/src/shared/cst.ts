// src/shared/cst.ts: dates and times as the committees reckon them, in China Standard Time
// (UTC+8, no daylight saving), whatever the browser's own time zone. The API sends times as
// ISO 8601 with +08:00 and takes any offset; quarters, weeks and calendar days are CST days.
// Date pickers work on wall-clock strings ("2026-03-31T09:00:00") read as CST here.
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const p2 = (n: number) => String(n).padStart(2, '0');

/** The CST wall clock of a moment, as a Date whose UTC fields are the CST fields. */
function cstFields(ms: number): Date {
  return new Date(ms + 8 * HOUR);
}

/** "2026-03-31" (CST) of an ISO time or epoch milliseconds. */
export function cstDate(t: string | number | null | undefined): string {
  if (t === null || t === undefined || t === '') return '';
  const ms = typeof t === 'number' ? t : Date.parse(t);
  if (Number.isNaN(ms)) return '';
  const d = cstFields(ms);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
}

/** "09:30" (CST) of an ISO time. */
export function cstClock(t: string | null | undefined): string {
  if (!t) return '';
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return '';
  const d = cstFields(ms);
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}

/** The wall-clock string a date-time picker edits ("2026-03-31T09:30:00"), from an ISO time. */
export function toWall(t: string | null | undefined): string {
  if (!t) return '';
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return '';
  const d = cstFields(ms);
  return `${cstDate(ms)}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** An ISO time with +08:00 from a wall-clock string ("2026-03-31T09:30[:00]" or "2026-03-31 09:30"). */
export function fromWall(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(s);
  if (!m) return null;
  return `${m[1]}T${m[2]}:${m[3]}:${m[4] || '00'}+08:00`;
}

/** Epoch seconds of the start (00:00 CST) of a day "YYYY-MM-DD". */
export function dayStartSec(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor((Date.UTC(y, m - 1, d) - 8 * HOUR) / 1000);
}

/** The day n days after date ("YYYY-MM-DD"). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d) + n * DAY);
  return `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())}`;
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** The Monday of date's week. */
export const mondayOf = (date: string) => addDays(date, -weekdayOf(date));

/** Today in CST. */
export const todayCst = () => cstDate(Date.now());

/** This year and quarter in CST. */
export function thisQuarter(): { year: number; quarter: number } {
  const d = cstFields(Date.now());
  return { year: d.getUTCFullYear(), quarter: Math.floor(d.getUTCMonth() / 3) + 1 };
}

/** The first day of date's month. */
export const monthStart = (date: string) => `${date.slice(0, 7)}-01`;

/** The first day of the month n months after date's month. */
export function addMonths(date: string, n: number): string {
  const [y, m] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-01`;
}
