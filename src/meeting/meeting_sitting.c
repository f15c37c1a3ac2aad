/* src/meeting/meeting_sitting.c: the sittings of a meeting (会次: half-days) and signing in to
** them. Staff plan the sittings until the meeting closes and remove one nobody signed in to. The
** venue's screen shows each sitting's sign-in code, which rotates every 30 seconds
** (meeting_signin_code with a subkey of the installation's key), as a QR code of the phone page
** /m/meetings/{id}/signin?code=...; a member invitee (role member or attendee) scans it and
** signs in while the meeting is in session (the code names the sitting: it is checked against
** each sitting whose sign-in is open); staff sign a member in by hand with a reason (timeline
** "signin" and the audit log); a member signs out. Every write takes the meeting's lock first
** and checks its state under it, so that the same sign-in sent twice at once has one effect. */
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "entity/entity_http.h"
#include "entity/input.h"
#include "http/request.h"
#include "http/router.h"
#include "http/sse.h"
#include "notify/notify.h"
#include "meeting/meeting.h"
#include "meeting/meeting_attendance.h"

bool meeting_route_visible(struct request *rq, int64_t id);

#define SITTING_MAX_SECONDS (24 * 3600)

/* A sitting as the API shows it; signed_in counts its sign-ins. */
static json_t *sitting_json(struct entity_ctx *ctx, int64_t sitting) {
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT s.id, s.label, s.starts_at, s.ends_at,"
               " (SELECT COUNT(*) FROM meeting_signins g WHERE g.sitting_id = s.id)"
               " FROM meeting_sittings s WHERE s.id = ?",
               "i", sitting);
  json_t *o = NULL;
  if (db_step(st) == DB_ROW) {
    o = json_pack("{s:I,s:s,s:I}", "id", (json_int_t)db_col_int(st, 0), "label", db_col_text(st, 1),
                  "signed_in", (json_int_t)db_col_int(st, 4));
    entity_time_json(o, "starts_at", st, 2);
    entity_time_json(o, "ends_at", st, 3);
  }
  db_done(st);
  return o;
}

/* Reads an ISO time member of in into *t; false with 422 naming it. */
static bool input_time(struct entity_ctx *ctx, json_t *in, const char *name, const char *zh,
                       bool required, int64_t *t) {
  const char *s = input_text(ctx, in, name, required, 40, zh);
  if (!s) return false;
  if (!*s && !required) return true;
  if (!time_parse_iso(s, t)) {
    entity_fail(ctx, ERR_INVALID_FIELD, name,
                arena_printf(ctx->arena, "%s应为带时区的时间，如 2026-03-01T09:00:00+08:00", zh),
                arena_printf(ctx->arena, "%s is a time with its offset", name));
    return false;
  }
  return true;
}

/* Creates a sitting of meeting id from {label, starts_at, ends_at} until the meeting closes.
** Returns its id, or 0 with ctx->err. */
static int64_t sitting_create(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"label", "starts_at", "ends_at", NULL};
  const char *label;
  int64_t start = 0, end = 0;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(label = input_text(ctx, in, "label", true, 50, "会次名称")) ||
      !input_time(ctx, in, "starts_at", "开始时间", true, &start) ||
      !input_time(ctx, in, "ends_at", "结束时间", true, &end))
    return 0;
  if (end <= start || end - start > SITTING_MAX_SECONDS) {
    entity_fail(ctx, ERR_INVALID_FIELD, "ends_at", "结束时间应晚于开始时间，且一个会次不超过一天",
                "The end comes after the start, within a day");
    return 0;
  }
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  if (ok && m.state >= MS_CLOSED) {
    meeting_wrong_state(ctx, &m, "会议已闭会，不能再安排会次",
                        "A closed meeting takes no more sittings");
    ok = false;
  }
  int64_t sid = 0;
  if (ok) {
    struct db_stmt *st = db_query(ctx->db,
                                  "INSERT INTO meeting_sittings (meeting_id, label, starts_at,"
                                  " ends_at) VALUES (?, ?, ?, ?) RETURNING id",
                                  "itii", id, label, start, end);
    ok = db_step(st) == DB_ROW;
    if (ok) sid = db_col_int(st, 0);
    db_done(st);
  }
  json_t *what = ok ? sitting_json(ctx, sid) : NULL;
  ok = ok && meeting_event(ctx, id, "sitting", label, json_incref(what)) &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.sitting", "meeting", id, m.committee_id,
                    NULL, what);
  json_decref(what);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR) ? sid : 0;
}

