/*
 * src/components/workflow/flow.ts: what the shared workflow components (StateTag, ActionBar,
 * FlowTimeline, ActionDialog; PhoneStateTag and PhoneActionBar on the phone) need to know of one kind of record with states: which label tables
 * name its states and actions, the colour of each state, and the order and weight of its action
 * buttons. Which actions are offered is never decided here: the record's detail JSON carries them
 * ("actions": what the caller may do now, checked again by the server when done).
 */
import { ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message-box/style/css';
import { i18n, t } from '@/i18n';
import { hasLabel, label } from '@/shared/labels';

export type TagType = 'success' | 'warning' | 'info' | 'danger' | 'primary';

export interface Flow {
  /** the i18n area of its pages: `${ns}.detail.timeline`, `${ns}.detail.noTimeline`, `${ns}.detail.system` */
  ns: string;
  /** the record in GET /api/v1/labels: its states are `${record}.state`, its actions `${record}.action` */
  record: string;
  /**
   * the i18n prefix of the words the pages have of their own (`${words}.${name}`, default
   * `${ns}.action`): timeline events and buttons that are no action of the server's table
   * (create, edit...); such a word comes before the table's
   */
  words?: string;
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
export const stateLabel = (f: Flow, s: string | null | undefined) => label(`${f.record}.state`, s);

/** an action's (or a timeline event's) label: the page's own word, else the server's table, else the name */
export function actionLabel(f: Flow, a: string): string {
  const k = `${f.words || `${f.ns}.action`}.${a}`;
  return i18n.global.te(k) ? t(k) : label(`${f.record}.action`, a);
}

/** an action button's weight: solid primary, plain red, or plain default */
export const buttonKind = (f: Flow, a: string): 'primary' | 'danger' | 'default' =>
  (f.primary?.includes(a) ? 'primary' : f.danger?.includes(a) ? 'danger' : 'default');

/** the tag colour of a state for Vant (the phone pages), which has no "info" */
export function phoneTag(f: Flow, s: string): 'success' | 'warning' | 'danger' | 'primary' | 'default' {
  const t = f.tag(s);
  return t === 'info' ? 'default' : t;
}

/**
 * Asks before an irreversible step: the server's flow table marks such actions with a question
 * (GET /api/v1/labels, `${record}.confirm`: 立案, 审核通过答复, 采用, 印发...). Resolves true when
 * the action has no question or the person confirmed it, false when they cancelled (nothing is
 * sent then). The one place every workflow page asks (ActionBar, and the per-item buttons).
 */
export async function confirmStep(f: Flow, a: string): Promise<boolean> {
  const key = `${f.record}.confirm`;
  if (!hasLabel(key, a)) return true;
  try {
    await ElMessageBox.confirm(label(key, a), actionLabel(f, a), {
      type: 'warning', confirmButtonText: actionLabel(f, a), cancelButtonText: t('common.cancel'),
      customClass: 'confirm-step',
    });
    return true;
  } catch {
    return false;
  }
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
