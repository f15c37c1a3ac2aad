/* src/account/account_http.c: logging in and out, the current user, API tokens, user accounts.
** The account module stands on the record engine (src/entity/), which stands on src/auth/.
** Its security settings (idle timeout, password age) are a settings group of src/org/. */
#include <stdio.h>
#include <string.h>
#include "auth/audit.h"
#include "auth/session.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "entity/entity_http.h"
#include "entity/input.h"
#include "http/server.h"
#include "notify/notify.h"
#include "org/settings_http.h"
#include "user.h"

static const char *cookie_header(struct request *rq, const char *token, int64_t max_age) {
  return arena_printf(rq->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
                      SESSION_COOKIE, token, (long long)max_age,
                      rq->app && rq->app->cookie_secure ? "; Secure" : "");
}

/* The device cookie goes only to the login and the password change, which it spares the
** per-account slowdown. */
static const char *device_cookie_header(struct request *rq, const char *token) {
  return arena_printf(rq->arena,
                      "%s=%s; Path=/api/v1/session; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
                      DEVICE_COOKIE, token, (long long)DEVICE_DAYS * 86400,
                      rq->app && rq->app->cookie_secure ? "; Secure" : "");
}

/* 429 too_many_attempts with Retry-After (and retry_after in the envelope). */
static void reply_wait(struct request *rq, int64_t wait) {
  char s[24];
  snprintf(s, sizeof s, "%lld", (long long)wait);
  reply_header(rq, "retry-after", s);
  const char *zh =
      wait < 60 ? arena_printf(rq->arena, "尝试失败次数过多，请 %lld 秒后再试", (long long)wait)
                : arena_printf(rq->arena, "尝试失败次数过多，请 %lld 分钟后再试",
                               (long long)(wait + 59) / 60);
  reply_error_with(
      rq, ERR_TOO_MANY_ATTEMPTS, NULL, zh,
      arena_printf(rq->arena, "Too many failed attempts; try again in %lld s", (long long)wait),
      json_pack("{s:I}", "retry_after", (json_int_t)wait));
}

/* Tells the account managers (the roles holding user.write) whose scope holds the account that
** its password failed again and again; once per LOGIN_WINDOW (login_failed claims it). */
static void alert_managers(struct request *rq, const char *username, int64_t now) {
  int64_t n = login_failures_recent(rq->db, username, now);
  const char *title = arena_printf(rq->arena, "账号 %s 登录失败次数过多", username);
  const char *body =
      arena_printf(rq->arena,
                   "过去 %d 分钟内账号 %s 的密码错误 %lld 次，最近一次来自 %s。"
                   "系统已放慢对该账号的尝试（不会锁定账号）；如非本人所为，请核实。",
                   LOGIN_WINDOW / 60, username, (long long)n, rq->ip);
  for (int r = 0; r < ROLE__COUNT; r++) {
    if (!access_role_has((enum role)r, PERM_USER_WRITE)) continue;
    struct db_stmt *st = db_query(rq->db,
                                  "SELECT a.id FROM users u JOIN committees uc ON uc.id ="
                                  " u.committee_id, users a JOIN committees ac ON ac.id ="
                                  " a.committee_id WHERE u.username = ? AND a.role = ? AND"
                                  " a.disabled = 0 AND substr(uc.path, 1, length(ac.path)) ="
                                  " ac.path ORDER BY a.id",
                                  "tt", username, access_role_name((enum role)r));
    notify_accounts(rq->db, st, "login_failures", title, body, "/system/audit?entity=session");
  }
}

/* The JSON of a logged-in session: {"user", "csrf_token", "must_change_password",
** "password_expires_at", "last_login", "idle_timeout_minutes"}. */
static json_t *session_state_json(struct request *rq, struct user *u, const char *csrf) {
  json_t *o = json_pack("{s:o}", "user", user_session_json(rq->db, u));
  json_object_set_new(o, "csrf_token", csrf ? json_string(csrf) : json_null());
  struct session_info si = {0};
  bool have = u->session_id && session_get(rq->db, rq->arena, u->session_id, &si);
  struct account_policy p = account_policy(rq->db, u, time_now());
  char t[32];
  json_object_set_new(o, "must_change_password", json_boolean(u->must_change_password));
  json_object_set_new(o, "password_expires_at",
                      p.password_expires_at ? json_string(time_iso(p.password_expires_at, t))
                                            : json_null());
  json_object_set_new(
      o, "last_login",
      have && si.prev_login_at
          ? json_pack("{s:s,s:s}", "at", time_iso(si.prev_login_at, t), "ip", si.prev_login_ip)
          : json_null());
  json_object_set_new(o, "idle_timeout_minutes",
                      have ? json_integer(si.idle_seconds / 60) : json_null());
  return o;
}

