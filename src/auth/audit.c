/* src/auth/audit.c: hash-chained audit entries. The hash is BLAKE2b-256 over the previous
** hash and every stored field, each length-prefixed so that no two entries hash alike. */
#include "audit.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access.h"
#include "base/timeutil.h"
#include "db/db.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

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

static void entry_hash(const char *prev, const struct entry *e, char out[65]) {
  crypto_generichash_state s;
  crypto_generichash_init(&s, NULL, 0, 32);
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
  unsigned char h[32];
  crypto_generichash_final(&s, h, sizeof h);
  sodium_bin2hex(out, 65, h, sizeof h);
}

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
  char prev[65] = GENESIS, hash[65];
  /* the caller's transaction holds the write lock, so the head cannot move under us */
  struct db_stmt *st = db_query(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", "");
  if (db_step(st) == DB_ROW) snprintf(prev, sizeof prev, "%s", db_col_text(st, 0));
  db_done(st);
  entry_hash(prev, &e, hash);
  int rc = db_exec(db,
                   "INSERT INTO audit_log (at, user_id, username, action, entity, entity_id,"
                   " committee_id, before_json, after_json, ip, prev_hash, hash)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "iittti"
                   "ittttt",
                   e.at, e.user_id, e.username, e.action, e.entity, e.entity_id, e.committee_id, b,
                   a, e.ip, prev, hash);
  free(b);
  free(a);
  return rc == DB_DONE;
}

int64_t audit_verify(struct db *db, int64_t *count) {
  struct db_stmt *st = db_query(db,
                                "SELECT id, at, COALESCE(user_id,0), username, action, entity,"
                                " COALESCE(entity_id,0), COALESCE(committee_id,0), before_json,"
                                " after_json, ip, prev_hash, hash FROM audit_log ORDER BY id",
                                "");
  char prev[65] = GENESIS, hash[65];
  int64_t n = 0, bad = 0;
  while (db_step(st) == DB_ROW) {
    n++;
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
    entry_hash(prev, &e, hash);
    if (strcmp(db_col_text(st, 11), prev) || strcmp(db_col_text(st, 12), hash)) {
      bad = db_col_int(st, 0);
      break;
    }
    memcpy(prev, hash, sizeof prev);
  }
  db_done(st);
  if (count) *count = n;
  return bad;
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
  /* computing the chain again must not cover up a chain already broken */
  int64_t broken = audit_verify(db, NULL);
  if (broken) {
    fprintf(stderr, "lvzhi: 审计日志第 %lld 条校验不通过，不能改写；请先查明原因\n",
            (long long)broken);
    return -1;
  }
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
        entry_hash(prev, &r->e, hash);
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
    }
    if (!ok) changed = -1;
    if (!ok || n < BATCH) break;
  }
  free(rows);
  return changed;
}
