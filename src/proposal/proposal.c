/* src/proposal/proposal.c: the proposal and session records, who sees what, the detail with its
** signers, units and the caller's possible actions, the timeline, lists with search, similar
** proposals, co-signers of a draft, and the settings. */
#include "proposal.h"
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/page.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "entity/flow.h"
#include "base/cnum.h"
#include "entity/record_ref.h"
#include "member/member.h"
#include "org/org.h"
#include "proposal_int.h"
#include "proposal_search.h"

/* ---- settings -------------------------------------------------------------------------------- */

static const struct setting setting_items[] = {
    {"body_max", "proposal.body_max", 2500, 200, 20000, "提案正文字数上限",
     "characters of a proposal's body"},
    {"cosign_days", "proposal.cosign_days", 7, 1, 60, "联名确认期限（天）",
     "days for co-signers to confirm"},
    {"objection_days", "proposal.objection_days", 7, 1, 30, "交办异议期（天）",
     "days to object to an assignment"},
    {"deadline_months", "proposal.deadline_months", 3, 1, 12, "办理期限（月）", "months to reply"},
    {"max_months", "proposal.max_months", 6, 1, 24, "延期后最长办理期限（月）",
     "months at most with extensions"},
    {"view_days", "proposal.view_days", 30, 1, 90, "会办意见期限（天）",
     "days for co-handlers' views"},
    {"rehandle_months", "proposal.rehandle_months", 3, 1, 12, "重新办理期限（月）",
     "months to reply again"},
    {"remind_days", "proposal.remind_days", 15, 0, 90, "到期前提醒天数",
     "days before a deadline to remind"},
    /* 0: the lead proposer's rating of a joint proposal's reply is final at once (co-signers
    ** may still add theirs); 1: final only when every confirmed signer has rated */
    {"rate_all", "proposal.rate_all", 0, 0, 1, "联名提案须全体提案人评价后评价生效",
     "every signer rates before the evaluation is final"},
};
const struct setting_group proposal_settings = {"proposal.", setting_items,
                                                sizeof setting_items / sizeof setting_items[0]};

/* ---- records --------------------------------------------------------------------------------- */

const struct label proposal_kinds[] = {
    {"member", "个人提案", "By one member"},
    {"joint", "联名提案", "Joint"},
    {"collective", "集体提案", "Collective"},
    {NULL},
};

static const struct field proposal_fields[] = {
    {"title", FT_TEXT, FF_REQUIRED, "案由（标题）", "title", 100},
    {"category", FT_ENUM, FF_REQUIRED | FF_FILTER, "类别", "category",
     .choices = proposal_categories},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"session_id", FT_REF, FF_FILTER, "届次会议", "session", .ref_table = "proposal_sessions"},
    {"kind", FT_ENUM, FF_FILTER | FF_FIXED, "提出方式", "kind", .labels = proposal_kinds,
     .dflt = "member"},
    {"collective_kind", FT_ENUM, FF_FIXED, "集体提案单位类别", "collective kind",
     .labels = org_collective_kinds},
    {"collective_id", FT_INT, FF_FIXED, "集体提案单位", "collective", .min = 1, .max = INT64_MAX},
    {"proposer_id", FT_INT, FF_FILTER | FF_FIXED, "第一提案人", "first proposer", .min = 1,
     .max = INT64_MAX},
    {"facts", FT_TEXT, 0, "情况（现状与问题）", "facts", 20000},
    {"analysis", FT_TEXT, 0, "分析", "analysis", 20000},
    {"suggestions", FT_TEXT, 0, "建议", "suggestions", 20000},
    {"status", FT_TEXT, FF_READONLY | FF_FILTER, "状态", "status"},
    {"serial", FT_INT, FF_READONLY, "案号", "serial"},
    {"interim", FT_BOOL, FF_READONLY, "平时提案", "interim"},
    {"merged_into", FT_INT, FF_READONLY, "并入提案", "merged into"},
    {"not_filed_reason", FT_INT, FF_READONLY, "不予立案理由", "reason"},
    {"decision_note", FT_TEXT, FF_READONLY, "审查意见", "decision note"},
    {"converted_to", FT_TEXT, FF_READONLY, "转为", "converted to"},
    {"converted_id", FT_INT, FF_READONLY, "转为的社情民意信息", "converted to report"},
    {"is_key", FT_BOOL, FF_READONLY | FF_FILTER, "重点提案", "key proposal"},
    {"key_leader", FT_TEXT, FF_READONLY, "督办领导", "supervising leader"},
    {"key_plan", FT_TEXT, FF_READONLY, "督办方案", "supervision plan"},
    {"is_good", FT_BOOL, FF_READONLY | FF_FILTER, "优秀提案", "good proposal"},
    {"good_year", FT_INT, FF_READONLY, "评选年度", "year selected"},
    {"round", FT_INT, FF_READONLY, "办理轮次", "round"},
    {"created_by", FT_INT, FF_READONLY, "录入人", "created by"},
    {"cosign_deadline", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"submitted_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"filed_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"assigned_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"deadline_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"closed_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
};

/* The caller is a member account (it acts for itself only). */
static bool member_account(const struct user *u) { return u && u->role == ROLE_MEMBER; }

bool proposal_is_author(struct entity_ctx *ctx, const struct proposal_row *p) {
  const struct user *u = ctx->user;
  if (!u) return true;
  if (u->member_id && p->proposer_id == u->member_id) return true;
  return p->created_by == u->id;
}

