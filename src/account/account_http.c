/* src/account/account_http.c: logging in and out, the current user, API tokens, user accounts.
** The account module stands on the record engine (src/entity/), which stands on src/auth/. */
#include <stdio.h>
#include <string.h>
#include "auth/audit.h"
#include "auth/session.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "entity/entity_http.h"
#include "entity/input.h"
#include "http/server.h"
#include "user.h"

static const char *cookie_header(struct request *rq, const char *token, int64_t max_age) {
  return arena_printf(rq->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
                      SESSION_COOKIE, token, (long long)max_age,
                      rq->app && rq->app->cookie_secure ? "; Secure" : "");
}

/* POST /api/v1/session {"username","password"}
** Logs in: sets the HttpOnly session cookie and answers {"user", "csrf_token"}; every later
** write with the cookie sends the token back in X-CSRF-Token. 401 for a wrong name or password,
** 429 with Retry-After after too many failures for the account or the address. */
static void session_create_h(struct request *rq) {
  const char *username = NULL, *password = NULL;
  if (json_unpack(rq->json, "{s:s,s:s}", "username", &username, "password", &password) ||
      !*username || !*password)
    return reply_error(rq, ERR_INVALID_FIELD, !username || !*username ? "username" : "password",
                       "请输入用户名和密码", "Enter a username and a password");
  int64_t now = time_now();
  int64_t wait = login_wait(rq->db, username, rq->ip, now);
  if (wait > 0) {
    char s[24];
    snprintf(s, sizeof s, "%lld", (long long)wait);
    reply_header(rq, "retry-after", s);
    return reply_error_with(rq, ERR_TOO_MANY_ATTEMPTS, NULL,
                            arena_printf(rq->arena, "登录失败次数过多，请 %lld 分钟后再试",
                                         (long long)(wait + 59) / 60),
                            "Too many failed attempts; try again later",
                            json_pack("{s:I}", "retry_after", (json_int_t)wait));
  }
  int64_t id = login_check(rq->db, username, password);
  if (!id) {
    login_failed(rq->db, username, rq->ip, now);
    audit_login_failed(rq->db, username, rq->ip);
    return reply_error(rq, ERR_BAD_CREDENTIALS, NULL, "用户名或密码错误",
                       "Wrong username or password");
  }
  login_succeeded(rq->db, username);
  int64_t ttl = (int64_t)(rq->app ? rq->app->session_hours : 12) * 3600;
  char *csrf = NULL;
  if (db_begin(rq->db) != DB_DONE) return reply_db_error(rq);
  char *token = session_create(rq->db, rq->arena, id, rq->ip, ttl, now, &csrf);
  struct user *u = token ? user_load(rq->db, rq->arena, id) : NULL;
  if (!u || !audit_record(rq->db, u, rq->ip, "login", "session", id, u->committee_id, NULL, NULL) ||
      db_commit(rq->db) != DB_DONE) {
    db_rollback(rq->db);
    return reply_db_error(rq);
  }
  reply_header(rq, "set-cookie", cookie_header(rq, token, ttl));
  reply_json(rq, 200,
             json_pack("{s:o,s:s}", "user", user_session_json(rq->db, u), "csrf_token", csrf));
}

/* GET /api/v1/session: the current user and, for a cookie session, its CSRF token. */
static void session_get_h(struct request *rq) {
  json_t *o = json_pack("{s:o}", "user", user_session_json(rq->db, rq->user));
  json_object_set_new(o, "csrf_token", rq->user->csrf ? json_string(rq->user->csrf) : json_null());
  reply_json(rq, 200, o);
}

/* DELETE /api/v1/session: logs out (the cookie is cleared). 204. */
static void session_delete_h(struct request *rq) {
  const char *c = request_header(rq, "cookie");
  const char *p = c ? strstr(c, SESSION_COOKIE "=") : NULL;
  if (p) {
    p += strlen(SESSION_COOKIE) + 1;
    const char *e = strchr(p, ';');
    session_delete(rq->db, arena_strndup(rq->arena, p, e ? (size_t)(e - p) : strlen(p)));
  }
  audit_record(rq->db, rq->user, rq->ip, "logout", "session", rq->user->id, rq->user->committee_id,
               NULL, NULL);
  reply_header(rq, "set-cookie", cookie_header(rq, "", 0));
  reply_no_content(rq);
}

/* POST /api/v1/session/password {"current_password","new_password"}: changes one's own
** password; every session of the account ends, this one included, and its API tokens are
** revoked. Refused to a bearer token (403 token_scope, ROUTE_NO_TOKEN). */
static void password_change_h(struct request *rq) {
  const char *cur = NULL, *next = NULL;
  if (json_unpack(rq->json, "{s:s,s:s}", "current_password", &cur, "new_password", &next))
    return reply_error(rq, ERR_INVALID_FIELD, "new_password", "请输入当前密码和新密码",
                       "Enter the current and the new password");
  if (login_check(rq->db, rq->user->username, cur) != rq->user->id)
    return reply_error(rq, ERR_INVALID_FIELD, "current_password", "当前密码不正确",
                       "The current password is wrong");
  if (db_begin(rq->db) != DB_DONE) return reply_db_error(rq);
  const char *msg = user_set_password(rq->db, rq->user->id, next);
  if (msg) {
    db_rollback(rq->db);
    return reply_error(rq, ERR_INVALID_FIELD, "new_password", msg,
                       "The new password does not meet the rules");
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
const struct label_table account_labels[] = {{"user.role", access_roles}, {NULL}};

const struct route account_routes[] = {
    {"POST", "/api/v1/session", session_create_h, PERM_PUBLIC, ROUTE_JSON | ROUTE_NO_CSRF, NULL,
     "登录"},
    {"GET", "/api/v1/session", session_get_h, PERM_LOGIN, 0, NULL, "当前用户"},
    {"DELETE", "/api/v1/session", session_delete_h, PERM_LOGIN, 0, NULL, "退出登录"},
    {"POST", "/api/v1/session/password", password_change_h, PERM_LOGIN, ROUTE_JSON | ROUTE_NO_TOKEN,
     NULL, "修改密码"},
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
    {0},
};
