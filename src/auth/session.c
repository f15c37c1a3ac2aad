/* src/auth/session.c: sessions and tokens are random 32-byte strings given to the client once;
** the database keeps only their BLAKE2b hashes, so a stolen database opens no session. */
#include "session.h"
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include "auth/password.h"
#include "base/arena.h"
#include "db/db.h"

#define USER_COLS                                                                                  \
  "u.id, u.username, u.display_name, u.role, u.committee_id, c.path, COALESCE(u.member_id,0),"     \
  " COALESCE(u.unit_id,0)"

static char *random_token(struct arena *a, const char *prefix) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  size_t pl = strlen(prefix);
  size_t n = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = arena_alloc(a, pl + n);
  memcpy(out, prefix, pl);
  sodium_bin2base64(out + pl, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

static void hash_token(const char *token, char out[65]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
  sodium_bin2hex(out, 65, h, sizeof h);
}

static struct user *user_from_row(struct db_stmt *st, struct arena *a) {
  struct user *u = arena_alloc(a, sizeof *u);
  u->id = db_col_int(st, 0);
  u->username = arena_strdup(a, db_col_text(st, 1));
  u->display_name = arena_strdup(a, db_col_text(st, 2));
  int role = access_role_parse(db_col_text(st, 3));
  u->role = role < 0 ? ROLE_VIEWER : (enum role)role;
  u->committee_id = db_col_int(st, 4);
  u->committee_path = arena_strdup(a, db_col_text(st, 5));
  u->member_id = db_col_int(st, 6);
  u->unit_id = db_col_int(st, 7);
  return u;
}

struct user *user_load(struct db *db, struct arena *a, int64_t id) {
  struct db_stmt *st = db_query(db,
                                "SELECT " USER_COLS " FROM users u JOIN committees c ON"
                                " c.id = u.committee_id WHERE u.id = ? AND u.disabled = 0",
                                "i", id);
  struct user *u = NULL;
  if (db_step(st) == DB_ROW) u = user_from_row(st, a);
  db_done(st);
  return u;
}

struct user *session_user(struct db *db, struct arena *a, const char *token, int64_t now) {
  char h[65];
  hash_token(token, h);
  struct db_stmt *st = db_query(db,
                                "SELECT " USER_COLS ", s.csrf FROM sessions s"
                                " JOIN users u ON u.id = s.user_id"
                                " JOIN committees c ON c.id = u.committee_id"
                                " WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0",
                                "ti", h, now);
  struct user *u = NULL;
  if (db_step(st) == DB_ROW) {
    u = user_from_row(st, a);
    u->csrf = arena_strdup(a, db_col_text(st, 8));
  }
  db_done(st);
  return u;
}

struct user *token_user(struct db *db, struct arena *a, const char *token, int64_t now) {
  if (strncmp(token, TOKEN_PREFIX, strlen(TOKEN_PREFIX))) return NULL;
  char h[65];
  hash_token(token, h);
  struct db_stmt *st = db_query(db,
                                "SELECT " USER_COLS ", t.id, t.scope FROM api_tokens t"
                                " JOIN users u ON u.id = t.user_id"
                                " JOIN committees c ON c.id = u.committee_id"
                                " WHERE t.token_hash = ? AND t.revoked = 0 AND t.expires_at > ?"
                                " AND u.disabled = 0",
                                "ti", h, now);
  struct user *u = NULL;
  int64_t tid = 0;
  if (db_step(st) == DB_ROW) {
    u = user_from_row(st, a);
    tid = db_col_int(st, 8);
    u->token_id = tid;
    u->token_read_only = strcmp(db_col_text(st, 9), TOKEN_READ_WRITE) != 0;
  }
  db_done(st);
  /* last use is kept to the minute so that a busy integration does not write on every call */
  if (tid)
    db_exec(db,
            "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND"
            " (last_used_at IS NULL OR last_used_at < ?)",
            "iii", now, tid, now - 60);
  return u;
}

char *session_create(struct db *db, struct arena *a, int64_t user_id, const char *ip, int64_t ttl,
                     int64_t now, char **csrf) {
  char *token = random_token(a, "");
  *csrf = random_token(a, "");
  char h[65];
  hash_token(token, h);
  db_exec(db, "DELETE FROM sessions WHERE expires_at <= ?", "i", now);
  if (db_exec(db,
              "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, ip)"
              " VALUES (?, ?, ?, ?, ?, ?)",
              "titiit", h, user_id, *csrf, now, now + ttl, ip) != DB_DONE)
    return NULL;
  return token;
}

void session_delete(struct db *db, const char *token) {
  char h[65];
  hash_token(token, h);
  db_exec(db, "DELETE FROM sessions WHERE token_hash = ?", "t", h);
}

void session_delete_user(struct db *db, int64_t user_id) {
  db_exec(db, "DELETE FROM sessions WHERE user_id = ?", "i", user_id);
}

int session_revoke_user(struct db *db, int64_t user_id) {
  int rc = db_exec(db, "DELETE FROM sessions WHERE user_id = ?", "i", user_id);
  if (rc != DB_DONE) return rc;
  return db_exec(db, "UPDATE api_tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0", "i",
                 user_id);
}

char *token_create(struct db *db, struct arena *a, int64_t user_id, const char *name,
                   const char *scope, int64_t expires_at, int64_t now, int64_t *id) {
  char *token = random_token(a, TOKEN_PREFIX);
  char h[65];
  hash_token(token, h);
  *id = db_int(db, 0,
               "INSERT INTO api_tokens (user_id, name, token_hash, created_at, scope, expires_at)"
               " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
               "ittiti", user_id, name, h, now, scope, expires_at);
  return *id ? token : NULL;
}

int64_t login_wait(struct db *db, const char *username, const char *ip, int64_t now) {
  int64_t since = now - LOGIN_WINDOW, wait = 0;
  struct db_stmt *st = db_query(db,
                                "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM login_failures"
                                " WHERE username = ? AND at > ? ORDER BY at DESC LIMIT ?) x",
                                "tii", username, since, (int64_t)LOGIN_MAX_USER);
  if (db_step(st) == DB_ROW && db_col_int(st, 0) >= LOGIN_MAX_USER)
    wait = db_col_int(st, 1) + LOGIN_WINDOW - now;
  db_done(st);
  st = db_query(db,
                "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM login_failures"
                " WHERE ip = ? AND at > ? ORDER BY at DESC LIMIT ?) x",
                "tii", ip, since, (int64_t)LOGIN_MAX_IP);
  if (db_step(st) == DB_ROW && db_col_int(st, 0) >= LOGIN_MAX_IP) {
    int64_t w = db_col_int(st, 1) + LOGIN_WINDOW - now;
    if (w > wait) wait = w;
  }
  db_done(st);
  return wait > 0 ? wait : 0;
}

void login_failed(struct db *db, const char *username, const char *ip, int64_t now) {
  db_exec(db, "DELETE FROM login_failures WHERE at <= ?", "i", now - LOGIN_WINDOW);
  db_exec(db, "INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)", "tti", username, ip,
          now);
}

void login_succeeded(struct db *db, const char *username) {
  db_exec(db, "DELETE FROM login_failures WHERE username = ?", "t", username);
}

/* An unknown name is checked against this hash of a random password, so that both paths
** cost the same and timing does not tell which names exist. */
static char dummy[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void) {
  char pw[24];
  password_random(pw, 20);
  password_hash(pw, dummy);
}

int64_t login_check(struct db *db, const char *username, const char *password) {
  pthread_once(&dummy_once, make_dummy);
  struct db_stmt *st = db_query(
      db, "SELECT id, password_hash, disabled FROM users WHERE username = ?", "t", username);
  int64_t id = 0;
  bool disabled = true;
  char hash[PASSWORD_HASH_MAX] = {0};
  if (db_step(st) == DB_ROW) {
    id = db_col_int(st, 0);
    strncpy(hash, db_col_text(st, 1), sizeof hash - 1);
    disabled = db_col_int(st, 2) != 0;
  }
  db_done(st);
  bool ok = password_verify(id ? hash : dummy, password);
  return ok && !disabled ? id : 0;
}
