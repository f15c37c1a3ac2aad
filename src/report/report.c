/* src/report/report.c: the report record (who writes what), the settings, who sees what, the
** detail, the timeline, lists with search, editing with the versions kept, the difference of
** two versions, attachments, and statistics. The actions are in report_act.c. */
#include "report.h"
#include "bulletin.h"
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/like.h"
#include "base/page.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "base/mem.h"
#include "entity/record_ref.h"
#include "file/file.h"
#include "member/member.h"
#include "org/org.h"
#include "notify/notify.h"
#include "points/points.h"
#include "report_int.h"

/* ---- settings -------------------------------------------------------------------------------- */

static const struct setting setting_items[] = {
    {"body_max", "report.body_max", 1500, 200, 20000, "社情民意信息正文字数上限",
     "characters of a report's body"},
};
const struct setting_group report_settings = {"report.", setting_items,
                                              sizeof setting_items / sizeof setting_items[0]};

/* ---- the record ------------------------------------------------------------------------------ */

static const struct field report_fields[] = {
    {"title", FT_TEXT, FF_REQUIRED, "标题", "title", 100},
    {"category", FT_ENUM, FF_REQUIRED | FF_FILTER, "类别", "category",
     .choices = report_categories},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"body", FT_TEXT, 0, "正文（情况、分析、建议）", "body", 20000},
    {"urgent", FT_BOOL, FF_FILTER, "紧急", "urgent"},
    {"member_id", FT_INT, FF_FILTER | FF_FIXED, "报送委员", "member", .min = 1, .max = INT64_MAX},
    {"collective_kind", FT_ENUM, FF_FIXED, "报送单位类别", "collective kind",
     .labels = org_collective_kinds},
    {"collective_id", FT_INT, FF_FIXED, "报送单位", "collective", .min = 1, .max = INT64_MAX},
    {"activity_id", FT_INT, 0, "来源活动", "source activity", .min = 1, .max = INT64_MAX},
    {"proposal_id", FT_INT, FF_READONLY, "来源提案", "source proposal"},
    {"status", FT_TEXT, FF_READONLY | FF_FILTER, "状态", "status"},
    {"merged_into", FT_INT, FF_READONLY, "合并入", "merged into"},
    {"decision_note", FT_TEXT, FF_READONLY, "审核意见", "decision note"},
    {"created_by", FT_INT, FF_READONLY, "录入人", "created by"},
    {"submitted_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"decided_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    /* when the office accepted it for review (受理; report_act.c), shown to the author */
    {"accepted_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
};

static bool member_account(const struct user *u) { return u && u->role == ROLE_MEMBER; }

bool report_is_author(struct entity_ctx *ctx, const struct report_row *r) {
  const struct user *u = ctx->user;
  if (!u) return true;
  if (u->member_id && r->member_id == u->member_id) return true;
  return r->created_by == u->id;
}

bool report_body_fits(struct entity_ctx *ctx, const char *path, const char *body) {
  return input_fits(ctx, "body", body,
                    setting_value(ctx->db, &report_settings, path ? path : "/", "body_max"),
                    "正文");
}

bool report_is_office(struct entity_ctx *ctx, const struct report_row *r) {
  const struct user *u = ctx->user;
  return !u || (access_role_has(u->role, PERM_REPORT_REVIEW) && access_in_scope(u, r->path));
}

/* Whether the activity a report came from lies on the report's committee path (an ancestor's,
** its own, or one below); else 422. */
static bool activity_ok(struct entity_ctx *ctx, const char *path, int64_t activity) {
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT c.path FROM activities a JOIN committees c ON c.id = a.committee_id"
               " WHERE a.id = ?",
               "i", activity);
  bool ok = false;
  if (db_step(st) == DB_ROW && path) {
    const char *ap = db_col_text(st, 0);
    ok = !strncmp(ap, path, strlen(ap)) || !strncmp(path, ap, strlen(path));
  }
  db_done(st);
  if (!ok)
    entity_fail(ctx, ERR_INVALID_FIELD, "activity_id", "来源活动不存在或不属于该政协",
                "No such activity of the committee");
  return ok;
}

