/* src/http/request.h: one HTTP request as handlers see it, and the ways to answer it.
** All memory a handler needs comes from rq->arena and goes when the request ends. */
#ifndef LVZHI_REQUEST_H
#define LVZHI_REQUEST_H
#include <jansson.h>
#include "base/errors.h"
#include <stdbool.h>
#include <stdint.h>
#include "auth/access.h"
#include "base/arena.h"

struct db;
struct app;
struct route;
struct entity_ctx;

#define REQUEST_MAX_PARAMS 8

enum lang { LANG_ZH = 0, LANG_EN = 1 };

struct request {
  struct arena *arena;
  struct db *db;
  struct app *app;
  void *h2o;          /* h2o_req_t; only server.c and response code look inside */
  const char *method; /* "GET", ... */
  const char *path;   /* decoded path without the query string */
  const char *query;  /* raw query string without '?', "" if none */
  const char *param_name[REQUEST_MAX_PARAMS];
  const char *param_value[REQUEST_MAX_PARAMS];
  int nparams;
  const char *body; /* raw body (NUL-terminated copy), NULL if none */
  size_t body_len;
  json_t *json; /* parsed body for routes with ROUTE_JSON; freed by the server */
  const struct route *route;
  struct user *user; /* NULL when anonymous */
  enum lang lang;
  char ip[48];
  char id[17]; /* request id, also sent as X-Request-Id */
  int status;  /* status replied, 0 before */
  /* a ROUTE_AUTH_CONFIRM route's cookie session came from the thread's session cache at this
  ** generation, not yet confirmed (0: read from the database, or confirmed) */
  int64_t auth_gen;
  bool auth_retry; /* the handler found the cached session stale: the server reads it again */
  /* the record engine's context of this request, in the arena: built on first use by
  ** request_ctx() (entity/entity_http.h), NULL before; read it through that function */
  struct entity_ctx *ctx;
};

/* For a ROUTE_AUTH_CONFIRM handler: whether rq->user holds, given the session generation read_gen
** that its statement read (auth_generation.n). When it does not (the session or its account
** changed since the thread cached it), the handler must return without replying: the server
** reads the session again, checks the route again, and calls the handler once more. */
bool request_auth_confirm(struct request *rq, int64_t read_gen);

/* Picks the Chinese or English text for the request's language. */
static inline const char *T(const struct request *rq, const char *zh, const char *en) {
  return rq->lang == LANG_EN ? en : zh;
}

/* A path parameter ("id" in /members/{id}); NULL when the route has none. */
const char *request_param(struct request *rq, const char *name);

/* A path parameter that the router has checked to be a positive integer. */
int64_t request_id(struct request *rq, const char *name);

/* A decoded query parameter (arena copy), NULL when absent. */
const char *request_query(struct request *rq, const char *name);

/* Checks that every query parameter's name and value decode to UTF-8 text (utf8_valid: no NUL
** or other control characters); replies 422 invalid_field (naming the parameter, never echoing
** its bytes) and returns false if not. The server calls it before a route's handler. */
bool request_query_check(struct request *rq);

/* Reads ?limit= (dflt when absent) into *limit; replies 422 and returns false unless it is an
** integer from 1 to max. */
bool request_limit(struct request *rq, int dflt, int max, int *limit);

/* Reads ?cursor= (the last id of the previous page; 0 when absent) into *cursor; replies 422
** and returns false unless it is a non-negative integer. */
bool request_cursor(struct request *rq, int64_t *cursor);

/* A request header's value (arena copy), NULL when absent. Name in lower case. */
const char *request_header(struct request *rq, const char *name);

/* The value of the cookie name (arena copy), NULL when the request has none. */
const char *request_cookie(struct request *rq, const char *name);

/* Sends a JSON body with the given status; takes the reference to j. */
void reply_json(struct request *rq, int status, json_t *j);

/* Sends bytes with a content type; when filename is set the browser downloads it. */
void reply_bytes(struct request *rq, int status, const char *content_type, const void *data,
                 size_t len, const char *filename);

/* Sends an extra header with the reply (call before replying). */
void reply_header(struct request *rq, const char *name, const char *value);

/* Sends the error envelope {"error":{"code","message","field"?}}; message in rq's language. */
void reply_error(struct request *rq, enum err kind, const char *field, const char *zh,
                 const char *en);

/* Same, with extra members merged into the error object (e.g. "rows"); takes j. */
void reply_error_with(struct request *rq, enum err kind, const char *field, const char *zh,
                      const char *en, json_t *extra);

/* Common replies. */
void reply_not_found(struct request *rq);
void reply_db_error(struct request *rq);
void reply_no_content(struct request *rq);

/* Reads ?name= as 0/1/true/false into *out (false when absent); replies 422 otherwise. */
bool request_query_flag(struct request *rq, const char *name, bool *out);

/* Reads ?name= as a positive integer id into *out (0 when absent or empty); replies 422
** ("name 应为正整数") and returns false otherwise. */
bool request_query_id(struct request *rq, const char *name, int64_t *out);

/* Reads ?name= as an integer in [min, max] (dflt when absent); replies 422 otherwise. */
bool request_query_int(struct request *rq, const char *name, int64_t min, int64_t max, int64_t dflt,
                       int64_t *out);

/* Reads ?name= as a time into *out (0 when absent): a date YYYY-MM-DD (China Standard Time; the
** start of the day, or with end set the start of the next, so that to=2026-03-31 takes that
** day in) or an ISO 8601 time with an offset; replies 422 otherwise. */
bool request_query_time(struct request *rq, const char *name, bool end, int64_t *out);

/* Reads ?name= as text of at most max characters into *out (NULL when absent or empty; the
** server has checked it is UTF-8 without control characters); replies 422 when longer. */
bool request_query_text(struct request *rq, const char *name, int max, const char **out);

/* The query as a JSON object of its decoded parameters (a repeated name: the last), for
** recording what was asked (the audit entry of an export). */
json_t *request_query_json(struct request *rq);

#endif
