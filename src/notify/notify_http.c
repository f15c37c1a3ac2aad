/* src/notify/notify_http.c: the bell: notifications of the current user, and the live stream. */
#include <stdlib.h>
#include <string.h>
#include "base/page.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"
#include "http/sse.h"
#include "notify.h"
#include "base/timeutil.h"
#include "entity/entity_http.h"
#include "workbench/workbench.h"

/* GET /api/v1/notifications?unread=1&limit=&cursor=
** The caller's notifications, newest first, with the unread count. */
static void notifications_list_h(struct request *rq) {
  const char *unread = request_query(rq, "unread");
  int limit;
  int64_t before;
  if (!request_limit(rq, 20, 200, &limit) || !request_cursor(rq, &before)) return;
  if (!before) before = INT64_MAX;
  struct db_stmt *st = db_query(rq->db,
                                "SELECT id, user_id, kind, title, body, link, created_at, read_at"
                                " FROM notifications WHERE user_id = ? AND id < ? AND (? = 0 OR"
                                " read_at IS NULL) ORDER BY id DESC LIMIT ?",
                                "iiii", rq->user->id, before,
                                (int64_t)(unread && !strcmp(unread, "1")), (int64_t)limit + 1);
  struct page pg;
  page_init(&pg, limit);
  while (db_step(st) == DB_ROW && !page_full(&pg)) {
    char *text = notify_row_json_text(st);
    page_add(&pg, db_col_int(st, 0), json_loads(text, 0, NULL));
    free(text);
  }
  db_done(st);
  json_t *out = page_json(&pg);
  json_object_set_new(out, "unread", json_integer(notify_unread(rq->db, rq->user->id)));
  reply_json(rq, 200, out);
}

static bool own_notification(struct request *rq, int64_t id) {
  return db_int(rq->db, 0, "SELECT user_id FROM notifications WHERE id = ?", "i", id) ==
         rq->user->id;
}

/* POST /api/v1/notifications/{id}/read: marks one read. 204. */
static void notification_read_h(struct request *rq) {
  if (db_exec(rq->db, "UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL", "ii",
              time_now(), request_id(rq, "id")) != DB_DONE)
    return reply_db_error(rq);
  sse_wake();
  reply_no_content(rq);
}

/* POST /api/v1/notifications/read-all: marks every notification of the caller read. 204. */
static void notifications_read_all_h(struct request *rq) {
  if (db_exec(rq->db, "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
              "ii", time_now(), rq->user->id) != DB_DONE)
    return reply_db_error(rq);
  reply_no_content(rq);
}

/* POST /api/v1/notifications/test: sends the caller a test notification, so that an operator
** can see live delivery work through the proxies and across nodes. 201 {"id"}. */
static void notification_test_h(struct request *rq) {
  int64_t id = notify_post(
      rq->db, rq->user->id, "test", T(rq, "测试通知", "Test notification"),
      T(rq, "收到这条通知，说明实时推送工作正常。", "If you see this, live notifications work."),
      NULL);
  if (!id) return reply_db_error(rq);
  reply_json(rq, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* GET /api/v1/events: the caller's live events (text/event-stream): `notification` with the
** item, `unread` with {"unread": n}; a comment line every 25 s keeps proxies from closing it. */
static void events_h(struct request *rq) {
  char u[48];
  snprintf(u, sizeof u, "{\"unread\":%lld}", (long long)notify_unread(rq->db, rq->user->id));
  sse_open(rq, "unread", u);
}

const struct route notify_routes[] = {
    {"GET", "/api/v1/notifications", notifications_list_h, PERM_LOGIN, 0, NULL, "我的通知"},
    {"POST", "/api/v1/notifications/test", notification_test_h, PERM_LOGIN, 0, NULL,
     "发送测试通知"},
    {"POST", "/api/v1/notifications/read-all", notifications_read_all_h, PERM_LOGIN, 0, NULL,
     "全部标为已读"},
    {"POST", "/api/v1/notifications/{id}/read", notification_read_h, PERM_LOGIN, 0,
     own_notification, "标为已读"},
    {"GET", "/api/v1/events", events_h, PERM_LOGIN, 0, NULL, "实时事件流（SSE）"},
    {0},
};

/* The caller's unread notifications, for the workbench (workbench/workbench.h): the "unread" of
** GET /api/v1/notifications, which the list with unread=1 holds. */
static int64_t unread_count(struct entity_ctx *ctx) {
  return notify_unread(ctx->db, ctx->user->id);
}

const struct workbench_entry notify_workbench[] = {
    {"notify.unread", "未读通知", "Unread notifications", "/notifications?unread=1",
     "/notifications?unread=1", NULL, unread_count, NULL},
    {NULL},
};
