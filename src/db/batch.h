/* src/db/batch.h: rows inserted many to a statement (INSERT ... VALUES (...), (...)),
** for loading many rows quickly on either engine (demo data, recomputed points). */
#ifndef LVZHI_DB_BATCH_H
#define LVZHI_DB_BATCH_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "db/db.h"

#define DB_BATCH_VALUES 960 /* values per statement (SQLite allows 32,766, PostgreSQL 65,535) */

struct db_batch {
  struct db *db;
  const char *head; /* "INSERT INTO t (a, b) VALUES " */
  const char *what; /* Chinese name of the rows, for the error */
  int cols, rows, max_rows;
  struct db_value v[DB_BATCH_VALUES];
  struct arena tmp;  /* strings of the waiting rows */
  struct arena keep; /* the statement for a full batch, made once */
  const char *full_sql;
  struct db_batch *parent; /* rows this batch refers to: flushed first */
  bool failed;
  char errmsg[200];
};

/* Prepares a batch of rows of cols values (cols <= DB_BATCH_VALUES). */
void db_batch_init(struct db_batch *b, struct db *db, const char *head, int cols, const char *what);

/* Makes child flush parent before each of its flushes, so that its rows never refer to rows
** still waiting (foreign keys are checked at once). */
void db_batch_after(struct db_batch *child, struct db_batch *parent);

/* The values of the next row to fill (cols of them); flushes first when the batch is full. */
struct db_value *db_batch_row(struct db_batch *b);

/* A copy of s living until the batch is flushed. */
const char *db_batch_str(struct db_batch *b, const char *s);

/* Inserts the waiting rows. Returns false (and keeps failing) after a database error. */
bool db_batch_flush(struct db_batch *b);

/* Flushes and releases the batch; returns whether every insert succeeded. */
bool db_batch_end(struct db_batch *b);

/* Value setters: an integer, an integer with 0 for NULL, a text (not copied), NULL. */
void db_val_int(struct db_value *v, int64_t i);
void db_val_ref(struct db_value *v, int64_t i);
void db_val_text(struct db_value *v, const char *s);

#endif
