// src/mobile/modules/meeting_signin.ts: scanning the venue screen's QR code signs a member in to a
// meeting's sitting: /m/meetings/:id/signin?code=… (issue 19, part C). No tile: the page is opened
// by the code, or from the meeting's page.
import { defineMobileModule } from '../registry';

const v = (load: () => Promise<unknown>) => load as never;

export default defineMobileModule({
  name: 'meeting-signin',
  routes: [
    { path: '/meetings/:id(\\d+)/signin', name: 'meeting-signin', component: v(() => import('@/views/m/meeting/MeetingSigninPage.vue')),
      meta: { title: 'signin.m.title' } },
  ],
});
