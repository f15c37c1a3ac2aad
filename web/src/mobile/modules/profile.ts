// src/mobile/modules/profile.ts: my own member record.
import { defineMobileModule } from '../registry';

export default defineMobileModule({
  name: 'profile',
  tiles: [{ id: 'profile', title: 'm.tiles.profile', icon: 'contact-o', order: 90, to: '/profile', color: '#2e7d32' }],
});
