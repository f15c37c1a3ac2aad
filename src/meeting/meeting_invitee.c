/* src/meeting/meeting_invitee.c: who is invited to a meeting and their reply to the notice.
** Staff add members (by committee, its standing members, a sector, an activity group, a special
** committee, or a list), non-voting attendees (列席) and staff (members or accounts by name),
** remove them before the meeting opens, and list them with their replies, seats and leave; an
** invitee replies that it attends or not while the meeting is notified or in session. Every
** write takes the meeting's lock first and checks its state under it. */
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "entity/entity_http.h"
#include "entity/input.h"
#include "http/request.h"
#include "http/router.h"
#include "meeting.h"

bool meeting_route_visible(struct request *rq, int64_t id);

#define MAX_LISTED 2000 /* members or accounts named in one request */

/* The members a selection names, as conditions on members aliased m: committee_id (default the
** meeting's), standing, sector_id, group_id, special_committee_id; or member_ids. */
struct selection {
  const char *role;
  int64_t committee_id, sector_id, group_id, special_committee_id;
  bool standing, by_filter;
  int64_t *members, *users;
  int nmembers, nusers;
};

/* Reads the body of an invitation into sel; false with ctx->err (422). */
static bool read_selection(struct entity_ctx *ctx, json_t *in, struct selection *sel) {
  static const char *const names[] = {"role",     "member_ids", "user_ids", "committee_id",
                                      "standing", "sector_id",  "group_id", "special_committee_id",
                                      NULL};
  memset(sel, 0, sizeof *sel);
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(sel->role = input_enum(ctx, in, "role", meeting_roles, false, "参会身份")))
    return false;
  if (!*sel->role) sel->role = "member";
  static const char *const ref_names[] = {"committee_id", "sector_id", "group_id",
                                          "special_committee_id"};
  int64_t *refs[] = {&sel->committee_id, &sel->sector_id, &sel->group_id,
                     &sel->special_committee_id};
  for (int k = 0; k < 4; k++) {
    json_t *v = json_object_get(in, ref_names[k]);
    if (!v || json_is_null(v)) continue;
    if (!input_int(ctx, in, ref_names[k], 1, INT64_MAX, refs[k], ref_names[k])) return false;
    sel->by_filter = true;
  }
  json_t *sv = json_object_get(in, "standing");
  if (sv && !json_is_null(sv)) {
    if (!input_bool(ctx, in, "standing", &sel->standing)) return false;
    sel->by_filter = sel->by_filter || sel->standing;
  }
  sel->members = arena_alloc(ctx->arena, MAX_LISTED * sizeof(int64_t));
  sel->users = arena_alloc(ctx->arena, MAX_LISTED * sizeof(int64_t));
  if (!input_ids(ctx, in, "member_ids", 0, MAX_LISTED, sel->members, &sel->nmembers, "委员") ||
      !input_ids(ctx, in, "user_ids", 0, MAX_LISTED, sel->users, &sel->nusers, "账号"))
    return false;
  if (!sel->by_filter && !sel->nmembers && !sel->nusers) {
    entity_fail(ctx, ERR_INVALID_FIELD, "member_ids",
                "请选择参会人员：按政协、常委、界别、活动组、专委会，或列出委员、账号",
                "Name the invitees: by committee, standing members, sector, group, special "
                "committee, or a list of members or accounts");
    return false;
  }
  if (sel->nusers && !strcmp(sel->role, "member")) {
    entity_fail(ctx, ERR_INVALID_FIELD, "user_ids",
                "按账号邀请的是列席人员或工作人员，请把参会身份设为 attendee 或 staff",
                "Accounts are invited as attendees or staff (role attendee or staff)");
    return false;
  }
  return true;
}

/* The committee path of committee id when it lies in the caller's scope; else NULL with 422. */
static const char *scoped_committee(struct entity_ctx *ctx, int64_t id, const char *field) {
  const char *path = committee_path_of(ctx, id);
  if (!path || (ctx->user && !access_in_scope(ctx->user, path))) {
    entity_fail(ctx, ERR_INVALID_FIELD, field, "所选政协不存在或不在您的管辖范围内",
                "No such committee in your scope");
    return NULL;
  }
  return path;
}

