// src/console/registry.ts: the console's modules. Each file in ./modules/ default-exports one
// ConsoleModule: its side-menu entries, its routes and its dashboard widgets. The layout, the
// router and the dashboard are built from them, so a later module (activities, proposals…)
// joins by adding one file. Menus and routes whose permission the user lacks stay hidden.
import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { can } from '@/api';

export interface MenuEntry {
  /** route path (a leaf) */
  path?: string;
  /** i18n key of the label */
  title: string;
  icon?: Component;
  /** permission (or all of several) the user needs to see it */
  permission?: string | string[];
  children?: MenuEntry[];
}

export interface DashboardWidget {
  id: string;
  /** i18n key of the card title */
  title: string;
  /** sort key: lower first */
  order: number;
  /** columns of 24 on a wide screen (phones always get the full row) */
  span: number;
  permission?: string | string[];
  /** receives the prop committeeId (number | null) */
  component: () => Promise<{ default: Component }>;
  /** more props for the component */
  props?: Record<string, unknown>;
}

export interface ConsoleModule {
  /** unique name, e.g. "members" */
  name: string;
  /** menu position: lower first */
  order: number;
  menu?: MenuEntry[];
  /** child routes of the layout; meta.title (i18n key), meta.permission, meta.crumbs */
  routes?: RouteRecordRaw[];
  widgets?: DashboardWidget[];
}

export function defineModule(m: ConsoleModule): ConsoleModule {
  return m;
}

const found = import.meta.glob<{ default: ConsoleModule }>('./modules/*.ts', { eager: true });

/** Every module, in menu order. */
export const modules: ConsoleModule[] = Object.values(found)
  .map((f) => f.default)
  .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));

/** The menu the current user may see (entries without a visible leaf drop out). */
export function visibleMenu(): MenuEntry[] {
  const filter = (entries: MenuEntry[]): MenuEntry[] =>
    entries
      .filter((e) => can(e.permission))
      .map((e) => (e.children ? { ...e, children: filter(e.children) } : e))
      .filter((e) => !e.children || e.children.length > 0);
  return filter(modules.flatMap((m) => m.menu || []));
}

/** Every dashboard widget the current user may see, in order. */
export function visibleWidgets(): DashboardWidget[] {
  return modules
    .flatMap((m) => m.widgets || [])
    .filter((w) => can(w.permission))
    .sort((a, b) => a.order - b.order);
}