/* POST /api/v1/session {"username","password"}
** Logs in: sets the HttpOnly session cookie and the device cookie, and answers the session
** (session_state_json); every later write with the cookie sends csrf_token back in
** X-CSRF-Token. 401 for a wrong name or password; 429 with Retry-After when the client must
** wait (login_gate: per client and account, per address, per account for untrusted clients,
** per trusted device; nothing locks the account). An account whose failures reach
** LOGIN_ALERT_AT in the window tells its managers, once per window. */
static void session_create_h(struct request *rq) {
  const char *username = NULL, *password = NULL;
  if (json_unpack(rq->json, "{s:s,s:s}", "username", &username, "password", &password) ||
      !*username || !*password)
    return reply_error(rq, ERR_INVALID_FIELD, !username || !*username ? "username" : "password",
                       "请输入用户名和密码", "Enter a username and a password");
  /* no account has a longer name (3 to 32 characters): such a name is not counted or kept */
  if (strlen(username) > 64)
    return reply_error(rq, ERR_INVALID_FIELD, "username", "用户名过长", "The username is too long");
  int64_t now = time_now(), attempt = 0;
  const char *device = request_cookie(rq, DEVICE_COOKIE);
  int64_t wait = login_gate(rq->db, username, rq->ip, device, now, &attempt);
  if (wait < 0) return reply_db_error(rq);
  if (wait > 0) return reply_wait(rq, wait);
  int64_t id = login_check(rq->db, username, password);
  if (!id) {
    if (login_failed(rq->db, attempt, username, now)) alert_managers(rq, username, now);
    audit_login_failed(rq->db, username, rq->ip);
    return reply_error(rq, ERR_BAD_CREDENTIALS, NULL, "用户名或密码错误",
                       "Wrong username or password");
  }
  login_succeeded(rq->db, attempt, username, rq->ip, device);
  struct user *u = user_load(rq->db, rq->arena, id);
  if (!u) return reply_db_error(rq);
  struct account_policy p = account_policy(rq->db, u, now);
  struct session_new sn = {
      .user_id = id,
      .ip = rq->ip,
      .user_agent = request_header(rq, "user-agent"),
      .ttl = (int64_t)(rq->app ? rq->app->session_hours : 12) * 3600,
      .idle = p.idle_seconds,
      .must_change_password = p.must_change_password,
  };
  char *csrf = NULL, *dev = NULL;
  if (db_begin(rq->db) != DB_DONE) return reply_db_error(rq);
  char *token = session_open(rq->db, rq->arena, &sn, now, &csrf, &u->session_id);
  if (token) dev = login_device_trust(rq->db, rq->arena, device, id, now);
  if (!token || !dev ||
      !audit_record(rq->db, u, rq->ip, "login", "session", id, u->committee_id, NULL, NULL) ||
      db_commit(rq->db) != DB_DONE) {
    db_rollback(rq->db);
    return reply_db_error(rq);
  }
  u->must_change_password = p.must_change_password;
  /* the session cookie first: clients that read one Set-Cookie take the session's */
  reply_header(rq, "set-cookie", cookie_header(rq, token, sn.ttl));
  reply_header(rq, "set-cookie", device_cookie_header(rq, dev));
  reply_json(rq, 200, session_state_json(rq, u, csrf));
}

/* GET /api/v1/session: the current session as the login answered it (its CSRF token for a
** cookie session, null for a bearer token). */
static void session_get_h(struct request *rq) {
  reply_json(rq, 200, session_state_json(rq, rq->user, rq->user->csrf));
}

/* DELETE /api/v1/session: logs out (the cookie is cleared). 204. */
static void session_delete_h(struct request *rq) {
  const char *token = request_cookie(rq, SESSION_COOKIE);
  if (token) session_delete(rq->db, token);
  audit_record(rq->db, rq->user, rq->ip, "logout", "session", rq->user->id, rq->user->committee_id,
               NULL, NULL);
  reply_header(rq, "set-cookie", cookie_header(rq, "", 0));
  reply_no_content(rq);
}

