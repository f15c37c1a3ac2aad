/* src/db/driver.h: what an engine driver provides to db.c (not for modules). */
#ifndef LVZHI_DB_DRIVER_H
#define LVZHI_DB_DRIVER_H
#include "db.h"

struct db_ops {
  enum db_kind kind;
  void (*close)(struct db *db);
  const char *(*errmsg)(struct db *db);
  struct db_stmt *(*prepare)(struct db *db, const char *sql); /* uncached, fresh */
  void (*finalize)(struct db_stmt *st);
  int (*bind_int)(struct db_stmt *st, int i, int64_t v);
  int (*bind_text)(struct db_stmt *st, int i, const char *s);
  int (*bind_blob)(struct db_stmt *st, int i, const void *p, size_t n);
  int (*bind_null)(struct db_stmt *st, int i);
  int (*step)(struct db_stmt *st);
  void (*reset)(struct db_stmt *st);
  int (*col_count)(struct db_stmt *st);
  const char *(*col_name)(struct db_stmt *st, int i);
  bool (*col_null)(struct db_stmt *st, int i);
  int64_t (*col_int)(struct db_stmt *st, int i);
  double (*col_double)(struct db_stmt *st, int i);
  const char *(*col_text)(struct db_stmt *st, int i);
  const void *(*col_blob)(struct db_stmt *st, int i, size_t *len);
  int64_t (*changes)(struct db *db);
  int (*exec_script)(struct db *db, const char *sql);
  const char *begin_sql;
  int (*backup)(struct db *db, const char *dest, char **err);
  /* events between processes (PostgreSQL LISTEN/NOTIFY); NULL where the engine has none */
  int (*listen)(struct db *db, const char *channel);
  int (*notify)(struct db *db, const char *channel);
  bool (*notified)(struct db *db);
};

#define DB_CACHE_SLOTS 256

/* The part of every connection db.c manages; drivers embed it first. */
struct db {
  const struct db_ops *ops;
  struct db_stmt *cache[DB_CACHE_SLOTS];
  int ncached;
  int tx_depth;   /* open levels of db_begin: 1 the engine's transaction, more savepoints */
  bool tx_doomed; /* a savepoint failed: no level may commit, the outermost rollback ends it */
  int nbusy;      /* statements handed out and not yet given back with db_done */
};

/* The part of every statement db.c manages; drivers embed it first. */
struct db_stmt {
  struct db *db;
  const char *sql; /* the caller's text (cache key) */
  bool cached, busy;
  struct db_stmt *next; /* cache chain */
};

struct db *sqlite_open(const char *path, char **err);
struct db *pg_open(const char *url, char **err);

#endif
