/* src/db/pg.c: the PostgreSQL driver of db.h, on libpq.
**
** Statements are prepared on the server (PQprepare) under generated names (stmt_1, stmt_2,
** ...) after the `?` placeholders are rewritten to $1..$n. Parameters travel as text, blobs
** in binary. The first db_step of a statement executes it and keeps the whole result; the
** following steps walk its rows, so statements of one connection may be nested freely.
** Results come back as text: bytea columns are decoded on demand, booleans read as 1/0.
** A connection is owned by one thread, like every struct db. */
#include "driver.h"
#include <postgresql/libpq-fe.h> /* Debian: pkg-config --cflags libpq is -I/usr/include/postgresql */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOOLOID  16 /* type oids of pg_type.h, stable since forever */
#define BYTEAOID 17

/* Every transaction that writes takes this advisory lock at BEGIN, as SQLite's BEGIN
** IMMEDIATE takes the write lock: the audit chain's head cannot move under a writer. */
#define PG_BEGIN "BEGIN; SELECT pg_advisory_xact_lock(7261034)"

struct pg_db {
  struct db base;
  PGconn *conn;
  unsigned next_name;    /* for stmt_N */
  int64_t changes;       /* rows changed by the last INSERT, UPDATE or DELETE */
  char *err;             /* the last error, malloc'd; NULL to ask libpq */
  unsigned session;      /* counts reconnections: statements prepared in an older one are gone */
  char listening[4][32]; /* channels to LISTEN on again after a reconnection */
};

struct pg_stmt {
  struct db_stmt base;
  char name[24];
  char *text;       /* the rewritten SQL, to prepare again after a reconnection */
  unsigned session; /* the connection session it was prepared in */
  int nparams;
  char **values;        /* per parameter: malloc'd text or bytes, NULL for SQL NULL */
  int *lengths;         /* byte length of binary parameters */
  int *formats;         /* 0 text, 1 binary */
  PGresult *res;        /* the result once executed */
  PGresult *desc;       /* the statement's description, when asked for columns before a step */
  int row;              /* current row of res */
  bool ran;             /* executed since the last reset */
  unsigned char **blob; /* decoded bytea values of the current row, by column */
  size_t *blob_len;     /* and their lengths */
};

#define PGDB(db) ((struct pg_db *)(db))
#define PGST(st) ((struct pg_stmt *)(st))

/* Remembers msg (libpq's words, trailing newline dropped) as the connection's last error. */
static void set_err(struct pg_db *db, const char *msg) {
  free(db->err);
  db->err = strdup(msg ? msg : "unknown error");
  size_t n = strlen(db->err);
  while (n && (db->err[n - 1] == '\n' || db->err[n - 1] == ' ')) db->err[--n] = 0;
}

/* Maps a failed result to DB_CONSTRAINT (SQLSTATE class 23) or DB_ERROR, keeping its message. */
static int fail(struct pg_db *db, const PGresult *res, const char *sql) {
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  set_err(db, res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn));
  if (state && !strncmp(state, "23", 2)) return DB_CONSTRAINT;
  fprintf(stderr, "lvzhi: sql error: %s\n  in: %s\n", db->err, sql ? sql : "?");
  return DB_ERROR;
}

/* Records the row count of a write (SELECT leaves it alone, as in SQLite). */
static void note_changes(struct pg_db *db, const PGresult *res) {
  const char *tag = PQcmdStatus((PGresult *)res);
  if (!strncmp(tag, "INSERT", 6) || !strncmp(tag, "UPDATE", 6) || !strncmp(tag, "DELETE", 6))
    db->changes = strtoll(PQcmdTuples((PGresult *)res), NULL, 10);
}

/* Drops notices ("table does not exist, skipping") that libpq would print to stderr. */
static void quiet(void *arg, const char *msg) {
  (void)arg;
  (void)msg;
}

/* Closes the connection (the server forgets its prepared statements with it). */
static void pg_close(struct db *db) {
  PQfinish(PGDB(db)->conn);
  free(PGDB(db)->err);
  free(db);
}

/* The last error of this connection. */
static const char *pg_errmsg(struct db *db) {
  return PGDB(db)->err ? PGDB(db)->err : PQerrorMessage(PGDB(db)->conn);
}