/* Adds the members of the filter (active ones, not yet invited); the count added, or -1. */
static int64_t add_by_filter(struct entity_ctx *ctx, const struct meeting_row *m,
                             const struct selection *sel, int64_t now) {
  int64_t committee = sel->committee_id ? sel->committee_id : m->committee_id;
  if (!scoped_committee(ctx, committee, "committee_id")) return -1;
  struct buf sql = {0};
  struct db_value p[12];
  int np = 0;
  buf_puts(&sql, "INSERT INTO meeting_invitees (meeting_id, member_id, role, created_at)"
                 " SELECT ?, m.id, ?, ? FROM members m WHERE m.status = 'active'"
                 " AND m.committee_id = ?");
  p[np++] = (struct db_value){.type = 'i', .i = m->id};
  p[np++] = (struct db_value){.type = 't', .s = sel->role};
  p[np++] = (struct db_value){.type = 'i', .i = now};
  p[np++] = (struct db_value){.type = 'i', .i = committee};
  if (sel->standing) buf_puts(&sql, " AND m.is_standing = 1");
  static const char *const cols[] = {"sector_id", "group_id", "special_committee_id"};
  const int64_t vals[] = {sel->sector_id, sel->group_id, sel->special_committee_id};
  for (int k = 0; k < 3; k++)
    if (vals[k]) {
      buf_printf(&sql, " AND m.%s = ?", cols[k]);
      p[np++] = (struct db_value){.type = 'i', .i = vals[k]};
    }
  buf_puts(&sql, " AND NOT EXISTS (SELECT 1 FROM meeting_invitees i WHERE i.meeting_id = ?"
                 " AND i.member_id = m.id)");
  p[np++] = (struct db_value){.type = 'i', .i = m->id};
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  int rc = db_step(st);
  db_done(st);
  buf_free(&sql);
  return rc == DB_DONE ? (int64_t)db_changes(ctx->db) : -1;
}

/* Adds the listed members (each active and in the caller's scope: 422 naming the first that is
** not) and accounts (each enabled: 422 otherwise); those invited already are kept as they are. */
static int64_t add_listed(struct entity_ctx *ctx, const struct meeting_row *m,
                          const struct selection *sel, int64_t now) {
  int64_t added = 0;
  for (int k = 0; k < sel->nmembers; k++) {
    struct db_stmt *st =
        db_query(ctx->db,
                 "SELECT c.path FROM members m JOIN committees c"
                 " ON c.id = m.committee_id WHERE m.id = ? AND m.status = 'active'",
                 "i", sel->members[k]);
    bool ok =
        db_step(st) == DB_ROW && (!ctx->user || access_in_scope(ctx->user, db_col_text(st, 0)));
    db_done(st);
    if (!ok) {
      entity_fail(ctx, ERR_INVALID_FIELD, "member_ids",
                  arena_printf(ctx->arena, "委员 %lld 不存在、不在任或不在您的管辖范围内",
                               (long long)sel->members[k]),
                  arena_printf(ctx->arena, "Member %lld is not an active member in your scope",
                               (long long)sel->members[k]));
      return -1;
    }
    if (db_exec(ctx->db,
                "INSERT INTO meeting_invitees (meeting_id, member_id, role, created_at)"
                " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM meeting_invitees"
                " WHERE meeting_id = ? AND member_id = ?)",
                "iitiii", m->id, sel->members[k], sel->role, now, m->id,
                sel->members[k]) != DB_DONE)
      return -1;
    added += db_changes(ctx->db);
  }
  for (int k = 0; k < sel->nusers; k++) {
    if (!db_int(ctx->db, 0, "SELECT COUNT(*) FROM users WHERE id = ? AND disabled = 0", "i",
                sel->users[k])) {
      entity_fail(ctx, ERR_INVALID_FIELD, "user_ids",
                  arena_printf(ctx->arena, "账号 %lld 不存在或已停用", (long long)sel->users[k]),
                  arena_printf(ctx->arena, "Account %lld does not exist or is disabled",
                               (long long)sel->users[k]));
      return -1;
    }
    if (db_exec(ctx->db,
                "INSERT INTO meeting_invitees (meeting_id, user_id, role, created_at)"
                " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM meeting_invitees"
                " WHERE meeting_id = ? AND user_id = ?)",
                "iitiii", m->id, sel->users[k], sel->role, now, m->id, sel->users[k]) != DB_DONE)
      return -1;
    added += db_changes(ctx->db);
  }
  return added;
}

