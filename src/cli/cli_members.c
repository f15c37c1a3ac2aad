/* src/cli/cli_members.c: `lvzhi import members FILE.csv` and `lvzhi export members` (ID
** numbers masked unless --id-numbers whole, which the audit log records). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "auth/secret.h"
#include "auth/session.h"
#include "base/arena.h"
#include "base/buf.h"
#include "cli.h"
#include "db/db.h"
#include "member/member.h"

static bool read_file(const char *path, struct buf *out) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(out, chunk, n);
  fclose(f);
  return true;
}

static void progress(void *arg, int64_t done, int64_t total, const char *stage) {
  (void)arg;
  cli_progress(done, total, stage);
}

/* Opens the database for a roster command: the key, and the context acting as the user named
** by --as (default: the system). Returns NULL after printing the reason. */
static struct db *open_roster(struct cli *c, struct arena *a, unsigned char *key,
                              struct entity_ctx *ctx) {
  struct db *db = cli_open_db_key(c, false, key);
  if (!db) return NULL;
  *ctx = (struct entity_ctx){.db = db, .arena = a, .ip = "cli", .secret = key};
  const char *as = cli_opt(c, "as", NULL);
  if (as) {
    int64_t id = db_int(db, 0, "SELECT id FROM users WHERE username = ?", "t", as);
    ctx->user = id ? user_load(db, a, id) : NULL;
    if (!ctx->user) {
      fprintf(stderr, "lvzhi: 没有可用的用户 %s\n", as);
      db_close(db);
      return NULL;
    }
  }
  return db;
}

int cmd_import(struct cli *c) {
  if (c->nargs < 2 || strcmp(c->args[0], "members")) {
    fprintf(stderr, "用法: lvzhi import members FILE.csv [--as USERNAME]\n");
    return 2;
  }
  struct buf file = {0};
  if (!read_file(c->args[1], &file)) {
    fprintf(stderr, "lvzhi: 无法读取 %s\n", c->args[1]);
    return 1;
  }
  struct arena a;
  arena_init(&a);
  unsigned char key[SECRET_KEY_BYTES];
  struct entity_ctx ctx;
  struct db *db = open_roster(c, &a, key, &ctx);
  int rc = 1;
  if (db) {
    json_t *res = member_import_csv(&ctx, file.data ? file.data : "", file.len, progress, NULL);
    if (ctx.err.code) {
      fprintf(stderr, "%s\n", ctx.err.zh);
      size_t i;
      json_t *row;
      json_array_foreach(json_object_get(res, "rows"), i, row) {
        int col = (int)json_integer_value(json_object_get(row, "column"));
        fprintf(
            stderr, "  第 %lld 行%s%s：%s\n",
            (long long)json_integer_value(json_object_get(row, "line")),
            col ? arena_printf(&a, "第 %d 列", col) : "",
            col ? arena_printf(&a, "（%s）", json_string_value(json_object_get(row, "column_name")))
                : "",
            json_string_value(json_object_get(row, "message")));
      }
    } else {
      printf("已导入 %lld 名委员\n",
             (long long)json_integer_value(json_object_get(res, "imported")));
      rc = 0;
    }
    json_decref(res);
  }
  arena_free(&a);
  buf_free(&file);
  db_close(db);
  return rc;
}

int cmd_export(struct cli *c) {
  if (c->nargs < 1 || strcmp(c->args[0], "members")) {
    fprintf(stderr, "用法: lvzhi export members [--format csv|xlsx] [--out FILE] [--committee ID]"
                    " [--id-numbers masked|whole] [--as USERNAME]\n");
    return 2;
  }
  const char *format = cli_opt(c, "format", "csv");
  if (strcmp(format, "csv") && strcmp(format, "xlsx")) {
    fprintf(stderr, "lvzhi: --format 应为 csv 或 xlsx\n");
    return 2;
  }
  const char *ids = cli_opt(c, "id-numbers", "masked");
  if (strcmp(ids, "masked") && strcmp(ids, "whole")) {
    fprintf(stderr, "lvzhi: --id-numbers 应为 masked 或 whole\n");
    return 2;
  }
  bool whole = !strcmp(ids, "whole");
  const char *out_path = cli_opt(c, "out", NULL);
  if (!strcmp(format, "xlsx") && !out_path) {
    fprintf(stderr, "lvzhi: 导出 xlsx 时请用 --out 指定文件\n");
    return 2;
  }
  struct arena a;
  arena_init(&a);
  unsigned char key[SECRET_KEY_BYTES];
  struct entity_ctx ctx;
  struct db *db = open_roster(c, &a, key, &ctx);
  int rc = 1;
  if (db && whole && ctx.user && !access_role_has(ctx.user->role, PERM_MEMBER_IDNUMBER)) {
    fprintf(stderr, "lvzhi: 用户 %s 的角色不能导出完整的身份证号\n", ctx.user->username);
  } else if (db) {
    struct entity_query q = {.committee_id = strtoll(cli_opt(c, "committee", "0"), NULL, 10)};
    struct buf out = {0};
    ctx.reveal = whole;
    int64_t n = !strcmp(format, "xlsx") ? member_export_xlsx(&ctx, &q, &out)
                                        : member_export_csv(&ctx, &q, &out);
    /* an export from the command line is an audit entry too, as the API's are, written before
    ** the file; one with whole ID numbers is recorded as such */
    json_t *what = json_pack("{s:s,s:s,s:s,s:I,s:I}", "route", "lvzhi export members", "format",
                             format, "id_numbers", whole ? "whole" : "masked", "committee_id",
                             (json_int_t)q.committee_id, "rows", (json_int_t)n);
    bool logged =
        n >= 0 && (whole ? member_audit_reveal(&ctx, "export_id_numbers", 0, q.committee_id, what)
                         : audit_record(db, ctx.user, "cli", "export", "members", 0, q.committee_id,
                                        NULL, what));
    json_decref(what);
    if (n >= 0 && !logged)
      fprintf(stderr, "lvzhi: 无法写入审计日志，未导出：%s\n", db_errmsg(db));
    else if (n < 0)
      fprintf(stderr, "lvzhi: 导出失败：%s\n", ctx.err.zh ? ctx.err.zh : "?");
    else {
      FILE *f = out_path ? fopen(out_path, "wb") : stdout;
      if (f && fwrite(out.data, 1, out.len, f) == out.len) rc = 0;
      if (f && f != stdout) fclose(f);
      if (rc == 0)
        fprintf(stderr, "已导出 %lld 名委员%s%s\n", (long long)n, out_path ? " 到 " : "",
                out_path ? out_path : "");
    }
    buf_free(&out);
  }
  arena_free(&a);
  db_close(db);
  return rc;
}
