/* src/auth/audit.c: the keyed audit chain and its head (see audit.h).
**
** An entry's hash is BLAKE2b-256 over the previous hash and every stored field, each
** length-prefixed so that no two entries hash alike; keyed with the chain's subkey for entries
** written since migration 12, unkeyed (as before) for the `legacy` entries the head counts
** first. The head's MAC is keyed BLAKE2b over a fixed tag, the entry count, the legacy count and
** the last hash. */
#include "audit.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/like.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "secret.h"

#define GENESIS  "0000000000000000000000000000000000000000000000000000000000000000"
#define HEAD_TAG "lvzhi.audit.head.v1"

/* Set once at setup (audit_set_key), read by every thread afterwards. */
static unsigned char chain_key[crypto_generichash_KEYBYTES];
static bool chain_keyed;

const struct label audit_problems[] = {
    {"ok", "审计链完整", "The chain holds"},
    {"entry", "有记录的哈希或链接不符（记录被修改、删除或插入）",
     "An entry's hash or link does not hold (an entry was changed, removed or inserted)"},
    {"head_missing", "链头缺失（链头被删除）", "The head of the chain is missing"},
    {"head_unsealed", "链头尚未封存（升级后还没有带密钥的进程写入过审计日志）",
     "The head is not sealed yet (no process with the key has written since the upgrade)"},
    {"head_forged", "链头的校验值不符（链头被不持有密钥者改动）",
     "The head's MAC does not hold (it was changed without the key)"},
    {"head_mismatch", "记录条数或最后一条记录与链头不符（最新的记录被删除或被重写）",
     "The entries do not end where the head says (the newest were removed or rewritten)"},
    {"no_key", "没有安装密钥，无法校验", "No installation key to check with"},
    {"db_error", "读取审计日志失败", "The audit log could not be read"},
    {NULL},
};

void audit_set_key(const unsigned char *installation_key) {
  if (!installation_key) {
    sodium_memzero(chain_key, sizeof chain_key);
    chain_keyed = false;
    return;
  }
  if (sodium_init() < 0) abort();
  secret_subkey(installation_key, 1, "lvzhiaud", chain_key);
  chain_keyed = true;
}

bool audit_has_key(void) { return chain_keyed; }

struct entry {
  int64_t at, user_id, entity_id, committee_id;
  const char *username, *action, *entity, *before, *after, *ip;
};

static void put(crypto_generichash_state *s, const char *v) {
  uint32_t n = v ? (uint32_t)strlen(v) : 0xffffffffu;
  crypto_generichash_update(s, (const unsigned char *)&n, sizeof n);
  if (v) crypto_generichash_update(s, (const unsigned char *)v, strlen(v));
}

static void put_int(crypto_generichash_state *s, int64_t v) {
  char b[24];
  snprintf(b, sizeof b, "%lld", (long long)v);
  put(s, b);
}

static void to_hex(crypto_generichash_state *s, char out[65]) {
  unsigned char h[32];
  crypto_generichash_final(s, h, sizeof h);
  sodium_bin2hex(out, 65, h, sizeof h);
}

/* The entry's hash: keyed (the chain's key) or, for a legacy entry, unkeyed. */
static void entry_hash(bool keyed, const char *prev, const struct entry *e, char out[65]) {
  crypto_generichash_state s;
  crypto_generichash_init(&s, keyed ? chain_key : NULL, keyed ? sizeof chain_key : 0, 32);
  put(&s, prev);
  put_int(&s, e->at);
  put_int(&s, e->user_id);
  put(&s, e->username);
  put(&s, e->action);
  put(&s, e->entity);
  put_int(&s, e->entity_id);
  put_int(&s, e->committee_id);
  put(&s, e->before);
  put(&s, e->after);
  put(&s, e->ip);
  to_hex(&s, out);
}

static void head_mac(int64_t entries, int64_t legacy, const char *last, char out[65]) {
  crypto_generichash_state s;
  crypto_generichash_init(&s, chain_key, sizeof chain_key, 32);
  put(&s, HEAD_TAG);
  put_int(&s, entries);
  put_int(&s, legacy);
  put(&s, last);
  to_hex(&s, out);
}

/* Whether two hex hashes are equal, in constant time. */
static bool same_hash(const char *a, const char *b) {
  return strlen(a) == 64 && strlen(b) == 64 && sodium_memcmp(a, b, 64) == 0;
}