/* Rules beyond the fields: who writes what, and when a proposal may still change. */
static bool proposal_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                           int64_t id, json_t *in) {
  (void)in;
  struct entity_value *kind = &v[entity_field(e, "kind")],
                      *ck = &v[entity_field(e, "collective_kind")],
                      *cid = &v[entity_field(e, "collective_id")],
                      *prop = &v[entity_field(e, "proposer_id")],
                      *committee = &v[entity_field(e, "committee_id")];
  if (id) {
    struct proposal_row p;
    if (!proposal_load(ctx, id, &p)) return false;
    if (p.state != PS_DRAFT && p.state != PS_RETURNED) {
      proposal_wrong_state(ctx, &p, "只有草稿或退回修改的提案可以修改",
                           "Only a draft or a returned proposal can change");
      return false;
    }
    if (!proposal_is_author(ctx, &p)) {
      entity_forbidden(ctx, "只有提案人可以修改提案", "Only the proposer may change it");
      return false;
    }
    return true;
  }
  bool collective = kind->s && !strcmp(kind->s, "collective");
  if (collective) {
    if (member_account(ctx->user)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "kind",
                  "集体提案由党派、界别、专委会或活动组提出，由工作人员录入",
                  "Collective proposals are entered by staff");
      return false;
    }
    if (!(ck->set && !ck->null) || !(cid->set && !cid->null)) {
      entity_fail(ctx, ERR_INVALID_FIELD,
                  ck->set && !ck->null ? "collective_id" : "collective_kind",
                  "集体提案须给出提案单位类别和提案单位",
                  "A collective proposal needs collective_kind and collective_id");
      return false;
    }
    if (!org_collective_name(ctx, ck->s, cid->i)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "collective_id", "提案单位不存在", "No such collective");
      return false;
    }
    prop->set = true, prop->null = true;
  } else {
    if ((ck->set && !ck->null) || (cid->set && !cid->null)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "collective_kind", "只有集体提案有提案单位",
                  "Only a collective proposal has a collective");
      return false;
    }
    static const struct member_author_words words = {
        "委员只能以本人名义提出提案",
        "A member proposes in its own name",
        "请选择第一提案人",
        "proposer_id is required",
        "第一提案人须是该政协的在任委员",
        "The first proposer must be an active member of the committee"};
    if (!member_author_check(ctx, prop, committee->i, "proposer_id", &words)) return false;
  }
  return true;
}

/* Indexes the text, and on create records the author, the first signer and the timeline. */
static bool proposal_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                                 bool created, json_t *in) {
  (void)e, (void)in;
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT title, facts, analysis, suggestions, proposer_id FROM proposals WHERE id = ?", "i",
      id);
  if (db_step(st) != DB_ROW) {
    db_done(st);
    return false;
  }
  const char *title = arena_strdup(ctx->arena, db_col_text(st, 0));
  const char *body = arena_printf(ctx->arena, "%s\n%s\n%s", db_col_text(st, 1), db_col_text(st, 2),
                                  db_col_text(st, 3));
  int64_t proposer = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
  db_done(st);
  if (!proposal_index(ctx->db, id, title, body)) return false;
  if (!created) return proposal_event(ctx, id, "edit", NULL, NULL, "", NULL);
  if (ctx->user && db_exec(ctx->db, "UPDATE proposals SET created_by = ? WHERE id = ?", "ii",
                           ctx->user->id, id) != DB_DONE)
    return false;
  if (proposer && db_exec(ctx->db,
                          "INSERT INTO proposal_signers (proposal_id, member_id, role, status, "
                          "invited_at, responded_at)"
                          " VALUES (?, ?, 'first', 'confirmed', ?, ?)",
                          "iiii", id, proposer, time_now(), time_now()) != DB_DONE)
    return false;
  return proposal_event(ctx, id, "create", NULL, "draft", "", NULL);
}

/* Times, labels, the proposer's and collective's names. */
static void proposal_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                             json_t *o) {
  (void)e;
  static const char *const times[] = {"cosign_deadline", "submitted_at", "filed_at",
                                      "assigned_at",     "deadline_at",  "closed_at"};
  for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
    entity_time_json(o, times[i], row, entity_col(row, times[i]));
  /* the effective state: past its co-signing deadline a proposal is submitted, also before the
  ** scheduled task has closed it (reads do not write) */
  int dc = entity_col(row, "cosign_deadline");
  int s = proposal_effective_state(
      proposal_state_parse(json_string_value(json_object_get(o, "status"))),
      dc >= 0 && !db_col_null(row, dc) ? db_col_int(row, dc) : 0, time_now());
  json_object_set_new(o, "status", json_string(proposal_state_name(s)));
  json_object_set_new(o, "status_label",
                      json_string(ctx->en ? proposal_state_label_en(s) : proposal_state_label(s)));
  json_object_set_new(o, "kind_label",
                      json_string(label_text(
                          proposal_kinds, json_string_value(json_object_get(o, "kind")), ctx->en)));
  json_t *pid = json_object_get(o, "proposer_id");
  if (json_is_integer(pid)) {
    struct db_stmt *st = db_query(ctx->db, "SELECT name FROM members WHERE id = ?", "i",
                                  (int64_t)json_integer_value(pid));
    json_object_set_new(o, "proposer_name",
                        db_step(st) == DB_ROW ? json_string(db_col_text(st, 0)) : json_null());
    db_done(st);
  } else
    json_object_set_new(o, "proposer_name", json_null());
  json_t *r = json_object_get(o, "not_filed_reason");
  json_object_set_new(o, "not_filed_reason_label",
                      json_is_integer(r)
                          ? json_string(proposal_reject_reason((int)json_integer_value(r)))
                          : json_null());
  json_t *ck = json_object_get(o, "collective_kind");
  if (label_index(org_collective_kinds, json_string_value(ck)) >= 0) {
    const char *name = org_collective_name(ctx, json_string_value(ck),
                                           json_integer_value(json_object_get(o, "collective_id")));
    json_object_set_new(o, "collective_name", name ? json_string(name) : json_null());
  }
  /* 案号 in its session's form (十三届一次 第7号: serials repeat across sessions) */
  json_t *serial = json_object_get(o, "serial"), *sid = json_object_get(o, "session_id");
  char cn[200];
  const char *sname = NULL;
  if (json_is_integer(serial) && json_is_integer(sid)) {
    struct db_stmt *st = db_query(ctx->db, "SELECT name FROM proposal_sessions WHERE id = ?", "i",
                                  (int64_t)json_integer_value(sid));
    if (db_step(st) == DB_ROW) sname = arena_strdup(ctx->arena, db_col_text(st, 0));
    db_done(st);
  }
  json_object_set_new(
      o, "case_number",
      json_is_integer(serial)
          ? json_string(cnum_case_number(sname, json_integer_value(serial), ctx->en, cn, sizeof cn))
          : json_null());
  /* a handling unit's own assignment: its role (主办/会办), whether accepted, the day to sign for
  ** it by and its deadline (the days left to accept and to answer on its list), its reply's state
  */
  if (ctx->user && ctx->user->unit_id) {
    struct db_stmt *st =
        db_query(ctx->db,
                 "SELECT role, status, respond_by, deadline_at, accepted_at, reply_status"
                 " FROM proposal_assignments WHERE proposal_id = ? AND unit_id = ?"
                 " AND status <> 'withdrawn' ORDER BY id DESC LIMIT 1",
                 "ii", (int64_t)json_integer_value(json_object_get(o, "id")), ctx->user->unit_id);
    if (db_step(st) == DB_ROW) {
      json_t *a = json_pack("{s:s,s:s,s:s}", "role", db_col_text(st, 0), "status",
                            db_col_text(st, 1), "reply_status", db_col_text(st, 5));
      entity_time_json(a, "respond_by", st, 2);
      entity_time_json(a, "deadline_at", st, 3);
      entity_time_json(a, "accepted_at", st, 4);
      json_object_set_new(o, "my_assignment", a);
    } else {
      json_object_set_new(o, "my_assignment", json_null());
    }
    db_done(st);
  }
  json_object_set_new(o, "body_length",
                      json_integer((json_int_t)proposal_body_length(
                          json_string_value(json_object_get(o, "facts")),
                          json_string_value(json_object_get(o, "analysis")),
                          json_string_value(json_object_get(o, "suggestions")))));
}