/* A new report: a member's (a member account: its own) or a collective's entered by staff. */
static bool report_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                         int64_t id, json_t *in) {
  (void)in;
  if (id) return true; /* edits go through report_edit */
  struct entity_value *ck = &v[entity_field(e, "collective_kind")],
                      *cid = &v[entity_field(e, "collective_id")],
                      *mem = &v[entity_field(e, "member_id")],
                      *committee = &v[entity_field(e, "committee_id")];
  struct entity_value *act = &v[entity_field(e, "activity_id")];
  if (act->set && !act->null && !activity_ok(ctx, committee_path_of(ctx, committee->i), act->i))
    return false;
  bool collective = (ck->set && !ck->null) || (cid->set && !cid->null);
  if (collective) {
    if (member_account(ctx->user)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "collective_kind", "集体报送的信息由工作人员录入",
                  "Collective reports are entered by staff");
      return false;
    }
    if (!(ck->set && !ck->null) || !(cid->set && !cid->null) || (mem->set && !mem->null)) {
      entity_fail(ctx, ERR_INVALID_FIELD,
                  ck->set && !ck->null ? "collective_id" : "collective_kind",
                  "集体报送须给出单位类别和单位，且不填报送委员",
                  "A collective report needs collective_kind and collective_id, and no member_id");
      return false;
    }
    if (!org_collective_name(ctx, ck->s, cid->i)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "collective_id", "报送单位不存在", "No such collective");
      return false;
    }
    return true;
  }
  static const struct member_author_words words = {
      "委员只能以本人名义报送",       "A member reports in its own name",
      "请选择报送委员或报送单位",     "member_id is required",
      "报送委员须是该政协的在任委员", "The member must be an active member of the committee"};
  return member_author_check(ctx, mem, committee->i, "member_id", &words);
}

/* On create: who entered it, and the timeline's first event. */
static bool report_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                               bool created, json_t *in) {
  (void)e, (void)in;
  if (!created) return true;
  if (ctx->user && db_exec(ctx->db, "UPDATE reports SET created_by = ? WHERE id = ?", "ii",
                           ctx->user->id, id) != DB_DONE)
    return false;
  return report_event(ctx, id, "create", NULL, "draft", "", NULL);
}

/* Times, the state's label, the member's and the collective's names, the body's length. */
static void report_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                           json_t *o) {
  (void)e;
  entity_time_json(o, "submitted_at", row, entity_col(row, "submitted_at"));
  entity_time_json(o, "decided_at", row, entity_col(row, "decided_at"));
  entity_time_json(o, "accepted_at", row, entity_col(row, "accepted_at"));
  int s = report_state_parse(json_string_value(json_object_get(o, "status")));
  json_object_set_new(o, "status_label",
                      json_string(ctx->en ? report_state_label_en(s) : report_state_label(s)));
  json_t *mid = json_object_get(o, "member_id");
  json_object_set_new(o, "member_name", json_null());
  if (json_is_integer(mid)) {
    struct db_stmt *st = db_query(ctx->db, "SELECT name FROM members WHERE id = ?", "i",
                                  (int64_t)json_integer_value(mid));
    if (db_step(st) == DB_ROW)
      json_object_set_new(o, "member_name", json_string(db_col_text(st, 0)));
    db_done(st);
  }
  json_t *ck = json_object_get(o, "collective_kind");
  const char *cn =
      json_is_string(ck)
          ? org_collective_name(ctx, json_string_value(ck),
                                json_integer_value(json_object_get(o, "collective_id")))
          : NULL;
  json_object_set_new(o, "collective_name", cn ? json_string(cn) : json_null());
  const char *body = json_string_value(json_object_get(o, "body"));
  json_object_set_new(o, "body_length",
                      json_integer(body ? (json_int_t)utf8_count(body, strlen(body)) : 0));
}

/* What a member account sees: its own reports, as conditions on reports aliased t. */
static void visibility_sql(struct entity_ctx *ctx, const char *t, struct buf *sql,
                           struct db_value *p, int *np) {
  const struct user *u = ctx->user;
  if (!u || u->role != ROLE_MEMBER) return;
  buf_printf(sql, " AND (%s.created_by = ? OR %s.member_id = ?)", t, t);
  p[(*np)++] = (struct db_value){.type = 'i', .i = u->id};
  p[(*np)++] = (struct db_value){.type = 'i', .i = u->member_id ? u->member_id : -1};
}

static void report_list_filter(struct entity_ctx *ctx, const struct entity *e, struct buf *sql,
                               struct db_value *p, int *np) {
  (void)e;
  visibility_sql(ctx, "t", sql, p, np);
}

/* The report list's ?sort= keys (page.h). */
static const struct page_sort report_sorts[] = {
    {"id", "t.id"},         {"title", "t.title"},
    {"status", "t.status"}, {"submitted_at", "COALESCE(t.submitted_at, 0)"},
    {NULL, NULL},
};
const struct entity report_entity = {
    .name = "report",
    .zh = "社情民意信息",
    .table = "reports",
    .scope = SCOPE_COMMITTEE,
    .fields = report_fields,
    .nfields = sizeof report_fields / sizeof report_fields[0],
    .search = "title",
    .sorts = report_sorts,
    .check = report_check,
    .after_write = report_after_write,
    .to_json = report_to_json,
    .list_filter = report_list_filter,
};

/* ---- helpers shared by the module (report_int.h) --------------------------------------------- */

