/* src/entity/entity_http.c: thin HTTP handlers over the entity engine. */
#include "entity_http.h"
#include "input.h"
#include <stdlib.h>
#include <string.h>
#include "http/server.h"

struct entity_ctx *request_ctx(struct request *rq) {
  if (!rq->ctx) {
    struct entity_ctx *c = arena_alloc(rq->arena, sizeof *c);
    *c = (struct entity_ctx){.db = rq->db,
                             .arena = rq->arena,
                             .user = rq->user,
                             .ip = rq->ip,
                             .en = rq->lang == LANG_EN,
                             .secret = rq->app ? rq->app->secret : NULL};
    rq->ctx = c;
  }
  return rq->ctx;
}

void reply_entity_error(struct request *rq, struct entity_ctx *ctx) {
  struct entity_error *e = &ctx->err;
  if (!e->code) {
    reply_db_error(rq);
    return;
  }
  json_t *extra = NULL;
  if (e->errors) extra = json_pack("{s:o}", "errors", e->errors);
  e->errors = NULL;
  reply_error_with(rq, e->kind, e->field, e->zh, e->en, extra);
}

void reply_result(struct request *rq, struct entity_ctx *ctx, json_t *j) {
  if (!j) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, j);
}

bool request_page_order(struct request *rq, const struct page_sort *keys, struct page_order *o) {
  memset(o, 0, sizeof *o);
  int64_t off;
  if (!request_query_int(rq, "offset", 0, PAGE_OFFSET_MAX, -1, &off)) return false;
  if (off >= 0) o->at_offset = true, o->offset = (int)off;
  const char *s = request_query(rq, "sort");
  if (!page_sort_find(keys, s, o)) {
    char ks[400];
    page_sort_keys(keys, ks, sizeof ks);
    reply_error(rq, ERR_BAD_REQUEST, "sort",
                arena_printf(rq->arena, "此列表不能按「%s」排序（可用：%s）", s, *ks ? ks : "无"),
                arena_printf(rq->arena, "This list cannot be sorted by \"%s\" (sort keys: %s)", s,
                             *ks ? ks : "none"));
    return false;
  }
  return true;
}

bool entity_query_of(struct request *rq, const struct entity *e, struct entity_query *q) {
  memset(q, 0, sizeof *q);
  q->with_total = true;
  const char *s;
  if (!request_limit(rq, 50, 500, &q->limit) || !request_cursor(rq, &q->after_id) ||
      !request_query_id(rq, "committee_id", &q->committee_id) ||
      !request_page_order(rq, e->sorts, &q->order))
    return false;
  q->q = request_query(rq, "q");
  for (int i = 0; i < e->nfields && q->n < 16; i++) {
    const struct field *f = &e->fields[i];
    if (!(f->flags & FF_FILTER) || !strcmp(f->name, "committee_id")) continue;
    if ((s = request_query(rq, f->name)) && *s) {
      q->names[q->n] = f->name;
      q->values[q->n++] = s;
    }
  }
  return true;
}

void entity_list_h(struct request *rq) {
  const struct entity *e = rq->route->data;
  struct entity_query q;
  if (!entity_query_of(rq, e, &q)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, entity_list(ctx, e, &q));
}

void entity_get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  json_t *o = entity_get(ctx, rq->route->data, request_id(rq, "id"));
  if (!o) return reply_not_found(rq);
  reply_json(rq, 200, o);
}

void entity_create_h(struct request *rq) {
  const struct entity *e = rq->route->data;
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = entity_create(ctx, e, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, entity_get(ctx, e, id));
}

void entity_update_h(struct request *rq) {
  const struct entity *e = rq->route->data;
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!entity_update(ctx, e, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, entity_get(ctx, e, id));
}

void entity_delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!entity_delete(ctx, rq->route->data, request_id(rq, "id")))
    return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

bool entity_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return entity_visible(ctx, rq->route->data, id);
}

bool request_only_fields(struct request *rq, const char *const *allowed) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (input_only(ctx, rq->json, allowed)) return true;
  reply_entity_error(rq, ctx);
  return false;
}

bool request_json_int(struct request *rq, const char *name, int64_t min, int64_t max, int64_t dflt,
                      int64_t *out) {
  json_t *j = json_object_get(rq->json, name);
  *out = dflt;
  if (!j || json_is_null(j)) return true;
  struct entity_ctx *ctx = request_ctx(rq);
  if (input_int(ctx, rq->json, name, min, max, out, name)) return true;
  reply_entity_error(rq, ctx);
  return false;
}

const char *request_json_text(struct request *rq, const char *name, bool *bad) {
  json_t *j = json_object_get(rq->json, name);
  if (!j || json_is_null(j)) return NULL;
  struct entity_ctx *ctx = request_ctx(rq);
  const char *s = input_text(ctx, rq->json, name, false, 0, name);
  if (!s) {
    reply_entity_error(rq, ctx);
    *bad = true;
  }
  return s;
}