/* Removes sitting sid of meeting id while nobody signed in to it and the meeting is not closed. */
static bool sitting_delete(struct entity_ctx *ctx, int64_t id, int64_t sid) {
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  if (ok && m.state >= MS_CLOSED) {
    meeting_wrong_state(ctx, &m, "会议已闭会，会次不能再删除",
                        "The sittings of a closed meeting stay");
    ok = false;
  }
  json_t *before = ok ? sitting_json(ctx, sid) : NULL;
  if (ok && (!before || db_int(ctx->db, 0, "SELECT meeting_id FROM meeting_sittings WHERE id = ?",
                               "i", sid) != id)) {
    entity_not_found(ctx, "该会议没有这个会次", "No such sitting of the meeting");
    ok = false;
  }
  if (ok && json_integer_value(json_object_get(before, "signed_in")) > 0) {
    entity_fail(ctx, ERR_IN_USE, NULL, "已有人在这个会次签到，不能删除",
                "Members signed in to this sitting: it stays");
    ok = false;
  }
  ok = ok && db_exec(ctx->db, "DELETE FROM meeting_sittings WHERE id = ?", "i", sid) == DB_DONE &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.sitting_delete", "meeting", id,
                    m.committee_id, before, NULL);
  json_decref(before);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

/* The sittings of meeting id in order, with the caller's own sign-in to each. */
static json_t *sittings_list(struct entity_ctx *ctx, int64_t id) {
  int64_t now = time_now(), current = meeting_current_sitting(ctx->db, id, now);
  int64_t me = ctx->user && ctx->user->member_id ? ctx->user->member_id : -1;
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT s.id, s.label, s.starts_at, s.ends_at,"
               " (SELECT COUNT(*) FROM meeting_signins g WHERE g.sitting_id = s.id),"
               " g.signed_in_at, g.signed_out_at, g.way FROM meeting_sittings s"
               " LEFT JOIN meeting_signins g ON g.sitting_id = s.id AND g.member_id = ?"
               " WHERE s.meeting_id = ? ORDER BY s.starts_at, s.id",
               "ii", me, id);
  json_t *items = json_array();
  while (db_step(st) == DB_ROW) {
    int64_t sid = db_col_int(st, 0), start = db_col_int(st, 2), end = db_col_int(st, 3);
    json_t *o =
        json_pack("{s:I,s:s,s:I,s:b,s:b}", "id", (json_int_t)sid, "label", db_col_text(st, 1),
                  "signed_in", (json_int_t)db_col_int(st, 4), "current", sid == current,
                  "signin_open", now >= start - MEETING_SIGNIN_EARLY && now <= end);
    entity_time_json(o, "starts_at", st, 2);
    entity_time_json(o, "ends_at", st, 3);
    if (db_col_null(st, 5))
      json_object_set_new(o, "mine", json_null());
    else {
      const char *way = db_col_text(st, 7);
      json_t *mine = json_pack("{s:s,s:s}", "way", way, "way_label",
                               label_text(meeting_signin_ways, way, ctx->en));
      entity_time_json(mine, "signed_in_at", st, 5);
      entity_time_json(mine, "signed_out_at", st, 6);
      json_object_set_new(o, "mine", mine);
    }
    json_array_append_new(items, o);
  }
  db_done(st);
  return json_pack("{s:o}", "items", items);
}