/* What a caller sees, as conditions on proposals aliased t: a member account its own and the
** filed ones; a handling unit what is assigned to it; others their scope (checked apart). */
static void visibility_sql(struct entity_ctx *ctx, const char *t, struct buf *sql,
                           struct db_value *p, int *np) {
  const struct user *u = ctx->user;
  if (!u) return;
  if (u->role == ROLE_HANDLING_UNIT) {
    /* through the unit's assignments (an index), not a probe of every proposal in scope */
    buf_printf(sql,
               " AND %s.id IN (SELECT a.proposal_id FROM proposal_assignments a"
               " WHERE a.unit_id = ? AND a.status <> 'withdrawn')",
               t);
    p[(*np)++] = (struct db_value){.type = 'i', .i = u->unit_id};
  } else if (u->role == ROLE_MEMBER) {
    buf_printf(sql,
               " AND (%s.created_by = ? OR EXISTS (SELECT 1 FROM proposal_signers s WHERE"
               " s.proposal_id = %s.id AND s.member_id = ?) OR %s.status IN ('filed','assigned',"
               "'handling','replied','rehandling','closed'))",
               t, t, t);
    p[(*np)++] = (struct db_value){.type = 'i', .i = u->id};
    p[(*np)++] = (struct db_value){.type = 'i', .i = u->member_id};
  }
}

static void proposal_list_filter(struct entity_ctx *ctx, const struct entity *e, struct buf *sql,
                                 struct db_value *p, int *np) {
  (void)e;
  visibility_sql(ctx, "t", sql, p, np);
}

/* The proposal list's ?sort= keys (page.h): waited is the time since submission (longest
** first ascending, as submitted_at). */
static const struct page_sort proposal_sorts[] = {
    {"id", "t.id"},
    {"serial", "COALESCE(t.serial, 0)"},
    {"title", "t.title"},
    {"status", "t.status"},
    {"submitted_at", "COALESCE(t.submitted_at, 0)"},
    {"deadline_at", "COALESCE(t.deadline_at, 0)"},
    {NULL, NULL},
};
const struct entity proposal_entity = {
    .name = "proposal",
    .zh = "提案",
    .table = "proposals",
    .scope = SCOPE_COMMITTEE,
    .fields = proposal_fields,
    .nfields = sizeof proposal_fields / sizeof proposal_fields[0],
    .search = "title",
    .sorts = proposal_sorts,
    .check = proposal_check,
    .after_write = proposal_after_write,
    .to_json = proposal_to_json,
    .list_filter = proposal_list_filter,
};

static const struct field session_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "会议名称", "name", 60},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"year", FT_INT, FF_REQUIRED | FF_FILTER, "年度", "year", .min = 2000, .max = 2099},
    {"opens_on", FT_DATE, FF_REQUIRED, "大会提案征集开始日期", "opens on"},
    {"closes_on", FT_DATE, FF_REQUIRED, "大会提案截止日期", "closes on"},
    {"next_serial", FT_INT, FF_READONLY, "下一案号", "next serial"},
};

static bool session_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                          int64_t id, json_t *in) {
  (void)id, (void)in;
  struct entity_value *o = &v[entity_field(e, "opens_on")], *c = &v[entity_field(e, "closes_on")];
  if (o->s && c->s && strcmp(o->s, c->s) > 0) {
    entity_fail(ctx, ERR_INVALID_FIELD, "closes_on", "截止日期不能早于开始日期",
                "closes_on is before opens_on");
    return false;
  }
  return true;
}

const struct entity proposal_session_entity = {
    .name = "proposal_session",
    .zh = "届次会议",
    .table = "proposal_sessions",
    .scope = SCOPE_COMMITTEE,
    .fields = session_fields,
    .nfields = sizeof session_fields / sizeof session_fields[0],
    .search = "name",
    .check = session_check,
    .ancestors_visible = false,
};

/* ---- helpers shared by the module (proposal_int.h) ------------------------------------------- */

size_t proposal_body_length(const char *facts, const char *analysis, const char *suggestions) {
  size_t n = 0;
  const char *parts[] = {facts, analysis, suggestions};
  for (int i = 0; i < 3; i++)
    if (parts[i]) n += utf8_count(parts[i], strlen(parts[i]));
  return n;
}

bool proposal_load(struct entity_ctx *ctx, int64_t id, struct proposal_row *p) {
  memset(p, 0, sizeof *p);
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT p.id, p.committee_id, c.path, COALESCE(p.session_id, 0), p.kind, "
      "COALESCE(p.proposer_id, 0),"
      " COALESCE(p.created_by, 0), p.status, p.title, COALESCE(p.cosign_deadline, 0), p.round,"
      " COALESCE(p.assigned_at, 0), p.facts, p.analysis, p.suggestions, p.is_key"
      " FROM proposals p JOIN committees c ON c.id = p.committee_id WHERE p.id = ?",
      "i", id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    p->id = db_col_int(st, 0);
    p->committee_id = db_col_int(st, 1);
    p->path = arena_strdup(ctx->arena, db_col_text(st, 2));
    p->session_id = db_col_int(st, 3);
    p->kind = arena_strdup(ctx->arena, db_col_text(st, 4));
    p->proposer_id = db_col_int(st, 5);
    p->created_by = db_col_int(st, 6);
    p->state = proposal_state_parse(db_col_text(st, 7));
    p->title = arena_strdup(ctx->arena, db_col_text(st, 8));
    p->cosign_deadline = db_col_int(st, 9);
    p->round = db_col_int(st, 10);
    p->assigned_at = db_col_int(st, 11);
    p->body_length =
        proposal_body_length(db_col_text(st, 12), db_col_text(st, 13), db_col_text(st, 14));
    p->suggestions_empty = !*db_col_text(st, 14);
    p->is_key = db_col_int(st, 15) != 0;
  }
  db_done(st);
  if (!found) entity_not_found(ctx, "未找到该提案", "No such proposal");
  return found;
}

