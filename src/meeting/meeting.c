/* src/meeting/meeting.c: the meeting record (its fields, kinds and the checks of its times), who
** sees it, its detail, list and timeline. The workflow is in meeting_flow.c. */
#include "meeting.h"
#include <string.h>
#include "auth/access.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/cnum.h"
#include "entity/flow.h"

const struct label meeting_kinds[] = {
    {"plenary", "全体会议", "Plenary session"},
    {"standing", "常委会议", "Standing committee meeting"},
    {"chairs", "主席会议", "Chairs' council"},
    {"topical", "专题协商会", "Topical consultation"},
    {"special_committee", "专委会会议", "Special committee meeting"},
    {"other", "其他会议", "Other meeting"},
    {NULL},
};

const struct label meeting_roles[] = {
    {"member", "委员", "Member"},
    {"attendee", "列席", "Non-voting attendee"},
    {"staff", "工作人员", "Staff"},
    {NULL},
};

const struct label meeting_replies[] = {
    {"pending", "未回复", "No reply yet"},
    {"attend", "参加", "Attending"},
    {"decline", "不参加", "Not attending"},
    {NULL},
};

/* ---- the record ------------------------------------------------------------------------------ */

static const struct field meeting_fields[] = {
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"kind", FT_ENUM, FF_REQUIRED | FF_FILTER, "会议类别", "kind", .labels = meeting_kinds},
    {"title", FT_TEXT, FF_REQUIRED, "会议名称", "title", 100},
    {"term", FT_INT, FF_FILTER, "届次", "term", .min = 1, .max = 99},
    {"session_no", FT_INT, 0, "会次", "session", .min = 1, .max = 99},
    {"venue", FT_TEXT, 0, "会议地点", "venue", 100},
    {"starts_at", FT_DATETIME, FF_REQUIRED, "开始时间", "start"},
    {"ends_at", FT_DATETIME, FF_REQUIRED, "结束时间", "end"},
    {"organiser_id", FT_INT, 0, "组织者", "organiser", .min = 1, .max = INT64_MAX},
    {"notice", FT_TEXT, 0, "会议通知", "notice", 5000},
    {"seat_rows", FT_INT, 0, "座位排数", "seat rows", .min = 0, .max = 200, .dflt = "0"},
    {"seat_cols", FT_INT, 0, "每排座位数", "seats per row", .min = 0, .max = 200, .dflt = "0"},
    {"status", FT_TEXT, FF_READONLY | FF_FILTER, "状态", "status"},
    {"notified_at", FT_DATETIME, FF_READONLY, "通知时间", "notified at"},
    {"opened_at", FT_DATETIME, FF_READONLY, "开会时间", "opened at"},
    {"closed_at", FT_DATETIME, FF_READONLY, "闭会时间", "closed at"},
    {"created_by", FT_INT, FF_READONLY, "创建人", "created by"},
};

/* The end after the start; the organiser an account of the meeting's committee path. An edit
** (id) is checked against the state under the row's lock by after_write. */
static bool meeting_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                          int64_t id, json_t *in) {
  (void)id, (void)in;
  const struct entity_value *start = &v[entity_field(e, "starts_at")],
                            *end = &v[entity_field(e, "ends_at")];
  if ((start->set || start->stored) && (end->set || end->stored) && end->i <= start->i) {
    entity_fail(ctx, ERR_INVALID_FIELD, "ends_at", "结束时间应晚于开始时间",
                "The end must come after the start");
    return false;
  }
  const struct entity_value *org = &v[entity_field(e, "organiser_id")];
  if (org->set && !org->null &&
      !db_int(ctx->db, 0, "SELECT COUNT(*) FROM users WHERE id = ? AND disabled = 0", "i",
              org->i)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "organiser_id", "组织者账号不存在或已停用",
                "No such enabled account");
    return false;
  }
  return true;
}