bool report_load(struct entity_ctx *ctx, int64_t id, struct report_row *r) {
  memset(r, 0, sizeof *r);
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT r.id, r.committee_id, c.path, COALESCE(r.member_id, 0), COALESCE(r.created_by, 0),"
      " r.status, r.title, r.body, r.category FROM reports r"
      " JOIN committees c ON c.id = r.committee_id WHERE r.id = ?",
      "i", id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    r->id = db_col_int(st, 0);
    r->committee_id = db_col_int(st, 1);
    r->path = arena_strdup(ctx->arena, db_col_text(st, 2));
    r->member_id = db_col_int(st, 3);
    r->created_by = db_col_int(st, 4);
    r->state = report_state_parse(db_col_text(st, 5));
    r->title = arena_strdup(ctx->arena, db_col_text(st, 6));
    r->body = arena_strdup(ctx->arena, db_col_text(st, 7));
    r->category = arena_strdup(ctx->arena, db_col_text(st, 8));
  }
  db_done(st);
  if (!found) entity_not_found(ctx, "未找到该社情民意信息", "No such report");
  return found;
}

void report_wrong_state(struct entity_ctx *ctx, const struct report_row *r, const char *zh,
                        const char *en) {
  flow_wrong_state(ctx, &report_flow, r->state, zh, en);
}

bool report_event(struct entity_ctx *ctx, int64_t id, const char *action, const char *from,
                  const char *to, const char *note, json_t *data) {
  return flow_event(ctx, &report_flow, id, action, from, to, note, data);
}

/* The report's page in the console (member accounts get the phone's). */
static const char *link_of(struct entity_ctx *ctx, const struct report_row *r) {
  return arena_printf(ctx->arena, "/reports/%lld", (long long)r->id);
}

void report_notify_author(struct entity_ctx *ctx, const struct report_row *r, const char *kind,
                          const char *title, const char *body) {
  notify_others(ctx->db,
                db_query(ctx->db,
                         "SELECT id, role = 'member' FROM users WHERE disabled = 0 AND (id = ? OR "
                         "(member_id IS NOT NULL AND member_id = ?))",
                         "ii", r->created_by, r->member_id ? r->member_id : -1),
                ctx->user ? ctx->user->id : 0, kind, title, body, link_of(ctx, r));
}

void report_notify_office(struct entity_ctx *ctx, const struct report_row *r, const char *kind,
                          const char *title, const char *body) {
  notify_others(ctx->db,
                db_query(ctx->db,
                         "SELECT u.id FROM users u JOIN committees c ON c.id = u.committee_id"
                         " WHERE u.role IN ('secretariat','committee_staff') AND u.disabled = 0"
                         " AND ? LIKE c.path || '%'",
                         "t", r->path),
                ctx->user ? ctx->user->id : 0, kind, title, body, link_of(ctx, r));
}

/* ---- visibility, detail, timeline ------------------------------------------------------------ */

bool report_visible(struct entity_ctx *ctx, int64_t id) {
  if (!entity_visible(ctx, &report_entity, id)) return false;
  if (!member_account(ctx->user)) return true;
  struct buf sql = {0};
  struct db_value p[4];
  int np = 0;
  buf_puts(&sql, "SELECT COUNT(*) FROM reports t WHERE t.id = ?");
  p[np++] = (struct db_value){.type = 'i', .i = id};
  visibility_sql(ctx, "t", &sql, p, &np);
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  bool ok = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
  db_done(st);
  buf_free(&sql);
  return ok;
}