void proposal_wrong_state(struct entity_ctx *ctx, const struct proposal_row *p, const char *zh,
                          const char *en) {
  flow_wrong_state(ctx, &proposal_flow, p->state, zh, en);
}

bool proposal_event(struct entity_ctx *ctx, int64_t id, const char *action, const char *from,
                    const char *to, const char *note, json_t *data) {
  return flow_event(ctx, &proposal_flow, id, action, from, to, note, data);
}

/* ---- visibility, detail, timeline ------------------------------------------------------------ */

bool proposal_visible(struct entity_ctx *ctx, int64_t id) {
  if (!entity_visible(ctx, &proposal_entity, id)) return false;
  const struct user *u = ctx->user;
  if (!u || (u->role != ROLE_MEMBER && u->role != ROLE_HANDLING_UNIT)) return true;
  return entity_row_meets(ctx, &proposal_entity, id, visibility_sql);
}

json_t *proposal_signers_json(struct entity_ctx *ctx, int64_t id) {
  json_t *items = json_array();
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT s.member_id, m.name, s.role, s.status, s.invited_at, s.responded_at,"
      " COALESCE(sec.name, '') FROM proposal_signers s JOIN members m ON m.id = s.member_id"
      " LEFT JOIN sectors sec ON sec.id = m.sector_id"
      " WHERE s.proposal_id = ? ORDER BY s.role = 'first' DESC, s.invited_at, s.member_id",
      "i", id);
  while (db_step(st) == DB_ROW) {
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "member_id", (json_int_t)db_col_int(st, 0),
                          "name", db_col_text(st, 1), "role", db_col_text(st, 2), "status",
                          db_col_text(st, 3), "sector", db_col_text(st, 6));
    entity_time_json(o, "invited_at", st, 4);
    entity_time_json(o, "responded_at", st, 5);
    json_array_append_new(items, o);
  }
  db_done(st);
  return items;
}

/* Whether the caller sees the whole phone of the contact person of unit's reply to proposal id:
** the proposal office (proposal.review; the route checked the scope), the unit itself, and the
** proposers (confirmed signers) once the reply is approved and sent to them; not in the audit
** log's images. Others (other units, leaders reading, members) get the mask. */
static bool reply_phone_whole(struct entity_ctx *ctx, int64_t id, int64_t unit,
                              const char *reply_status) {
  const struct user *u = ctx->user;
  if (ctx->redact) return false;
  if (!u || access_role_has(u->role, PERM_PROPOSAL_REVIEW)) return true;
  if (u->unit_id && u->unit_id == unit) return true;
  return u->member_id && !strcmp(reply_status, "approved") &&
         db_int(ctx->db, 0,
                "SELECT COUNT(*) FROM proposal_signers WHERE proposal_id = ? AND member_id = ?"
                " AND status = 'confirmed'",
                "ii", id, u->member_id) > 0;
}

json_t *proposal_assignments_json(struct entity_ctx *ctx, int64_t id) {
  json_t *items = json_array();
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT a.id, a.unit_id, u.name, a.role, a.status, a.assigned_at, a.respond_by, "
      "a.accepted_at,"
      " a.objection, a.objected_at, a.deadline_at, a.view_text, a.view_at, a.reply_status,"
      " a.reply_category, a.reply_text, a.reply_at, a.countersigned_at, a.round,"
      " a.reply_leader, a.reply_contact, a.reply_contact_phone_mask, a.reply_contact_phone_enc,"
      " f.id, f.filename, f.content_type, f.size"
      " FROM proposal_assignments a JOIN units u ON u.id = a.unit_id"
      " LEFT JOIN files f ON f.id = a.reply_file_id WHERE a.proposal_id = ?"
      " ORDER BY a.status = 'withdrawn', a.role = 'co', a.id",
      "i", id);
  while (db_step(st) == DB_ROW) {
    json_t *o =
        json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)db_col_int(st, 0),
                  "unit_id", (json_int_t)db_col_int(st, 1), "unit_name", db_col_text(st, 2), "role",
                  db_col_text(st, 3), "status", db_col_text(st, 4), "objection", db_col_text(st, 8),
                  "view_text", db_col_text(st, 11), "reply_status", db_col_text(st, 13), "round",
                  (json_int_t)db_col_int(st, 18));
    static const struct {
      const char *key;
      int col;
    } t[] = {{"assigned_at", 5},  {"respond_by", 6}, {"accepted_at", 7}, {"objected_at", 9},
             {"deadline_at", 10}, {"view_at", 12},   {"reply_at", 16},   {"countersigned_at", 17}};
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) entity_time_json(o, t[k].key, st, t[k].col);
    json_object_set_new(o, "reply_category",
                        db_col_null(st, 14) ? json_null() : json_string(db_col_text(st, 14)));
    json_object_set_new(o, "reply_text", json_string(db_col_text(st, 15)));
    /* the answer letter, its signing leader and contact person; the contact's phone whole only
    ** to who may read it (reply_phone_whole), else its mask */
    json_object_set_new(o, "reply_leader", json_string(db_col_text(st, 19)));
    json_object_set_new(o, "reply_contact", json_string(db_col_text(st, 20)));
    const char *phone = db_col_text(st, 21);
    if (*phone && !db_col_null(st, 22) && ctx->secret &&
        reply_phone_whole(ctx, id, db_col_int(st, 1), db_col_text(st, 13))) {
      size_t n = 0;
      const void *b = db_col_blob(st, 22, &n);
      const char *whole = secret_open(ctx->secret, ctx->arena, b, n);
      if (whole) phone = whole;
    }
    json_object_set_new(o, "reply_contact_phone", json_string(phone));
    json_object_set_new(o, "reply_file",
                        db_col_null(st, 23)
                            ? json_null()
                            : json_pack("{s:I,s:s,s:s,s:I,s:s}", "id",
                                        (json_int_t)db_col_int(st, 23), "filename",
                                        db_col_text(st, 24), "content_type", db_col_text(st, 25),
                                        "size", (json_int_t)db_col_int(st, 26), "url",
                                        arena_printf(ctx->arena, "/api/v1/files/%lld",
                                                     (long long)db_col_int(st, 23))));
    json_array_append_new(items, o);
  }
  db_done(st);
  /* extension requests */
  size_t i;
  json_t *a;
  json_array_foreach(items, i, a) {
    json_t *ext = json_array();
    st = db_query(
        ctx->db,
        "SELECT id, days, reason, status, requested_at, decided_at FROM proposal_extensions"
        " WHERE assignment_id = ? ORDER BY id",
        "i", (int64_t)json_integer_value(json_object_get(a, "id")));
    while (db_step(st) == DB_ROW) {
      json_t *x = json_pack("{s:I,s:I,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "days",
                            (json_int_t)db_col_int(st, 1), "reason", db_col_text(st, 2), "status",
                            db_col_text(st, 3));
      entity_time_json(x, "requested_at", st, 4);
      entity_time_json(x, "decided_at", st, 5);
      json_array_append_new(ext, x);
    }
    db_done(st);
    json_object_set_new(a, "extensions", ext);
    /* 办前沟通 of the unit with the proposers */
    json_t *comm = json_array();
    st = db_query(ctx->db,
                  "SELECT id, held_on, way, content, created_at FROM proposal_communications"
                  " WHERE assignment_id = ? ORDER BY held_on, id",
                  "i", (int64_t)json_integer_value(json_object_get(a, "id")));
    while (db_step(st) == DB_ROW) {
      json_t *x = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "held_on",
                            db_col_text(st, 1), "way", db_col_text(st, 2), "way_label",
                            label_text(proposal_communication_ways, db_col_text(st, 2), ctx->en),
                            "content", db_col_text(st, 3));
      entity_time_json(x, "created_at", st, 4);
      json_array_append_new(comm, x);
    }
    db_done(st);
    json_object_set_new(a, "communications", comm);
  }
  return items;
}

