// src/mobile/registry.ts: what the members' home page offers. Each file in ./modules/ default-
// exports a MobileModule: tiles for the home grid and routes; later modules (activities,
// proposals, points) replace the placeholders by adding their own file.
import type { RouteRecordRaw } from 'vue-router';
import { can, session } from '@/api';

export interface HomeTile {
  id: string;
  /** i18n key */
  title: string;
  /** a Vant icon name */
  icon: string;
  order: number;
  /** route in the mobile app; absent: "coming soon" */
  to?: string;
  permission?: string | string[];
  /** only for a member account (a user with member_id) */
  memberOnly?: boolean;
  color?: string;
}

export interface MobileModule {
  name: string;
  tiles?: HomeTile[];
  routes?: RouteRecordRaw[];
}

export function defineMobileModule(m: MobileModule): MobileModule {
  return m;
}

const found = import.meta.glob<{ default: MobileModule }>('./modules/*.ts', { eager: true });
export const mobileModules: MobileModule[] = Object.values(found).map((f) => f.default);

/** Tiles the user may see, in order; a later module's tile with the same id replaces a placeholder. */
export function homeTiles(): HomeTile[] {
  const byId = new Map<string, HomeTile>();
  for (const m of mobileModules) for (const t of m.tiles || []) {
    const had = byId.get(t.id);
    if (!had || (!had.to && t.to)) byId.set(t.id, t);
  }
  return [...byId.values()].filter((t) => can(t.permission) && (!t.memberOnly || !!session.user?.member_id))
    .sort((a, b) => a.order - b.order);
}