json_t *report_detail(struct entity_ctx *ctx, int64_t id) {
  json_t *o = entity_get(ctx, &report_entity, id);
  if (!o) {
    entity_not_found(ctx, "未找到该社情民意信息", "No such report");
    return NULL;
  }
  json_t *files = json_array(), *adoptions = json_array(), *instructions = json_array(),
         *merged = json_array();
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT f.id, f.filename, f.content_type, f.size FROM report_files rf"
               " JOIN files f ON f.id = rf.file_id WHERE rf.report_id = ? ORDER BY rf.sort",
               "i", id);
  while (db_step(st) == DB_ROW)
    json_array_append_new(
        files,
        json_pack("{s:I,s:s,s:s,s:I,s:s}", "id", (json_int_t)db_col_int(st, 0), "filename",
                  db_col_text(st, 1), "content_type", db_col_text(st, 2), "size",
                  (json_int_t)db_col_int(st, 3), "url",
                  arena_printf(ctx->arena, "/api/v1/files/%lld", (long long)db_col_int(st, 0))));
  db_done(st);
  st = db_query(ctx->db,
                "SELECT id, level, adopted_by, adopted_on, note FROM report_adoptions WHERE "
                "report_id = ? ORDER BY id",
                "i", id);
  while (db_step(st) == DB_ROW)
    json_array_append_new(adoptions,
                          json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id",
                                    (json_int_t)db_col_int(st, 0), "level", db_col_text(st, 1),
                                    "level_label", report_adoption_level_label(db_col_text(st, 1)),
                                    "adopted_by", db_col_text(st, 2), "adopted_on",
                                    db_col_text(st, 3), "note", db_col_text(st, 4)));
  db_done(st);
  st = db_query(ctx->db,
                "SELECT id, level, leader_name, leader_title, text, given_on FROM "
                "report_instructions WHERE report_id = ?"
                " ORDER BY given_on, id",
                "i", id);
  while (db_step(st) == DB_ROW)
    json_array_append_new(
        instructions,
        json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "level",
                  db_col_text(st, 1), "level_label",
                  report_instruction_level_label(db_col_text(st, 1)), "leader_name",
                  db_col_text(st, 2), "leader_title", db_col_text(st, 3), "text",
                  db_col_text(st, 4), "given_on", db_col_text(st, 5)));
  db_done(st);
  st =
      db_query(ctx->db, "SELECT id, title FROM reports WHERE merged_into = ? ORDER BY id", "i", id);
  while (db_step(st) == DB_ROW)
    json_array_append_new(merged, json_pack("{s:I,s:s}", "id", (json_int_t)db_col_int(st, 0),
                                            "title", db_col_text(st, 1)));
  db_done(st);
  json_object_set_new(o, "files", files);
  json_object_set_new(o, "adoptions", adoptions);
  json_object_set_new(o, "instructions", instructions);
  json_object_set_new(o, "merged", merged);
  json_object_set_new(o, "bulletins", bulletins_of_report(ctx, id));
  /* the records of other modules that name this report as their outcome (a contact activity),
  ** those the caller may read */
  json_object_set_new(o, "linked_from", record_ref_referrers(ctx, "report", id));
  json_object_set_new(o, "actions", report_actions_for(ctx, id));
  return o;
}

json_t *report_timeline(struct entity_ctx *ctx, int64_t id) {
  json_t *items = json_array();
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT e.id, e.at, e.user_id, COALESCE(u.display_name, ''), e.action, e.from_status,"
      " e.to_status, e.note, e.data FROM report_events e"
      " LEFT JOIN users u ON u.id = e.user_id WHERE e.report_id = ? ORDER BY e.id",
      "i", id);
  while (db_step(st) == DB_ROW) {
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "action",
                  db_col_text(st, 4), "note", db_col_text(st, 7), "user_name", db_col_text(st, 3));
    entity_time_json(o, "at", st, 1);
    json_object_set_new(o, "user_id",
                        db_col_null(st, 2) ? json_null() : json_integer(db_col_int(st, 2)));
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

/* The search tokens of a query (utf8_tokens: CJK bigrams, lowercased ASCII words), distinct,
** at most 16, in the arena. */
struct qtokens {
  struct entity_ctx *ctx;
  const char *tok[16];
  int n;
};

static void qtoken(const char *tok, size_t len, void *arg) {
  struct qtokens *q = arg;
  for (int i = 0; i < q->n; i++)
    if (strlen(q->tok[i]) == len && !memcmp(q->tok[i], tok, len)) return;
  if (q->n < 16) q->tok[q->n++] = arena_strndup(q->ctx->arena, tok, len);
}

