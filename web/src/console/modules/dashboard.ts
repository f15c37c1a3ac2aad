// src/console/modules/dashboard.ts: 首页/数据看板. Other modules add figures through `widgets`.
import { DataAnalysis } from '@element-plus/icons-vue';
import { defineModule } from '../registry';

export default defineModule({
  name: 'dashboard',
  order: 0,
  menu: [{ path: '/', title: 'nav.dashboard', icon: DataAnalysis }],
  routes: [
    { path: '', name: 'dashboard', component: () => import('@/views/dashboard/DashboardPage.vue'), meta: { title: 'nav.dashboard' } },
  ],
});