/* Rewrites the `?` placeholders of sql to $1..$n, leaving quoted strings, quoted names and
** comments alone. Returns malloc'd text and the count in *n. */
static char *rewrite_placeholders(const char *sql, int *n) {
  size_t len = strlen(sql), q = 0;
  for (const char *p = sql; *p; p++) q += *p == '?';
  char *out = malloc(len + q * 6 + 1), *o = out;
  *n = 0;
  for (const char *p = sql; *p;) {
    if (*p == '\'' || *p == '"') { /* a string or quoted name: '' and "" double inside */
      char quote = *p;
      *o++ = *p++;
      while (*p && *p != quote) *o++ = *p++;
      if (*p) *o++ = *p++;
    } else if (p[0] == '-' && p[1] == '-') {
      while (*p && *p != '\n') *o++ = *p++;
    } else if (p[0] == '/' && p[1] == '*') {
      const char *end = strstr(p + 2, "*/");
      size_t k = end ? (size_t)(end + 2 - p) : strlen(p);
      memcpy(o, p, k);
      o += k;
      p += k;
    } else if (*p == '?') {
      o += sprintf(o, "$%d", ++*n);
      p++;
    } else
      *o++ = *p++;
  }
  *o = 0;
  return out;
}

/* After the server went away (a restart, a failover to a new primary): connects again, when
** no transaction was open, and LISTENs again. Statements are prepared again on their next
** use. Returns true when the connection is usable. */
static bool revive(struct pg_db *d, bool opening_tx) {
  if (PQstatus(d->conn) == CONNECTION_OK) return true;
  if (d->base.tx_depth > (opening_tx ? 1 : 0)) return false; /* the transaction is lost anyway */
  PQreset(d->conn);
  if (PQstatus(d->conn) != CONNECTION_OK || PQsetClientEncoding(d->conn, "UTF8") != 0) return false;
  d->session++;
  for (int i = 0; i < 4 && d->listening[i][0]; i++) {
    char *id = PQescapeIdentifier(d->conn, d->listening[i], strlen(d->listening[i]));
    char sql[160];
    snprintf(sql, sizeof sql, "LISTEN %s", id ? id : "lvzhi");
    PQfreemem(id);
    PQclear(PQexec(d->conn, sql));
  }
  return true;
}

/* Prepares st's text under its name in the current session. */
static bool prepare_now(struct pg_db *d, struct pg_stmt *st, const char *sql) {
  PGresult *res = PQprepare(d->conn, st->name, st->text, st->nparams, NULL);
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok) fail(d, res, sql);
  PQclear(res);
  st->session = d->session;
  return ok;
}

/* Prepares sql on the server under a fresh name. Returns NULL (error kept) on failure. */
static struct db_stmt *pg_prepare(struct db *db, const char *sql) {
  struct pg_db *d = PGDB(db);
  revive(d, false);
  int n = 0;
  struct pg_stmt *st = calloc(1, sizeof *st);
  st->text = rewrite_placeholders(sql, &n);
  st->nparams = n;
  snprintf(st->name, sizeof st->name, "stmt_%u", ++d->next_name);
  if (!prepare_now(d, st, sql)) {
    free(st->text);
    free(st);
    return NULL;
  }
  st->values = calloc((size_t)n + 1, sizeof *st->values);
  st->lengths = calloc((size_t)n + 1, sizeof *st->lengths);
  st->formats = calloc((size_t)n + 1, sizeof *st->formats);
  return &st->base;
}

/* Frees the decoded blobs of the current row. */
static void free_blobs(struct pg_stmt *st) {
  if (!st->blob || !st->res) return;
  for (int i = 0; i < PQnfields(st->res); i++) {
    if (st->blob[i]) PQfreemem(st->blob[i]);
    st->blob[i] = NULL;
  }
}

/* Forgets the result and every bound parameter, ready for new bindings. */
static void pg_reset(struct db_stmt *base) {
  struct pg_stmt *st = PGST(base);
  free_blobs(st);
  free(st->blob);
  free(st->blob_len);
  st->blob = NULL;
  st->blob_len = NULL;
  PQclear(st->res);
  st->res = NULL;
  st->ran = false;
  for (int i = 0; i < st->nparams; i++) {
    free(st->values[i]);
    st->values[i] = NULL;
    st->lengths[i] = 0;
    st->formats[i] = 0;
  }
}

/* Frees the statement. A statement outside the cache (a nested copy) is deallocated on the
** server; cached ones go only when the connection closes, and with it. */
static void pg_finalize(struct db_stmt *base) {
  struct pg_stmt *st = PGST(base);
  pg_reset(base);
  PQclear(st->desc);
  if (!base->cached && base->db) {
    char sql[48];
    snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
    PQclear(PQexec(PGDB(base->db)->conn, sql));
  }
  if (base->cached) free((char *)base->sql);
  free(st->values);
  free(st->lengths);
  free(st->formats);
  free(st->text);
  free(st);
}