/* The conditions of report_list's query q on reports aliased t into w (" WHERE ..."), its
** parameters into p (room for 64) and *np. False with ctx->err on a bad filter (w freed). */
static bool list_where(struct entity_ctx *ctx, const struct report_query *q, struct buf *w,
                       struct db_value *p, int *np_out) {
  int np = 0;
  const char *path = ctx->user ? ctx->user->committee_path : NULL;
  if (q->e.committee_id) {
    int64_t cid = q->e.committee_id;
    if (!(path = entity_subtree(ctx, &cid))) return false;
  }
  buf_puts(w, " WHERE 1 = 1");
  if (path) {
    buf_puts(w, " AND t.committee_id IN (SELECT id FROM committees WHERE path >= ? AND path < ?)");
    p[np++] = (struct db_value){.type = 't', .s = path};
    p[np++] = (struct db_value){.type = 't', .s = entity_path_hi(ctx, path)};
  }
  for (int k = 0; k < q->e.n; k++) {
    const char *name = q->e.names[k], *val = q->e.values[k];
    if (!strcmp(name, "member_id")) {
      char *end;
      long long x = strtoll(val, &end, 10);
      if (!*val || *end) {
        entity_fail(ctx, ERR_INVALID_FIELD, "member_id", "筛选条件 member_id 应为整数",
                    "Filter member_id must be an integer");
        buf_free(w);
        return false;
      }
      buf_puts(w, " AND t.member_id = ?");
      p[np++] = (struct db_value){.type = 'i', .i = x};
    } else if (!strcmp(name, "category")) {
      buf_puts(w, " AND t.category = ?");
      p[np++] = (struct db_value){.type = 't', .s = val};
    } else if (!strcmp(name, "urgent")) {
      buf_puts(w, " AND t.urgent = ?");
      p[np++] = (struct db_value){.type = 'i', .i = !strcmp(val, "1") || !strcmp(val, "true")};
    }
  }
  if (q->statuses && *q->statuses) {
    buf_puts(w, " AND t.status IN (");
    const char *s = q->statuses;
    int n = 0;
    while (*s && n < RS__COUNT) {
      const char *c = strchr(s, ',');
      size_t len = c ? (size_t)(c - s) : strlen(s);
      const char *name = arena_strndup(ctx->arena, s, len);
      if (report_state_parse(name) < 0) {
        entity_fail(ctx, ERR_INVALID_FIELD, "status",
                    arena_printf(ctx->arena, "不认识的状态：%s", name),
                    arena_printf(ctx->arena, "Unknown status: %s", name));
        buf_free(w);
        return false;
      }
      buf_puts(w, n++ ? ", ?" : "?");
      p[np++] = (struct db_value){.type = 't', .s = name};
      s = c ? c + 1 : s + len;
    }
    buf_puts(w, ")");
  }
  if (q->mine && ctx->user) {
    buf_puts(w, " AND (t.created_by = ? OR t.member_id = ?)");
    p[np++] = (struct db_value){.type = 'i', .i = ctx->user->id};
    p[np++] = (struct db_value){.type = 'i', .i = ctx->user->member_id ? ctx->user->member_id : -1};
  }
  if (q->urgent_only) buf_puts(w, " AND t.urgent = 1");
  if (q->unbulletined) {
    buf_puts(w, " AND NOT EXISTS (SELECT 1 FROM bulletin_items i WHERE i.committee_id = ?"
                " AND i.report_id = t.id)");
    p[np++] = (struct db_value){.type = 'i',
                                .i = q->e.committee_id ? q->e.committee_id
                                     : ctx->user       ? ctx->user->committee_id
                                                       : 0};
  }
  if (q->year) {
    buf_puts(w, " AND t.submitted_at >= ? AND t.submitted_at < ?");
    p[np++] = (struct db_value){.type = 'i', .i = time_quarter_start(q->year, 1)};
    p[np++] = (struct db_value){.type = 'i', .i = time_quarter_start(q->year + 1, 1)};
  }
  /* search: every token of the query (the CJK bigrams and ASCII words of utf8_tokens, as the
  ** proposals' index has them) in the title or the body */
  struct qtokens qt = {.ctx = ctx};
  if (q->q) utf8_tokens(q->q, strlen(q->q), qtoken, &qt);
  for (int i = 0; i < qt.n; i++) {
    const char *like = like_contains(ctx->arena, qt.tok[i], strlen(qt.tok[i]));
    buf_puts(w,
             " AND (LOWER(t.title) LIKE ?" LIKE_ESCAPE " OR LOWER(t.body) LIKE ?" LIKE_ESCAPE ")");
    p[np++] = (struct db_value){.type = 't', .s = like};
    p[np++] = (struct db_value){.type = 't', .s = like};
  }
  visibility_sql(ctx, "t", w, p, &np);
  *np_out = np;
  return true;
}

json_t *report_list(struct entity_ctx *ctx, const struct report_query *q) {
  struct buf w = {0};
  struct db_value p[64];
  int np = 0;
  if (!list_where(ctx, q, &w, p, &np)) return NULL;
  int limit = q->e.limit > 0 && q->e.limit <= 500 ? q->e.limit : 50;
  json_t *out = json_object();
  entity_page_newest(ctx, &report_entity, w.data, p, np, &q->e.order, q->e.after_id, limit, out);
  buf_free(&w);
  return out;
}

int64_t report_list_total(struct entity_ctx *ctx, const struct report_query *q) {
  struct buf w = {0}, sql = {0};
  struct db_value p[64];
  int np = 0;
  if (!list_where(ctx, q, &w, p, &np)) return -1;
  buf_printf(&sql, "SELECT COUNT(*) FROM reports t%s", w.data);
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  int64_t n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
  db_done(st);
  buf_free(&sql);
  buf_free(&w);
  return n;
}

/* ---- versions and their differences ---------------------------------------------------------- */