/* POST /api/v1/session/password {"current_password","new_password"}: changes one's own
** password; every session of the account ends, this one included, and its API tokens are
** revoked. A wrong current password counts as a failed login (422 on the field, 429 with
** Retry-After once the client must wait, as for logging in); the new one must keep the rules
** (422 naming the rule broken) and differ from the current. Refused to a bearer token (403
** token_scope, ROUTE_NO_TOKEN). Open to a session whose password has expired. */
static void password_change_h(struct request *rq) {
  const char *cur = NULL, *next = NULL;
  if (json_unpack(rq->json, "{s:s,s:s}", "current_password", &cur, "new_password", &next))
    return reply_error(rq, ERR_INVALID_FIELD, "new_password", "请输入当前密码和新密码",
                       "Enter the current and the new password");
  int64_t now = time_now(), attempt = 0;
  const char *device = request_cookie(rq, DEVICE_COOKIE);
  int64_t wait = login_gate(rq->db, rq->user->username, rq->ip, device, now, &attempt);
  if (wait < 0) return reply_db_error(rq);
  if (wait > 0) return reply_wait(rq, wait);
  if (login_check(rq->db, rq->user->username, cur) != rq->user->id) {
    if (login_failed(rq->db, attempt, rq->user->username, now))
      alert_managers(rq, rq->user->username, now);
    return reply_error(rq, ERR_INVALID_FIELD, "current_password", "当前密码不正确",
                       "The current password is wrong");
  }
  login_succeeded(rq->db, attempt, rq->user->username, rq->ip, device);
  if (!strcmp(cur, next))
    return reply_error(rq, ERR_INVALID_FIELD, "new_password", "新密码不能与当前密码相同",
                       "The new password must differ from the current one");
  const struct password_fault *f = password_check(next, rq->user->username);
  if (f) return reply_error(rq, ERR_INVALID_FIELD, "new_password", f->zh, f->en);
  if (db_begin(rq->db) != DB_DONE) return reply_db_error(rq);
  f = user_set_password(rq->db, rq->user->id, next);
  if (f) {
    db_rollback(rq->db);
    if (strcmp(f->rule, "internal"))
      return reply_error(rq, ERR_INVALID_FIELD, "new_password", f->zh, f->en);
    return reply_db_error(rq);
  }
  if (!audit_record(rq->db, rq->user, rq->ip, "password", "user", rq->user->id,
                    rq->user->committee_id, NULL, NULL) ||
      db_commit(rq->db) != DB_DONE) {
    db_rollback(rq->db);
    return reply_db_error(rq);
  }
  reply_header(rq, "set-cookie", cookie_header(rq, "", 0));
  reply_no_content(rq);
}

/* GET /api/v1/sessions: the caller's live sessions, newest first (created, last request,
** expiry, address, user agent, which is this one); never their tokens. */
static void sessions_list_h(struct request *rq) {
  json_t *items = session_list_json(rq->db, rq->user->id, rq->user->session_id, time_now());
  if (!items) return reply_db_error(rq);
  reply_json(rq, 200, json_pack("{s:o,s:n}", "items", items, "next_cursor"));
}

static bool own_session(struct request *rq, int64_t id) {
  return session_owner(rq->db, id) == rq->user->id;
}

/* DELETE /api/v1/sessions/{id}: ends one of the caller's sessions (another's is 404); ending
** the current one logs out (its cookie is cleared). 204. Audited. */
static void session_revoke_h(struct request *rq) {
  int64_t id = request_id(rq, "id");
  if (db_begin(rq->db) != DB_DONE) return reply_db_error(rq);
  if (session_revoke(rq->db, rq->user->id, id) != DB_DONE ||
      !audit_record(rq->db, rq->user, rq->ip, "revoke", "session", id, rq->user->committee_id, NULL,
                    NULL) ||
      db_commit(rq->db) != DB_DONE) {
    db_rollback(rq->db);
    return reply_db_error(rq);
  }
  if (id == rq->user->session_id) reply_header(rq, "set-cookie", cookie_header(rq, "", 0));
  reply_no_content(rq);
}

