/* src/auth/session.c: sessions and tokens are random 32-byte strings given to the client once;
** the database keeps only their BLAKE2b hashes, so a stolen database opens no session. */
#include "session.h"
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include "auth/password.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "db/db.h"

/* an account's columns, USER_NCOLS of them (user_from_row); the body an organiser organises as
** its kind (enum organiser_kind, -1 for none) and its id */
#define USER_COLS                                                                                  \
  "u.id, u.username, u.display_name, u.role, u.committee_id, c.path, COALESCE(u.member_id,0),"     \
  " COALESCE(u.unit_id,0), CASE WHEN u.organises_group_id IS NOT NULL THEN 0"                      \
  " WHEN u.organises_special_committee_id IS NOT NULL THEN 1"                                      \
  " WHEN u.organises_party_id IS NOT NULL THEN 2 ELSE -1 END,"                                     \
  " COALESCE(u.organises_group_id, u.organises_special_committee_id, u.organises_party_id, 0)"
#define USER_NCOLS 10

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
  int64_t kind = db_col_int(st, 8);
  if (u->role == ROLE_ORGANISER && kind >= 0 && kind < ORGANISER__COUNT) {
    u->organiser_kind = (enum organiser_kind)kind;
    u->organiser_id = db_col_int(st, 9);
  }
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

/* ---- the loop threads' session caches ------------------------------------------------------
** Each thread keeps the cookie sessions it has read, by their token's hash, with the generation
** (auth_generation, migration 21) read in the same statement as the session. Triggers move the
** generation on whenever a session ends or changes, or its account or committee path changes,
** on whichever thread, node or process. A cached session is honoured only when the generation
** read in the statement of the request itself (session_user: a read of the number alone; the
** member read: a column of its one statement) is the one it was cached at; otherwise the
** thread forgets every cached session and reads this one again. Expiry and idle timeout are
** checked against the clock on every request; when the session's last request is due to be
** noted (1/30 of its idle timeout), it is read again and noted. Nothing but a session found
** in the database is cached: a session made on another thread is read from the database the
** first time this thread sees it. */

/* Whether this thread's last lookup of a session or token met a database error (and so found
** no account although the session may be good). */
static _Thread_local bool lookup_failed;

bool session_lookup_failed(void) { return lookup_failed; }

#define SCACHE_SLOTS 256

struct scache_entry {
  unsigned char hash[32];
  bool used;
  int64_t gen, seen, idle, expires;
  struct user u; /* its strings in text */
  char *text;    /* username, display_name, committee_path, csrf: one block */
};

static pthread_key_t scache_key;
static pthread_once_t scache_once = PTHREAD_ONCE_INIT;

static void scache_free(void *p) {
  struct scache_entry *c = p;
  for (int i = 0; i < SCACHE_SLOTS; i++) free(c[i].text);
  free(c);
}
static void scache_init(void) { pthread_key_create(&scache_key, scache_free); }

static struct scache_entry *scache(void) {
  pthread_once(&scache_once, scache_init);
  struct scache_entry *c = pthread_getspecific(scache_key);
  if (!c) {
    c = calloc(SCACHE_SLOTS, sizeof *c);
    if (c && pthread_setspecific(scache_key, c)) {
      free(c);
      c = NULL;
    }
  }
  return c;
}

void session_cache_clear(void) {
  pthread_once(&scache_once, scache_init);
  struct scache_entry *c = pthread_getspecific(scache_key);
  if (!c) return;
  for (int i = 0; i < SCACHE_SLOTS; i++) {
    free(c[i].text);
    memset(&c[i], 0, sizeof c[i]);
  }
}

static struct scache_entry *scache_slot(const unsigned char h[32]) {
  struct scache_entry *c = scache();
  if (!c) return NULL;
  unsigned k = ((unsigned)h[0] | (unsigned)h[1] << 8) % SCACHE_SLOTS;
  return &c[k];
}

/* The live cached entry of h at now (not expired, not idle, its last request not due to be
** noted), or NULL. */
static struct scache_entry *scache_find(const unsigned char h[32], int64_t now) {
  struct scache_entry *e = scache_slot(h);
  if (!e || !e->used || memcmp(e->hash, h, 32)) return NULL;
  int64_t step = e->idle / 30 > 1 ? e->idle / 30 : 1;
  if (e->expires <= now || e->seen + e->idle <= now || now - e->seen >= step) return NULL;
  return e;
}

