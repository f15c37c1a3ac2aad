/* src/auth/session.h: logging in, cookie sessions, bearer API tokens, login rate limits. */
#ifndef LVZHI_SESSION_H
#define LVZHI_SESSION_H
#include <stdbool.h>
#include <stdint.h>
#include "access.h"

struct db;
struct arena;

#define SESSION_COOKIE "lvzhi_session"
#define TOKEN_PREFIX   "lvz_"

/* Loads the user with this id (with its committee path) from the arena; NULL if none. */
struct user *user_load(struct db *db, struct arena *a, int64_t id);

/* Finds the user of a cookie session token; NULL when unknown, expired or disabled. */
struct user *session_user(struct db *db, struct arena *a, const char *token, int64_t now);

/* Finds the user of a bearer token ("lvz_..."), with token_id and token_read_only set; NULL
** when unknown, revoked, expired or the account disabled. */
struct user *token_user(struct db *db, struct arena *a, const char *token, int64_t now);

/* Creates a session for user_id lasting ttl seconds. Returns the cookie token and stores the
** CSRF token in *csrf (both arena strings); NULL on a database error. */
char *session_create(struct db *db, struct arena *a, int64_t user_id, const char *ip, int64_t ttl,
                     int64_t now, char **csrf);

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

/* Login limits: at most LOGIN_MAX_USER failures per account and LOGIN_MAX_IP per address in
** LOGIN_WINDOW seconds. Returns 0 when another attempt is allowed, else the seconds to wait. */
#define LOGIN_WINDOW   900
#define LOGIN_MAX_USER 5
#define LOGIN_MAX_IP   20
int64_t login_wait(struct db *db, const char *username, const char *ip, int64_t now);

/* Records a failed attempt, or clears the account's failures after a success. */
void login_failed(struct db *db, const char *username, const char *ip, int64_t now);
void login_succeeded(struct db *db, const char *username);

/* Checks username and password; returns the user id, or 0 when they do not match or the
** account is disabled. Takes about the same time either way. */
int64_t login_check(struct db *db, const char *username, const char *password);

#endif