/* The sign-in code of sitting sid of meeting id now: {sitting_id, label, code, url, rotates_at,
** expires_at}; NULL with 404 when the meeting has no such sitting. */
json_t *meeting_sitting_code(struct entity_ctx *ctx, int64_t id, int64_t sid, int64_t now);
json_t *meeting_sitting_code(struct entity_ctx *ctx, int64_t id, int64_t sid, int64_t now) {
  struct db_stmt *st = db_query(
      ctx->db, "SELECT label FROM meeting_sittings WHERE id = ? AND meeting_id = ?", "ii", sid, id);
  const char *label = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : NULL;
  db_done(st);
  if (!label) {
    entity_not_found(ctx, "该会议没有这个会次", "No such sitting of the meeting");
    return NULL;
  }
  unsigned char key[32];
  meeting_code_key(ctx->secret, key);
  char code[9];
  meeting_signin_code(key, sid, now, code);
  int64_t step = now / MEETING_CODE_SECONDS;
  char at[32], until[32];
  return json_pack(
      "{s:I,s:s,s:s,s:s,s:s,s:s,s:i}", "sitting_id", (json_int_t)sid, "label", label, "code", code,
      "url", arena_printf(ctx->arena, "/m/meetings/%lld/signin?code=%s", (long long)id, code),
      "rotates_at", time_iso((step + 1) * MEETING_CODE_SECONDS, at), "expires_at",
      time_iso((step + 2) * MEETING_CODE_SECONDS, until), "period", MEETING_CODE_SECONDS);
}

/* The caller's member record as an invitee of meeting id that signs in (role member or
** attendee): its member id, or 0 with ctx->err (404 not invited, 403 invited as staff or
** without a member record). */
static int64_t signing_member(struct entity_ctx *ctx, int64_t id) {
  const char *role;
  if (!meeting_invitee_of(ctx, id, &role)) {
    entity_not_found(ctx, "您不在这次会议的参会人员中", "You are not invited to this meeting");
    return 0;
  }
  int64_t member = ctx->user ? ctx->user->member_id : 0;
  if (!member || !strcmp(role, "staff") ||
      !db_int(ctx->db, 0,
              "SELECT COUNT(*) FROM meeting_invitees WHERE meeting_id = ? AND member_id = ?"
              " AND role IN ('member', 'attendee')",
              "ii", id, member)) {
    entity_forbidden(ctx, "只有受邀的委员和列席人员签到",
                     "Only invited members and attendees sign in");
    return 0;
  }
  return member;
}

/* Signs member in to sitting sid (way scan or staff, by, reason, at) after checking that it has
** not signed in yet (409 conflict "已签到"). Inside the caller's transaction under the lock. */
static bool insert_signin(struct entity_ctx *ctx, int64_t sid, int64_t member, const char *way,
                          const char *reason, int64_t at) {
  if (db_int(ctx->db, 0,
             "SELECT COUNT(*) FROM meeting_signins WHERE sitting_id = ? AND member_id = ?", "ii",
             sid, member)) {
    entity_fail(ctx, ERR_CONFLICT, NULL, "已签到", "Signed in already");
    return false;
  }
  int rc = db_exec(ctx->db,
                   "INSERT INTO meeting_signins (sitting_id, member_id, signed_in_at, way,"
                   " by_user_id, reason) VALUES (?, ?, ?, ?, ?, ?)",
                   "iiitIt", sid, member, at, way,
                   strcmp(way, "staff") || !ctx->user ? (int64_t)0 : ctx->user->id, reason);
  if (rc == DB_CONSTRAINT) entity_fail(ctx, ERR_CONFLICT, NULL, "已签到", "Signed in already");
  return rc == DB_DONE;
}

