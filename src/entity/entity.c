/* src/entity/entity.c: the record engine of entity.h: validation, scoped writes with audit
** entries, reads and paged lists. SQL is built from the field tables (names come from the
** tables, never from input); every value is bound. */
#include "entity.h"
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/like.h"
#include "base/page.h"
#include "base/phone.h"
#include "base/timeutil.h"
#include "base/utf8.h"

#define MAX_FIELDS ENTITY_MAX_FIELDS

void entity_fail(struct entity_ctx *ctx, enum err kind, const char *field, const char *zh,
                 const char *en) {
  ctx->err.kind = kind;
  ctx->err.status = err_status(kind);
  ctx->err.code = err_code(kind);
  ctx->err.field = field;
  ctx->err.zh = zh;
  ctx->err.en = en;
}

void entity_not_found(struct entity_ctx *ctx, const char *zh, const char *en) {
  entity_fail(ctx, ERR_NOT_FOUND, NULL, zh, en);
}

void entity_forbidden(struct entity_ctx *ctx, const char *zh, const char *en) {
  entity_fail(ctx, ERR_FORBIDDEN, NULL, zh, en);
}

int entity_field(const struct entity *e, const char *name) {
  for (int i = 0; i < e->nfields; i++)
    if (!strcmp(e->fields[i].name, name)) return i;
  return -1;
}

/* Records one invalid field; the first becomes the envelope's message. */
static void field_error(struct entity_ctx *ctx, const struct field *f, const char *zh_fmt,
                        const char *en_fmt, long long n) {
  char *zh = arena_printf(ctx->arena, zh_fmt, f->zh, n);
  char *en = arena_printf(ctx->arena, en_fmt, f->en, n);
  if (!ctx->err.errors) {
    ctx->err.errors = json_array();
    entity_fail(ctx, ERR_INVALID_FIELD, f->name, zh, en);
  }
  json_array_append_new(ctx->err.errors,
                        json_pack("{s:s,s:s}", "field", f->name, "message", ctx->en ? en : zh));
}

static bool is_phone(const char *s) { return phone_valid(s); }

static bool is_blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
      /* U+3000 ideographic space counts as blank too */
      if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
          (unsigned char)s[2] == 0x80) {
        s += 2;
        continue;
      }
      return false;
    }
  return true;
}

/* An optional value given as null or blank: the field's default when its column has one,
** "" for text, else SQL NULL. */
static void empty_value(const struct field *f, struct entity_value *v) {
  if (f->dflt) {
    v->s = f->dflt;
    v->i = strtoll(f->dflt, NULL, 10);
  } else if (f->type == FT_TEXT || f->type == FT_PHONE)
    v->s = "";
  else
    v->null = true;
}

/* Validates the JSON array j of an FT_IDS field into v->ids and v->n. */
static void validate_ids(struct entity_ctx *ctx, const struct field *f, json_t *j,
                         struct entity_value *v) {
  int max = f->max > 0 ? (int)f->max : ENTITY_MAX_IDS;
  if (!json_is_array(j)) {
    field_error(ctx, f, "%s应为编号的数组", "%s must be an array of ids", 0);
    return;
  }
  if (json_array_size(j) > (size_t)max) {
    field_error(ctx, f, "%s最多 %lld 个", "%s holds at most %lld ids", max);
    return;
  }
  int n = (int)json_array_size(j);
  int64_t *ids = arena_alloc(ctx->arena, sizeof *ids * (size_t)(n ? n : 1));
  for (int k = 0; k < n; k++) {
    json_t *x = json_array_get(j, (size_t)k);
    if (!json_is_integer(x) || json_integer_value(x) <= 0) {
      field_error(ctx, f, "%s应为编号的数组", "%s must be an array of ids", 0);
      return;
    }
    ids[k] = json_integer_value(x);
    for (int m = 0; m < k; m++)
      if (ids[m] == ids[k]) {
        field_error(ctx, f, "%s中编号 %lld 重复", "%s holds id %lld twice", ids[k]);
        return;
      }
  }
  v->ids = ids;
  v->n = n;
}

