/* src/report/report_act.c: the life of a report as a workflow table (report_flow, at the end)
** and the effect of each action; flow_act (entity/flow.c) takes the step: the state and who may
** act checked under the row's lock, the effect, the timeline event, the submitting member's
** points (points_sync), the audit entry. Also the report made from a not-filed proposal.
**
** Who: the author (the submitting member's account, or the account that entered it, with
** report.submit) submits and withdraws; the information office (report.review, in scope)
** returns, adopts, rejects, merges and records adoptions and instructions. */
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "points/points.h"
#include "report_int.h"

/* Who: the author submits and withdraws; the information office does the rest. */
static bool may(struct flow_step *s, bool report) {
  struct entity_ctx *ctx = s->ctx;
  const struct report_row *r = s->row;
  int a = flow_step_action(s);
  bool ok;
  const char *zh, *en;
  if (a == RA_SUBMIT || a == RA_WITHDRAW) {
    ok = (!ctx->user || access_role_has(ctx->user->role, PERM_REPORT_SUBMIT)) &&
         report_is_author(ctx, r);
    zh = "只有报送人可以提交或撤回", en = "Only the author submits or withdraws";
  } else {
    ok = report_is_office(ctx, r);
    zh = "只有信息工作部门可以执行此操作", en = "Only the information office may do this";
  }
  if (!ok && report) entity_fail(ctx, ERR_FORBIDDEN, NULL, zh, en);
  return ok;
}

/* An adoption is recorded once per level: with all three there is none left to record. */
static bool levels_left(struct flow_step *s) {
  return db_int(s->ctx->db, 0, "SELECT COUNT(*) FROM report_adoptions WHERE report_id = ?", "i",
                s->id) < 3;
}

json_t *report_actions_for(struct entity_ctx *ctx, int64_t id) {
  return flow_actions(ctx, &report_flow, id);
}

/* ---- the effects ------------------------------------------------------------------------------
 */

/* The report a step acts on. */
static struct report_row *row(const struct flow_step *s) { return s->row; }

static bool do_submit(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  static const char *const names[] = {NULL};
  if (!input_only(ctx, s->in, names)) return false;
  if (!*row(s)->body) {
    entity_fail(ctx, ERR_INVALID_FIELD, "body", "提交前请填写正文", "The body is required");
    return false;
  }
  if (!report_body_fits(ctx, row(s)->path, row(s)->body)) return false;
  if (db_exec(ctx->db, "UPDATE reports SET submitted_at = ? WHERE id = ?", "ii", s->now,
              row(s)->id) != DB_DONE)
    return false;
  report_notify_office(ctx, row(s), "report_submitted",
                       row(s)->state == RS_RETURNED ? "社情民意信息修改后重新报送"
                                                    : "新报送的社情民意信息",
                       arena_printf(ctx->arena, "《%s》", row(s)->title));
  return true;
}

static bool do_withdraw(struct flow_step *s) {
  static const char *const names[] = {"note", NULL};
  const char *note;
  if (!input_only(s->ctx, s->in, names) ||
      !(note = input_text(s->ctx, s->in, "note", false, 500, "说明")))
    return false;
  s->note = note;
  return true;
}

static bool decide(struct flow_step *s, const char *note) {
  return db_exec(s->ctx->db, "UPDATE reports SET decision_note = ?, decided_at = ? WHERE id = ?",
                 "tii", note, s->now, row(s)->id) == DB_DONE;
}

static bool do_return(struct flow_step *s) {
  static const char *const names[] = {"note", NULL};
  const char *note;
  if (!input_only(s->ctx, s->in, names) ||
      !(note = input_text(s->ctx, s->in, "note", true, 1000, "退回修改意见")))
    return false;
  if (!decide(s, note)) return false;
  s->note = note;
  report_notify_author(s->ctx, row(s), "report_returned", "社情民意信息退回修改",
                       arena_printf(s->ctx->arena, "《%s》：%s", row(s)->title, note));
  return true;
}

