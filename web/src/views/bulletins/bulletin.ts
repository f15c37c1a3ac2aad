// src/views/bulletins/bulletin.ts: bulletins 《社情民意》 and daily digests 《网络社情摘要》 as the API
// sends them (issue 8 part 2), shared by the console's pages: the types, the states and their tag
// colours, the downloads (PDF, Word), the candidates, and the grouping a digest is made from
// (suggested by the server, then rearranged by hand). The words of the states, the actions and the
// sending-up targets are the server's tables (bulletin.state, bulletin.action, digest.state,
// digest.action, bulletin.target of GET /api/v1/labels); the pages' texts are in
// i18n/messages/bulletin.ts under bulletin.*.
import type { Flow } from '@/components/workflow/flow';
import { selectedCommitteeId, effectiveCommitteeId } from '@/console/selection';

export const BULLETIN_STATES = ['draft', 'signed', 'sent'] as const;
export const DIGEST_STATES = ['draft', 'issued'] as const;

/** One report in a bulletin, with the text edited for it. */
export interface BulletinItem {
  report_id: number;
  position: number;
  title: string;
  body: string;
  /** 署名: the member's name or the collective */
  author: string;
  original_title: string;
  report_status: string;
  report_committee_id?: number;
}

export interface Bulletin {
  id: number;
  committee_id: number;
  committee_name?: string;
  year: number;
  number: number | null;
  title: string;
  label: string;
  status: (typeof BULLETIN_STATES)[number];
  status_label: string;
  editor: string;
  note: string;
  signer: string;
  signed_at: string | null;
  targets: string[];
  target_labels: string[];
  sent_on: string | null;
  sent_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  item_count: number;
  /** detail only */
  items?: BulletinItem[];
  actions: string[];
}

/** An adopted report that may go into a bulletin (GET /api/v1/bulletins/candidates), as the reports list gives it. */
export interface Candidate {
  id: number;
  title: string;
  body: string;
  category: string;
  committee_id: number;
  committee_name?: string;
  member_name?: string | null;
  collective_name?: string | null;
  status: string;
  status_label?: string;
  urgent?: boolean;
  decided_at?: string | null;
  submitted_at?: string | null;
}

/** An item of the daily network digest. */
export interface DigestItem {
  id: number;
  committee_id: number;
  day: string;
  title: string;
  text: string;
  source: string;
  url: string;
  digest_id: number | null;
  subject: string | null;
  position: number | null;
  created_by: number | null;
  created_at: string;
}

export interface DigestGroup { subject: string; items: DigestItem[] }

export interface Digest {
  id: number;
  committee_id: number;
  committee_name?: string;
  day: string;
  year: number;
  number: number | null;
  title: string;
  label: string;
  status: (typeof DIGEST_STATES)[number];
  status_label: string;
  issued_at: string | null;
  issued_by: number | string | null;
  item_count: number;
  /** detail only */
  groups?: DigestGroup[];
  actions: string[];
}

/** A group GET /api/v1/digests/suggest proposes. */
export interface SuggestedGroup {
  subject: string;
  keywords: string[];
  item_ids: number[];
  items: DigestItem[];
}
export interface Suggestion { committee_id?: number; day: string; threshold: number; groups: SuggestedGroup[] }

/** A group being arranged on a page: what POST /api/v1/digests and PUT …/groups take, with the items shown. */
export interface WorkGroup {
  key: number;
  subject: string;
  keywords: string[];
  items: DigestItem[];
}

let nextKey = 1;
export function workGroup(subject: string, items: DigestItem[] = [], keywords: string[] = []): WorkGroup {
  return { key: nextKey++, subject, keywords, items };
}
/** The body of a grouping: [{subject, item_ids}] without empty groups. */
export const groupsBody = (groups: WorkGroup[]) =>
  groups.filter((g) => g.items.length).map((g) => ({ subject: g.subject.trim(), item_ids: g.items.map((i) => i.id) }));

/** Element Plus tag type of a bulletin's or a digest's state. */
export function stateTag(s: string): 'success' | 'warning' | 'info' | 'primary' {
  switch (s) {
    case 'sent': case 'issued': return 'success';
    case 'signed': return 'primary';
    case 'draft': return 'info';
    default: return 'warning';
  }
}

/** bulletins as a workflow: 签发, 报送, 退回草稿 (saving, the files and deleting are the page's own buttons) */
export const bulletinFlow: Flow = { ns: 'bulletin', record: 'bulletin', tag: stateTag, order: ['sign', 'send', 'reopen'], primary: ['sign', 'send'] };
/** digests as a workflow: 印发 */
export const digestFlow: Flow = { ns: 'bulletin', record: 'digest', tag: stateTag, order: ['issue'], primary: ['issue'] };

/** The committee a new bulletin or digest is for: the one chosen in the header, else the user's own. */
export const defaultCommittee = () => selectedCommitteeId.value ?? effectiveCommitteeId.value;

/** Who wrote a candidate report. */
export const authorOf = (r: Pick<Candidate, 'member_name' | 'collective_name'>) => r.member_name || r.collective_name || '';

/** Moves the element at index i of list by d places (−1 up, +1 down), in place. */
export function move<T>(list: T[], i: number, d: number) {
  const j = i + d;
  if (j < 0 || j >= list.length) return;
  const [x] = list.splice(i, 1);
  list.splice(j, 0, x);
}
