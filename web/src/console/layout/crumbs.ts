// src/console/layout/crumbs.ts: a page may name itself in the breadcrumbs (a member's name
// instead of "委员详情"); the override ends when the route changes.
import { ref } from 'vue';

export const crumbTitle = ref<string | null>(null);

export function setCrumbTitle(s: string | null) {
  crumbTitle.value = s;
}
