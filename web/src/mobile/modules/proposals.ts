// src/mobile/modules/proposals.ts: a member's proposals on the phone: my proposals (replaces the
// placeholder tile), writing one (with the similar proposals), and one proposal with what I may
// do now: submit, withdraw, confirm or decline co-signing, rate the reply.
import { defineMobileModule } from '../registry';

const v = (load: () => Promise<unknown>) => load as never;

export default defineMobileModule({
  name: 'proposals',
  tiles: [
    { id: 'proposals', title: 'm.tiles.proposals', icon: 'description', order: 20, to: '/proposals', permission: 'proposal.submit',
      memberOnly: true, color: '#1565c0' },
    { id: 'proposal-write', title: 'proposal.m.write', icon: 'notes-o', order: 21, to: '/proposals/new', permission: 'proposal.submit',
      memberOnly: true, color: '#6a1b9a' },
  ],
  routes: [
    { path: '/proposals', name: 'my-proposals', component: v(() => import('../views/proposals/MyProposalsView.vue')),
      meta: { title: 'proposal.m.mine' } },
    { path: '/proposals/new', name: 'proposal-new', component: v(() => import('../views/proposals/ProposalFormView.vue')),
      meta: { title: 'proposal.m.write' } },
    { path: '/proposals/:id(\\d+)', name: 'my-proposal', component: v(() => import('../views/proposals/ProposalView.vue')),
      meta: { title: 'proposal.m.proposal' } },
    { path: '/proposals/:id(\\d+)/edit', name: 'proposal-edit', component: v(() => import('../views/proposals/ProposalFormView.vue')),
      meta: { title: 'proposal.m.edit' } },
  ],
});
