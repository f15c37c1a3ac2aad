/* src/cli/cli_db.c: commands on the database as a whole: init, migrate, demo, backup, restore,
** check, routes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sodium.h>
#include <unistd.h>
#include "base/errors.h"
#include "auth/access.h"
#include "auth/audit.h"
#include "auth/file_seal.h"
#include "auth/password.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "cli.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/demo.h"
#include "http/router.h"
#include "org/org.h"

const char *cli_opt(struct cli *c, const char *key, const char *dflt) {
  return conf_get(&c->conf, key, dflt);
}

static bool is_sqlite(const char *url) { return strstr(url, "://") == NULL; }

/* Creates the folder of a SQLite file when it is missing (var/ on a fresh clone). */
static void make_parent_dir(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash || slash == path) return;
  char dir[4096];
  snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
  mkdir(dir, 0755);
}

/* Opens the configured database, bringing its schema up to date when migrate is set with key
** (NULL: none) for the migrations that run code. */
static struct db *open_db(struct cli *c, bool migrate, const unsigned char *key) {
  const char *url = cli_opt(c, "db", "var/lvzhi.db");
  if (is_sqlite(url)) make_parent_dir(url);
  char *err = NULL;
  struct db *db = db_open(url, &err);
  if (!db) {
    fprintf(stderr, "lvzhi: 无法打开数据库 %s: %s\n", url, err ? err : "?");
    free(err);
    return NULL;
  }
  if (migrate && migrate_run_key(db, schema_migrations, schema_migration_count, key, NULL) < 0) {
    fprintf(stderr, "lvzhi: 数据库迁移失败\n");
    db_close(db);
    return NULL;
  }
  return db;
}

struct db *cli_open_db(struct cli *c, bool migrate) {
  return open_db(c, migrate, NULL);
}

struct db *cli_open_db_key(struct cli *c, bool create_key, unsigned char *key) {
  /* the key first: it keys the audit chain, and a migration may need it (migration 13 seals
  ** what was kept in clear) */
  const char *url = cli_opt(c, "db", "var/lvzhi.db");
  if (is_sqlite(url)) make_parent_dir(url);
  if (!secret_load(&c->conf, url, create_key, key)) return NULL;
  audit_set_key(key);
  struct db *db = open_db(c, true, key);
  /* a head an upgrade left unsealed is sealed now */
  if (db && !audit_seal(db)) {
    fprintf(stderr, "lvzhi: 无法封存审计链头：%s\n", db_errmsg(db));
    db_close(db);
    return NULL;
  }
  return db;
}

void cli_progress(int64_t done, int64_t total, const char *stage) {
  if (!isatty(2)) return;
  int pct = total > 0 ? (int)(done * 100 / total) : 0;
  if (pct > 100) pct = 100;
  char bar[31];
  int fill = pct * 30 / 100;
  for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
  bar[30] = 0;
  fprintf(stderr, "\r%s [%s] %3d%% %lld/%lld", stage ? stage : "", bar, pct, (long long)done,
          (long long)total);
  if (done >= total) fputc('\n', stderr);
  fflush(stderr);
}

static void print_migration(const struct migration *m) {
  printf("已执行迁移 %d：%s\n", m->version, m->name);
}

int cmd_migrate(struct cli *c) {
  struct db *db = cli_open_db(c, false);
  if (!db) return 1;
  /* a database with data needs the key for the migrations that seal it; a new one does not */
  unsigned char key[SECRET_KEY_BYTES];
  bool have_key = migrate_version(db) > 0;
  if (have_key && !secret_load(&c->conf, cli_opt(c, "db", "var/lvzhi.db"), false, key)) {
    db_close(db);
    return 1;
  }
  audit_set_key(have_key ? key : NULL);
  int n = migrate_run_key(db, schema_migrations, schema_migration_count, have_key ? key : NULL,
                          print_migration);
  if (n >= 0) printf("数据库结构版本：%d（本次执行 %d 个迁移）\n", migrate_version(db), n);
  db_close(db);
  return n < 0;
}

