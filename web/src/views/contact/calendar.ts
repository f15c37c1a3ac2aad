// src/views/contact/calendar.ts: the activities of a span of days for the calendar
// (GET /api/v1/activities/calendar: at most 62 days, with each activity's clashes). A server
// without that route answers from the plain list (GET /api/v1/activities?from=&to=), without clashes.
import { api, ApiError, listAll } from '@/api';
import type { Activity, CalendarItem } from './contact';

/** The activities starting on the days [from, to) ("YYYY-MM-DD", CST) of committeeId's subtree. */
export async function loadCalendar(committeeId: number | null, from: string, to: string):
  Promise<{ items: CalendarItem[]; clashes: boolean; truncated: boolean }> {
  // the start of the first day and of the day after the last, as times with the CST offset
  const range = { committee_id: committeeId || undefined, from: `${from}T00:00:00+08:00`, to: `${to}T00:00:00+08:00` };
  try {
    const r = await api.get('/api/v1/activities/calendar', range);
    return { items: r.items.map((i) => ({ ...i, clash_ids: i.clash_ids || [] })), clashes: true, truncated: !!r.truncated };
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 405)) throw e;
  }
  const rows = await listAll<Activity>('/api/v1/activities', range);
  return {
    clashes: false,
    truncated: false,
    items: rows.map((a) => ({
      id: a.id, kind: a.kind, title: a.title, status: a.status, committee_id: a.committee_id, committee_name: a.committee_name,
      organiser_kind: a.organiser_kind, organiser_id: a.organiser_id, organiser_name: a.organiser_name,
      grassroots_unit_id: a.grassroots_unit_id, unit_name: a.grassroots_unit_name, township: a.township, starts_at: a.starts_at,
      ends_at: a.ends_at, participant_count: a.participant_count, clash_ids: [],
    })),
  };
}
