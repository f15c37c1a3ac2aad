/*
 * src/components/workflow/flow.ts: what the shared workflow components (StateTag, ActionBar,
 * FlowTimeline, ActionDialog) need to know of one kind of record with states: where its labels
 * are, the colour of each state, and the order and weight of its action buttons. Which actions
 * are offered is never decided here: the record's detail JSON carries them ("actions": what the
 * caller may do now, checked again by the server when done).
 */
import { t } from '@/i18n';

export type TagType = 'success' | 'warning' | 'info' | 'danger' | 'primary';

export interface Flow {
  /** the i18n area of its pages: `${ns}.detail.timeline`, `${ns}.detail.noTimeline`, `${ns}.detail.system` */
  ns: string;
  /** the i18n prefix of its states (`${states}.${status}`); default `${ns}.status` */
  states?: string;
  /** the i18n prefix of its actions (`${actions}.${action}`); default `${ns}.action` */
  actions?: string;
  /** the tag colour of a state */
  tag: (status: string) => TagType;
  /** the order of the buttons; an action not listed comes last, as the server gave it */
  order: readonly string[];
  /** solid primary buttons */
  primary?: readonly string[];
  /** plain red buttons */
  danger?: readonly string[];
}

/** a state's label ('' for none) */
export const stateLabel = (f: Flow, s: string | null | undefined) => (s ? t(`${f.states || `${f.ns}.status`}.${s}`) : '');

/** an action's label, the action's own name when there is none */
export function actionLabel(f: Flow, a: string): string {
  const k = `${f.actions || `${f.ns}.action`}.${a}`;
  const v = t(k);
  return v === k ? a : v;
}

/** the actions in the flow's order (the sort is stable: unknown ones keep the server's order, last) */
export function ordered(f: Flow, actions: readonly string[]): string[] {
  const rank = (a: string) => { const i = f.order.indexOf(a); return i < 0 ? f.order.length : i; };
  return [...actions].sort((a, b) => rank(a) - rank(b));
}

/** one event of a record's timeline (GET …/{id}/timeline) */
export interface FlowEvent {
  id: number;
  at: string;
  user_id: number | null;
  user_name: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string;
  data: Record<string, unknown> | null;
}
