/* src/cli/cli_user.c: `lvzhi user add|passwd|list|disable`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "auth/secret.h"
#include "auth/password.h"
#include "auth/session.h"
#include "account/user.h"
#include "base/arena.h"
#include "cli.h"
#include "db/db.h"

/* Reads the password from standard input (one line) or, without --password-stdin, makes one
** that keeps the rules for the account name and prints it. A password read is checked by the
** same rules (password_check) where it is set. */
static bool get_password(struct cli *c, const char *name, char *out, size_t len, bool *generated) {
  *generated = false;
  if (conf_bool(&c->conf, "password-stdin", false)) {
    if (!fgets(out, (int)len, stdin)) return false;
    out[strcspn(out, "\r\n")] = 0;
    return true;
  }
  do password_random(out, 16);
  while (password_check(out, name));
  *generated = true;
  return true;
}

static int user_add(struct cli *c, struct db *db) {
  if (c->nargs < 2) {
    fprintf(stderr,
            "用法: lvzhi user add NAME --role ROLE [--committee ID] [--member ID] [--unit ID]"
            " [--organises group:ID|special_committee:ID|party:ID] [--password-stdin]\n");
    return 2;
  }
  const char *name = c->args[1];
  const char *role = cli_opt(c, "role", NULL);
  if (!role || access_role_parse(role) < 0) {
    fprintf(stderr, "lvzhi: 请用 --role 指定角色：admin security_admin audit_admin secretariat "
                    "committee_staff proposal_office handling_unit member viewer organiser\n");
    return 2;
  }
  /* an organiser's body: KIND:ID, KIND one of access_organiser_kinds */
  const char *org = cli_opt(c, "organises", NULL), *colon = org ? strchr(org, ':') : NULL;
  char org_kind[32] = "";
  int64_t org_id = 0;
  if (org) {
    char *end = NULL;
    if (colon && (size_t)(colon - org) < sizeof org_kind) {
      snprintf(org_kind, sizeof org_kind, "%.*s", (int)(colon - org), org);
      org_id = strtoll(colon + 1, &end, 10);
    }
    if (!colon || label_index(access_organiser_kinds, org_kind) < 0 || org_id <= 0 || !end ||
        *end) {
      fprintf(stderr, "lvzhi: --organises 应为 group:编号、special_committee:编号 或 party:编号"
                      "（所组织的界别活动组、专委会或党派）\n");
      return 2;
    }
  }
  int64_t committee = strtoll(cli_opt(c, "committee", "0"), NULL, 10);
  if (!committee)
    committee = db_int(db, 0, "SELECT MIN(id) FROM committees WHERE parent_id IS NULL", "");
  char pw[200];
  bool generated;
  if (!get_password(c, name, pw, sizeof pw, &generated)) {
    fprintf(stderr, "lvzhi: 没有从标准输入读到密码\n");
    return 1;
  }
  struct arena a;
  arena_init(&a);
  struct entity_ctx ctx = {.db = db, .arena = &a, .ip = "cli"};
  json_t *in = json_pack("{s:s,s:s,s:I,s:s,s:s}", "username", name, "role", role, "committee_id",
                         (json_int_t)committee, "password", pw, "display_name",
                         cli_opt(c, "display-name", name));
  const char *m = cli_opt(c, "member", NULL), *u = cli_opt(c, "unit", NULL);
  if (m) json_object_set_new(in, "member_id", json_integer(strtoll(m, NULL, 10)));
  if (u) json_object_set_new(in, "unit_id", json_integer(strtoll(u, NULL, 10)));
  if (org) {
    json_object_set_new(in, "organiser_kind", json_string(org_kind));
    json_object_set_new(in, "organiser_id", json_integer(org_id));
  }
  int64_t id = entity_create(&ctx, &user_entity, in);
  json_decref(in);
  int rc = 0;
  if (!id) {
    fprintf(stderr, "lvzhi: 无法添加用户：%s\n", ctx.err.zh ? ctx.err.zh : "?");
    json_decref(ctx.err.errors);
    rc = 1;
  } else {
    printf("已添加用户 %s（编号 %lld，角色 %s）\n", name, (long long)id, role);
    if (generated) printf("密码：%s\n", pw);
  }
  arena_free(&a);
  return rc;
}

