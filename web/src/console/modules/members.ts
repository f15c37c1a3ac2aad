// src/console/modules/members.ts: the roster (委员管理) and its dashboard figures.
import { User } from '@element-plus/icons-vue';
import { defineModule, type DashboardWidget } from '../registry';

const chart = () => import('@/views/dashboard/MemberChartWidget.vue');
const stat = (id: string, title: string, order: number, span: number, props: Record<string, unknown>): DashboardWidget =>
  ({ id, title, order, span, permission: 'member.read', component: chart, props: { testid: `chart-${id}`, ...props } });
const crumbs = [{ title: 'nav.members', to: '/members' }];

export default defineModule({
  name: 'members',
  order: 10,
  menu: [{
    title: 'nav.memberGroup',
    icon: User,
    permission: 'member.read',
    children: [
      { path: '/members', title: 'nav.members', permission: 'member.read' },
      { path: '/members/import', title: 'nav.memberImport', permission: 'member.import' },
    ],
  }],
  routes: [
    { path: 'members', name: 'members', component: () => import('@/views/member/MemberListPage.vue'),
      meta: { title: 'nav.members', permission: 'member.read' } },
    { path: 'members/new', name: 'member-new', component: () => import('@/views/member/MemberFormPage.vue'),
      meta: { title: 'member.newTitle', permission: 'member.write', crumbs } },
    { path: 'members/import', name: 'member-import', component: () => import('@/views/member/MemberImportPage.vue'),
      meta: { title: 'nav.memberImport', permission: 'member.import', crumbs } },
    { path: 'members/:id(\\d+)', name: 'member', component: () => import('@/views/member/MemberDetailPage.vue'),
      meta: { title: 'member.detailTitle', permission: 'member.read', crumbs } },
    { path: 'members/:id(\\d+)/edit', name: 'member-edit', component: () => import('@/views/member/MemberFormPage.vue'),
      meta: { title: 'member.editTitle', permission: 'member.write', crumbs } },
  ],
  widgets: [
    { id: 'member-total', title: 'dashboard.total', order: 10, span: 6, permission: 'member.read',
      component: () => import('@/views/dashboard/MemberTotalWidget.vue') },
    stat('by-level', 'dashboard.byLevel', 20, 9, { dimension: 'by_level', kind: 'bar', height: 280 }),
    stat('by-gender', 'dashboard.byGender', 30, 9, { dimension: 'by_gender', kind: 'pie', height: 280 }),
    stat('by-age', 'dashboard.byAge', 40, 12, { dimension: 'by_age', kind: 'bar', height: 300 }),
    stat('by-party', 'dashboard.byParty', 50, 12, { dimension: 'by_party', kind: 'pie', height: 300 }),
    stat('by-sector', 'dashboard.bySector', 60, 24, { dimension: 'by_sector', kind: 'hbar', height: 300 }),
  ],
});