/* Validates one given value. */
static void validate_value(struct entity_ctx *ctx, const struct field *f, json_t *j,
                           struct entity_value *v) {
  v->set = true;
  if (json_is_null(j)) {
    if (f->flags & FF_REQUIRED)
      field_error(ctx, f, "%s不能为空", "%s is required", 0);
    else
      empty_value(f, v);
    return;
  }
  switch (f->type) {
  case FT_TEXT:
  case FT_PHONE:
  case FT_DATE:
  case FT_ENUM: {
    if (!json_is_string(j)) {
      field_error(ctx, f, "%s应为文本", "%s must be a string", 0);
      return;
    }
    const char *s = json_string_value(j);
    size_t len = json_string_length(j);
    if (strlen(s) != len || !utf8_valid(s, len)) {
      field_error(ctx, f, "%s含有无效字符", "%s contains invalid characters", 0);
      return;
    }
    if (is_blank(s)) {
      if (f->flags & FF_REQUIRED)
        field_error(ctx, f, "%s不能为空", "%s is required", 0);
      else
        empty_value(f, v);
      return;
    }
    v->s = s;
    if (f->type == FT_TEXT) {
      int max = f->max_len ? f->max_len : 200;
      if (utf8_count(s, len) > (size_t)max)
        field_error(ctx, f, "%s不能超过 %lld 个字", "%s must be at most %lld characters", max);
    } else if (f->type == FT_PHONE) {
      if (!is_phone(s)) field_error(ctx, f, "%s格式不正确", "%s is not a valid phone number", 0);
    } else if (f->type == FT_DATE) {
      if (!date_valid(s))
        field_error(ctx, f, "%s应为有效日期（YYYY-MM-DD）", "%s must be a date (YYYY-MM-DD)", 0);
    } else {
      bool ok = f->labels && label_index(f->labels, s) >= 0;
      for (const char *const *c = f->choices; c && *c; c++)
        if (!strcmp(*c, s)) ok = true;
      if (!ok) {
        struct buf b = {0};
        for (const char *const *c = f->choices; c && *c; c++)
          buf_printf(&b, "%s%s", c == f->choices ? "" : ", ", *c);
        for (int i = 0; f->labels && f->labels[i].name; i++)
          buf_printf(&b, "%s%s", i ? ", " : "", f->labels[i].name);
        char *zh = arena_printf(ctx->arena, "%%s应为以下之一：%s", b.data ? b.data : "");
        char *en = arena_printf(ctx->arena, "%%s must be one of: %s", b.data ? b.data : "");
        buf_free(&b);
        field_error(ctx, f, zh, en, 0);
      }
    }
    return;
  }
  case FT_INT:
  case FT_REF:
    if (!json_is_integer(j)) {
      field_error(ctx, f, "%s应为整数", "%s must be an integer", 0);
      return;
    }
    v->i = json_integer_value(j);
    if (f->type == FT_REF && v->i <= 0)
      field_error(ctx, f, "%s应为有效的编号", "%s must be a valid id", 0);
    else if (f->type == FT_INT && (v->i < f->min || v->i > f->max)) {
      char *zh = arena_printf(ctx->arena, "%%s应在 %lld 到 %lld 之间", (long long)f->min,
                              (long long)f->max);
      char *en = arena_printf(ctx->arena, "%%s must be between %lld and %lld", (long long)f->min,
                              (long long)f->max);
      field_error(ctx, f, zh, en, 0);
    }
    return;
  case FT_BOOL:
    if (!json_is_boolean(j))
      field_error(ctx, f, "%s应为 true 或 false", "%s must be true or false", 0);
    else
      v->i = json_is_true(j);
    return;
  case FT_DATETIME: {
    int64_t lo = f->min, hi = f->max;
    if (!lo && !hi) {
      lo = ENTITY_TIME_MIN;
      hi = ENTITY_TIME_MAX;
    }
    if (!json_is_string(j) || !time_parse_iso(json_string_value(j), &v->i) || v->i < lo ||
        v->i > hi)
      field_error(ctx, f, "%s应为带时区的 ISO 8601 时间，如 2026-03-31T23:30:00+08:00",
                  "%s must be an ISO 8601 time with an offset, e.g. 2026-03-31T23:30:00+08:00", 0);
    return;
  }
  case FT_IDS:
    validate_ids(ctx, f, j, v);
    return;
  }
}

bool entity_validate(struct entity_ctx *ctx, const struct entity *e, json_t *in, bool partial,
                     struct entity_value *v) {
  memset(v, 0, sizeof *v * (size_t)e->nfields);
  const char *key;
  json_t *val;
  json_object_foreach(in, key, val) {
    int i = entity_field(e, key);
    if (i < 0) {
      if (!strcmp(key, "id") || !strcmp(key, "created_at") || !strcmp(key, "updated_at")) continue;
      if (!ctx->err.errors) {
        ctx->err.errors = json_array();
        entity_fail(ctx, ERR_INVALID_FIELD, arena_strdup(ctx->arena, key),
                    arena_printf(ctx->arena, "不认识的字段：%s", key),
                    arena_printf(ctx->arena, "Unknown field: %s", key));
      }
      json_array_append_new(ctx->err.errors, json_pack("{s:s,s:s}", "field", key, "message",
                                                       ctx->en ? "unknown field" : "不认识的字段"));
      continue;
    }
    const struct field *f = &e->fields[i];
    if (f->flags & FF_READONLY) continue;
    validate_value(ctx, f, val, &v[i]);
  }
  if (!partial)
    for (int i = 0; i < e->nfields; i++)
      if ((e->fields[i].flags & FF_REQUIRED) && !v[i].set)
        field_error(ctx, &e->fields[i], "%s不能为空", "%s is required", 0);
  return ctx->err.errors == NULL;
}

const char *committee_path_of(struct entity_ctx *ctx, int64_t committee_id) {
  /* the caller's own committee: its path came with the session, read in this request */
  if (ctx->user && committee_id == ctx->user->committee_id && ctx->user->committee_path &&
      *ctx->user->committee_path)
    return arena_strdup(ctx->arena, ctx->user->committee_path);
  struct db_stmt *st =
      db_query(ctx->db, "SELECT path FROM committees WHERE id = ?", "i", committee_id);
  const char *p = NULL;
  if (db_step(st) == DB_ROW) p = arena_strdup(ctx->arena, db_col_text(st, 0));
  db_done(st);
  return p;
}

/* Whether the caller may write a record at path ("" = global). */
static bool may_write_at(struct entity_ctx *ctx, const char *path) {
  if (!ctx->user) return true;
  if (!*path) { /* a global record: only users whose scope is a root committee ("/n/") */
    const char *cp = ctx->user->committee_path;
    return strchr(cp + 1, '/') == cp + strlen(cp) - 1;
  }
  return access_in_scope(ctx->user, path);
}

