/* tests/unit/test_db.c: the db.h interface on a temporary SQLite file: queries, binding,
** the statement cache, nested transactions, constraints, migrations and online backup. */
#include "db/db.h"
#include "db/migrate.h"
#include <criterion/criterion.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char dbt_path[64];
static char dbt_copy[80];
static struct db *dbt;

static void dbt_unlink(const char *path) {
  if (!*path) return;
  char p[128];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-journal", path);
  unlink(p);
}

static struct db *dbt_open(const char *path) {
  char *err = NULL;
  struct db *db = db_open(path, &err);
  cr_assert_not_null(db, "db_open %s: %s", path, err ? err : "?");
  return db;
}

static void dbt_init(void) {
  strcpy(dbt_path, "/tmp/lvzhi-test-db-XXXXXX");
  int fd = mkstemp(dbt_path);
  cr_assert_geq(fd, 0);
  close(fd);
  dbt_copy[0] = 0;
  dbt = dbt_open(dbt_path);
  cr_assert_eq(db_engine(dbt), DB_SQLITE);
}

static void dbt_fini(void) {
  db_close(dbt);
  dbt = NULL;
  dbt_unlink(dbt_path);
  dbt_unlink(dbt_copy);
}

TestSuite(db, .init = dbt_init, .fini = dbt_fini);

static void dbt_table(struct db *db) {
  cr_assert_eq(db_exec_script(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT,"
                                  " n INTEGER, r REAL, b BLOB, UNIQUE (name))"),
               DB_DONE);
}

static int64_t dbt_count(struct db *db, const char *table) {
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
  return db_int(db, -1, sql, "");
}

Test(db, query_step_and_columns) {
  dbt_table(dbt);
  static const unsigned char blob[] = {0, 1, 2, 0xff, 0};
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (name, n, r, b) VALUES (?, ?, 2.5, ?)", "tiB", "张三",
                       (int64_t)-7, blob, sizeof blob),
               DB_DONE);
  cr_expect_eq(db_changes(dbt), 1);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (name, n) VALUES (?, ?)", "ti", "李四",
                       INT64_C(9007199254740993)),
               DB_DONE);
  struct db_stmt *st = db_query(dbt, "SELECT id, name, n, r, b FROM t ORDER BY id", "");
  cr_assert_not_null(st);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_eq(db_col_count(st), 5);
  cr_expect_str_eq(db_col_name(st, 0), "id");
  cr_expect_str_eq(db_col_name(st, 4), "b");
  cr_expect_eq(db_col_int(st, 0), 1);
  cr_expect_str_eq(db_col_text(st, 1), "张三");
  cr_expect_eq(db_col_int(st, 2), -7);
  cr_expect_float_eq(db_col_double(st, 3), 2.5, 1e-12);
  size_t len = 0;
  const unsigned char *p = db_col_blob(st, 4, &len);
  cr_expect_eq(len, sizeof blob);
  cr_expect_eq(memcmp(p, blob, sizeof blob), 0);
  cr_expect_not(db_col_null(st, 4));
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_eq(db_col_int(st, 0), 2);
  cr_expect_eq(db_col_int(st, 2), INT64_C(9007199254740993), "64-bit integers survive");
  cr_expect(db_col_null(st, 3));
  cr_expect(db_col_null(st, 4));
  cr_expect_str_eq(db_col_text(st, 4), "", "NULL reads as \"\"");
  cr_expect_eq(db_step(st), DB_DONE);
  db_done(st);
}

Test(db, bind_types) {
  dbt_table(dbt);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id, name, n, r) VALUES (?, ?, ?, ?)", "itbn",
                       INT64_C(10), (const char *)NULL, true),
               DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id, n) VALUES (?, ?)", "ib", INT64_C(11), false),
               DB_DONE);
  cr_expect_eq(db_int(dbt, -1,
                      "SELECT COUNT(*) FROM t WHERE id = 10 AND name IS NULL"
                      " AND n = 1 AND r IS NULL",
                      ""),
               1, "'t' NULL binds NULL, 'b' true is 1, 'n' is NULL");
  cr_expect_eq(db_int(dbt, -1, "SELECT n FROM t WHERE id = ?", "i", INT64_C(11)), 0);
}

