/* src/account/user.c: the user record: username rules, role, scope, password and disabling. */
#include "user.h"
#include <stdio.h>
#include <string.h>
#include "auth/access.h"
#include "auth/password.h"
#include "auth/session.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "org/settings.h"

static bool username_ok(const char *s) {
  size_t n = strlen(s);
  if (n < 3 || n > 32) return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' ||
          *s == '-'))
      return false;
  return true;
}

bool user_officer_guard(struct entity_ctx *ctx, int64_t id, const char *role) {
  if (!ctx->user) return true; /* the command line on the server */
  int want = role ? access_role_parse(role) : -1;
  struct db_stmt *st = db_query(ctx->db, "SELECT role FROM users WHERE id = ?", "i", id);
  int had = st && db_step(st) == DB_ROW ? access_role_parse(db_col_text(st, 0)) : -1;
  db_done(st);
  if ((want >= 0 && access_role_is_officer((enum role)want)) ||
      (had >= 0 && access_role_is_officer((enum role)had))) {
    entity_fail(ctx, ERR_FORBIDDEN, "role",
                "系统管理员、安全管理员和审计管理员的账号只能在服务器上用 lvzhi user 命令管理",
                "The accounts of the system, security and audit administrators are managed only "
                "on the server, with lvzhi user");
    return false;
  }
  if (id && id == ctx->user->id && want >= 0 && (enum role)want != ctx->user->role) {
    entity_fail(ctx, ERR_FORBIDDEN, "role", "不能修改自己的角色",
                "You cannot change your own role");
    return false;
  }
  return true;
}

/* The body an account organises as stored: *kind (enum organiser_kind, -1 for none) and *id. */
static void stored_body(struct entity_ctx *ctx, int64_t id, int *kind, int64_t *body) {
  *kind = -1;
  *body = 0;
  if (!id) return;
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT organises_group_id, organises_special_committee_id,"
                                " organises_party_id FROM users WHERE id = ?",
                                "i", id);
  if (db_step(st) == DB_ROW)
    for (int k = 0; k < ORGANISER__COUNT; k++)
      if (!db_col_null(st, k)) {
        *kind = k;
        *body = db_col_int(st, k);
        break;
      }
  db_done(st);
}

/* The body account id (0: a new one) organises after a write of in: organiser_kind and
** organiser_id as given (a string and an integer; null: none), each one not given as stored.
** Returns whether either was given. */
static bool body_after(struct entity_ctx *ctx, int64_t id, json_t *in, int *kind, int64_t *body) {
  json_t *k = json_object_get(in, "organiser_kind"), *b = json_object_get(in, "organiser_id");
  stored_body(ctx, id, kind, body);
  if (k) *kind = json_is_string(k) ? label_index(access_organiser_kinds, json_string_value(k)) : -1;
  if (b) *body = json_is_integer(b) ? json_integer_value(b) : 0;
  return k || b;
}