/* The committee path a record with values v would have ("" global), or NULL with ctx->err. */
static const char *record_path(struct entity_ctx *ctx, const struct entity *e,
                               struct entity_value *v) {
  const char *col = e->scope == SCOPE_TREE ? "parent_id" : "committee_id";
  if (e->scope == SCOPE_GLOBAL) return "";
  int ci = entity_field(e, col);
  if (ci < 0) return ""; /* a record type without a committee column is global */
  if (v[ci].null || !v[ci].i) {
    if (e->scope == SCOPE_TREE && !ctx->user) return "";
    if (e->scope == SCOPE_COMMITTEE && !(e->fields[ci].flags & FF_REQUIRED)) return "";
    entity_fail(ctx, ERR_INVALID_FIELD, col, "请选择所属政协", "A committee is required");
    return NULL;
  }
  const char *p = committee_path_of(ctx, v[ci].i);
  if (!p) entity_fail(ctx, ERR_INVALID_FIELD, col, "所属政协不存在", "No such committee");
  return p;
}

static bool ref_table_scoped(const char *t) {
  return strcmp(t, "parties") && strcmp(t, "committees");
}

/* Whether every id of the FT_IDS value v names a row of f->ref_table; else false with ctx->err. */
static bool ids_exist(struct entity_ctx *ctx, const struct field *f, const struct entity_value *v) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE id = ?", f->ref_table);
  for (int k = 0; k < v->n; k++)
    if (db_int(ctx->db, 0, sql, "i", v->ids[k]) != 1) {
      entity_fail(ctx, ERR_INVALID_FIELD, f->name,
                  arena_printf(ctx->arena, "%s中编号 %lld 不存在", f->zh, (long long)v->ids[k]),
                  arena_printf(ctx->arena, "%s: no such id %lld", f->en, (long long)v->ids[k]));
      return false;
    }
  return true;
}

/* Every reference must exist and lie on the record's committee path; the ids of a list must
** exist. */
static bool check_refs(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                       const char *path) {
  for (int i = 0; i < e->nfields; i++) {
    const struct field *f = &e->fields[i];
    if (f->type == FT_IDS && v[i].set && f->ref_table && !ids_exist(ctx, f, &v[i])) return false;
    if (f->type != FT_REF || !(v[i].set || v[i].stored) || v[i].null || (f->flags & FF_NOCOL))
      continue;
    if (!strcmp(f->name, "committee_id") ||
        (e->scope == SCOPE_TREE && !strcmp(f->name, "parent_id")))
      continue;
    char sql[160];
    bool scoped = ref_table_scoped(f->ref_table);
    if (!strcmp(f->ref_table, "committees"))
      snprintf(sql, sizeof sql, "SELECT path FROM committees WHERE id = ?");
    else if (scoped)
      snprintf(
          sql, sizeof sql,
          "SELECT COALESCE(c.path, '') FROM %s r LEFT JOIN committees c ON c.id = r.committee_id"
          " WHERE r.id = ?",
          f->ref_table);
    else
      snprintf(sql, sizeof sql, "SELECT '' FROM %s WHERE id = ?", f->ref_table);
    struct db_stmt *st = db_query(ctx->db, sql, "i", v[i].i);
    bool found = false, on_path = false;
    if (db_step(st) == DB_ROW) {
      found = true;
      const char *rp = db_col_text(st, 0);
      on_path = !*rp || !strncmp(path, rp, strlen(rp));
      if (!strcmp(f->ref_table, "committees"))
        on_path = access_in_scope(ctx->user, rp) || !ctx->user;
    }
    db_done(st);
    if (!found) {
      entity_fail(ctx, ERR_INVALID_FIELD, f->name, arena_printf(ctx->arena, "%s不存在", f->zh),
                  arena_printf(ctx->arena, "No such %s", f->en));
      return false;
    }
    if (!on_path) {
      entity_fail(ctx, ERR_INVALID_FIELD, f->name,
                  arena_printf(ctx->arena, "%s不属于该政协", f->zh),
                  arena_printf(ctx->arena, "%s belongs to another committee", f->en));
      return false;
    }
  }
  return true;
}

static void bind_value(const struct field *f, const struct entity_value *v, struct db_value *out) {
  if (v->null)
    out->type = 'n';
  else if (f->type == FT_TEXT || f->type == FT_PHONE || f->type == FT_DATE || f->type == FT_ENUM) {
    out->type = 't';
    out->s = v->s ? v->s : "";
  } else {
    out->type = 'i';
    out->i = v->i;
  }
}

static bool is_column(const struct field *f) {
  return !(f->flags & (FF_NOCOL | FF_READONLY)) && f->type != FT_IDS;
}

/* Whether the field's values are bound and compared as integers. */
static bool is_integer(const struct field *f) {
  return f->type == FT_REF || f->type == FT_INT || f->type == FT_BOOL || f->type == FT_DATETIME;
}

/* The record as the audit log keeps it: sensitive fields masked. */
static json_t *audit_image(struct entity_ctx *ctx, const struct entity *e, int64_t id) {
  bool was = ctx->redact;
  ctx->redact = true;
  json_t *o = entity_get(ctx, e, id);
  ctx->redact = was;
  return o;
}

static bool finish_tx(struct entity_ctx *ctx, int rc) {
  if (rc == DB_DONE && db_commit(ctx->db) == DB_DONE) return true;
  db_rollback(ctx->db);
  if (!ctx->err.code) {
    if (rc == DB_CONSTRAINT)
      entity_fail(
          ctx, ERR_CONFLICT, NULL, "与已有记录冲突（名称或编号重复，或仍被引用）",
          "Conflicts with an existing record (a duplicate name or number, or still in use)");
    else
      entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
  }
  return false;
}