Test(db, capital_i_binds_null_for_zero) {
  dbt_table(dbt);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id, n) VALUES (1, ?)", "I", INT64_C(0)), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id, n) VALUES (2, ?)", "I", INT64_C(42)), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id, n) VALUES (3, ?)", "I", INT64_C(-5)), DB_DONE);
  cr_expect_eq(db_int(dbt, -1, "SELECT n IS NULL FROM t WHERE id = 1", ""), 1);
  cr_expect_eq(db_int(dbt, -1, "SELECT n FROM t WHERE id = 2", ""), 42);
  cr_expect_eq(db_int(dbt, -1, "SELECT n FROM t WHERE id = 3", ""), -5);
  /* 'i' binds a real 0 */
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id, n) VALUES (4, ?)", "i", INT64_C(0)), DB_DONE);
  cr_expect_eq(db_int(dbt, -1, "SELECT n IS NULL FROM t WHERE id = 4", ""), 0);
}

Test(db, db_int_defaults) {
  dbt_table(dbt);
  cr_expect_eq(db_int(dbt, 77, "SELECT n FROM t WHERE id = 1", ""), 77, "no row");
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (1)", ""), DB_DONE);
  cr_expect_eq(db_int(dbt, 77, "SELECT n FROM t WHERE id = 1", ""), 77, "NULL value");
  cr_expect_eq(db_int(dbt, 77, "SELECT 5", ""), 5);
}

Test(db, query_values) {
  dbt_table(dbt);
  static const char blob[] = "ab\0cd";
  struct db_value v[] = {
      {.type = 'i', .i = 5},
      {.type = 't', .s = "王五"},
      {.type = 'n'},
      {.type = 'B', .s = blob, .len = 5},
  };
  struct db_stmt *st =
      db_query_values(dbt, "INSERT INTO t (id, name, n, b) VALUES (?, ?, ?, ?)", 4, v);
  cr_assert_not_null(st);
  cr_expect_eq(db_step(st), DB_DONE);
  db_done(st);
  struct db_value w[] = {{.type = 't', .s = "王五"}};
  st = db_query_values(dbt, "SELECT id, n IS NULL, length(b), b FROM t WHERE name = ?", 1, w);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_eq(db_col_int(st, 0), 5);
  cr_expect_eq(db_col_int(st, 1), 1);
  cr_expect_eq(db_col_int(st, 2), 5);
  size_t len;
  const void *p = db_col_blob(st, 3, &len);
  cr_expect_eq(len, 5);
  cr_expect_eq(memcmp(p, blob, 5), 0);
  cr_expect_eq(db_step(st), DB_DONE);
  db_done(st);
  /* 't' with a NULL string binds NULL */
  struct db_value x[] = {{.type = 'i', .i = 6}, {.type = 't', .s = NULL}};
  st = db_query_values(dbt, "INSERT INTO t (id, name) VALUES (?, ?)", 2, x);
  cr_expect_eq(db_step(st), DB_DONE);
  db_done(st);
  cr_expect_eq(db_int(dbt, -1, "SELECT name IS NULL FROM t WHERE id = 6", ""), 1);
}

Test(db, bad_sql) {
  cr_expect_null(db_query(dbt, "SELEC 1", ""));
  cr_expect_eq(db_step(NULL), DB_ERROR);
  cr_expect_eq(db_exec(dbt, "SELECT * FROM no_such_table", ""), DB_ERROR);
  cr_expect_neq(strlen(db_errmsg(dbt)), 0);
  cr_expect_eq(db_int(dbt, -3, "SELECT * FROM no_such_table", ""), -3);
  cr_expect_eq(db_exec_script(dbt, "CREATE TABLE x (a); nonsense;"), DB_ERROR);
  db_done(NULL); /* ignored */
}