static void scache_put(const unsigned char h[32], const struct user *u, int64_t gen, int64_t seen,
                       int64_t idle, int64_t expires) {
  struct scache_entry *e = scache_slot(h);
  if (!e) return;
  free(e->text);
  memset(e, 0, sizeof *e);
  size_t n1 = strlen(u->username) + 1, n2 = strlen(u->display_name) + 1,
         n3 = strlen(u->committee_path) + 1, n4 = strlen(u->csrf) + 1;
  char *t = malloc(n1 + n2 + n3 + n4);
  if (!t) return;
  memcpy(t, u->username, n1);
  memcpy(t + n1, u->display_name, n2);
  memcpy(t + n1 + n2, u->committee_path, n3);
  memcpy(t + n1 + n2 + n3, u->csrf, n4);
  memcpy(e->hash, h, 32);
  e->used = true;
  e->gen = gen, e->seen = seen, e->idle = idle, e->expires = expires;
  e->u = *u;
  e->u.username = t;
  e->u.display_name = t + n1;
  e->u.committee_path = t + n1 + n2;
  e->u.csrf = t + n1 + n2 + n3;
  e->text = t;
}

/* A copy of the cached user in the arena (its strings stay the cache's until the request ends:
** the cache changes only between requests of its thread). */
static struct user *scache_user(struct arena *a, const struct scache_entry *e) {
  struct user *u = arena_alloc(a, sizeof *u);
  *u = e->u;
  u->username = arena_strdup(a, e->u.username);
  u->display_name = arena_strdup(a, e->u.display_name);
  u->committee_path = arena_strdup(a, e->u.committee_path);
  u->csrf = arena_strdup(a, e->u.csrf);
  return u;
}