bool entity_check_create(struct entity_ctx *ctx, const struct entity *e, json_t *in,
                         struct entity_value *v) {
  if (!entity_validate(ctx, e, in, false, v)) return false;
  const char *path = record_path(ctx, e, v);
  if (!path) return false;
  if (!may_write_at(ctx, path)) {
    entity_fail(ctx, ERR_FORBIDDEN_SCOPE, NULL, "所选政协不在您的管辖范围内",
                "That committee is outside your scope");
    return false;
  }
  if (!check_refs(ctx, e, v, path)) return false;
  return !e->check || e->check(ctx, e, v, 0, in);
}

int64_t entity_insert(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                      json_t *in) {
  struct buf sql = {0}, vals = {0};
  struct db_value params[MAX_FIELDS + 2];
  int np = 0;
  buf_printf(&sql, "INSERT INTO %s (", e->table);
  for (int i = 0; i < e->nfields; i++) {
    const struct field *f = &e->fields[i];
    if (!is_column(f) || !v[i].set) continue;
    buf_printf(&sql, "%s, ", f->name);
    buf_puts(&vals, "?, ");
    bind_value(f, &v[i], &params[np++]);
  }
  int64_t now = time_now();
  buf_printf(&sql, "created_at, updated_at) VALUES (%s?, ?) RETURNING id",
             vals.data ? vals.data : "");
  params[np++] = (struct db_value){.type = 'i', .i = now};
  params[np++] = (struct db_value){.type = 'i', .i = now};
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, params);
  buf_free(&sql);
  buf_free(&vals);
  int rc = db_step(st);
  int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_done(st);
  if (!id) {
    if (!ctx->err.code) {
      if (rc == DB_CONSTRAINT)
        entity_fail(ctx, ERR_CONFLICT, NULL, "与已有记录冲突（名称或编号重复）",
                    "Conflicts with an existing record (a duplicate name or number)");
      else
        entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
    }
    return 0;
  }
  if (e->after_write && !e->after_write(ctx, e, id, true, in)) {
    if (!ctx->err.code) entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
    return 0;
  }
  return id;
}

int64_t entity_create(struct entity_ctx *ctx, const struct entity *e, json_t *in) {
  struct entity_value v[MAX_FIELDS];
  if (!entity_check_create(ctx, e, in, v)) return 0;
  int64_t id = 0;
  int rc = db_begin(ctx->db);
  if (rc == DB_DONE) {
    id = entity_insert(ctx, e, v, in);
    rc = id ? DB_DONE : DB_ERROR;
    if (rc == DB_DONE) {
      json_t *after = audit_image(ctx, e, id);
      int64_t cid = 0;
      int ci = entity_field(e, "committee_id");
      if (ci >= 0 && v[ci].set && !v[ci].null) cid = v[ci].i;
      if (!audit_record(ctx->db, ctx->user, ctx->ip, "create", e->name, id, cid, NULL, after))
        rc = DB_ERROR;
      json_decref(after);
    }
  }
  return finish_tx(ctx, rc) ? id : 0;
}

/* Loads the stored values of record id into the fields not given in v. */
static bool merge_stored(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                         struct entity_value *v) {
  struct buf sql = {0};
  buf_puts(&sql, "SELECT ");
  int cols[MAX_FIELDS], nc = 0;
  for (int i = 0; i < e->nfields; i++) {
    if (!is_column(&e->fields[i])) continue;
    buf_printf(&sql, "%s%s", nc ? ", " : "", e->fields[i].name);
    cols[nc++] = i;
  }
  buf_printf(&sql, " FROM %s WHERE id = ?", e->table);
  struct db_stmt *st = db_query(ctx->db, sql.data, "i", id);
  buf_free(&sql);
  bool found = false;
  if (db_step(st) == DB_ROW) {
    found = true;
    for (int k = 0; k < nc; k++) {
      int i = cols[k];
      const struct field *f = &e->fields[i];
      bool changed_fixed = false;
      if (v[i].set) {
        /* a fixed field may be sent back unchanged, not changed */
        if (f->flags & FF_FIXED) {
          if (db_col_null(st, k))
            changed_fixed = !v[i].null;
          else if (is_integer(f))
            changed_fixed = v[i].null || v[i].i != db_col_int(st, k);
          else
            changed_fixed = v[i].null || strcmp(v[i].s, db_col_text(st, k));
        }
        if (changed_fixed && !ctx->err.code)
          entity_fail(ctx, ERR_INVALID_FIELD, f->name,
                      arena_printf(ctx->arena, "%s创建后不能修改", f->zh),
                      arena_printf(ctx->arena, "%s cannot be changed after creation", f->en));
        continue;
      }
      v[i].stored = true;
      v[i].null = db_col_null(st, k);
      v[i].i = db_col_int(st, k);
      v[i].s = arena_strdup(ctx->arena, db_col_text(st, k));
    }
  }
  db_done(st);
  if (!found) entity_not_found(ctx, "未找到该记录", "Not found");
  return found && !ctx->err.code;
}

/* The committee path of record id when the caller may change it; else NULL with ctx->err
** (404 when there is none, 403 when it is outside the caller's scope). */
static const char *writable_path(struct entity_ctx *ctx, const struct entity *e, int64_t id) {
  const char *path = entity_path(ctx, e, id);
  if (!path)
    entity_not_found(ctx, "未找到该记录", "Not found");
  else if (!may_write_at(ctx, path)) {
    entity_fail(ctx, ERR_FORBIDDEN_SCOPE, NULL, "该记录不在您的管辖范围内，不能修改或删除",
                "This record is outside your scope");
    path = NULL;
  }
  return path;
}

