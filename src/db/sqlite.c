/* src/db/sqlite.c: the SQLite driver of db.h (WAL, foreign keys, busy timeout). */
#include "driver.h"
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sqlite_db {
  struct db base;
  sqlite3 *h;
};

struct sqlite_stmt {
  struct db_stmt base;
  sqlite3_stmt *s;
};

#define H(db) (((struct sqlite_db *)(db))->h)
#define S(st) (((struct sqlite_stmt *)(st))->s)

static void sq_close(struct db *db) {
  sqlite3_close_v2(H(db));
  free(db);
}

static const char *sq_errmsg(struct db *db) { return sqlite3_errmsg(H(db)); }

static struct db_stmt *sq_prepare(struct db *db, const char *sql) {
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v3(H(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
    fprintf(stderr, "lvzhi: sql error: %s\n  in: %s\n", sqlite3_errmsg(H(db)), sql);
    return NULL;
  }
  struct sqlite_stmt *st = calloc(1, sizeof *st);
  st->s = s;
  return &st->base;
}

static void sq_finalize(struct db_stmt *st) {
  sqlite3_finalize(S(st));
  if (st->cached) free((char *)st->sql);
  free(st);
}

static int sq_bind_int(struct db_stmt *st, int i, int64_t v) {
  return sqlite3_bind_int64(S(st), i, v);
}
static int sq_bind_text(struct db_stmt *st, int i, const char *s) {
  return sqlite3_bind_text(S(st), i, s, -1, SQLITE_TRANSIENT);
}
static int sq_bind_blob(struct db_stmt *st, int i, const void *p, size_t n) {
  return sqlite3_bind_blob64(S(st), i, p, n, SQLITE_TRANSIENT);
}
static int sq_bind_null(struct db_stmt *st, int i) { return sqlite3_bind_null(S(st), i); }

static int sq_step(struct db_stmt *st) {
  int rc = sqlite3_step(S(st));
  if (rc == SQLITE_ROW) return DB_ROW;
  if (rc == SQLITE_DONE) return DB_DONE;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return DB_CONSTRAINT;
  fprintf(stderr, "lvzhi: sql step error: %s\n  in: %s\n", sqlite3_errmsg(H(st->db)),
          sqlite3_sql(S(st)));
  return DB_ERROR;
}

static void sq_reset(struct db_stmt *st) {
  sqlite3_reset(S(st));
  sqlite3_clear_bindings(S(st));
}

static int sq_col_count(struct db_stmt *st) { return sqlite3_column_count(S(st)); }
static const char *sq_col_name(struct db_stmt *st, int i) { return sqlite3_column_name(S(st), i); }
static bool sq_col_null(struct db_stmt *st, int i) {
  return sqlite3_column_type(S(st), i) == SQLITE_NULL;
}
static int64_t sq_col_int(struct db_stmt *st, int i) { return sqlite3_column_int64(S(st), i); }
static double sq_col_double(struct db_stmt *st, int i) { return sqlite3_column_double(S(st), i); }
static const char *sq_col_text(struct db_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(S(st), i);
  return t ? (const char *)t : "";
}
static const void *sq_col_blob(struct db_stmt *st, int i, size_t *len) {
  const void *p = sqlite3_column_blob(S(st), i);
  *len = (size_t)sqlite3_column_bytes(S(st), i);
  return p;
}

static int64_t sq_changes(struct db *db) { return sqlite3_changes64(H(db)); }

static int sq_exec_script(struct db *db, const char *sql) {
  char *msg = NULL;
  int rc = sqlite3_exec(H(db), sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    fprintf(stderr, "lvzhi: sql error: %s\n", msg ? msg : sqlite3_errmsg(H(db)));
    sqlite3_free(msg);
    return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
  }
  return DB_DONE;
}

/* SQLite creates a database file with mode 0644 (less the umask), and its -wal and -shm files
** with the database file's mode. A database holds sealed ID numbers, password hashes and
** sessions: a file that does not exist yet is created here, empty, readable by its owner only
** (0600), and SQLite then fills it. ":memory:" and "file:" URIs are left to SQLite. */
static void create_private(const char *path) {
  if (!*path || *path == ':' || !strncmp(path, "file:", 5)) return;
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) close(fd);
}

static int sq_backup(struct db *db, const char *dest, char **err) {
  sqlite3 *out = NULL;
  create_private(dest);
  if (sqlite3_open(dest, &out) != SQLITE_OK) {
    *err = strdup(sqlite3_errmsg(out));
    sqlite3_close(out);
    return DB_ERROR;
  }
  sqlite3_backup *b = sqlite3_backup_init(out, "main", H(db), "main");
  if (!b) {
    *err = strdup(sqlite3_errmsg(out));
    sqlite3_close(out);
    return DB_ERROR;
  }
  int rc;
  /* one step copies the whole file from one read snapshot: in WAL mode a reader holds up no
  ** writer. (Copying in small steps restarted from the first page after every write by another
  ** connection, so a server writing steadily kept a backup from ever finishing.) */
  do {
    rc = sqlite3_backup_step(b, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    *err = strdup(sqlite3_errmsg(out));
    sqlite3_close(out);
    return DB_ERROR;
  }
  sqlite3_close(out);
  return DB_DONE;
}

static const struct db_ops sqlite_ops = {
    .kind = DB_SQLITE,
    .close = sq_close,
    .errmsg = sq_errmsg,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .reset = sq_reset,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .col_null = sq_col_null,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .changes = sq_changes,
    .exec_script = sq_exec_script,
    .begin_sql = "BEGIN IMMEDIATE",
    .backup = sq_backup,
};

/* Before SQLite initialises: no memory statistics (every allocation would otherwise take one
** process-wide mutex, which the loop threads contend for; issue 17). */
static void sq_configure(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
static pthread_once_t sq_configured = PTHREAD_ONCE_INIT;

/* Opens (creating) the SQLite file at path with WAL, foreign keys and a busy timeout. */
struct db *sqlite_open(const char *path, char **err) {
  pthread_once(&sq_configured, sq_configure);
  sqlite3 *h = NULL;
  create_private(path);
  int rc = sqlite3_open_v2(path, &h,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    if (err) {
      const char *m = h ? sqlite3_errmsg(h) : "out of memory";
      size_t n = strlen(m) + strlen(path) + 32;
      *err = malloc(n);
      snprintf(*err, n, "%s: %s", path, m);
    }
    sqlite3_close(h);
    return NULL;
  }
  sqlite3_busy_timeout(h, 5000);
  sqlite3_extended_result_codes(h, 1);
  char *msg = NULL;
  /* secure_delete: deleted content is overwritten, so that the file keeps no residue of it
  ** (等保 2.0, residual information); Debian's SQLite has it on by default, this makes it so on
  ** every build */
  if (sqlite3_exec(h,
                   "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
                   "PRAGMA cache_size=-8000; PRAGMA secure_delete=ON;",
                   NULL, NULL, &msg) != SQLITE_OK) {
    if (err) *err = strdup(msg ? msg : "cannot configure database");
    sqlite3_free(msg);
    sqlite3_close(h);
    return NULL;
  }
  struct sqlite_db *db = calloc(1, sizeof *db);
  db->base.ops = &sqlite_ops;
  db->h = h;
  return &db->base;
}