struct head {
  bool found;
  int64_t entries, legacy;
  char last[65], mac[65];
};

static bool head_read(struct db *db, struct head *h) {
  memset(h, 0, sizeof *h);
  struct db_stmt *st =
      db_query(db, "SELECT entries, legacy, last_hash, mac FROM audit_head WHERE id = 1", "");
  if (!st) return false;
  int rc = db_step(st);
  if (rc == DB_ROW) {
    h->found = true;
    h->entries = db_col_int(st, 0);
    h->legacy = db_col_int(st, 1);
    snprintf(h->last, sizeof h->last, "%s", db_col_text(st, 2));
    snprintf(h->mac, sizeof h->mac, "%s", db_col_text(st, 3));
  }
  db_done(st);
  return rc == DB_ROW || rc == DB_DONE;
}

static bool head_valid(const struct head *h) {
  char mac[65];
  head_mac(h->entries, h->legacy, h->last, mac);
  return h->found && same_hash(mac, h->mac);
}

static bool head_write(struct db *db, int64_t entries, int64_t legacy, const char *last) {
  char mac[65];
  head_mac(entries, legacy, last, mac);
  return db_exec(db,
                 "UPDATE audit_head SET entries = ?, legacy = ?, last_hash = ?, mac = ?"
                 " WHERE id = 1",
                 "iitt", entries, legacy, last, mac) == DB_DONE;
}

