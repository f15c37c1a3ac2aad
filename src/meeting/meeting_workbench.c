/* src/meeting/meeting_workbench.c: the meetings' entries of the workbench (workbench/workbench.h)
** and the list they open for a member: my meetings (我的会议, GET /api/v1/meetings/mine), with the
** caller's part in each, filtered by what waits on the caller (todo):
**   reply      会议通知待确认: notified or in session, the caller has not replied, and has no
**              leave asked or approved;
**   documents  有未阅材料的会议: notified or in session, a document not withdrawn that the
**              caller has not opened (meeting_document_reads);
**   votes      待表决的会议: in session, a vote open in which the caller (an invited member) has
**              not voted (meeting_voters).
** The staff's entry, 待审批的请假, is the total of GET /api/v1/meetings/leaves?status=requested.
** Each count runs the same SQL text as the list its link opens (one builder, where_mine), so
** the count is that list's length. */
#include <string.h>
#include "auth/access.h"
#include "base/arena.h"
#include "base/buf.h"
#include "entity/entity_http.h"
#include "http/request.h"
#include "http/router.h"
#include "meeting.h"
#include "workbench/workbench.h"

json_t *meeting_leave_list(struct entity_ctx *ctx, int64_t id, const char *status, int64_t offset,
                           int64_t limit);
extern const struct label meeting_leave_states[];

static const char *const todos[] = {"reply", "documents", "votes", NULL};

/* " FROM ... WHERE ..." of the caller's meetings (g) through its invitation (i) with todo's
** condition ("" or NULL: every meeting it is invited to, once notified); false with ctx->err
** (422) for an unknown todo. */
static bool where_mine(struct entity_ctx *ctx, const char *todo, struct buf *w, struct db_value *p,
                       int *np) {
  int t = -1;
  if (todo && *todo) {
    for (int k = 0; todos[k]; k++)
      if (!strcmp(todo, todos[k])) t = k;
    if (t < 0) {
      entity_fail(ctx, ERR_INVALID_FIELD, "todo", "todo 应为 reply、documents 或 votes",
                  "todo is reply, documents or votes");
      return false;
    }
  }
  const struct user *u = ctx->user;
  int64_t uid = u ? u->id : -1, mid = u && u->member_id ? u->member_id : -1;
  buf_puts(w,
           " FROM meetings g JOIN meeting_invitees i ON i.id = (SELECT MIN(x.id) FROM"
           " meeting_invitees x WHERE x.meeting_id = g.id AND (x.user_id = ? OR x.member_id = ?))"
           " WHERE g.status <> 'draft'");
  p[(*np)++] = (struct db_value){.type = 'i', .i = uid};
  p[(*np)++] = (struct db_value){.type = 'i', .i = mid};
  if (t == 0)
    buf_puts(w, " AND g.status IN ('notified', 'in_session') AND i.reply = 'pending'"
                " AND NOT EXISTS (SELECT 1 FROM meeting_leaves l WHERE l.meeting_id = g.id"
                " AND l.member_id = i.member_id AND l.status IN ('requested', 'approved'))");
  else if (t == 1) {
    buf_puts(w, " AND g.status IN ('notified', 'in_session') AND EXISTS (SELECT 1 FROM"
                " meeting_documents d WHERE d.meeting_id = g.id AND d.withdrawn_at IS NULL"
                " AND EXISTS (SELECT 1 FROM meeting_document_versions v WHERE v.document_id = d.id)"
                " AND NOT EXISTS (SELECT 1 FROM meeting_document_reads r WHERE"
                " r.document_id = d.id AND r.user_id = ?))");
    p[(*np)++] = (struct db_value){.type = 'i', .i = uid};
  } else if (t == 2)
    buf_puts(w, " AND g.status = 'in_session' AND i.role = 'member' AND i.member_id IS NOT NULL"
                " AND EXISTS (SELECT 1 FROM meeting_votes v WHERE v.meeting_id = g.id AND"
                " v.status = 'open' AND NOT EXISTS (SELECT 1 FROM meeting_voters x WHERE"
                " x.vote_id = v.id AND x.member_id = i.member_id))");
  return true;
}

