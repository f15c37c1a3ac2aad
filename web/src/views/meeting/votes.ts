// src/views/meeting/votes.ts: a meeting's votes (表决) and elections (选举) as the API sends them
// (src/meeting/meeting_vote.c), shared by the console's VotesTab and the phone's vote page. While
// a vote is open the API gives only how many have voted (voted of members_total), never a running
// result; once closed, result. The words of kinds, states, choices and outcomes are the server's
// tables (meeting.vote_kind, meeting.vote_state, meeting.choice, meeting.vote_outcome of GET
// /api/v1/labels), sent beside each value as *_label.
import { api } from '@/api';

export interface Candidate { id: number; name: string; member_id: number | null }

export interface CandidateResult {
  id: number; name: string; votes: number; elected: boolean; tied: boolean; outcome: string; outcome_label: string;
}

export interface VoteResult {
  /* a motion */
  passed?: boolean; passed_label?: string; yes?: number; no?: number; abstain?: number;
  /* an election */
  ballots?: number; valid?: number; blank?: number; invalid?: number; seats?: number; candidates?: CandidateResult[];
  members_total: number; voted: number;
}

export interface Vote {
  id: number;
  kind: 'motion' | 'election';
  kind_label: string;
  title: string;
  secret: boolean;
  secret_label: string;
  status: 'draft' | 'open' | 'closed';
  status_label: string;
  voted: number;
  members_total: number | null;
  present_at_open: number | null;
  quorum?: boolean;
  opened_at: string | null;
  closed_at: string | null;
  seats?: number;
  form?: 'equal' | 'competitive';
  form_label?: string;
  candidates?: Candidate[];
  result: VoteResult | null;
  actions: ('open' | 'close')[];
  mine: { can_vote: boolean; voted: boolean; choice?: string; choice_label?: string; candidate_ids?: number[] };
}

export interface VoteList { items: Vote[]; manager: boolean; voter: boolean }

export const votesPath = (meeting: number) => `/api/v1/meetings/${meeting}/votes`;

export function listVotes(meeting: number): Promise<VoteList> {
  return api.get<VoteList>(votesPath(meeting));
}

export function voteStep(meeting: number, vote: number, step: 'open' | 'close'): Promise<Vote> {
  return api.post<Vote>(`${votesPath(meeting)}/${vote}/${step}`, {});
}

export function castBallot(meeting: number, vote: number, body: { choice: string } | { candidate_ids: number[] }): Promise<Vote> {
  return api.post<Vote>(`${votesPath(meeting)}/${vote}/ballot`, body);
}

/** The tag type of a vote's state. */
export const stateType = (s: string) => (s === 'open' ? 'success' : s === 'closed' ? 'info' : 'warning');

/** How far the count has come, in percent of all members. */
export const turnout = (v: Vote) => (v.members_total ? Math.round((100 * v.voted) / v.members_total) : 0);

/**
 * Follows the meeting's event stream (GET /api/v1/meetings/{id}/stream, event "live": the open
 * vote's count, or the last closed vote): the count of a vote in the list follows at once; a vote
 * that opened or closed, or one the list lacks, makes the list read again (reload). Returns the
 * function that stops following. The stream sends a phone at most two events a second however
 * fast the ballots come, so 3,000 phones do not ask for the list every few seconds.
 */
export function followVotes(meeting: number, votes: { value: Vote[] }, reload: () => void): () => void {
  const source = new EventSource(`/api/v1/meetings/${meeting}/stream`);
  source.addEventListener('live', (e) => {
    const live = JSON.parse((e as MessageEvent).data) as { vote?: { id: number; status: string; voted: number } | null };
    const v = live.vote;
    if (!v) return;
    const have = votes.value.find((x) => x.id === v.id);
    if (have && have.status === v.status) have.voted = v.voted;
    else if (have || v.status === 'open') reload();
  });
  return () => source.close();
}
