/* src/meeting/meeting_agenda.c: a meeting's agenda (议程): its items in order, each with a title,
** the one who presents it and, when the meeting has several sittings, the sitting it is taken
** in. Staff add, change, remove and reorder items until the meeting closes; whoever sees the
** meeting reads the agenda with the count of each item's documents. Every write takes the
** meeting's lock first and checks its state under it. */
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "entity/entity_http.h"
#include "entity/input.h"
#include "http/request.h"
#include "http/router.h"
#include "meeting.h"

bool meeting_route_visible(struct request *rq, int64_t id);

#define MAX_ITEMS 200

/* Opens the transaction of a staff write on meeting id: its lock, the caller a manager of it, the
** meeting not closed. False with ctx->err. */
static bool begin_edit(struct entity_ctx *ctx, int64_t id, struct meeting_row *m) {
  if (db_begin(ctx->db) != DB_DONE) return false;
  if (!meeting_lock(ctx, id, m)) return false;
  if (!meeting_is_manager(ctx, m)) {
    entity_forbidden(ctx, "只有会务工作人员可以安排议程",
                     "Only the meeting's staff set the agenda");
    return false;
  }
  if (m->state >= MS_CLOSED) {
    meeting_wrong_state(ctx, m, "会议已闭会，议程不能再修改", "A closed meeting's agenda is fixed");
    return false;
  }
  return true;
}

/* One item as the API shows it, or NULL when item is not one of meeting id's. */
static json_t *item_json(struct entity_ctx *ctx, int64_t id, int64_t item) {
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT i.id, i.seq, i.title, i.presenter, i.sitting_id,"
                                " COALESCE(s.label, ''), (SELECT COUNT(*) FROM meeting_documents d"
                                " WHERE d.item_id = i.id AND d.withdrawn_at IS NULL)"
                                " FROM meeting_items i LEFT JOIN meeting_sittings s"
                                " ON s.id = i.sitting_id WHERE i.meeting_id = ? AND i.id = ?",
                                "ii", id, item);
  json_t *o = NULL;
  if (db_step(st) == DB_ROW) {
    o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)db_col_int(st, 0), "seq",
                  (json_int_t)db_col_int(st, 1), "title", db_col_text(st, 2), "presenter",
                  db_col_text(st, 3), "sitting_label", db_col_text(st, 5), "documents",
                  (json_int_t)db_col_int(st, 6));
    json_object_set_new(o, "sitting_id",
                        db_col_null(st, 4) ? json_null() : json_integer(db_col_int(st, 4)));
  }
  db_done(st);
  return o;
}

static json_t *meeting_agenda(struct entity_ctx *ctx, int64_t id) {
  json_t *items = json_array();
  struct db_stmt *st = db_query(
      ctx->db, "SELECT id FROM meeting_items WHERE meeting_id = ? ORDER BY seq, id", "i", id);
  int64_t ids[MAX_ITEMS];
  int n = 0;
  while (n < MAX_ITEMS && db_step(st) == DB_ROW) ids[n++] = db_col_int(st, 0);
  db_done(st);
  for (int k = 0; k < n; k++) {
    json_t *o = item_json(ctx, id, ids[k]);
    if (o) json_array_append_new(items, o);
  }
  return json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n);
}

/* Reads {title, presenter?, sitting_id?} (all optional when patching); false with ctx->err. */
static bool read_item(struct entity_ctx *ctx, int64_t id, json_t *in, bool patch,
                      const char **title, const char **presenter, int64_t *sitting,
                      bool *sitting_set) {
  static const char *const names[] = {"title", "presenter", "sitting_id", NULL};
  if (!input_object(ctx, in) || !input_only(ctx, in, names)) return false;
  *title = input_text(ctx, in, "title", !patch, 200, "议题");
  if (!*title) return false;
  if (!**title && json_object_get(in, "title")) {
    entity_fail(ctx, ERR_INVALID_FIELD, "title", "议题不能为空", "The item needs a title");
    return false;
  }
  *presenter = input_text(ctx, in, "presenter", false, 100, "报告人");
  if (!*presenter) return false;
  json_t *s = json_object_get(in, "sitting_id");
  *sitting_set = s != NULL;
  *sitting = 0;
  if (s && !json_is_null(s)) {
    if (!input_int(ctx, in, "sitting_id", 1, INT64_MAX, sitting, "会次")) return false;
    if (!db_int(ctx->db, 0, "SELECT COUNT(*) FROM meeting_sittings WHERE id = ? AND meeting_id = ?",
                "ii", *sitting, id)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "sitting_id", "该会议没有这个会次",
                  "No such sitting of the meeting");
      return false;
    }
  }
  return true;
}

