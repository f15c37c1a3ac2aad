/* src/cli/cli_migrate_data.c: `lvzhi migrate-data --from FILE --to URL`: moves a whole
** committee database from its SQLite file to an empty PostgreSQL database.
**
** The target is migrated to the current schema first and must hold no committee yet. Then,
** in one transaction on the target, its rows are cleared (only the reference sectors and
** parties that migration 3 put there) and every table is copied, parents before children,
** keeping every id; each identity sequence is moved past the largest id. Before the commit
** the copy is verified: the row count of every table equals the source's, and the audit
** log's hash chain holds on the target with as many entries as on the source. Any mismatch
** rolls the whole copy back and leaves the target as it was.
**
** The source is read inside one write transaction (BEGIN IMMEDIATE), so a server that is
** still running on it cannot change it half-way (its writes wait, then fail). The key file
** is not copied: the PostgreSQL nodes must be given the same key (`secret-key-file`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "auth/audit.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/buf.h"
#include "cli.h"
#include "db/db.h"
#include "db/migrate.h"

/* The tables in the order that their references need: a row's parents are copied first.
** Tables of the source that are not named here (added by a later migration) follow, in the
** order they were created. A table that SQLite made again after the tables that refer to it
** (grassroots_units: migration 16 rebuilt it to widen its CHECK) is named here. */
static const char *const table_order[] = {
    "committees", "sectors",  "parties",       "special_committees", "activity_groups", "units",
    "members",    "users",    "sessions",      "api_tokens",         "login_failures",  "audit_log",
    "jobs",       "settings", "notifications", "grassroots_units",
};
#define NORDER (int)(sizeof table_order / sizeof table_order[0])

#define MAX_TABLES  256 /* the schema has 68 today */
#define MAX_COLUMNS 64
#define MAX_PARAMS  30000 /* bound values in one INSERT (PostgreSQL's limit is 65535) */
#define MAX_BATCH   500   /* rows in one INSERT */

struct table {
  char name[64];
  int ncols;
  char *cols[MAX_COLUMNS];
  bool blob[MAX_COLUMNS]; /* bytea on the target: copied as bytes */
  bool has_id;
  int64_t src_rows, dst_rows;
};

struct copy {
  struct db *src, *dst;
  struct table t[MAX_TABLES];
  int n;
  int64_t total, done;
};

static bool is_url(const char *s) { return strstr(s, "://") != NULL; }

/* Whether the source has a table called name. */
static bool source_has(struct db *src, const char *name) {
  return db_int(src, 0, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", "t",
                name) > 0;
}

/* Adds table name to the plan, unless it is there already. */
static bool plan_add(struct copy *c, const char *name) {
  for (int i = 0; i < c->n; i++)
    if (!strcmp(c->t[i].name, name)) return true;
  if (c->n == MAX_TABLES || strlen(name) >= sizeof c->t[0].name) {
    fprintf(stderr, "lvzhi: 表太多或表名太长：%s\n", name);
    return false;
  }
  snprintf(c->t[c->n++].name, sizeof c->t[0].name, "%s", name);
  return true;
}

/* The tables to copy: the known ones in dependency order, then the source's others (not
** SQLite's own, not schema_migrations, not virtual tables or their shadow tables). */
static bool plan_tables(struct copy *c) {
  for (int i = 0; i < NORDER; i++)
    if (source_has(c->src, table_order[i]) && !plan_add(c, table_order[i])) return false;
  struct db_stmt *st =
      db_query(c->src,
               "SELECT m.name FROM sqlite_master m JOIN pragma_table_list l"
               " ON l.name = m.name AND l.schema = 'main' AND l.type = 'table'"
               " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
               " AND m.name <> 'schema_migrations' ORDER BY m.rowid",
               "");
  bool ok = st != NULL;
  while (ok && db_step(st) == DB_ROW) ok = plan_add(c, db_col_text(st, 0));
  db_done(st);
  return ok;
}

