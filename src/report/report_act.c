/* src/report/report_act.c: the actions of a report's life. report_act() checks the state
** machine (report_flow.c) and who may act, then does the action in one transaction with its
** timeline event, an audit entry (the record before and after), the notifications and the
** submitting member's points (points_sync). Also the report made from a not-filed proposal.
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

static bool may(struct entity_ctx *ctx, const struct report_row *r, enum report_action a,
                bool report) {
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
  if (!ok && report) entity_fail(ctx, 403, "forbidden", NULL, zh, en);
  return ok;
}

json_t *report_actions_for(struct entity_ctx *ctx, int64_t id) {
  json_t *out = json_array();
  struct report_row r;
  if (!report_load(ctx, id, &r)) {
    memset(&ctx->err, 0, sizeof ctx->err);
    return out;
  }
  /* an adoption is recorded once per level: with all three there is none left to record */
  bool levels_left =
      db_int(ctx->db, 0, "SELECT COUNT(*) FROM report_adoptions WHERE report_id = ?", "i", id) < 3;
  for (int a = 0; a < RA__COUNT; a++)
    if (report_allowed(r.state, a) && may(ctx, &r, a, false) && (a != RA_ADOPTION || levels_left))
      json_array_append_new(out, json_string(report_action_name(a)));
  return out;
}

/* ---- input ----------------------------------------------------------------------------------- */

/* ---- the steps
 * ------------------------------------------------------------------------------------ */

struct step {
  struct entity_ctx *ctx;
  struct report_row *r;
  json_t *in;
  enum report_state to;
  const char *note;
  json_t *data;
  int64_t now;
};

static bool do_submit(struct step *s) {
  struct entity_ctx *ctx = s->ctx;
  static const char *const names[] = {NULL};
  if (!report_only(ctx, s->in, names)) return false;
  size_t len = utf8_count(s->r->body, strlen(s->r->body));
  int64_t max = setting_value(ctx->db, &report_settings, s->r->path, "body_max");
  if (!len) {
    entity_fail(ctx, 422, "invalid_field", "body", "提交前请填写正文", "The body is required");
    return false;
  }
  if ((int64_t)len > max) {
    entity_fail(ctx, 422, "invalid_field", "body",
                arena_printf(ctx->arena, "正文共 %zu 字，超过 %lld 字的上限", len, (long long)max),
                arena_printf(ctx->arena, "The body has %zu characters, over the limit of %lld", len,
                             (long long)max));
    return false;
  }
  if (db_exec(ctx->db, "UPDATE reports SET submitted_at = ? WHERE id = ?", "ii", s->now,
              s->r->id) != DB_DONE)
    return false;
  s->to = RS_SUBMITTED;
  report_notify_office(ctx, s->r, "report_submitted",
                       s->r->state == RS_RETURNED ? "社情民意信息修改后重新报送"
                                                  : "新报送的社情民意信息",
                       arena_printf(ctx->arena, "《%s》", s->r->title));
  return true;
}

static bool do_withdraw(struct step *s) {
  static const char *const names[] = {"note", NULL};
  const char *note;
  if (!report_only(s->ctx, s->in, names) ||
      !(note = report_in_text(s->ctx, s->in, "note", false, 500, "说明")))
    return false;
  s->note = note;
  s->to = RS_WITHDRAWN;
  return true;
}

static bool decide(struct step *s, const char *note) {
  return db_exec(s->ctx->db, "UPDATE reports SET decision_note = ?, decided_at = ? WHERE id = ?",
                 "tii", note, s->now, s->r->id) == DB_DONE;
}

static bool do_return(struct step *s) {
  static const char *const names[] = {"note", NULL};
  const char *note;
  if (!report_only(s->ctx, s->in, names) ||
      !(note = report_in_text(s->ctx, s->in, "note", true, 1000, "退回修改意见")))
    return false;
  if (!decide(s, note)) return false;
  s->note = note;
  s->to = RS_RETURNED;
  report_notify_author(s->ctx, s->r, "report_returned", "社情民意信息退回修改",
                       arena_printf(s->ctx->arena, "《%s》：%s", s->r->title, note));
  return true;
}