bool entity_update(struct entity_ctx *ctx, const struct entity *e, int64_t id, json_t *in) {
  struct entity_value v[MAX_FIELDS];
  if (!entity_validate(ctx, e, in, true, v)) return false;
  const char *old_path = writable_path(ctx, e, id);
  if (!old_path) return false;
  if (!merge_stored(ctx, e, id, v)) return false;
  const char *path = e->scope == SCOPE_TREE ? old_path : record_path(ctx, e, v);
  if (!path) return false;
  if (!may_write_at(ctx, path)) {
    entity_fail(ctx, ERR_FORBIDDEN_SCOPE, NULL, "所选政协不在您的管辖范围内",
                "That committee is outside your scope");
    return false;
  }
  if (!check_refs(ctx, e, v, path)) return false;
  if (e->check && !e->check(ctx, e, v, id, in)) return false;
  struct buf sql = {0};
  struct db_value params[MAX_FIELDS + 2];
  int np = 0;
  buf_printf(&sql, "UPDATE %s SET ", e->table);
  for (int i = 0; i < e->nfields; i++) {
    const struct field *f = &e->fields[i];
    if (!is_column(f) || !v[i].set) continue;
    buf_printf(&sql, "%s = ?, ", f->name);
    bind_value(f, &v[i], &params[np++]);
  }
  buf_puts(&sql, "updated_at = ? WHERE id = ?");
  params[np++] = (struct db_value){.type = 'i', .i = time_now()};
  params[np++] = (struct db_value){.type = 'i', .i = id};
  int rc = db_begin(ctx->db);
  json_t *before = NULL;
  if (rc == DB_DONE) {
    before = audit_image(ctx, e, id);
    struct db_stmt *st = db_query_values(ctx->db, sql.data, np, params);
    rc = db_step(st);
    db_done(st);
    if (rc == DB_DONE && e->after_write && !e->after_write(ctx, e, id, false, in)) rc = DB_ERROR;
    if (rc == DB_DONE) {
      json_t *after = audit_image(ctx, e, id);
      int ci = entity_field(e, "committee_id");
      int64_t cid = ci >= 0 && !v[ci].null ? v[ci].i : 0;
      if (!audit_record(ctx->db, ctx->user, ctx->ip, "update", e->name, id, cid, before, after))
        rc = DB_ERROR;
      json_decref(after);
    }
  }
  json_decref(before);
  buf_free(&sql);
  return finish_tx(ctx, rc);
}

int entity_claim_status(struct entity_ctx *ctx, const char *table, int64_t id, const char *status,
                        const char *cond) {
  char sql[256];
  snprintf(sql, sizeof sql, "UPDATE %s SET updated_at = ? WHERE id = ? AND status = ?%s", table,
           cond ? cond : "");
  if (db_exec(ctx->db, sql, "iit", time_now(), id, status) != DB_DONE) return -1;
  return db_changes(ctx->db) == 1;
}

bool entity_delete(struct entity_ctx *ctx, const struct entity *e, int64_t id) {
  if (!writable_path(ctx, e, id)) return false;
  int rc = db_begin(ctx->db);
  if (rc == DB_DONE) {
    json_t *before = audit_image(ctx, e, id);
    char sql[96];
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?", e->table);
    rc = db_exec(ctx->db, sql, "i", id);
    if (rc == DB_CONSTRAINT)
      entity_fail(ctx, ERR_IN_USE, NULL,
                  arena_printf(ctx->arena, "该%s仍被其他记录引用，不能删除", e->zh),
                  "This record is still referred to and cannot be deleted");
    if (rc == DB_DONE &&
        !audit_record(ctx->db, ctx->user, ctx->ip, "delete", e->name, id, 0, before, NULL))
      rc = DB_ERROR;
    json_decref(before);
  }
  return finish_tx(ctx, rc);
}

const char *entity_path(struct entity_ctx *ctx, const struct entity *e, int64_t id) {
  char sql[200];
  if (e->scope == SCOPE_TREE)
    snprintf(sql, sizeof sql, "SELECT path FROM committees WHERE id = ?");
  else if (e->scope == SCOPE_GLOBAL)
    snprintf(sql, sizeof sql, "SELECT '' FROM %s WHERE id = ?", e->table);
  else
    snprintf(sql, sizeof sql,
             "SELECT COALESCE(c.path, '') FROM %s t LEFT JOIN committees c ON c.id = t.committee_id"
             " WHERE t.id = ?",
             e->table);
  struct db_stmt *st = db_query(ctx->db, sql, "i", id);
  const char *p = NULL;
  if (db_step(st) == DB_ROW) p = arena_strdup(ctx->arena, db_col_text(st, 0));
  db_done(st);
  return p;
}

bool entity_visible(struct entity_ctx *ctx, const struct entity *e, int64_t id) {
  const char *p = entity_path(ctx, e, id);
  if (!p) return false;
  if (!ctx->user || !*p) return true;
  if (access_in_scope(ctx->user, p)) return true;
  /* an ancestor's row: the user's path starts with the row's */
  return e->ancestors_visible && !strncmp(ctx->user->committee_path, p, strlen(p));
}

/* SELECT list: every column field, the names of referenced rows, and the times. */
static void select_list(const struct entity *e, struct buf *sql) {
  buf_puts(sql, "SELECT t.id");
  for (int i = 0; i < e->nfields; i++) {
    const struct field *f = &e->fields[i];
    if ((f->flags & FF_NOCOL) || f->type == FT_IDS) continue;
    buf_printf(sql, ", t.%s", f->name);
    if (f->type == FT_REF)
      buf_printf(sql, ", (SELECT name FROM %s WHERE id = t.%s)", f->ref_table, f->name);
  }
  buf_printf(sql, ", t.created_at, t.updated_at FROM %s t", e->table);
}

