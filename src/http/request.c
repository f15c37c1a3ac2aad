/* src/http/request.c: reading a request (parameters, query, headers) and answering it. */
#include "request.h"
#include <h2o.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "auth/audit.h"
#include "auth/session.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "router.h"

#define REQ(rq) ((h2o_req_t *)(rq)->h2o)

const char *request_param(struct request *rq, const char *name) {
  for (int i = 0; i < rq->nparams; i++)
    if (!strcmp(rq->param_name[i], name)) return rq->param_value[i];
  return NULL;
}

bool request_auth_confirm(struct request *rq, int64_t read_gen) {
  if (session_confirm(rq->auth_gen, read_gen)) {
    rq->auth_gen = 0;
    return true;
  }
  rq->auth_retry = true;
  return false;
}

int64_t request_id(struct request *rq, const char *name) {
  const char *v = request_param(rq, name);
  return v ? strtoll(v, NULL, 10) : 0;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decodes s[0..n) ('+' as space) into the arena; *len (if not NULL) gets its length,
** which counts any NUL that %00 decoded to. */
static char *url_decode_len(struct arena *a, const char *s, size_t n, size_t *len) {
  char *out = arena_alloc(a, n + 1), *o = out;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '+')
      *o++ = ' ';
    else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      *o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else
      *o++ = s[i];
  }
  *o = 0;
  if (len) *len = (size_t)(o - out);
  return out;
}

static char *url_decode(struct arena *a, const char *s, size_t n) {
  return url_decode_len(a, s, n, NULL);
}

/* Whether s[0..n) decodes to UTF-8 text without NUL. */
static bool query_text_ok(struct arena *a, const char *s, size_t n, const char **decoded) {
  size_t len;
  *decoded = url_decode_len(a, s, n, &len);
  return utf8_valid(*decoded, len) && !memchr(*decoded, 0, len);
}

bool request_query_check(struct request *rq) {
  for (const char *p = rq->query; p && *p;) {
    const char *amp = strchr(p, '&');
    size_t len = amp ? (size_t)(amp - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    size_t klen = eq ? (size_t)(eq - p) : len;
    const char *name, *value;
    if (!query_text_ok(rq->arena, p, klen, &name)) {
      reply_error(rq, ERR_INVALID_FIELD, NULL,
                  "查询参数名不是有效的文本（应为 UTF-8，不含控制字符）",
                  "A query parameter's name is not valid text (UTF-8 without control characters)");
      return false;
    }
    if (eq && !query_text_ok(rq->arena, eq + 1, len - klen - 1, &value)) {
      reply_error(
          rq, ERR_INVALID_FIELD, name,
          arena_printf(rq->arena, "查询参数 %s 不是有效的文本（应为 UTF-8，不含控制字符）", name),
          arena_printf(rq->arena,
                       "Query parameter %s is not valid text (UTF-8 without control characters)",
                       name));
      return false;
    }
    p = amp ? amp + 1 : NULL;
  }
  return true;
}

const char *request_query(struct request *rq, const char *name) {
  size_t nl = strlen(name);
  const char *p = rq->query;
  while (p && *p) {
    const char *amp = strchr(p, '&');
    size_t len = amp ? (size_t)(amp - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    size_t klen = eq ? (size_t)(eq - p) : len;
    if (klen == nl && !memcmp(p, name, nl))
      return eq ? url_decode(rq->arena, eq + 1, len - klen - 1) : "";
    p = amp ? amp + 1 : NULL;
  }
  return NULL;
}

/* Parses a whole non-negative decimal number of at most 18 digits. */
static bool parse_count(const char *s, int64_t *out) {
  if (!*s || strlen(s) > 18) return false;
  int64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return false;
    v = v * 10 + (*s - '0');
  }
  *out = v;
  return true;
}

bool request_limit(struct request *rq, int dflt, int max, int *limit) {
  const char *s = request_query(rq, "limit");
  int64_t v = dflt;
  if (s && (!parse_count(s, &v) || v < 1 || v > max)) {
    char zh[80], en[80];
    snprintf(zh, sizeof zh, "limit 应为 1 到 %d 之间的整数", max);
    snprintf(en, sizeof en, "limit must be an integer from 1 to %d", max);
    reply_error(rq, ERR_INVALID_FIELD, "limit", arena_strdup(rq->arena, zh),
                arena_strdup(rq->arena, en));
    return false;
  }
  *limit = (int)v;
  return true;
}

bool request_cursor(struct request *rq, int64_t *cursor) {
  const char *s = request_query(rq, "cursor");
  *cursor = 0;
  if (s && *s && !parse_count(s, cursor)) {
    reply_error(rq, ERR_INVALID_FIELD, "cursor", "cursor 无效", "Invalid cursor");
    return false;
  }
  return true;
}

const char *request_header(struct request *rq, const char *name) {
  h2o_req_t *req = REQ(rq);
  if (!req) return NULL;
  ssize_t i = h2o_find_header_by_str(&req->headers, name, strlen(name), -1);
  if (i < 0) return NULL;
  return arena_strndup(rq->arena, req->headers.entries[i].value.base,
                       req->headers.entries[i].value.len);
}

const char *request_cookie(struct request *rq, const char *name) {
  const char *c = request_header(rq, "cookie");
  size_t nl = strlen(name);
  for (const char *p = c; p && *p;) {
    while (*p == ' ' || *p == ';') p++;
    if (!strncmp(p, name, nl) && p[nl] == '=') {
      const char *v = p + nl + 1, *e = strchr(v, ';');
      return arena_strndup(rq->arena, v, e ? (size_t)(e - v) : strlen(v));
    }
    p = strchr(p, ';');
  }
  return NULL;
}

void reply_header(struct request *rq, const char *name, const char *value) {
  h2o_req_t *req = REQ(rq);
  if (!req) return;
  size_t vl = strlen(value);
  char *v = h2o_mem_alloc_pool(&req->pool, vl);
  memcpy(v, value, vl);
  h2o_add_header_by_str(&req->pool, &req->res.headers, name, strlen(name), 1, NULL, v, vl);
}

static const char *reason(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 201:
    return "Created";
  case 202:
    return "Accepted";
  case 204:
    return "No Content";
  case 303:
    return "See Other";
  case 304:
    return "Not Modified";
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 409:
    return "Conflict";
  case 413:
    return "Payload Too Large";
  case 415:
    return "Unsupported Media Type";
  case 422:
    return "Unprocessable Entity";
  case 429:
    return "Too Many Requests";
  case 503:
    return "Service Unavailable";
  default:
    return status >= 500 ? "Internal Server Error" : "OK";
  }
}

