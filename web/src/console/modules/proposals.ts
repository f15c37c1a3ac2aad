// src/console/modules/proposals.ts: proposals (提案) through their whole life: the list and its
// search, a proposal's detail with the actions its caller may take, drafting, the proposal
// office's review queue, supervision of deadlines, statistics, sessions and settings; for a
// handling unit's account, 我的交办 (its assignments). A dashboard figure of this year's
// proposals by state.
//
// Handling-unit accounts hold proposal.read and proposal.handle but not member.read, so the
// office's pages ask for member.read as well and the unit sees only 我的交办.
import { Document } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';
import { defineModule } from '../registry';

const STAFF = ['proposal.read', 'member.read'];
const group = { title: 'proposal.nav.group' };
const list = { title: 'proposal.nav.list', to: '/proposals' };
const page = (path: string, name: string, title: string, load: () => Promise<unknown>, permission: string | string[],
  opts: { crumbs?: { title: string; to?: string }[]; props?: Record<string, unknown> } = {}): RouteRecordRaw => ({
  path, name, component: load as never, props: opts.props,
  meta: { title, permission, crumbs: opts.crumbs || [group] },
});
const listPage = () => import('@/views/proposals/ProposalListPage.vue');
const formPage = () => import('@/views/proposals/ProposalFormPage.vue');

export default defineModule({
  name: 'proposals',
  order: 30,
  menu: [{
    title: 'proposal.nav.group',
    icon: Document,
    permission: 'proposal.read',
    children: [
      { path: '/proposals/assigned', title: 'proposal.nav.mine', permission: 'proposal.handle' },
      { path: '/proposals', title: 'proposal.nav.list', permission: STAFF },
      { path: '/proposals/new', title: 'proposal.nav.new', permission: [...STAFF, 'proposal.submit'] },
      { path: '/proposals/review', title: 'proposal.nav.review', permission: 'proposal.review' },
      { path: '/proposals/supervision', title: 'proposal.nav.supervision', permission: 'proposal.review' },
      { path: '/proposals/stats', title: 'proposal.nav.stats', permission: 'stats.read' },
      { path: '/proposals/sessions', title: 'proposal.nav.sessions', permission: STAFF },
      { path: '/proposals/settings', title: 'proposal.nav.settings', permission: STAFF },
    ],
  }],
  routes: [
    page('proposals', 'proposals', 'proposal.nav.list', listPage, 'proposal.read', { props: { mode: 'all' } }),
    page('proposals/review', 'proposal-review', 'proposal.nav.review', listPage, 'proposal.review', { props: { mode: 'review' } }),
    page('proposals/assigned', 'proposal-assigned', 'proposal.nav.mine', listPage, 'proposal.handle', { props: { mode: 'unit' } }),
    page('proposals/new', 'proposal-new', 'proposal.nav.new', formPage, 'proposal.submit', { crumbs: [group, list] }),
    page('proposals/:id(\\d+)', 'proposal', 'proposal.nav.detail', () => import('@/views/proposals/ProposalDetailPage.vue'),
      'proposal.read', { crumbs: [group, list] }),
    page('proposals/:id(\\d+)/edit', 'proposal-edit', 'proposal.nav.edit', formPage, 'proposal.submit', { crumbs: [group, list] }),
    page('proposals/supervision', 'proposal-supervision', 'proposal.nav.supervision', () => import('@/views/proposals/SupervisionPage.vue'),
      'proposal.review'),
    page('proposals/stats', 'proposal-stats', 'proposal.nav.stats', () => import('@/views/proposals/StatsPage.vue'), 'stats.read'),
    page('proposals/sessions', 'proposal-sessions', 'proposal.nav.sessions', () => import('@/views/proposals/SessionsPage.vue'), 'proposal.read'),
    page('proposals/settings', 'proposal-settings', 'proposal.nav.settings', () => import('@/views/proposals/SettingsPage.vue'), 'proposal.read'),
  ],
  widgets: [
    { id: 'proposal-status', title: 'proposal.widget.byStatus', order: 65, span: 12, permission: 'stats.read',
      component: () => import('@/views/proposals/ProposalStatusWidget.vue') },
  ],
});