static int user_passwd(struct cli *c, struct db *db) {
  if (c->nargs < 2) {
    fprintf(stderr, "用法: lvzhi user passwd NAME [--password-stdin]\n");
    return 2;
  }
  int64_t id = db_int(db, 0, "SELECT id FROM users WHERE username = ?", "t", c->args[1]);
  if (!id) {
    fprintf(stderr, "lvzhi: 没有用户 %s\n", c->args[1]);
    return 1;
  }
  char pw[200];
  bool generated;
  if (!get_password(c, c->args[1], pw, sizeof pw, &generated)) return 1;
  if (db_begin(db) != DB_DONE) {
    fprintf(stderr, "lvzhi: 无法修改密码：%s\n", db_errmsg(db));
    return 1;
  }
  /* the rules of every path (password_check, with the account's name) */
  const struct password_fault *f = user_set_password(db, id, pw);
  if (f || !audit_record(db, NULL, "cli", "password", "user", id, 0, NULL, NULL) ||
      db_commit(db) != DB_DONE) {
    db_rollback(db);
    fprintf(stderr, "lvzhi: 无法修改密码：%s\n", f ? f->zh : db_errmsg(db));
    return 1;
  }
  printf("已修改 %s 的密码%s%s\n", c->args[1], generated ? "：" : "", generated ? pw : "");
  return 0;
}

static int user_list(struct db *db) {
  struct db_stmt *st =
      db_query(db,
               "SELECT u.id, u.username, u.role, c.name, u.disabled, u.display_name"
               " FROM users u JOIN committees c ON c.id = u.committee_id ORDER BY u.id",
               "");
  printf("%-6s %-16s %-16s %-8s %s\n", "编号", "用户名", "角色", "状态", "所属政协");
  while (db_step(st) == DB_ROW)
    printf("%-6lld %-16s %-16s %-8s %s\n", (long long)db_col_int(st, 0), db_col_text(st, 1),
           db_col_text(st, 2), db_col_int(st, 4) ? "已停用" : "正常", db_col_text(st, 3));
  db_done(st);
  return 0;
}

static int user_disable(struct cli *c, struct db *db) {
  if (c->nargs < 2) {
    fprintf(stderr, "用法: lvzhi user disable NAME\n");
    return 2;
  }
  int64_t id = db_int(db, 0, "SELECT id FROM users WHERE username = ?", "t", c->args[1]);
  if (!id) {
    fprintf(stderr, "lvzhi: 没有用户 %s\n", c->args[1]);
    return 1;
  }
  /* its sessions end and its API tokens are revoked with it, in one transaction */
  if (db_begin(db) != DB_DONE ||
      db_exec(db, "UPDATE users SET disabled = 1 WHERE id = ?", "i", id) != DB_DONE ||
      session_revoke_user(db, id) != DB_DONE ||
      !audit_record(db, NULL, "cli", "disable", "user", id, 0, NULL, NULL) ||
      db_commit(db) != DB_DONE) {
    db_rollback(db);
    fprintf(stderr, "lvzhi: 停用失败：%s\n", db_errmsg(db));
    return 1;
  }
  printf("已停用用户 %s（其会话已结束，API 令牌已吊销）\n", c->args[1]);
  return 0;
}

int cmd_user(struct cli *c) {
  if (c->nargs < 1) {
    fprintf(stderr, "用法: lvzhi user add|passwd|list|disable ...\n");
    return 2;
  }
  unsigned char key[SECRET_KEY_BYTES]; /* the audit chain's key: every change here is audited */
  struct db *db = cli_open_db_key(c, false, key);
  if (!db) return 1;
  int rc;
  const char *sub = c->args[0];
  if (!strcmp(sub, "add"))
    rc = user_add(c, db);
  else if (!strcmp(sub, "passwd"))
    rc = user_passwd(c, db);
  else if (!strcmp(sub, "list"))
    rc = user_list(db);
  else if (!strcmp(sub, "disable"))
    rc = user_disable(c, db);
  else {
    fprintf(stderr, "lvzhi: 未知的子命令 user %s\n", sub);
    rc = 2;
  }
  db_close(db);
  return rc;
}
