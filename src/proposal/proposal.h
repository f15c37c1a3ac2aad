/* src/proposal/proposal.h: proposals (提案) through their whole life (Xi'an's 全周期提案管理
** of the seed; DOMAIN.md "Proposal lifecycle"): drafting by a member alone, jointly (co-signers
** confirm before a deadline) or collectively; submission; review (filed with a serial number
** per session, merged, returned, withdrawn, not filed with one of ten reasons and possibly
** converted); assignment to handling units (a lead with co-handlers, or split); the units'
** acceptance or objection; co-handlers' views, the reply with its category and countersigning,
** the office's check; deadlines with extensions; the proposers' ratings and handling again;
** key and good proposals; statistics.
**
** Every step is an action: proposal_act() checks it against the state machine
** (proposal_next), does it in one transaction with a timeline event, an audit entry and the
** notifications, or fails with ctx->err (409 wrong_state naming the current state). */
#ifndef LVZHI_PROPOSAL_H
#define LVZHI_PROPOSAL_H
#include <jansson.h>
#include "base/label.h"
#include <stdbool.h>
#include <stdint.h>
#include "entity/entity.h"
#include "org/settings.h"

extern const struct entity proposal_entity;          /* proposals */
extern const struct entity proposal_session_entity;  /* proposal_sessions: 届次会议 */
extern const struct setting_group proposal_settings; /* "proposal." keys */

/* The states, in the order of the life of a proposal. */
enum proposal_state {
  PS_DRAFT,      /* 草稿: the author edits it */
  PS_COSIGNING,  /* 联名征集中: co-signers confirm until the deadline */
  PS_SUBMITTED,  /* 待审查 */
  PS_RETURNED,   /* 退回修改: the author edits and submits again */
  PS_WITHDRAWN,  /* 已撤回 (final) */
  PS_NOT_FILED,  /* 不予立案 (final; may be converted) */
  PS_MERGED,     /* 已并案 (final; merged_into) */
  PS_FILED,      /* 已立案: to be assigned */
  PS_ASSIGNED,   /* 已交办: units accept or object */
  PS_HANDLING,   /* 办理中 */
  PS_REPLIED,    /* 已答复: proposers rate the reply */
  PS_REHANDLING, /* 重新办理 after a 不满意 */
  PS_CLOSED,     /* 已办结 (final) */
  PS__COUNT
};

/* The actions of the state machine. */
enum proposal_action {
  PA_SUBMIT, /* the author: draft | returned -> cosigning (joint, co-signers invited) | submitted */
  PA_COSIGN, /* an invited co-signer confirms or declines: cosigning -> cosigning | submitted */
  PA_CLOSE_COSIGNING,  /* the office, or the deadline: cosigning -> submitted */
  PA_WITHDRAW,         /* the author: draft | cosigning | submitted | returned -> withdrawn */
  PA_RETURN,           /* review: submitted -> returned */
  PA_FILE,             /* review: submitted -> filed (serial number) */
  PA_MERGE,            /* review: submitted -> merged (into a filed or submitted proposal) */
  PA_REJECT,           /* review: submitted -> not_filed (reason 1..10) */
  PA_CONVERT,          /* review: not_filed -> not_filed (to a report or a reference letter) */
  PA_ASSIGN,           /* review: filed | assigned -> assigned (units; again after an objection) */
  PA_ACCEPT,           /* a unit: assigned -> assigned | handling (when every unit accepted) */
  PA_OBJECT,           /* a unit, within the objection window: assigned -> assigned */
  PA_VIEW,             /* a co-handling unit sends its view to the lead: handling | rehandling */
  PA_REPLY,            /* the lead or a split unit submits its reply: handling | rehandling */
  PA_COUNTERSIGN,      /* a co-handling unit countersigns the lead's reply: handling | rehandling */
  PA_APPROVE_REPLY,    /* the office accepts a reply: -> replied when every reply is in */
  PA_RETURN_REPLY,     /* the office sends a reply back to its unit */
  PA_EXTEND,           /* a unit asks for more time: assigned | handling | rehandling */
  PA_DECIDE_EXTENSION, /* the office approves or refuses it */
  PA_RATE,      /* a proposer rates the reply: replied -> replied | closed | rehandling (the lead's
                 ** rating decides); closed -> closed (a co-signer's rating after the lead's) */
  PA_CONSULT,   /* the office records a face-to-face consultation: rehandling | replied | closed */
  PA_CLOSE,     /* the office closes a replied proposal (ratings overdue) */
  PA_MARK_KEY,  /* the office marks a key proposal (重点提案) with leader and plan */
  PA_MARK_GOOD, /* the office selects a good proposal (优秀提案) */
  PA_COMMUNICATE, /* an accepting unit records 办前沟通 with the proposers {"held_on", "way",
                     "content"}: handling | rehandling */
  PA__COUNT
};