Test(db, statement_cache_grows_once_per_sql) {
  dbt_table(dbt);
  int base = db_cached_statements(dbt);
  for (int i = 0; i < 5; i++)
    cr_assert_eq(db_exec(dbt, "INSERT INTO t (n) VALUES (?)", "i", (int64_t)i), DB_DONE);
  cr_expect_eq(db_cached_statements(dbt), base + 1);
  for (int i = 0; i < 5; i++)
    cr_expect_eq(db_int(dbt, -1, "SELECT n FROM t WHERE id = ?", "i", (int64_t)i + 1), i);
  cr_expect_eq(db_cached_statements(dbt), base + 2);
  /* the same text from another buffer is the same statement */
  char sql[64];
  snprintf(sql, sizeof sql, "SELECT n FROM t WHERE id = ?");
  cr_expect_eq(db_int(dbt, -1, sql, "i", INT64_C(3)), 2);
  cr_expect_eq(db_cached_statements(dbt), base + 2);
  cr_expect_eq(db_int(dbt, -1, "SELECT n FROM t WHERE id = ? ", "i", INT64_C(3)), 2);
  cr_expect_eq(db_cached_statements(dbt), base + 3, "different text, different statement");
}

Test(db, cached_statement_rebinds) {
  dbt_table(dbt);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b')", ""), DB_DONE);
  const char *sql = "SELECT name FROM t WHERE id = ?";
  struct db_stmt *st = db_query(dbt, sql, "i", INT64_C(1));
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), "a");
  db_done(st);
  st = db_query(dbt, sql, "i", INT64_C(2));
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), "b");
  db_done(st);
  st = db_query(dbt, sql, "", 0); /* no bindings: cleared, so id = NULL matches nothing */
  cr_expect_eq(db_step(st), DB_DONE);
  db_done(st);
}

Test(db, nested_use_of_the_same_sql) {
  dbt_table(dbt);
  for (int i = 1; i <= 4; i++)
    cr_assert_eq(
        db_exec(dbt, "INSERT INTO t (id, n) VALUES (?, ?)", "ii", (int64_t)i, (int64_t)i * 10),
        DB_DONE);
  const char *sql = "SELECT id, n FROM t WHERE id >= ? ORDER BY id";
  int cached_before = db_cached_statements(dbt);
  struct db_stmt *outer = db_query(dbt, sql, "i", INT64_C(1));
  cr_assert_not_null(outer);
  int outer_rows = 0, inner_rows = 0;
  int64_t sum = 0;
  while (db_step(outer) == DB_ROW) {
    int64_t id = db_col_int(outer, 0);
    cr_expect_eq(id, outer_rows + 1);
    outer_rows++;
    struct db_stmt *inner = db_query(dbt, sql, "i", id);
    cr_assert_not_null(inner);
    cr_assert_neq(inner, outer);
    while (db_step(inner) == DB_ROW) {
      inner_rows++;
      sum += db_col_int(inner, 1);
    }
    db_done(inner);
    /* the outer statement still reads its own row */
    cr_expect_eq(db_col_int(outer, 0), id);
    cr_expect_eq(db_col_int(outer, 1), id * 10);
  }
  db_done(outer);
  cr_expect_eq(outer_rows, 4);
  cr_expect_eq(inner_rows, 4 + 3 + 2 + 1);
  cr_expect_eq(sum, (10 + 20 + 30 + 40) + (20 + 30 + 40) + (30 + 40) + 40);
  cr_expect_eq(db_cached_statements(dbt), cached_before + 1,
               "the nested copy is not added to the cache");
  /* and the cached statement is free again */
  struct db_stmt *again = db_query(dbt, sql, "i", INT64_C(4));
  cr_assert_eq(db_step(again), DB_ROW);
  cr_expect_eq(db_col_int(again, 1), 40);
  db_done(again);
  cr_expect_eq(db_cached_statements(dbt), cached_before + 1);
}

Test(db, nested_transactions_commit) {
  dbt_table(dbt);
  struct db *other = dbt_open(dbt_path);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (1)", ""), DB_DONE);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (2)", ""), DB_DONE);
  cr_assert_eq(db_commit(dbt), DB_DONE);
  cr_expect_eq(dbt_count(other, "t"), 0, "inner commit does not commit yet");
  cr_expect_eq(dbt_count(dbt, "t"), 2);
  cr_assert_eq(db_commit(dbt), DB_DONE);
  cr_expect_eq(dbt_count(other, "t"), 2, "outer commit commits both");
  db_close(other);
}