json_t *meeting_invite(struct entity_ctx *ctx, int64_t id, json_t *in) {
  struct selection sel;
  if (!read_selection(ctx, in, &sel)) return NULL;
  struct meeting_row m;
  int64_t now = time_now();
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  if (ok && m.state >= MS_CLOSED) {
    meeting_wrong_state(ctx, &m, "会议已闭会，不能再添加参会人员",
                        "A closed meeting takes no more invitees");
    ok = false;
  }
  int64_t before_max = ok ? db_int(ctx->db, 0,
                                   "SELECT COALESCE(MAX(id), 0) FROM meeting_invitees"
                                   " WHERE meeting_id = ?",
                                   "i", id)
                          : 0;
  int64_t added = 0, n;
  if (ok && sel.by_filter) ok = (n = add_by_filter(ctx, &m, &sel, now)) >= 0 && (added += n, 1);
  if (ok) ok = (n = add_listed(ctx, &m, &sel, now)) >= 0 && (added += n, 1);
  /* once the notice went out, those added now get it too */
  if (ok && added && m.state != MS_DRAFT) ok = meeting_send_notice(ctx, &m, before_max);
  if (ok && added) {
    json_t *what = json_pack("{s:s,s:I}", "role", sel.role, "added", (json_int_t)added);
    ok = meeting_event(ctx, id, "invite",
                       arena_printf(ctx->arena, "添加%s %lld 人",
                                    label_text(meeting_roles, sel.role, false), (long long)added),
                       json_incref(what)) &&
         audit_record(ctx->db, ctx->user, ctx->ip, "meeting.invite", "meeting", id, m.committee_id,
                      NULL, what);
    json_decref(what);
  }
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return NULL;
  return json_pack("{s:I,s:I}", "added", (json_int_t)added, "total",
                   (json_int_t)db_int(ctx->db, 0,
                                      "SELECT COUNT(*) FROM meeting_invitees WHERE meeting_id = ?",
                                      "i", id));
}

json_t *meeting_invitees(struct entity_ctx *ctx, int64_t id, const char *role, const char *reply,
                         const char *q, int64_t offset, int64_t limit) {
  if (role && *role && label_index(meeting_roles, role) < 0) {
    entity_fail(ctx, ERR_INVALID_FIELD, "role", "参会身份应为 member、attendee 或 staff",
                "role is member, attendee or staff");
    return NULL;
  }
  if (reply && *reply && label_index(meeting_replies, reply) < 0) {
    entity_fail(ctx, ERR_INVALID_FIELD, "reply", "回复应为 pending、attend 或 decline",
                "reply is pending, attend or decline");
    return NULL;
  }
  struct buf w = {0};
  struct db_value p[8];
  int np = 0;
  buf_puts(&w, " FROM meeting_invitees i LEFT JOIN members m ON m.id = i.member_id"
               " LEFT JOIN users u ON u.id = i.user_id WHERE i.meeting_id = ?");
  p[np++] = (struct db_value){.type = 'i', .i = id};
  if (role && *role) {
    buf_puts(&w, " AND i.role = ?");
    p[np++] = (struct db_value){.type = 't', .s = role};
  }
  if (reply && *reply) {
    buf_puts(&w, " AND i.reply = ?");
    p[np++] = (struct db_value){.type = 't', .s = reply};
  }
  if (q && *q) {
    buf_puts(&w, " AND COALESCE(m.name, u.display_name) LIKE ?");
    p[np++] = (struct db_value){.type = 't', .s = arena_printf(ctx->arena, "%%%s%%", q)};
  }
  struct buf sql = {0};
  buf_printf(&sql, "SELECT COUNT(*)%s", w.data);
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  int64_t total = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
  db_done(st);
  sql.len = 0;
  buf_printf(&sql,
             "SELECT i.id, i.member_id, i.user_id, COALESCE(m.name, u.display_name, '') AS name,"
             " i.role, i.reply, i.replied_at, i.seat_row, i.seat_no,"
             " (SELECT l.status FROM meeting_leaves l WHERE l.meeting_id = i.meeting_id"
             " AND l.member_id = i.member_id ORDER BY l.id DESC LIMIT 1)%s"
             " ORDER BY i.role, i.seat_row, i.seat_no, i.id LIMIT ? OFFSET ?",
             w.data);
  p[np++] = (struct db_value){.type = 'i', .i = limit};
  p[np++] = (struct db_value){.type = 'i', .i = offset};
  st = db_query_values(ctx->db, sql.data, np, p);
  json_t *items = json_array();
  while (db_step(st) == DB_ROW) {
    const char *r = db_col_text(st, 4), *rep = db_col_text(st, 5);
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "name",
                          db_col_text(st, 3), "role", r, "role_label",
                          label_text(meeting_roles, r, ctx->en), "reply", rep, "reply_label",
                          label_text(meeting_replies, rep, ctx->en));
    json_object_set_new(o, "member_id",
                        db_col_null(st, 1) ? json_null() : json_integer(db_col_int(st, 1)));
    json_object_set_new(o, "user_id",
                        db_col_null(st, 2) ? json_null() : json_integer(db_col_int(st, 2)));
    entity_time_json(o, "replied_at", st, 6);
    json_object_set_new(o, "seat_row",
                        db_col_null(st, 7) ? json_null() : json_integer(db_col_int(st, 7)));
    json_object_set_new(o, "seat_no",
                        db_col_null(st, 8) ? json_null() : json_integer(db_col_int(st, 8)));
    json_object_set_new(o, "leave",
                        db_col_null(st, 9) ? json_null() : json_string(db_col_text(st, 9)));
    json_array_append_new(items, o);
  }
  db_done(st);
  buf_free(&sql);
  buf_free(&w);
  return json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)total, "offset",
                   (json_int_t)offset);
}