json_t *proposal_detail(struct entity_ctx *ctx, int64_t id) {
  json_t *o = entity_get(ctx, &proposal_entity, id);
  if (!o) return NULL;
  json_object_set_new(o, "signers", proposal_signers_json(ctx, id));
  json_object_set_new(o, "assignments", proposal_assignments_json(ctx, id));
  json_t *files = json_array(), *ratings = json_array(), *consults = json_array();
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT f.id, f.filename, f.content_type, f.size FROM proposal_files pf"
               " JOIN files f ON f.id = pf.file_id WHERE pf.proposal_id = ? ORDER BY pf.sort",
               "i", id);
  while (db_step(st) == DB_ROW)
    json_array_append_new(
        files,
        json_pack("{s:I,s:s,s:s,s:I,s:s}", "id", (json_int_t)db_col_int(st, 0), "filename",
                  db_col_text(st, 1), "content_type", db_col_text(st, 2), "size",
                  (json_int_t)db_col_int(st, 3), "url",
                  arena_printf(ctx->arena, "/api/v1/files/%lld", (long long)db_col_int(st, 0))));
  db_done(st);
  /* every rating with who gave it and as what: the lead proposer's (first) decides */
  st = db_query(ctx->db,
                "SELECT r.member_id, m.name, r.round, r.rating, r.comment, r.at,"
                " COALESCE(sg.role, 'cosigner') FROM proposal_ratings r"
                " JOIN members m ON m.id = r.member_id LEFT JOIN proposal_signers sg"
                " ON sg.proposal_id = r.proposal_id AND sg.member_id = r.member_id"
                " WHERE r.proposal_id = ? ORDER BY r.round, r.id",
                "i", id);
  while (db_step(st) == DB_ROW) {
    const char *role = db_col_text(st, 6);
    json_t *r = json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:b}", "member_id",
                          (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1), "round",
                          (json_int_t)db_col_int(st, 2), "rating", db_col_text(st, 3), "comment",
                          db_col_text(st, 4), "role", role, "decisive", !strcmp(role, "first"));
    entity_time_json(r, "at", st, 5);
    json_array_append_new(ratings, r);
  }
  db_done(st);
  st = db_query(ctx->db,
                "SELECT id, held_on, place, attendees, note FROM proposal_consultations WHERE "
                "proposal_id = ? ORDER BY id",
                "i", id);
  while (db_step(st) == DB_ROW)
    json_array_append_new(consults,
                          json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0),
                                    "held_on", db_col_text(st, 1), "place", db_col_text(st, 2),
                                    "attendees", db_col_text(st, 3), "note", db_col_text(st, 4)));
  db_done(st);
  json_object_set_new(o, "files", files);
  json_object_set_new(o, "ratings", ratings);
  json_object_set_new(o, "evaluation", proposal_evaluation_json(ctx, id));
  json_object_set_new(o, "consultations", consults);
  /* the records of other modules that name this proposal as their outcome (a contact activity),
  ** those the caller may read */
  json_object_set_new(o, "linked_from", record_ref_referrers(ctx, "proposal", id));
  json_object_set_new(o, "actions", proposal_actions_for(ctx, id));
  return o;
}

json_t *proposal_timeline(struct entity_ctx *ctx, int64_t id) {
  json_t *items = json_array();
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT e.id, e.at, e.user_id, COALESCE(u.display_name, ''), e.action, e.from_status,"
      " e.to_status, e.note, e.data FROM proposal_events e"
      " LEFT JOIN users u ON u.id = e.user_id WHERE e.proposal_id = ? ORDER BY e.id",
      "i", id);
  while (db_step(st) == DB_ROW) {
    json_t *o = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "action",
                          db_col_text(st, 4), "note", db_col_text(st, 7));
    entity_time_json(o, "at", st, 1);
    json_object_set_new(o, "user_id",
                        db_col_null(st, 2) ? json_null() : json_integer(db_col_int(st, 2)));
    json_object_set_new(o, "user_name", json_string(db_col_text(st, 3)));
    json_object_set_new(o, "from_status",
                        db_col_null(st, 5) ? json_null() : json_string(db_col_text(st, 5)));
    json_object_set_new(o, "to_status",
                        db_col_null(st, 6) ? json_null() : json_string(db_col_text(st, 6)));
    json_t *data = db_col_null(st, 8) ? NULL : json_loads(db_col_text(st, 8), 0, NULL);
    json_object_set_new(o, "data", data ? data : json_null());
    json_array_append_new(items, o);
  }
  db_done(st);
  return json_pack("{s:o}", "items", items);
}

/* ---- lists ----------------------------------------------------------------------------------- */

const char *const proposal_assignment_filters[] = {
    "objected", "late_accept", "to_accept", "view_due", "reply_check", "reply_returned", NULL};

