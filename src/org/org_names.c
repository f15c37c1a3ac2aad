/* src/org/org_names.c: each thread's copy of the organisation's names (org_names.h).
**
** One statement reads every kept table at one snapshot, the generation with them; the rows come
** sorted by table and id and are looked up by binary search. The tables are small (a province
** has about a hundred committees and a few hundred special committees), so a change anywhere
** makes a thread read them all again, at its next request that meets the new generation. */
#include "org/org_names.h"
#include "base/buf.h"
#include "db/db.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *const kept[] = {"committees", "sectors", "parties", "special_committees",
                                   "activity_groups"};
#define NKEPT (sizeof kept / sizeof kept[0])

struct on_row {
  int64_t id;
  size_t name, path; /* offsets into text; path only for committees */
};

struct on_cache {
  const struct db *db;
  int64_t gen;
  bool loaded;
  struct on_row *rows[NKEPT];
  size_t n[NKEPT], cap[NKEPT];
  struct buf text;
};

static pthread_key_t on_key;
static pthread_once_t on_once = PTHREAD_ONCE_INIT;

/* Frees a thread's copy (at the thread's exit). */
static void on_free(void *p) {
  struct on_cache *c = p;
  for (size_t t = 0; t < NKEPT; t++) free(c->rows[t]);
  buf_free(&c->text);
  free(c);
}
static void on_init(void) { pthread_key_create(&on_key, on_free); }

/* This thread's copy, made empty on first use; NULL when memory runs out. */
static struct on_cache *on_cache(void) {
  pthread_once(&on_once, on_init);
  struct on_cache *c = pthread_getspecific(on_key);
  if (!c) {
    c = calloc(1, sizeof *c);
    if (c && pthread_setspecific(on_key, c)) {
      free(c);
      c = NULL;
    }
  }
  return c;
}

/* The index of table among the kept ones, or -1. */
static int kept_index(const char *table) {
  for (size_t t = 0; t < NKEPT; t++)
    if (!strcmp(kept[t], table)) return (int)t;
  return -1;
}

bool org_names_keeps(const char *table) { return kept_index(table) >= 0; }

/* Appends s with its NUL to the text and returns its offset. */
static size_t put_text(struct on_cache *c, const char *s) {
  size_t at = c->text.len;
  buf_append(&c->text, s, strlen(s) + 1);
  return at;
}

/* Reads every kept table again into c; false on a database error (c is then left empty). */
static bool on_load(struct on_cache *c, struct db *db) {
  struct buf sql = {0};
  buf_puts(&sql, "SELECT -1, n, '', '' FROM names_generation WHERE id = 1");
  for (size_t t = 0; t < NKEPT; t++)
    buf_printf(&sql, " UNION ALL SELECT %zu, id, name, %s FROM %s", t, t == 0 ? "path" : "''",
               kept[t]);
  buf_puts(&sql, " ORDER BY 1, 2");
  for (size_t t = 0; t < NKEPT; t++) c->n[t] = 0;
  c->text.len = 0;
  c->loaded = false;
  put_text(c, ""); /* offset 0: no path */
  int64_t gen = -1;
  struct db_stmt *st = db_query(db, sql.data, "");
  buf_free(&sql);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    int64_t t = db_col_int(st, 0);
    if (t < 0) {
      gen = db_col_int(st, 1);
      continue;
    }
    if (t >= (int64_t)NKEPT) continue;
    if (c->n[t] == c->cap[t]) {
      size_t cap = c->cap[t] ? c->cap[t] * 2 : 64;
      struct on_row *r = realloc(c->rows[t], cap * sizeof *r);
      if (!r) {
        rc = DB_ERROR;
        break;
      }
      c->rows[t] = r;
      c->cap[t] = cap;
    }
    struct on_row *r = &c->rows[t][c->n[t]++];
    r->id = db_col_int(st, 1);
    r->name = put_text(c, db_col_text(st, 2));
    r->path = t == 0 ? put_text(c, db_col_text(st, 3)) : 0;
  }
  db_done(st);
  if (rc != DB_DONE || gen < 0) return false;
  c->db = db;
  c->gen = gen;
  c->loaded = true;
  return true;
}

bool org_names_confirm(struct db *db, int64_t gen) {
  struct on_cache *c = on_cache();
  if (!c) return false;
  if (c->loaded && c->db == db && c->gen == gen) return true;
  return on_load(c, db);
}

/* The name (path false) or the path (true) of row id of kept table t in this thread's copy, or
** NULL. */
static const char *find(int t, int64_t id, bool path) {
  pthread_once(&on_once, on_init);
  struct on_cache *c = pthread_getspecific(on_key);
  if (t < 0 || !c || !c->loaded) return NULL;
  size_t lo = 0, hi = c->n[t];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const struct on_row *r = &c->rows[t][mid];
    if (r->id == id) return c->text.data + (path ? r->path : r->name);
    if (r->id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

const char *org_names_name(const char *table, int64_t id) {
  return find(kept_index(table), id, false);
}

const char *org_names_committee_path(int64_t id) { return find(0, id, true); }
