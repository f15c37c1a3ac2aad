/* src/db/db.c: the engine-independent half of db.h: statement cache, binding, helpers. */
#include "driver.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db *db_open(const char *url, char **err) {
  if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
    return pg_open(url, err);
  if (!strncmp(url, "sqlite:", 7)) url += 7;
  return sqlite_open(url, err);
}

void db_close(struct db *db) {
  if (!db) return;
  for (int i = 0; i < DB_CACHE_SLOTS; i++) {
    struct db_stmt *s = db->cache[i];
    while (s) {
      struct db_stmt *n = s->next;
      db->ops->finalize(s);
      s = n;
    }
  }
  db->ops->close(db);
}

enum db_kind db_engine(const struct db *db) { return db->ops->kind; }
const char *db_errmsg(struct db *db) { return db->ops->errmsg(db); }
int64_t db_changes(struct db *db) { return db->ops->changes(db); }
int db_cached_statements(struct db *db) { return db->ncached; }

/* The cache slot's hash: FNV-1a over the text's length and at most its first and last 48
** bytes (a whole statement's text took a microsecond a query; texts that share both ends only
** share a chain, where strcmp tells them apart). */
static unsigned sql_hash(const char *s) {
  size_t n = strlen(s);
  unsigned h = 2166136261u ^ (unsigned)n;
  const char *end = s + n, *head = n > 96 ? s + 48 : end;
  for (const char *p = s; p < head; p++) h = (h ^ (unsigned char)*p) * 16777619u;
  for (const char *p = n > 96 ? end - 48 : end; p < end; p++)
    h = (h ^ (unsigned char)*p) * 16777619u;
  return h;
}

/* Finds a free cached statement for sql, or prepares one (cached unless a statement of the
** same text is already in use, as in a nested query). */
static struct db_stmt *stmt_get(struct db *db, const char *sql) {
  unsigned slot = sql_hash(sql) % DB_CACHE_SLOTS;
  bool seen = false;
  for (struct db_stmt *s = db->cache[slot]; s; s = s->next) {
    if (s->sql == sql || !strcmp(s->sql, sql)) {
      seen = true;
      if (!s->busy) {
        s->busy = true;
        db->nbusy++;
        return s;
      }
    }
  }
  struct db_stmt *s = db->ops->prepare(db, sql);
  if (!s) return NULL;
  s->db = db;
  s->busy = true;
  db->nbusy++;
  if (!seen) {
    s->sql = strdup(sql);
    s->cached = true;
    s->next = db->cache[slot];
    db->cache[slot] = s;
    db->ncached++;
  } else {
    s->sql = NULL;
    s->cached = false;
  }
  return s;
}

static struct db_stmt *vquery(struct db *db, const char *sql, const char *types, va_list ap) {
  struct db_stmt *st = stmt_get(db, sql);
  if (!st) return NULL;
  const struct db_ops *o = db->ops;
  int i = 1;
  for (const char *t = types ? types : ""; *t; t++, i++) {
    switch (*t) {
    case 'i':
      o->bind_int(st, i, va_arg(ap, int64_t));
      break;
    case 'I': {
      int64_t v = va_arg(ap, int64_t);
      if (v)
        o->bind_int(st, i, v);
      else
        o->bind_null(st, i);
      break;
    }
    case 'b':
      o->bind_int(st, i, va_arg(ap, int) ? 1 : 0);
      break;
    case 't': {
      const char *s = va_arg(ap, const char *);
      if (s)
        o->bind_text(st, i, s);
      else
        o->bind_null(st, i);
      break;
    }
    case 'B': {
      const void *p = va_arg(ap, const void *);
      size_t n = va_arg(ap, size_t);
      if (p)
        o->bind_blob(st, i, p, n);
      else
        o->bind_null(st, i);
      break;
    }
    case 'n':
      o->bind_null(st, i);
      break;
    default:
      fprintf(stderr, "lvzhi: db_query: bad type '%c' for %s\n", *t, sql);
      abort();
    }
  }
  return st;
}

struct db_stmt *db_query(struct db *db, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  struct db_stmt *st = vquery(db, sql, types, ap);
  va_end(ap);
  return st;
}

struct db_stmt *db_query_values(struct db *db, const char *sql, int n, const struct db_value *v) {
  struct db_stmt *st = stmt_get(db, sql);
  if (!st) return NULL;
  const struct db_ops *o = db->ops;
  for (int i = 0; i < n; i++) {
    switch (v[i].type) {
    case 'i':
      o->bind_int(st, i + 1, v[i].i);
      break;
    case 't':
      if (v[i].s)
        o->bind_text(st, i + 1, v[i].s);
      else
        o->bind_null(st, i + 1);
      break;
    case 'B':
      o->bind_blob(st, i + 1, v[i].s, v[i].len);
      break;
    default:
      o->bind_null(st, i + 1);
      break;
    }
  }
  return st;
}

int db_step(struct db_stmt *st) { return st ? st->db->ops->step(st) : DB_ERROR; }
int db_col_count(struct db_stmt *st) { return st->db->ops->col_count(st); }
const char *db_col_name(struct db_stmt *st, int i) { return st->db->ops->col_name(st, i); }
bool db_col_null(struct db_stmt *st, int i) { return st->db->ops->col_null(st, i); }
int64_t db_col_int(struct db_stmt *st, int i) { return st->db->ops->col_int(st, i); }
double db_col_double(struct db_stmt *st, int i) { return st->db->ops->col_double(st, i); }
const char *db_col_text(struct db_stmt *st, int i) { return st->db->ops->col_text(st, i); }
const void *db_col_blob(struct db_stmt *st, int i, size_t *len) {
  return st->db->ops->col_blob(st, i, len);
}