static json_t *row_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *st) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(db_col_int(st, 0)));
  int c = 1;
  char tbuf[32];
  for (int i = 0; i < e->nfields; i++) {
    const struct field *f = &e->fields[i];
    if ((f->flags & FF_NOCOL) || f->type == FT_IDS) continue;
    int k = c++;
    int namecol = f->type == FT_REF ? c++ : -1;
    if (f->flags & FF_HIDDEN) continue;
    json_t *val;
    if (db_col_null(st, k))
      val = json_null();
    else
      switch (f->type) {
      case FT_INT:
      case FT_REF:
        val = json_integer(db_col_int(st, k));
        break;
      case FT_BOOL:
        val = json_boolean(db_col_int(st, k));
        break;
      case FT_DATETIME:
        val = json_string(time_iso(db_col_int(st, k), tbuf));
        break;
      default:
        val = json_string(db_col_text(st, k));
        break;
      }
    json_object_set_new(o, f->name, val);
    if (namecol > 0) {
      char key[64]; /* sector_id → sector_name */
      size_t nl = strlen(f->name), base = nl > 3 && nl < 60 ? nl - 3 : 0;
      memcpy(key, f->name, base);
      memcpy(key + base, "_name", 6);
      json_object_set_new(
          o, key, db_col_null(st, namecol) ? json_null() : json_string(db_col_text(st, namecol)));
    }
  }
  json_object_set_new(o, "created_at", json_string(time_iso(db_col_int(st, c), tbuf)));
  json_object_set_new(o, "updated_at", json_string(time_iso(db_col_int(st, c + 1), tbuf)));
  if (e->to_json) e->to_json(ctx, e, st, o);
  return o;
}

/* The per-thread cache of get_sql, freed when its thread ends. */
struct sql_cache {
  const struct entity *e;
  char *sql;
};
static pthread_key_t sql_cache_key;
static pthread_once_t sql_cache_once = PTHREAD_ONCE_INIT;

static void sql_cache_free(void *p) {
  struct sql_cache *cache = p;
  for (int i = 0; i < 16; i++) free(cache[i].sql);
  free(cache);
}
static void sql_cache_init(void) { pthread_key_create(&sql_cache_key, sql_cache_free); }

/* The SQL that reads one record of e, built once per thread and record type. */
static const char *get_sql(const struct entity *e) {
  pthread_once(&sql_cache_once, sql_cache_init);
  struct sql_cache *cache = pthread_getspecific(sql_cache_key);
  if (!cache) {
    cache = calloc(16, sizeof *cache);
    if (!cache || pthread_setspecific(sql_cache_key, cache)) {
      free(cache);
      return NULL;
    }
  }
  for (int i = 0; i < 16; i++) {
    if (cache[i].e == e) return cache[i].sql;
    if (!cache[i].e) {
      struct buf sql = {0};
      select_list(e, &sql);
      buf_puts(&sql, " WHERE t.id = ?");
      cache[i].e = e;
      cache[i].sql = sql.data; /* kept for the thread's life */
      return sql.data;
    }
  }
  return NULL;
}

json_t *entity_get(struct entity_ctx *ctx, const struct entity *e, int64_t id) {
  struct buf sql = {0};
  const char *text = get_sql(e);
  if (!text) {
    select_list(e, &sql);
    buf_puts(&sql, " WHERE t.id = ?");
    text = sql.data;
  }
  struct db_stmt *st = db_query(ctx->db, text, "i", id);
  buf_free(&sql);
  json_t *o = NULL;
  if (db_step(st) == DB_ROW) o = row_json(ctx, e, st);
  db_done(st);
  return o;
}

/* Adds the scope condition: the subtree of path, and for org lists its ancestors too. */
static void where_scope(struct entity_ctx *ctx, const struct entity *e, const char *path,
                        bool ancestors, struct buf *sql, struct db_value *p, int *np) {
  size_t pl = strlen(path);
  if (e->scope == SCOPE_GLOBAL || pl == 0) return;
  char *hi = arena_strdup(ctx->arena, path);
  hi[pl - 1] = '0'; /* "/1/5/" .. "/1/50": every path under "/1/5/" sorts in between */
  if (e->scope == SCOPE_TREE) {
    buf_puts(sql, " AND ((t.path >= ? AND t.path < ?)");
    p[(*np)++] = (struct db_value){.type = 't', .s = path};
    p[(*np)++] = (struct db_value){.type = 't', .s = hi};
    if (ancestors) {
      buf_puts(sql, " OR ? LIKE t.path || '%'");
      p[(*np)++] = (struct db_value){.type = 't', .s = path};
    }
    buf_puts(sql, ")");
    return;
  }
  buf_puts(sql, " AND (t.committee_id IN (SELECT id FROM committees WHERE path >= ? AND path < ?)");
  p[(*np)++] = (struct db_value){.type = 't', .s = path};
  p[(*np)++] = (struct db_value){.type = 't', .s = hi};
  if (ancestors) {
    buf_puts(sql, " OR t.committee_id IS NULL OR t.committee_id IN"
                  " (SELECT id FROM committees WHERE ? LIKE path || '%')");
    p[(*np)++] = (struct db_value){.type = 't', .s = path};
  }
  buf_puts(sql, ")");
}

