/* src/http/router.h: routes declared in per-module tables and the matching of a request to one.
** The router answers 404 and 405 itself, and checks login, CSRF, permission and committee
** scope before a handler runs. */
#ifndef LVZHI_ROUTER_H
#define LVZHI_ROUTER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/access.h"

struct request;

enum route_flags {
  ROUTE_JSON = 1 << 0,     /* the body must be a JSON object; parsed into rq->json */
  ROUTE_RAW = 1 << 1,      /* the body is taken as it comes (CSV import) */
  ROUTE_NO_CSRF = 1 << 2,  /* writes without the CSRF header (logging in) */
  ROUTE_SELF = 1 << 3,     /* a member account may use it for its own record (scope fn decides) */
  ROUTE_NO_TOKEN = 1 << 4, /* refused to bearer tokens (minting tokens, changing the password) */
  /* hands out a file of records (PDF, XLSX, ...): a success (2xx) is recorded in the audit log
  ** as an export before it leaves (request.c, reply_bytes) */
  ROUTE_EXPORT = 1 << 5,
  ROUTE_EXPORT_FORMAT = 1 << 6, /* the same when ?format= names a file (anything but json) */
  ROUTE_EXPIRED = 1 << 7,       /* open to a session whose password has expired (the session, the
                                ** password change, one's sessions, the labels) */
  /* a read whose handler confirms a cookie session taken from the thread's session cache in
  ** its own statement (request_auth_confirm), so that the request costs one statement (the
  ** member read); only for GET routes without a visible function (the handler checks scope) */
  ROUTE_AUTH_CONFIRM = 1 << 8,
};

/* Says whether the entity {id} of a route exists and is visible to rq->user. */
typedef bool (*route_visible_fn)(struct request *rq, int64_t id);

struct route {
  const char *method;
  const char *pattern; /* "/api/v1/members/{id}"; {id} and {*_id} match positive integers */
  void (*handler)(struct request *rq);
  enum perm perm;
  unsigned flags;
  route_visible_fn visible; /* NULL: no entity scope check */
  const char *summary;      /* one line, for the route list and docs */
  const void *data;         /* for generic handlers (the entity of a CRUD route) */
};

/* Adds a module's table (terminated by an entry with a NULL method; main.c's module table
** hands each here). Setup time only. */
void router_add(const struct route *table);

/* Calls fn for every registered route (for `lvzhi routes` and the OpenAPI check). */
void router_each(void (*fn)(const struct route *r, void *ctx), void *ctx);

enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_BAD_METHOD };

/* Matches method and path; on ROUTER_FOUND stores the route and the parameters (pointers into
** the arena-copied path segments) in rq. On ROUTER_BAD_METHOD, *allow lists the methods. */
enum router_result router_match(struct request *rq, const char *method, const char *path,
                                char *allow, size_t allow_len);

/* Checks login, CSRF, what a bearer token may do (403 token_scope: a write with a read-only
** token, a ROUTE_NO_TOKEN route with any), an expired password (403 password_expired on any
** route but a ROUTE_EXPIRED one), permission and scope for rq->route; replies and returns false
** on refusal. */
bool router_check(struct request *rq, bool cookie_auth);

#endif