static bool do_reject(struct step *s) {
  static const char *const names[] = {"reason", NULL};
  const char *reason;
  if (!report_only(s->ctx, s->in, names) ||
      !(reason = report_in_text(s->ctx, s->in, "reason", true, 1000, "不予采用的理由")))
    return false;
  if (!decide(s, reason)) return false;
  s->note = reason;
  s->to = RS_REJECTED;
  report_notify_author(s->ctx, s->r, "report_rejected", "社情民意信息不予采用",
                       arena_printf(s->ctx->arena, "《%s》不予采用：%s", s->r->title, reason));
  return true;
}

/* Records an adoption at the level of the input (default local). */
static bool add_adoption(struct step *s, bool level_required) {
  struct entity_ctx *ctx = s->ctx;
  static const char *const names[] = {"level", "adopted_by", "adopted_on", "note", NULL};
  const char *level, *by, *on, *note;
  if (!report_only(ctx, s->in, names) ||
      !(level = report_in_text(ctx, s->in, "level", level_required, 20, "采用级别")) ||
      !(by = report_in_text(ctx, s->in, "adopted_by", false, 100, "采用单位")) ||
      !(on = report_in_date(ctx, s->in, "adopted_on")) ||
      !(note = report_in_text(ctx, s->in, "note", false, 1000, "说明")))
    return false;
  if (!*level) level = "local";
  if (report_adoption_level_parse(level) < 0) {
    entity_fail(ctx, 422, "invalid_field", "level",
                "采用级别应为 local（本级）、province（省级）或 national（全国政协）",
                "level must be local, province or national");
    return false;
  }
  if (db_int(ctx->db, 0, "SELECT COUNT(*) FROM report_adoptions WHERE report_id = ? AND level = ?",
             "it", s->r->id, level)) {
    entity_fail(ctx, 409, "conflict", "level",
                arena_printf(ctx->arena, "已记录过%s", report_adoption_level_label(level)),
                arena_printf(ctx->arena, "An adoption at level %s is recorded already", level));
    return false;
  }
  if (db_exec(ctx->db,
              "INSERT INTO report_adoptions (report_id, level, adopted_by, adopted_on, note, "
              "created_by, created_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)",
              "ittttIi", s->r->id, level, by, on, note, ctx->user ? ctx->user->id : 0,
              s->now) != DB_DONE)
    return false;
  s->note = *note ? note : report_adoption_level_label(level);
  s->data = json_pack("{s:s,s:s,s:s}", "level", level, "adopted_by", by, "adopted_on", on);
  report_notify_author(
      ctx, s->r, "report_adopted",
      arena_printf(ctx->arena, "社情民意信息获%s", report_adoption_level_label(level)),
      arena_printf(ctx->arena, "《%s》%s%s。", s->r->title, *by ? by : "",
                   report_adoption_level_label(level)));
  return true;
}

static bool do_adopt(struct step *s) {
  if (!add_adoption(s, false)) return false;
  /* the review note is the office's own words, not the level's label */
  const char *note = json_string_value(json_object_get(s->in, "note"));
  if (!decide(s, note ? note : "")) return false;
  s->to = RS_ADOPTED;
  return true;
}

static bool do_adoption(struct step *s) { return add_adoption(s, true); }

