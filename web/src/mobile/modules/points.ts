// src/mobile/modules/points.ts: a member's duty points on the phone: 我的积分 (replaces the placeholder
// tile): my total, grade, rank and what I still need this quarter and year; the ledger of a year,
// entry by entry; 我的述职, the annual self-report, drafted from my records, edited and submitted;
// and my duty file as a PDF. The reminder to the bottom of the ranking links to /m/points.
import { defineMobileModule } from '../registry';

const v = (load: () => Promise<unknown>) => load as never;

export default defineMobileModule({
  name: 'points',
  tiles: [
    { id: 'points', title: 'm.tiles.points', icon: 'medal-o', order: 30, to: '/points', permission: 'points.self', memberOnly: true,
      color: '#f9a825' },
    { id: 'self-report', title: 'points.m.selfReport', icon: 'records-o', order: 31, to: '/points/report', permission: 'points.self',
      memberOnly: true, color: '#6a1b9a' },
  ],
  routes: [
    { path: '/points', name: 'my-points', component: v(() => import('../views/points/MyPointsView.vue')), meta: { title: 'm.tiles.points' } },
    { path: '/points/ledger', name: 'my-ledger', component: v(() => import('../views/points/MyLedgerView.vue')),
      meta: { title: 'points.m.ledger' } },
    { path: '/points/report', name: 'my-self-report', component: v(() => import('../views/points/SelfReportView.vue')),
      meta: { title: 'points.m.selfReport' } },
  ],
});
