// src/console/modules/meetings.ts: meetings (会议, issue 19): the list and its filters, planning one
// and editing it, one meeting with its tabs (details, invitees, leave, seats, and the parts' tabs:
// agenda and documents, sign-in, speeches, votes), the leave to decide across meetings, and the
// caller's own meetings (我的会议, the workbench's member entries open it with todo=). Notifications
// link to /meetings/{id} (?tab=leave for a leave request).
import { Calendar } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';
import { defineModule } from '../registry';

const group = { title: 'meeting.nav.group' };
const list = { title: 'meeting.nav.list', to: '/meetings' };
const page = (path: string, name: string, title: string, load: () => Promise<unknown>, permission: string | string[],
  opts: { crumbs?: { title: string; to?: string }[]; props?: Record<string, unknown> } = {}): RouteRecordRaw => ({
  path, name, component: load as never, props: opts.props,
  meta: { title, permission, crumbs: opts.crumbs || [group] },
});
const listPage = () => import('@/views/meeting/MeetingListPage.vue');
const formPage = () => import('@/views/meeting/MeetingFormPage.vue');

export default defineModule({
  name: 'meetings',
  order: 34,
  menu: [{
    title: 'meeting.nav.group',
    icon: Calendar,
    permission: 'meeting.read',
    children: [
      { path: '/meetings', title: 'meeting.nav.list' },
      { path: '/meetings/new', title: 'meeting.nav.new', permission: 'meeting.manage' },
      { path: '/meetings/leaves', title: 'meeting.nav.leaves', permission: 'meeting.manage' },
      { path: '/meetings/mine', title: 'meeting.nav.mine', permission: 'meeting.attend' },
    ],
  }],
  routes: [
    page('meetings', 'meetings', 'meeting.nav.list', listPage, 'meeting.read', { props: { mode: 'all' } }),
    page('meetings/mine', 'meetings-mine', 'meeting.nav.mine', listPage, 'meeting.read', { props: { mode: 'mine' } }),
    page('meetings/new', 'meeting-new', 'meeting.nav.new', formPage, 'meeting.manage', { crumbs: [group, list] }),
    page('meetings/leaves', 'meeting-leaves', 'meeting.nav.leaves', () => import('@/views/meeting/MeetingLeavesPage.vue'), 'meeting.manage'),
    page('meetings/:id(\\d+)', 'meeting', 'meeting.nav.detail', () => import('@/views/meeting/MeetingDetailPage.vue'), 'meeting.read',
      { crumbs: [group, list] }),
    page('meetings/:id(\\d+)/edit', 'meeting-edit', 'meeting.nav.edit', formPage, 'meeting.manage', { crumbs: [group, list] }),
  ],
});
