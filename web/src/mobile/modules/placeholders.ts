// src/mobile/modules/placeholders.ts: the places later modules fill: my activities, my
// proposals, my points. A module that implements one registers a tile with the same id and a route.
import { defineMobileModule } from '../registry';

export default defineMobileModule({
  name: 'placeholders',
  tiles: [
    { id: 'activities', title: 'm.tiles.activities', icon: 'flag-o', order: 10, color: '#c62828' },
    { id: 'proposals', title: 'm.tiles.proposals', icon: 'description', order: 20, color: '#1565c0' },
    { id: 'points', title: 'm.tiles.points', icon: 'medal-o', order: 30, color: '#f9a825' },
  ],
});