/* On create: who made it, the timeline's first event. On an edit: only before the meeting
** closes (the UPDATE holds the row's lock, so the state read here is the one the edit met). */
static bool meeting_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                                bool created, json_t *in) {
  (void)e, (void)in;
  if (created) {
    if (ctx->user && db_exec(ctx->db, "UPDATE meetings SET created_by = ? WHERE id = ?", "ii",
                             ctx->user->id, id) != DB_DONE)
      return false;
    return meeting_event(ctx, id, "create", "", NULL);
  }
  struct meeting_row m;
  if (!meeting_load(ctx, id, &m)) return false;
  if (m.state >= MS_CLOSED) {
    meeting_wrong_state(ctx, &m, "会议已闭会，不能再修改", "A closed meeting is not changed");
    return false;
  }
  return true;
}

/* The labels of the kind and the state (the engine names the committee), the words of the term
** and the session (第十三届, 十三届三次会议). */
static void meeting_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                            json_t *o) {
  (void)e, (void)row;
  const char *kind = json_string_value(json_object_get(o, "kind"));
  const char *status = json_string_value(json_object_get(o, "status"));
  json_object_set_new(o, "kind_label", json_string(label_text(meeting_kinds, kind, ctx->en)));
  json_object_set_new(o, "status_label", json_string(label_text(meeting_states, status, ctx->en)));
  json_t *term = json_object_get(o, "term"), *session = json_object_get(o, "session_no");
  char t[64] = "", n[32] = "";
  if (json_is_integer(term)) cnum_term(json_integer_value(term), t, sizeof t);
  json_object_set_new(o, "term_label", json_string(t));
  if (json_is_integer(term) && json_is_integer(session)) {
    char tn[32];
    cnum_int(json_integer_value(term), tn, sizeof tn);
    cnum_int(json_integer_value(session), n, sizeof n);
    json_object_set_new(o, "session_label",
                        json_string(arena_printf(ctx->arena, "%s届%s次会议", tn, n)));
  } else
    json_object_set_new(o, "session_label", json_string(""));
}

/* What an account that is not staff sees: the meetings it is invited to, once notified. */
static void visibility_sql(struct entity_ctx *ctx, const char *t, struct buf *sql,
                           struct db_value *p, int *np) {
  const struct user *u = ctx->user;
  if (!u || access_role_has(u->role, PERM_MEETING_MANAGE) ||
      access_role_has(u->role, PERM_STATS_READ))
    return;
  buf_printf(sql,
             " AND %s.status <> 'draft' AND EXISTS (SELECT 1 FROM meeting_invitees i"
             " WHERE i.meeting_id = %s.id AND (i.user_id = ? OR i.member_id = ?))",
             t, t);
  p[(*np)++] = (struct db_value){.type = 'i', .i = u->id};
  p[(*np)++] = (struct db_value){.type = 'i', .i = u->member_id ? u->member_id : -1};
}

static void meeting_list_filter(struct entity_ctx *ctx, const struct entity *e, struct buf *sql,
                                struct db_value *p, int *np) {
  (void)e;
  visibility_sql(ctx, "t", sql, p, np);
}

static const struct page_sort meeting_sorts[] = {
    {"id", "t.id"},         {"starts_at", "t.starts_at"}, {"title", "t.title"},
    {"status", "t.status"}, {"kind", "t.kind"},           {NULL, NULL},
};

const struct entity meeting_entity = {
    .name = "meeting",
    .zh = "会议",
    .table = "meetings",
    .scope = SCOPE_COMMITTEE,
    .fields = meeting_fields,
    .nfields = sizeof meeting_fields / sizeof meeting_fields[0],
    .search = "title",
    .sorts = meeting_sorts,
    .check = meeting_check,
    .after_write = meeting_after_write,
    .to_json = meeting_to_json,
    .list_filter = meeting_list_filter,
};

/* ---- loading, who, where --------------------------------------------------------------------- */

bool meeting_load(struct entity_ctx *ctx, int64_t id, struct meeting_row *m) {
  memset(m, 0, sizeof *m);
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT t.id, t.committee_id, c.path, t.title, t.kind, t.status,"
                                " t.starts_at, t.ends_at, COALESCE(t.organiser_id, 0)"
                                " FROM meetings t JOIN committees c ON c.id = t.committee_id"
                                " WHERE t.id = ?",
                                "i", id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    m->id = db_col_int(st, 0);
    m->committee_id = db_col_int(st, 1);
    m->path = arena_strdup(ctx->arena, db_col_text(st, 2));
    m->title = arena_strdup(ctx->arena, db_col_text(st, 3));
    m->kind = arena_strdup(ctx->arena, db_col_text(st, 4));
    m->state = (enum meeting_state)label_index(meeting_states, db_col_text(st, 5));
    m->starts_at = db_col_int(st, 6);
    m->ends_at = db_col_int(st, 7);
    m->organiser_id = db_col_int(st, 8);
  }
  db_done(st);
  if (!found) entity_not_found(ctx, "未找到该会议", "No such meeting");
  return found;
}

