/* src/db/db.h: the one interface through which modules touch the database.
**
** A `struct db` is one connection, owned by one thread (each event-loop thread and each job
** worker opens its own). SQL is written once with `?` placeholders; the PostgreSQL driver
** rewrites them. Statements are prepared once per connection and cached by their SQL text.
**
**   struct db_stmt *st = db_query(db, "SELECT id, name FROM sectors WHERE committee_id = ?",
**                                 "i", committee_id);
**   while (db_step(st) == DB_ROW) use(db_col_int(st, 0), db_col_text(st, 1));
**   db_done(st);
*/
#ifndef LVZHI_DB_H
#define LVZHI_DB_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

enum db_kind { DB_SQLITE = 1, DB_POSTGRES = 2 };

/* Results of db_step and of the write helpers. */
enum db_rc {
  DB_DONE = 0,       /* statement finished */
  DB_ROW = 1,        /* a row is ready */
  DB_ERROR = -1,     /* see db_errmsg */
  DB_CONSTRAINT = -2 /* unique, foreign-key or check constraint refused the write */
};

struct db;
struct db_stmt;

/* Opens a connection: a file path (SQLite; created when absent) or a postgresql:// URL.
** Returns NULL and a malloc'd message in *err on failure. */
struct db *db_open(const char *url, char **err);

/* Closes the connection and its cached statements. NULL is ignored. */
void db_close(struct db *db);

/* Which engine this connection talks to (for migrations and per-engine SQL only). */
enum db_kind db_engine(const struct db *db);

/* The last error of this connection, in the engine's words. */
const char *db_errmsg(struct db *db);

/* Prepares (or takes from the cache) sql and binds the parameters described by types:
** 'i' int64_t, 't' const char * (NULL binds SQL NULL), 'b' bool as 0/1, 'n' SQL NULL (no arg),
** 'I' int64_t where 0 binds SQL NULL (optional references), 'B' const void *, size_t (blob).
** Returns NULL on a preparation error. */
struct db_stmt *db_query(struct db *db, const char *sql, const char *types, ...);

/* One parameter for db_query_values, for SQL built at run time. */
struct db_value {
  char type; /* 'i', 't', 'n' or 'B' as for db_query */
  int64_t i;
  const char *s;
  size_t len;
};

/* Prepares sql and binds n parameters from an array. */
struct db_stmt *db_query_values(struct db *db, const char *sql, int n, const struct db_value *v);

/* Steps a statement: DB_ROW, DB_DONE, DB_CONSTRAINT or DB_ERROR. */
int db_step(struct db_stmt *st);

/* Column accessors for the current row; text is valid until the next step or db_done. */
int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int i);
bool db_col_null(struct db_stmt *st, int i);
int64_t db_col_int(struct db_stmt *st, int i);
double db_col_double(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i); /* "" for NULL */
const void *db_col_blob(struct db_stmt *st, int i, size_t *len);

/* Finishes with a statement: resets it for reuse (or frees it when it was not cached). */
void db_done(struct db_stmt *st);

/* Puts the connection back to rest between two pieces of work (the server calls it after each
** request): a statement still open (stepped, no db_done) is reset and a transaction still open
** rolled back, each with a line on stderr, because either would keep an old read snapshot (on
** SQLite a statement that stopped before its last row holds its read transaction open, so the
** connection would not see sessions made since) or hold the write lock. Returns how many it
** put right; 0, at the cost of two comparisons, when nothing was open. */
int db_settle(struct db *db);

/* Runs sql with parameters to completion; returns DB_DONE, DB_CONSTRAINT or DB_ERROR. */
int db_exec(struct db *db, const char *sql, const char *types, ...);

/* Runs a script of several statements without parameters (migrations). */
int db_exec_script(struct db *db, const char *sql);

/* Runs a one-value query; returns the first column of the first row, or dflt if none. */
int64_t db_int(struct db *db, int64_t dflt, const char *sql, const char *types, ...);

/* Rows changed by the last write of this connection. */
int64_t db_changes(struct db *db);

/* Transactions nest. The outermost db_begin opens the engine's transaction and takes the write
** lock at once (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN and an advisory lock); a db_begin
** inside it sets a savepoint. Each db_begin that returns DB_DONE opens a level, which the
** caller ends with db_commit or db_rollback; one that fails opens none.
**
** db_begin: DB_DONE, or DB_ERROR when the engine refused (no level opened).
** db_commit: ends the innermost level keeping its writes: the outermost commits the
** transaction, an inner one hands its writes to the enclosing level. On failure the level stays
** open and the caller must db_rollback it.
** db_rollback: ends the innermost level undoing its writes: the outermost rolls back the
** transaction, an inner one only what was written since its db_begin; the enclosing level
** stays open and can still commit. DB_ERROR when no level is open.
** When the engine loses a savepoint, the transaction can no longer commit: every db_commit
** says DB_ERROR until the outermost db_rollback ends it. */
int db_begin(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);

/* The number of statements in this connection's cache (for metrics). */
int db_cached_statements(struct db *db);

/* SQLite only: copies the whole database into a new file at dest using the online backup
** API, while other connections keep writing. Returns DB_DONE or DB_ERROR with *err set. */
int db_backup(struct db *db, const char *dest, char **err);

/* Events between processes and nodes. db_listen subscribes this connection to channel;
** db_notify signals it (delivered when the caller's transaction commits); db_notified tells,
** without waiting, whether a signal has arrived since the last call. On SQLite, where one
** process serves the file, listen and notify do nothing and notified is always false. */
int db_listen(struct db *db, const char *channel);
int db_notify(struct db *db, const char *channel);
bool db_notified(struct db *db);

/* Used by drivers. */
struct db_driver {
  enum db_kind kind;
  struct db *(*open)(const char *url, char **err);
};

#endif
