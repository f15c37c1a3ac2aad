// src/shared/issues.ts: which bulletins 《社情民意》 and daily digests 《网络社情摘要》 the logged-in
// account reads, for both apps' pages. The rule is the server's (src/report/issue.c): the staff
// and the leaders read every issue of their committee's subtree, drafts too; a member account
// only the issued ones of its own committee (its lists hold nothing else; any other is 404). The
// pages only leave out what would lead to a refusal: the draft filter, links to issues a member
// may not open.
import { session } from '@/api';

/** Whether the account reads drafts and the issues of the committees below its own: every reader
 * but a member account. */
export const readsDrafts = () => session.user?.role !== 'member';

/** The states a list may be filtered by for the account: without the draft for a member. */
export function readableStates<T extends { value: string }>(all: T[]): T[] {
  return readsDrafts() ? all : all.filter((o) => o.value !== 'draft');
}

/** Whether the account may open an issue named elsewhere (a report's bulletins): bulletin.read,
 * and for a member an issued one of its own committee. */
export function mayOpenIssue(b: { status: string; committee_id: number }): boolean {
  if (!session.user?.permissions.includes('bulletin.read')) return false;
  return readsDrafts() || (b.status !== 'draft' && b.committee_id === session.user.committee.id);
}