/* The ways of 办前沟通 (visit, meeting, phone, letter, online, other):
 * "proposal.communication_way". */
extern const struct label proposal_communication_ways[];

/* The states as stored, with their labels (index = enum proposal_state). */
extern const struct label proposal_states[];

/* How a proposal is put forward: member (个人提案), joint, collective. */
extern const struct label proposal_kinds[];

/* A signer's role: first (第一提案人), cosigner (联名人). */
extern const struct label proposal_signer_roles[];

/* A handling unit's role in an assignment: lead (主办), co (会办), split (分办). */
extern const struct label proposal_unit_roles[];

/* A proposer's rating of the reply: satisfied, basically, unsatisfied. */
extern const struct label proposal_ratings[];

/* Where the evaluation of a reply stands: awaiting_lead (the lead proposer has not rated),
** awaiting_signers (the lead has, the committee's rate_all waits for the others), final (the
** lead's rating closed it), unrated (closed by the office without the lead's rating). */
extern const struct label proposal_evaluation_states[];

/* The category of a unit's reply: A (已解决或采纳), B (正在解决或列入计划), C (留作参考). */
extern const struct label proposal_reply_categories[];

/* The life of a proposal: its states and actions, taken by flow_act (proposal_act.c). */
extern const struct flow proposal_flow;

/* Names as the API spells them ("draft", "submit"...), and Chinese labels. */
const char *proposal_state_name(enum proposal_state s);
const char *proposal_state_label(enum proposal_state s);
const char *proposal_state_label_en(enum proposal_state s);
int proposal_state_parse(const char *name); /* -1 when unknown */
const char *proposal_action_name(enum proposal_action a);
int proposal_action_parse(const char *name); /* -1 when unknown */

/* Whether action a is allowed in state s (the table of proposal_flow.c). Most actions keep
** their state or lead to one fixed state; those that depend on what else is done (cosign,
** accept, approve_reply, rate) are decided by proposal_act. */
bool proposal_allowed(enum proposal_state s, enum proposal_action a);

/* The ten reasons for not filing (不予立案), 1..10; NULL outside. */
const char *proposal_reject_reason(int code);

/* The categories (经济建设 ...), NULL-terminated, as stored. */
extern const char *const proposal_categories[];

/* ---- deadlines (CST calendar) ---------------------------------------------------------------- */

/* t plus months calendar months in CST, the day clamped to the month's end (31 January + 1 =
** 28/29 February), the time of day kept. */
int64_t proposal_add_months(int64_t t, int months);

/* ---- reading --------------------------------------------------------------------------------- */

/* Whether the caller sees proposal id: staff in scope; a member account its own (author or
** signer) and the filed ones of its committee tree; a handling unit the ones assigned to it. */
bool proposal_visible(struct entity_ctx *ctx, int64_t id);

/* The proposal with its signers, attachments, assignments (what the caller may see), ratings,
** state label, and the actions the caller may take now ("actions": [...]). NULL if none. */
json_t *proposal_detail(struct entity_ctx *ctx, int64_t id);

/* The timeline: {"items": [{id, at, user_id, user_name, action, from_status, to_status, note,
** data}]} oldest first. */
json_t *proposal_timeline(struct entity_ctx *ctx, int64_t id);