/* An organiser names the one body it organises (organiser_kind and organiser_id, a field not
** given keeping its stored value): an activity group or special committee of the account's own
** committee, or a party; no other role names one (a role changed away from organiser drops
** it). */
static bool organiser_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                            int64_t id, json_t *in) {
  int kind;
  int64_t body;
  bool given = body_after(ctx, id, in, &kind, &body);
  const char *role = v[entity_field(e, "role")].s;
  if (given && (kind >= 0) != (body > 0) && !strcmp(role, "organiser")) {
    entity_fail(ctx, ERR_INVALID_FIELD, kind >= 0 ? "organiser_id" : "organiser_kind",
                "所组织的类别 organiser_kind 和编号 organiser_id 须同时给出（或同时为空）",
                "Give organiser_kind and organiser_id together (or both null)");
    return false;
  }
  if (strcmp(role, "organiser")) {
    json_t *k = json_object_get(in, "organiser_kind"), *b = json_object_get(in, "organiser_id");
    if ((k && !json_is_null(k)) || (b && !json_is_null(b))) {
      entity_fail(ctx, ERR_INVALID_FIELD, "organiser_kind",
                  "只有组织者账号指定所组织的界别活动组、专委会或党派",
                  "Only an organiser account names the body it organises");
      return false;
    }
    return true; /* a body stored before is dropped (user_after_write) */
  }
  if (kind < 0 || body <= 0) {
    entity_fail(ctx, ERR_INVALID_FIELD, "organiser_id",
                "组织者账号须指定所组织的一个界别活动组、专委会或党派",
                "An organiser account must name the activity group, special committee or party "
                "it organises");
    return false;
  }
  const struct label *l = &access_organiser_kinds[kind];
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = ?",
           kind == ORGANISER_PARTY ? "0" : "committee_id",
           access_organiser_table((enum organiser_kind)kind));
  struct db_stmt *st = db_query(ctx->db, sql, "i", body);
  bool found = db_step(st) == DB_ROW;
  int64_t cid = found ? db_col_int(st, 0) : 0;
  db_done(st);
  if (!found) {
    entity_fail(ctx, ERR_INVALID_FIELD, "organiser_id",
                arena_printf(ctx->arena, "所组织的%s %lld 不存在", l->zh, (long long)body),
                arena_printf(ctx->arena, "No such %s: %lld", l->en, (long long)body));
    return false;
  }
  if (kind != ORGANISER_PARTY && cid != v[entity_field(e, "committee_id")].i) {
    entity_fail(ctx, ERR_INVALID_FIELD, "organiser_id",
                arena_printf(ctx->arena, "所组织的%s须属于该账号所属的政协", l->zh),
                arena_printf(ctx->arena, "The %s must belong to the account's committee", l->en));
    return false;
  }
  return true;
}

/* Usernames are lower-case words; a new account needs a password that keeps the rules; a
** member account names its member, a handling-unit account its unit, an organiser account the
** body it organises (organiser_check). Through the API no one
** gives an account one of the three administrators' roles or changes such an account, and no
** one changes their own role (user_officer_guard). */
static bool user_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                       int64_t id, json_t *in) {
  if (!user_officer_guard(ctx, id, v[entity_field(e, "role")].s)) return false;
  const char *name = v[entity_field(e, "username")].s;
  if (!username_ok(name)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "username", "用户名应为 3 到 32 个小写字母、数字或 _ . -",
                "The username must be 3 to 32 lower-case letters, digits, _ . or -");
    return false;
  }
  json_t *pw = json_object_get(in, "password");
  if (!id && !pw) {
    entity_fail(ctx, ERR_INVALID_FIELD, "password", "请设置密码", "A password is required");
    return false;
  }
  if (pw && id && ctx->user && ctx->user->token_id) {
    entity_fail(ctx, ERR_TOKEN_SCOPE, "password", "API 令牌不能修改密码，请登录后操作",
                "An API token cannot change a password; log in to do this");
    return false;
  }
  if (pw) {
    if (!json_is_string(pw)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "password", "密码应为文本", "The password must be text");
      return false;
    }
    const struct password_fault *f = password_check(json_string_value(pw), name);
    if (f) {
      entity_fail(ctx, ERR_INVALID_FIELD, "password", f->zh, f->en);
      return false;
    }
  }
  const char *role = v[entity_field(e, "role")].s;
  struct entity_value *m = &v[entity_field(e, "member_id")], *u = &v[entity_field(e, "unit_id")];
  if (!strcmp(role, "member") && (m->null || !m->i)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "member_id", "委员账号须关联委员",
                "A member account must name its member");
    return false;
  }
  if (!strcmp(role, "handling_unit") && (u->null || !u->i)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "unit_id", "承办单位账号须关联承办单位",
                "A handling-unit account must name its unit");
    return false;
  }
  if (!organiser_check(ctx, e, v, id, in)) return false;
  if (id && ctx->user && id == ctx->user->id) {
    struct entity_value *d = &v[entity_field(e, "disabled")];
    if (d->set && d->i) {
      entity_fail(ctx, ERR_INVALID_FIELD, "disabled", "不能停用自己的账号",
                  "You cannot disable your own account");
      return false;
    }
  }
  return true;
}

