/* src/base/errors.h: the error codes of the API's envelope, each with its HTTP status. A code is
** stable: clients branch on it. The list is served by `lvzhi errors` and documented in
** docs/api/openapi.yaml (components/schemas/Error), which a test keeps in step. */
#ifndef LVZHI_ERRORS_H
#define LVZHI_ERRORS_H

enum err {
  ERR_NONE,                   /* no error */
  ERR_BAD_JSON,               /* 400: the body is not JSON (line and column in the message) */
  ERR_EMPTY_BODY,             /* 400: a JSON body is required */
  ERR_BAD_REQUEST,            /* 400: the request itself is malformed (framing, path) */
  ERR_UNAUTHENTICATED,        /* 401: not logged in */
  ERR_BAD_CREDENTIALS,        /* 401: wrong user name or password */
  ERR_CSRF_FAILED,            /* 403: a cookie write without its CSRF header */
  ERR_FORBIDDEN,              /* 403: the role or the person may not do this */
  ERR_FORBIDDEN_SCOPE,        /* 403: outside the caller's committee scope */
  ERR_TOKEN_SCOPE,            /* 403: an API token may not do this (read-only, or for a login) */
  ERR_PASSWORD_EXPIRED,       /* 403: the password has expired: change it before anything else */
  ERR_NOT_FOUND,              /* 404: no such record (or not visible to the caller) */
  ERR_METHOD_NOT_ALLOWED,     /* 405 */
  ERR_CONFLICT,               /* 409: the record changed, or the same thing exists already */
  ERR_WRONG_STATE,            /* 409: the action is not allowed in the record's state */
  ERR_IN_USE,                 /* 409: still referred to, cannot be deleted */
  ERR_WINDOW_CLOSED,          /* 409: the time for this has passed */
  ERR_NO_SESSION,             /* 409: no session to number the proposal in */
  ERR_NOT_READY,              /* 409: what this needs is not there yet */
  ERR_NOT_COUNTERSIGNED,      /* 409: the co-handling units have not countersigned */
  ERR_NOT_CERTIFIED,          /* 409: the station is not certified */
  ERR_ALREADY_SUBMITTED,      /* 409: submitted already */
  ERR_ALREADY_CERTIFIED,      /* 409: certified already */
  ERR_CHECKLIST_INCOMPLETE,   /* 409: the checklist is not complete */
  ERR_BEYOND_LIMIT,           /* 409: beyond a limit of the rules */
  ERR_LIMIT_REACHED,          /* 409: a member's grassroots units at the most already */
  ERR_CERTIFIED,              /* 409: a certified station's checklist is fixed */
  ERR_HEADERS_TOO_LARGE,      /* 413 */
  ERR_BODY_TOO_LARGE,         /* 413: the body is over max-body-mb */
  ERR_UNSUPPORTED_MEDIA_TYPE, /* 415: not application/json */
  ERR_EXPECTATION_FAILED,     /* 417: an Expect header other than 100-continue */
  ERR_INVALID,                /* 422: the body is not what the route takes */
  ERR_INVALID_FIELD,          /* 422: a field is invalid (field names it) */
  ERR_INVALID_ROWS,           /* 422: rows of an import are invalid (listed) */
  ERR_TOO_LARGE,              /* 422: too large to process this way */
  ERR_TOO_MANY_ATTEMPTS,      /* 429: too many failures; Retry-After */
  ERR_INTERNAL,               /* 500 */
  ERR_UNAVAILABLE,            /* 503: the database is not available */
  ERR__COUNT
};

/* The code as the envelope spells it ("wrong_state"); "" for ERR_NONE. */
const char *err_code(enum err e);

/* The HTTP status of e (409); 500 for an unknown value. */
int err_status(enum err e);

/* The Chinese description of e, for the documentation ("状态不允许此操作"). */
const char *err_text(enum err e);

/* The error whose code is code, or ERR_NONE. */
enum err err_parse(const char *code);

#endif
