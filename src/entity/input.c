/* src/entity/input.c: checks of JSON bodies beyond the field tables (see input.h). */
#include "input.h"
#include <string.h>
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/utf8.h"

bool input_object(struct entity_ctx *ctx, json_t *in) {
  if (json_is_object(in)) return true;
  entity_fail(ctx, ERR_INVALID, NULL, "请求体应为 JSON 对象", "The body must be a JSON object");
  return false;
}

void input_unknown(struct entity_ctx *ctx, const char *key, const char *const *names) {
  struct buf zh = {0}, en = {0};
  for (const char *const *n = names; n && *n; n++) {
    buf_printf(&zh, "%s%s", zh.len ? "、" : "", *n);
    buf_printf(&en, "%s%s", en.len ? ", " : "", *n);
  }
  bool listed = names && zh.len;
  entity_fail(ctx, ERR_INVALID_FIELD, arena_strdup(ctx->arena, key),
              listed ? arena_printf(ctx->arena, "不认识的字段：%s（可设 %s）", key, zh.data)
                     : arena_printf(ctx->arena, "不认识的字段：%s", key),
              listed ? arena_printf(ctx->arena, "Unknown field: %s (%s)", key, en.data)
                     : arena_printf(ctx->arena, "Unknown field: %s", key));
  buf_free(&zh);
  buf_free(&en);
}

bool input_only(struct entity_ctx *ctx, json_t *in, const char *const *names) {
  const char *key;
  json_t *v;
  json_object_foreach(in, key, v) {
    bool ok = false;
    for (const char *const *n = names; *n; n++) ok |= !strcmp(key, *n);
    if (!ok) {
      input_unknown(ctx, key, names);
      return false;
    }
  }
  return true;
}

const char *input_text(struct entity_ctx *ctx, json_t *in, const char *name, bool required, int max,
                       const char *zh) {
  json_t *j = json_object_get(in, name);
  if ((!j || json_is_null(j)) && !required) return "";
  const char *s = json_is_string(j) ? json_string_value(j) : NULL;
  if (!s || strlen(s) != json_string_length(j) || (required && !*s)) {
    entity_fail(ctx, ERR_INVALID_FIELD, name, arena_printf(ctx->arena, "请填写%s", zh),
                arena_printf(ctx->arena, "%s is required (text)", name));
    return NULL;
  }
  if (max && utf8_count(s, strlen(s)) > (size_t)max) {
    entity_fail(ctx, ERR_INVALID_FIELD, name,
                arena_printf(ctx->arena, "%s过长（至多 %d 字）", zh, max),
                arena_printf(ctx->arena, "%s is too long (at most %d characters)", name, max));
    return NULL;
  }
  return s;
}

bool input_fits(struct entity_ctx *ctx, const char *name, const char *text, int64_t max,
                const char *zh) {
  size_t n = text ? utf8_count(text, strlen(text)) : 0;
  if ((int64_t)n <= max) return true;
  entity_fail(ctx, ERR_INVALID_FIELD, name,
              arena_printf(ctx->arena, "%s共 %zu 字，超过 %lld 字的上限", zh, n, (long long)max),
              arena_printf(ctx->arena, "%s has %zu characters, over the limit of %lld", name, n,
                           (long long)max));
  return false;
}

const char *input_enum(struct entity_ctx *ctx, json_t *in, const char *name, const struct label *t,
                       bool required, const char *zh) {
  json_t *j = json_object_get(in, name);
  if ((!j || json_is_null(j)) && !required) return "";
  const char *s = json_string_value(j);
  int i = label_index(t, s);
  if (i >= 0) return t[i].name;
  entity_fail(
      ctx, ERR_INVALID_FIELD, name,
      arena_printf(ctx->arena, "%s应为 %s 之一", zh, label_choices(ctx->arena, t, false)),
      arena_printf(ctx->arena, "%s must be one of %s", name, label_choices(ctx->arena, t, true)));
  return NULL;
}

const char *input_date(struct entity_ctx *ctx, json_t *in, const char *name) {
  json_t *j = json_object_get(in, name);
  if (!j || json_is_null(j)) {
    char *d = arena_alloc(ctx->arena, 16);
    time_cst_date(time_now(), d);
    return d;
  }
  int y, m, d;
  const char *s = json_string_value(j);
  if (!s || strlen(s) != 10 || !date_parse(s, &y, &m, &d)) {
    entity_fail(ctx, ERR_INVALID_FIELD, name,
                arena_printf(ctx->arena, "%s 应为日期（YYYY-MM-DD）", name),
                arena_printf(ctx->arena, "%s must be a date (YYYY-MM-DD)", name));
    return NULL;
  }
  return s;
}

bool input_int(struct entity_ctx *ctx, json_t *in, const char *name, int64_t min, int64_t max,
               int64_t *out, const char *zh) {
  json_t *j = json_object_get(in, name);
  if (json_is_integer(j) && json_integer_value(j) >= min && json_integer_value(j) <= max) {
    *out = json_integer_value(j);
    return true;
  }
  entity_fail(ctx, ERR_INVALID_FIELD, name,
              arena_printf(ctx->arena, "%s应为 %lld 到 %lld 之间的整数", zh, (long long)min,
                           (long long)max),
              arena_printf(ctx->arena, "%s must be an integer from %lld to %lld", name,
                           (long long)min, (long long)max));
  return false;
}

bool input_ids(struct entity_ctx *ctx, json_t *in, const char *name, int min, int max, int64_t *out,
               int *n, const char *zh) {
  json_t *j = json_object_get(in, name), *x;
  size_t i;
  *n = 0;
  if ((j && !json_is_null(j) && !json_is_array(j)) || (int)json_array_size(j) < min ||
      (int)json_array_size(j) > max) {
    entity_fail(ctx, ERR_INVALID_FIELD, name,
                arena_printf(ctx->arena, "%s应为 %d 到 %d 个编号的数组", zh, min, max),
                arena_printf(ctx->arena, "%s must be an array of %d to %d ids", name, min, max));
    return false;
  }
  json_array_foreach(j, i, x) {
    int64_t id = json_is_integer(x) ? json_integer_value(x) : 0;
    bool again = false;
    for (int k = 0; k < *n; k++) again |= out[k] == id;
    if (id <= 0 || again) {
      entity_fail(
          ctx, ERR_INVALID_FIELD, name,
          id <= 0 ? arena_printf(ctx->arena, "%s的第 %zu 项应为正整数编号", zh, i + 1)
                  : arena_printf(ctx->arena, "%s中编号 %lld 重复", zh, (long long)id),
          id <= 0 ? arena_printf(ctx->arena, "item %zu of %s must be a positive id", i + 1, name)
                  : arena_printf(ctx->arena, "%s names %lld twice", name, (long long)id));
      return false;
    }
    out[(*n)++] = id;
  }
  return true;
}

bool input_bool(struct entity_ctx *ctx, json_t *in, const char *name, bool *out) {
  json_t *j = json_object_get(in, name);
  if (json_is_boolean(j)) {
    *out = json_is_true(j);
    return true;
  }
  entity_fail(ctx, ERR_INVALID_FIELD, name, arena_printf(ctx->arena, "%s 应为 true 或 false", name),
              arena_printf(ctx->arena, "%s must be true or false", name));
  return false;
}