/* POST /api/v1/sessions/revoke-others: ends every session of the caller but this one.
** 200 {"revoked": n}. Audited. */
static void sessions_revoke_others_h(struct request *rq) {
  int64_t n = 0;
  if (db_begin(rq->db) != DB_DONE) return reply_db_error(rq);
  if (session_revoke_others(rq->db, rq->user->id, rq->user->session_id, &n) != DB_DONE ||
      !audit_record(rq->db, rq->user, rq->ip, "revoke_others", "session", rq->user->session_id,
                    rq->user->committee_id, NULL, NULL) ||
      db_commit(rq->db) != DB_DONE) {
    db_rollback(rq->db);
    return reply_db_error(rq);
  }
  reply_json(rq, 200, json_pack("{s:I}", "revoked", (json_int_t)n));
}

/* GET /api/v1/tokens: the caller's API tokens not revoked (never their secret), each with its
** scope and expiry; an expired one is listed with "expired": true until it is revoked. */
static void tokens_list_h(struct request *rq) {
  struct db_stmt *st =
      db_query(rq->db,
               "SELECT id, name, created_at, last_used_at, scope, expires_at FROM api_tokens"
               " WHERE user_id = ? AND revoked = 0 ORDER BY id",
               "i", rq->user->id);
  json_t *items = json_array();
  char t[32];
  int64_t now = time_now();
  while (db_step(st) == DB_ROW) {
    json_t *o = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "name",
                          db_col_text(st, 1), "created_at", time_iso(db_col_int(st, 2), t));
    json_object_set_new(o, "last_used_at",
                        db_col_null(st, 3) ? json_null()
                                           : json_string(time_iso(db_col_int(st, 3), t)));
    json_object_set_new(o, "scope", json_string(db_col_text(st, 4)));
    json_object_set_new(o, "expires_at", json_string(time_iso(db_col_int(st, 5), t)));
    json_object_set_new(o, "expired", json_boolean(db_col_int(st, 5) <= now));
    json_array_append_new(items, o);
  }
  db_done(st);
  reply_json(rq, 200, json_pack("{s:o,s:n}", "items", items, "next_cursor"));
}

/* What a token may do: read only (GET and HEAD), or read and write as its account may. */
static const struct label token_scopes[] = {
    {TOKEN_READ_ONLY, "只读", "Read only"}, {TOKEN_READ_WRITE, "读写", "Read and write"}, {NULL}};

/* POST /api/v1/tokens {"name", "scope"?, "expires_in_days"?}: a bearer token for integrations,
** shown once in "token". scope is "read_only" (every write refused, 403 token_scope) or
** "read_write" (the default); it expires expires_in_days days from now (1..365, 90 by default).
** 201 {id, name, token, scope, expires_at}; 422 a missing or long name, a bad scope or number of
** days, an unknown member. Refused to a bearer token (403 token_scope, ROUTE_NO_TOKEN): a token
** never mints another. */
static void token_create_h(struct request *rq) {
  static const char *const names[] = {"name", "scope", "expires_in_days", NULL};
  struct entity_ctx *ctx = request_ctx(rq);
  const char *name = NULL;
  if (json_unpack(rq->json, "{s:s}", "name", &name) || !*name || strlen(name) > 60)
    return reply_error(rq, ERR_INVALID_FIELD, "name", "请填写令牌名称（不超过 60 个字符）",
                       "Give the token a name (at most 60 characters)");
  const char *scope;
  int64_t days = TOKEN_DAYS_DEFAULT;
  if (!input_only(ctx, rq->json, names) ||
      !(scope = input_enum(ctx, rq->json, "scope", token_scopes, false, "令牌权限")) ||
      (json_object_get(rq->json, "expires_in_days") &&
       !input_int(ctx, rq->json, "expires_in_days", 1, TOKEN_DAYS_MAX, &days, "有效天数")))
    return reply_entity_error(rq, ctx);
  if (!*scope) scope = TOKEN_READ_WRITE;
  int64_t now = time_now(), expires = now + days * 86400, id = 0;
  if (db_begin(rq->db) != DB_DONE) return reply_db_error(rq);
  char *token = token_create(rq->db, rq->arena, rq->user->id, name, scope, expires, now, &id);
  json_t *after =
      json_pack("{s:s,s:s,s:I}", "name", name, "scope", scope, "expires_at", (json_int_t)expires);
  bool ok = token && audit_record(rq->db, rq->user, rq->ip, "create", "api_token", id,
                                  rq->user->committee_id, NULL, after);
  json_decref(after);
  if (!ok || db_commit(rq->db) != DB_DONE) {
    db_rollback(rq->db);
    return reply_db_error(rq);
  }
  char t[32];
  reply_json(rq, 201,
             json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)id, "name", name, "token", token,
                       "scope", scope, "expires_at", time_iso(expires, t)));
}

