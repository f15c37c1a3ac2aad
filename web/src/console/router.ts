// src/console/router.ts: history-mode routes of the staff console. The layout's children come
// from the modules (./modules/*.ts); a route's meta says its title (an i18n key), the permission
// it needs and its breadcrumb parents.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { loadSession, session, configureApi, can } from '@/api';
import { modules } from './registry';
import { t, lang } from '@/i18n';
import { loadLabels } from '@/shared/labels';
import { watch } from 'vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title */
    title?: string;
    /** permission(s) the page needs */
    permission?: string | string[];
    /** pages reachable without logging in */
    public?: boolean;
    /** breadcrumb parents: [{title, to}] */
    crumbs?: { title: string; to?: string }[];
  }
}

const children: RouteRecordRaw[] = [
  ...modules.flatMap((m) => m.routes || []),
  { path: 'forbidden', name: 'forbidden', component: () => import('@/views/common/ForbiddenPage.vue'), meta: { title: 'error.forbiddenTitle' } },
  { path: 'profile', name: 'profile', component: () => import('@/views/common/ProfilePage.vue'), meta: { title: 'profile.title' } },
  { path: ':pathMatch(.*)*', name: 'notfound', component: () => import('@/views/common/NotFoundPage.vue'), meta: { title: 'error.notFoundTitle' } },
];

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/common/LoginPage.vue'), meta: { public: true, title: 'login.title' } },
  // the venue's big screen: full screen, outside the layout, no login (its display token in ?token=)
  { path: '/screen/meetings/:id(\\d+)', name: 'meeting-screen', component: () => import('@/views/meeting/MeetingScreenPage.vue'),
    meta: { public: true, title: 'signin.screen' } },
  { path: '/', component: () => import('./layout/ConsoleLayout.vue'), children },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: (_to, _from, saved) => saved || { top: 0 },
});

router.beforeEach(async (to) => {
  if (!session.loaded) {
    try {
      await loadSession();
    } catch {
      /* the server is unreachable: the page will say so */
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return safeRedirect(to.query.redirect) || '/';
    return true;
  }
  if (!session.user) return { name: 'login', query: { redirect: to.fullPath } };
  // an expired password: the profile page (where it is changed) is the only one open
  if (session.mustChangePassword && to.name !== 'profile') return { name: 'profile' };
  await loadLabels(); // once: the words of states, actions, categories (shared/labels.ts)
  if (to.meta.permission && !can(to.meta.permission)) {
    return { name: 'forbidden', query: { from: to.fullPath } };
  }
  return true;
});

function applyTitle(to: { meta: { title?: string } }) {
  const title = to.meta.title ? t(to.meta.title) : '';
  document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
}
router.afterEach(applyTitle);
watch(lang, () => applyTitle(router.currentRoute.value));

/** Only paths inside this app (no "//host" tricks). */
export function safeRedirect(v: unknown): string | null {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/login') ? s : null;
}

// A 401 anywhere (the session ended) sends the user to the login page, then back; a 403
// password_expired to the profile page to change the password.
configureApi({
  unauthorized() {
    const cur = router.currentRoute.value;
    if (cur.name !== 'login') router.replace({ name: 'login', query: { redirect: cur.fullPath } });
  },
  passwordExpired() {
    if (router.currentRoute.value.name !== 'profile') router.replace({ name: 'profile' });
  },
});
