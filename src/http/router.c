/* src/http/router.c: route tables, path matching and the checks made before a handler. */
#include "router.h"
#include <stdio.h>
#include <string.h>
#include "request.h"

#define MAX_TABLES 64

static const struct route *tables[MAX_TABLES];
static int ntables;

void router_add(const struct route *table) {
  if (ntables < MAX_TABLES) tables[ntables++] = table;
}

void router_each(void (*fn)(const struct route *r, void *ctx), void *ctx) {
  for (int t = 0; t < ntables; t++)
    for (const struct route *r = tables[t]; r->method; r++) fn(r, ctx);
}

static bool is_id_param(const char *name, size_t len) {
  return (len == 2 && !memcmp(name, "id", 2)) || (len > 3 && !memcmp(name + len - 3, "_id", 3));
}

static bool all_digits(const char *s, size_t n) {
  if (n == 0 || n > 18 || s[0] == '0') return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/* Matches one pattern against path, filling rq's params. */
static bool match_pattern(struct request *rq, const char *pat, const char *path) {
  int np = 0;
  while (*pat && *path) {
    if (*pat == '{') {
      const char *pe = strchr(pat, '}');
      if (!pe) return false;
      const char *se = strchr(path, '/');
      size_t slen = se ? (size_t)(se - path) : strlen(path);
      size_t nlen = (size_t)(pe - pat - 1);
      if (slen == 0 || np >= REQUEST_MAX_PARAMS) return false;
      if (is_id_param(pat + 1, nlen) && !all_digits(path, slen)) return false;
      if (rq) {
        rq->param_name[np] = arena_strndup(rq->arena, pat + 1, nlen);
        rq->param_value[np] = arena_strndup(rq->arena, path, slen);
      }
      np++;
      pat = pe + 1;
      path += slen;
      continue;
    }
    if (*pat != *path) return false;
    pat++;
    path++;
  }
  if (*pat || *path) return false;
  if (rq) rq->nparams = np;
  return true;
}

enum router_result router_match(struct request *rq, const char *method, const char *path,
                                char *allow, size_t allow_len) {
  bool path_seen = false;
  if (allow_len) allow[0] = 0;
  for (int t = 0; t < ntables; t++) {
    for (const struct route *r = tables[t]; r->method; r++) {
      if (!match_pattern(NULL, r->pattern, path)) continue;
      bool same =
          !strcmp(r->method, method) || (!strcmp(method, "HEAD") && !strcmp(r->method, "GET"));
      if (same) {
        match_pattern(rq, r->pattern, path);
        rq->route = r;
        return ROUTER_FOUND;
      }
      path_seen = true;
      if (allow_len && !strstr(allow, r->method)) {
        size_t used = strlen(allow);
        snprintf(allow + used, allow_len - used, "%s%s", used ? ", " : "", r->method);
      }
    }
  }
  return path_seen ? ROUTER_BAD_METHOD : ROUTER_NOT_FOUND;
}

static bool is_write(const char *m) {
  return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

bool router_check(struct request *rq, bool cookie_auth) {
  const struct route *r = rq->route;
  if (r->perm == PERM_PUBLIC) return true;
  if (!rq->user) {
    reply_error(rq, ERR_UNAUTHENTICATED, NULL, "请先登录", "Please log in first");
    return false;
  }
  if (cookie_auth && is_write(rq->method) && !(r->flags & ROUTE_NO_CSRF)) {
    const char *h = request_header(rq, "x-csrf-token");
    if (!h || !rq->user->csrf || strcmp(h, rq->user->csrf)) {
      reply_error(rq, ERR_CSRF_FAILED, NULL, "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
                  "Missing or invalid CSRF token; reload the page and try again");
      return false;
    }
  }
  if (rq->user->must_change_password && !(r->flags & ROUTE_EXPIRED)) {
    reply_error(rq, ERR_PASSWORD_EXPIRED, NULL, "密码已过期，请先修改密码",
                "Your password has expired; change it first");
    return false;
  }
  if (rq->user->token_id && (r->flags & ROUTE_NO_TOKEN)) {
    reply_error(rq, ERR_TOKEN_SCOPE, NULL, "API 令牌不能新建令牌或修改密码，请登录后操作",
                "An API token cannot create tokens or change the password; log in to do this");
    return false;
  }
  if (rq->user->token_id && rq->user->token_read_only && is_write(rq->method)) {
    reply_error(rq, ERR_TOKEN_SCOPE, NULL, "只读 API 令牌不能修改数据",
                "A read-only API token cannot write");
    return false;
  }
  if (!access_role_has(rq->user->role, r->perm)) {
    reply_error(rq, ERR_FORBIDDEN, NULL, "您没有执行此操作的权限",
                "You do not have permission to do this");
    return false;
  }
  if (r->visible) {
    int64_t id = request_id(rq, "id");
    if (id <= 0 || !r->visible(rq, id)) {
      reply_not_found(rq);
      return false;
    }
  }
  return true;
}