/* A list with the entity filters plus: status (several, comma-separated), mine (author or
** signer), unit_id (assigned to), overdue, near (days before deadline), q (search, best
** first), session_id, category, is_key, is_good, assignment (what waits on an assignment, see
** proposal_assignment_filters), cosign=pending (a member account's invitations to co-sign not yet
** answered, before the deadline). {"items", "next_cursor", "total"}. */
struct proposal_query {
  struct entity_query e;
  const char *statuses; /* "filed,assigned" */
  bool mine, overdue, key_only, good_only;
  int near_days; /* deadline within this many days (0: no filter) */
  int64_t unit_id;
  const char *q;          /* search words; ranks by score, no cursor beyond the first 200 */
  const char *assignment; /* one of proposal_assignment_filters, or NULL */
  bool cosign_pending;    /* the caller's member has been invited to co-sign and not answered */
};
json_t *proposal_list(struct entity_ctx *ctx, const struct proposal_query *q);

/* The values of the list's assignment filter, each the proposals with an assignment (not
** withdrawn; for a handling unit's account its own unit's) that waits on someone: objected
** (异议待处理: the unit objected, the office re-assigns), late_accept (逾期未签收: not accepted
** by its respond_by), to_accept (待签收), view_due (会办意见待提交: an accepting co-handling
** unit has given no views while the proposal is handled), reply_check (答复待审核: a reply
** submitted for the office's check), reply_returned (被退回的答复: the office returned it).
** NULL-terminated. */
extern const char *const proposal_assignment_filters[];

/* The "total" of proposal_list for the same query (no search), without a page: the count the
** workbench shows for the list. -1 with ctx->err on a bad filter. */
int64_t proposal_list_total(struct entity_ctx *ctx, const struct proposal_query *q);

/* The proposals most like a text (title, body) or like proposal id (text NULL), in the caller's
** view, with scores and states: {"items": [{id, title, status, serial, year, score, ...}]}. */
json_t *proposal_similar(struct entity_ctx *ctx, int64_t id, const char *title, const char *body,
                         int limit);

/* ---- writing --------------------------------------------------------------------------------- */

/* Co-signers of a joint proposal in draft or returned, by its author: replaces its co-signers
** with members_ids (active members of its committee, not the first proposer), all invited
** afresh: after a return they confirm the revised text again. 422 otherwise. */
bool proposal_set_cosigners(struct entity_ctx *ctx, int64_t id, json_t *member_ids);

/* Does action a on proposal id with its input (may be NULL): see enum proposal_action for who
** and when; the input of each is documented at its handler in proposal_http.c. Returns false
** with ctx->err: 409 wrong_state (the current state in the message), 403 not the caller's to do,
** 422 a bad input. */
bool proposal_act(struct entity_ctx *ctx, int64_t id, enum proposal_action a, json_t *in);

/* Co-signing whose deadline has passed closes (cosigning -> submitted); returns how many.
** Run by the job worker's schedule only: reads do not write. Until it has run, reads show such a
** proposal in its effective state (proposal_effective_state: the list's status, its filter, the
** detail and its actions), and the first step taken on it closes its co-signing first
** (proposal_act). */
int proposal_close_due_cosigning(struct entity_ctx *ctx, int64_t now);

/* The state a read shows: submitted for a proposal still cosigning whose co-signing deadline
** (cosign_deadline, 0 when none) is before now; the stored state otherwise. */
int proposal_effective_state(int state, int64_t cosign_deadline, int64_t now);

/* ---- supervision and statistics ------------------------------------------------------------- */

/* Assignments near (within days) or past their deadline, in the caller's view: {"items":
** [{proposal_id, title, serial, unit_id, unit_name, role, deadline_at, days_left, overdue,
** is_key}]}; units and staff are reminded by proposal_remind_deadlines. */
json_t *proposal_supervision(struct entity_ctx *ctx, int64_t committee_id, int days);

/* Reminds the units and the office of unanswered assignments within the committee's
** remind_days of their deadline, or past it, once a day each, each in its own words: the unit
** "提案办理已超期" (kind proposal_deadline: answer it), the office "单位逾期未答复" naming the unit
** (kind proposal_unit_deadline: press it). Returns how many notifications were sent. */
int proposal_remind_deadlines(struct entity_ctx *ctx, int64_t now);

/* Statistics of a committee subtree and a session (0: all) or year (0: all): totals and by
** sector, category and unit: submitted, filed, filing rate, replied, reply rate (办复率),
** satisfied / basically / unsatisfied, satisfaction rate, A/B/C, overdue. */
json_t *proposal_stats(struct entity_ctx *ctx, int64_t committee_id, int64_t session_id, int year);

#endif
