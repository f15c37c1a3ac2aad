// src/console/modules/reports.ts: social-conditions reports (社情民意信息) through their life: the
// list and its search, the information office's review queue, writing one (a member's or a
// collective's), a report's detail with the actions its caller may take, its versions and their
// differences, statistics with the workbook, and the committee's settings. A dashboard figure of
// this year's reports. Notifications link to /reports/{id}.
import { ChatLineSquare } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';
import { defineModule } from '../registry';

const group = { title: 'report.nav.group' };
const list = { title: 'report.nav.list', to: '/reports' };
const page = (path: string, name: string, title: string, load: () => Promise<unknown>, permission: string | string[],
  opts: { crumbs?: { title: string; to?: string }[]; props?: Record<string, unknown> } = {}): RouteRecordRaw => ({
  path, name, component: load as never, props: opts.props,
  meta: { title, permission, crumbs: opts.crumbs || [group] },
});
const listPage = () => import('@/views/reports/ReportListPage.vue');
const formPage = () => import('@/views/reports/ReportFormPage.vue');

export default defineModule({
  name: 'reports',
  order: 32,
  menu: [{
    title: 'report.nav.group',
    icon: ChatLineSquare,
    permission: 'report.read',
    children: [
      { path: '/reports', title: 'report.nav.list' },
      { path: '/reports/review', title: 'report.nav.review', permission: 'report.review' },
      { path: '/reports/new', title: 'report.nav.new', permission: 'report.submit' },
      { path: '/reports/stats', title: 'report.nav.stats', permission: 'stats.read' },
      { path: '/reports/settings', title: 'report.nav.settings' },
    ],
  }],
  routes: [
    page('reports', 'reports', 'report.nav.list', listPage, 'report.read', { props: { mode: 'all' } }),
    page('reports/review', 'report-review', 'report.nav.review', listPage, 'report.review', { props: { mode: 'review' } }),
    page('reports/new', 'report-new', 'report.nav.new', formPage, 'report.submit', { crumbs: [group, list] }),
    page('reports/:id(\\d+)', 'report', 'report.nav.detail', () => import('@/views/reports/ReportDetailPage.vue'), 'report.read',
      { crumbs: [group, list] }),
    page('reports/:id(\\d+)/edit', 'report-edit', 'report.nav.edit', formPage, 'report.submit', { crumbs: [group, list] }),
    page('reports/stats', 'report-stats', 'report.nav.stats', () => import('@/views/reports/StatsPage.vue'), 'stats.read'),
    page('reports/settings', 'report-settings', 'report.nav.settings', () => import('@/views/reports/SettingsPage.vue'), 'report.read'),
  ],
  widgets: [
    { id: 'report-status', title: 'report.widget.title', order: 66, span: 12, permission: 'stats.read',
      component: () => import('@/views/reports/ReportStatusWidget.vue') },
  ],
});