/* Stores the password's hash; a disabled account or a new password ends its sessions and
** revokes its API tokens. Stores the body an organiser organises in its column (the others
** null), and drops it from an account of another role. */
static bool user_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                             bool created, json_t *in) {
  struct db_stmt *st = db_query(ctx->db, "SELECT role FROM users WHERE id = ?", "i", id);
  bool organiser = db_step(st) == DB_ROW && !strcmp(db_col_text(st, 0), "organiser");
  db_done(st);
  int kind;
  int64_t body;
  bool given = body_after(ctx, created ? 0 : id, in, &kind, &body);
  if (!organiser) kind = -1, body = 0;
  if (!organiser || given) {
    if (db_exec(ctx->db,
                "UPDATE users SET organises_group_id = ?, organises_special_committee_id = ?,"
                " organises_party_id = ? WHERE id = ?",
                "IIIi", kind == ORGANISER_GROUP ? body : 0,
                kind == ORGANISER_SPECIAL_COMMITTEE ? body : 0, kind == ORGANISER_PARTY ? body : 0,
                id) != DB_DONE)
      return false;
  }
  json_t *pw = json_object_get(in, "password");
  if (pw) {
    char hash[PASSWORD_HASH_MAX];
    if (!password_hash(json_string_value(pw), hash)) return false;
    if (db_exec(ctx->db, "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                "tii", hash, time_now(), id) != DB_DONE)
      return false;
    if (!created && session_revoke_user(ctx->db, id) != DB_DONE) return false;
  }
  if (json_is_true(json_object_get(in, "disabled")) && session_revoke_user(ctx->db, id) != DB_DONE)
    return false;
  return true;
}

static const struct field user_fields[] = {
    {"username", FT_TEXT, FF_REQUIRED | FF_FIXED, "用户名", "username", 32},
    {"display_name", FT_TEXT, 0, "显示名称", "display name", 60},
    {"password", FT_TEXT, FF_NOCOL | FF_HIDDEN, "密码", "password", 128},
    {"role", FT_ENUM, FF_REQUIRED | FF_FILTER, "角色", "role", .labels = access_roles},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER, "所属政协", "committee",
     .ref_table = "committees"},
    {"member_id", FT_REF, 0, "关联委员", "member", .ref_table = "members"},
    {"unit_id", FT_REF, 0, "关联承办单位", "handling unit", .ref_table = "units"},
    {"disabled", FT_BOOL, FF_FILTER, "已停用", "disabled", .dflt = "0"},
    /* an organiser's body: given as a kind and an id, stored in the column of its kind */
    {"organiser_kind", FT_ENUM, FF_NOCOL, "所组织的类别", "organiser kind",
     .labels = access_organiser_kinds},
    {"organiser_id", FT_INT, FF_NOCOL, "所组织的界别活动组、专委会或党派", "organised body",
     .min = 1, .max = INT64_MAX},
    {"organises_group_id", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"organises_special_committee_id", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"organises_party_id", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
};

/* The name of body of kind (enum organiser_kind), in the arena, or NULL. */
static const char *body_name(struct db *db, struct arena *a, int kind, int64_t body) {
  const char *table = access_organiser_table((enum organiser_kind)kind);
  if (!table || body <= 0) return NULL;
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT name FROM %s WHERE id = ?", table);
  struct db_stmt *st = db_query(db, sql, "i", body);
  const char *name = db_step(st) == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : NULL;
  db_done(st);
  return name;
}

/* organiser_kind, organiser_id and organiser_name of the body in o (all null for none). */
static void body_json(struct db *db, struct arena *a, json_t *o, int kind, int64_t body) {
  const char *name = kind >= 0 ? body_name(db, a, kind, body) : NULL;
  json_object_set_new(o, "organiser_kind",
                      kind >= 0 ? json_string(access_organiser_kinds[kind].name) : json_null());
  json_object_set_new(o, "organiser_id", kind >= 0 ? json_integer(body) : json_null());
  json_object_set_new(o, "organiser_name", name ? json_string(name) : json_null());
}

/* The body an organiser organises, from the hidden columns of its kinds. */
static void user_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                         json_t *o) {
  static const char *const cols[ORGANISER__COUNT] = {
      "organises_group_id", "organises_special_committee_id", "organises_party_id"};
  int kind = -1;
  int64_t body = 0;
  for (int k = 0; k < ORGANISER__COUNT && kind < 0; k++) {
    int c = entity_col(row, cols[k]);
    if (c >= 0 && !db_col_null(row, c)) kind = k, body = db_col_int(row, c);
  }
  body_json(ctx->db, ctx->arena, o, kind, body);
}

const struct entity user_entity = {
    .name = "user",
    .zh = "用户",
    .table = "users",
    .scope = SCOPE_COMMITTEE,
    .fields = user_fields,
    .nfields = sizeof user_fields / sizeof user_fields[0],
    .search = "username",
    .check = user_check,
    .after_write = user_after_write,
    .to_json = user_to_json,
};

json_t *user_session_json(struct db *db, const struct user *u) {
  json_t *perms = json_array();
  for (int p = PERM_LOGIN; p < PERM__COUNT; p++)
    if (access_role_has(u->role, (enum perm)p))
      json_array_append_new(perms, json_string(access_perm_name((enum perm)p)));
  json_t *committee = json_null();
  struct db_stmt *st =
      db_query(db, "SELECT id, name, level FROM committees WHERE id = ?", "i", u->committee_id);
  if (db_step(st) == DB_ROW)
    committee = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "name",
                          db_col_text(st, 1), "level", db_col_text(st, 2));
  db_done(st);
  json_t *o =
      json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o}", "id", (json_int_t)u->id, "username", u->username,
                "display_name", u->display_name, "role", access_role_name(u->role), "role_label",
                access_role_label(u->role), "committee", committee, "permissions", perms);
  json_object_set_new(o, "member_id", u->member_id ? json_integer(u->member_id) : json_null());
  json_object_set_new(o, "unit_id", u->unit_id ? json_integer(u->unit_id) : json_null());
  struct arena a;
  arena_init(&a);
  body_json(db, &a, o,
            u->role == ROLE_ORGANISER && u->organiser_id > 0 ? (int)u->organiser_kind : -1,
            u->organiser_id);
  arena_free(&a);
  return o;
}