/* Stores parameter i (1-based) as n bytes of p in format fmt; p NULL binds SQL NULL. */
static int put(struct db_stmt *base, int i, const void *p, size_t n, int fmt) {
  struct pg_stmt *st = PGST(base);
  if (i < 1 || i > st->nparams) return DB_ERROR;
  free(st->values[i - 1]);
  st->values[i - 1] = NULL;
  if (p) {
    st->values[i - 1] = malloc(n + 1);
    memcpy(st->values[i - 1], p, n);
    st->values[i - 1][n] = 0;
  }
  st->lengths[i - 1] = (int)n;
  st->formats[i - 1] = fmt;
  return DB_DONE;
}

/* Binds an integer as decimal text. */
static int pg_bind_int(struct db_stmt *st, int i, int64_t v) {
  char b[24];
  int n = snprintf(b, sizeof b, "%lld", (long long)v);
  return put(st, i, b, (size_t)n, 0);
}

/* Binds text. */
static int pg_bind_text(struct db_stmt *st, int i, const char *s) {
  return put(st, i, s, strlen(s), 0);
}

/* Binds bytes as a binary parameter (bytea's binary form is the bytes themselves). */
static int pg_bind_blob(struct db_stmt *st, int i, const void *p, size_t n) {
  return put(st, i, p ? p : "", n, 1);
}

/* Binds SQL NULL. */
static int pg_bind_null(struct db_stmt *st, int i) { return put(st, i, NULL, 0, 0); }

/* Executes the statement on its first step, then moves through the rows of the result. */
static int pg_step(struct db_stmt *base) {
  struct pg_stmt *st = PGST(base);
  struct pg_db *d = PGDB(base->db);
  if (!st->ran) {
    st->ran = true;
    st->row = -1;
    if (!revive(d, false) || (st->session != d->session && !prepare_now(d, st, base->sql)))
      return DB_ERROR;
    PGresult *res = PQexecPrepared(d->conn, st->name, st->nparams, (const char *const *)st->values,
                                   st->lengths, st->formats, 0);
    ExecStatusType s = PQresultStatus(res);
    /* a read that found the connection dead is safe to run again on a new one */
    if (s == PGRES_FATAL_ERROR && PQstatus(d->conn) == CONNECTION_BAD &&
        !strncmp(st->text, "SELECT", 6) && revive(d, false) && prepare_now(d, st, base->sql)) {
      PQclear(res);
      res = PQexecPrepared(d->conn, st->name, st->nparams, (const char *const *)st->values,
                           st->lengths, st->formats, 0);
      s = PQresultStatus(res);
    }
    if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
      int rc = fail(d, res, base->sql);
      PQclear(res);
      return rc;
    }
    note_changes(d, res);
    st->res = res;
    st->blob = calloc((size_t)PQnfields(res) + 1, sizeof *st->blob);
    st->blob_len = calloc((size_t)PQnfields(res) + 1, sizeof *st->blob_len);
  }
  if (!st->res) return DB_DONE;
  free_blobs(st);
  if (st->row + 1 < PQntuples(st->res)) {
    st->row++;
    return DB_ROW;
  }
  st->row = PQntuples(st->res);
  return DB_DONE;
}

/* The result that describes the columns: the executed one, else the prepared statement's
** description (asked of the server once). */
static const PGresult *shape(struct pg_stmt *st) {
  if (st->res) return st->res;
  if (!st->desc) st->desc = PQdescribePrepared(PGDB(st->base.db)->conn, st->name);
  return st->desc;
}

/* Whether column i of the current row exists. */
static bool on_row(struct pg_stmt *st, int i) {
  return st->res && st->row >= 0 && st->row < PQntuples(st->res) && i >= 0 &&
         i < PQnfields(st->res);
}

/* The number of columns of the result. */
static int pg_col_count(struct db_stmt *st) { return PQnfields(shape(PGST(st))); }

/* The name of column i. */
static const char *pg_col_name(struct db_stmt *st, int i) {
  const char *n = PQfname(shape(PGST(st)), i);
  return n ? n : "";
}

/* Whether column i of the current row is NULL (no row reads as NULL). */
static bool pg_col_null(struct db_stmt *base, int i) {
  struct pg_stmt *st = PGST(base);
  return !on_row(st, i) || PQgetisnull(st->res, st->row, i);
}

/* Column i as text: "" for NULL; booleans as "1" and "0", as SQLite has them. */
static const char *pg_col_text(struct db_stmt *base, int i) {
  struct pg_stmt *st = PGST(base);
  if (!on_row(st, i)) return "";
  const char *v = PQgetvalue(st->res, st->row, i);
  if (PQftype(st->res, i) == BOOLOID && !PQgetisnull(st->res, st->row, i))
    return *v == 't' ? "1" : "0";
  return v;
}

/* Column i as an integer (0 for NULL or text that is not a number). */
static int64_t pg_col_int(struct db_stmt *st, int i) {
  return strtoll(pg_col_text(st, i), NULL, 10);
}

/* Column i as a double. */
static double pg_col_double(struct db_stmt *st, int i) { return strtod(pg_col_text(st, i), NULL); }

