/* src/contact/contact_check.c: the staff check of the activities members log themselves (issue
** 18). While a committee's contact.check_self_logged is on (the default), an activity a member
** account records opens a check (activity_checks, one row per activity, its committee beside it)
** and earns no points (points_sources.c) until staff approve it; staff may return it with a note,
** and the member sends it again once corrected. Each step is the workflow step of
** entity/flow.c on the check's row: locked, the state and the caller checked under the lock
** (the same approval sent twice at once: one 200, one 409), the audit entry, then the points
** (points_sync of the activity).
**
**   pending --approve--> approved          (staff: contact.write over the activity)
**   pending --return---> returned {note}   (staff)
**   returned --resubmit--> pending         (the member who logged it) */
#include <string.h>
#include "auth/access.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "contact.h"
#include "contact_int.h"
#include "entity/flow.h"
#include "entity/input.h"
#include "notify/notify.h"
#include "points/points.h"

enum { CK_PENDING, CK_APPROVED, CK_RETURNED };
const struct label contact_check_states[] = {
    {"pending", "待审核", "Awaiting the check"},
    {"approved", "审核通过", "Approved"},
    {"returned", "已退回", "Returned"},
    {NULL},
};

struct check_row {
  int state;
  int64_t committee_id, created_by;
  const char *title;
};

static bool load(struct entity_ctx *ctx, int64_t id, void *row) {
  struct check_row *r = row;
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT k.status, k.committee_id, COALESCE(a.created_by, 0), a.title"
               " FROM activity_checks k JOIN activities a ON a.id = k.id"
               " WHERE k.id = ?",
               "i", id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    r->state = label_index(contact_check_states, db_col_text(st, 0));
    r->committee_id = db_col_int(st, 1);
    r->created_by = db_col_int(st, 2);
    r->title = arena_strdup(ctx->arena, db_col_text(st, 3));
  }
  db_done(st);
  if (!found)
    entity_fail(ctx, ERR_NOT_FOUND, NULL, "该活动不需要审核", "This activity has no check");
  return found;
}
static int state_of(const void *row) { return ((const struct check_row *)row)->state; }
static int64_t committee_of(const void *row) {
  return ((const struct check_row *)row)->committee_id;
}

static json_t *image(struct entity_ctx *ctx, int64_t id) {
  struct db_stmt *st = db_query(
      ctx->db, "SELECT status, note, checked_by FROM activity_checks WHERE id = ?", "i", id);
  json_t *o = db_step(st) == DB_ROW ? json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "status",
                                                db_col_text(st, 0), "note", db_col_text(st, 1))
                                    : NULL;
  db_done(st);
  return o;
}

/* Who: staff who keep contact records (contact.write; the route has checked the activity is in
** their view) approve and return; the member who logged it sends it again. */
static bool may(struct flow_step *s, bool report) {
  const struct user *u = s->ctx->user;
  const struct check_row *r = s->row;
  bool resubmit = !strcmp(s->action->name, "resubmit");
  bool ok =
      !u || (resubmit ? u->id == r->created_by : access_role_has(u->role, PERM_CONTACT_WRITE));
  if (!ok && report)
    entity_forbidden(s->ctx,
                     resubmit ? "只有记录该活动的委员可以重新提交"
                              : "只有工作人员可以审核委员自行记录的活动",
                     resubmit ? "Only the member who logged it sends it again"
                              : "Only staff check members' self-logged activities");
  return ok;
}

/* The note (required to return), who checked and when; the member is told. */
static bool write_check(struct flow_step *s) {
  static const char *const names[] = {"note", NULL};
  bool returning = !strcmp(s->action->name, "return");
  const char *note;
  if (!input_only(s->ctx, s->in, names) ||
      !(note = input_text(s->ctx, s->in, "note", returning, 500, "审核意见")))
    return false;
  const struct check_row *r = s->row;
  bool resubmit = !strcmp(s->action->name, "resubmit");
  if (db_exec(s->ctx->db,
              resubmit
                  ? "UPDATE activity_checks SET note = ?, checked_by = NULL, checked_at = NULL"
                    " WHERE id = ? AND ? >= 0"
                  : "UPDATE activity_checks SET note = ?, checked_by = ?, checked_at = ? WHERE "
                    "id = ?",
              resubmit ? "tii" : "tIii", note,
              resubmit ? s->id : (s->ctx->user ? s->ctx->user->id : 0), s->now, s->id) != DB_DONE)
    return false;
  s->note = note;
  if (!resubmit && r->created_by)
    notify_post(s->ctx->db, r->created_by, returning ? "activity_returned" : "activity_approved",
                returning ? "履职活动被退回" : "履职活动已审核通过",
                arena_printf(s->ctx->arena, "《%s》%s%s", r->title, *note ? "：" : "", note),
                arena_printf(s->ctx->arena, "/activities/%lld", (long long)s->id));
  return true;
}

static bool earn_points(struct entity_ctx *ctx, int64_t id) {
  return points_sync(ctx->db, "activity", id);
}

