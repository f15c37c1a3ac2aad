/* src/auth/session.h: logging in, cookie sessions (absolute and idle expiry, listed and revoked
** by their owner), bearer API tokens, and the login limits. */
#ifndef LVZHI_SESSION_H
#define LVZHI_SESSION_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "access.h"

struct db;
struct arena;

#define SESSION_COOKIE "lvzhi_session"
#define DEVICE_COOKIE  "lvzhi_device" /* a browser that logged an account in before */
#define TOKEN_PREFIX   "lvz_"

#define SESSION_IDLE_DEFAULT 1800 /* seconds without a request that end a session */
#define DEVICE_DAYS          180  /* a device unused this long is no longer trusted */
#define SESSION_UA_MAX       200  /* bytes of the User-Agent kept with a session */

/* Loads the user with this id (with its committee path) from the arena; NULL if none. */
struct user *user_load(struct db *db, struct arena *a, int64_t id);

/* Finds the user of a cookie session token; NULL when unknown, past its absolute expiry, idle
** for its idle timeout or longer, or the account disabled. Sets csrf, session_id and
** must_change_password. Notes the request as the session's last (kept to 1/30 of the idle
** timeout, so that a busy page does not write on every call). Answers from this thread's
** session cache when the database's session generation is still the one the session was
** cached at (one read of a one-row table), else from the sessions table (and caches it). */
struct user *session_user(struct db *db, struct arena *a, const char *token, int64_t now);

/* session_user for a caller that confirms the session itself: from this thread's session cache
** when it holds the token (live by the clock, its last request not due to be noted), without
** touching the database, and *gen set to the generation it was cached at; the caller must then
** read auth_generation.n in its own statement and call session_confirm before it trusts the
** user for anything. Else as session_user, with *gen 0 (read now: nothing to confirm). */
struct user *session_user_cached(struct db *db, struct arena *a, const char *token, int64_t now,
                                 int64_t *gen);

/* Whether a session cached at generation cached_gen (0: read from the database, nothing to
** confirm) still holds when the database's generation is read_gen. When not, this thread's
** cache is forgotten: the caller reads the session again (session_user). */
bool session_confirm(int64_t cached_gen, int64_t read_gen);

/* The database's session generation (auth_generation.n, moved on by triggers whenever a session
** or its account changes; migration 21); -1 on a database error. */
int64_t session_generation(struct db *db);

/* Whether this thread's last session_user, session_user_cached or token_user met a database
** error: it found no account, but the session or token may be good (the server answers 503,
** not 401, so that a passing database error does not log anyone out). */
bool session_lookup_failed(void);

/* Forgets every session this thread has cached. */
void session_cache_clear(void);

/* Finds the user of a bearer token ("lvz_..."), with token_id and token_read_only set; NULL
** when unknown, revoked, expired or the account disabled. */
struct user *token_user(struct db *db, struct arena *a, const char *token, int64_t now);

/* What a new session is: its account and client, how long it lasts (ttl) and may stay idle
** (idle), both in seconds, and whether the account must change its password before anything
** else (the password is older than the committee's limit). */
struct session_new {
  int64_t user_id;
  const char *ip, *user_agent; /* user_agent may be NULL; cut to SESSION_UA_MAX bytes */
  int64_t ttl, idle;
  bool must_change_password;
};

/* Creates a session (call inside the caller's transaction): the account's login before this
** one is kept with the session (shown after logging in) and this one becomes the account's
** last. Returns the cookie token and stores the CSRF token in *csrf (both arena strings) and
** the session's id in *id (id may be NULL); NULL on a database error. */
char *session_open(struct db *db, struct arena *a, const struct session_new *s, int64_t now,
                   char **csrf, int64_t *id);

/* session_open with the default idle timeout, no user agent, no password change due. */
char *session_create(struct db *db, struct arena *a, int64_t user_id, const char *ip, int64_t ttl,
                     int64_t now, char **csrf);

/* One session as its owner sees it. Text lives in the arena given to session_get. */
struct session_info {
  int64_t id, user_id, created_at, last_seen_at, expires_at, idle_seconds;
  const char *ip, *user_agent;
  bool must_change_password;
  int64_t prev_login_at; /* the account's login before this session's; 0 when none */
  const char *prev_login_ip;
};

/* Loads session id; false when there is none. */
bool session_get(struct db *db, struct arena *a, int64_t id, struct session_info *out);

/* The live sessions of user_id, newest first: [{id, created_at, last_seen_at, expires_at,
** idle_expires_at, ip, user_agent, current}] (times ISO 8601; current: its id is current_id).
** A new array; NULL on a database error. */
json_t *session_list_json(struct db *db, int64_t user_id, int64_t current_id, int64_t now);

/* The owner of session id, or 0 when there is no such session. */
int64_t session_owner(struct db *db, int64_t id);

