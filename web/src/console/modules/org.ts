// src/console/modules/org.ts: the organisation model (组织机构).
import { OfficeBuilding } from '@element-plus/icons-vue';
import { defineModule } from '../registry';

const page = (path: string, name: string, title: string, load: () => Promise<unknown>) =>
  ({ path, name, component: load as never, meta: { title, permission: 'org.read', crumbs: [{ title: 'nav.org' }] } });

export default defineModule({
  name: 'org',
  order: 20,
  menu: [{
    title: 'nav.org',
    icon: OfficeBuilding,
    permission: 'org.read',
    children: [
      { path: '/org/committees', title: 'nav.committees' },
      { path: '/org/sectors', title: 'nav.sectors' },
      { path: '/org/special-committees', title: 'nav.specialCommittees' },
      { path: '/org/groups', title: 'nav.groups' },
      { path: '/org/parties', title: 'nav.parties' },
      { path: '/org/units', title: 'nav.units' },
    ],
  }],
  routes: [
    page('org/committees', 'committees', 'nav.committees', () => import('@/views/org/CommitteesPage.vue')),
    page('org/sectors', 'sectors', 'nav.sectors', () => import('@/views/org/SectorsPage.vue')),
    page('org/special-committees', 'special-committees', 'nav.specialCommittees', () => import('@/views/org/SpecialCommitteesPage.vue')),
    page('org/groups', 'groups', 'nav.groups', () => import('@/views/org/GroupsPage.vue')),
    page('org/parties', 'parties', 'nav.parties', () => import('@/views/org/PartiesPage.vue')),
    page('org/units', 'units', 'nav.units', () => import('@/views/org/UnitsPage.vue')),
  ],
});
