// src/views/meeting/meeting.ts: meetings (会议, issue 19) as the API sends them (src/meeting/), shared
// by the console pages and the phone pages: the record's states (draft → notified → in session →
// closed → archived) and its workflow buttons, the leave requests (requested → approved | refused |
// withdrawn), my meetings. The words of the states, kinds, roles, replies and leave states are the
// server's label tables (meeting.state, meeting.kind, meeting.role, meeting.reply,
// meeting.leave_state of GET /api/v1/labels); the pages' own texts are in i18n/messages/meeting.ts.
import type { Flow } from '@/components/workflow/flow';
import { api } from '@/api';

/** The workflow's actions (POST /api/v1/meetings/{id}/<action>), in the order of the buttons. */
export const ACTIONS = ['notify', 'open', 'close', 'archive'] as const;

const stateTag = (s: string) =>
  (({ draft: 'info', notified: 'warning', in_session: 'success', closed: 'primary', archived: 'info' }) as const)[s as 'draft'] ?? 'info';

export const meetingFlow: Flow = {
  ns: 'meeting', record: 'meeting', tag: stateTag, order: ACTIONS, primary: ['notify', 'open'], danger: ['close'],
};

/** The colour of a leave request's state. */
export const leaveTag = (s: string | null | undefined): 'success' | 'warning' | 'info' | 'danger' =>
  s === 'approved' ? 'success' : s === 'requested' ? 'warning' : s === 'refused' ? 'danger' : 'info';

export interface Meeting {
  id: number;
  committee_id: number;
  committee_name?: string;
  kind: string;
  kind_label: string;
  title: string;
  term: number | null;
  term_label: string;
  session_no: number | null;
  session_label: string;
  venue: string;
  starts_at: string;
  ends_at: string;
  organiser_id: number | null;
  organiser_name?: string | null;
  notice: string;
  seat_rows: number;
  seat_cols: number;
  status: string;
  status_label: string;
  notified_at: string | null;
  opened_at: string | null;
  closed_at: string | null;
}

export interface MeetingMine {
  role: string;
  role_label: string;
  reply: string;
  reply_label: string;
  seat_row: number | null;
  seat_no: number | null;
  leave: string | null;
}

export interface MeetingDetail extends Meeting {
  counts: Record<string, number>;
  mine: MeetingMine | null;
  actions: string[];
}

export interface Leave {
  id: number;
  meeting_id: number;
  meeting_title: string;
  meeting_status: string;
  member_id: number;
  member_name: string;
  reason: string;
  status: string;
  status_label: string;
  note: string;
  decided_by_name: string;
  created_at: string;
  decided_at: string | null;
}

export interface MyMeeting {
  id: number;
  title: string;
  kind: string;
  status: string;
  venue: string;
  starts_at: string;
  ends_at: string;
  role: string;
  reply: string;
  leave: string | null;
}

/** Takes a step of the meeting's workflow; the detail after it. */
export const act = (id: number, action: string, body: Record<string, unknown> = {}) =>
  api.post<MeetingDetail>(`/api/v1/meetings/${id}/${action}`, body);

/** A meeting still takes leave requests, replies and decisions (notified or in session). */
export const open = (status: string) => status === 'notified' || status === 'in_session';