int cmd_init(struct cli *c) {
  const char *url = cli_opt(c, "db", "var/lvzhi.db");
  unsigned char key[SECRET_KEY_BYTES];
  struct db *db = cli_open_db_key(c, true, key);
  if (!db) return 1;
  if (db_int(db, 0, "SELECT COUNT(*) FROM committees", "") > 0) {
    fprintf(stderr, "lvzhi: 数据库 %s 已经初始化过\n", url);
    db_close(db);
    return 1;
  }
  const char *name = cli_opt(c, "committee-name", "本级政协");
  const char *level = cli_opt(c, "level", "province");
  /* the three administrators (三员分立), each with a random password shown once */
  static const struct {
    const char *opt, *dflt, *role, *display, *label;
  } officers[] = {
      {"admin", "admin", "admin", "系统管理员", "管理员"},
      {"security-admin", "secadmin", "security_admin", "安全管理员", "安全管理员"},
      {"audit-admin", "auditor", "audit_admin", "审计管理员", "审计管理员"},
  };
  enum { NOFFICERS = sizeof officers / sizeof officers[0] };
  struct arena a;
  arena_init(&a);
  struct entity_ctx ctx = {.db = db, .arena = &a, .ip = "cli", .secret = key};
  char pw[NOFFICERS][20];
  int rc = 1;
  db_begin(db);
  int64_t root = org_committee_add(&ctx, 0, name, level, "");
  bool ok = root != 0;
  for (int i = 0; ok && i < NOFFICERS; i++) {
    char hash[PASSWORD_HASH_MAX];
    do password_random(pw[i], 16); /* keeps the rules of every password, the name's too */
    while (password_check(pw[i], cli_opt(c, officers[i].opt, officers[i].dflt)));
    int64_t id = 0;
    ok = password_hash(pw[i], hash) &&
         (id = db_int(db, 0,
                      "INSERT INTO users (username, display_name, password_hash, role,"
                      " committee_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                      " RETURNING id",
                      "ttttiii", cli_opt(c, officers[i].opt, officers[i].dflt), officers[i].display,
                      hash, officers[i].role, root, time_now(), time_now())) > 0;
    json_t *after =
        json_pack("{s:s,s:s}", "username", cli_opt(c, officers[i].opt, officers[i].dflt), "role",
                  officers[i].role);
    ok = ok && audit_record(db, NULL, "cli", "create", "user", id, root, NULL, after);
    json_decref(after);
  }
  if (ok && audit_record(db, NULL, "cli", "init", "committee", root, root, NULL, NULL) &&
      db_commit(db) == DB_DONE) {
    printf("已初始化数据库 %s\n根政协：%s（编号 %lld）\n", url, name, (long long)root);
    for (int i = 0; i < NOFFICERS; i++)
      printf("%s账号：%s\n%s密码：%s\n", officers[i].display,
             cli_opt(c, officers[i].opt, officers[i].dflt), officers[i].label, pw[i]);
    printf("（密码只显示这一次，请妥善保存；三个账号各司其职，不要由一人同时掌握）\n");
    rc = 0;
  } else {
    db_rollback(db);
    fprintf(stderr, "lvzhi: 初始化失败：%s\n", ctx.err.zh ? ctx.err.zh : db_errmsg(db));
  }
  arena_free(&a);
  db_close(db);
  return rc;
}