/* The office takes the report up for review (受理): accepted_at, once. The author's
** report.submitted points are earned from this moment (points_sources.c), not from the submit. */
static bool accepted(struct flow_step *s) {
  return db_int(s->ctx->db, 0,
                "SELECT COUNT(*) FROM reports WHERE id = ? AND accepted_at IS NOT NULL", "i",
                s->id) > 0;
}
static bool mark_accepted(struct flow_step *s) {
  return db_exec(s->ctx->db,
                 "UPDATE reports SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL", "ii",
                 s->now, s->id) == DB_DONE;
}
static bool not_accepted(struct flow_step *s) { return !accepted(s); }
static bool do_accept(struct flow_step *s) {
  static const char *const names[] = {"note", NULL};
  const char *note;
  if (!input_only(s->ctx, s->in, names) ||
      !(note = input_text(s->ctx, s->in, "note", false, 500, "受理意见")))
    return false;
  if (accepted(s)) {
    entity_fail(s->ctx, ERR_CONFLICT, NULL, "该信息已受理", "The report is accepted already");
    return false;
  }
  s->note = note;
  report_notify_author(s->ctx, row(s), "report_accepted", "社情民意信息已受理",
                       arena_printf(s->ctx->arena, "《%s》已受理，进入审核", row(s)->title));
  return mark_accepted(s);
}

static bool do_reject(struct flow_step *s) {
  static const char *const names[] = {"reason", NULL};
  const char *reason;
  if (!input_only(s->ctx, s->in, names) ||
      !(reason = input_text(s->ctx, s->in, "reason", true, 1000, "不予采用的理由")))
    return false;
  /* a decision on the report is a review of it: accepted, if it was not before */
  if (!decide(s, reason) || !mark_accepted(s)) return false;
  s->note = reason;
  report_notify_author(s->ctx, row(s), "report_rejected", "社情民意信息不予采用",
                       arena_printf(s->ctx->arena, "《%s》不予采用：%s", row(s)->title, reason));
  return true;
}

/* Records an adoption at the level of the input (default local). */
static bool add_adoption(struct flow_step *s, bool level_required) {
  struct entity_ctx *ctx = s->ctx;
  static const char *const names[] = {"level", "adopted_by", "adopted_on", "note", NULL};
  const char *level, *by, *on, *note;
  if (!input_only(ctx, s->in, names) ||
      !(level =
            input_enum(ctx, s->in, "level", report_adoption_levels, level_required, "采用级别")) ||
      !(by = input_text(ctx, s->in, "adopted_by", false, 100, "采用单位")) ||
      !(on = input_date(ctx, s->in, "adopted_on")) ||
      !(note = input_text(ctx, s->in, "note", false, 1000, "说明")))
    return false;
  if (!*level) level = "local";
  if (db_int(ctx->db, 0, "SELECT COUNT(*) FROM report_adoptions WHERE report_id = ? AND level = ?",
             "it", row(s)->id, level)) {
    entity_fail(ctx, ERR_CONFLICT, "level",
                arena_printf(ctx->arena, "已记录过%s", report_adoption_level_label(level)),
                arena_printf(ctx->arena, "An adoption at level %s is recorded already", level));
    return false;
  }
  if (db_exec(ctx->db,
              "INSERT INTO report_adoptions (report_id, level, adopted_by, adopted_on, note, "
              "created_by, created_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)",
              "ittttIi", row(s)->id, level, by, on, note, ctx->user ? ctx->user->id : 0,
              s->now) != DB_DONE)
    return false;
  s->note = *note ? note : report_adoption_level_label(level);
  s->data = json_pack("{s:s,s:s,s:s}", "level", level, "adopted_by", by, "adopted_on", on);
  report_notify_author(
      ctx, row(s), "report_adopted",
      arena_printf(ctx->arena, "社情民意信息获%s", report_adoption_level_label(level)),
      arena_printf(ctx->arena, "《%s》%s%s。", row(s)->title, *by ? by : "",
                   report_adoption_level_label(level)));
  return true;
}

static bool do_adopt(struct flow_step *s) {
  /* the text adopted keeps to the limit as it stands now (the office's edits are held to it, a
  ** lowered limit or an older text is not waved through) */
  if (!report_body_fits(s->ctx, row(s)->path, row(s)->body) || !add_adoption(s, false))
    return false;
  /* the review note is the office's own words, not the level's label */
  const char *note = json_string_value(json_object_get(s->in, "note"));
  return decide(s, note ? note : "") && mark_accepted(s);
}

static bool do_adoption(struct flow_step *s) { return add_adoption(s, true); }

