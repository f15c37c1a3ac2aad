// src/mobile/modules/bulletins.ts: what the committee publishes to its members, on the phone (issue
// 16, "What members see": the platform serves the members' 知情明政): the tile 社情民意刊物 opens
// the issued 《社情民意》 bulletins and 《网络社情摘要》 daily digests of the member's own committee,
// newest first, in two tabs; an issue shows its reports (title, author, text) or its groups of
// online items, and its PDF comes through the export popup. Which issues a member reads is the
// server's rule (src/report/issue.c): the issued ones of its committee, never a draft.
import { defineMobileModule } from '../registry';

const v = (load: () => Promise<unknown>) => load as never;

export default defineMobileModule({
  name: 'bulletins',
  tiles: [
    { id: 'bulletins', title: 'bulletin.m.tile', icon: 'newspaper-o', order: 26, to: '/bulletins', permission: 'bulletin.read',
      memberOnly: true, color: '#ad1457' },
  ],
  routes: [
    { path: '/bulletins', name: 'issues', component: v(() => import('../views/bulletins/IssuesView.vue')),
      meta: { title: 'bulletin.m.tile' } },
    { path: '/bulletins/:id(\\d+)', name: 'issue-bulletin', component: v(() => import('../views/bulletins/IssueView.vue')),
      meta: { title: 'bulletin.m.bulletin', kind: 'bulletin' } },
    { path: '/digests/:id(\\d+)', name: 'issue-digest', component: v(() => import('../views/bulletins/IssueView.vue')),
      meta: { title: 'bulletin.m.digest', kind: 'digest' } },
  ],
});
