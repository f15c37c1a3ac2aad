// src/console/modules/dashboard.ts: 工作台 (the landing page of every role: what waits on the user,
// GET /api/v1/workbench), 数据看板 (the figures other modules add through `widgets`) and the page
// of all notifications.
import { DataAnalysis, Odometer } from '@element-plus/icons-vue';
import { defineModule } from '../registry';

export default defineModule({
  name: 'dashboard',
  order: 0,
  menu: [
    { path: '/', title: 'workbench.title', icon: Odometer },
    { path: '/dashboard', title: 'nav.dashboard', icon: DataAnalysis },
  ],
  routes: [
    { path: '', name: 'workbench', component: () => import('@/views/workbench/WorkbenchPage.vue'), meta: { title: 'workbench.title' } },
    { path: 'dashboard', name: 'dashboard', component: () => import('@/views/dashboard/DashboardPage.vue'), meta: { title: 'nav.dashboard' } },
    { path: 'notifications', name: 'notifications', component: () => import('@/views/common/NotificationsPage.vue'),
      meta: { title: 'notifyPage.title' } },
  ],
});
