// src/mobile/modules/contact.ts: a member's own part of linking with the masses, on the phone:
// log a contact (the five contact forms), my activities (replaces the placeholder), my grassroots
// units (1–3), my quotas this quarter and year, and the requests from the masses I took.
import { defineMobileModule } from '../registry';

const v = (load: () => Promise<unknown>) => load as never;

export default defineMobileModule({
  name: 'contact',
  tiles: [
    { id: 'contact-log', title: 'contact.m.tiles.log', icon: 'edit', order: 5, to: '/contact/new', permission: 'contact.self',
      memberOnly: true, color: '#c62828' },
    { id: 'activities', title: 'm.tiles.activities', icon: 'flag-o', order: 10, to: '/activities', permission: 'contact.read',
      memberOnly: true, color: '#c62828' },
    { id: 'units', title: 'contact.m.tiles.units', icon: 'location-o', order: 12, to: '/units', permission: 'contact.read',
      memberOnly: true, color: '#ef6c00' },
    { id: 'compliance', title: 'contact.m.tiles.compliance', icon: 'chart-trending-o', order: 14, to: '/compliance',
      permission: 'contact.read', memberOnly: true, color: '#2e7d32' },
    { id: 'requests', title: 'contact.m.tiles.requests', icon: 'service-o', order: 16, to: '/requests', permission: 'contact.read',
      memberOnly: true, color: '#1565c0' },
  ],
  routes: [
    { path: '/contact/new', name: 'contact-new', component: v(() => import('../views/contact/LogContactView.vue')),
      meta: { title: 'contact.m.tiles.log' } },
    { path: '/activities', name: 'my-activities', component: v(() => import('../views/contact/MyActivitiesView.vue')),
      meta: { title: 'm.tiles.activities' } },
    { path: '/activities/:id(\\d+)', name: 'my-activity', component: v(() => import('../views/contact/MyActivityView.vue')),
      meta: { title: 'contact.m.activity' } },
    { path: '/units', name: 'my-units', component: v(() => import('../views/contact/MyUnitsView.vue')),
      meta: { title: 'contact.m.tiles.units' } },
    { path: '/compliance', name: 'my-compliance', component: v(() => import('../views/contact/MyComplianceView.vue')),
      meta: { title: 'contact.m.tiles.compliance' } },
    { path: '/requests', name: 'my-requests', component: v(() => import('../views/contact/MyRequestsView.vue')),
      meta: { title: 'contact.m.tiles.requests' } },
    { path: '/requests/new', name: 'request-new', component: v(() => import('../views/contact/RequestFormView.vue')),
      meta: { title: 'contact.m.newRequest' } },
    { path: '/requests/:id(\\d+)', name: 'my-request', component: v(() => import('../views/contact/MyRequestView.vue')),
      meta: { title: 'contact.m.request' } },
  ],
});