/* When rq's route exports (ROUTE_EXPORT, or ROUTE_EXPORT_FORMAT with a format other than json),
** records the answer about to leave in the audit log: action "export", the route's resource
** (the path segment after /api/v1/) and {id}, the route, its summary and the query as asked.
** Replies 500 and returns false when the entry cannot be written: no export leaves without
** its entry. An export made by a job is recorded when it is asked for (its 202, or the 303 of
** an old URL; job/job_http.h), the file being its asker's alone. */
static bool audit_export(struct request *rq) {
  const struct route *r = rq->route;
  const char *format = request_query(rq, "format");
  if (!(r->flags & ROUTE_EXPORT) &&
      !((r->flags & ROUTE_EXPORT_FORMAT) && format && *format && strcmp(format, "json")))
    return true;
  const char *p = r->pattern, *pre = "/api/v1/";
  if (!strncmp(p, pre, strlen(pre))) p += strlen(pre);
  const char *slash = strchr(p, '/');
  const char *entity = arena_strndup(rq->arena, p, slash ? (size_t)(slash - p) : strlen(p));
  json_t *after =
      json_pack("{s:s,s:s,s:o}", "route", arena_printf(rq->arena, "%s %s", r->method, r->pattern),
                "summary", r->summary ? r->summary : "", "query", request_query_json(rq));
  int64_t id = request_param(rq, "id") ? request_id(rq, "id") : 0;
  bool ok = audit_record(rq->db, rq->user, rq->ip, "export", entity, id,
                         rq->user ? rq->user->committee_id : 0, NULL, after);
  json_decref(after);
  if (!ok) reply_db_error(rq);
  return ok;
}

void reply_bytes(struct request *rq, int status, const char *content_type, const void *data,
                 size_t len, const char *filename) {
  if (rq->status) return; /* answered already */
  if ((status < 300 || status == 303) && rq->route && !audit_export(rq)) return; /* answered 500 */
  rq->status = status;
  h2o_req_t *req = REQ(rq);
  if (!req) return;
  req->res.status = status;
  req->res.reason = reason(status);
  if (content_type)
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, content_type,
                   strlen(content_type));
  if (filename) {
    /* RFC 6266 with a UTF-8 filename* so Chinese names survive */
    struct buf b = {0};
    buf_puts(&b, "attachment; filename=\"export\"; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
      if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '.' || *p == '-' || *p == '_')
        buf_putc(&b, (char)*p);
      else
        buf_printf(&b, "%%%02X", *p);
    }
    reply_header(rq, "content-disposition", b.data);
    buf_free(&b);
  }
  req->res.content_length = len;
  if (!strcmp(rq->method, "HEAD")) len = 0;
  h2o_send_inline(req, data, len);
}

void reply_json(struct request *rq, int status, json_t *j) {
  char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12));
  json_decref(j);
  if (!s) {
    reply_bytes(rq, 500, "application/json; charset=utf-8",
                "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}", 55, NULL);
    return;
  }
  reply_bytes(rq, status, "application/json; charset=utf-8", s, strlen(s), NULL);
  free(s);
}