static bool record(struct entity_ctx *ctx, const struct meeting_row *m, const char *note,
                   const char *action, json_t *before, json_t *after) {
  return meeting_event(ctx, m->id, "agenda", note, NULL) &&
         audit_record(ctx->db, ctx->user, ctx->ip, action, "meeting", m->id, m->committee_id,
                      before, after);
}

static json_t *meeting_item_add(struct entity_ctx *ctx, int64_t id, json_t *in) {
  const char *title, *presenter;
  int64_t sitting;
  bool sitting_set;
  if (!read_item(ctx, id, in, false, &title, &presenter, &sitting, &sitting_set)) return NULL;
  struct meeting_row m;
  bool ok = begin_edit(ctx, id, &m);
  if (ok && db_int(ctx->db, 0, "SELECT COUNT(*) FROM meeting_items WHERE meeting_id = ?", "i",
                   id) >= MAX_ITEMS) {
    entity_fail(ctx, ERR_BEYOND_LIMIT, NULL, "议程最多 200 项",
                "An agenda holds at most 200 items");
    ok = false;
  }
  int64_t item = 0;
  if (ok) {
    struct db_stmt *st = db_query(ctx->db,
                                  "INSERT INTO meeting_items (meeting_id, seq, title, presenter,"
                                  " sitting_id) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?"
                                  " FROM meeting_items WHERE meeting_id = ? RETURNING id",
                                  "ittIi", id, title, presenter, sitting, id);
    if (db_step(st) == DB_ROW) item = db_col_int(st, 0);
    db_done(st);
    ok = item > 0;
  }
  json_t *after = ok ? item_json(ctx, id, item) : NULL;
  ok = ok && record(ctx, &m, title, "meeting.item_add", NULL, after);
  json_decref(after);
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return NULL;
  return item_json(ctx, id, item);
}

