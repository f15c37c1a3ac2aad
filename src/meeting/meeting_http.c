/* src/meeting/meeting_http.c: the HTTP surface of the meeting record and its workflow. The
** handlers only translate; the rules are in meeting*.c. The parts of a meeting (invitees and
** leave, agenda and documents, sittings and sign-in, speeches, votes) have their own route tables.
**
** Permissions: meeting.read lists and reads (a member account: the meetings it is invited to,
** once notified; others get 404); meeting.manage plans the meeting and takes its steps, in scope.
** Each step is POST /api/v1/meetings/{id}/<action> with a JSON object body ({} or {"note"}),
** answered with the detail. */
#include <stdint.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "entity/entity_http.h"
#include "entity/record_ref.h"
#include "entity/flow.h"
#include "http/request.h"
#include "http/router.h"
#include "meeting.h"

bool meeting_route_visible(struct request *rq, int64_t id) {
  return meeting_visible(request_ctx(rq), id);
}

/* POST /api/v1/meetings: 201 with the detail of the new meeting (in draft). */
static void create_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = entity_create(ctx, &meeting_entity, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, meeting_detail(ctx, id));
}

/* GET /api/v1/meetings/{id}: the detail with the counts, the caller's part and its actions. */
static void get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, meeting_detail(ctx, request_id(rq, "id")));
}

/* PATCH /api/v1/meetings/{id}: the given fields, until the meeting closes (409 after). */
static void update_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!entity_update(ctx, &meeting_entity, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, meeting_detail(ctx, id));
}

/* DELETE /api/v1/meetings/{id}: a meeting still being prepared, with all it holds (409 once the
** notice went out), checked under the meeting's lock. */
static void delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  struct meeting_row m;
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, &m);
  if (ok && !meeting_is_manager(ctx, &m)) {
    entity_forbidden(ctx, "只有会务工作人员可以删除会议", "Only the meeting's staff delete it");
    ok = false;
  }
  if (ok && m.state != MS_DRAFT) {
    meeting_wrong_state(ctx, &m, "只有筹备中的会议可以删除",
                        "Only a meeting being prepared is deleted");
    ok = false;
  }
  json_t *before = ok ? entity_get(ctx, &meeting_entity, id) : NULL;
  ok = ok && db_exec(ctx->db, "DELETE FROM meetings WHERE id = ?", "i", id) == DB_DONE &&
       audit_record(ctx->db, ctx->user, ctx->ip, "delete", "meeting", id, m.committee_id, before,
                    NULL);
  json_decref(before);
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* GET /api/v1/meetings/{id}/timeline */
static void timeline_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200, meeting_timeline(ctx, request_id(rq, "id")));
}

/* POST /api/v1/meetings/{id}/<action>: the step of the route's data; 200 with the detail. */
static void action_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!flow_act(ctx, &meeting_flow, id, (int)(intptr_t)rq->route->data, rq->json))
    return reply_entity_error(rq, ctx);
  reply_result(rq, ctx, meeting_detail(ctx, id));
}

/* The meeting's workflow and enums, for the module table (GET /api/v1/labels). */
const struct flow *const meeting_flows[] = {&meeting_flow, NULL};
const struct label_table meeting_labels[] = {
    {"meeting.kind", meeting_kinds},
    {"meeting.role", meeting_roles},
    {"meeting.reply", meeting_replies},
    {"meeting.event", meeting_event_labels},
    {NULL},
};

const struct record_kind meeting_refs[] = {
    {"meeting", PERM_MEETING_READ, meeting_visible, "SELECT title FROM meetings WHERE id = ?"},
    {NULL},
};

#define P "/api/v1/meetings/{id}"
#define ACTION(name, act, zh)                                                                      \
  {                                                                                                \
    "POST", P "/" name, action_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible, zh,      \
        (const void *)(intptr_t)(act)                                                              \
  }

const struct route meeting_routes[] = {
    {"GET", "/api/v1/meetings", entity_list_h, PERM_MEETING_READ, 0, NULL,
     "会议列表（委员：受邀参加的会议）", &meeting_entity},
    {"POST", "/api/v1/meetings", create_h, PERM_MEETING_MANAGE, ROUTE_JSON, NULL, "新建会议"},
    {"GET", P, get_h, PERM_MEETING_READ, 0, meeting_route_visible, "会议详情"},
    {"PATCH", P, update_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible, "修改会议"},
    {"DELETE", P, delete_h, PERM_MEETING_MANAGE, 0, meeting_route_visible, "删除筹备中的会议"},
    {"GET", P "/timeline", timeline_h, PERM_MEETING_READ, 0, meeting_route_visible, "会议过程"},
    ACTION("notify", MA_NOTIFY, "发出会议通知"),
    ACTION("open", MA_OPEN, "开会"),
    ACTION("close", MA_CLOSE, "闭会"),
    ACTION("archive", MA_ARCHIVE, "归档"),
    {NULL},
};