Test(db, inner_rollback_keeps_the_outer_transaction) {
  dbt_table(dbt);
  struct db *other = dbt_open(dbt_path);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (1)", ""), DB_DONE);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (2)", ""), DB_DONE);
  cr_assert_eq(db_rollback(dbt), DB_DONE);
  cr_expect_eq(dbt_count(dbt, "t"), 1, "only the inner write is undone");
  /* still inside the outer transaction, not in autocommit: the next write waits for it */
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (3)", ""), DB_DONE);
  cr_expect_eq(dbt_count(other, "t"), 0, "nothing is committed before the outer commit");
  sqlite3 *h;
  cr_assert_eq(sqlite3_open(dbt_path, &h), SQLITE_OK);
  cr_expect_eq(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) & 0xff, SQLITE_BUSY,
               "the outer transaction still holds the write lock");
  sqlite3_close(h);
  cr_assert_eq(db_commit(dbt), DB_DONE, "the outer transaction commits");
  cr_expect_eq(dbt_count(other, "t"), 2);
  cr_expect_eq(db_int(other, -1, "SELECT SUM(id) FROM t", ""), 4, "rows 1 and 3");
  cr_expect_eq(db_commit(dbt), DB_ERROR, "no transaction is left open");
  db_close(other);
}

Test(db, inner_rollback_of_a_failed_write) {
  dbt_table(dbt);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id, name) VALUES (1, 'a')", ""), DB_DONE);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id, name) VALUES (2, 'b')", ""), DB_DONE);
  cr_expect_eq(db_exec(dbt, "INSERT INTO t (id, name) VALUES (3, 'a')", ""), DB_CONSTRAINT);
  cr_assert_eq(db_rollback(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id, name) VALUES (4, 'c')", ""), DB_DONE);
  cr_assert_eq(db_commit(dbt), DB_DONE);
  cr_expect_eq(dbt_count(dbt, "t"), 2);
  cr_expect_eq(db_int(dbt, -1, "SELECT SUM(id) FROM t", ""), 5, "rows 1 and 4");
}

Test(db, three_levels) {
  dbt_table(dbt);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (1)", ""), DB_DONE);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (2)", ""), DB_DONE);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (3)", ""), DB_DONE);
  cr_assert_eq(db_rollback(dbt), DB_DONE, "the innermost level undoes row 3");
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (4)", ""), DB_DONE);
  cr_assert_eq(db_commit(dbt), DB_DONE, "row 4 joins the middle level");
  cr_assert_eq(db_rollback(dbt), DB_DONE, "the middle level undoes rows 2 and 4");
  cr_expect_eq(dbt_count(dbt, "t"), 1);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (5)", ""), DB_DONE);
  cr_assert_eq(db_commit(dbt), DB_DONE);
  cr_expect_eq(db_int(dbt, -1, "SELECT SUM(id) FROM t", ""), 6, "rows 1 and 5");
}

Test(db, outer_rollback_undoes_committed_inner_levels) {
  dbt_table(dbt);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (1)", ""), DB_DONE);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (2)", ""), DB_DONE);
  cr_assert_eq(db_commit(dbt), DB_DONE);
  cr_assert_eq(db_rollback(dbt), DB_DONE);
  cr_expect_eq(dbt_count(dbt, "t"), 0);
  cr_expect_eq(db_rollback(dbt), DB_ERROR, "no transaction is left open");
}

Test(db, lost_savepoint_dooms_the_transaction) {
  dbt_table(dbt);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (1)", ""), DB_DONE);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  /* behind db.c's back, as an engine that rolls back on an I/O error would */
  cr_assert_eq(db_exec_script(dbt, "RELEASE lvzhi_1"), DB_DONE);
  cr_expect_neq(db_rollback(dbt), DB_DONE, "the savepoint is gone");
  cr_expect_eq(db_commit(dbt), DB_ERROR, "a doomed transaction cannot commit");
  cr_expect_eq(db_begin(dbt), DB_ERROR, "nor open a level");
  cr_expect_eq(db_rollback(dbt), DB_DONE, "the outermost rollback ends it");
  cr_expect_eq(dbt_count(dbt, "t"), 0);
  cr_assert_eq(db_begin(dbt), DB_DONE, "the connection is usable again");
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (2)", ""), DB_DONE);
  cr_assert_eq(db_commit(dbt), DB_DONE);
  cr_expect_eq(dbt_count(dbt, "t"), 1);
}