void reply_error_with(struct request *rq, enum err kind, const char *field, const char *zh,
                      const char *en, json_t *extra) {
  json_t *e = json_pack("{s:s, s:s}", "code", err_code(kind), "message", T(rq, zh, en));
  if (field) json_object_set_new(e, "field", json_string(field));
  if (extra) {
    json_object_update(e, extra);
    json_decref(extra);
  }
  reply_json(rq, err_status(kind), json_pack("{s:o}", "error", e));
}

void reply_error(struct request *rq, enum err kind, const char *field, const char *zh,
                 const char *en) {
  reply_error_with(rq, kind, field, zh, en, NULL);
}

void reply_not_found(struct request *rq) {
  reply_error(rq, ERR_NOT_FOUND, NULL, "未找到该记录", "Not found");
}

void reply_db_error(struct request *rq) {
  reply_error(rq, ERR_INTERNAL, NULL, "服务器内部错误，请稍后重试",
              "Internal server error; please try again later");
}

void reply_no_content(struct request *rq) { reply_bytes(rq, 204, NULL, "", 0, NULL); }

/* ---- validated parameters (request.h) -------------------------------------------------------- */

bool request_query_flag(struct request *rq, const char *name, bool *out) {
  const char *s = request_query(rq, name);
  *out = false;
  if (!s || !*s) return true;
  if (!strcmp(s, "1") || !strcmp(s, "true")) return *out = true;
  if (!strcmp(s, "0") || !strcmp(s, "false")) return true;
  reply_error(rq, ERR_INVALID_FIELD, name, arena_printf(rq->arena, "%s 应为 1 或 0", name),
              arena_printf(rq->arena, "%s must be 1 or 0", name));
  return false;
}

bool request_query_int(struct request *rq, const char *name, int64_t min, int64_t max, int64_t dflt,
                       int64_t *out) {
  const char *s = request_query(rq, name);
  *out = dflt;
  if (!s || !*s) return true;
  char *end;
  long long x = strtoll(s, &end, 10);
  if (!*end && x >= min && x <= max) {
    *out = x;
    return true;
  }
  reply_error(rq, ERR_INVALID_FIELD, name,
              arena_printf(rq->arena, "%s 应为 %lld 到 %lld 之间的整数", name, (long long)min,
                           (long long)max),
              arena_printf(rq->arena, "%s must be an integer from %lld to %lld", name,
                           (long long)min, (long long)max));
  return false;
}

bool request_query_id(struct request *rq, const char *name, int64_t *out) {
  const char *s = request_query(rq, name);
  *out = 0;
  if (!s || !*s) return true;
  char *end;
  long long x = strtoll(s, &end, 10);
  if (*end || x <= 0) {
    reply_error(rq, ERR_INVALID_FIELD, name, arena_printf(rq->arena, "%s 应为正整数", name),
                arena_printf(rq->arena, "%s must be a positive integer", name));
    return false;
  }
  *out = x;
  return true;
}

bool request_query_time(struct request *rq, const char *name, bool end, int64_t *out) {
  const char *s = request_query(rq, name);
  *out = 0;
  if (!s || !*s) return true;
  int y, m, d;
  if (date_parse(s, &y, &m, &d)) {
    *out = (days_from_civil(y, m, d) + (end ? 1 : 0)) * 86400 - CST_OFFSET;
    return true;
  }
  if (time_parse_iso(s, out)) return true;
  reply_error(
      rq, ERR_INVALID_FIELD, name,
      arena_printf(rq->arena, "%s 应为日期（YYYY-MM-DD）或带时区的 ISO 8601 时间", name),
      arena_printf(rq->arena, "%s must be a date or an ISO 8601 time with an offset", name));
  return false;
}

bool request_query_text(struct request *rq, const char *name, int max, const char **out) {
  const char *s = request_query(rq, name);
  *out = s && *s ? s : NULL;
  if (!*out || utf8_count(s, strlen(s)) <= (size_t)max) return true;
  reply_error(rq, ERR_INVALID_FIELD, name,
              arena_printf(rq->arena, "%s 过长（至多 %d 个字符）", name, max),
              arena_printf(rq->arena, "%s is too long (at most %d characters)", name, max));
  return false;
}

json_t *request_query_json(struct request *rq) {
  json_t *o = json_object();
  for (const char *p = rq->query; p && *p;) {
    const char *amp = strchr(p, '&');
    size_t len = amp ? (size_t)(amp - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    size_t klen = eq ? (size_t)(eq - p) : len;
    const char *name = url_decode(rq->arena, p, klen);
    const char *value = eq ? url_decode(rq->arena, eq + 1, len - klen - 1) : "";
    if (*name && utf8_valid(name, strlen(name)) && utf8_valid(value, strlen(value)))
      json_object_set_new(o, name, json_string(value));
    p = amp ? amp + 1 : NULL;
  }
  return o;
}