int cmd_demo(struct cli *c) {
  unsigned char key[SECRET_KEY_BYTES];
  struct db *db = cli_open_db_key(c, true, key);
  if (!db) return 1;
  struct demo_options opt = {.seed = (uint64_t)strtoull(cli_opt(c, "seed", "2026"), NULL, 10),
                             .scale = strtoll(cli_opt(c, "scale", "0"), NULL, 10),
                             .secret = key,
                             .without_contact = !strcmp(cli_opt(c, "contact", "1"), "0"),
                             .without_proposals = !strcmp(cli_opt(c, "proposals", "1"), "0"),
                             .without_reports = !strcmp(cli_opt(c, "reports", "1"), "0"),
                             .progress = cli_progress};
  if (opt.scale < 0 || opt.scale > 5000000) {
    fprintf(stderr, "lvzhi: --scale 应在 0 到 5000000 之间\n");
    db_close(db);
    return 2;
  }
  struct demo_result res;
  char err[256] = "";
  bool ok = demo_load(db, &opt, &res, err);
  db_close(db);
  if (!ok) {
    fprintf(stderr, "lvzhi: 载入演示数据失败：%s\n", err);
    return 1;
  }
  printf("已载入演示数据：%lld 个政协，%lld 名委员，%lld 个界别活动组，%lld 个账号\n",
         (long long)res.committees, (long long)res.members, (long long)res.groups,
         (long long)res.users);
  printf("管理员账号：admin\n管理员密码：%s\n", res.admin_password);
  printf("安全管理员账号：secadmin\n安全管理员密码：%s\n", res.security_password);
  printf("审计管理员账号：auditor\n审计管理员密码：%s\n", res.audit_password);
  printf("其他演示账号（gansu lanzhou chengguan qilihe tian tianshui viewer member1 member2 tiban "
         "jiaoyu weijian zuzhi）密码：%s\n",
         DEMO_STAFF_PASSWORD);
  return 0;
}

/* Swaps the SQLite database at url for a copy of the plain backup at from (name: the file the
** user gave, for the messages). */
static int restore_from(const char *url, const char *from, const char *name) {
  char *err = NULL;
  struct db *src = db_open(from, &err);
  if (!src || db_int(src, -1, "SELECT COUNT(*) FROM schema_migrations", "") < 0) {
    fprintf(stderr, "lvzhi: %s 不是 lvzhi 的备份文件\n", name);
    free(err);
    db_close(src);
    return 1;
  }
  /* copy into a new file beside the database, then swap it in whole */
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.restore-tmp", url);
  unlink(tmp);
  int rc = db_backup(src, tmp, &err);
  db_close(src);
  if (rc != DB_DONE) {
    fprintf(stderr, "lvzhi: 恢复失败：%s\n", err ? err : "?");
    free(err);
    unlink(tmp);
    return 1;
  }
  char wal[4200], shm[4200];
  snprintf(wal, sizeof wal, "%s-wal", url);
  snprintf(shm, sizeof shm, "%s-shm", url);
  unlink(wal);
  unlink(shm);
  if (rename(tmp, url) != 0) {
    fprintf(stderr, "lvzhi: 无法替换 %s：%s\n", url, strerror(errno));
    return 1;
  }
  printf("已从 %s 恢复到 %s\n", name, url);
  return 0;
}

/* The backup key (`backup-key` or `backup-key-file`): 1 with the key, -1 when none is given,
** 0 when the one given is no key (said on stderr). */
static int backup_key(struct cli *c, unsigned char key[FILE_SEAL_KEY_BYTES]) {
  return secret_key_option(&c->conf, "backup-key", key);
}

int cmd_backup(struct cli *c) {
  if (c->nargs < 1) {
    fprintf(stderr, "用法: lvzhi backup FILE [--backup-key-file KEYFILE]\n");
    return 2;
  }
  const char *out = c->args[0];
  if (access(out, F_OK) == 0) {
    fprintf(stderr, "lvzhi: %s 已存在，不会覆盖\n", out);
    return 1;
  }
  unsigned char key[FILE_SEAL_KEY_BYTES];
  int keyed = backup_key(c, key);
  if (keyed == 0) return 1;
  struct db *db = cli_open_db(c, false);
  if (!db) return 1;
  /* with a key: the copy goes to a file of its own beside FILE (0600), is sealed into FILE
  ** and removed */
  char plain[4200];
  snprintf(plain, sizeof plain, "%s.plain-tmp", out);
  if (keyed == 1) unlink(plain);
  char *err = NULL;
  int rc = db_backup(db, keyed == 1 ? plain : out, &err);
  db_close(db);
  if (rc != DB_DONE) {
    fprintf(stderr, "lvzhi: 备份失败：%s\n", err ? err : "?");
    free(err);
    if (keyed == 1) unlink(plain);
    return 1;
  }
  if (keyed == 1) {
    char msg[256];
    bool ok = file_seal(plain, out, key, msg);
    unlink(plain);
    sodium_memzero(key, sizeof key);
    if (!ok) {
      fprintf(stderr, "lvzhi: 备份失败：%s\n", msg);
      return 1;
    }
    printf("已备份到 %s（已用备份密钥加密）\n", out);
    return 0;
  }
  printf("已备份到 %s\n", out);
  return 0;
}