Test(db, failed_commit_can_be_rolled_back) {
  /* a deferred foreign key makes COMMIT itself fail; the caller then rolls back, as
  ** entity.c's finish_tx does, and the connection must be out of the transaction */
  cr_assert_eq(db_exec_script(dbt, "CREATE TABLE p (id INTEGER PRIMARY KEY);"
                                   "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER"
                                   " REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED);"),
               DB_DONE);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO c VALUES (1, 99)", ""), DB_DONE, "deferred: not yet");
  int rc = db_commit(dbt);
  cr_expect_neq(rc, DB_DONE);
  cr_expect_eq(rc, DB_CONSTRAINT);
  db_rollback(dbt); /* what every caller does after a failed commit */
  cr_expect_eq(dbt_count(dbt, "c"), 0);
  /* the write lock is free: another connection can write */
  sqlite3 *h;
  cr_assert_eq(sqlite3_open(dbt_path, &h), SQLITE_OK);
  cr_expect_eq(sqlite3_exec(h, "BEGIN IMMEDIATE; ROLLBACK;", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(h);
  /* and this connection can begin again */
  cr_expect_eq(db_begin(dbt), DB_DONE);
  cr_expect_eq(db_exec(dbt, "INSERT INTO p VALUES (1)", ""), DB_DONE);
  cr_expect_eq(db_commit(dbt), DB_DONE);
}

Test(db, commit_or_rollback_without_begin) {
  cr_expect_eq(db_commit(dbt), DB_ERROR);
  cr_expect_eq(db_rollback(dbt), DB_ERROR);
}

Test(db, begin_takes_the_write_lock) {
  dbt_table(dbt);
  struct db *other = dbt_open(dbt_path);
  cr_assert_eq(db_begin(dbt), DB_DONE);
  /* the other connection cannot start a write transaction while dbt holds the lock; use a
  ** plain handle with no busy timeout so the test does not wait 5 seconds */
  sqlite3 *h;
  cr_assert_eq(sqlite3_open(dbt_path, &h), SQLITE_OK);
  cr_expect_eq(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) & 0xff, SQLITE_BUSY);
  sqlite3_close(h);
  cr_assert_eq(db_rollback(dbt), DB_DONE);
  db_close(other);
}

Test(db, unique_violation_is_constraint) {
  dbt_table(dbt);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (name) VALUES (?)", "t", "a"), DB_DONE);
  cr_expect_eq(db_exec(dbt, "INSERT INTO t (name) VALUES (?)", "t", "a"), DB_CONSTRAINT);
  struct db_stmt *st = db_query(dbt, "INSERT INTO t (name) VALUES (?) RETURNING id", "t", "a");
  cr_expect_eq(db_step(st), DB_CONSTRAINT);
  db_done(st);
  cr_expect_eq(db_exec(dbt, "INSERT INTO t (id) VALUES (1)", ""), DB_CONSTRAINT, "primary key");
  cr_expect_eq(db_exec_script(dbt, "INSERT INTO t (name) VALUES ('a')"), DB_CONSTRAINT);
  /* still usable, and nothing extra stored */
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (name) VALUES (?)", "t", "b"), DB_DONE);
  cr_expect_eq(dbt_count(dbt, "t"), 2);
}

Test(db, foreign_keys_enforced) {
  cr_assert_eq(db_exec_script(dbt, "CREATE TABLE p (id INTEGER PRIMARY KEY);"
                                   "CREATE TABLE c (id INTEGER PRIMARY KEY,"
                                   " p_id INTEGER REFERENCES p(id));"
                                   "INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1);"),
               DB_DONE);
  cr_expect_eq(db_exec(dbt, "INSERT INTO c VALUES (2, 99)", ""), DB_CONSTRAINT);
  cr_expect_eq(db_exec(dbt, "DELETE FROM p WHERE id = 1", ""), DB_CONSTRAINT);
}

static int dbt_progress_calls;
static int dbt_progress_last;
static void dbt_progress(const struct migration *m) {
  dbt_progress_calls++;
  dbt_progress_last = m->version;
}

Test(db, migrate_schema_once) {
  cr_expect_eq(migrate_version(dbt), 0);
  cr_assert_gt(schema_migration_count, 0);
  dbt_progress_calls = 0;
  int n = migrate_run(dbt, schema_migrations, schema_migration_count, dbt_progress);
  cr_assert_eq(n, schema_migration_count);
  cr_expect_eq(dbt_progress_calls, schema_migration_count);
  int last = schema_migrations[schema_migration_count - 1].version;
  cr_expect_eq(dbt_progress_last, last);
  cr_expect_eq(migrate_version(dbt), last);
  cr_expect_eq(dbt_count(dbt, "schema_migrations"), schema_migration_count);
  for (int i = 0; i < schema_migration_count; i++)
    cr_expect_eq(db_int(dbt, 0,
                        "SELECT COUNT(*) FROM schema_migrations WHERE version = ?"
                        " AND name = ? AND applied_at > 0",
                        "it", (int64_t)schema_migrations[i].version, schema_migrations[i].name),
                 1, "version %d recorded", schema_migrations[i].version);
  /* the tables of the schema exist */
  const char *tables[] = {"committees", "sectors",  "parties",       "members",
                          "users",      "sessions", "api_tokens",    "audit_log",
                          "jobs",       "settings", "login_failures"};
  for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
    cr_expect_eq(db_int(dbt, 0,
                        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
                        " AND name = ?",
                        "t", tables[i]),
                 1, "table %s", tables[i]);
  /* a second run applies nothing */
  dbt_progress_calls = 0;
  cr_expect_eq(migrate_run(dbt, schema_migrations, schema_migration_count, dbt_progress), 0);
  cr_expect_eq(dbt_progress_calls, 0);
  cr_expect_eq(dbt_count(dbt, "schema_migrations"), schema_migration_count);
  /* and a fresh connection sees the same version */
  struct db *other = dbt_open(dbt_path);
  cr_expect_eq(migrate_version(other), last);
  cr_expect_eq(migrate_run(other, schema_migrations, schema_migration_count, NULL), 0);
  db_close(other);
}

Test(db, migrate_versions_sorted_and_unique) {
  for (int i = 1; i < schema_migration_count; i++)
    cr_expect_gt(schema_migrations[i].version, schema_migrations[i - 1].version);
  cr_expect_eq(schema_migrations[0].version, 1);
  for (int i = 0; i < schema_migration_count; i++) {
    cr_expect_not_null(schema_migrations[i].name);
    cr_expect(schema_migrations[i].common || schema_migrations[i].sqlite,
              "version %d has SQL for SQLite", schema_migrations[i].version);
    cr_expect(schema_migrations[i].common || schema_migrations[i].postgres,
              "version %d has SQL for PostgreSQL", schema_migrations[i].version);
  }
}

static const struct migration dbt_bad_list[] = {
    {1, "one", "CREATE TABLE m1 (x INTEGER);", "INSERT INTO m1 VALUES (1);", "garbage pg"},
    {2, "two", "CREATE TABLE m2 (x INTEGER); INSERT INTO m2 VALUES (2);",
     "INSERT INTO m1 VALUES (2); THIS IS NOT SQL;", NULL},
    {3, "three", "CREATE TABLE m3 (x INTEGER);", NULL, NULL},
};

static const struct migration dbt_good_list[] = {
    {1, "one", "CREATE TABLE m1 (x INTEGER);", "INSERT INTO m1 VALUES (1);", "garbage pg"},
    {2, "two fixed", "CREATE TABLE m2 (x INTEGER); INSERT INTO m2 VALUES (2);", NULL, NULL},
    {3, "three", "CREATE TABLE m3 (x INTEGER);", NULL, NULL},
};

Test(db, failing_migration_keeps_nothing_of_itself) {
  dbt_progress_calls = 0;
  cr_expect_eq(migrate_run(dbt, dbt_bad_list, 3, dbt_progress), -1);
  cr_expect_eq(dbt_progress_calls, 1);
  cr_expect_eq(migrate_version(dbt), 1);
  cr_expect_eq(dbt_count(dbt, "schema_migrations"), 1);
  cr_expect_eq(dbt_count(dbt, "m1"), 1, "version 1 kept, with its SQLite part only");
  cr_expect_eq(db_int(dbt, 0, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('m2','m3')", ""),
               0, "no table of version 2 (or 3)");
  cr_expect_eq(db_int(dbt, -1, "SELECT MAX(x) FROM m1", ""), 1, "version 2's insert undone");
  /* not inside a transaction any more */
  cr_expect_eq(db_commit(dbt), DB_ERROR);
  /* the fixed list picks up at version 2 */
  dbt_progress_calls = 0;
  cr_expect_eq(migrate_run(dbt, dbt_good_list, 3, dbt_progress), 2);
  cr_expect_eq(dbt_progress_calls, 2);
  cr_expect_eq(migrate_version(dbt), 3);
  cr_expect_eq(dbt_count(dbt, "m1"), 1, "version 1 not applied twice");
  cr_expect_eq(dbt_count(dbt, "m2"), 1);
  cr_expect_eq(db_int(dbt, 0,
                      "SELECT COUNT(*) FROM schema_migrations WHERE version = 2"
                      " AND name = 'two fixed'",
                      ""),
               1);
}

/* ---- online backup while another connection writes ---- */

struct dbt_writer {
  const char *path;
  volatile int stop;
  int64_t written;
  int errors;
  double seconds_cap;
};

static void *dbt_writer_main(void *arg) {
  struct dbt_writer *w = arg;
  char *err = NULL;
  struct db *db = db_open(w->path, &err);
  if (!db) {
    w->errors++;
    free(err);
    return NULL;
  }
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  while (!w->stop) {
    if (db_exec(db, "INSERT INTO big (payload) VALUES (randomblob(200))", "") != DB_DONE)
      w->errors++;
    else
      w->written++;
    clock_gettime(CLOCK_MONOTONIC, &t);
    if ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 > w->seconds_cap)
      break;
    usleep(500);
  }
  db_close(db);
  return NULL;
}

Test(db, backup_while_another_connection_writes, .timeout = 60) {
  cr_assert_eq(db_exec_script(dbt, "CREATE TABLE big (id INTEGER PRIMARY KEY, payload BLOB);"
                                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                                   " FROM n WHERE i < 20000)"
                                   " INSERT INTO big (payload) SELECT randomblob(200) FROM n;"),
               DB_DONE);
  int64_t before = dbt_count(dbt, "big");
  cr_assert_eq(before, 20000);
  snprintf(dbt_copy, sizeof dbt_copy, "%s-copy", dbt_path);
  struct dbt_writer w = {.path = dbt_path, .seconds_cap = 20};
  pthread_t th;
  cr_assert_eq(pthread_create(&th, NULL, dbt_writer_main, &w), 0);
  while (w.written < 20) usleep(1000); /* the writer is going */
  char *err = NULL;
  int rc = db_backup(dbt, dbt_copy, &err);
  int64_t written_at_end = w.written;
  bool writer_still_running = !w.stop && written_at_end > 20;
  w.stop = 1;
  pthread_join(th, NULL);
  cr_assert_eq(rc, DB_DONE, "backup: %s", err ? err : "");
  free(err);
  cr_expect_eq(w.errors, 0);
  cr_expect(writer_still_running);
  struct db *copy = dbt_open(dbt_copy);
  struct db_stmt *st = db_query(copy, "PRAGMA integrity_check", "");
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), "ok");
  db_done(st);
  int64_t n = dbt_count(copy, "big");
  cr_expect_geq(n, before);
  cr_expect_leq(n, before + w.written);
  cr_expect_eq(db_int(copy, 0, "SELECT COUNT(*) FROM big WHERE length(payload) = 200", ""), n);
  db_close(copy);
}