static bool do_instruction(struct step *s) {
  struct entity_ctx *ctx = s->ctx;
  static const char *const names[] = {"level", "leader_name", "leader_title",
                                      "text",  "given_on",    NULL};
  const char *level, *name, *title, *text, *on;
  if (!report_only(ctx, s->in, names) ||
      !(level = report_in_text(ctx, s->in, "level", true, 20, "批示级别")) ||
      !(name = report_in_text(ctx, s->in, "leader_name", true, 40, "批示领导")) ||
      !(title = report_in_text(ctx, s->in, "leader_title", false, 100, "领导职务")) ||
      !(text = report_in_text(ctx, s->in, "text", true, 2000, "批示内容")) ||
      !(on = report_in_date(ctx, s->in, "given_on")))
    return false;
  if (report_instruction_level_parse(level) < 0) {
    entity_fail(ctx, 422, "invalid_field", "level",
                "批示级别应为 local（本级）、province（省级）或 central（中央）",
                "level must be local, province or central");
    return false;
  }
  if (db_exec(ctx->db,
              "INSERT INTO report_instructions (report_id, level, leader_name, leader_title, text, "
              "given_on, created_by,"
              " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              "ittttt"
              "Ii",
              s->r->id, level, name, title, text, on, ctx->user ? ctx->user->id : 0,
              s->now) != DB_DONE)
    return false;
  s->note = arena_printf(ctx->arena, "%s%s：%s", title, name, text);
  s->data = json_pack("{s:s,s:s,s:s}", "level", level, "leader_name", name, "given_on", on);
  report_notify_author(
      ctx, s->r, "report_instruction",
      arena_printf(ctx->arena, "社情民意信息获%s", report_instruction_level_label(level)),
      arena_printf(ctx->arena, "《%s》获%s%s批示：%s", s->r->title, title, name, text));
  return true;
}

static bool do_merge(struct step *s) {
  struct entity_ctx *ctx = s->ctx;
  static const char *const names[] = {"into", "note", NULL};
  const char *note;
  json_t *j = json_object_get(s->in, "into");
  if (!report_only(ctx, s->in, names) ||
      !(note = report_in_text(ctx, s->in, "note", false, 1000, "说明")))
    return false;
  int64_t into = json_is_integer(j) ? json_integer_value(j) : 0;
  struct db_stmt *st =
      db_query(ctx->db, "SELECT committee_id, status FROM reports WHERE id = ?", "i", into);
  bool ok = into > 0 && into != s->r->id && db_step(st) == DB_ROW &&
            db_col_int(st, 0) == s->r->committee_id &&
            (!strcmp(db_col_text(st, 1), "submitted") || !strcmp(db_col_text(st, 1), "adopted"));
  db_done(st);
  if (!ok) {
    entity_fail(ctx, 422, "invalid_field", "into", "只能合并入本政协另一件待审核或已采用的信息",
                "Merge into another submitted or adopted report of the committee");
    return false;
  }
  if (db_exec(ctx->db,
              "UPDATE reports SET merged_into = ?, decision_note = ?, decided_at = ? WHERE id = ?",
              "itii", into, note, s->now, s->r->id) != DB_DONE)
    return false;
  s->to = RS_MERGED;
  s->note = note;
  s->data = json_pack("{s:I}", "into", (json_int_t)into);
  report_notify_author(ctx, s->r, "report_merged", "社情民意信息已合并",
                       arena_printf(ctx->arena, "《%s》已与同一主题的信息合并编报。", s->r->title));
  return true;
}

static bool (*const steps[RA__COUNT])(struct step *) = {
    [RA_SUBMIT] = do_submit,     [RA_WITHDRAW] = do_withdraw,       [RA_RETURN] = do_return,
    [RA_ADOPT] = do_adopt,       [RA_REJECT] = do_reject,           [RA_MERGE] = do_merge,
    [RA_ADOPTION] = do_adoption, [RA_INSTRUCTION] = do_instruction,
};