/* The caller's sign-in with the code of the screen: {sitting_id, label, signed_in_at}. */
static json_t *signin_scan(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"code", NULL};
  const char *code;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(code = input_text(ctx, in, "code", true, 16, "签到码")))
    return NULL;
  int64_t now = time_now();
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  int64_t member = ok ? signing_member(ctx, id) : 0;
  ok = ok && member;
  if (ok && m.state != MS_IN_SESSION) {
    meeting_wrong_state(ctx, &m, "会议不在进行中，不能签到",
                        "Sign-in is while the meeting is in session");
    ok = false;
  }
  /* the code names its sitting: the one whose code of this step or the last it is */
  unsigned char key[32];
  meeting_code_key(ctx->secret, key);
  int64_t sid = 0, start = 0, end = 0;
  const char *label = NULL;
  struct db_stmt *st = ok ? db_query(ctx->db,
                                     "SELECT id, label, starts_at, ends_at FROM meeting_sittings"
                                     " WHERE meeting_id = ? ORDER BY starts_at, id",
                                     "i", id)
                          : NULL;
  while (st && db_step(st) == DB_ROW)
    if (meeting_signin_code_valid(key, db_col_int(st, 0), now, code)) {
      sid = db_col_int(st, 0);
      label = arena_strdup(ctx->arena, db_col_text(st, 1));
      start = db_col_int(st, 2), end = db_col_int(st, 3);
      break;
    }
  db_done(st);
  if (ok && !sid) {
    entity_fail(ctx, ERR_INVALID_FIELD, "code",
                "签到码已过期或不正确：二维码每 30 秒更新一次，请扫描大屏上最新的二维码",
                "The sign-in code has expired or is wrong: the QR code changes every 30 seconds, "
                "scan the one on the screen now");
    ok = false;
  }
  if (ok && (now < start - MEETING_SIGNIN_EARLY || now > end)) {
    entity_fail(ctx, ERR_WINDOW_CLOSED, NULL,
                now > end ? "这个会次已经结束，不能再签到" : "这个会次的签到还没有开始",
                now > end ? "This sitting has ended" : "Sign-in to this sitting has not begun");
    ok = false;
  }
  ok = ok && insert_signin(ctx, sid, member, "scan", "", now);
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return NULL;
  notify_wake(ctx->db);
  char at[32];
  return json_pack("{s:I,s:s,s:s,s:s,s:s}", "sitting_id", (json_int_t)sid, "label", label,
                   "signed_in_at", time_iso(now, at), "way", "scan", "way_label",
                   label_text(meeting_signin_ways, "scan", ctx->en));
}

/* Loads sitting sid of meeting id (its times); false with 404. */
static bool sitting_of(struct entity_ctx *ctx, int64_t id, int64_t sid, int64_t *start,
                       int64_t *end, const char **label) {
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT starts_at, ends_at, label FROM meeting_sittings"
                                " WHERE id = ? AND meeting_id = ?",
                                "ii", sid, id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    *start = db_col_int(st, 0), *end = db_col_int(st, 1);
    *label = arena_strdup(ctx->arena, db_col_text(st, 2));
  }
  db_done(st);
  if (!found) entity_not_found(ctx, "该会议没有这个会次", "No such sitting of the meeting");
  return found;
}