/* The caller's meetings (todo as above), newest first: {"items": [{id, title, kind, kind_label,
** status, status_label, venue, starts_at, ends_at, role, role_label, reply, reply_label, leave,
** leave_label}], "total", "offset"}; NULL with ctx->err. */
static json_t *meetings_mine(struct entity_ctx *ctx, const char *todo, int64_t offset,
                             int64_t limit) {
  struct buf w = {0}, sql = {0};
  struct db_value p[8];
  int np = 0;
  if (!where_mine(ctx, todo, &w, p, &np)) {
    buf_free(&w);
    return NULL;
  }
  buf_printf(&sql, "SELECT COUNT(*)%s", w.data);
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  int64_t total = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
  db_done(st);
  sql.len = 0;
  buf_printf(&sql,
             "SELECT g.id, g.title, g.kind, g.status, g.venue, g.starts_at, g.ends_at, i.role,"
             " i.reply, (SELECT l.status FROM meeting_leaves l WHERE l.meeting_id = g.id AND"
             " l.member_id = i.member_id ORDER BY l.id DESC LIMIT 1)%s"
             " ORDER BY g.starts_at DESC, g.id DESC LIMIT ? OFFSET ?",
             w.data);
  p[np++] = (struct db_value){.type = 'i', .i = limit};
  p[np++] = (struct db_value){.type = 'i', .i = offset};
  st = db_query_values(ctx->db, sql.data, np, p);
  json_t *items = json_array();
  while (db_step(st) == DB_ROW) {
    const char *kind = db_col_text(st, 2), *status = db_col_text(st, 3), *role = db_col_text(st, 7),
               *reply = db_col_text(st, 8);
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id",
                          (json_int_t)db_col_int(st, 0), "title", db_col_text(st, 1), "kind", kind,
                          "kind_label", label_text(meeting_kinds, kind, ctx->en), "status", status,
                          "status_label", label_text(meeting_states, status, ctx->en), "venue",
                          db_col_text(st, 4), "role", role, "role_label",
                          label_text(meeting_roles, role, ctx->en), "reply", reply, "reply_label",
                          label_text(meeting_replies, reply, ctx->en));
    entity_time_json(o, "starts_at", st, 5);
    entity_time_json(o, "ends_at", st, 6);
    bool has_leave = !db_col_null(st, 9);
    const char *leave = has_leave ? db_col_text(st, 9) : NULL;
    json_object_set_new(o, "leave", has_leave ? json_string(leave) : json_null());
    json_object_set_new(o, "leave_label",
                        has_leave ? json_string(label_text(meeting_leave_states, leave, ctx->en))
                                  : json_null());
    json_array_append_new(items, o);
  }
  db_done(st);
  buf_free(&sql);
  buf_free(&w);
  return json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)total, "offset",
                   (json_int_t)offset);
}

/* ---- the entries ----------------------------------------------------------------------------- */

static bool member(const struct user *u) { return u->role == ROLE_MEMBER && u->member_id; }
static bool staff(const struct user *u) { return access_role_has(u->role, PERM_MEETING_MANAGE); }

static int64_t total_of(json_t *list) {
  int64_t n = list ? json_integer_value(json_object_get(list, "total")) : -1;
  json_decref(list);
  return n;
}
static int64_t to_reply(struct entity_ctx *ctx) {
  return total_of(meetings_mine(ctx, "reply", 0, 1));
}
static int64_t to_read(struct entity_ctx *ctx) {
  return total_of(meetings_mine(ctx, "documents", 0, 1));
}
static int64_t to_vote(struct entity_ctx *ctx) {
  return total_of(meetings_mine(ctx, "votes", 0, 1));
}
static int64_t to_decide(struct entity_ctx *ctx) {
  return total_of(meeting_leave_list(ctx, 0, "requested", 0, 1));
}

const struct workbench_entry meeting_workbench[] = {
    {"meeting.leave_to_decide", "待审批的请假", "Leave to decide",
     "/meetings/leaves?status=requested", NULL, staff, to_decide, "/meetings/leaves"},
    {"meeting.to_reply", "会议通知待确认", "Meeting notices to confirm",
     "/meetings/mine?todo=reply", "/meetings?todo=reply", member, to_reply, "/meetings/mine"},
    {"meeting.documents", "有未阅材料的会议", "Meetings with documents to read",
     "/meetings/mine?todo=documents", "/meetings?todo=documents", member, to_read,
     "/meetings/mine"},
    {"meeting.votes", "待表决的会议", "Meetings with a vote to cast", "/meetings/mine?todo=votes",
     "/meetings?todo=votes", member, to_vote, "/meetings/mine"},
    {NULL},
};

/* GET /api/v1/meetings/mine?todo=&offset=&limit=: the caller's meetings. */
static void mine_h(struct request *rq) {
  int64_t offset, limit;
  if (!request_query_int(rq, "offset", 0, 1000000, 0, &offset) ||
      !request_query_int(rq, "limit", 1, 200, 50, &limit))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, meetings_mine(ctx, request_query(rq, "todo"), offset, limit));
}

const struct route meeting_workbench_routes[] = {
    {"GET", "/api/v1/meetings/mine", mine_h, PERM_MEETING_READ, 0, NULL,
     "我的会议（受邀参加的，可按待办筛选）"},
    {NULL},
};