static bool do_instruction(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  static const char *const names[] = {"level", "leader_name", "leader_title",
                                      "text",  "given_on",    NULL};
  const char *level, *name, *title, *text, *on;
  if (!input_only(ctx, s->in, names) ||
      !(level = input_enum(ctx, s->in, "level", report_instruction_levels, true, "批示级别")) ||
      !(name = input_text(ctx, s->in, "leader_name", true, 40, "批示领导")) ||
      !(title = input_text(ctx, s->in, "leader_title", false, 100, "领导职务")) ||
      !(text = input_text(ctx, s->in, "text", true, 2000, "批示内容")) ||
      !(on = input_date(ctx, s->in, "given_on")))
    return false;
  if (db_exec(ctx->db,
              "INSERT INTO report_instructions (report_id, level, leader_name, leader_title, text, "
              "given_on, created_by,"
              " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              "ittttt"
              "Ii",
              row(s)->id, level, name, title, text, on, ctx->user ? ctx->user->id : 0,
              s->now) != DB_DONE)
    return false;
  s->note = arena_printf(ctx->arena, "%s%s：%s", title, name, text);
  s->data = json_pack("{s:s,s:s,s:s}", "level", level, "leader_name", name, "given_on", on);
  report_notify_author(
      ctx, row(s), "report_instruction",
      arena_printf(ctx->arena, "社情民意信息获%s", report_instruction_level_label(level)),
      arena_printf(ctx->arena, "《%s》获%s%s批示：%s", row(s)->title, title, name, text));
  return true;
}

static bool do_merge(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  static const char *const names[] = {"into", "note", NULL};
  const char *note;
  json_t *j = json_object_get(s->in, "into");
  if (!input_only(ctx, s->in, names) ||
      !(note = input_text(ctx, s->in, "note", false, 1000, "说明")))
    return false;
  int64_t into = json_is_integer(j) ? json_integer_value(j) : 0;
  struct db_stmt *st =
      db_query(ctx->db, "SELECT committee_id, status FROM reports WHERE id = ?", "i", into);
  bool ok = into > 0 && into != row(s)->id && db_step(st) == DB_ROW &&
            db_col_int(st, 0) == row(s)->committee_id &&
            (!strcmp(db_col_text(st, 1), "submitted") || !strcmp(db_col_text(st, 1), "adopted"));
  db_done(st);
  if (!ok) {
    entity_fail(ctx, ERR_INVALID_FIELD, "into", "只能合并入本政协另一件待审核或已采用的信息",
                "Merge into another submitted or adopted report of the committee");
    return false;
  }
  if (db_exec(ctx->db,
              "UPDATE reports SET merged_into = ?, decision_note = ?, decided_at = ? WHERE id = ?",
              "itii", into, note, s->now, row(s)->id) != DB_DONE)
    return false;
  s->note = note;
  s->data = json_pack("{s:I}", "into", (json_int_t)into);
  report_notify_author(
      ctx, row(s), "report_merged", "社情民意信息已合并",
      arena_printf(ctx->arena, "《%s》已与同一主题的信息合并编报。", row(s)->title));
  return true;
}

static bool load(struct entity_ctx *ctx, int64_t id, void *row) {
  return report_load(ctx, id, row);
}
static int state_of(const void *row) { return ((const struct report_row *)row)->state; }
static int64_t committee_of(const void *row) {
  return ((const struct report_row *)row)->committee_id;
}
static json_t *image(struct entity_ctx *ctx, int64_t id) {
  return entity_get(ctx, &report_entity, id);
}
static bool earn_points(struct entity_ctx *ctx, int64_t id) {
  return points_sync(ctx->db, "report", id);
}

#define IN FLOW_IN
/* The life of a report, one row an action (its order is enum report_action). */
static const struct flow_action actions[] = {
    /* the author sends a draft, or a returned report revised, to the office (body 1..body_max) */
    {"submit", IN(RS_DRAFT) | IN(RS_RETURNED), RS_SUBMITTED, NULL, NULL, do_submit, "报送",
     "Submit"},
    /* the author takes it back before it is decided, with an optional note */
    {"withdraw", IN(RS_DRAFT) | IN(RS_SUBMITTED) | IN(RS_RETURNED), RS_WITHDRAWN, NULL, NULL,
     do_withdraw, "撤回", "Withdraw"},
    /* the office sends it back for revision, saying what to change */
    {"return", IN(RS_SUBMITTED), RS_RETURNED, NULL, NULL, do_return, "退回修改", "Return"},
    /* the office adopts it, recording the first adoption (local unless a level is given) */
    {"adopt", IN(RS_SUBMITTED), RS_ADOPTED, NULL, NULL, do_adopt, "采用", "Adopt", NULL, NULL,
     "采用后不能撤销。确定采用这篇信息吗？", "An adoption cannot be undone. Adopt this report?"},
    /* the office rejects it, giving the reason */
    {"reject", IN(RS_SUBMITTED), RS_REJECTED, NULL, NULL, do_reject, "不予采用", "Reject", NULL,
     NULL, "不予采用后不能撤销。确定吗？", "A rejection cannot be undone. Reject this report?"},
    /* the office merges it into another submitted or adopted report of the same committee */
    {"merge", IN(RS_SUBMITTED) | IN(RS_RETURNED), RS_MERGED, NULL, NULL, do_merge, "合并", "Merge",
     NULL, NULL, "合并后这篇信息不能再单独办理。确定合并吗？",
     "A merged report is no longer handled on its own. Merge it?"},
    /* an adopted report is adopted again at another level, once per level */
    {"record-adoption", IN(RS_ADOPTED), FLOW_STAY, NULL, levels_left, do_adoption, "登记采用",
     "Record an adoption"},
    /* a leader's instruction on an adopted report */
    {"record-instruction", IN(RS_ADOPTED), FLOW_STAY, NULL, NULL, do_instruction, "登记批示",
     "Record an instruction"},
    /* the office accepts a submitted report for review (受理), once: the author's points are
    ** earned now; adopting or rejecting accepts it too */
    {"accept", IN(RS_SUBMITTED), FLOW_STAY, NULL, not_accepted, do_accept, "受理", "Accept"},
    {NULL},
};
#undef IN

