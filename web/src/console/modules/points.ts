// src/console/modules/points.ts: duty points (履职积分): the ranking within a committee subtree, a
// sector or a group, and the reminder of its bottom; the year's assessment with its flags and
// the candidates for honours; the rule sets, versioned, edited, imported and exported, and the
// recompute; the duty records (meetings attended, speeches) that no other module keeps; a
// member's duty file (履职档案) as a page, a PDF and an XLSX; dashboard figures.
//
// A member account holds points.read for its own file only (the server answers 403 elsewhere);
// the ranking, the assessment and the dashboard figures need stats.read, which members lack.
import { Medal } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';
import { defineModule, type DashboardWidget } from '../registry';

const STAFF = ['points.read', 'member.read'];
const STATS = 'stats.read';
const group = { title: 'points.nav.group' };
const page = (path: string, name: string, title: string, load: () => Promise<unknown>,
  opts: { permission?: string | string[]; crumbs?: { title: string; to?: string }[] } = {}): RouteRecordRaw => ({
  path, name, component: load as never,
  meta: { title, permission: opts.permission || STAFF, crumbs: opts.crumbs || [group] },
});
const ruleSet = () => import('@/views/points/RuleSetPage.vue');
const rulesCrumbs = [group, { title: 'points.nav.rules', to: '/points/rules' }];
const chart = () => import('@/views/points/PointsChartWidget.vue');
const widget = (id: string, title: string, order: number, span: number, props: Record<string, unknown>): DashboardWidget =>
  ({ id, title, order, span, permission: STATS, component: chart, props });

export default defineModule({
  name: 'points',
  order: 35,
  menu: [{
    title: 'points.nav.group',
    icon: Medal,
    permission: STAFF,
    children: [
      { path: '/points/ranking', title: 'points.nav.ranking', permission: STATS },
      { path: '/points/assessment', title: 'points.nav.assessment', permission: STATS },
      { path: '/points/file', title: 'points.nav.file' },
      { path: '/points/records', title: 'points.nav.records' },
      { path: '/points/rules', title: 'points.nav.rules' },
    ],
  }],
  routes: [
    page('points/ranking', 'points-ranking', 'points.nav.ranking', () => import('@/views/points/RankingPage.vue'), { permission: STATS }),
    page('points/assessment', 'points-assessment', 'points.nav.assessment', () => import('@/views/points/AssessmentPage.vue'), { permission: STATS }),
    page('points/file', 'points-file', 'points.nav.file', () => import('@/views/points/DutyFilePage.vue')),
    page('points/records', 'points-records', 'points.nav.records', () => import('@/views/points/RecordsPage.vue')),
    page('points/rules', 'points-rules', 'points.nav.rules', () => import('@/views/points/RuleSetsPage.vue')),
    page('points/rules/new', 'points-rule-new', 'points.nav.ruleNew', ruleSet, { permission: [...STAFF, 'points.write'], crumbs: rulesCrumbs }),
    page('points/rules/:id(\\d+)', 'points-rule', 'points.nav.rule', ruleSet, { crumbs: rulesCrumbs }),
  ],
  widgets: [
    widget('points-distribution', 'points.widget.distribution', 80, 12, { chart: 'distribution' }),
    widget('points-participation', 'points.widget.participation', 82, 12, { chart: 'participation' }),
    widget('points-grades', 'points.widget.grades', 84, 24, { chart: 'grades', height: 320 }),
  ],
});
