/* src/org/settings.c: committee settings inherited down the tree (see settings.h). */
#include "settings.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "entity/entity.h"

#define SETTINGS_MAX 32 /* settings of one group, at most */

/* The keys of a group are those in [prefix, prefix_hi): prefix_hi is the prefix with its last
** byte raised by one ("contact." -> "contact/"). A range and not "key LIKE ?": a bound LIKE
** pattern makes SQLite prepare the statement again on every run (it plans LIKE by the value). */
static const char *prefix_hi(const struct setting_group *g) {
  static __thread char p[64];
  snprintf(p, sizeof p, "%s", g->prefix);
  size_t n = strlen(p);
  if (n) p[n - 1]++;
  return p;
}

static int find(const struct setting_group *g, const char *name) {
  for (int i = 0; i < g->n; i++)
    if (!strcmp(name, g->items[i].name)) return i;
  return -1;
}

int64_t setting_value(struct db *db, const struct setting_group *g, const char *path,
                      const char *name) {
  int64_t value[SETTINGS_MAX], source[SETTINGS_MAX];
  settings_at(db, g, path, value, source);
  int i = find(g, name);
  return i >= 0 ? value[i] : 0;
}

void settings_at(struct db *db, const struct setting_group *g, const char *path, int64_t *value,
                 int64_t *source) {
  int depth[SETTINGS_MAX];
  for (int i = 0; i < g->n; i++) {
    value[i] = g->items[i].dflt;
    source[i] = 0;
    depth[i] = -2;
  }
  /* the committee's own rows and its ancestors' (their paths are prefixes of path), and the
  ** installation's (committee 0); the longest path wins */
  struct db_stmt *st =
      db_query(db,
               "SELECT s.key, s.value, s.committee_id, COALESCE(c.path, '')"
               " FROM settings s LEFT JOIN committees c ON c.id = s.committee_id"
               " WHERE s.key >= ? AND s.key < ?"
               " AND (s.committee_id = 0 OR substr(?, 1, length(c.path)) = c.path)",
               "ttt", g->prefix, prefix_hi(g), path ? path : "");
  while (db_step(st) == DB_ROW) {
    const char *key = db_col_text(st, 0);
    for (int i = 0; i < g->n; i++) {
      if (strcmp(key, g->items[i].key)) continue;
      int d = db_col_int(st, 2) ? (int)strlen(db_col_text(st, 3)) : -1;
      char *end;
      long long v = strtoll(db_col_text(st, 1), &end, 10);
      if (*end || v < g->items[i].min || v > g->items[i].max || d <= depth[i]) continue;
      depth[i] = d;
      value[i] = v;
      source[i] = db_col_int(st, 2);
    }
  }
  db_done(st);
}

json_t *settings_json(struct entity_ctx *ctx, const struct setting_group *g, int64_t committee_id) {
  const char *path = committee_path_of(ctx, committee_id);
  if (!path) {
    entity_not_found(ctx, "未找到该记录", "Not found");
    return NULL;
  }
  int64_t value[SETTINGS_MAX], source[SETTINGS_MAX];
  settings_at(ctx->db, g, path, value, source);
  json_t *o = json_pack("{s:I}", "committee_id", (json_int_t)committee_id);
  json_t *own = json_object(), *src = json_object(), *dflt = json_object(), *limits = json_object();
  for (int i = 0; i < g->n; i++) {
    const struct setting *it = &g->items[i];
    json_object_set_new(o, it->name, json_integer(value[i]));
    json_object_set_new(own, it->name,
                        source[i] == committee_id ? json_integer(value[i]) : json_null());
    json_object_set_new(src, it->name, source[i] ? json_integer(source[i]) : json_null());
    json_object_set_new(dflt, it->name, json_integer(it->dflt));
    json_object_set_new(limits, it->name,
                        json_pack("[I,I]", (json_int_t)it->min, (json_int_t)it->max));
  }
  json_object_set_new(o, "own", own);
  json_object_set_new(o, "source", src);
  json_object_set_new(o, "defaults", dflt);
  json_object_set_new(o, "limits", limits);
  return o;
}

/* The committee's own values as JSON (for the audit log). */
static json_t *own_settings(struct entity_ctx *ctx, const struct setting_group *g,
                            int64_t committee_id) {
  json_t *o = json_object();
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT key, value FROM settings WHERE committee_id = ?"
                                " AND key >= ? AND key < ? ORDER BY key",
                                "itt", committee_id, g->prefix, prefix_hi(g));
  while (db_step(st) == DB_ROW)
    json_object_set_new(o, db_col_text(st, 0), json_string(db_col_text(st, 1)));
  db_done(st);
  return o;
}

bool settings_update(struct entity_ctx *ctx, const struct setting_group *g, int64_t committee_id,
                     json_t *in) {
  const char *path = committee_path_of(ctx, committee_id);
  if (!path) {
    entity_not_found(ctx, "未找到该记录", "Not found");
    return false;
  }
  if (ctx->user && !access_in_scope(ctx->user, path)) {
    entity_fail(ctx, ERR_FORBIDDEN_SCOPE, NULL, "该政协不在您的管辖范围内，不能修改其设置",
                "That committee is outside your scope");
    return false;
  }
  const char *key;
  json_t *val;
  json_object_foreach(in, key, val) {
    int i = find(g, key);
    if (i < 0) {
      struct buf names = {0};
      for (int k = 0; k < g->n; k++) buf_printf(&names, "%s%s", k ? ", " : "", g->items[k].name);
      entity_fail(ctx, ERR_INVALID_FIELD, arena_strdup(ctx->arena, key),
                  arena_printf(ctx->arena, "不认识的设置：%s（可设 %s）", key, names.data),
                  arena_printf(ctx->arena, "Unknown setting: %s (%s)", key, names.data));
      buf_free(&names);
      return false;
    }
    if (json_is_null(val)) continue;
    const struct setting *it = &g->items[i];
    if (!json_is_integer(val) || json_integer_value(val) < it->min ||
        json_integer_value(val) > it->max) {
      entity_fail(ctx, ERR_INVALID_FIELD, it->name,
                  arena_printf(ctx->arena, "%s应为 %lld 到 %lld 之间的整数", it->zh,
                               (long long)it->min, (long long)it->max),
                  arena_printf(ctx->arena, "%s must be an integer from %lld to %lld", it->en,
                               (long long)it->min, (long long)it->max));
      return false;
    }
  }
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  json_t *before = own_settings(ctx, g, committee_id);
  json_object_foreach(in, key, val) {
    int i = find(g, key);
    if (json_is_null(val))
      rc = db_exec(ctx->db, "DELETE FROM settings WHERE committee_id = ? AND key = ?", "it",
                   committee_id, g->items[i].key);
    else
      rc = db_exec(ctx->db,
                   "INSERT INTO settings (committee_id, key, value) VALUES (?, ?, ?)"
                   " ON CONFLICT (committee_id, key) DO UPDATE SET value = excluded.value",
                   "itt", committee_id, g->items[i].key,
                   arena_printf(ctx->arena, "%lld", (long long)json_integer_value(val)));
    if (rc != DB_DONE) break;
  }
  if (rc == DB_DONE) {
    json_t *after = own_settings(ctx, g, committee_id);
    if (!audit_record(ctx->db, ctx->user, ctx->ip, "update", "settings", committee_id, committee_id,
                      before, after))
      rc = DB_ERROR;
    json_decref(after);
  }
  json_decref(before);
  return entity_finish(ctx, rc);
}