json_t *report_versions(struct entity_ctx *ctx, int64_t id) {
  struct report_row r;
  if (!report_load(ctx, id, &r)) return NULL;
  json_t *items = json_array();
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT v.version, v.title, v.body, v.replaced_by, COALESCE(u.display_name, ''),"
               " v.replaced_at FROM report_versions v LEFT JOIN users u ON u.id = v.replaced_by"
               " WHERE v.report_id = ? ORDER BY v.version",
               "i", id);
  int last = 0;
  while (db_step(st) == DB_ROW) {
    const char *body = db_col_text(st, 2);
    json_t *o = json_pack("{s:I,s:s,s:s,s:I,s:s,s:b}", "version", (json_int_t)db_col_int(st, 0),
                          "title", db_col_text(st, 1), "body", body, "body_length",
                          (json_int_t)utf8_count(body, strlen(body)), "replaced_by_name",
                          db_col_text(st, 4), "current", 0);
    json_object_set_new(o, "replaced_by",
                        db_col_null(st, 3) ? json_null() : json_integer(db_col_int(st, 3)));
    entity_time_json(o, "replaced_at", st, 5);
    json_array_append_new(items, o);
    last = (int)db_col_int(st, 0);
  }
  db_done(st);
  json_array_append_new(items,
                        json_pack("{s:i,s:s,s:s,s:I,s:n,s:s,s:n,s:b}", "version", last + 1, "title",
                                  r.title, "body", r.body, "body_length",
                                  (json_int_t)utf8_count(r.body, strlen(r.body)), "replaced_by",
                                  "replaced_by_name", "", "replaced_at", "current", 1));
  return json_pack("{s:o}", "items", items);
}

/* A text cut into tokens: lines (each with its newline) or UTF-8 characters. */
struct toks {
  const char **s;
  size_t *len, n;
};

static void tokenize(const char *t, bool by_char, struct toks *out) {
  size_t n = strlen(t), cap = 16;
  out->s = malloc(cap * sizeof *out->s);
  out->len = malloc(cap * sizeof *out->len);
  out->n = 0;
  size_t i = 0;
  while (i < n) {
    size_t l;
    if (by_char) {
      int k = 1;
      if (utf8_decode(t + i, n - i, &k) < 0 || k < 1) k = 1;
      l = (size_t)k;
    } else {
      const char *nl = memchr(t + i, '\n', n - i);
      l = nl ? (size_t)(nl - (t + i)) + 1 : n - i;
    }
    if (out->n == cap) {
      cap *= 2;
      out->s = mem_realloc(out->s, cap * sizeof *out->s);
      out->len = mem_realloc(out->len, cap * sizeof *out->len);
    }
    out->s[out->n] = t + i;
    out->len[out->n++] = l;
    i += l;
  }
}

static bool tok_eq(const struct toks *a, size_t i, const struct toks *b, size_t j) {
  return a->len[i] == b->len[j] && !memcmp(a->s[i], b->s[j], a->len[i]);
}

/* Appends text to the ops, joining it to the last op when that is of the same kind. */
static void op_add(json_t *ops, const char *op, const char *s, size_t len, int64_t *count) {
  if (!len) return;
  if (count) *count += 1;
  json_t *last = json_array_size(ops) ? json_array_get(ops, json_array_size(ops) - 1) : NULL;
  if (last && !strcmp(json_string_value(json_object_get(last, "op")), op)) {
    json_t *t = json_object_get(last, "text");
    size_t ol = json_string_length(t);
    char *joined = malloc(ol + len + 1);
    memcpy(joined, json_string_value(t), ol);
    memcpy(joined + ol, s, len);
    joined[ol + len] = 0;
    json_object_set_new(last, "text", json_stringn(joined, ol + len));
    free(joined);
    return;
  }
  json_array_append_new(ops, json_pack("{s:s,s:s%}", "op", op, "text", s, len));
}

#define DIFF_MAX_CELLS 4000000

json_t *report_diff_text(const char *a, const char *b, bool by_char, int64_t *inserted,
                         int64_t *deleted) {
  struct toks ta, tb;
  tokenize(a, by_char, &ta);
  tokenize(b, by_char, &tb);
  json_t *ops = json_array();
  size_t pre = 0, suf = 0;
  while (pre < ta.n && pre < tb.n && tok_eq(&ta, pre, &tb, pre)) pre++;
  while (suf < ta.n - pre && suf < tb.n - pre && tok_eq(&ta, ta.n - 1 - suf, &tb, tb.n - 1 - suf))
    suf++;
  size_t n = ta.n - pre - suf, m = tb.n - pre - suf;
  if ((n + 1) * (m + 1) > DIFF_MAX_CELLS) {
    json_decref(ops);
    ops = NULL;
    goto done;
  }
  for (size_t i = 0; i < pre; i++) op_add(ops, "equal", ta.s[i], ta.len[i], NULL);
  /* lcs[i][j]: the longest common subsequence of a's tokens from i and b's from j */
  uint16_t *lcs = calloc((n + 1) * (m + 1), sizeof *lcs);
#define L(i, j) lcs[(i) * (m + 1) + (j)]
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      L(i, j) = tok_eq(&ta, pre + i, &tb, pre + j) ? (uint16_t)(L(i + 1, j + 1) + 1)
                : L(i + 1, j) >= L(i, j + 1)       ? L(i + 1, j)
                                                   : L(i, j + 1);
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && tok_eq(&ta, pre + i, &tb, pre + j)) {
      op_add(ops, "equal", ta.s[pre + i], ta.len[pre + i], NULL);
      i++, j++;
    } else if (i < n && (j == m || L(i + 1, j) >= L(i, j + 1))) {
      op_add(ops, "delete", ta.s[pre + i], ta.len[pre + i], deleted);
      i++;
    } else {
      op_add(ops, "insert", tb.s[pre + j], tb.len[pre + j], inserted);
      j++;
    }
  }