bool meeting_lock(struct entity_ctx *ctx, int64_t id, struct meeting_row *m) {
  if (!flow_lock(ctx, &meeting_flow, id)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
    return false;
  }
  return meeting_load(ctx, id, m);
}

void meeting_wrong_state(struct entity_ctx *ctx, const struct meeting_row *m, const char *zh,
                         const char *en) {
  flow_wrong_state(ctx, &meeting_flow, m->state, zh, en);
}

bool meeting_is_manager(struct entity_ctx *ctx, const struct meeting_row *m) {
  const struct user *u = ctx->user;
  return !u || (access_role_has(u->role, PERM_MEETING_MANAGE) && access_in_scope(u, m->path));
}

int64_t meeting_invitee_of(struct entity_ctx *ctx, int64_t meeting_id, const char **role) {
  const struct user *u = ctx->user;
  if (role) *role = NULL;
  if (!u) return 0;
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT id, role FROM meeting_invitees WHERE meeting_id = ?"
                                " AND (user_id = ? OR member_id = ?) ORDER BY id LIMIT 1",
                                "iii", meeting_id, u->id, u->member_id ? u->member_id : -1);
  int64_t id = 0;
  if (db_step(st) == DB_ROW) {
    id = db_col_int(st, 0);
    if (role) *role = arena_strdup(ctx->arena, db_col_text(st, 1));
  }
  db_done(st);
  return id;
}

bool meeting_visible(struct entity_ctx *ctx, int64_t id) {
  if (!entity_visible(ctx, &meeting_entity, id)) {
    /* an account invited by name from another committee (a leader, a speaker) sees it too */
    struct meeting_row m;
    const struct user *u = ctx->user;
    if (!u || !meeting_invitee_of(ctx, id, NULL)) return false;
    struct entity_error keep = ctx->err;
    bool ok = meeting_load(ctx, id, &m) && m.state != MS_DRAFT;
    ctx->err = keep;
    return ok;
  }
  return entity_row_meets(ctx, &meeting_entity, id, visibility_sql);
}

const char *meeting_title(struct entity_ctx *ctx, int64_t id) {
  struct db_stmt *st = db_query(ctx->db, "SELECT title FROM meetings WHERE id = ?", "i", id);
  const char *t = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : NULL;
  db_done(st);
  return t;
}

/* ---- detail, timeline ------------------------------------------------------------------------ */

bool meeting_event(struct entity_ctx *ctx, int64_t id, const char *action, const char *note,
                   json_t *data) {
  return flow_event(ctx, &meeting_flow, id, action, NULL, NULL, note, data);
}

/* The invitees by role and reply, and leave by state: {"members": n, "attendees": n, "staff":
** n, "attend": n, "decline": n, "pending": n, "leave_requested": n, "leave_approved": n}. */
static json_t *counts(struct entity_ctx *ctx, int64_t id) {
  json_t *o =
      json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "members", 0, "attendees", 0, "staff", 0,
                "attend", 0, "decline", 0, "pending", 0, "leave_requested", 0, "leave_approved", 0);
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT role, reply, COUNT(*) FROM meeting_invitees"
                                " WHERE meeting_id = ? GROUP BY role, reply",
                                "i", id);
  while (db_step(st) == DB_ROW) {
    const char *role = db_col_text(st, 0), *reply = db_col_text(st, 1);
    int64_t n = db_col_int(st, 2);
    const char *rk = !strcmp(role, "member")     ? "members"
                     : !strcmp(role, "attendee") ? "attendees"
                                                 : "staff";
    json_object_set_new(o, rk, json_integer(json_integer_value(json_object_get(o, rk)) + n));
    json_object_set_new(o, reply, json_integer(json_integer_value(json_object_get(o, reply)) + n));
  }
  db_done(st);
  st = db_query(ctx->db,
                "SELECT status, COUNT(*) FROM meeting_leaves WHERE meeting_id = ?"
                " AND status IN ('requested', 'approved') GROUP BY status",
                "i", id);
  while (db_step(st) == DB_ROW)
    json_object_set_new(o, arena_printf(ctx->arena, "leave_%s", db_col_text(st, 0)),
                        json_integer(db_col_int(st, 1)));
  db_done(st);
  return o;
}