const struct flow report_flow = {
    .name = "report",
    .table = "reports",
    .states = report_states,
    .actions = actions,
    .events = "report_events",
    .events_key = "report_id",
    .row_size = sizeof(struct report_row),
    .load = load,
    .state = state_of,
    .committee = committee_of,
    .image = image,
    .may = may,
    .after = earn_points,
    .attempts = 1,
    .wrong_zh = "当前状态下不能执行此操作",
    .wrong_en = "Not allowed in the current state",
};

bool report_act(struct entity_ctx *ctx, int64_t id, enum report_action a, json_t *in) {
  return flow_act(ctx, &report_flow, id, (int)a, in);
}

/* ---- from a proposal
 * ------------------------------------------------------------------------------ */

int64_t report_from_proposal(struct entity_ctx *ctx, int64_t proposal_id, const char *text_in) {
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT committee_id, title, category, facts, analysis, suggestions, proposer_id,"
               " collective_kind, collective_id FROM proposals WHERE id = ?",
               "i", proposal_id);
  if (db_step(st) != DB_ROW) {
    db_done(st);
    entity_fail(ctx, ERR_NOT_FOUND, NULL, "未找到该提案", "No such proposal");
    return 0;
  }
  int64_t committee = db_col_int(st, 0);
  const char *title = arena_strdup(ctx->arena, db_col_text(st, 1)),
             *category = arena_strdup(ctx->arena, db_col_text(st, 2));
  const char *parts[3] = {db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5)};
  struct buf body = {0};
  for (int i = 0; i < 3; i++)
    if (*parts[i]) buf_printf(&body, "%s%s", body.len ? "\n" : "", parts[i]);
  const char *text =
      text_in && *text_in ? text_in : arena_strdup(ctx->arena, body.len ? body.data : "");
  buf_free(&body);
  bool has_member = !db_col_null(st, 6);
  int64_t member = has_member ? db_col_int(st, 6) : 0;
  const char *ck = db_col_null(st, 7) ? NULL : arena_strdup(ctx->arena, db_col_text(st, 7));
  int64_t cid = db_col_null(st, 8) ? 0 : db_col_int(st, 8);
  db_done(st);
  /* a submitted report: its body keeps to the limit like any other */
  if (!report_body_fits(ctx, committee_path_of(ctx, committee), text)) return 0;
  int64_t now = time_now();
  int64_t id = db_int(ctx->db, 0,
                      "INSERT INTO reports (committee_id, title, category, body, member_id, "
                      "collective_kind, collective_id,"
                      " proposal_id, status, submitted_at, accepted_at, created_by, created_at,"
                      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?)"
                      " RETURNING id",
                      "ittt"
                      "ItIi"
                      "iiIii",
                      committee, title, category, text, member, ck, cid, proposal_id, now,
                      /* the office made it from a proposal it reviewed: accepted as made */
                      now, ctx->user ? ctx->user->id : 0, now, now);
  if (id <= 0) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成社情民意信息", "Could not create the report");
    return 0;
  }
  if (db_exec(ctx->db, "UPDATE proposals SET converted_id = ? WHERE id = ?", "ii", id,
              proposal_id) != DB_DONE ||
      !report_event(ctx, id, "convert", NULL, "submitted", "由不予立案的提案转来",
                    json_pack("{s:I}", "proposal_id", (json_int_t)proposal_id)) ||
      !points_sync(ctx->db, "report", id))
    return 0;
  json_t *after = entity_get(ctx, &report_entity, id);
  bool ok = audit_record(ctx->db, ctx->user, ctx->ip, "report.create", "report", id, committee,
                         NULL, after);
  json_decref(after);
  return ok ? id : 0;
}
