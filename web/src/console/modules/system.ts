// src/console/modules/system.ts: accounts, roles, the audit log, the security settings and the
// user's jobs (系统管理).
import { Setting } from '@element-plus/icons-vue';
import { defineModule } from '../registry';

const crumbs = [{ title: 'nav.system' }];

export default defineModule({
  name: 'system',
  order: 90,
  menu: [{
    title: 'nav.system',
    icon: Setting,
    children: [
      { path: '/system/users', title: 'nav.users', permission: 'user.read' },
      { path: '/system/roles', title: 'nav.roles', permission: 'user.read' },
      { path: '/system/audit', title: 'nav.audit', permission: 'audit.read' },
      { path: '/system/security', title: 'security.nav.settings', permission: 'user.read' },
      { path: '/jobs', title: 'nav.jobs', permission: 'job.read' },
    ],
  }],
  routes: [
    { path: 'system/users', name: 'users', component: () => import('@/views/system/UsersPage.vue'),
      meta: { title: 'nav.users', permission: 'user.read', crumbs } },
    { path: 'system/roles', name: 'roles', component: () => import('@/views/system/RolesPage.vue'),
      meta: { title: 'nav.roles', permission: 'user.read', crumbs } },
    { path: 'system/audit', name: 'audit', component: () => import('@/views/system/AuditPage.vue'),
      meta: { title: 'nav.audit', permission: 'audit.read', crumbs } },
    { path: 'system/security', name: 'security-settings', component: () => import('@/views/system/SecuritySettingsPage.vue'),
      meta: { title: 'security.nav.settings', permission: 'user.read', crumbs } },
    { path: 'jobs', name: 'jobs', component: () => import('@/views/job/JobsPage.vue'),
      meta: { title: 'nav.jobs', permission: 'job.read', crumbs } },
    { path: 'jobs/:id(\\d+)', name: 'job', component: () => import('@/views/job/JobPage.vue'),
      meta: { title: 'job.one', permission: 'job.read', crumbs: [...crumbs, { title: 'nav.jobs', to: '/jobs' }] } },
  ],
});