bool meeting_uninvite(struct entity_ctx *ctx, int64_t id, int64_t invitee) {
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  if (ok && m.state >= MS_IN_SESSION) {
    meeting_wrong_state(ctx, &m, "会议已开始，不能再移除参会人员",
                        "Invitees are not removed once the meeting opened");
    ok = false;
  }
  struct db_stmt *st = ok ? db_query(ctx->db,
                                     "SELECT COALESCE(m.name, u.display_name, '') FROM"
                                     " meeting_invitees i LEFT JOIN members m ON m.id = i.member_id"
                                     " LEFT JOIN users u ON u.id = i.user_id"
                                     " WHERE i.id = ? AND i.meeting_id = ?",
                                     "ii", invitee, id)
                          : NULL;
  const char *name =
      st && db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : NULL;
  db_done(st);
  if (ok && !name) {
    entity_not_found(ctx, "该会议没有这位参会人员", "No such invitee of the meeting");
    ok = false;
  }
  json_t *what = ok ? json_pack("{s:I,s:s}", "invitee", (json_int_t)invitee, "name", name) : NULL;
  ok = ok &&
       db_exec(ctx->db, "DELETE FROM meeting_invitees WHERE id = ?", "i", invitee) == DB_DONE &&
       meeting_event(ctx, id, "uninvite", name, json_incref(what)) &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.uninvite", "meeting", id, m.committee_id,
                    what, NULL);
  json_decref(what);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

bool meeting_reply(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"reply", NULL};
  const char *reply;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(reply = input_enum(ctx, in, "reply", meeting_replies, true, "回复")))
    return false;
  if (!strcmp(reply, "pending")) {
    entity_fail(ctx, ERR_INVALID_FIELD, "reply", "请回复参加（attend）或不参加（decline）",
                "Reply attend or decline");
    return false;
  }
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  int64_t invitee = ok ? meeting_invitee_of(ctx, id, NULL) : 0;
  if (ok && !invitee) {
    entity_not_found(ctx, "您不在这次会议的参会人员中", "You are not invited to this meeting");
    ok = false;
  }
  if (ok && m.state != MS_NOTIFIED && m.state != MS_IN_SESSION) {
    meeting_wrong_state(ctx, &m, "会议不在通知或进行中，不能回复",
                        "The meeting takes no replies now");
    ok = false;
  }
  json_t *what = json_pack("{s:s}", "reply", reply);
  ok = ok &&
       db_exec(ctx->db, "UPDATE meeting_invitees SET reply = ?, replied_at = ? WHERE id = ?", "tii",
               reply, time_now(), invitee) == DB_DONE &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.reply", "meeting", id, m.committee_id,
                    NULL, what);
  json_decref(what);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

/* ---- HTTP ------------------------------------------------------------------------------------ */

/* POST /api/v1/meetings/{id}/invitees {role?, committee_id?, standing?, sector_id?, group_id?,
** special_committee_id?, member_ids?, user_ids?}: {"added", "total"}. */
static void invite_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, meeting_invite(ctx, request_id(rq, "id"), rq->json));
}

/* GET /api/v1/meetings/{id}/invitees?role=&reply=&q=&offset=&limit= */
static void list_h(struct request *rq) {
  int64_t offset, limit;
  if (!request_query_int(rq, "offset", 0, 1000000, 0, &offset) ||
      !request_query_int(rq, "limit", 1, 1000, 100, &limit))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx,
               meeting_invitees(ctx, request_id(rq, "id"), request_query(rq, "role"),
                                request_query(rq, "reply"), request_query(rq, "q"), offset, limit));
}

/* DELETE /api/v1/meetings/{id}/invitees/{invitee_id}: before the meeting opens. */
static void remove_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!meeting_uninvite(ctx, request_id(rq, "id"), request_id(rq, "invitee_id")))
    return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* POST /api/v1/meetings/{id}/reply {"reply": "attend"|"decline"}: the caller's own. */
static void reply_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!meeting_reply(ctx, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_result(rq, ctx, meeting_detail(ctx, id));
}

#define P "/api/v1/meetings/{id}"
const struct route meeting_invitee_routes[] = {
    {"GET", P "/invitees", list_h, PERM_MEETING_MANAGE, 0, meeting_route_visible,
     "参会人员（回复、座位、请假）"},
    {"POST", P "/invitees", invite_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible,
     "添加参会人员"},
    {"DELETE", P "/invitees/{invitee_id}", remove_h, PERM_MEETING_MANAGE, 0, meeting_route_visible,
     "移除参会人员"},
    {"POST", P "/reply", reply_h, PERM_MEETING_ATTEND, ROUTE_JSON, meeting_route_visible,
     "回复会议通知（参加或不参加）"},
    {NULL},
};