const struct password_fault *user_set_password(struct db *db, int64_t user_id,
                                               const char *password) {
  static const struct password_fault db_fault = {"internal", "数据库错误", "Database error"},
                                     hash_fault = {"internal", "无法计算密码散列",
                                                   "The password could not be hashed"};
  struct db_stmt *st = db_query(db, "SELECT username FROM users WHERE id = ?", "i", user_id);
  char name[64] = "";
  if (db_step(st) == DB_ROW) snprintf(name, sizeof name, "%s", db_col_text(st, 0));
  db_done(st);
  const struct password_fault *f = password_check(password, name);
  if (f) return f;
  char hash[PASSWORD_HASH_MAX];
  if (!password_hash(password, hash)) return &hash_fault;
  if (db_exec(db, "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?", "tii",
              hash, time_now(), user_id) != DB_DONE ||
      session_revoke_user(db, user_id) != DB_DONE)
    return &db_fault;
  return NULL;
}

int64_t user_password_set_at(struct db *db, int64_t user_id) {
  return db_int(db, 0,
                "SELECT CASE WHEN password_changed_at > 0 THEN password_changed_at"
                " ELSE created_at END FROM users WHERE id = ?",
                "i", user_id);
}

/* ---- the security settings ------------------------------------------------------------------ */

static const struct setting security_items[] = {
    {"session_idle_minutes", "security.session_idle_minutes", SESSION_IDLE_DEFAULT / 60, 1, 1440,
     "会话空闲超时（分钟）", "minutes without a request that end a session"},
    {"password_max_age_days", "security.password_max_age_days", 0, 0, 3650,
     "密码有效期（天，0 为不过期）", "days a password lasts (0: for ever)"},
};
const struct setting_group account_security_settings = {
    "security.", security_items, sizeof security_items / sizeof security_items[0], true};

struct account_policy account_policy(struct db *db, const struct user *u, int64_t now) {
  int64_t v[2], src[2];
  settings_at(db, &account_security_settings, u->committee_path, v, src);
  struct account_policy p = {.idle_seconds = v[0] * 60};
  if (v[1] > 0) {
    p.password_expires_at = user_password_set_at(db, u->id) + v[1] * 86400;
    p.must_change_password = p.password_expires_at <= now;
  }
  return p;
}
