// src/mobile/modules/reports.ts: a member's social-conditions reports (社情民意) on the phone: the
// tile 社情民意 opens 我的社情民意 (my reports, with their states); writing one or revising a draft
// or a returned one (a draft saved, or submitted; the body counted against the committee's limit);
// one report with its state, the office's note, where it was adopted, the leaders' instructions,
// its timeline and what I may do now. Notifications link to /m/reports/{id}.
import { defineMobileModule } from '../registry';

const v = (load: () => Promise<unknown>) => load as never;

export default defineMobileModule({
  name: 'reports',
  tiles: [
    { id: 'reports', title: 'report.m.tile', icon: 'comment-o', order: 25, to: '/reports', permission: 'report.submit',
      memberOnly: true, color: '#00838f' },
  ],
  routes: [
    { path: '/reports', name: 'my-reports', component: v(() => import('../views/reports/MyReportsView.vue')),
      meta: { title: 'report.m.mine' } },
    { path: '/reports/new', name: 'report-new', component: v(() => import('../views/reports/ReportFormView.vue')),
      meta: { title: 'report.m.write' } },
    { path: '/reports/:id(\\d+)', name: 'my-report', component: v(() => import('../views/reports/ReportView.vue')),
      meta: { title: 'report.m.report' } },
    { path: '/reports/:id(\\d+)/edit', name: 'report-edit', component: v(() => import('../views/reports/ReportFormView.vue')),
      meta: { title: 'report.m.edit' } },
  ],
});
