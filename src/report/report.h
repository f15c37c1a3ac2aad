/* src/report/report.h: social-conditions reports (社情民意信息; DOMAIN.md "Social-conditions
** report"): one issue per report, its facts, analysis and suggestions in one body (at most
** report.body_max characters, 1,500 by default), urgent or not, from a member (a member account
** submits its own) or collectively from a party, sector, special committee or activity group
** (entered by staff); the contact activity or the not-filed proposal it came from
** (proposal_act's convert creates the report and links both ways); attachments.
**
** The information office (report.review) returns a report for revision, adopts it, rejects it
** with a reason, or merges several on one subject into one; it and the author edit the text, each
** edit keeping the earlier text as a version; it records where a report was adopted (local,
** province, national) and the leaders' instructions (local, province, central). Every step is
** an action: report_act() checks it against the table of report_flow.c and who may act, then in
** one transaction changes the state, writes a timeline event (report_events), an audit entry,
** the notifications, and syncs the submitting member's points (points_sync "report").
**
** The JSON of a report (report_detail):
**   {id, committee_id, title, category, body, body_length, urgent, member_id, member_name,
**    collective_kind, collective_id, collective_name, activity_id, proposal_id, status,
**    status_label, merged_into, decision_note, submitted_at, decided_at, created_by,
**    created_at, updated_at, files: [{id, filename, content_type, size, url}],
**    adoptions: [{id, level, level_label, adopted_by, adopted_on, note}],
**    instructions: [{id, level, level_label, leader_name, leader_title, text, given_on}],
**    merged: [{id, title}] (the reports merged into this one), bulletins: [{id, committee_id,
**    year, number, label, status, sent_at}] (the 《社情民意》 issues it is in, bulletin.h),
**    actions: ["submit", ...]} */
#ifndef LVZHI_REPORT_H
#define LVZHI_REPORT_H
#include <jansson.h>
#include "base/label.h"
#include <stdbool.h>
#include <stdint.h>
#include "entity/entity.h"
#include "org/settings.h"

extern const struct entity report_entity;          /* reports */
extern const struct setting_group report_settings; /* "report." keys: body_max */

/* The states. */
enum report_state {
  RS_DRAFT,     /* 草稿: the author edits it */
  RS_SUBMITTED, /* 待审核: the information office reviews it */
  RS_RETURNED,  /* 退回修改: the author revises and submits again */
  RS_ADOPTED,   /* 已采用: adoptions and instructions are recorded on it */
  RS_REJECTED,  /* 不予采用 (final; with the reason) */
  RS_MERGED,    /* 已合并 (final; merged_into) */
  RS_WITHDRAWN, /* 已撤回 (final) */
  RS__COUNT
};

/* The actions. */
enum report_action {
  RA_SUBMIT,   /* the author: draft | returned -> submitted */
  RA_WITHDRAW, /* the author: draft | submitted | returned -> withdrawn */
  RA_RETURN,   /* review: submitted -> returned {"note"} (required) */
  RA_ADOPT,    /* review: submitted -> adopted {"level"?, "adopted_by"?, "adopted_on"?, "note"?} */
  RA_REJECT,   /* review: submitted -> rejected {"reason"} (required) */
  RA_MERGE,    /* review: submitted | returned -> merged {"into", "note"?} (a submitted or adopted
                  report) */
  RA_ADOPTION, /* review: adopted -> adopted, records an adoption {"level", "adopted_by"?,
                  "adopted_on"?, "note"?} */
  RA_INSTRUCTION, /* review: adopted -> adopted, records an instruction {"level", "leader_name",
                  ** "leader_title"?, "text", "given_on"?} */
  RA_ACCEPT,      /* review: submitted -> submitted, accepted for review (受理: accepted_at; the
                     author's points are earned now); adopt and reject accept it too */
  RA__COUNT
};

/* The states as stored, with their labels (index = enum report_state), and the levels of
** adoptions and instructions. */
extern const struct label report_states[], report_adoption_levels[], report_instruction_levels[];

/* The life of a report: its states and actions, taken by flow_act (report_act.c). */
extern const struct flow report_flow;

/* Names as the API spells them ("draft", "submit"...), and labels. */
const char *report_state_name(enum report_state s);
const char *report_state_label(enum report_state s);
const char *report_state_label_en(enum report_state s);
int report_state_parse(const char *name); /* -1 when unknown */
const char *report_action_name(enum report_action a);
int report_action_parse(const char *name); /* -1 when unknown */

/* Whether action a is allowed in state s (the table of report_flow.c). */
bool report_allowed(enum report_state s, enum report_action a);

/* The categories, NULL-terminated, as stored (the proposals' list). */
extern const char *const report_categories[];

/* Adoption levels ("local", "province", "national") and instruction levels ("local",
** "province", "central"), with their labels; -1 / "" when unknown. */
int report_adoption_level_parse(const char *name);
const char *report_adoption_level_label(const char *name);
int report_instruction_level_parse(const char *name);
const char *report_instruction_level_label(const char *name);