Test(db, backup_to_unwritable_path_fails) {
  cr_assert_eq(db_exec_script(dbt, "CREATE TABLE a (x); INSERT INTO a VALUES (1);"), DB_DONE);
  char *err = NULL;
  cr_expect_eq(db_backup(dbt, "/nonexistent-dir/lvzhi/copy.db", &err), DB_ERROR);
  cr_expect_not_null(err);
  free(err);
}

Test(db, open_bad_path_reports) {
  char *err = NULL;
  struct db *db = db_open("/nonexistent-dir/lvzhi/x.db", &err);
  cr_expect_null(db);
  cr_assert_not_null(err);
  cr_expect_not_null(strstr(err, "/nonexistent-dir/lvzhi/x.db"));
  free(err);
  err = NULL;
  cr_expect_null(db_open("postgresql://localhost/x", &err));
  cr_expect_not_null(err);
  free(err);
}

/* Whether the file at path (a small one) holds the bytes of needle. */
static bool dbt_file_holds(const char *path, const char *needle) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  static char buf[1 << 20];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  return memmem(buf, n, needle, strlen(needle)) != NULL;
}

/* Residual information (等保 2.0): a row deleted beside rows that stay leaves no copy of its text
** in the database file once the WAL is checkpointed (secure_delete=FAST). */
Test(db, deleted_text_is_not_left_in_the_file) {
  dbt_table(dbt);
  static const char *gone = "已删除的敏感文字-residual-7f3a9c";
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (name) VALUES ('stays-1'), (?), ('stays-2')", "t", gone),
               DB_DONE);
  cr_assert_eq(db_exec_script(dbt, "PRAGMA wal_checkpoint(TRUNCATE)"), DB_DONE);
  cr_assert(dbt_file_holds(dbt_path, gone), "the control: the text is in the file before");
  cr_assert_eq(db_exec(dbt, "DELETE FROM t WHERE name = ?", "t", gone), DB_DONE);
  cr_assert_eq(db_exec_script(dbt, "PRAGMA wal_checkpoint(TRUNCATE)"), DB_DONE);
  cr_expect_not(dbt_file_holds(dbt_path, gone), "the deleted text is gone from the file");
}