static void hash_raw(const char *token, unsigned char h[32]) {
  crypto_generichash(h, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

/* Reads the session of hash h from the database (with the generation, in one statement),
** notes the request as its last when due, and caches it. */
static struct user *session_read(struct db *db, struct arena *a, const unsigned char raw[32],
                                 int64_t now) {
  char h[65];
  sodium_bin2hex(h, sizeof h, raw, 32);
  struct db_stmt *st = db_query(
      db,
      "SELECT " USER_COLS ", s.csrf, s.id, s.last_seen_at, s.idle_seconds, s.must_change,"
      " s.expires_at, (SELECT n FROM auth_generation WHERE id = 1)"
      " FROM sessions s"
      " JOIN users u ON u.id = s.user_id"
      " JOIN committees c ON c.id = u.committee_id"
      " WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at + s.idle_seconds > ?"
      " AND u.disabled = 0",
      "tii", h, now, now);
  struct user *u = NULL;
  int64_t seen = 0, idle = 0, expires = 0, gen = 0;
  int rc = db_step(st);
  if (rc == DB_ERROR) lookup_failed = true;
  if (rc == DB_ROW) {
    u = user_from_row(st, a);
    u->csrf = arena_strdup(a, db_col_text(st, USER_NCOLS));
    u->session_id = db_col_int(st, USER_NCOLS + 1);
    seen = db_col_int(st, USER_NCOLS + 2);
    idle = db_col_int(st, USER_NCOLS + 3);
    u->must_change_password = db_col_int(st, USER_NCOLS + 4) != 0;
    expires = db_col_int(st, USER_NCOLS + 5);
    gen = db_col_int(st, USER_NCOLS + 6);
  }
  db_done(st);
  if (!u) return NULL;
  /* the last request is kept to 1/30 of the idle timeout (a minute of the default half hour) */
  int64_t step = idle / 30 > 1 ? idle / 30 : 1;
  if (now - seen >= step &&
      db_exec(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?", "iii",
              now, u->session_id, now) == DB_DONE)
    seen = now;
  scache_put(raw, u, gen, seen, idle, expires);
  return u;
}

int64_t session_generation(struct db *db) {
  return db_int(db, -1, "SELECT n FROM auth_generation WHERE id = 1", "");
}

bool session_confirm(int64_t cached_gen, int64_t read_gen) {
  if (!cached_gen || cached_gen == read_gen) return true;
  session_cache_clear();
  return false;
}

struct user *session_user_cached(struct db *db, struct arena *a, const char *token, int64_t now,
                                 int64_t *gen) {
  unsigned char h[32];
  lookup_failed = false;
  hash_raw(token, h);
  struct scache_entry *e = scache_find(h, now);
  if (e) {
    *gen = e->gen;
    return scache_user(a, e);
  }
  *gen = 0;
  return session_read(db, a, h, now);
}

struct user *session_user(struct db *db, struct arena *a, const char *token, int64_t now) {
  unsigned char h[32];
  lookup_failed = false;
  hash_raw(token, h);
  struct scache_entry *e = scache_find(h, now);
  if (e && session_confirm(e->gen, session_generation(db))) return scache_user(a, e);
  return session_read(db, a, h, now);
}

struct user *token_user(struct db *db, struct arena *a, const char *token, int64_t now) {
  lookup_failed = false;
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
  int rc = db_step(st);
  if (rc == DB_ERROR) lookup_failed = true;
  if (rc == DB_ROW) {
    u = user_from_row(st, a);
    tid = db_col_int(st, USER_NCOLS);
    u->token_id = tid;
    u->token_read_only = strcmp(db_col_text(st, USER_NCOLS + 1), TOKEN_READ_WRITE) != 0;
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

/* The User-Agent as kept: valid UTF-8 text cut at a character boundary to SESSION_UA_MAX
** bytes; "" when it is not text. */
static const char *user_agent_kept(struct arena *a, const char *ua) {
  if (!ua) return "";
  size_t n = strlen(ua);
  if (n > SESSION_UA_MAX) {
    n = SESSION_UA_MAX;
    while (n && ((unsigned char)ua[n] & 0xc0) == 0x80) n--;
  }
  return utf8_valid(ua, n) ? arena_strndup(a, ua, n) : "";
}

char *session_open(struct db *db, struct arena *a, const struct session_new *s, int64_t now,
                   char **csrf, int64_t *id) {
  char *token = random_token(a, "");
  *csrf = random_token(a, "");
  char h[65];
  hash_token(token, h);
  db_exec(db, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at + idle_seconds <= ?",
          "ii", now, now);
  int64_t sid =
      db_int(db, 0,
             "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, ip,"
             " last_seen_at, idle_seconds, user_agent, must_change, prev_login_at, prev_login_ip)"
             " SELECT ?, id, ?, ?, ?, ?, ?, ?, ?, ?, last_login_at, last_login_ip FROM users"
             " WHERE id = ? RETURNING id",
             "ttiitiitbi", h, *csrf, now, now + s->ttl, s->ip, now, s->idle,
             user_agent_kept(a, s->user_agent), s->must_change_password, s->user_id);
  if (!sid || db_exec(db, "UPDATE users SET last_login_at = ?, last_login_ip = ? WHERE id = ?",
                      "iti", now, s->ip, s->user_id) != DB_DONE)
    return NULL;
  if (id) *id = sid;
  return token;
}

char *session_create(struct db *db, struct arena *a, int64_t user_id, const char *ip, int64_t ttl,
                     int64_t now, char **csrf) {
  struct session_new s = {.user_id = user_id, .ip = ip, .ttl = ttl, .idle = SESSION_IDLE_DEFAULT};
  return session_open(db, a, &s, now, csrf, NULL);
}

bool session_get(struct db *db, struct arena *a, int64_t id, struct session_info *out) {
  struct db_stmt *st = db_query(db,
                                "SELECT id, user_id, created_at, last_seen_at, expires_at,"
                                " idle_seconds, ip, user_agent, must_change,"
                                " COALESCE(prev_login_at, 0), prev_login_ip"
                                " FROM sessions WHERE id = ?",
                                "i", id);
  bool found = db_step(st) == DB_ROW;
  if (found)
    *out = (struct session_info){
        .id = db_col_int(st, 0),
        .user_id = db_col_int(st, 1),
        .created_at = db_col_int(st, 2),
        .last_seen_at = db_col_int(st, 3),
        .expires_at = db_col_int(st, 4),
        .idle_seconds = db_col_int(st, 5),
        .ip = arena_strdup(a, db_col_text(st, 6)),
        .user_agent = arena_strdup(a, db_col_text(st, 7)),
        .must_change_password = db_col_int(st, 8) != 0,
        .prev_login_at = db_col_int(st, 9),
        .prev_login_ip = arena_strdup(a, db_col_text(st, 10)),
    };
  db_done(st);
  return found;
}

json_t *session_list_json(struct db *db, int64_t user_id, int64_t current_id, int64_t now) {
  struct db_stmt *st = db_query(db,
                                "SELECT id, created_at, last_seen_at, expires_at, idle_seconds,"
                                " ip, user_agent FROM sessions WHERE user_id = ? AND expires_at > ?"
                                " AND last_seen_at + idle_seconds > ? ORDER BY id DESC",
                                "iii", user_id, now, now);
  if (!st) return NULL;
  json_t *items = json_array();
  char t[32];
  while (db_step(st) == DB_ROW) {
    int64_t id = db_col_int(st, 0), seen = db_col_int(st, 2), end = db_col_int(st, 3);
    int64_t idle_end = seen + db_col_int(st, 4);
    json_t *o =
        json_pack("{s:I,s:s}", "id", (json_int_t)id, "created_at", time_iso(db_col_int(st, 1), t));
    json_object_set_new(o, "last_seen_at", json_string(time_iso(seen, t)));
    json_object_set_new(o, "expires_at", json_string(time_iso(end, t)));
    json_object_set_new(o, "idle_expires_at",
                        json_string(time_iso(idle_end < end ? idle_end : end, t)));
    json_object_set_new(o, "ip", json_string(db_col_text(st, 5)));
    json_object_set_new(o, "user_agent", json_string(db_col_text(st, 6)));
    json_object_set_new(o, "current", json_boolean(id == current_id));
    json_array_append_new(items, o);
  }
  db_done(st);
  return items;
}

int64_t session_owner(struct db *db, int64_t id) {
  return db_int(db, 0, "SELECT user_id FROM sessions WHERE id = ?", "i", id);
}

int session_revoke(struct db *db, int64_t user_id, int64_t id) {
  return db_exec(db, "DELETE FROM sessions WHERE id = ? AND user_id = ?", "ii", id, user_id);
}

int session_revoke_others(struct db *db, int64_t user_id, int64_t keep_id, int64_t *count) {
  int rc =
      db_exec(db, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", "ii", user_id, keep_id);
  *count = rc == DB_DONE ? db_changes(db) : 0;
  return rc;
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

int64_t login_delay(int64_t failures, int64_t free, int64_t cap) {
  if (failures < free) return 0;
  int64_t d = LOGIN_DELAY_BASE;
  for (int64_t i = free; i < failures && d < cap; i++) d *= 2;
  return d < cap ? d : cap;
}

/* The wait that the failures of one scope ask for at now: st selects their count and the time
** of the last (the rows of the window before the attempt being decided). Takes st. */
static int64_t scope_wait(struct db_stmt *st, int64_t now, int64_t free, int64_t cap) {
  int64_t wait = 0;
  if (st && db_step(st) == DB_ROW) {
    int64_t d = login_delay(db_col_int(st, 0), free, cap), last = db_col_int(st, 1);
    if (d && last + d > now) wait = last + d - now;
  }
  db_done(st);
  return wait;
}

/* Whether device (a DEVICE_COOKIE value) is trusted for the account username; its hash into h
** ("" when not trusted). */
static bool device_trusted(struct db *db, const char *device, const char *username, int64_t now,
                           char h[65]) {
  h[0] = 0;
  if (!device || !*device) return false;
  char dh[65];
  hash_token(device, dh);
  bool ok = db_int(db, 0,
                   "SELECT COUNT(*) FROM login_devices d JOIN users u ON u.id = d.user_id"
                   " WHERE d.token_hash = ? AND u.username = ? AND d.last_used_at > ?",
                   "tti", dh, username, now - (int64_t)DEVICE_DAYS * 86400) > 0;
  if (ok) memcpy(h, dh, 65);
  return ok;
}

#define SINCE " AND at > ? AND id < ?"
#define COUNT "SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_failures WHERE "

int64_t login_gate(struct db *db, const char *username, const char *ip, const char *device,
                   int64_t now, int64_t *attempt) {
  *attempt = 0;
  char dh[65];
  bool trusted = device_trusted(db, device, username, now, dh);
  db_exec(db, "DELETE FROM login_failures WHERE at <= ?", "i", now - LOGIN_WINDOW);
  /* the attempt is written first: two at the same moment count each other (the later id
  ** counts the earlier), on one node or several */
  int64_t id = db_int(db, 0,
                      "INSERT INTO login_failures (username, ip, device, at) VALUES (?, ?, ?, ?)"
                      " RETURNING id",
                      "ttti", username, ip, dh, now);
  if (!id) return -1;
  int64_t since = now - LOGIN_WINDOW, wait = 0, w;
  if (trusted) {
    wait = scope_wait(
        db_query(db, COUNT "device = ? AND username = ?" SINCE, "ttii", dh, username, since, id),
        now, LOGIN_FREE_DEVICE, LOGIN_CAP);
  } else {
    wait = scope_wait(db_query(db, COUNT "username = ? AND ip = ? AND device = ''" SINCE, "ttii",
                               username, ip, since, id),
                      now, LOGIN_FREE_PAIR, LOGIN_CAP);
    w = scope_wait(db_query(db, COUNT "ip = ? AND device = ''" SINCE, "tii", ip, since, id), now,
                   LOGIN_FREE_IP, LOGIN_CAP);
    if (w > wait) wait = w;
    w = scope_wait(
        db_query(db, COUNT "username = ? AND device = ''" SINCE, "tii", username, since, id), now,
        LOGIN_FREE_ACCOUNT, LOGIN_CAP_ACCOUNT);
    if (w > wait) wait = w;
  }
  if (wait > 0) {
    db_exec(db, "DELETE FROM login_failures WHERE id = ?", "i", id);
    return wait;
  }
  *attempt = id;
  return 0;
}

int64_t login_failures_recent(struct db *db, const char *username, int64_t now) {
  return db_int(db, 0, "SELECT COUNT(*) FROM login_failures WHERE username = ? AND at > ?", "ti",
                username, now - LOGIN_WINDOW);
}

bool login_failed(struct db *db, int64_t attempt, const char *username, int64_t now) {
  (void)attempt; /* its row stays as the failure */
  if (login_failures_recent(db, username, now) < LOGIN_ALERT_AT) return false;
  if (!db_int(db, 0, "SELECT COUNT(*) FROM users WHERE username = ?", "t", username)) return false;
  /* one claim per window, whichever node or thread comes first */
  return db_int(db, 0,
                "INSERT INTO login_alerts (username, sent_at) VALUES (?, ?)"
                " ON CONFLICT (username) DO UPDATE SET sent_at = excluded.sent_at"
                " WHERE login_alerts.sent_at <= ? RETURNING 1",
                "tii", username, now, now - LOGIN_WINDOW) == 1;
}

void login_succeeded(struct db *db, int64_t attempt, const char *username, const char *ip,
                     const char *device) {
  db_exec(db, "DELETE FROM login_failures WHERE id = ?", "i", attempt);
  char dh[65] = "";
  if (device && *device) hash_token(device, dh);
  db_exec(db,
          "DELETE FROM login_failures WHERE username = ? AND"
          " ((ip = ? AND device = '') OR (device <> '' AND device = ?))",
          "ttt", username, ip, dh);
}

/* Whether s has the shape of the tokens random_token makes (43 URL-safe base64 characters). */
static bool token_shaped(const char *s) {
  size_t n = 0;
  for (; s[n]; n++)
    if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
          (s[n] >= '0' && s[n] <= '9') || s[n] == '-' || s[n] == '_'))
      return false;
  return n == 43;
}

char *login_device_trust(struct db *db, struct arena *a, const char *device, int64_t user_id,
                         int64_t now) {
  char h[65];
  /* the browser keeps its one value for every account it logs in; a value this server never
  ** gave (or no longer knows) is replaced */
  bool known = false;
  if (device && token_shaped(device)) {
    hash_token(device, h);
    known = db_int(db, 0, "SELECT COUNT(*) FROM login_devices WHERE token_hash = ?", "t", h) > 0;
  }
  char *token = known ? arena_strdup(a, device) : random_token(a, "");
  hash_token(token, h);
  if (db_exec(db, "DELETE FROM login_devices WHERE last_used_at <= ?", "i",
              now - (int64_t)DEVICE_DAYS * 86400) != DB_DONE ||
      db_exec(db,
              "INSERT INTO login_devices (token_hash, user_id, created_at, last_used_at)"
              " VALUES (?, ?, ?, ?) ON CONFLICT (token_hash, user_id)"
              " DO UPDATE SET last_used_at = excluded.last_used_at",
              "tiii", h, user_id, now, now) != DB_DONE)
    return NULL;
  return token;
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