#undef L
  free(lcs);
  for (size_t k = ta.n - suf; k < ta.n; k++) op_add(ops, "equal", ta.s[k], ta.len[k], NULL);
done:
  free(ta.s), free(ta.len), free(tb.s), free(tb.len);
  return ops;
}

/* The title and body of version v (0: the current text) into *title, *body. */
static bool version_text(struct entity_ctx *ctx, const struct report_row *r, int v,
                         const char **title, const char **body) {
  int last = (int)db_int(
      ctx->db, 0, "SELECT COALESCE(MAX(version), 0) FROM report_versions WHERE report_id = ?", "i",
      r->id);
  if (v == 0 || v == last + 1) {
    *title = r->title, *body = r->body;
    return true;
  }
  struct db_stmt *st = db_query(
      ctx->db, "SELECT title, body FROM report_versions WHERE report_id = ? AND version = ?", "ii",
      r->id, (int64_t)v);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    *title = arena_strdup(ctx->arena, db_col_text(st, 0));
    *body = arena_strdup(ctx->arena, db_col_text(st, 1));
  }
  db_done(st);
  if (!found)
    entity_fail(ctx, ERR_NOT_FOUND, "version", arena_printf(ctx->arena, "没有第 %d 版", v),
                arena_printf(ctx->arena, "No version %d", v));
  return found;
}

json_t *report_diff(struct entity_ctx *ctx, int64_t id, int from, int to, const char *mode) {
  struct report_row r;
  if (!report_load(ctx, id, &r)) return NULL;
  if (!mode || !*mode) mode = "line";
  if (strcmp(mode, "line") && strcmp(mode, "char")) {
    entity_fail(ctx, ERR_INVALID_FIELD, "mode", "mode 应为 line 或 char",
                "mode must be line or char");
    return NULL;
  }
  const char *ta, *ba, *tb, *bb;
  if (!version_text(ctx, &r, from, &ta, &ba) || !version_text(ctx, &r, to, &tb, &bb)) return NULL;
  bool by_char = !strcmp(mode, "char");
  int64_t ins = 0, del = 0;
  json_t *title = report_diff_text(ta, tb, true, NULL, NULL);
  json_t *body = report_diff_text(ba, bb, by_char, &ins, &del);
  if (!title || !body) {
    json_decref(title);
    json_decref(body);
    entity_fail(ctx, ERR_TOO_LARGE, "mode", "两版差异过大，无法逐字比较，请按行比较",
                "The versions differ too much to compare by characters; compare by lines");
    return NULL;
  }
  return json_pack("{s:i,s:i,s:s,s:o,s:o,s:I,s:I}", "from", from, "to", to, "mode", mode, "title",
                   title, "body", body, "inserted", (json_int_t)ins, "deleted", (json_int_t)del);
}

/* ---- editing --------------------------------------------------------------------------------- */