#define IN FLOW_IN
static const struct flow_action actions[] = {
    /* staff approve a member's self-logged activity: it earns its points from now */
    {"approve", IN(CK_PENDING), CK_APPROVED, NULL, NULL, write_check, "审核通过", "Approve", NULL,
     NULL, "审核通过后该活动即计入委员积分。确定审核通过吗？",
     "Once approved the activity counts toward the member's points. Approve it?"},
    /* staff return it to the member, saying what is wrong */
    {"return", IN(CK_PENDING), CK_RETURNED, NULL, NULL, write_check, "退回", "Return"},
    /* the member sends a returned activity again once corrected */
    {"resubmit", IN(CK_RETURNED), CK_PENDING, NULL, NULL, write_check, "重新提交", "Resubmit"},
    {NULL},
};
#undef IN

const struct flow contact_check_flow = {
    .name = "activity_check",
    .table = "activity_checks",
    .states = contact_check_states,
    .actions = actions,
    .row_size = sizeof(struct check_row),
    .load = load,
    .state = state_of,
    .committee = committee_of,
    .image = image,
    .may = may,
    .after = earn_points,
    .attempts = 1,
    .wrong_zh = "该活动已审核",
    .wrong_en = "The activity is checked already",
};

bool contact_check_open(struct entity_ctx *ctx, int64_t activity_id) {
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT a.committee_id, c.path FROM activities a JOIN committees c"
                                " ON c.id = a.committee_id WHERE a.id = ?",
                                "i", activity_id);
  if (db_step(st) != DB_ROW) {
    db_done(st);
    return false;
  }
  int64_t committee = db_col_int(st, 0);
  const char *path = arena_strdup(ctx->arena, db_col_text(st, 1));
  db_done(st);
  struct contact_settings cs;
  contact_settings_at(ctx->db, path, &cs);
  if (!cs.value[CONTACT_CHECK_SELF_LOGGED]) return true;
  int64_t now = time_now();
  return db_exec(ctx->db,
                 "INSERT INTO activity_checks (id, committee_id, status, created_at, updated_at)"
                 " VALUES (?, ?, 'pending', ?, ?)",
                 "iiii", activity_id, committee, now, now) == DB_DONE;
}

bool contact_check_step(struct entity_ctx *ctx, int64_t activity_id, const char *action,
                        json_t *in) {
  return flow_act(ctx, &contact_check_flow, activity_id,
                  flow_action_index(&contact_check_flow, action), in);
}

json_t *contact_check_json(struct entity_ctx *ctx, int64_t activity_id, bool with_actions) {
  struct db_stmt *st =
      db_query(ctx->db, "SELECT status, note, checked_at FROM activity_checks WHERE id = ?", "i",
               activity_id);
  json_t *o = NULL;
  if (db_step(st) == DB_ROW) {
    const char *status = db_col_text(st, 0);
    o = json_pack("{s:s,s:s,s:s}", "status", status, "status_label",
                  label_text(contact_check_states, status, ctx->en), "note", db_col_text(st, 1));
  }
  db_done(st);
  if (o && with_actions)
    json_object_set_new(o, "actions", flow_actions(ctx, &contact_check_flow, activity_id));
  return o ? o : json_null();
}

json_t *contact_checks(struct entity_ctx *ctx, int64_t committee_id, const char *status,
                       int64_t after_id, int limit) {
  const char *path = entity_subtree(ctx, &committee_id);
  if (!path) return NULL;
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT k.id, k.status, k.note, a.title, a.kind, a.starts_at, a.people_reached,"
      " COALESCE(u.display_name, ''), c.name FROM activity_checks k"
      " JOIN activities a ON a.id = k.id JOIN committees c ON c.id = k.committee_id"
      " LEFT JOIN users u ON u.id = a.created_by"
      " WHERE c.path >= ? AND c.path < ? AND k.status = ? AND k.id > ? ORDER BY k.id LIMIT ?",
      "tttii", path, entity_path_hi(ctx, path), status, after_id, (int64_t)limit + 1);
  json_t *items = json_array();
  int n = 0;
  int64_t last = 0;
  bool more = false;
  while (db_step(st) == DB_ROW) {
    if (n == limit) {
      more = true;
      break;
    }
    char at[40] = "";
    if (!db_col_null(st, 5)) time_iso(db_col_int(st, 5), at);
    last = db_col_int(st, 0);
    json_array_append_new(items,
                          json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s}", "id",
                                    (json_int_t)last, "status", db_col_text(st, 1), "status_label",
                                    label_text(contact_check_states, db_col_text(st, 1), ctx->en),
                                    "note", db_col_text(st, 2), "title", db_col_text(st, 3), "kind",
                                    db_col_text(st, 4), "starts_at", at, "people_reached",
                                    (json_int_t)db_col_int(st, 6), "logged_by", db_col_text(st, 7),
                                    "committee_name", db_col_text(st, 8)));
    n++;
  }
  db_done(st);
  return json_pack("{s:o,s:o}", "items", items, "next_cursor",
                   more ? json_string(arena_printf(ctx->arena, "%lld", (long long)last))
                        : json_null());
}