/* Reads the columns of table t from the source and checks that the target has each of them;
** notes which are bytea there. */
static bool plan_columns(struct copy *c, struct table *t, struct arena *a) {
  char *sql = arena_printf(a, "SELECT * FROM \"%s\" LIMIT 0", t->name);
  struct db_stmt *st = db_query(c->src, sql, "");
  if (!st) return false;
  t->ncols = db_col_count(st);
  if (t->ncols > MAX_COLUMNS) {
    db_done(st);
    fprintf(stderr, "lvzhi: 表 %s 的列太多\n", t->name);
    return false;
  }
  for (int i = 0; i < t->ncols; i++) {
    t->cols[i] = arena_strdup(a, db_col_name(st, i));
    if (!strcmp(t->cols[i], "id")) t->has_id = true;
  }
  db_done(st);
  for (int i = 0; i < t->ncols; i++) {
    struct db_stmt *q = db_query(c->dst,
                                 "SELECT data_type FROM information_schema.columns"
                                 " WHERE table_schema = current_schema() AND table_name = ?"
                                 " AND column_name = ?",
                                 "tt", t->name, t->cols[i]);
    bool found = db_step(q) == DB_ROW;
    if (found) t->blob[i] = !strcmp(db_col_text(q, 0), "bytea");
    db_done(q);
    if (!found) {
      fprintf(stderr, "lvzhi: 目标数据库没有 %s.%s 列：两边的结构版本不一致\n", t->name,
              t->cols[i]);
      return false;
    }
  }
  return true;
}

/* INSERT INTO t (cols) VALUES (?, ...), ... for rows rows (arena). */
static char *insert_sql(struct arena *a, const struct table *t, int rows) {
  struct buf b = {0};
  buf_printf(&b, "INSERT INTO \"%s\" (", t->name);
  for (int i = 0; i < t->ncols; i++) buf_printf(&b, "%s\"%s\"", i ? ", " : "", t->cols[i]);
  buf_printf(&b, ") VALUES ");
  for (int r = 0; r < rows; r++) {
    buf_printf(&b, "%s(", r ? ", " : "");
    for (int i = 0; i < t->ncols; i++) buf_printf(&b, "%s?", i ? ", " : "");
    buf_printf(&b, ")");
  }
  char *s = arena_strndup(a, b.data, b.len);
  buf_free(&b);
  return s;
}

/* Runs the INSERT sql of rows rows whose values are in v; false after printing the reason. */
static bool insert_rows(struct copy *c, struct table *t, const char *sql, int rows,
                        const struct db_value *v) {
  struct db_stmt *st = db_query_values(c->dst, sql, rows * t->ncols, v);
  int rc = st ? db_step(st) : DB_ERROR;
  db_done(st);
  if (rc != DB_DONE) {
    fprintf(stderr, "lvzhi: 写入 %s 失败：%s\n", t->name, db_errmsg(c->dst));
    return false;
  }
  return true;
}

