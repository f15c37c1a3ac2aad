// src/shared/waiting.ts: how long an item has waited and how long it has left, as every list
// shows it (the proposals, a handling unit's assignments, the review queues, the requests): one
// rule, counted in whole CST calendar days (a deadline of 2026-03-31T23:59+08:00 is "今天到期" all
// of that CST day, whatever the browser's time zone).
//   waitMark(since)              已等 N 天
//   waitMark(since, {due})       剩 N 天 / 今天到期 / 逾期 N 天 (red), near (≤ nearDays) in amber
//   waitMark(since, {limitDays}) 已等 N 天, overdue (red) past limitDays
import { cstDate } from './cst';
import { t } from '@/i18n';

const DAY = 86_400_000;

/** Whole CST calendar days from the CST day of a to that of b (b later: positive). */
export function cstDaysBetween(a: string | number, b: string | number): number {
  const da = cstDate(a), db = cstDate(b);
  if (!da || !db) return 0;
  return Math.round((Date.parse(`${db}T00:00:00Z`) - Date.parse(`${da}T00:00:00Z`)) / DAY);
}

export interface WaitMark {
  /** 'overdue' past the due day (or the limit), 'near' within nearDays of it, else 'ok' */
  level: 'overdue' | 'near' | 'ok';
  /** days waited since `since` (null without since) */
  waited: number | null;
  /** days left to the due day: negative when overdue (null without a due day) */
  left: number | null;
  /** what a person reads: 已等 12 天 · 剩 3 天 / 逾期 5 天 */
  text: string;
  /** the CSS class of the mark: wait-overdue (red), wait-near (amber), wait-ok */
  cls: string;
}

/**
 * The mark of an item waiting since `since` (ISO time), due on `due` (ISO time) or within
 * `limitDays` of since; `now` for tests. Null when there is nothing to say.
 */
export function waitMark(since: string | null | undefined, opts: { due?: string | null; limitDays?: number; nearDays?: number; now?: number } = {}): WaitMark | null {
  const now = opts.now ?? Date.now();
  const near = opts.nearDays ?? 3;
  const waited = since ? Math.max(0, cstDaysBetween(since, now)) : null;
  let due = opts.due ?? null;
  if (!due && since && opts.limitDays !== undefined) due = new Date(Date.parse(since) + opts.limitDays * DAY).toISOString();
  const left = due ? cstDaysBetween(now, due) : null;
  if (waited === null && left === null) return null;
  const parts: string[] = [];
  if (waited !== null) parts.push(t('wait.waited', { n: waited }));
  let level: WaitMark['level'] = 'ok';
  if (left !== null) {
    if (left < 0) { level = 'overdue'; parts.push(t('wait.overdue', { n: -left })); }
    else if (left === 0) { level = 'near'; parts.push(t('wait.dueToday')); }
    else { if (left <= near) level = 'near'; parts.push(t('wait.left', { n: left })); }
  }
  return { level, waited, left, text: parts.join(' · '), cls: `wait-${level}` };
}