static bool meeting_item_update(struct entity_ctx *ctx, int64_t id, int64_t item, json_t *in) {
  const char *title, *presenter;
  int64_t sitting;
  bool sitting_set;
  if (!read_item(ctx, id, in, true, &title, &presenter, &sitting, &sitting_set)) return false;
  struct meeting_row m;
  bool ok = begin_edit(ctx, id, &m);
  json_t *before = ok ? item_json(ctx, id, item) : NULL;
  if (ok && !before) {
    entity_not_found(ctx, "该会议没有这个议题", "No such agenda item of the meeting");
    ok = false;
  }
  if (ok && *title)
    ok = db_exec(ctx->db, "UPDATE meeting_items SET title = ? WHERE id = ?", "ti", title, item) ==
         DB_DONE;
  if (ok && json_object_get(in, "presenter"))
    ok = db_exec(ctx->db, "UPDATE meeting_items SET presenter = ? WHERE id = ?", "ti", presenter,
                 item) == DB_DONE;
  if (ok && sitting_set)
    ok = db_exec(ctx->db, "UPDATE meeting_items SET sitting_id = ? WHERE id = ?", "Ii", sitting,
                 item) == DB_DONE;
  json_t *after = ok ? item_json(ctx, id, item) : NULL;
  ok = ok && record(ctx, &m, json_string_value(json_object_get(after, "title")),
                    "meeting.item_update", before, after);
  json_decref(before);
  json_decref(after);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

static bool meeting_item_remove(struct entity_ctx *ctx, int64_t id, int64_t item) {
  struct meeting_row m;
  bool ok = begin_edit(ctx, id, &m);
  json_t *before = ok ? item_json(ctx, id, item) : NULL;
  if (ok && !before) {
    entity_not_found(ctx, "该会议没有这个议题", "No such agenda item of the meeting");
    ok = false;
  }
  /* its documents stay, under no item; the items after it move up one */
  ok = ok &&
       db_exec(ctx->db, "UPDATE meeting_documents SET item_id = NULL WHERE item_id = ?", "i",
               item) == DB_DONE &&
       db_exec(ctx->db, "DELETE FROM meeting_items WHERE id = ?", "i", item) == DB_DONE &&
       db_exec(ctx->db, "UPDATE meeting_items SET seq = seq - 1 WHERE meeting_id = ? AND seq > ?",
               "ii", id, (int64_t)json_integer_value(json_object_get(before, "seq"))) == DB_DONE &&
       record(ctx, &m, json_string_value(json_object_get(before, "title")), "meeting.item_remove",
              before, NULL);
  json_decref(before);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

static json_t *meeting_item_order(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"item_ids", NULL};
  int64_t ids[MAX_ITEMS];
  int n = 0;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !input_ids(ctx, in, "item_ids", 1, MAX_ITEMS, ids, &n, "议题"))
    return NULL;
  struct meeting_row m;
  bool ok = begin_edit(ctx, id, &m);
  if (ok &&
      db_int(ctx->db, 0, "SELECT COUNT(*) FROM meeting_items WHERE meeting_id = ?", "i", id) != n) {
    entity_fail(ctx, ERR_INVALID_FIELD, "item_ids", "请按新的顺序列出本会议的全部议题",
                "List every item of the meeting in the new order");
    ok = false;
  }
  for (int k = 0; ok && k < n; k++) {
    ok = db_exec(ctx->db, "UPDATE meeting_items SET seq = ? WHERE id = ? AND meeting_id = ?", "iii",
                 (int64_t)(k + 1), ids[k], id) == DB_DONE;
    if (ok && db_changes(ctx->db) != 1) {
      entity_fail(
          ctx, ERR_INVALID_FIELD, "item_ids",
          arena_printf(ctx->arena, "议题 %lld 不属于本会议", (long long)ids[k]),
          arena_printf(ctx->arena, "Item %lld is not one of the meeting's", (long long)ids[k]));
      ok = false;
    }
  }
  json_t *order = json_array();
  for (int k = 0; k < n; k++) json_array_append_new(order, json_integer(ids[k]));
  json_t *after = json_pack("{s:o}", "item_ids", order);
  ok = ok && record(ctx, &m, "调整议程顺序", "meeting.item_order", NULL, after);
  json_decref(after);
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return NULL;
  return meeting_agenda(ctx, id);
}

/* ---- HTTP ------------------------------------------------------------------------------------ */

/* GET /api/v1/meetings/{id}/items: the agenda in order {"items": [{id, seq, title, presenter,
** sitting_id, sitting_label, documents}], "total"}. */
static void list_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, meeting_agenda(ctx, request_id(rq, "id")));
}

/* POST /api/v1/meetings/{id}/items {title, presenter?, sitting_id?}: 201 the item, last. */
static void add_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  json_t *j = meeting_item_add(ctx, request_id(rq, "id"), rq->json);
  if (!j) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, j);
}

/* PATCH /api/v1/meetings/{id}/items/{item_id} {title?, presenter?, sitting_id?}: the item. */
static void update_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id"), item = request_id(rq, "item_id");
  if (!meeting_item_update(ctx, id, item, rq->json)) return reply_entity_error(rq, ctx);
  reply_result(rq, ctx, item_json(ctx, id, item));
}

/* DELETE /api/v1/meetings/{id}/items/{item_id}: 204; its documents stay, under no item. */
static void remove_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!meeting_item_remove(ctx, request_id(rq, "id"), request_id(rq, "item_id")))
    return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* POST /api/v1/meetings/{id}/items/order {item_ids: every item, in the new order}: the agenda. */
static void order_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, meeting_item_order(ctx, request_id(rq, "id"), rq->json));
}

#define P "/api/v1/meetings/{id}"
const struct route meeting_agenda_routes[] = {
    {"GET", P "/items", list_h, PERM_MEETING_READ, 0, meeting_route_visible, "会议议程"},
    {"POST", P "/items", add_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible, "添加议题"},
    {"POST", P "/items/order", order_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible,
     "调整议程顺序"},
    {"PATCH", P "/items/{item_id}", update_h, PERM_MEETING_MANAGE, ROUTE_JSON,
     meeting_route_visible, "修改议题"},
    {"DELETE", P "/items/{item_id}", remove_h, PERM_MEETING_MANAGE, 0, meeting_route_visible,
     "删除议题"},
    {NULL},
};
