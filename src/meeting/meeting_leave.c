/* src/meeting/meeting_leave.c: leave (请假) from a meeting. A member invited to a meeting asks
** for leave with a reason while the meeting is notified or in session (before it closes); the
** meeting's staff (meeting_is_manager) approve or refuse it with a note; the member may withdraw
** it while it waits. Approved leave counts as excused, not absent (the attendance reads
** meeting_leaves.status = 'approved').
**
** The rules:
**   - one open request per member and meeting: while one is requested or approved, another is
**     refused 409 conflict; after a refusal or a withdrawal the member may ask again (with a
**     better reason, say) while the meeting is still notified or in session;
**   - every write takes the meeting's lock first (its state is checked under it), then the leave
**     row's (UPDATE ... SET updated_at = updated_at) and reads its state again: the same decision
**     sent twice at once has one effect, the second is refused 409 wrong_state;
**   - decisions and withdrawals only before the meeting closes (the attendance is final then);
**   - the staff of the meeting's committee and its organiser are told of a new request, the
**     member of the decision (never the account that took the step: notify_others);
**   - each step is a timeline event of the meeting (leave_request, leave_approve, leave_refuse,
**     leave_withdraw) and an audit entry (meeting.leave_*). */
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
#include "notify/notify.h"

bool meeting_route_visible(struct request *rq, int64_t id);

const struct label meeting_leave_states[] = {
    {"requested", "待审批", "Awaiting decision"},
    {"approved", "已准假", "Approved"},
    {"refused", "不予准假", "Refused"},
    {"withdrawn", "已撤回", "Withdrawn"},
    {NULL},
};

enum leave_step { LEAVE_APPROVE, LEAVE_REFUSE, LEAVE_WITHDRAW };

/* The columns of a leave request as the API shows them (l: meeting_leaves, m: members, g:
** meetings, d: the deciding account). */
#define LEAVE_COLS                                                                                 \
  "l.id, l.meeting_id, g.title, l.member_id, COALESCE(m.name, ''), l.reason, l.status, l.note,"    \
  " l.created_at, l.decided_at, COALESCE(d.display_name, ''), g.status"
#define LEAVE_FROM                                                                                 \
  " FROM meeting_leaves l JOIN meetings g ON g.id = l.meeting_id"                                  \
  " LEFT JOIN members m ON m.id = l.member_id LEFT JOIN users d ON d.id = l.decided_by"

static json_t *leave_json(struct entity_ctx *ctx, struct db_stmt *st) {
  const char *status = db_col_text(st, 6);
  json_t *o =
      json_pack("{s:I,s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0),
                "meeting_id", (json_int_t)db_col_int(st, 1), "meeting_title", db_col_text(st, 2),
                "member_id", (json_int_t)db_col_int(st, 3), "member_name", db_col_text(st, 4),
                "reason", db_col_text(st, 5), "status", status, "status_label",
                label_text(meeting_leave_states, status, ctx->en), "note", db_col_text(st, 7),
                "decided_by_name", db_col_text(st, 10));
  entity_time_json(o, "created_at", st, 8);
  entity_time_json(o, "decided_at", st, 9);
  const char *ms = db_col_text(st, 11);
  json_object_set_new(o, "meeting_status", json_string(ms));
  json_object_set_new(o, "meeting_status_label",
                      json_string(label_text(meeting_states, ms, ctx->en)));
  return o;
}

/* Leave request id as the API shows it, or NULL. */
static json_t *leave_get(struct entity_ctx *ctx, int64_t id) {
  struct db_stmt *st =
      db_query(ctx->db, "SELECT " LEAVE_COLS LEAVE_FROM " WHERE l.id = ?", "i", id);
  json_t *o = db_step(st) == DB_ROW ? leave_json(ctx, st) : NULL;
  db_done(st);
  return o;
}

/* The accounts of member member_id (the member's own; a member account reads the phone). */
static struct db_stmt *member_accounts(struct entity_ctx *ctx, int64_t member_id) {
  return db_query(ctx->db,
                  "SELECT id, role = 'member' FROM users WHERE disabled = 0 AND member_id = ?", "i",
                  member_id);
}

/* The staff who decide leave of meeting m: the meeting's committee's secretariat and committee
** staff, and its organiser. */
static struct db_stmt *meeting_staff(struct entity_ctx *ctx, const struct meeting_row *m) {
  return db_query(ctx->db,
                  "SELECT id FROM users WHERE disabled = 0 AND ((role IN ('secretariat',"
                  " 'committee_staff') AND committee_id = ?) OR id = ?)",
                  "ii", m->committee_id, m->organiser_id ? m->organiser_id : -1);
}