/* Appends e after the newest entry and moves a valid head on by one. A head that does not hold
** (missing, unsealed, forged) is left as it is, so that the check keeps saying so. */
static bool append(struct db *db, const struct entry *e) {
  char prev[65] = GENESIS, hash[65];
  struct db_stmt *st = db_query(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", "");
  if (!st) return false;
  int rc = db_step(st);
  if (rc == DB_ROW) snprintf(prev, sizeof prev, "%s", db_col_text(st, 0));
  db_done(st);
  if (rc != DB_ROW && rc != DB_DONE) return false;
  entry_hash(true, prev, e, hash);
  if (db_exec(db,
              "INSERT INTO audit_log (at, user_id, username, action, entity, entity_id,"
              " committee_id, before_json, after_json, ip, prev_hash, hash)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              "iittti"
              "ittttt",
              e->at, e->user_id, e->username, e->action, e->entity, e->entity_id, e->committee_id,
              e->before, e->after, e->ip, prev, hash) != DB_DONE)
    return false;
  struct head h;
  if (!head_read(db, &h)) return false;
  if (!head_valid(&h)) return true;
  return head_write(db, h.entries + 1, h.legacy, hash);
}

/* Signs a head migration 12 left unsealed, as it stands, and records the legacy entries it
** took. Inside the caller's transaction. */
static bool seal(struct db *db) {
  struct head h;
  if (!head_read(db, &h)) return false;
  if (!h.found || h.mac[0]) return true;
  if (!head_write(db, h.entries, h.legacy, h.last)) return false;
  if (!h.legacy) return true;
  char *after = NULL;
  json_t *a = json_pack("{s:I,s:s}", "legacy_entries", (json_int_t)h.legacy, "legacy_head", h.last);
  after = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(a);
  struct entry e = {.at = time_now(),
                    .username = "system",
                    .action = "seal",
                    .entity = "audit_log",
                    .after = after,
                    .ip = ""};
  bool ok = after && append(db, &e);
  free(after);
  if (ok)
    log_info("audit: sealed the head over %lld entries written before the key",
             (long long)h.legacy);
  return ok;
}

/* Runs fn(db, arg) in a transaction level of its own (a savepoint inside the caller's). */
static bool in_tx(struct db *db, bool (*fn)(struct db *, const void *), const void *arg) {
  if (db_begin(db) != DB_DONE) return false;
  if (fn(db, arg) && db_commit(db) == DB_DONE) return true;
  db_rollback(db);
  return false;
}

static bool seal_then_append(struct db *db, const void *arg) { return seal(db) && append(db, arg); }

static bool seal_only(struct db *db, const void *arg) {
  (void)arg;
  return seal(db);
}

static bool record(struct db *db, const struct entry *e) {
  if (!chain_keyed) {
    log_error("audit: no key (audit_set_key) in this process; entry %s %s refused", e->action,
              e->entity);
    return false;
  }
  return in_tx(db, seal_then_append, e);
}

bool audit_seal(struct db *db) { return chain_keyed && in_tx(db, seal_only, NULL); }

bool audit_record(struct db *db, const struct user *user, const char *ip, const char *action,
                  const char *entity, int64_t entity_id, int64_t committee_id, const json_t *before,
                  const json_t *after) {
  char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  struct entry e = {
      .at = time_now(),
      .user_id = user ? user->id : 0,
      .entity_id = entity_id,
      .committee_id = committee_id,
      .username = user ? user->username : "system",
      .action = action,
      .entity = entity,
      .before = b,
      .after = a,
      .ip = ip ? ip : "",
  };
  bool ok = record(db, &e);
  free(b);
  free(a);
  return ok;
}

bool audit_login_failed(struct db *db, const char *username, const char *ip) {
  char name[65];
  size_t n = strlen(username ? username : "");
  if (n > 64) n = 64;
  while (n && ((unsigned char)username[n] & 0xc0) == 0x80) n--; /* not inside a character */
  snprintf(name, sizeof name, "%.*s", (int)n, username ? username : "");
  struct entry e = {.at = time_now(),
                    .username = name,
                    .action = "login_failed",
                    .entity = "session",
                    .ip = ip ? ip : ""};
  return record(db, &e);
}

enum audit_problem audit_check(struct db *db, struct audit_check *out) {
  memset(out, 0, sizeof *out);
  out->head_entries = -1;
  struct head h;
  if (!head_read(db, &h)) return out->problem = AUDIT_DB_ERROR;
  if (h.found) {
    out->head_entries = h.entries;
    snprintf(out->head_hash, sizeof out->head_hash, "%s", h.last);
  }
  /* without a head the count of old entries is not known: an entry holds under the key, or
  ** (until the first that does) under the old unkeyed hash; the first that holds under
  ** neither is named */
  int64_t legacy = h.found ? h.legacy : INT64_MAX;
  bool keyed_seen = false;
  struct db_stmt *st = db_query(db,
                                "SELECT id, at, COALESCE(user_id,0), username, action, entity,"
                                " COALESCE(entity_id,0), COALESCE(committee_id,0), before_json,"
                                " after_json, ip, prev_hash, hash FROM audit_log ORDER BY id",
                                "");
  if (!st) return out->problem = AUDIT_DB_ERROR;
  char prev[65] = GENESIS, hash[65];
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    bool keyed = out->entries >= legacy;
    if (keyed && !chain_keyed) {
      out->problem = AUDIT_NO_KEY;
      break;
    }
    struct entry e = {
        .at = db_col_int(st, 1),
        .user_id = db_col_int(st, 2),
        .username = db_col_text(st, 3),
        .action = db_col_text(st, 4),
        .entity = db_col_text(st, 5),
        .entity_id = db_col_int(st, 6),
        .committee_id = db_col_int(st, 7),
        .before = db_col_null(st, 8) ? NULL : db_col_text(st, 8),
        .after = db_col_null(st, 9) ? NULL : db_col_text(st, 9),
        .ip = db_col_text(st, 10),
    };
    entry_hash(keyed, prev, &e, hash);
    if (!h.found && !keyed_seen && chain_keyed) {
      char keyed_hash[65];
      entry_hash(true, prev, &e, keyed_hash);
      if (same_hash(db_col_text(st, 12), keyed_hash)) {
        keyed_seen = true;
        memcpy(hash, keyed_hash, sizeof hash);
      }
    } else if (!h.found && keyed_seen)
      entry_hash(true, prev, &e, hash);
    if (!same_hash(db_col_text(st, 11), prev) || !same_hash(db_col_text(st, 12), hash)) {
      out->first_broken = db_col_int(st, 0);
      out->problem = AUDIT_ENTRY;
      break;
    }
    out->entries++;
    memcpy(prev, hash, sizeof prev);
  }
  db_done(st);
  out->legacy = out->entries < legacy ? out->entries : legacy;
  if (out->entries) snprintf(out->last_hash, sizeof out->last_hash, "%s", prev);
  if (out->problem) return out->problem;
  if (rc != DB_DONE) return out->problem = AUDIT_DB_ERROR;
  if (!h.found) return out->problem = AUDIT_HEAD_MISSING;
  if (!h.mac[0]) return out->problem = AUDIT_HEAD_UNSEALED;
  if (!chain_keyed) return out->problem = AUDIT_NO_KEY;
  if (!head_valid(&h)) return out->problem = AUDIT_HEAD_FORGED;
  if (h.entries != out->entries || !same_hash(h.last, prev))
    return out->problem = AUDIT_HEAD_MISMATCH;
  return AUDIT_OK;
}