/* The checks and writes of an edit, inside report_edit's transaction after the row's lock. */
static bool edit_locked(struct entity_ctx *ctx, int64_t id, json_t *in) {
  struct report_row r;
  if (!report_load(ctx, id, &r)) return false;
  bool office = report_is_office(ctx, &r),
       author = report_is_author(ctx, &r) &&
                (!ctx->user || access_role_has(ctx->user->role, PERM_REPORT_SUBMIT));
  bool author_may = r.state == RS_DRAFT || r.state == RS_RETURNED;
  bool office_may = author_may || r.state == RS_SUBMITTED || r.state == RS_ADOPTED;
  if (!(author && author_may) && !(office && office_may)) {
    if ((author && !author_may && !office) || (office && !office_may)) {
      report_wrong_state(ctx, &r, "当前状态下不能修改", "It cannot be edited in the current state");
      return false;
    }
    entity_forbidden(ctx, "只有报送人或信息工作部门可以修改",
                     "Only the author or the office edits it");
    return false;
  }
  const char *key;
  json_t *v;
  static const char *const allowed[] = {"title", "category", "body", "urgent", "activity_id", NULL};
  json_object_foreach(in, key, v) {
    bool ok = false;
    for (int i = 0; allowed[i]; i++) ok |= !strcmp(key, allowed[i]);
    if (!ok) {
      entity_fail(ctx, ERR_INVALID_FIELD, arena_strdup(ctx->arena, key),
                  arena_printf(ctx->arena, "不能修改字段：%s", key),
                  arena_printf(ctx->arena, "Field %s cannot be changed", key));
      return false;
    }
  }
  struct entity_value vals[ENTITY_MAX_FIELDS];
  if (!entity_validate(ctx, &report_entity, in, true, vals)) return false;
  json_t *act = json_object_get(in, "activity_id");
  if (json_is_integer(act) && !activity_ok(ctx, r.path, json_integer_value(act))) return false;
  const char *title = json_string_value(json_object_get(in, "title")),
             *body = json_string_value(json_object_get(in, "body"));
  /* the author's own draft may run long until it is submitted; every other edit (the office's,
  ** of a report in any state) keeps to the limit */
  if (body && !(author && author_may) && !report_body_fits(ctx, r.path, body)) return false;
  bool text_changed = (title && strcmp(title, r.title)) || (body && strcmp(body, r.body));
  if (text_changed) {
    int64_t next = db_int(
        ctx->db, 0, "SELECT COALESCE(MAX(version), 0) + 1 FROM report_versions WHERE report_id = ?",
        "i", id);
    if (db_exec(ctx->db,
                "INSERT INTO report_versions (report_id, version, title, body, replaced_by,"
                " replaced_at) VALUES (?, ?, ?, ?, ?, ?)",
                "iittIi", id, next, r.title, r.body, ctx->user ? ctx->user->id : 0,
                time_now()) != DB_DONE)
      return false;
  }
  /* the entity engine writes the fields (references checked, updated_at) inside this transaction */
  if (!entity_update(ctx, &report_entity, id, in)) return false;
  if (!report_event(ctx, id, "edit", NULL, NULL, "",
                    text_changed ? json_pack("{s:b}", "new_version", 1) : NULL))
    return false;
  if (!points_sync(ctx->db, "report", id)) return false;
  if (office && !report_is_author(ctx, &r) && text_changed)
    report_notify_author(ctx, &r, "report_edited", "社情民意信息已由信息工作部门编辑",
                         arena_printf(ctx->arena, "《%s》", title ? title : r.title));
  return true;
}

/* An edit is allowed only in some states (the author's in draft or returned, the office's also
** submitted or adopted): the state is checked under the row's write lock (flow_lock, as a
** workflow step takes it), in the transaction that writes the edit, so that a step taken at the
** same moment (报送, 采用, …) either comes first and the edit is refused (409), or comes after
** the edit. */
bool report_edit(struct entity_ctx *ctx, int64_t id, json_t *in) {
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  if (!flow_lock(ctx, &report_flow, id)) return entity_finish(ctx, DB_ERROR);
  return entity_finish(ctx, edit_locked(ctx, id, in) ? DB_DONE : DB_ERROR);
}

bool report_set_files(struct entity_ctx *ctx, int64_t id, json_t *in) {
  struct report_row r;
  if (!report_load(ctx, id, &r)) return false;
  if (r.state != RS_DRAFT && r.state != RS_RETURNED && r.state != RS_SUBMITTED) {
    report_wrong_state(ctx, &r, "当前状态下不能更换附件",
                       "Attachments cannot change in the current state");
    return false;
  }
  bool author = report_is_author(ctx, &r) && r.state != RS_SUBMITTED;
  if (!author && !report_is_office(ctx, &r)) {
    entity_forbidden(ctx, "只有报送人或信息工作部门可以更换附件", "Only the author or the office");
    return false;
  }
  int64_t *ids;
  int n = file_ids_parse(ctx, json_object_get(in, "file_ids"), 10, r.path, "file_ids", &ids);
  if (n < 0) return false;
  int rc = db_begin(ctx->db);
  if (rc == DB_DONE) rc = db_exec(ctx->db, "DELETE FROM report_files WHERE report_id = ?", "i", id);
  for (int i = 0; i < n && rc == DB_DONE; i++)
    rc = db_exec(ctx->db, "INSERT INTO report_files (report_id, file_id, sort) VALUES (?, ?, ?)",
                 "iii", id, ids[i], (int64_t)i);
  if (rc == DB_DONE &&
      !report_event(ctx, id, "files", NULL, NULL, "", json_pack("{s:i}", "count", n)))
    rc = DB_ERROR;
  return entity_finish(ctx, rc);
}