static const char *member_name(struct entity_ctx *ctx, int64_t member_id) {
  struct db_stmt *st = db_query(ctx->db, "SELECT name FROM members WHERE id = ?", "i", member_id);
  const char *n = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : "";
  db_done(st);
  return n;
}

static int64_t meeting_leave_request(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"reason", NULL};
  const char *reason;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(reason = input_text(ctx, in, "reason", true, 500, "请假事由")))
    return 0;
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  int64_t invitee = ok ? meeting_invitee_of(ctx, id, NULL) : 0;
  if (ok && !invitee) {
    entity_not_found(ctx, "您不在这次会议的参会人员中", "You are not invited to this meeting");
    ok = false;
  }
  int64_t member =
      ok ? db_int(ctx->db, 0, "SELECT COALESCE(member_id, 0) FROM meeting_invitees WHERE id = ?",
                  "i", invitee)
         : 0;
  if (ok && !member) {
    entity_forbidden(ctx, "只有参会委员可以请假", "Only an invited member asks for leave");
    ok = false;
  }
  if (ok && m.state != MS_NOTIFIED && m.state != MS_IN_SESSION) {
    meeting_wrong_state(ctx, &m, "会议不在通知或进行中，不能请假",
                        "Leave is asked while the meeting is notified or in session");
    ok = false;
  }
  if (ok) {
    struct db_stmt *st = db_query(ctx->db,
                                  "SELECT status FROM meeting_leaves WHERE meeting_id = ? AND"
                                  " member_id = ? AND status IN ('requested', 'approved')",
                                  "ii", id, member);
    if (db_step(st) == DB_ROW) {
      bool approved = !strcmp(db_col_text(st, 0), "approved");
      entity_fail(ctx, ERR_CONFLICT, NULL,
                  approved ? "您的请假已获批准" : "您已有一份待审批的请假申请",
                  approved ? "Your leave is approved already"
                           : "You have a request awaiting decision already");
      ok = false;
    }
    db_done(st);
  }
  int64_t now = time_now(), leave = 0;
  if (ok) {
    struct db_stmt *st =
        db_query(ctx->db,
                 "INSERT INTO meeting_leaves (meeting_id, member_id, reason, status, requested_by,"
                 " created_at, updated_at) VALUES (?, ?, ?, 'requested', ?, ?, ?) RETURNING id",
                 "iitIii", id, member, reason, ctx->user ? ctx->user->id : 0, now, now);
    if (db_step(st) == DB_ROW) leave = db_col_int(st, 0);
    db_done(st);
    ok = leave > 0;
  }
  const char *name = ok ? member_name(ctx, member) : "";
  json_t *what = ok ? json_pack("{s:I,s:I,s:s}", "leave", (json_int_t)leave, "member_id",
                                (json_int_t)member, "reason", reason)
                    : NULL;
  ok = ok &&
       meeting_event(ctx, id, "leave_request", arena_printf(ctx->arena, "%s：%s", name, reason),
                     json_incref(what)) &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.leave_request", "meeting", id,
                    m.committee_id, NULL, what);
  json_decref(what);
  if (ok)
    notify_others(ctx->db, meeting_staff(ctx, &m), ctx->user ? ctx->user->id : 0, "meeting_leave",
                  "请假申请待审批",
                  arena_printf(ctx->arena, "%s申请不参加《%s》：%s", name, m.title, reason),
                  arena_printf(ctx->arena, "/meetings/%lld?tab=leave", (long long)id));
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR) ? leave : 0;
}

