// src/mobile/modules/meetings.ts: a member's meetings on the phone (会议, issue 19): the tile 我的会议
// opens my meetings (the workbench's entries open it with todo=reply|documents|votes); one meeting
// with its notice, my reply (参加 / 不参加), my leave (ask with a reason, see its state, withdraw it
// while it waits) and my seat, and the links to its pages: the documents by agenda item (an
// internal PDF opens as the copy stamped with the reader's name), registering a speech or handing
// in a written one, signing in (the page the venue screen's QR code opens, ?code=…), and the votes
// (the open vote's ballot, the results of the closed ones). The meeting notice links to
// /m/meetings/{id}.
import { defineMobileModule } from '../registry';

const v = (load: () => Promise<unknown>) => load as never;

export default defineMobileModule({
  name: 'meetings',
  tiles: [
    { id: 'meetings', title: 'meeting.m.tile', icon: 'calendar-o', order: 15, to: '/meetings', permission: 'meeting.attend',
      memberOnly: true, color: '#6a1b9a' },
  ],
  routes: [
    { path: '/meetings', name: 'my-meetings', component: v(() => import('../views/meeting/MyMeetingsView.vue')),
      meta: { title: 'meeting.m.mine' } },
    { path: '/meetings/:id(\\d+)', name: 'my-meeting', component: v(() => import('../views/meeting/MeetingView.vue')),
      meta: { title: 'meeting.m.notice' } },
    { path: '/meetings/:id(\\d+)/documents', name: 'meeting-documents',
      component: v(() => import('../views/meeting/DocumentsPage.vue')), meta: { title: 'meetingM.documents' } },
    { path: '/meetings/:id(\\d+)/speech', name: 'meeting-speech',
      component: v(() => import('../views/meeting/SpeechPage.vue')), meta: { title: 'meetingM.speech' } },
    { path: '/meetings/:id(\\d+)/signin', name: 'meeting-signin',
      component: v(() => import('../views/meeting/MeetingSigninPage.vue')), meta: { title: 'signin.m.title' } },
    { path: '/meetings/:id(\\d+)/votes', name: 'meeting-votes',
      component: v(() => import('../views/meeting/MeetingVotesPage.vue')), meta: { title: 'meetingVote.m.title' } },
  ],
});