/* Staff sign member_id in to sitting sid by hand: {member_id, reason, at?} (at: when the member
** came, default now; kept within the sitting). */
static json_t *signin_staff(struct entity_ctx *ctx, int64_t id, int64_t sid, json_t *in) {
  static const char *const names[] = {"member_id", "reason", "at", NULL};
  int64_t member = 0, at = 0;
  const char *reason;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !input_int(ctx, in, "member_id", 1, INT64_MAX, &member, "委员") ||
      !(reason = input_text(ctx, in, "reason", true, 200, "代签原因")) ||
      !input_time(ctx, in, "at", "到会时间", false, &at))
    return NULL;
  int64_t now = time_now(), start, end;
  const char *label = NULL;
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  if (ok && !meeting_is_manager(ctx, &m)) {
    entity_forbidden(ctx, "只有会务工作人员可以代为签到",
                     "Only the meeting's staff sign members in");
    ok = false;
  }
  if (ok && m.state != MS_IN_SESSION) {
    meeting_wrong_state(ctx, &m, "会议不在进行中，不能签到",
                        "Sign-in is while the meeting is in session");
    ok = false;
  }
  ok = ok && sitting_of(ctx, id, sid, &start, &end, &label);
  const char *name = NULL;
  if (ok) {
    struct db_stmt *st = db_query(ctx->db,
                                  "SELECT m.name FROM meeting_invitees i JOIN members m"
                                  " ON m.id = i.member_id WHERE i.meeting_id = ?"
                                  " AND i.member_id = ? AND i.role IN ('member', 'attendee')",
                                  "ii", id, member);
    if (db_step(st) == DB_ROW) name = arena_strdup(ctx->arena, db_col_text(st, 0));
    db_done(st);
    if (!name) {
      entity_fail(ctx, ERR_INVALID_FIELD, "member_id", "该委员不是这次会议的参会委员或列席人员",
                  "The member is not invited to the meeting as a member or attendee");
      ok = false;
    }
  }
  if (!at) at = now;
  at = at < start ? start : at > end ? end : at;
  ok = ok && insert_signin(ctx, sid, member, "staff", reason, at);
  json_t *what =
      ok ? json_pack("{s:I,s:s,s:I,s:s,s:s}", "member_id", (json_int_t)member, "name", name,
                     "sitting_id", (json_int_t)sid, "sitting", label, "reason", reason)
         : NULL;
  ok = ok &&
       meeting_event(ctx, id, "signin",
                     arena_printf(ctx->arena, "%s（%s）：%s", name, label, reason),
                     json_incref(what)) &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.signin", "meeting", id, m.committee_id,
                    NULL, what);
  json_decref(what);
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return NULL;
  notify_wake(ctx->db);
  char t[32];
  return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "sitting_id", (json_int_t)sid, "member_id",
                   (json_int_t)member, "name", name, "signed_in_at", time_iso(at, t), "way",
                   "staff", "way_label", label_text(meeting_signin_ways, "staff", ctx->en),
                   "reason", reason);
}

/* The caller signs out of sitting sid: 409 when it has not signed in or signed out already. */
static json_t *signout(struct entity_ctx *ctx, int64_t id, int64_t sid, json_t *in) {
  static const char *const names[] = {NULL};
  if (in && (!input_object(ctx, in) || !input_only(ctx, in, names))) return NULL;
  int64_t now = time_now(), start, end;
  const char *label;
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  int64_t member = ok ? signing_member(ctx, id) : 0;
  ok = ok && member && sitting_of(ctx, id, sid, &start, &end, &label);
  if (ok && m.state != MS_IN_SESSION) {
    meeting_wrong_state(ctx, &m, "会议不在进行中，不能签退",
                        "Sign-out is while the meeting is in session");
    ok = false;
  }
  struct db_stmt *st = ok ? db_query(ctx->db,
                                     "SELECT signed_out_at FROM meeting_signins WHERE"
                                     " sitting_id = ? AND member_id = ?",
                                     "ii", sid, member)
                          : NULL;
  int found = st ? db_step(st) : DB_DONE;
  bool out = found == DB_ROW && !db_col_null(st, 0);
  db_done(st);
  if (ok && found != DB_ROW) {
    entity_fail(ctx, ERR_CONFLICT, NULL, "您还没有在这个会次签到", "You have not signed in");
    ok = false;
  } else if (ok && out) {
    entity_fail(ctx, ERR_CONFLICT, NULL, "已签退", "Signed out already");
    ok = false;
  }
  ok = ok && db_exec(ctx->db,
                     "UPDATE meeting_signins SET signed_out_at = ? WHERE sitting_id = ?"
                     " AND member_id = ?",
                     "iii", now, sid, member) == DB_DONE;
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return NULL;
  notify_wake(ctx->db);
  char t[32];
  return json_pack("{s:I,s:s,s:s}", "sitting_id", (json_int_t)sid, "label", label, "signed_out_at",
                   time_iso(now, t));
}

/* ---- HTTP ------------------------------------------------------------------------------------ */

/* GET /api/v1/meetings/{id}/sittings: {"items": [{id, label, starts_at, ends_at, signed_in,
** current, signin_open, mine}]}. */
static void list_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200, sittings_list(ctx, request_id(rq, "id")));
}