/* The control of the test above: with secure_delete off the deleted text stays in the file, so
** the check above can see a residue and it is the setting that removes it. */
Test(db, deleted_text_stays_without_secure_delete) {
  dbt_table(dbt);
  static const char *gone = "已删除的敏感文字-residual-7f3a9c";
  cr_assert_eq(db_exec_script(dbt, "PRAGMA secure_delete=OFF"), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (name) VALUES ('stays-1'), (?), ('stays-2')", "t", gone),
               DB_DONE);
  cr_assert_eq(db_exec(dbt, "DELETE FROM t WHERE name = ?", "t", gone), DB_DONE);
  cr_assert_eq(db_exec_script(dbt, "PRAGMA wal_checkpoint(TRUNCATE)"), DB_DONE);
  cr_expect(dbt_file_holds(dbt_path, gone));
}

/* A statement stepped once and never given back holds SQLite's read snapshot: the connection
** does not see a row another connection has committed since, until db_settle puts it back
** (the server settles after each request: issue 17's cold-start 401). db_settle also rolls
** back a transaction left open, and says 0 when nothing was open. */
Test(db, settle_ends_a_snapshot_left_open) {
  dbt_table(dbt);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (name) VALUES ('a'), ('b')", ""), DB_DONE);
  cr_assert_eq(db_settle(dbt), 0);
  struct db *other = dbt_open(dbt_path);
  struct db_stmt *left = db_query(dbt, "SELECT name FROM t ORDER BY id", "");
  cr_assert_eq(db_step(left), DB_ROW); /* and no db_done: the snapshot stays open */
  cr_assert_eq(db_exec(other, "INSERT INTO t (name) VALUES ('made elsewhere')", ""), DB_DONE);
  cr_assert_eq(db_int(dbt, -1, "SELECT COUNT(*) FROM t WHERE name = 'made elsewhere'", ""), 0,
               "the open statement's snapshot hides the new row");
  cr_assert_eq(db_settle(dbt), 1);
  cr_assert_eq(db_int(dbt, -1, "SELECT COUNT(*) FROM t WHERE name = 'made elsewhere'", ""), 1,
               "after settling the connection sees the new row");
  cr_assert_eq(db_begin(dbt), DB_DONE);
  cr_assert_eq(db_exec(dbt, "INSERT INTO t (name) VALUES ('never committed')", ""), DB_DONE);
  cr_assert_eq(db_settle(dbt), 1);
  cr_assert_eq(db_int(other, -1, "SELECT COUNT(*) FROM t WHERE name = 'never committed'", ""), 0);
  cr_assert_eq(db_exec(other, "INSERT INTO t (name) VALUES ('the lock is free')", ""), DB_DONE);
  cr_assert_eq(db_settle(dbt), 0);
  db_close(other);
}