int64_t audit_verify(struct db *db, int64_t *count) {
  struct audit_check c;
  enum audit_problem p = audit_check(db, &c);
  if (count) *count = c.entries;
  return p == AUDIT_OK ? 0 : p == AUDIT_ENTRY ? c.first_broken : -1;
}

/* Adds "AND <sql>" with one text parameter to the query being built. */
static void where_text(struct buf *sql, struct db_value *v, int *n, const char *clause,
                       const char *value) {
  buf_printf(sql, " AND %s", clause);
  v[(*n)++] = (struct db_value){.type = 't', .s = value};
}

struct db_stmt *audit_query(struct db *db, const struct audit_filter *f, int64_t before,
                            int64_t limit) {
  struct arena a;
  arena_init(&a);
  struct buf sql = {0};
  struct db_value v[24];
  int n = 0;
  buf_puts(&sql, "SELECT a.id, a.at, a.username, a.action, a.entity, a.entity_id,"
                 " a.committee_id, a.before_json, a.after_json, a.ip, a.hash FROM audit_log a");
  const char *path = f->scope_path;
  bool root = false;
  if (path && *path) {
    /* the subtree as a range of paths: "/1/2/" .. "/1/20" (the index serves it) */
    char *hi = arena_strdup(&a, path);
    hi[strlen(hi) - 1] = '0';
    root = strchr(path + 1, '/') == path + strlen(path) - 1;
    buf_printf(&sql,
               " LEFT JOIN committees c ON c.id = a.committee_id WHERE ((c.path >= ? AND"
               " c.path < ?)%s)",
               root ? " OR a.committee_id IS NULL OR a.committee_id = 0" : "");
    v[n++] = (struct db_value){.type = 't', .s = path};
    v[n++] = (struct db_value){.type = 't', .s = hi};
  } else
    buf_puts(&sql, " WHERE 1 = 1");
  if (before > 0) {
    buf_puts(&sql, " AND a.id < ?");
    v[n++] = (struct db_value){.type = 'i', .i = before};
  }
  if (f->username && *f->username) where_text(&sql, v, &n, "a.username = ?", f->username);
  if (f->action && *f->action) where_text(&sql, v, &n, "a.action = ?", f->action);
  if (f->entity && *f->entity) where_text(&sql, v, &n, "a.entity = ?", f->entity);
  if (f->ip && *f->ip) where_text(&sql, v, &n, "a.ip = ?", f->ip);
  if (f->entity_id) {
    buf_puts(&sql, " AND a.entity_id = ?");
    v[n++] = (struct db_value){.type = 'i', .i = f->entity_id};
  }
  if (f->from) {
    buf_puts(&sql, " AND a.at >= ?");
    v[n++] = (struct db_value){.type = 'i', .i = f->from};
  }
  if (f->to) {
    buf_puts(&sql, " AND a.at < ?");
    v[n++] = (struct db_value){.type = 'i', .i = f->to};
  }
  if (f->text && *f->text) {
    const char *like = like_contains(&a, f->text, strlen(f->text));
    buf_puts(&sql,
             " AND (a.username LIKE ?" LIKE_ESCAPE " OR a.action LIKE ?" LIKE_ESCAPE
             " OR a.entity LIKE ?" LIKE_ESCAPE " OR a.ip LIKE ?" LIKE_ESCAPE
             " OR a.before_json LIKE ?" LIKE_ESCAPE " OR a.after_json LIKE ?" LIKE_ESCAPE ")");
    for (int k = 0; k < 6; k++) v[n++] = (struct db_value){.type = 't', .s = like};
  }
  buf_puts(&sql, " ORDER BY a.id DESC");
  if (limit > 0) {
    buf_puts(&sql, " LIMIT ?");
    v[n++] = (struct db_value){.type = 'i', .i = limit};
  }
  struct db_stmt *st = db_query_values(db, sql.data, n, v);
  buf_free(&sql);
  arena_free(&a);
  return st;
}

/* One entry read by audit_rewrite, with its images as stored. */
struct stored {
  int64_t id;
  struct entry e;
  char *before, *after, *prev_hash, *hash; /* malloc'd */
};