void db_done(struct db_stmt *st) {
  if (!st) return;
  st->db->nbusy--;
  if (st->cached) {
    st->db->ops->reset(st);
    st->busy = false;
  } else {
    st->db->ops->finalize(st);
  }
}

int db_settle(struct db *db) {
  if (!db || (!db->nbusy && !db->tx_depth)) return 0;
  int fixed = 0;
  for (int i = 0; i < DB_CACHE_SLOTS && db->nbusy > 0; i++)
    for (struct db_stmt *s = db->cache[i]; s; s = s->next)
      if (s->busy) {
        fprintf(stderr, "lvzhi: a statement was left open (no db_done): %s\n", s->sql);
        db_done(s);
        fixed++;
      }
  if (db->nbusy < 0) fprintf(stderr, "lvzhi: db_done was called twice on a statement\n");
  if (db->nbusy > 0) { /* copies outside the cache cannot be found: their memory is lost */
    fprintf(stderr, "lvzhi: %d statement copies were left open (no db_done)\n", db->nbusy);
    fixed += db->nbusy;
  }
  db->nbusy = 0;
  while (db->tx_depth > 0) {
    fprintf(stderr, "lvzhi: a transaction was left open (no commit or rollback): rolled back\n");
    db_rollback(db);
    fixed++;
  }
  return fixed;
}

int db_exec(struct db *db, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  struct db_stmt *st = vquery(db, sql, types, ap);
  va_end(ap);
  if (!st) return DB_ERROR;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
  }
  db_done(st);
  return rc;
}

int64_t db_int(struct db *db, int64_t dflt, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  struct db_stmt *st = vquery(db, sql, types, ap);
  va_end(ap);
  if (!st) return dflt;
  int64_t v = dflt;
  if (db_step(st) == DB_ROW && !db_col_null(st, 0)) v = db_col_int(st, 0);
  db_done(st);
  return v;
}

int db_exec_script(struct db *db, const char *sql) { return db->ops->exec_script(db, sql); }

/* Runs a savepoint statement (fmt with the level's number) for the transaction's level. */
static int savepoint_sql(struct db *db, const char *fmt, int level) {
  char sql[96];
  snprintf(sql, sizeof sql, fmt, level, level);
  return db_exec_script(db, sql);
}

/* Transactions nest. The outermost db_begin opens the engine's transaction (begin_sql); an
** inner one sets SAVEPOINT lvzhi_N (N the depth it opens at); an inner commit RELEASEs it, so
** that its writes become part of the enclosing level; an inner rollback goes back to it
** (ROLLBACK TO, then RELEASE) and leaves the enclosing level open, as it was at the inner
** begin. When a savepoint statement fails (the connection is gone, or on PostgreSQL the
** transaction is already aborted) the whole transaction is doomed: no level can commit any
** more, every db_commit says DB_ERROR, and the outermost db_rollback ends it. */
int db_begin(struct db *db) {
  if (db->tx_depth == 0) {
    db->tx_doomed = false;
    db->tx_depth = 1; /* before the engine runs it: pg.c reconnects only when opening */
    int rc = db_exec_script(db, db->ops->begin_sql);
    if (rc != DB_DONE) db->tx_depth = 0;
    return rc;
  }
  if (db->tx_doomed) return DB_ERROR;
  int rc = savepoint_sql(db, "SAVEPOINT lvzhi_%d", db->tx_depth);
  if (rc == DB_DONE)
    db->tx_depth++;
  else
    db->tx_doomed = true; /* no level opened: the caller does not end one */
  return rc;
}

int db_commit(struct db *db) {
  if (db->tx_depth == 0) return DB_ERROR;
  if (db->tx_doomed) return DB_ERROR; /* still open: the caller's rollback ends the level */
  int rc = db->tx_depth == 1 ? db_exec_script(db, "COMMIT")
                             : savepoint_sql(db, "RELEASE lvzhi_%d", db->tx_depth - 1);
  if (rc == DB_DONE)
    db->tx_depth--;
  else if (db->tx_depth > 1)
    db->tx_doomed = true;
  /* on failure the level stays open: the caller's rollback must reach it */
  return rc;
}

int db_rollback(struct db *db) {
  if (db->tx_depth == 0) return DB_ERROR;
  if (db->tx_depth == 1) {
    db->tx_depth = 0;
    db->tx_doomed = false;
    return db_exec_script(db, "ROLLBACK");
  }
  int level = --db->tx_depth;
  if (db->tx_doomed) return DB_DONE; /* the outermost rollback ends it all */
  int rc = savepoint_sql(db, "ROLLBACK TO lvzhi_%d; RELEASE lvzhi_%d", level);
  if (rc != DB_DONE) db->tx_doomed = true;
  return rc;
}

int db_listen(struct db *db, const char *channel) {
  return db->ops->listen ? db->ops->listen(db, channel) : DB_DONE;
}

int db_notify(struct db *db, const char *channel) {
  return db->ops->notify ? db->ops->notify(db, channel) : DB_DONE;
}

bool db_notified(struct db *db) { return db->ops->notified && db->ops->notified(db); }

int db_backup(struct db *db, const char *dest, char **err) {
  if (!db->ops->backup) {
    *err = strdup("backup through lvzhi is for SQLite; use pg_dump for PostgreSQL");
    return DB_ERROR;
  }
  return db->ops->backup(db, dest, err);
}