/* Ends session id if it belongs to user_id. Returns DB_DONE, or DB_ERROR. */
int session_revoke(struct db *db, int64_t user_id, int64_t id);

/* Ends every session of user_id but keep_id; stores how many in *count. DB_DONE or DB_ERROR. */
int session_revoke_others(struct db *db, int64_t user_id, int64_t keep_id, int64_t *count);

/* Ends the session of token. */
void session_delete(struct db *db, const char *token);

/* Ends every session of a user. */
void session_delete_user(struct db *db, int64_t user_id);

/* Ends every session of a user and revokes its API tokens (a password change, disabling): a
** credential made before stops working at once. Returns DB_DONE, else the database's error. */
int session_revoke_user(struct db *db, int64_t user_id);

/* API tokens: read-only or read-write, each expiring TOKEN_DAYS_DEFAULT days after it was made
** unless told otherwise, at most TOKEN_DAYS_MAX. */
#define TOKEN_DAYS_DEFAULT 90
#define TOKEN_DAYS_MAX     365
#define TOKEN_READ_ONLY    "read_only"
#define TOKEN_READ_WRITE   "read_write"

/* Creates an API token named name for user_id with scope (TOKEN_READ_ONLY or TOKEN_READ_WRITE)
** expiring at expires_at (UTC seconds); returns the token text (shown once, arena) and its id in
** *id, or NULL on a database error. */
char *token_create(struct db *db, struct arena *a, int64_t user_id, const char *name,
                   const char *scope, int64_t expires_at, int64_t now, int64_t *id);

/* Login limits. Failed attempts (logins and password changes with a wrong current password)
** of the last LOGIN_WINDOW seconds are counted by scope, and each scope allows a number of
** failures freely, then asks the client to wait after the last one: LOGIN_DELAY_BASE seconds,
** doubled with each further failure, at most the scope's cap. Nothing locks an account:
**   - a client the account has logged in from before (its DEVICE_COOKIE is trusted for the
**     account) is counted by that device alone: LOGIN_FREE_DEVICE, cap LOGIN_CAP;
**   - any other client by the pair (address, account): LOGIN_FREE_PAIR, cap LOGIN_CAP; by its
**     address: LOGIN_FREE_IP, cap LOGIN_CAP; and by the account over every untrusted client:
**     LOGIN_FREE_ACCOUNT, cap LOGIN_CAP_ACCOUNT (guessing from many addresses is slowed, and
**     the account's owner on a trusted device is not).
** The counts live in the database (login_failures), so every node sharing it counts alike. */
#define LOGIN_WINDOW       900
#define LOGIN_DELAY_BASE   5
#define LOGIN_CAP          900
#define LOGIN_CAP_ACCOUNT  300
#define LOGIN_FREE_PAIR    5
#define LOGIN_FREE_IP      20
#define LOGIN_FREE_ACCOUNT 10
#define LOGIN_FREE_DEVICE  5
#define LOGIN_ALERT_AT     10 /* failures of an account in the window that tell its admins */

/* The wait after the last of `failures` failures in a scope that allows `free` and caps at
** cap: 0 below free, else LOGIN_DELAY_BASE * 2^(failures - free), at most cap. */
int64_t login_delay(int64_t failures, int64_t free, int64_t cap);

/* Before checking a password: records the attempt (so that attempts at the same moment count
** each other) and decides. Returns 0 and the attempt's id in *attempt when it may go ahead;
** else the seconds to wait (the attempt is forgotten, so asking again does not lengthen the
** wait); -1 on a database error. device is the DEVICE_COOKIE's value or NULL. */
int64_t login_gate(struct db *db, const char *username, const char *ip, const char *device,
                   int64_t now, int64_t *attempt);

/* The attempt failed: it stays counted. Returns true when the account exists, has failed
** LOGIN_ALERT_AT times or more in the window, and its administrators have not been told in the
** window: the caller tells them (this call claims the telling, once for every node). */
bool login_failed(struct db *db, int64_t attempt, const char *username, int64_t now);

/* The attempt succeeded: it is forgotten with the failures of the same client (the pair, or
** the trusted device) on this account. */
void login_succeeded(struct db *db, int64_t attempt, const char *username, const char *ip,
                     const char *device);

/* Failures of username in the window (for the administrators' message). */
int64_t login_failures_recent(struct db *db, const char *username, int64_t now);

/* Trusts the client for user_id after a successful login: its DEVICE_COOKIE value device (when
** it is one this server gave) or a new one. Returns the value to set in the cookie (arena);
** NULL on a database error. */
char *login_device_trust(struct db *db, struct arena *a, const char *device, int64_t user_id,
                         int64_t now);

/* Checks username and password; returns the user id, or 0 when they do not match or the
** account is disabled. Takes about the same time either way. */
int64_t login_check(struct db *db, const char *username, const char *password);

#endif
