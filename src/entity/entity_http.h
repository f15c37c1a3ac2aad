/* src/entity/entity_http.h: generic HTTP handlers for records described by struct entity.
** A module's route table points them at its entity through the route's data. */
#ifndef LVZHI_ENTITY_HTTP_H
#define LVZHI_ENTITY_HTTP_H
#include <stdbool.h>
#include <stdint.h>
#include "entity.h"
#include "http/request.h"
#include "http/router.h"

/* GET  list: ?limit=&cursor=&q=&committee_id=&<filter>=; {"items","next_cursor","total"} */
void entity_list_h(struct request *rq);
/* GET  one record: 200 with the record (the router has checked that it is visible). */
void entity_get_h(struct request *rq);
/* POST create: 201 with the record; 422 invalid field, 403 outside scope, 409 duplicate. */
void entity_create_h(struct request *rq);
/* PATCH update the given fields: 200 with the record. */
void entity_update_h(struct request *rq);
/* DELETE: 204; 409 when other records still refer to it. */
void entity_delete_h(struct request *rq);

/* The router's visibility check for {id} of an entity route. */
bool entity_route_visible(struct request *rq, int64_t id);

/* The request's context for the entity engine (who, from where, its arena and language), built
** on the first call and kept in rq->ctx: every later call in the same request, from the router's
** visibility check to the handler, gets the same one. It lives in rq->arena and goes with the
** request; a handler must not keep it beyond. Never fails. */
struct entity_ctx *request_ctx(struct request *rq);

/* Replies with ctx->err in the error envelope. */
void reply_entity_error(struct request *rq, struct entity_ctx *ctx);

/* Replies 200 with j (taking it), or, when j is NULL, ctx->err in the error envelope: the answer
** of a handler that calls one engine or module function that returns NULL with ctx->err. */
void reply_result(struct request *rq, struct entity_ctx *ctx, json_t *j);

/* Replies 422 and returns false unless rq->json has only the members named (NULL-terminated):
** input_only's check and message, for handlers that read the body themselves. */
bool request_only_fields(struct request *rq, const char *const *allowed);

/* Reads an integer member of rq->json within [min, max] into *out (dflt when absent or null);
** replies 422 otherwise (input_int's check). */
bool request_json_int(struct request *rq, const char *name, int64_t min, int64_t max, int64_t dflt,
                      int64_t *out);

/* An optional text member of rq->json: NULL when absent or null; replies 422 and sets *bad when
** it is not text (input_text's check). */
const char *request_json_text(struct request *rq, const char *name, bool *bad);

/* Reads limit, cursor, q, committee_id and the entity's filters from the query string. Replies
** 422 and returns false on a bad value. */
bool entity_query_of(struct request *rq, const struct entity *e, struct entity_query *q);

/* Reads ?offset= (0..PAGE_OFFSET_MAX) and ?sort= ("key" or "-key" of the whitelist keys, which
** may be NULL: no key) into o. Replies 422 for a bad offset, 400 bad_request naming "sort" for a
** key the list does not take, and returns false. */
bool request_page_order(struct request *rq, const struct page_sort *keys, struct page_order *o);

/* The five routes of a record type under a base path, for route tables. */
#define ENTITY_ROUTES(base, ent, read_perm, write_perm, zh)                                        \
  {"GET", base, entity_list_h, read_perm, 0, NULL, zh "列表", ent},                                \
      {"POST", base, entity_create_h, write_perm, ROUTE_JSON, NULL, "新建" zh, ent},               \
      {"GET", base "/{id}", entity_get_h, read_perm, 0, entity_route_visible, zh "详情", ent},     \
      {"PATCH",    base "/{id}",         entity_update_h, write_perm,                              \
       ROUTE_JSON, entity_route_visible, "修改" zh,       ent},                                    \
  {                                                                                                \
    "DELETE", base "/{id}", entity_delete_h, write_perm, 0, entity_route_visible, "删除" zh, ent   \
  }

#endif
