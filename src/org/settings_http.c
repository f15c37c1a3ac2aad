/* src/org/settings_http.c: the settings routes of every module (see settings_http.h). */
#include "settings_http.h"
#include "auth/access.h"
#include "entity/entity_http.h"
#include "org.h"

void settings_get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, settings_json(ctx, rq->route->data, request_id(rq, "id")));
}

void settings_put_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  const struct setting_group *g = rq->route->data;
  int64_t id = request_id(rq, "id");
  if (!settings_update(ctx, g, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, settings_json(ctx, g, id));
}

bool settings_route_visible(struct request *rq, int64_t id) {
  const struct setting_group *g = rq->route->data;
  struct entity_ctx *ctx = request_ctx(rq);
  if (g->ancestors_visible) return entity_visible(ctx, &org_committee, id);
  const char *path = committee_path_of(ctx, id);
  return path && access_in_scope(rq->user, path);
}