/* The condition of the assignment filter name (proposal_assignment_filters) on proposals
** aliased t: an assignment in that case exists, for a handling unit's account one of its own
** unit. 422 on an unknown name. */
static bool assignment_where(struct entity_ctx *ctx, const char *name, const char *t, int64_t now,
                             struct buf *w, struct db_value *p, int *np) {
  /* the proposal's state, and the assignment's (read through the assignments: the ids they
  ** give are few, where probing every proposal of a province for one is not) */
  static const struct {
    const char *proposal, *assignment;
  } conds[] = {
      /* objected */
      {"= 'assigned'", "a.status = 'objected'"},
      /* late_accept */
      {"= 'assigned'", "a.status = 'assigned' AND a.respond_by < ?"},
      /* to_accept */
      {"= 'assigned'", "a.status = 'assigned'"},
      /* view_due */
      {"IN ('handling','rehandling')",
       "a.role = 'co' AND a.status = 'accepted' AND a.view_at IS NULL"},
      /* reply_check */
      {"IN ('handling','rehandling')", "a.reply_status = 'submitted' AND a.status <> 'withdrawn'"},
      /* reply_returned */
      {"IN ('handling','rehandling')", "a.reply_status = 'returned' AND a.status <> 'withdrawn'"},
  };
  int k = 0;
  while (proposal_assignment_filters[k] && strcmp(proposal_assignment_filters[k], name)) k++;
  if (!proposal_assignment_filters[k]) {
    entity_fail(ctx, ERR_INVALID_FIELD, "assignment",
                arena_printf(ctx->arena, "不认识的交办筛选：%s", name),
                arena_printf(ctx->arena, "Unknown assignment filter: %s", name));
    return false;
  }
  buf_printf(w,
             " AND %s.status %s AND %s.id IN (SELECT a.proposal_id FROM proposal_assignments a"
             " WHERE %s",
             t, conds[k].proposal, t, conds[k].assignment);
  if (k == 1) p[(*np)++] = (struct db_value){.type = 'i', .i = now};
  if (ctx->user && ctx->user->role == ROLE_HANDLING_UNIT) {
    buf_puts(w, " AND a.unit_id = ?");
    p[(*np)++] = (struct db_value){.type = 'i', .i = ctx->user->unit_id};
  }
  buf_puts(w, ")");
  return true;
}

/* The visibility and filter conditions of a list on proposals aliased t, into w and p. by_id:
** the condition checks proposals found by id (search, similar proposals): the scope's committee
** is then not an index term (+), so that SQLite reads each proposal by its rowid instead of
** probing the index on (committee_id, id) for every pair of committee and id. */
static bool list_where(struct entity_ctx *ctx, const struct proposal_query *q, const char *t,
                       bool by_id, struct buf *w, struct db_value *p, int *np) {
  const char *path = ctx->user ? ctx->user->committee_path : NULL;
  if (q->e.committee_id) {
    int64_t cid = q->e.committee_id;
    if (!(path = entity_subtree(ctx, &cid))) return false;
  }
  buf_puts(w, " WHERE 1 = 1");
  if (path) {
    const char *hi = entity_path_hi(ctx, path);
    buf_printf(w,
               " AND %s%s.committee_id IN (SELECT id FROM committees WHERE path >= ? AND path < ?)",
               by_id ? "+" : "", t);
    p[(*np)++] = (struct db_value){.type = 't', .s = path};
    p[(*np)++] = (struct db_value){.type = 't', .s = hi};
  }
  for (int k = 0; k < q->e.n; k++) {
    const char *name = q->e.names[k], *val = q->e.values[k];
    static const char *const ints[] = {"session_id", "proposer_id", NULL};
    bool is_int = false;
    for (int i = 0; ints[i]; i++) is_int |= !strcmp(name, ints[i]);
    if (is_int) {
      char *end;
      long long x = strtoll(val, &end, 10);
      if (!*val || *end) {
        entity_fail(ctx, ERR_INVALID_FIELD, arena_strdup(ctx->arena, name),
                    arena_printf(ctx->arena, "筛选条件 %s 应为整数", name),
                    arena_printf(ctx->arena, "Filter %s must be an integer", name));
        return false;
      }
      buf_printf(w, " AND %s.%s = ?", t, name);
      p[(*np)++] = (struct db_value){.type = 'i', .i = x};
    } else if (!strcmp(name, "category") || !strcmp(name, "kind")) {
      buf_printf(w, " AND %s.%s = ?", t, name);
      p[(*np)++] = (struct db_value){.type = 't', .s = val};
    } else if (!strcmp(name, "is_key") || !strcmp(name, "is_good")) {
      buf_printf(w, " AND %s.%s = ?", t, name);
      p[(*np)++] = (struct db_value){.type = 'i', .i = !strcmp(val, "1") || !strcmp(val, "true")};
    }
  }
  int64_t now = time_now();
  if (q->statuses && *q->statuses) {
    /* by the effective state (proposal_effective_state): cosigning past its deadline is
    ** submitted */
    buf_printf(w, " AND (%s.status IN (", t);
    const char *s = q->statuses;
    int n = 0;
    bool submitted = false, cosigning = false;
    while (*s && n < 13) {
      const char *c = strchr(s, ',');
      size_t len = c ? (size_t)(c - s) : strlen(s);
      const char *name = arena_strndup(ctx->arena, s, len);
      int st = proposal_state_parse(name);
      if (st < 0) {
        entity_fail(ctx, ERR_INVALID_FIELD, "status",
                    arena_printf(ctx->arena, "不认识的状态：%s", name),
                    arena_printf(ctx->arena, "Unknown status: %s", name));
        return false;
      }
      submitted |= st == PS_SUBMITTED;
      s = c ? c + 1 : s + len;
      if (st == PS_COSIGNING) {
        cosigning = true;
        continue;
      }
      buf_puts(w, n++ ? ", ?" : "?");
      p[(*np)++] = (struct db_value){.type = 't', .s = name};
    }
    buf_puts(w, n ? ")" : "NULL)");
    if (submitted != cosigning) {
      /* the co-signing past its deadline counts as submitted, not as cosigning */
      buf_printf(w, " OR (%s.status = 'cosigning' AND %s.cosign_deadline %s ?)", t, t,
                 submitted ? "<" : ">=");
      p[(*np)++] = (struct db_value){.type = 'i', .i = now};
      if (cosigning)
        buf_printf(w, " OR (%s.status = 'cosigning' AND %s.cosign_deadline IS NULL)", t, t);
    } else if (cosigning) {
      buf_printf(w, " OR %s.status = 'cosigning'", t);
    }
    buf_puts(w, ")");
  }
  if (q->mine && ctx->user) {
    buf_printf(w,
               " AND (%s.created_by = ? OR EXISTS (SELECT 1 FROM proposal_signers s WHERE "
               "s.proposal_id = %s.id"
               " AND s.member_id = ?))",
               t, t);
    p[(*np)++] = (struct db_value){.type = 'i', .i = ctx->user->id};
    p[(*np)++] =
        (struct db_value){.type = 'i', .i = ctx->user->member_id ? ctx->user->member_id : -1};
  }
  if (q->unit_id) {
    buf_printf(w,
               " AND EXISTS (SELECT 1 FROM proposal_assignments a WHERE a.proposal_id = %s.id AND "
               "a.unit_id = ?"
               " AND a.status <> 'withdrawn')",
               t);
    p[(*np)++] = (struct db_value){.type = 'i', .i = q->unit_id};
  }
  if (q->overdue) {
    buf_printf(w, " AND %s.status IN ('assigned','handling','rehandling') AND %s.deadline_at < ?",
               t, t);
    p[(*np)++] = (struct db_value){.type = 'i', .i = now};
  }
  if (q->near_days > 0) {
    buf_printf(w,
               " AND %s.status IN ('assigned','handling','rehandling') AND %s.deadline_at >= ? AND "
               "%s.deadline_at < ?",
               t, t, t);
    p[(*np)++] = (struct db_value){.type = 'i', .i = now};
    p[(*np)++] = (struct db_value){.type = 'i', .i = now + (int64_t)q->near_days * 86400};
  }
  if (q->key_only) buf_printf(w, " AND %s.is_key = 1", t);
  if (q->good_only) buf_printf(w, " AND %s.is_good = 1", t);
  if (q->assignment && *q->assignment && !assignment_where(ctx, q->assignment, t, now, w, p, np))
    return false;
  if (q->cosign_pending) {
    /* invited, not answered, the deadline not passed (then it is submitted: the effective state) */
    buf_printf(w,
               " AND %s.status = 'cosigning' AND (%s.cosign_deadline IS NULL OR %s.cosign_deadline"
               " >= ?) AND EXISTS (SELECT 1 FROM proposal_signers s WHERE s.proposal_id = %s.id"
               " AND s.member_id = ? AND s.role = 'cosigner' AND s.status = 'invited')",
               t, t, t, t);
    p[(*np)++] = (struct db_value){.type = 'i', .i = now};
    p[(*np)++] = (struct db_value){
        .type = 'i', .i = ctx->user && ctx->user->member_id ? ctx->user->member_id : -1};
  }
  visibility_sql(ctx, t, w, p, np);
  return true;
}

