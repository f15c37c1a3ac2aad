// src/mobile/modules/meetingDocuments.ts: a meeting's documents and speeches on the phone (issue
// 19, part B): /m/meetings/:id/documents lists the documents by agenda item and opens each (an
// internal PDF as the copy stamped with the reader's name); /m/meetings/:id/speech registers an
// oral speech or hands in a written one. The meeting's page links here.
import { defineMobileModule } from '../registry';

const v = (load: () => Promise<unknown>) => load as never;

export default defineMobileModule({
  name: 'meetingDocuments',
  routes: [
    { path: '/meetings/:id(\\d+)/documents', name: 'meeting-documents',
      component: v(() => import('@/views/m/meeting/DocumentsPage.vue')), meta: { title: 'meetingM.documents' } },
    { path: '/meetings/:id(\\d+)/speech', name: 'meeting-speech',
      component: v(() => import('@/views/m/meeting/SpeechPage.vue')), meta: { title: 'meetingM.speech' } },
  ],
});
