/* src/meeting/meeting_screen.c: the big screen (大屏) of a meeting. Staff make a display token
** (made again: the old one stops working), shown once and stored only as its hash in
** meetings.screen_token_hash; the web page /screen/meetings/{id}?token=... opens full screen
** without a login and reads GET /api/v1/screen/meetings/{id}?token=...: the meeting's title, the
** current sitting and its rotating sign-in code (while the meeting is in session and the
** sitting's sign-in is open), the live attendance, the speaker at the lectern, the open vote's
** count (never its running result) and the last vote's result. A wrong or old token gets 403
** and nothing else. */
#include <sodium.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "entity/entity_http.h"
#include "http/request.h"
#include "http/router.h"
#include "http/sse.h"
#include "meeting/meeting.h"
#include "meeting/meeting_attendance.h"

bool meeting_route_visible(struct request *rq, int64_t id);
json_t *meeting_sitting_code(struct entity_ctx *ctx, int64_t id, int64_t sid, int64_t now);

/* The stored form of a display token: BLAKE2b-256 of it, 64 hex digits, into out[65]. */
static void token_hash(const char *token, char out[65]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
  sodium_bin2hex(out, 65, h, sizeof h);
}

/* Makes (or makes again) the display token of meeting id: {token, url}; NULL with ctx->err. */
static json_t *screen_token_make(struct entity_ctx *ctx, int64_t id) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char token[65], hash[65];
  sodium_bin2hex(token, sizeof token, raw, sizeof raw);
  token_hash(token, hash);
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  if (ok && !meeting_is_manager(ctx, &m)) {
    entity_forbidden(ctx, "只有会务工作人员可以生成大屏链接",
                     "Only the meeting's staff make the screen's link");
    ok = false;
  }
  if (ok && m.state >= MS_ARCHIVED) {
    meeting_wrong_state(ctx, &m, "会议已归档，不再需要大屏", "An archived meeting has no screen");
    ok = false;
  }
  bool again = ok && db_int(ctx->db, 0,
                            "SELECT COUNT(*) FROM meetings WHERE id = ? AND screen_token_hash"
                            " IS NOT NULL",
                            "i", id) > 0;
  json_t *what = json_pack("{s:b}", "replaced", again);
  ok = ok &&
       db_exec(ctx->db, "UPDATE meetings SET screen_token_hash = ? WHERE id = ?", "ti", hash, id) ==
           DB_DONE &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.screen_token", "meeting", id,
                    m.committee_id, NULL, what);
  json_decref(what);
  sodium_memzero(raw, sizeof raw);
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return NULL;
  return json_pack("{s:s,s:s,s:b}", "token", token, "url",
                   arena_printf(ctx->arena, "/screen/meetings/%lld?token=%s", (long long)id, token),
                   "replaced", again);
}

bool meeting_screen_token_ok(struct db *db, int64_t id, const char *token);
bool meeting_screen_token_ok(struct db *db, int64_t id, const char *token) {
  if (!token || strlen(token) != 64) return false;
  struct db_stmt *st = db_query(db, "SELECT screen_token_hash FROM meetings WHERE id = ?", "i", id);
  char stored[65] = "";
  if (db_step(st) == DB_ROW && !db_col_null(st, 0))
    snprintf(stored, sizeof stored, "%s", db_col_text(st, 0));
  db_done(st);
  if (strlen(stored) != 64) return false;
  char hash[65];
  token_hash(token, hash);
  return sodium_memcmp(hash, stored, 64) == 0;
}