/* Column i as bytes: a bytea is decoded from its text form (kept until the next step);
** other types give their text. NULL for SQL NULL. */
static const void *pg_col_blob(struct db_stmt *base, int i, size_t *len) {
  struct pg_stmt *st = PGST(base);
  *len = 0;
  if (pg_col_null(base, i)) return NULL;
  if (PQftype(st->res, i) != BYTEAOID) {
    *len = (size_t)PQgetlength(st->res, st->row, i);
    return PQgetvalue(st->res, st->row, i);
  }
  if (!st->blob[i])
    st->blob[i] =
        PQunescapeBytea((const unsigned char *)PQgetvalue(st->res, st->row, i), &st->blob_len[i]);
  *len = st->blob[i] ? st->blob_len[i] : 0;
  return st->blob[i];
}

/* Rows changed by the last write of this connection. */
static int64_t pg_changes(struct db *db) { return PGDB(db)->changes; }

/* Runs a script of one or more statements without parameters. A COMMIT that the server
** turned into a ROLLBACK (an earlier statement of the transaction failed) is an error; a
** BEGIN that could not take the write lock leaves no transaction behind. */
static int pg_exec_script(struct db *db, const char *sql) {
  struct pg_db *d = PGDB(db);
  revive(d, !strcmp(sql, PG_BEGIN));
  PGresult *res = PQexec(d->conn, sql);
  ExecStatusType s = PQresultStatus(res);
  int rc = DB_DONE;
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
    rc = fail(d, res, sql);
    if (!strcmp(sql, PG_BEGIN) && PQtransactionStatus(d->conn) == PQTRANS_INERROR)
      PQclear(PQexec(d->conn, "ROLLBACK"));
  } else if (!strcmp(sql, "COMMIT") && !strcmp(PQcmdStatus(res), "ROLLBACK")) {
    set_err(d, "the transaction was rolled back: an earlier statement in it failed");
    rc = DB_ERROR;
  } else {
    note_changes(d, res);
  }
  PQclear(res);
  return rc;
}

/* LISTEN on a channel; the name is the caller's constant, quoted as an identifier. */
static int pg_listen(struct db *db, const char *channel) {
  struct pg_db *d = PGDB(db);
  for (int i = 0; i < 4; i++) {
    if (!strcmp(d->listening[i], channel)) break;
    if (!d->listening[i][0]) {
      snprintf(d->listening[i], sizeof d->listening[i], "%s", channel);
      break;
    }
  }
  char *id = PQescapeIdentifier(PGDB(db)->conn, channel, strlen(channel));
  if (!id) return DB_ERROR;
  char sql[160];
  snprintf(sql, sizeof sql, "LISTEN %s", id);
  PQfreemem(id);
  return pg_exec_script(db, sql);
}

/* NOTIFY through pg_notify so the channel is a bound value. */
static int pg_notify(struct db *db, const char *channel) {
  return db_exec(db, "SELECT pg_notify(?, '')", "t", channel);
}

/* Reads what the server has sent without blocking and drains the notifications. */
static bool pg_notified(struct db *db) {
  PGconn *c = PGDB(db)->conn;
  if (!PQconsumeInput(c)) return false;
  bool any = false;
  PGnotify *n;
  while ((n = PQnotifies(c))) {
    any = true;
    PQfreemem(n);
  }
  return any;
}

static const struct db_ops pg_ops = {
    .kind = DB_POSTGRES,
    .close = pg_close,
    .errmsg = pg_errmsg,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .reset = pg_reset,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_null = pg_col_null,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .changes = pg_changes,
    .exec_script = pg_exec_script,
    .begin_sql = PG_BEGIN,
    .backup = NULL, /* db_backup answers: use pg_dump */
    .listen = pg_listen,
    .notify = pg_notify,
    .notified = pg_notified,
};

/* Connects to the server at url (postgresql://user@host:port/db?...), in UTF-8, with
** notices silenced. Returns NULL and a malloc'd message in *err on failure. */
struct db *pg_open(const char *url, char **err) {
  PGconn *c = PQconnectdb(url);
  if (PQstatus(c) != CONNECTION_OK || PQsetClientEncoding(c, "UTF8") != 0) {
    if (err) {
      *err = strdup(c ? PQerrorMessage(c) : "out of memory");
      size_t n = strlen(*err);
      while (n && ((*err)[n - 1] == '\n' || (*err)[n - 1] == ' ')) (*err)[--n] = 0;
    }
    PQfinish(c);
    return NULL;
  }
  PQsetNoticeProcessor(c, quiet, NULL);
  struct pg_db *db = calloc(1, sizeof *db);
  db->base.ops = &pg_ops;
  db->conn = c;
  return &db->base;
}