/* Builds " WHERE ..." for a list query; returns false with ctx->err on a bad filter. */
static bool where_clause(struct entity_ctx *ctx, const struct entity *e,
                         const struct entity_query *q, struct buf *sql, struct db_value *p,
                         int *np) {
  buf_puts(sql, " WHERE 1 = 1");
  const char *path = ctx->user ? ctx->user->committee_path : "/";
  bool ancestors = e->ancestors_visible;
  if (q->committee_id) {
    const char *cp = committee_path_of(ctx, q->committee_id);
    if (!cp) {
      entity_fail(ctx, ERR_INVALID_FIELD, "committee_id", "所属政协不存在", "No such committee");
      return false;
    }
    if (ctx->user && !access_in_scope(ctx->user, cp) &&
        !(ancestors && !strncmp(ctx->user->committee_path, cp, strlen(cp)))) {
      entity_fail(ctx, ERR_FORBIDDEN_SCOPE, "committee_id", "所选政协不在您的管辖范围内",
                  "That committee is outside your scope");
      return false;
    }
    path = cp;
    ancestors = false; /* an explicit committee means its own subtree */
  }
  if (ctx->user || q->committee_id) where_scope(ctx, e, path, ancestors, sql, p, np);
  for (int k = 0; k < q->n; k++) {
    int i = entity_field(e, q->names[k]);
    const struct field *f = i >= 0 ? &e->fields[i] : NULL;
    if (!f || !(f->flags & FF_FILTER)) continue;
    const char *s = q->values[k];
    struct db_value dv = {.type = 't', .s = s};
    if (is_integer(f)) {
      char *end;
      long long x = strtoll(s, &end, 10);
      if (f->type == FT_BOOL && (!strcmp(s, "true") || !strcmp(s, "false")))
        x = !strcmp(s, "true"), end = "";
      if (!*s || *end) {
        entity_fail(ctx, ERR_INVALID_FIELD, f->name,
                    arena_printf(ctx->arena, "筛选条件%s应为整数", f->zh),
                    arena_printf(ctx->arena, "Filter %s must be an integer", f->en));
        return false;
      }
      dv = (struct db_value){.type = 'i', .i = x};
    }
    buf_printf(sql, " AND t.%s = ?", f->name);
    p[(*np)++] = dv;
  }
  if (q->q && *q->q && e->search) {
    buf_printf(sql, " AND t.%s LIKE ?" LIKE_ESCAPE, e->search);
    p[(*np)++] = (struct db_value){.type = 't', .s = like_contains(ctx->arena, q->q, strlen(q->q))};
  }
  if (e->list_filter) e->list_filter(ctx, e, sql, p, np);
  if (q->cond) {
    buf_puts(sql, q->cond);
    for (int i = 0; i < q->ncond && i < 4; i++) p[(*np)++] = q->cond_params[i];
  }
  return true;
}

json_t *entity_list(struct entity_ctx *ctx, const struct entity *e, const struct entity_query *q) {
  struct buf sql = {0}, where = {0};
  struct db_value p[48];
  int np = 0;
  if (!where_clause(ctx, e, q, &where, p, &np)) {
    buf_free(&where);
    return NULL;
  }
  int limit = q->limit > 0 ? q->limit : 50;
  if (limit > 500) limit = 500;
  json_t *out = json_object();
  if (q->with_total) {
    buf_printf(&sql, "SELECT COUNT(*) FROM %s t%s", e->table, where.data);
    struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
    json_object_set_new(out, "total", json_integer(db_step(st) == DB_ROW ? db_col_int(st, 0) : 0));
    db_done(st);
    sql.len = 0;
  }
  select_list(e, &sql);
  buf_append(&sql, where.data, where.len);
  int npl = np;
  bool at = page_order_at_offset(&q->order);
  if (at) {
    page_order_sql(&q->order, "t.id", false, limit, &sql);
  } else {
    if (q->after_id) {
      buf_puts(&sql, " AND t.id > ?");
      p[npl++] = (struct db_value){.type = 'i', .i = q->after_id};
    }
    buf_printf(&sql, " ORDER BY t.id LIMIT %d", limit + 1);
  }
  struct db_stmt *st = db_query_values(ctx->db, sql.data, npl, p);
  struct page pg;
  page_init(&pg, limit);
  bool was = ctx->listing;
  ctx->listing = true; /* to_json: the list's form */
  while (db_step(st) == DB_ROW && !page_full(&pg))
    page_add(&pg, db_col_int(st, 0), row_json(ctx, e, st));
  ctx->listing = was;
  db_done(st);
  buf_free(&sql);
  buf_free(&where);
  json_t *page = at ? page_json_at(&pg, &q->order) : page_json(&pg);
  json_object_update(out, page);
  json_decref(page);
  return out;
}

json_t *entity_query_json(const struct entity_query *q) {
  json_t *o = json_object();
  if (q->committee_id) json_object_set_new(o, "committee_id", json_integer(q->committee_id));
  if (q->q) json_object_set_new(o, "q", json_string(q->q));
  for (int i = 0; i < q->n; i++)
    if (*q->names[i] && strcmp(q->names[i], "committee_id") && strcmp(q->names[i], "q"))
      json_object_set_new(o, q->names[i], json_string(q->values[i]));
  return o;
}

void entity_query_of_json(struct entity_query *q, json_t *o) {
  memset(q, 0, sizeof *q);
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    if (!strcmp(key, "committee_id"))
      q->committee_id = json_integer_value(v);
    else if (!strcmp(key, "q"))
      q->q = json_string_value(v);
    else if (json_is_string(v) && q->n < 16) {
      q->names[q->n] = key;
      q->values[q->n++] = json_string_value(v);
    }
  }
}