/* ---- reading --------------------------------------------------------------------------------- */

/* Whether the caller sees report id: staff in scope; a member account its own (its member is
** the submitter, or it entered it). */
bool report_visible(struct entity_ctx *ctx, int64_t id);

/* The report as documented above, or NULL (404) when there is none. */
json_t *report_detail(struct entity_ctx *ctx, int64_t id);

/* The timeline: {"items": [{id, at, user_id, user_name, action, from_status, to_status, note,
** data}]} oldest first. */
json_t *report_timeline(struct entity_ctx *ctx, int64_t id);

/* A list, newest first, in the caller's view, with the entity filters (committee_id,
** category, member_id, status...) plus: statuses (several, comma-separated), mine, urgent, year
** (submitted in that CST year), q (search: every CJK bigram and ASCII word of the query, as
** utf8_tokens cuts it, found in the title or the body; a lone CJK character matches itself).
** {"items": [report JSON without files, adoptions...], "next_cursor", "total"}; NULL with
** ctx->err (422) on a bad filter. */
struct report_query {
  struct entity_query e;
  const char *statuses;
  bool mine, urgent_only;
  bool unbulletined; /* not yet in a bulletin of the list's committee (committee_id, else the
                        caller's): with status adopted, what waits to be edited into one (待编发) */
  int year;
  const char *q;
};
json_t *report_list(struct entity_ctx *ctx, const struct report_query *q);

/* The "total" of report_list's query q, without a page (the workbench's counts); -1 with
** ctx->err on a bad filter. */
int64_t report_list_total(struct entity_ctx *ctx, const struct report_query *q);

/* The versions: {"items": [{version, title, body, body_length, replaced_by, replaced_by_name,
** replaced_at, current}]} oldest first; the last (current: true) is the text now. */
json_t *report_versions(struct entity_ctx *ctx, int64_t id);

/* The difference of versions from and to (0: the current text) of report id, by lines (mode
** "line") or characters ("char"): {"from", "to", "mode", "title": [ops], "body": [ops],
** "inserted", "deleted"} where an op is {"op": "equal"|"insert"|"delete", "text"} (a line op's
** text ends with its newline when it had one). NULL with ctx->err: 404 no such version, 422 a
** bad mode or texts too long to compare by characters (over 4,000,000 cells after trimming the
** common ends). */
json_t *report_diff(struct entity_ctx *ctx, int64_t id, int from, int to, const char *mode);

/* The same comparison of two texts, for tests and other modules: an array of ops. */
json_t *report_diff_text(const char *a, const char *b, bool by_char, int64_t *inserted,
                         int64_t *deleted);

/* ---- writing --------------------------------------------------------------------------------- */

/* Edits the title, category, body, urgent flag or source activity of report id ({"title"?,
** "category"?, "body"?, "urgent"?, "activity_id"?}): its author in draft or returned, the
** information office in scope in draft, submitted, returned or adopted. A change of title or
** body stores the text before it as the next version. 409 wrong_state, 403, 422. */
bool report_edit(struct entity_ctx *ctx, int64_t id, json_t *in);

/* Replaces the attachments of a draft or returned report ({"file_ids": [...]}, at most 10), by
** its author or the office. */
bool report_set_files(struct entity_ctx *ctx, int64_t id, json_t *in);

/* Does action a on report id with its input (may be NULL; see enum report_action). Returns
** false with ctx->err: 409 wrong_state (the current state in the message), 403 not the caller's
** to do, 422 a bad input, 409 conflict (an adoption level recorded already). */
bool report_act(struct entity_ctx *ctx, int64_t id, enum report_action a, json_t *in);

/* Inside the caller's transaction: a submitted report made from not-filed proposal
** proposal_id (its title, category, its first proposer or its collective; as body, body when
** not NULL or empty — the office's text edited to fit — else its facts, analysis and
** suggestions joined), linked both ways (reports.proposal_id, proposals.converted_id), with its
** timeline event, audit entry and points. Returns the report's id, or 0 with ctx->err: 422
** invalid_field body when the body is over the committee's report.body_max. */
int64_t report_from_proposal(struct entity_ctx *ctx, int64_t proposal_id, const char *body);

/* ---- statistics ------------------------------------------------------------------------------ */

/* Statistics of a committee subtree for a CST year (0: all years): {"committee_id", "year",
** "totals": {submitted, adopted, adopted_province, adopted_national, adopted_above,
** instructions, urgent, sent_up (in a bulletin sent up)}, "by_member": [{member_id, name, sector,
*submitted, adopted,
** adopted_above, instructions}], "by_sector": [{id, name, ...}], "by_group": [...],
** "by_month": [{month: "YYYY-MM", ...}]}. NULL with ctx->err (403, 422). */
json_t *report_stats(struct entity_ctx *ctx, int64_t committee_id, int year);

#endif
