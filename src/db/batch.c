/* src/db/batch.c: multi-row inserts (see batch.h). */
#include "batch.h"
#include <stdio.h>
#include <string.h>
#include "base/buf.h"

static const char *insert_sql(struct arena *a, const char *head, int cols, int rows) {
  struct buf b = {0};
  buf_puts(&b, head);
  for (int r = 0; r < rows; r++) {
    buf_puts(&b, r ? ",(" : "(");
    for (int c = 0; c < cols; c++) buf_puts(&b, c ? ",?" : "?");
    buf_putc(&b, ')');
  }
  const char *s = arena_strdup(a, b.data);
  buf_free(&b);
  return s;
}

void db_batch_init(struct db_batch *b, struct db *db, const char *head, int cols,
                   const char *what) {
  memset(b, 0, sizeof *b);
  b->db = db;
  b->head = head;
  b->cols = cols;
  b->what = what;
  b->max_rows = DB_BATCH_VALUES / cols;
  arena_init(&b->tmp);
  arena_init(&b->keep);
}

void db_batch_after(struct db_batch *child, struct db_batch *parent) { child->parent = parent; }

bool db_batch_flush(struct db_batch *b) {
  if (b->parent && !db_batch_flush(b->parent)) {
    b->failed = true;
    snprintf(b->errmsg, sizeof b->errmsg, "%s", b->parent->errmsg);
  }
  if (b->rows && !b->failed) {
    if (b->rows == b->max_rows && !b->full_sql)
      b->full_sql = insert_sql(&b->keep, b->head, b->cols, b->rows);
    const char *sql =
        b->rows == b->max_rows ? b->full_sql : insert_sql(&b->tmp, b->head, b->cols, b->rows);
    struct db_stmt *st = db_query_values(b->db, sql, b->rows * b->cols, b->v);
    int rc = st ? db_step(st) : DB_ERROR;
    db_done(st);
    if (rc != DB_DONE) {
      b->failed = true;
      snprintf(b->errmsg, sizeof b->errmsg, "%s", db_errmsg(b->db));
    }
  }
  b->rows = 0;
  arena_free(&b->tmp);
  arena_init(&b->tmp);
  return !b->failed;
}

struct db_value *db_batch_row(struct db_batch *b) {
  if (b->rows == b->max_rows) db_batch_flush(b);
  return &b->v[b->rows++ * b->cols];
}

const char *db_batch_str(struct db_batch *b, const char *s) { return arena_strdup(&b->tmp, s); }

bool db_batch_end(struct db_batch *b) {
  db_batch_flush(b);
  arena_free(&b->tmp);
  arena_free(&b->keep);
  return !b->failed;
}

void db_val_int(struct db_value *v, int64_t i) { *v = (struct db_value){.type = 'i', .i = i}; }
void db_val_ref(struct db_value *v, int64_t i) {
  *v = (struct db_value){.type = i ? 'i' : 'n', .i = i};
}
void db_val_text(struct db_value *v, const char *s) { *v = (struct db_value){.type = 't', .s = s}; }