/* POST /api/v1/meetings/{id}/sittings {label, starts_at, ends_at}: 201 with the sitting. */
static void create_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t sid = sitting_create(ctx, request_id(rq, "id"), rq->json);
  if (!sid) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, sitting_json(ctx, sid));
}

/* DELETE /api/v1/meetings/{id}/sittings/{sitting_id}: 204; 409 once anyone signed in. */
static void delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!sitting_delete(ctx, request_id(rq, "id"), request_id(rq, "sitting_id")))
    return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* GET /api/v1/meetings/{id}/sittings/{sitting_id}/code: the code to show on the screen now. */
static void code_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(
      rq, ctx,
      meeting_sitting_code(ctx, request_id(rq, "id"), request_id(rq, "sitting_id"), time_now()));
}

/* POST /api/v1/meetings/{id}/signin {code}: the caller signs in; 409 conflict when it has. */
static void signin_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, signin_scan(ctx, request_id(rq, "id"), rq->json));
}

/* POST /api/v1/meetings/{id}/sittings/{sitting_id}/signins {member_id, reason, at?}: 201. */
static void staff_signin_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  json_t *o = signin_staff(ctx, request_id(rq, "id"), request_id(rq, "sitting_id"), rq->json);
  if (!o) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, o);
}

/* POST /api/v1/meetings/{id}/sittings/{sitting_id}/signout: the caller signs out. */
static void signout_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, signout(ctx, request_id(rq, "id"), request_id(rq, "sitting_id"), rq->json));
}

/* GET /api/v1/meetings/{id}/attendance: live figures, totals by the rule, each invitee. */
static void attendance_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, meeting_attendance(ctx, request_id(rq, "id")));
}

/* GET /api/v1/meetings/{id}/stream: the live snapshot (meeting_live_snapshot) as event "live"
** whenever it changes, at most every half second. */
static void stream_h(struct request *rq) {
  sse_open_topic(rq, "live", meeting_live_snapshot, request_id(rq, "id"), 0.5);
}

/* The words of attendance and sign-in, for GET /api/v1/labels. */
const struct label_table meeting_sitting_labels[] = {
    {"meeting.attendance", meeting_attendances},
    {"meeting.signin_way", meeting_signin_ways},
    {NULL},
};

#define P "/api/v1/meetings/{id}"
const struct route meeting_sitting_routes[] = {
    {"GET", P "/sittings", list_h, PERM_MEETING_READ, 0, meeting_route_visible,
     "会次（半天一个会次）与本人签到"},
    {"POST", P "/sittings", create_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible,
     "安排会次"},
    {"DELETE", P "/sittings/{sitting_id}", delete_h, PERM_MEETING_MANAGE, 0, meeting_route_visible,
     "删除无人签到的会次"},
    {"GET", P "/sittings/{sitting_id}/code", code_h, PERM_MEETING_MANAGE, 0, meeting_route_visible,
     "会次当前的签到码（每 30 秒更新）"},
    {"POST", P "/signin", signin_h, PERM_MEETING_ATTEND, ROUTE_JSON, meeting_route_visible,
     "扫码签到"},
    {"POST", P "/sittings/{sitting_id}/signins", staff_signin_h, PERM_MEETING_MANAGE, ROUTE_JSON,
     meeting_route_visible, "工作人员代为签到（写明原因）"},
    {"POST", P "/sittings/{sitting_id}/signout", signout_h, PERM_MEETING_ATTEND, 0,
     meeting_route_visible, "签退"},
    {"GET", P "/attendance", attendance_h, PERM_MEETING_MANAGE, 0, meeting_route_visible,
     "出席情况（实时人数、按三分之二规则的出席、请假、缺席）"},
    {"GET", P "/stream", stream_h, PERM_MEETING_READ, 0, meeting_route_visible,
     "会议实时事件流（出席人数、发言、表决进度）"},
    {NULL},
};