int cmd_restore(struct cli *c) {
  if (c->nargs < 1) {
    fprintf(stderr, "用法: lvzhi restore FILE [--backup-key-file KEYFILE]\n");
    return 2;
  }
  const char *url = cli_opt(c, "db", "var/lvzhi.db");
  if (!is_sqlite(url)) {
    fprintf(stderr, "lvzhi: restore 只用于 SQLite；PostgreSQL 请用 pg_restore\n");
    return 1;
  }
  /* an encrypted backup is opened into a file beside the database first */
  const char *from = c->args[0];
  char opened[4200] = "";
  if (file_is_sealed(from)) {
    unsigned char key[FILE_SEAL_KEY_BYTES];
    int keyed = backup_key(c, key);
    if (keyed != 1) {
      if (keyed < 0)
        fprintf(stderr, "lvzhi: %s 是加密的备份，请用 --backup-key-file 给出备份密钥\n", from);
      return 1;
    }
    char msg[256];
    snprintf(opened, sizeof opened, "%s.restore-plain", url);
    unlink(opened);
    bool ok = file_unseal(from, opened, key, msg);
    sodium_memzero(key, sizeof key);
    if (!ok) {
      fprintf(stderr, "lvzhi: 恢复失败：%s\n", msg);
      return 1;
    }
    from = opened;
  }
  int rc = restore_from(url, from, c->args[0]);
  if (opened[0]) unlink(opened);
  return rc;
}

int cmd_check(struct cli *c) {
  struct db *db = cli_open_db(c, false);
  if (!db) return 1;
  int rc = 0;
  if (db_engine(db) == DB_SQLITE) {
    struct db_stmt *st = db_query(db, "PRAGMA integrity_check", "");
    const char *res = db_step(st) == DB_ROW ? db_col_text(st, 0) : "?";
    if (strcmp(res, "ok")) {
      printf("数据库完整性：错误：%s\n", res);
      rc = 1;
    } else
      printf("数据库完整性：正常\n");
    db_done(st);
  }
  unsigned char key[SECRET_KEY_BYTES];
  if (secret_load(&c->conf, cli_opt(c, "db", "var/lvzhi.db"), false, key)) audit_set_key(key);
  struct audit_check ac;
  enum audit_problem p = audit_check(db, &ac);
  if (p == AUDIT_OK)
    printf("审计日志：%lld 条记录（启用密钥前的 %lld 条），哈希链与链头完整\n",
           (long long)ac.entries, (long long)ac.legacy);
  else if (p == AUDIT_ENTRY)
    printf("审计日志：哈希链在第 %lld 条记录处断开（共检查 %lld 条）\n", (long long)ac.first_broken,
           (long long)ac.entries);
  else
    printf("审计日志：%s（记录 %lld 条，链头记 %lld 条）\n", audit_problems[p].zh,
           (long long)ac.entries, (long long)ac.head_entries);
  if (p != AUDIT_OK) rc = 1;
  /* kept outside the machine (the system log), the head shows a rollback of the whole file */
  printf("审计链头：%lld 条，最后哈希 %s\n", (long long)ac.entries,
         ac.last_hash[0] ? ac.last_hash : "（无）");
  db_close(db);
  return rc;
}

static void print_route(const struct route *r, void *ctx) {
  (void)ctx;
  printf("%-6s %-45s %-16s %s\n", r->method, r->pattern, access_perm_name(r->perm),
         r->summary ? r->summary : "");
}

int cmd_routes(struct cli *c) {
  (void)c;
  router_each(print_route, NULL);
  return 0;
}

int cmd_errors(struct cli *c) {
  (void)c;
  for (int e = ERR_NONE + 1; e < ERR__COUNT; e++)
    printf("%-24s %d %s\n", err_code(e), err_status(e), err_text(e));
  return 0;
}
