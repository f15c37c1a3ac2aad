// src/mobile/modules/meetingVotes.ts: a meeting's votes on the phone (issue 19): /m/meetings/:id/votes
// (the meeting's phone page links here), the open vote with its ballot and the results of the
// closed ones. The page is src/views/m/meeting/MeetingVotesPage.vue.
import { defineMobileModule } from '../registry';

const v = (load: () => Promise<unknown>) => load as never;

export default defineMobileModule({
  name: 'meetingVotes',
  routes: [
    { path: '/meetings/:id(\\d+)/votes', name: 'meeting-votes', component: v(() => import('@/views/m/meeting/MeetingVotesPage.vue')),
      meta: { title: 'meetingVote.m.title' } },
  ],
});
