/* src/workbench/workbench_http.c: GET /api/v1/workbench, the caller's workbench. */
#include "entity/entity_http.h"
#include "http/request.h"
#include "http/router.h"
#include "workbench.h"

/* GET /api/v1/workbench
** The entries the caller sees, each {key, label (the request's language), count, link (the
** console's filtered list), m_link (the phone's, or null), menu (the console's menu path that
** carries the count, or null)}, entries with 0 kept. 500 on a database error. */
static void workbench_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, workbench_of(ctx));
}

const struct route workbench_routes[] = {
    {"GET", "/api/v1/workbench", workbench_h, PERM_LOGIN, 0, NULL, "我的工作台"},
    {0},
};
