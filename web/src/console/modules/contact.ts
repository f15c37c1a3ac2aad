// src/console/modules/contact.ts: members linking with their sector's masses (联系群众, the Gansu
// system): grassroots units, workstations and studios, activities and their weekly calendar,
// requests from the masses, the quotas, the roll-up and the settings; dashboard figures. The
// roll-up and the figures built on it need stats.read (staff and leaders, not members).
import { Connection } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';
import { defineModule, type DashboardWidget } from '../registry';

const group = { title: 'contact.nav.group' };
const page = (path: string, name: string, title: string, load: () => Promise<unknown>, opts: {
  permission?: string; crumbs?: { title: string; to?: string }[];
} = {}): RouteRecordRaw => ({
  path, name, component: load as never,
  meta: { title, permission: opts.permission || 'contact.read', crumbs: opts.crumbs || [group] },
});
const chart = () => import('@/views/contact/ContactChartWidget.vue');
const widget = (id: string, title: string, order: number, span: number, component: DashboardWidget['component'],
  props?: Record<string, unknown>): DashboardWidget => ({ id, title, order, span, permission: 'stats.read', component, props });

export default defineModule({
  name: 'contact',
  order: 15,
  menu: [{
    title: 'contact.nav.group',
    icon: Connection,
    permission: 'contact.read',
    children: [
      { path: '/contact/units', title: 'contact.nav.units' },
      { path: '/contact/stations', title: 'contact.nav.stations' },
      { path: '/contact/studios', title: 'contact.nav.studios' },
      { path: '/contact/activities', title: 'contact.nav.activities' },
      { path: '/contact/activity-checks', title: 'check.title', permission: 'contact.write' },
      { path: '/contact/calendar', title: 'contact.nav.calendar' },
      { path: '/contact/requests', title: 'contact.nav.requests' },
      { path: '/contact/compliance', title: 'contact.nav.compliance' },
      { path: '/contact/rollup', title: 'contact.nav.rollup', permission: 'stats.read' },
      { path: '/contact/settings', title: 'contact.nav.settings' },
    ],
  }],
  routes: [
    page('contact/units', 'grassroots-units', 'contact.nav.units', () => import('@/views/contact/UnitsPage.vue')),
    page('contact/stations', 'stations', 'contact.nav.stations', () => import('@/views/contact/StationsPage.vue')),
    page('contact/studios', 'studios', 'contact.nav.studios', () => import('@/views/contact/StudiosPage.vue')),
    page('contact/stations/:id(\\d+)', 'station', 'contact.nav.stationDetail', () => import('@/views/contact/StationDetailPage.vue'),
      { crumbs: [group, { title: 'contact.nav.stations', to: '/contact/stations' }] }),
    page('contact/studios/:id(\\d+)', 'studio', 'contact.nav.studioDetail', () => import('@/views/contact/StationDetailPage.vue'),
      { crumbs: [group, { title: 'contact.nav.studios', to: '/contact/studios' }] }),
    page('contact/activities', 'activities', 'contact.nav.activities', () => import('@/views/contact/ActivityListPage.vue')),
    page('contact/activities/:id(\\d+)', 'activity', 'contact.nav.activityDetail', () => import('@/views/contact/ActivityDetailPage.vue'),
      { crumbs: [group, { title: 'contact.nav.activities', to: '/contact/activities' }] }),
    page('contact/activity-checks', 'activity-checks', 'check.title', () => import('@/views/contact/ActivityChecksPage.vue'),
      { permission: 'contact.write' }),
    page('contact/calendar', 'activity-calendar', 'contact.nav.calendar', () => import('@/views/contact/ActivityCalendarPage.vue')),
    page('contact/requests', 'requests', 'contact.nav.requests', () => import('@/views/contact/RequestsPage.vue')),
    page('contact/compliance', 'compliance', 'contact.nav.compliance', () => import('@/views/contact/CompliancePage.vue')),
    page('contact/rollup', 'contact-rollup', 'contact.nav.rollup', () => import('@/views/contact/RollupPage.vue'), { permission: 'stats.read' }),
    page('contact/settings', 'contact-settings', 'contact.nav.settings', () => import('@/views/contact/SettingsPage.vue')),
  ],
  widgets: [
    widget('contact-figures', 'contact.widget.figures', 70, 12, () => import('@/views/contact/ContactFiguresWidget.vue')),
    widget('contact-categories', 'contact.widget.categories', 72, 12, chart, { chart: 'categories' }),
    widget('contact-children', 'contact.widget.children', 74, 24, chart, { chart: 'children', height: 300 }),
  ],
});