bool report_act(struct entity_ctx *ctx, int64_t id, enum report_action a, json_t *in) {
  if (a < 0 || a >= RA__COUNT) {
    entity_fail(ctx, 404, "not_found", NULL, "没有这个操作", "No such action");
    return false;
  }
  struct report_row r;
  if (!report_load(ctx, id, &r)) return false;
  if (!report_allowed(r.state, a)) {
    report_wrong_state(ctx, &r, "当前状态下不能执行此操作", "Not allowed in the current state");
    return false;
  }
  if (!may(ctx, &r, a, true)) return false;
  json_t *empty = NULL;
  if (!in) in = empty = json_object();
  json_t *before = entity_get(ctx, &report_entity, id);
  struct step s = {.ctx = ctx, .r = &r, .in = in, .to = r.state, .note = "", .now = time_now()};
  int rc = db_begin(ctx->db);
  /* the state again under the row's write lock: of two requests doing the same step at once,
  ** the second finds the state the first left and is refused */
  int claimed =
      rc == DB_DONE ? entity_claim_status(ctx, "reports", id, report_state_name(r.state), "") : -1;
  struct report_row now;
  if (claimed == 0 && report_load(ctx, id, &now))
    report_wrong_state(ctx, &now, "当前状态下不能执行此操作", "Not allowed in the current state");
  bool ok = claimed == 1 && steps[a](&s);
  if (ok)
    ok = db_exec(ctx->db, "UPDATE reports SET status = ?, updated_at = ? WHERE id = ?", "tii",
                 report_state_name(s.to), s.now, id) == DB_DONE;
  if (ok) {
    ok = report_event(ctx, id, report_action_name(a), report_state_name(r.state),
                      report_state_name(s.to), s.note, s.data);
    s.data = NULL;
  }
  if (ok) ok = points_sync(ctx->db, "report", id);
  if (ok) {
    json_t *after = entity_get(ctx, &report_entity, id);
    ok = audit_record(ctx->db, ctx->user, ctx->ip,
                      arena_printf(ctx->arena, "report.%s", report_action_name(a)), "report", id,
                      r.committee_id, before, after);
    json_decref(after);
  }
  json_decref(s.data);
  json_decref(before);
  json_decref(empty);
  return entity_finish(ctx, ok ? DB_DONE : (rc == DB_DONE ? DB_ERROR : rc));
}

/* ---- from a proposal
 * ------------------------------------------------------------------------------ */

int64_t report_from_proposal(struct entity_ctx *ctx, int64_t proposal_id) {
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT committee_id, title, category, facts, analysis, suggestions, proposer_id,"
               " collective_kind, collective_id FROM proposals WHERE id = ?",
               "i", proposal_id);
  if (db_step(st) != DB_ROW) {
    db_done(st);
    entity_fail(ctx, 404, "not_found", NULL, "未找到该提案", "No such proposal");
    return 0;
  }
  int64_t committee = db_col_int(st, 0);
  const char *title = arena_strdup(ctx->arena, db_col_text(st, 1)),
             *category = arena_strdup(ctx->arena, db_col_text(st, 2));
  const char *parts[3] = {db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5)};
  struct buf body = {0};
  for (int i = 0; i < 3; i++)
    if (*parts[i]) buf_printf(&body, "%s%s", body.len ? "\n" : "", parts[i]);
  const char *text = arena_strdup(ctx->arena, body.len ? body.data : "");
  buf_free(&body);
  bool has_member = !db_col_null(st, 6);
  int64_t member = has_member ? db_col_int(st, 6) : 0;
  const char *ck = db_col_null(st, 7) ? NULL : arena_strdup(ctx->arena, db_col_text(st, 7));
  int64_t cid = db_col_null(st, 8) ? 0 : db_col_int(st, 8);
  db_done(st);
  int64_t now = time_now();
  int64_t id = db_int(ctx->db, 0,
                      "INSERT INTO reports (committee_id, title, category, body, member_id, "
                      "collective_kind, collective_id,"
                      " proposal_id, status, submitted_at, created_by, created_at, updated_at)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?) RETURNING id",
                      "ittt"
                      "ItIi"
                      "iIii",
                      committee, title, category, text, member, ck, cid, proposal_id, now,
                      ctx->user ? ctx->user->id : 0, now, now);
  if (id <= 0) {
    entity_fail(ctx, 500, "internal", NULL, "无法生成社情民意信息", "Could not create the report");
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
