// src/views/meeting/signin.ts: what the sign-in tab, the phone page and the big screen share: the
// shapes of the answers of /api/v1/meetings/{id}/sittings, /attendance and the screen, the phone
// URL of a sign-in code, and a clock that counts from a time the server gave.
import { computed, onBeforeUnmount, ref } from 'vue';

export interface Sitting {
  id: number; label: string; starts_at: string; ends_at: string; signed_in: number;
  current?: boolean; signin_open?: boolean;
  mine?: { way: string; way_label: string; signed_in_at: string; signed_out_at: string | null } | null;
}
export interface SigninCode { sitting_id: number; label: string; code: string; url: string; rotates_at: string; expires_at: string; period: number }
export interface Figures { sitting_id: number | null; members: number; present: number; excused: number; absent: number; quorum: boolean }
export interface AttendanceItem {
  member_id: number; name: string; role: string; role_label: string; sector: string; leave: string | null;
  attendance: string | null; attendance_label?: string; attended_minutes?: number; held_minutes?: number;
  signins: { sitting_id: number; way: string; way_label: string; reason: string; by: string; signed_in_at: string; signed_out_at: string | null }[];
}
export interface Attendance extends Figures { totals: { present: number; excused: number; absent: number }; items: AttendanceItem[] }
export interface LiveVote {
  id: number; title: string; kind: string; kind_label: string; status: string; voted: number; members_total: number;
  result?: {
    passed?: boolean; yes?: number; no?: number; abstain?: number; members_total?: number; voted?: number;
    ballots?: number; valid?: number; seats?: number;
    candidates?: { id: number; name: string; votes: number; elected: boolean; tied: boolean }[];
  } | null;
}
export interface Live {
  status: string; attendance: Figures;
  speaker: { speech_id: number; member_id: number; name: string; title: string; sector: string; started_at: string; minutes: number | null } | null;
  vote: LiveVote | null; last_vote: LiveVote | null;
}
export interface Screen extends Live {
  meeting: { id: number; title: string; kind: string; kind_label: string; status: string; status_label: string; venue: string; starts_at: string; ends_at: string };
  sitting: { id: number; label: string; signin_open: boolean; starts_at: string; ends_at: string } | null;
  code: SigninCode | null;
  now: string;
}

/** The address the phone opens for a code's URL (the QR code's text): this site's origin before it. */
export function phoneUrl(url: string): string {
  return `${window.location.origin}${url}`;
}

/** A clock of seconds (now, in ms, ticking each second), corrected by the server's time `now`. */
export function useClock() {
  const skew = ref(0);
  const now = ref(Date.now());
  const timer = window.setInterval(() => { now.value = Date.now(); }, 1000);
  onBeforeUnmount(() => window.clearInterval(timer));
  const serverNow = computed(() => now.value + skew.value);
  return {
    serverNow,
    /** the server said it is `iso` now */
    sync(iso: string) { skew.value = Date.parse(iso) - Date.now(); },
    /** whole seconds from iso to now (0 at least) */
    since(iso: string) { return Math.max(0, Math.floor((serverNow.value - Date.parse(iso)) / 1000)); },
    /** whole seconds from now to iso (0 at least) */
    until(iso: string) { return Math.max(0, Math.ceil((Date.parse(iso) - serverNow.value) / 1000)); },
  };
}

/** m:ss of seconds. */
export function mmss(s: number): string {
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