static bool meeting_leave_step(struct entity_ctx *ctx, int64_t id, int64_t leave, int step,
                               json_t *in) {
  static const char *const names[] = {"note", NULL};
  const char *note = "";
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(note = input_text(ctx, in, "note", step == LEAVE_REFUSE, 500, "审批意见")))
    return false;
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  /* the leave row's lock, then its state as it is now */
  if (ok && db_exec(ctx->db,
                    "UPDATE meeting_leaves SET updated_at = updated_at WHERE id = ?"
                    " AND meeting_id = ?",
                    "ii", leave, id) != DB_DONE)
    ok = false;
  int64_t member = 0;
  const char *status = NULL, *reason = "";
  if (ok) {
    struct db_stmt *st = db_query(ctx->db,
                                  "SELECT member_id, status, reason FROM meeting_leaves"
                                  " WHERE id = ? AND meeting_id = ?",
                                  "ii", leave, id);
    if (db_step(st) == DB_ROW) {
      member = db_col_int(st, 0);
      status = arena_strdup(ctx->arena, db_col_text(st, 1));
      reason = arena_strdup(ctx->arena, db_col_text(st, 2));
    }
    db_done(st);
  }
  bool manager = ok && meeting_is_manager(ctx, &m);
  bool own = ok && ctx->user && ctx->user->member_id && ctx->user->member_id == member;
  if (ok && (!status || (!manager && !own))) {
    entity_not_found(ctx, "未找到该请假申请", "No such leave request");
    ok = false;
  }
  if (ok && step == LEAVE_WITHDRAW && !own) {
    entity_forbidden(ctx, "只有请假的委员本人可以撤回", "Only the member withdraws the request");
    ok = false;
  }
  if (ok && step != LEAVE_WITHDRAW && !manager) {
    entity_forbidden(ctx, "只有会务工作人员可以审批请假", "Only the meeting's staff decide leave");
    ok = false;
  }
  if (ok && strcmp(status, "requested")) {
    entity_fail(ctx, ERR_WRONG_STATE, NULL,
                arena_printf(ctx->arena, "该请假申请已处理（当前状态：%s）",
                             label_text(meeting_leave_states, status, false)),
                arena_printf(ctx->arena, "The request is no longer awaiting decision (now: %s)",
                             label_text(meeting_leave_states, status, true)));
    ok = false;
  }
  if (ok && m.state != MS_NOTIFIED && m.state != MS_IN_SESSION) {
    meeting_wrong_state(ctx, &m, "会议不在通知或进行中，请假不能再处理",
                        "Leave is decided while the meeting is notified or in session");
    ok = false;
  }
  static const char *const to[] = {"approved", "refused", "withdrawn"};
  static const char *const events[] = {"leave_approve", "leave_refuse", "leave_withdraw"};
  int64_t now = time_now();
  if (ok)
    ok =
        step == LEAVE_WITHDRAW
            ? db_exec(ctx->db,
                      "UPDATE meeting_leaves SET status = 'withdrawn', updated_at = ? WHERE id = ?",
                      "ii", now, leave) == DB_DONE
            : db_exec(ctx->db,
                      "UPDATE meeting_leaves SET status = ?, note = ?, decided_by = ?,"
                      " decided_at = ?, updated_at = ? WHERE id = ?",
                      "ttIiii", to[step], note, ctx->user ? ctx->user->id : 0, now, now,
                      leave) == DB_DONE;
  const char *name = ok ? member_name(ctx, member) : "";
  json_t *before = ok ? json_pack("{s:I,s:I,s:s}", "leave", (json_int_t)leave, "member_id",
                                  (json_int_t)member, "status", status)
                      : NULL;
  json_t *after = ok ? json_pack("{s:I,s:I,s:s,s:s}", "leave", (json_int_t)leave, "member_id",
                                 (json_int_t)member, "status", to[step], "note", note)
                     : NULL;
  ok = ok &&
       meeting_event(ctx, id, events[step],
                     *note ? arena_printf(ctx->arena, "%s：%s", name, note) : name,
                     json_incref(after)) &&
       audit_record(ctx->db, ctx->user, ctx->ip,
                    arena_printf(ctx->arena, "meeting.%s", events[step]), "meeting", id,
                    m.committee_id, before, after);
  json_decref(before);
  json_decref(after);
  if (ok && step != LEAVE_WITHDRAW) {
    bool yes = step == LEAVE_APPROVE;
    notify_others(ctx->db, member_accounts(ctx, member), ctx->user ? ctx->user->id : 0,
                  "meeting_leave_decided", yes ? "请假已批准" : "请假未获批准",
                  arena_printf(ctx->arena, "您不参加《%s》的请假%s%s%s", m.title,
                               yes ? "已获批准" : "未获批准", *note ? "：" : "。", note),
                  arena_printf(ctx->arena, "/meetings/%lld", (long long)id));
  }
  (void)reason;
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

