// src/console/modules/bulletins.ts: the information office's publications made from
// social-conditions reports (issue 8 part 2): the numbered bulletins 《社情民意》 (a list, and the
// editor of one: adopted reports picked, ordered and edited for it, signed off, sent up, printed
// as PDF or Word) and the daily digest 《网络社情摘要》 (a day's items from the net, the grouping
// the server suggests and the office rearranges, the digests and one digest, issued and printed).
//
// Reading needs bulletin.read (staff, viewers and members: a member account reads the issued ones
// of its own committee, the server's rule); the office's pages (the day's items, the suggested
// grouping) and every button that writes need report.review (the secretariat and committee staff).
import { Notebook } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';
import { defineModule } from '../registry';

const READ = 'bulletin.read';
const WRITE = ['bulletin.read', 'report.review'];
const group = { title: 'bulletin.nav.group' };
const bulletins = { title: 'bulletin.nav.bulletins', to: '/bulletins' };
const digests = { title: 'bulletin.nav.digests', to: '/digests' };
const page = (path: string, name: string, title: string, load: () => Promise<unknown>, permission: string | string[],
  crumbs: { title: string; to?: string }[] = [group]): RouteRecordRaw => ({
  path, name, component: load as never, meta: { title, permission, crumbs },
});

export default defineModule({
  name: 'bulletins',
  order: 33,
  menu: [{
    title: 'bulletin.nav.group',
    icon: Notebook,
    permission: READ,
    children: [
      { path: '/bulletins', title: 'bulletin.nav.bulletins' },
      { path: '/digests/items', title: 'bulletin.nav.items', permission: WRITE },
      { path: '/digests/suggest', title: 'bulletin.nav.suggest', permission: WRITE },
      { path: '/digests', title: 'bulletin.nav.digests' },
    ],
  }],
  routes: [
    page('bulletins', 'bulletins', 'bulletin.nav.bulletins', () => import('@/views/bulletins/BulletinListPage.vue'), READ),
    page('bulletins/:id(\\d+)', 'bulletin', 'bulletin.nav.bulletin', () => import('@/views/bulletins/BulletinPage.vue'), READ,
      [group, bulletins]),
    page('digests/items', 'digest-items', 'bulletin.nav.items', () => import('@/views/bulletins/DigestItemsPage.vue'), WRITE),
    page('digests/suggest', 'digest-suggest', 'bulletin.nav.suggest', () => import('@/views/bulletins/DigestSuggestPage.vue'), WRITE),
    page('digests', 'digests', 'bulletin.nav.digests', () => import('@/views/bulletins/DigestListPage.vue'), READ),
    page('digests/:id(\\d+)', 'digest', 'bulletin.nav.digest', () => import('@/views/bulletins/DigestPage.vue'), READ,
      [group, digests]),
  ],
});