/* Copies every row of table t from the source to the target, in batches. */
static bool copy_table(struct copy *c, struct table *t) {
  struct arena keep, rows;
  arena_init(&keep);
  arena_init(&rows);
  int batch = MAX_PARAMS / (t->ncols ? t->ncols : 1);
  if (batch > MAX_BATCH) batch = MAX_BATCH;
  if (batch < 1) batch = 1;
  struct buf q = {0};
  buf_printf(&q, "SELECT ");
  for (int i = 0; i < t->ncols; i++) buf_printf(&q, "%s\"%s\"", i ? ", " : "", t->cols[i]);
  buf_printf(&q, " FROM \"%s\"", t->name);
  /* a committee's path is its parent's and more: parents come first */
  if (!strcmp(t->name, "committees"))
    buf_printf(&q, " ORDER BY length(path), id");
  else if (t->has_id)
    buf_printf(&q, " ORDER BY id");
  char *select = arena_strndup(&keep, q.data, q.len);
  buf_free(&q);

  char *full = insert_sql(&keep, t, batch);
  struct db_value *v = arena_alloc(&keep, sizeof *v * (size_t)batch * (size_t)t->ncols);
  struct db_stmt *st = db_query(c->src, select, "");
  bool ok = st != NULL;
  int have = 0;
  int rc = DB_DONE;
  char stage[96];
  snprintf(stage, sizeof stage, "%-20s", t->name);
  while (ok && (rc = db_step(st)) == DB_ROW) {
    struct db_value *row = v + (size_t)have * (size_t)t->ncols;
    for (int i = 0; i < t->ncols; i++) {
      if (db_col_null(st, i)) {
        row[i] = (struct db_value){.type = 'n'};
      } else if (t->blob[i]) {
        size_t len = 0;
        const void *p = db_col_blob(st, i, &len);
        row[i] =
            (struct db_value){.type = 'B', .s = arena_strndup(&rows, p ? p : "", len), .len = len};
      } else {
        row[i] = (struct db_value){.type = 't', .s = arena_strdup(&rows, db_col_text(st, i))};
      }
    }
    if (++have == batch) {
      ok = insert_rows(c, t, full, have, v);
      c->done += have;
      have = 0;
      arena_free(&rows);
      cli_progress(c->done, c->total, stage);
    }
  }
  if (ok && rc != DB_DONE) {
    fprintf(stderr, "lvzhi: 读取源表 %s 失败：%s\n", t->name, db_errmsg(c->src));
    ok = false;
  }
  db_done(st);
  if (ok && have) {
    /* the last, shorter batch has its own text */
    ok = insert_rows(c, t, insert_sql(&keep, t, have), have, v);
    c->done += have;
  }
  if (ok && t->src_rows > 0) cli_progress(c->done, c->total, stage);
  arena_free(&rows);
  arena_free(&keep);
  return ok;
}

/* Moves the identity sequence of t's id past the largest id copied (nothing for tables
** without one: pg_get_serial_sequence answers NULL, and setval(NULL, ...) does nothing). */
static bool reset_sequence(struct copy *c, struct table *t, struct arena *a) {
  if (!t->has_id) return true;
  char *sql = arena_printf(a,
                           "SELECT setval(pg_get_serial_sequence(?, 'id'),"
                           " COALESCE((SELECT MAX(id) FROM \"%s\"), 0) + 1, false)",
                           t->name);
  struct db_stmt *st = db_query(c->dst, sql, "t", t->name);
  int rc = st ? db_step(st) : DB_ERROR;
  db_done(st);
  if (rc != DB_ROW) {
    fprintf(stderr, "lvzhi: 无法重置 %s 的编号序列：%s\n", t->name, db_errmsg(c->dst));
    return false;
  }
  return true;
}

static int64_t count_rows(struct db *db, struct arena *a, const char *table) {
  return db_int(db, -1, arena_printf(a, "SELECT COUNT(*) FROM \"%s\"", table), "");
}

/* Opens the source file (which must exist and be an lvzhi database of this version).
** Returns NULL after printing the reason. */
static struct db *open_source(const char *from) {
  if (access(from, R_OK) != 0) {
    fprintf(stderr, "lvzhi: 找不到源数据库文件 %s\n", from);
    return NULL;
  }
  char *err = NULL;
  struct db *src = db_open(from, &err);
  if (!src) {
    fprintf(stderr, "lvzhi: 无法打开源数据库 %s：%s\n", from, err ? err : "?");
    free(err);
    return NULL;
  }
  if (!source_has(src, "schema_migrations") || !source_has(src, "committees")) {
    fprintf(stderr, "lvzhi: %s 不是 lvzhi 的数据库\n", from);
    db_close(src);
    return NULL;
  }
  int have = (int)db_int(src, 0, "SELECT MAX(version) FROM schema_migrations", "");
  int want = schema_migrations[schema_migration_count - 1].version;
  if (have != want) {
    if (have < want)
      fprintf(stderr,
              "lvzhi: 源数据库的结构版本是 %d，本程序是 %d：请先备份，再运行"
              " lvzhi migrate --db %s，然后重试\n",
              have, want, from);
    else
      fprintf(stderr, "lvzhi: 源数据库的结构版本（%d）比本程序（%d）新：请使用新版的 lvzhi\n", have,
              want);
    db_close(src);
    return NULL;
  }
  return src;
}