int64_t entity_each(struct entity_ctx *ctx, const struct entity *e, const struct entity_query *q,
                    void (*row)(struct entity_ctx *ctx, json_t *rec, void *arg), void *arg) {
  struct buf sql = {0}, where = {0};
  struct db_value p[48];
  int np = 0;
  if (!where_clause(ctx, e, q, &where, p, &np)) {
    buf_free(&where);
    return -1;
  }
  select_list(e, &sql);
  buf_append(&sql, where.data, where.len);
  buf_puts(&sql, " ORDER BY t.id");
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  int64_t n = 0;
  while (db_step(st) == DB_ROW) {
    json_t *o = row_json(ctx, e, st);
    row(ctx, o, arg);
    json_decref(o);
    n++;
  }
  db_done(st);
  buf_free(&sql);
  buf_free(&where);
  return n;
}

const char *entity_subtree(struct entity_ctx *ctx, int64_t *committee_id) {
  if (!*committee_id && ctx->user) *committee_id = ctx->user->committee_id;
  const char *path = *committee_id ? committee_path_of(ctx, *committee_id) : NULL;
  if (!path) {
    entity_fail(ctx, ERR_INVALID_FIELD, "committee_id", "所属政协不存在", "No such committee");
    return NULL;
  }
  if (ctx->user && !access_in_scope(ctx->user, path)) {
    entity_fail(ctx, ERR_FORBIDDEN_SCOPE, "committee_id", "所选政协不在您的管辖范围内",
                "That committee is outside your scope");
    return NULL;
  }
  return path;
}

const char *entity_path_hi(struct entity_ctx *ctx, const char *path) {
  char *hi = arena_strdup(ctx->arena, path);
  size_t n = strlen(hi);
  if (n) hi[n - 1] = '0';
  return hi;
}

bool entity_finish(struct entity_ctx *ctx, int rc) {
  if (rc == DB_DONE && db_commit(ctx->db) == DB_DONE) return true;
  db_rollback(ctx->db);
  if (!ctx->err.code) {
    if (rc == DB_CONSTRAINT)
      entity_fail(ctx, ERR_CONFLICT, NULL, "与已有记录冲突（重复，或仍被引用）",
                  "Conflicts with an existing record (a duplicate, or still in use)");
    else
      entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
  }
  return false;
}

int entity_col(struct db_stmt *row, const char *name) {
  for (int i = 0; i < db_col_count(row); i++)
    if (!strcmp(db_col_name(row, i), name)) return i;
  return -1;
}

void entity_time_json(json_t *o, const char *key, struct db_stmt *row, int col) {
  char t[32];
  if (col < 0 || db_col_null(row, col))
    json_object_set_new(o, key, json_null());
  else
    json_object_set_new(o, key, json_string(time_iso(db_col_int(row, col), t)));
}

void entity_page(struct entity_ctx *ctx, const struct entity *e, const char *where,
                 struct db_value *p, int np, const struct page_order *o, int64_t after_id,
                 int limit, bool newest, json_t *out) {
  struct buf sql = {0};
  buf_printf(&sql, "SELECT COUNT(*) FROM %s t%s", e->table, where);
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  json_object_set_new(out, "total", json_integer(db_step(st) == DB_ROW ? db_col_int(st, 0) : 0));
  db_done(st);
  buf_free(&sql);
  entity_page_items(ctx, e, where, p, np, o, after_id, limit, newest, out);
}

void entity_page_items(struct entity_ctx *ctx, const struct entity *e, const char *where,
                       struct db_value *p, int np, const struct page_order *o, int64_t after_id,
                       int limit, bool newest, json_t *out) {
  struct buf sql = {0};
  bool at = page_order_at_offset(o);
  if (at) {
    buf_printf(&sql, "SELECT t.id FROM %s t%s", e->table, where);
    page_order_sql(o, "t.id", newest, limit, &sql);
  } else {
    buf_printf(&sql, "SELECT t.id FROM %s t%s AND t.id %s ? ORDER BY t.id %s LIMIT %d", e->table,
               where, newest ? "<" : ">", newest ? "DESC" : "ASC", limit + 1);
    p[np++] = (struct db_value){.type = 'i', .i = newest && !after_id ? INT64_MAX : after_id};
  }
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  int64_t *ids = arena_alloc(ctx->arena, sizeof *ids * (size_t)(limit + 1));
  int n = 0;
  while (db_step(st) == DB_ROW && n <= limit) ids[n++] = db_col_int(st, 0);
  db_done(st);
  buf_free(&sql);
  struct page pg;
  page_init(&pg, limit);
  bool was = ctx->listing;
  ctx->listing = true; /* to_json: the list's form */
  for (int i = 0; i < n && !page_full(&pg); i++) {
    json_t *oj = entity_get(ctx, e, ids[i]);
    if (oj) page_add(&pg, ids[i], oj);
  }
  ctx->listing = was;
  if (n > limit) pg.more = true;
  json_t *page = at ? page_json_at(&pg, o) : page_json(&pg);
  json_object_update(out, page);
  json_decref(page);
}

void entity_page_newest(struct entity_ctx *ctx, const struct entity *e, const char *where,
                        struct db_value *p, int np, const struct page_order *o, int64_t after_id,
                        int limit, json_t *out) {
  entity_page(ctx, e, where, p, np, o, after_id, limit, true, out);
}

bool entity_row_meets(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                      entity_cond_fn cond) {
  struct buf sql = {0};
  struct db_value p[6];
  int np = 0;
  buf_printf(&sql, "SELECT COUNT(*) FROM %s t WHERE t.id = ?", e->table);
  p[np++] = (struct db_value){.type = 'i', .i = id};
  cond(ctx, "t", &sql, p, &np);
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  bool ok = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
  db_done(st);
  buf_free(&sql);
  return ok;
}