/* The leave of meeting id: every request for its staff, the caller's own for a member;
** {"items", "total", "offset"}. 422 for an unknown status. */
json_t *meeting_leave_list(struct entity_ctx *ctx, int64_t id, const char *status, int64_t offset,
                           int64_t limit) {
  if (status && *status && label_index(meeting_leave_states, status) < 0) {
    entity_fail(ctx, ERR_INVALID_FIELD, "status",
                "状态应为 requested、approved、refused 或 withdrawn",
                "status is requested, approved, refused or withdrawn");
    return NULL;
  }
  struct buf w = {0};
  struct db_value p[8];
  int np = 0;
  buf_puts(&w, LEAVE_FROM " WHERE 1 = 1");
  if (id) {
    struct meeting_row m;
    if (!meeting_load(ctx, id, &m)) {
      buf_free(&w);
      return NULL;
    }
    buf_puts(&w, " AND l.meeting_id = ?");
    p[np++] = (struct db_value){.type = 'i', .i = id};
    if (!meeting_is_manager(ctx, &m)) {
      buf_puts(&w, " AND l.member_id = ?");
      p[np++] =
          (struct db_value){.type = 'i', .i = ctx->user->member_id ? ctx->user->member_id : -1};
    }
  } else if (ctx->user) {
    /* every meeting in the caller's scope */
    const char *path = ctx->user->committee_path;
    buf_puts(&w, " AND g.committee_id IN (SELECT id FROM committees WHERE path >= ? AND path < ?)");
    p[np++] = (struct db_value){.type = 't', .s = path};
    p[np++] = (struct db_value){.type = 't', .s = entity_path_hi(ctx, path)};
  }
  if (status && *status) {
    buf_puts(&w, " AND l.status = ?");
    p[np++] = (struct db_value){.type = 't', .s = status};
  }
  struct buf sql = {0};
  buf_printf(&sql, "SELECT COUNT(*)%s", w.data);
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  int64_t total = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
  db_done(st);
  sql.len = 0;
  buf_printf(&sql, "SELECT " LEAVE_COLS "%s ORDER BY l.id DESC LIMIT ? OFFSET ?", w.data);
  p[np++] = (struct db_value){.type = 'i', .i = limit};
  p[np++] = (struct db_value){.type = 'i', .i = offset};
  st = db_query_values(ctx->db, sql.data, np, p);
  json_t *items = json_array();
  while (db_step(st) == DB_ROW) json_array_append_new(items, leave_json(ctx, st));
  db_done(st);
  buf_free(&sql);
  buf_free(&w);
  return json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)total, "offset",
                   (json_int_t)offset);
}

/* ---- HTTP ------------------------------------------------------------------------------------ */

static bool page(struct request *rq, int64_t *offset, int64_t *limit) {
  return request_query_int(rq, "offset", 0, 1000000, 0, offset) &&
         request_query_int(rq, "limit", 1, 500, 50, limit);
}

/* GET /api/v1/meetings/{id}/leaves?status=&offset=&limit=: staff every request, a member its own.
 */
static void list_h(struct request *rq) {
  int64_t offset, limit;
  if (!page(rq, &offset, &limit)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(
      rq, ctx,
      meeting_leave_list(ctx, request_id(rq, "id"), request_query(rq, "status"), offset, limit));
}

/* GET /api/v1/meetings/leaves?status=&offset=&limit=: the leave of every meeting in the caller's
** scope (the workbench's 待审批的请假: status=requested). */
static void all_h(struct request *rq) {
  int64_t offset, limit;
  if (!page(rq, &offset, &limit)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, meeting_leave_list(ctx, 0, request_query(rq, "status"), offset, limit));
}

/* POST /api/v1/meetings/{id}/leaves {"reason"}: 201 with the request. */
static void request_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t leave = meeting_leave_request(ctx, request_id(rq, "id"), rq->json);
  if (!leave) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, leave_get(ctx, leave));
}

/* POST /api/v1/meetings/{id}/leaves/{leave_id}/<approve|refuse|withdraw> {"note"}: 200 with the
** request. */
static void step_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t leave = request_id(rq, "leave_id");
  if (!meeting_leave_step(ctx, request_id(rq, "id"), leave, (int)(intptr_t)rq->route->data,
                          rq->json))
    return reply_entity_error(rq, ctx);
  reply_json(rq, 200, leave_get(ctx, leave));
}

const struct label_table meeting_leave_labels[] = {
    {"meeting.leave_state", meeting_leave_states},
    {NULL},
};

#define P "/api/v1/meetings/{id}/leaves"
const struct route meeting_leave_routes[] = {
    {"GET", "/api/v1/meetings/leaves", all_h, PERM_MEETING_MANAGE, 0, NULL,
     "各会议的请假申请（管辖范围内）"},
    {"GET", P, list_h, PERM_MEETING_READ, 0, meeting_route_visible,
     "会议的请假申请（委员：本人的）"},
    {"POST", P, request_h, PERM_MEETING_ATTEND, ROUTE_JSON, meeting_route_visible, "请假"},
    {"POST", P "/{leave_id}/approve", step_h, PERM_MEETING_MANAGE, ROUTE_JSON,
     meeting_route_visible, "批准请假", (const void *)(intptr_t)LEAVE_APPROVE},
    {"POST", P "/{leave_id}/refuse", step_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible,
     "不批准请假", (const void *)(intptr_t)LEAVE_REFUSE},
    {"POST", P "/{leave_id}/withdraw", step_h, PERM_MEETING_ATTEND, ROUTE_JSON,
     meeting_route_visible, "撤回请假", (const void *)(intptr_t)LEAVE_WITHDRAW},
    {NULL},
};