/* The caller's own part: {role, role_label, reply, reply_label, seat_row, seat_no, leave} or
** null when it is not invited. */
static json_t *mine(struct entity_ctx *ctx, int64_t id) {
  const struct user *u = ctx->user;
  if (!u) return json_null();
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT i.role, i.reply, i.seat_row, i.seat_no, i.member_id,"
               " (SELECT l.status FROM meeting_leaves l WHERE l.meeting_id = i.meeting_id"
               " AND l.member_id = i.member_id ORDER BY l.id DESC LIMIT 1)"
               " FROM meeting_invitees i WHERE i.meeting_id = ? AND (i.user_id = ? OR"
               " i.member_id = ?) ORDER BY i.id LIMIT 1",
               "iii", id, u->id, u->member_id ? u->member_id : -1);
  json_t *o = json_null();
  if (db_step(st) == DB_ROW) {
    const char *role = db_col_text(st, 0), *reply = db_col_text(st, 1);
    o = json_pack("{s:s,s:s,s:s,s:s}", "role", role, "role_label",
                  label_text(meeting_roles, role, ctx->en), "reply", reply, "reply_label",
                  label_text(meeting_replies, reply, ctx->en));
    json_object_set_new(o, "seat_row",
                        db_col_null(st, 2) ? json_null() : json_integer(db_col_int(st, 2)));
    json_object_set_new(o, "seat_no",
                        db_col_null(st, 3) ? json_null() : json_integer(db_col_int(st, 3)));
    json_object_set_new(o, "leave",
                        db_col_null(st, 5) ? json_null() : json_string(db_col_text(st, 5)));
  }
  db_done(st);
  return o;
}

json_t *meeting_detail(struct entity_ctx *ctx, int64_t id) {
  json_t *o = entity_get(ctx, &meeting_entity, id);
  if (!o) {
    entity_not_found(ctx, "未找到该会议", "No such meeting");
    return NULL;
  }
  json_t *org = json_object_get(o, "organiser_id");
  json_object_set_new(o, "organiser_name", json_null());
  if (json_is_integer(org)) {
    struct db_stmt *st = db_query(ctx->db, "SELECT display_name FROM users WHERE id = ?", "i",
                                  (int64_t)json_integer_value(org));
    if (db_step(st) == DB_ROW)
      json_object_set_new(o, "organiser_name", json_string(db_col_text(st, 0)));
    db_done(st);
  }
  json_object_set_new(o, "counts", counts(ctx, id));
  json_object_set_new(o, "mine", mine(ctx, id));
  json_object_set_new(o, "actions", flow_actions(ctx, &meeting_flow, id));
  return o;
}

json_t *meeting_timeline(struct entity_ctx *ctx, int64_t id) {
  json_t *items = json_array();
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT e.at, COALESCE(u.display_name, ''), e.action, e.from_status, e.to_status, e.note"
      " FROM meeting_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.meeting_id = ?"
      " ORDER BY e.id",
      "i", id);
  while (db_step(st) == DB_ROW) {
    const char *action = db_col_text(st, 2);
    json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "action", action, "action_label",
                          meeting_event_label(action, ctx->en), "note", db_col_text(st, 5),
                          "user_name", db_col_text(st, 1));
    entity_time_json(o, "at", st, 0);
    json_object_set_new(o, "from_status",
                        db_col_null(st, 3) ? json_null() : json_string(db_col_text(st, 3)));
    json_object_set_new(o, "to_status",
                        db_col_null(st, 4) ? json_null() : json_string(db_col_text(st, 4)));
    json_array_append_new(items, o);
  }
  db_done(st);
  return json_pack("{s:o}", "items", items);
}
