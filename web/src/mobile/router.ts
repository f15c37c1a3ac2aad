// src/mobile/router.ts: the members' pages under /m/ (history mode).
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { configureApi, loadSession, session } from '@/api';
import { mobileModules } from './registry';
import { t, lang } from '@/i18n';
import { loadLabels } from '@/shared/labels';
import { watch } from 'vue';

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  {
    path: '/',
    component: () => import('./views/TabsLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: 'm.home' } },
      { path: 'profile', name: 'profile', component: () => import('./views/ProfileView.vue'), meta: { title: 'm.profile' } },
    ],
  },
  { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: 'security.m.changePassword' } },
  { path: '/notifications', name: 'notifications', component: () => import('./views/NotificationsView.vue'), meta: { title: 'notifyPage.title' } },
  { path: '/soon/:id', name: 'soon', component: () => import('./views/ComingSoonView.vue'), meta: { title: 'm.soon' } },
  ...mobileModules.flatMap((m) => m.routes || []),
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory('/m/'), routes });

const safe = (v: unknown) => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/login') ? s : null;
};

router.beforeEach(async (to) => {
  if (!session.loaded) {
    try {
      await loadSession();
    } catch { /* offline: the page says so */ }
  }
  if (to.meta.public) return to.name === 'login' && session.user ? safe(to.query.redirect) || '/' : true;
  if (!session.user) return { name: 'login', query: { redirect: to.fullPath } };
  // an expired password: changing it is the only page open
  if (session.mustChangePassword && to.name !== 'password') return { name: 'password' };
  await loadLabels(); // once: the words of states, actions, categories (shared/labels.ts)
  return true;
});
function applyTitle(to: { meta: { title?: unknown } }) {
  const title = to.meta.title ? t(to.meta.title as string) : '';
  document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
}
router.afterEach(applyTitle);
watch(lang, () => applyTitle(router.currentRoute.value));

configureApi({
  unauthorized() {
    const cur = router.currentRoute.value;
    if (cur.name !== 'login') router.replace({ name: 'login', query: { redirect: cur.fullPath } });
  },
  passwordExpired() {
    if (router.currentRoute.value.name !== 'password') router.replace({ name: 'password' });
  },
});

export { safe as safeRedirect };