static bool own_token(struct request *rq, int64_t id) {
  return db_int(rq->db, 0, "SELECT user_id FROM api_tokens WHERE id = ? AND revoked = 0", "i",
                id) == rq->user->id;
}

/* DELETE /api/v1/tokens/{id}: revokes one of the caller's tokens. 204. */
static void token_delete_h(struct request *rq) {
  int64_t id = request_id(rq, "id");
  if (db_begin(rq->db) != DB_DONE) return reply_db_error(rq);
  if (db_exec(rq->db, "UPDATE api_tokens SET revoked = 1 WHERE id = ?", "i", id) != DB_DONE ||
      !audit_record(rq->db, rq->user, rq->ip, "revoke", "api_token", id, rq->user->committee_id,
                    NULL, NULL) ||
      db_commit(rq->db) != DB_DONE) {
    db_rollback(rq->db);
    return reply_db_error(rq);
  }
  reply_no_content(rq);
}

/* DELETE /api/v1/users/{id}: the record engine's delete, never of an administrator's account
** (user_officer_guard: 403). */
static void user_delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!user_officer_guard(ctx, request_id(rq, "id"), NULL)) return reply_entity_error(rq, ctx);
  entity_delete_h(rq);
}

/* The account's enums, for the module table (GET /api/v1/labels). */
const struct label_table account_labels[] = {
    {"user.role", access_roles}, {"user.organiser_kind", access_organiser_kinds}, {NULL}};

const struct route account_routes[] = {
    {"POST", "/api/v1/session", session_create_h, PERM_PUBLIC, ROUTE_JSON | ROUTE_NO_CSRF, NULL,
     "登录"},
    {"GET", "/api/v1/session", session_get_h, PERM_LOGIN, ROUTE_EXPIRED, NULL, "当前用户"},
    {"DELETE", "/api/v1/session", session_delete_h, PERM_LOGIN, ROUTE_EXPIRED, NULL, "退出登录"},
    {"POST", "/api/v1/session/password", password_change_h, PERM_LOGIN,
     ROUTE_JSON | ROUTE_NO_TOKEN | ROUTE_EXPIRED, NULL, "修改密码"},
    {"GET", "/api/v1/sessions", sessions_list_h, PERM_LOGIN, ROUTE_EXPIRED, NULL, "我的会话"},
    {"POST", "/api/v1/sessions/revoke-others", sessions_revoke_others_h, PERM_LOGIN,
     ROUTE_NO_TOKEN | ROUTE_EXPIRED, NULL, "结束其他会话"},
    {"DELETE", "/api/v1/sessions/{id}", session_revoke_h, PERM_LOGIN,
     ROUTE_NO_TOKEN | ROUTE_EXPIRED, own_session, "结束会话"},
    {"GET", "/api/v1/tokens", tokens_list_h, PERM_TOKEN_WRITE, 0, NULL, "我的 API 令牌"},
    {"POST", "/api/v1/tokens", token_create_h, PERM_TOKEN_WRITE, ROUTE_JSON | ROUTE_NO_TOKEN, NULL,
     "新建 API 令牌"},
    {"DELETE", "/api/v1/tokens/{id}", token_delete_h, PERM_TOKEN_WRITE, 0, own_token,
     "吊销 API 令牌"},
    {"GET", "/api/v1/users", entity_list_h, PERM_USER_READ, 0, NULL, "用户列表", &user_entity},
    {"POST", "/api/v1/users", entity_create_h, PERM_USER_WRITE, ROUTE_JSON, NULL, "新建用户",
     &user_entity},
    {"GET", "/api/v1/users/{id}", entity_get_h, PERM_USER_READ, 0, entity_route_visible, "用户详情",
     &user_entity},
    {"PATCH", "/api/v1/users/{id}", entity_update_h, PERM_USER_WRITE, ROUTE_JSON,
     entity_route_visible, "修改用户", &user_entity},
    {"DELETE", "/api/v1/users/{id}", user_delete_h, PERM_USER_WRITE, 0, entity_route_visible,
     "删除用户", &user_entity},
    SETTINGS_ROUTES("/api/v1/committees/{id}/security-settings", &account_security_settings,
                    PERM_USER_READ, PERM_USER_WRITE, "安全"),
    {0},
};