json_t *meeting_screen_json(struct entity_ctx *ctx, int64_t id, int64_t now);
json_t *meeting_screen_json(struct entity_ctx *ctx, int64_t id, int64_t now) {
  struct meeting_row m;
  if (!meeting_load(ctx, id, &m)) return NULL;
  struct db_stmt *st =
      db_query(ctx->db, "SELECT venue, term, session_no FROM meetings WHERE id = ?", "i", id);
  const char *venue = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : "";
  db_done(st);
  char a[32], b[32];
  const char *state = meeting_states[m.state].name;
  json_t *meeting =
      json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)id, "title", m.title, "kind",
                m.kind, "kind_label", label_text(meeting_kinds, m.kind, ctx->en), "status", state,
                "status_label", label_text(meeting_states, state, ctx->en), "venue", venue,
                "starts_at", time_iso(m.starts_at, a));
  json_object_set_new(meeting, "ends_at", json_string(time_iso(m.ends_at, b)));
  int64_t sid = meeting_current_sitting(ctx->db, id, now);
  json_t *sitting = json_null(), *code = json_null();
  if (sid) {
    st = db_query(ctx->db, "SELECT label, starts_at, ends_at FROM meeting_sittings WHERE id = ?",
                  "i", sid);
    if (db_step(st) == DB_ROW) {
      int64_t start = db_col_int(st, 1), end = db_col_int(st, 2);
      sitting = json_pack(
          "{s:I,s:s,s:b}", "id", (json_int_t)sid, "label", db_col_text(st, 0), "signin_open",
          m.state == MS_IN_SESSION && now >= start - MEETING_SIGNIN_EARLY && now <= end);
      entity_time_json(sitting, "starts_at", st, 1);
      entity_time_json(sitting, "ends_at", st, 2);
    }
    db_done(st);
    if (json_is_true(json_object_get(sitting, "signin_open")))
      code = meeting_sitting_code(ctx, id, sid, now);
    if (!code) code = json_null();
  }
  json_t *o = meeting_live_json(ctx->db, id, now, ctx->en);
  if (!o) o = json_object();
  json_object_set_new(o, "meeting", meeting);
  json_object_set_new(o, "sitting", sitting);
  json_object_set_new(o, "code", code);
  json_object_set_new(o, "now", json_string(time_iso(now, a)));
  return o;
}

/* ---- HTTP ------------------------------------------------------------------------------------ */

/* POST /api/v1/meetings/{id}/screen-token: 201 {token, url, replaced}; the token is shown once. */
static void token_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  json_t *o = screen_token_make(ctx, request_id(rq, "id"));
  if (!o) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, o);
}

/* Replies 403 unless ?token= is meeting id's display token; true when it is. */
static bool screen_allowed(struct request *rq, int64_t id) {
  if (meeting_screen_token_ok(rq->db, id, request_query(rq, "token"))) return true;
  reply_error(rq, ERR_FORBIDDEN, "token", "大屏链接无效或已更换，请向会务工作人员索取新的链接",
              "The screen's link is wrong or was replaced: ask the meeting's staff for the new "
              "one");
  return false;
}

/* GET /api/v1/screen/meetings/{id}?token=: what the big screen shows, without a login. */
static void screen_h(struct request *rq) {
  int64_t id = request_id(rq, "id");
  if (!screen_allowed(rq, id)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, meeting_screen_json(ctx, id, time_now()));
}

/* GET /api/v1/screen/meetings/{id}/stream?token=: the live snapshot (meeting_live_snapshot) as
** event "live" whenever it changes, at once; the sign-in code is read from the route above. */
static void screen_stream_h(struct request *rq) {
  int64_t id = request_id(rq, "id");
  if (!screen_allowed(rq, id)) return;
  sse_open_topic(rq, "live", meeting_live_snapshot, id, 0);
}

const struct route meeting_screen_routes[] = {
    {"POST", "/api/v1/meetings/{id}/screen-token", token_h, PERM_MEETING_MANAGE, ROUTE_JSON,
     meeting_route_visible, "生成（或更换）大屏链接"},
    {"GET", "/api/v1/screen/meetings/{id}", screen_h, PERM_PUBLIC, 0, NULL,
     "会议大屏（凭大屏令牌，无需登录）"},
    {"GET", "/api/v1/screen/meetings/{id}/stream", screen_stream_h, PERM_PUBLIC, 0, NULL,
     "会议大屏的实时事件流（凭大屏令牌）"},
    {NULL},
};
