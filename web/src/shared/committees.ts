// src/shared/committees.ts: the committees the user can see, as a list and as a tree, and the
// part of the tree the user's scope covers (their committee and everything below it).
import { computed, ref } from 'vue';
import { listAll, session } from '@/api';

export interface Committee {
  id: number;
  name: string;
  parent_id: number | null;
  parent_name?: string | null;
  level: 'national' | 'province' | 'city' | 'county';
  region: string;
  path: string;
  sort: number;
}

export interface TreeNode {
  value: number;
  label: string;
  level: string;
  children?: TreeNode[];
}

export const committees = ref<Committee[]>([]);
let loading: Promise<Committee[]> | null = null;

/** GET /api/v1/committees?limit=500, following next_cursor; cached until force. */
export function loadCommittees(force = false): Promise<Committee[]> {
  if (loading && !force) return loading;
  loading = listAll<Committee>('/api/v1/committees', {}, 500).then(
    (items) => {
      committees.value = items;
      return items;
    },
    (e) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

export function forgetCommittees() {
  loading = null;
  committees.value = [];
}

/** The user's own committee record (with its path), once loaded. */
export const ownCommittee = computed(() => committees.value.find((c) => c.id === session.user?.committee.id));

/** Committees in the user's scope: the own committee's subtree. */
export const scopeCommittees = computed(() => {
  const own = ownCommittee.value;
  if (!own) return [];
  return committees.value.filter((c) => c.path.startsWith(own.path));
});

/** Builds a tree from committee rows (roots: rows whose parent is not among them). */
export function buildTree(rows: Committee[]): TreeNode[] {
  const byId = new Map<number, TreeNode>();
  const sorted = [...rows].sort((a, b) => a.path.split('/').length - b.path.split('/').length ||
    a.sort - b.sort || a.id - b.id);
  for (const c of sorted) byId.set(c.id, { value: c.id, label: c.name, level: c.level });
  const roots: TreeNode[] = [];
  for (const c of sorted) {
    const node = byId.get(c.id)!;
    const parent = c.parent_id != null ? byId.get(c.parent_id) : undefined;
    if (parent) (parent.children ||= []).push(node);
    else roots.push(node);
  }
  return roots;
}

export const scopeTree = computed(() => buildTree(scopeCommittees.value));
export const fullTree = computed(() => buildTree(committees.value));

export function committeeName(id: number | null | undefined): string {
  if (id == null) return '';
  return committees.value.find((c) => c.id === id)?.name || String(id);
}