/* Opens the target URL and brings its schema up to date; refuses a target that already
** holds a committee. Returns NULL after printing the reason. */
static struct db *open_target(const char *to) {
  char *err = NULL;
  struct db *dst = db_open(to, &err);
  if (!dst) {
    fprintf(stderr, "lvzhi: 无法连接目标数据库：%s\n", err ? err : "?");
    free(err);
    return NULL;
  }
  if (migrate_run(dst, schema_migrations, schema_migration_count, NULL) < 0) {
    fprintf(stderr, "lvzhi: 目标数据库迁移失败\n");
    db_close(dst);
    return NULL;
  }
  int64_t n = db_int(dst, -1, "SELECT COUNT(*) FROM committees", "");
  if (n != 0) {
    if (n > 0)
      fprintf(stderr,
              "lvzhi: 目标数据库已有 %lld 个政协的数据，拒绝迁移：migrate-data 只向空数据库复制，"
              "不会覆盖或合并已有数据。请新建一个空数据库后重试。\n",
              (long long)n);
    else
      fprintf(stderr, "lvzhi: 无法读取目标数据库：%s\n", db_errmsg(dst));
    db_close(dst);
    return NULL;
  }
  return dst;
}

/* Prints the table of counts; returns whether every count matches. */
static bool report(struct copy *c) {
  bool same = true;
  printf("\n%-28s %12s %12s  %s\n", "table", "sqlite", "postgresql", "result");
  int64_t sum_src = 0, sum_dst = 0;
  for (int i = 0; i < c->n; i++) {
    struct table *t = &c->t[i];
    bool eq = t->src_rows == t->dst_rows;
    same &= eq;
    sum_src += t->src_rows;
    sum_dst += t->dst_rows;
    printf("%-28s %12lld %12lld  %s\n", t->name, (long long)t->src_rows, (long long)t->dst_rows,
           eq ? "一致" : "不一致");
  }
  printf("%-28s %12lld %12lld  %s\n", "total", (long long)sum_src, (long long)sum_dst,
         same ? "一致" : "不一致");
  return same;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_migrate_data(struct cli *cl) {
  const char *from = cli_opt(cl, "from", NULL), *to = cli_opt(cl, "to", NULL);
  if (!from || !to) {
    fprintf(stderr, "用法: lvzhi migrate-data --from FILE.db --to postgresql://...\n");
    return 2;
  }
  if (is_url(from)) {
    fprintf(stderr, "lvzhi: --from 应是 SQLite 数据库文件，而不是 %s\n", from);
    return 2;
  }
  if (strncmp(to, "postgresql://", 13) && strncmp(to, "postgres://", 11)) {
    fprintf(stderr, "lvzhi: --to 应是 PostgreSQL 地址（postgresql://...）\n");
    return 2;
  }
  double t0 = now_s();
  static struct copy c;
  memset(&c, 0, sizeof c);
  struct arena a;
  arena_init(&a);
  int rc = 1;
  bool src_tx = false, dst_tx = false;
  c.src = open_source(from);
  if (!c.src) goto out;
  /* the audit chain is checked on both sides with the installation's key (the source's
  ** <FILE>.key, or secret-key / secret-key-file) */
  unsigned char key[SECRET_KEY_BYTES];
  if (!secret_load(&cl->conf, from, false, key)) goto out;
  audit_set_key(key);
  c.dst = open_target(to);
  if (!c.dst) goto out;

  /* hold the source still while it is read */
  if (db_begin(c.src) != DB_DONE) {
    fprintf(stderr, "lvzhi: 无法锁定源数据库（服务是否仍在运行？请先停止）：%s\n",
            db_errmsg(c.src));
    goto out;
  }
  src_tx = true;
  int64_t audit_src = 0, bad = audit_seal(c.src) ? audit_verify(c.src, &audit_src) : -1;
  if (bad) {
    if (bad > 0)
      fprintf(stderr,
              "lvzhi: 源数据库的审计日志哈希链在第 %lld 条记录处断开，拒绝迁移（请先用 lvzhi check"
              " 查明原因）\n",
              (long long)bad);
    else
      fprintf(stderr, "lvzhi: 源数据库的审计链头不符，拒绝迁移（请先用 lvzhi check 查明原因）\n");
    goto out;
  }
  if (!plan_tables(&c)) goto out;
  for (int i = 0; i < c.n; i++) {
    if (!plan_columns(&c, &c.t[i], &a)) goto out;
    c.t[i].src_rows = count_rows(c.src, &a, c.t[i].name);
    c.total += c.t[i].src_rows;
  }

  if (db_begin(c.dst) != DB_DONE) {
    fprintf(stderr, "lvzhi: 无法在目标数据库开始事务：%s\n", db_errmsg(c.dst));
    goto out;
  }
  dst_tx = true;
  /* what migrations put there (the reference sectors and parties) gives way to the source's */
  for (int i = c.n - 1; i >= 0; i--)
    if (db_exec(c.dst, arena_printf(&a, "DELETE FROM \"%s\"", c.t[i].name), "") != DB_DONE) {
      fprintf(stderr, "lvzhi: 无法清空目标表 %s：%s\n", c.t[i].name, db_errmsg(c.dst));
      goto out;
    }
  for (int i = 0; i < c.n; i++)
    if (!copy_table(&c, &c.t[i])) goto out;
  for (int i = 0; i < c.n; i++)
    if (!reset_sequence(&c, &c.t[i], &a)) goto out;

  /* verify before committing: a copy that does not hold is rolled back whole */
  for (int i = 0; i < c.n; i++) c.t[i].dst_rows = count_rows(c.dst, &a, c.t[i].name);
  bool same = report(&c);
  int64_t audit_dst = 0, bad_dst = audit_verify(c.dst, &audit_dst);
  if (bad_dst > 0)
    printf("审计日志：目标数据库的哈希链在第 %lld 条记录处断开\n", (long long)bad_dst);
  else if (bad_dst < 0)
    printf("审计日志：目标数据库的审计链头不符\n");
  else if (audit_dst != audit_src)
    printf("审计日志：条数不一致（源 %lld 条，目标 %lld 条）\n", (long long)audit_src,
           (long long)audit_dst);
  else
    printf("审计日志：%lld 条记录，哈希链在目标数据库上完整\n", (long long)audit_dst);
  if (!same || bad_dst || audit_dst != audit_src) {
    fprintf(stderr, "lvzhi: 校验未通过，已回滚：目标数据库没有任何改动\n");
    goto out;
  }
  if (db_commit(c.dst) != DB_DONE) {
    fprintf(stderr, "lvzhi: 提交失败：%s\n", db_errmsg(c.dst));
    goto out;
  }
  dst_tx = false;
  printf("已完成：%lld 行从 %s 复制到 PostgreSQL，用时 %.1f 秒。\n", (long long)c.total, from,
         now_s() - t0);
  if (access(arena_printf(&a, "%s.key", from), F_OK) == 0)
    printf("请把密钥文件 %s.key 配置给每个 PostgreSQL 节点（secret-key-file = ...），"
           "否则身份证号无法解密。\n",
           from);
  else
    printf("注意：没有找到密钥文件 %s.key；PostgreSQL 节点须使用源数据库原来的密钥"
           "（secret-key 或 secret-key-file）。\n",
           from);
  rc = 0;
out:
  if (dst_tx) db_rollback(c.dst);
  if (src_tx) db_rollback(c.src);
  db_close(c.dst);
  db_close(c.src);
  arena_free(&a);
  return rc;
}