/* The image text after edit: a new malloc'd text when edit changed it, else NULL. */
static char *edited(const char *text, const char *entity,
                    bool (*edit)(const char *entity, json_t *image, void *arg), void *arg) {
  if (!text) return NULL;
  json_t *j = json_loads(text, 0, NULL);
  char *out = NULL;
  if (j && edit(entity, j, arg)) out = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(j);
  return out;
}

int64_t audit_rewrite(struct db *db, bool (*edit)(const char *entity, json_t *image, void *arg),
                      void *arg) {
  enum { BATCH = 500 };
  /* computing the chain again must not cover up a chain already broken; a head not yet sealed
  ** (an upgrade, no key yet) is rewritten unsealed */
  struct audit_check c;
  enum audit_problem p = audit_check(db, &c);
  if (p != AUDIT_OK && p != AUDIT_HEAD_UNSEALED) {
    fprintf(stderr, "lvzhi: 审计日志校验不通过（%s，第 %lld 条），不能改写；请先查明原因\n",
            audit_problems[p].zh, (long long)c.first_broken);
    return -1;
  }
  struct head h;
  if (!head_read(db, &h)) return -1;
  int64_t index = 0; /* of the entry in the chain: the first h.legacy hash unkeyed */
  struct stored *rows = calloc(BATCH, sizeof *rows);
  if (!rows) return -1;
  char prev[65] = GENESIS;
  bool chain_moved = false; /* an entry before changed: every hash from here is computed again */
  int64_t after_id = 0, changed = 0;
  for (;;) {
    struct db_stmt *st = db_query(db,
                                  "SELECT id, at, COALESCE(user_id,0), username, action, entity,"
                                  " COALESCE(entity_id,0), COALESCE(committee_id,0), before_json,"
                                  " after_json, ip, prev_hash, hash FROM audit_log WHERE id > ?"
                                  " ORDER BY id LIMIT 500",
                                  "i", after_id);
    int n = 0;
    while (db_step(st) == DB_ROW) {
      struct stored *r = &rows[n++];
      r->id = db_col_int(st, 0);
      r->e = (struct entry){
          .at = db_col_int(st, 1),
          .user_id = db_col_int(st, 2),
          .username = strdup(db_col_text(st, 3)),
          .action = strdup(db_col_text(st, 4)),
          .entity = strdup(db_col_text(st, 5)),
          .entity_id = db_col_int(st, 6),
          .committee_id = db_col_int(st, 7),
          .ip = strdup(db_col_text(st, 10)),
      };
      r->before = db_col_null(st, 8) ? NULL : strdup(db_col_text(st, 8));
      r->after = db_col_null(st, 9) ? NULL : strdup(db_col_text(st, 9));
      r->prev_hash = strdup(db_col_text(st, 11));
      r->hash = strdup(db_col_text(st, 12));
    }
    db_done(st);
    bool ok = true;
    for (int i = 0; i < n; i++) {
      struct stored *r = &rows[i];
      char *b = ok ? edited(r->before, r->e.entity, edit, arg) : NULL,
           *a = ok ? edited(r->after, r->e.entity, edit, arg) : NULL;
      if (ok && (b || a || chain_moved)) {
        r->e.before = b ? b : r->before;
        r->e.after = a ? a : r->after;
        char hash[65];
        entry_hash(index >= h.legacy, prev, &r->e, hash);
        if (b || a) changed++;
        chain_moved = true;
        ok = db_exec(db,
                     "UPDATE audit_log SET before_json = ?, after_json = ?, prev_hash = ?, hash = ?"
                     " WHERE id = ?",
                     "tttti", r->e.before, r->e.after, prev, hash, r->id) == DB_DONE;
        memcpy(prev, hash, sizeof prev);
      } else
        snprintf(prev, sizeof prev, "%s", r->hash);
      free(b);
      free(a);
      free((char *)r->e.username);
      free((char *)r->e.action);
      free((char *)r->e.entity);
      free((char *)r->e.ip);
      free(r->before);
      free(r->after);
      free(r->prev_hash);
      free(r->hash);
      after_id = r->id;
      index++;
    }
    if (!ok) changed = -1;
    if (!ok || n < BATCH) break;
  }
  free(rows);
  if (changed <= 0 || !chain_moved) return changed;
  /* the head moves to the new last hash: signed when it was, left unsealed when it was not */
  bool ok = h.mac[0] ? head_write(db, h.entries, h.legacy, prev)
                     : db_exec(db, "UPDATE audit_head SET last_hash = ? WHERE id = 1", "t", prev) ==
                           DB_DONE;
  return ok ? changed : -1;
}