/* The where of list_where when it holds the scope alone (no filter, no visibility condition). */
#define SCOPE_ONLY                                                                                 \
  " WHERE 1 = 1 AND t.committee_id IN (SELECT id FROM committees WHERE path >= ? AND path < ?)"

/* The total of a list (the where of list_where on alias t, its parameters p[0..np)). Exact, and
** cheap for the common page of a scope without filters on SQLite: there SELECT COUNT(*) of a
** whole table counts the pages of an index, not its rows; a subtree that holds most committees
** is counted as all the proposals less those of the committees outside it (index seeks), one
** that holds few directly. Otherwise COUNT(*) over the rows that match. */
static int64_t list_total(struct entity_ctx *ctx, const char *where, struct db_value *p, int np) {
  const char *sql = NULL;
  if (db_engine(ctx->db) == DB_SQLITE) {
    if (!strcmp(where, " WHERE 1 = 1") && !np)
      sql = "SELECT COUNT(*) FROM proposals";
    else if (!strcmp(where, SCOPE_ONLY) && np == 2 &&
             db_int(ctx->db, 0,
                    "SELECT SUM(CASE WHEN path >= ? AND path < ? THEN -1 ELSE 1 END)"
                    " FROM committees",
                    "tt", p[0].s, p[1].s) <= 0)
      sql = "SELECT (SELECT COUNT(*) FROM proposals) - (SELECT COUNT(*) FROM proposals t"
            " WHERE t.committee_id IN (SELECT id FROM committees WHERE path < ? OR path >= ?))";
  }
  struct buf b = {0};
  if (!sql) {
    buf_printf(&b, "SELECT COUNT(*) FROM proposals t%s", where);
    sql = b.data;
  }
  struct db_stmt *st = db_query_values(ctx->db, sql, np, p);
  int64_t n = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
  db_done(st);
  buf_free(&b);
  return n;
}

/* A page of the list, newest first: {items, next_cursor, total} (as entity_page_newest, with the
** total of list_total). */
static void list_page(struct entity_ctx *ctx, const char *where, struct db_value *p, int np,
                      const struct page_order *o, int64_t after_id, int limit, json_t *out) {
  json_object_set_new(out, "total", json_integer(list_total(ctx, where, p, np)));
  entity_page_items(ctx, &proposal_entity, where, p, np, o, after_id, limit, true, out);
}

json_t *proposal_list(struct entity_ctx *ctx, const struct proposal_query *q) {
  struct buf w = {0};
  struct db_value p[64];
  int np = 0;
  bool search = q->q && *q->q;
  if (!list_where(ctx, q, search ? "p" : "t", search, &w, p, &np)) {
    buf_free(&w);
    return NULL;
  }
  int limit = q->e.limit > 0 && q->e.limit <= 500 ? q->e.limit : 50;
  json_t *out = json_object();
  if (search) {
    /* search: ranked by score, the first 200 at most, no further pages */
    json_t *hits = proposal_search_ids(ctx->db, ctx->arena, q->q, w.data + strlen(" WHERE "), np, p,
                                       limit < 200 ? limit : 200);
    json_t *items = json_array(), *h;
    size_t i;
    json_array_foreach(hits, i, h) {
      json_t *o = entity_get(ctx, &proposal_entity, json_integer_value(json_object_get(h, "id")));
      if (!o) continue;
      json_object_set(o, "score", json_object_get(h, "score"));
      json_array_append_new(items, o);
    }
    json_decref(hits);
    json_object_set_new(out, "total", json_integer((json_int_t)json_array_size(items)));
    json_object_set_new(out, "items", items);
    json_object_set_new(out, "next_cursor", json_null());
    buf_free(&w);
    return out;
  }
  list_page(ctx, w.data, p, np, &q->e.order, q->e.after_id, limit, out);
  buf_free(&w);
  return out;
}

int64_t proposal_list_total(struct entity_ctx *ctx, const struct proposal_query *q) {
  struct buf w = {0};
  struct db_value p[64];
  int np = 0;
  int64_t n = list_where(ctx, q, "t", false, &w, p, &np) ? list_total(ctx, w.data, p, np) : -1;
  buf_free(&w);
  return n;
}

json_t *proposal_similar(struct entity_ctx *ctx, int64_t id, const char *title, const char *body,
                         int limit) {
  if (!title) {
    struct db_stmt *st = db_query(ctx->db,
                                  "SELECT title, facts || ' ' || analysis || ' ' || suggestions"
                                  " FROM proposals WHERE id = ?",
                                  "i", id);
    if (db_step(st) == DB_ROW) {
      title = arena_strdup(ctx->arena, db_col_text(st, 0));
      body = arena_strdup(ctx->arena, db_col_text(st, 1));
    }
    db_done(st);
    if (!title) return json_pack("{s:[]}", "items");
  }
  struct proposal_query q = {0};
  struct buf w = {0};
  struct db_value p[64];
  int np = 0;
  if (!list_where(ctx, &q, "p", true, &w, p, &np)) {
    buf_free(&w);
    return NULL;
  }
  buf_puts(&w, " AND p.status <> 'draft'");
  /* the search module's condition is on alias p */
  const char *cond = arena_strdup(ctx->arena, w.data + strlen(" WHERE "));
  buf_free(&w);
  json_t *hits = proposal_similar_ids(ctx->db, ctx->arena, title, body ? body : "", id, 0.05, cond,
                                      np, p, limit > 0 && limit <= 50 ? limit : 10);
  json_t *items = json_array(), *h;
  size_t i;
  json_array_foreach(hits, i, h) {
    int64_t pid = json_integer_value(json_object_get(h, "id"));
    struct db_stmt *st =
        db_query(ctx->db,
                 "SELECT p.title, p.status, p.serial, COALESCE(s.year, 0), p.category,"
                 " COALESCE(p.merged_into, 0), COALESCE(m.name, ''), p.committee_id, c.name,"
                 " COALESCE(p.cosign_deadline, 0)"
                 " FROM proposals p JOIN committees c ON c.id = p.committee_id"
                 " LEFT JOIN proposal_sessions s ON s.id = p.session_id"
                 " LEFT JOIN members m ON m.id = p.proposer_id WHERE p.id = ?",
                 "i", pid);
    if (db_step(st) == DB_ROW) {
      int ps = proposal_effective_state(proposal_state_parse(db_col_text(st, 1)), db_col_int(st, 9),
                                        time_now());
      json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:O,s:s,s:s}", "id", (json_int_t)pid, "title",
                            db_col_text(st, 0), "status", proposal_state_name(ps), "status_label",
                            proposal_state_label(ps), "score", json_object_get(h, "score"),
                            "category", db_col_text(st, 4), "proposer_name", db_col_text(st, 6));
      json_object_set_new(o, "serial",
                          db_col_null(st, 2) ? json_null() : json_integer(db_col_int(st, 2)));
      json_object_set_new(o, "year",
                          db_col_int(st, 3) ? json_integer(db_col_int(st, 3)) : json_null());
      json_object_set_new(o, "committee_id", json_integer(db_col_int(st, 7)));
      json_object_set_new(o, "committee_name", json_string(db_col_text(st, 8)));
      json_array_append_new(items, o);
    }
    db_done(st);
  }
  json_decref(hits);
  return json_pack("{s:o}", "items", items);
}

/* ---- co-signers
 * ---------------------------------------------------------------------------------- */

bool proposal_set_cosigners(struct entity_ctx *ctx, int64_t id, json_t *member_ids) {
  struct proposal_row p;
  if (!proposal_load(ctx, id, &p)) return false;
  if (p.state != PS_DRAFT && p.state != PS_RETURNED) {
    proposal_wrong_state(ctx, &p, "只有草稿或退回修改的提案可以邀请联名",
                         "Co-signers are invited on a draft");
    return false;
  }
  if (!proposal_is_author(ctx, &p)) {
    entity_forbidden(ctx, "只有提案人可以邀请联名", "Only the proposer invites co-signers");
    return false;
  }
  if (strcmp(p.kind, "joint")) {
    entity_fail(ctx, ERR_INVALID_FIELD, "kind", "只有联名提案可以邀请联名人",
                "Only a joint proposal has co-signers");
    return false;
  }
  if (!json_is_array(member_ids) || json_array_size(member_ids) > 50) {
    entity_fail(ctx, ERR_INVALID_FIELD, "member_ids", "member_ids 应为委员编号的数组（至多 50 人）",
                "member_ids must be an array of at most 50 member ids");
    return false;
  }
  size_t i;
  json_t *x;
  json_array_foreach(member_ids, i, x) {
    int64_t m = json_is_integer(x) ? json_integer_value(x) : 0;
    struct db_stmt *st =
        db_query(ctx->db,
                 "SELECT c.path, m.status FROM members m JOIN committees c ON c.id = m.committee_id"
                 " WHERE m.id = ?",
                 "i", m);
    bool ok = db_step(st) == DB_ROW && !strcmp(db_col_text(st, 0), p.path) &&
              !strcmp(db_col_text(st, 1), "active");
    db_done(st);
    if (!ok || m == p.proposer_id) {
      entity_fail(ctx, ERR_INVALID_FIELD, "member_ids",
                  m == p.proposer_id && m ? "第一提案人不必再联名" : "联名人须是本政协的在任委员",
                  m == p.proposer_id && m ? "The first proposer is not a co-signer"
                                          : "Co-signers must be active members of the committee");
      return false;
    }
  }
  int rc = db_begin(ctx->db);
  if (rc == DB_DONE)
    rc =
        db_exec(ctx->db, "DELETE FROM proposal_signers WHERE proposal_id = ? AND role = 'cosigner'",
                "i", id);
  json_array_foreach(member_ids, i, x) {
    if (rc != DB_DONE) break;
    rc = db_exec(ctx->db,
                 "INSERT INTO proposal_signers (proposal_id, member_id, role, status, invited_at)"
                 " VALUES (?, ?, 'cosigner', 'invited', ?) ON CONFLICT DO NOTHING",
                 "iii", id, (int64_t)json_integer_value(x), time_now());
  }
  if (rc == DB_DONE && !proposal_event(ctx, id, "cosigners", NULL, NULL, "",
                                       json_pack("{s:O}", "member_ids", member_ids)))
    rc = DB_ERROR;
  return entity_finish(ctx, rc);
}
