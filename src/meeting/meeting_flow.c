/* src/meeting/meeting_flow.c: the states of a meeting and its workflow table (meeting_flow) with
** the effect of each step; flow_act (entity/flow.c) takes the step under the meeting's write
** lock with its timeline event and audit entry.
**
**   draft --notify--> notified --open--> in_session --close--> closed --archive--> archived
**
** Staff who manage meetings in the meeting's committee take every step. The notice goes to every
** invitee's accounts (a notification that opens the meeting); closing refuses while a vote is
** open, and withdraws the documents marked to be withdrawn after the meeting. */
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "entity/flow.h"
#include "entity/input.h"
#include "meeting.h"
#include "meeting/meeting_attendance.h"
#include "notify/notify.h"

const struct label meeting_states[] = {
    {"draft", "筹备中", "Being prepared"},  {"notified", "已通知", "Notified"},
    {"in_session", "进行中", "In session"}, {"closed", "已闭会", "Closed"},
    {"archived", "已归档", "Archived"},     {NULL},
};

/* The timeline's events that are not steps of the workflow (the parts' writes). */
const struct label meeting_event_labels[] = {
    {"create", "创建", "Created"},
    {"invite", "添加参会人员", "Invitees added"},
    {"uninvite", "移除参会人员", "Invitee removed"},
    {"seat", "排座", "Seats assigned"},
    {"leave_request", "请假", "Leave asked"},
    {"leave_approve", "批准请假", "Leave approved"},
    {"leave_refuse", "不批准请假", "Leave refused"},
    {"leave_withdraw", "撤回请假", "Leave withdrawn"},
    {"agenda", "议程", "Agenda"},
    {"document", "会议材料", "Document"},
    {"sitting", "会次安排", "Sitting"},
    {"signin", "代为签到", "Signed in by staff"},
    {"speech", "大会发言", "Speech"},
    {"vote_open", "开始表决", "Vote opened"},
    {"vote_close", "结束表决", "Vote closed"},
    {NULL},
};

const char *meeting_event_label(const char *action, bool en) {
  int a = flow_action_index(&meeting_flow, action);
  if (a >= 0) return en ? meeting_flow.actions[a].en : meeting_flow.actions[a].zh;
  const char *t = label_known(meeting_event_labels, action, en);
  return t ? t : action;
}

/* ---- who, and the row -------------------------------------------------------------------------
 */

static bool may(struct flow_step *s, bool report) {
  bool ok = meeting_is_manager(s->ctx, s->row);
  if (!ok && report)
    entity_forbidden(s->ctx, "只有会务工作人员可以执行此操作",
                     "Only the meeting's staff may do this");
  return ok;
}

static bool load(struct entity_ctx *ctx, int64_t id, void *row) {
  return meeting_load(ctx, id, row);
}
static int state_of(const void *row) { return ((const struct meeting_row *)row)->state; }
static int64_t committee_of(const void *row) {
  return ((const struct meeting_row *)row)->committee_id;
}
static json_t *image(struct entity_ctx *ctx, int64_t id) {
  return entity_get(ctx, &meeting_entity, id);
}

/* ---- the effects ------------------------------------------------------------------------------
 */

static bool no_input(struct flow_step *s) {
  static const char *const names[] = {"note", NULL};
  const char *note;
  if (!input_only(s->ctx, s->in, names) ||
      !(note = input_text(s->ctx, s->in, "note", false, 500, "说明")))
    return false;
  s->note = note;
  return true;
}

bool meeting_send_notice(struct entity_ctx *ctx, const struct meeting_row *m,
                         int64_t after_invitee) {
  /* every account of an invitee (a member's accounts, an account invited by name), read whole
  ** before posting: notify_accounts stops at 256 and a plenary invites about 500 */
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT DISTINCT u.id, u.role = 'member' FROM meeting_invitees i"
                                " JOIN users u ON (u.id = i.user_id OR (i.member_id IS NOT NULL"
                                " AND u.member_id = i.member_id)) WHERE i.meeting_id = ?"
                                " AND i.id > ? AND u.disabled = 0 AND u.id <> ? ORDER BY u.id",
                                "iiI", m->id, after_invitee, ctx->user ? ctx->user->id : 0);
  int64_t *ids = NULL;
  bool *mem = NULL;
  size_t n = 0, cap = 0;
  while (db_step(st) == DB_ROW) {
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      int64_t *ni = arena_alloc(ctx->arena, cap * sizeof *ni);
      bool *nm = arena_alloc(ctx->arena, cap * sizeof *nm);
      if (n) memcpy(ni, ids, n * sizeof *ni), memcpy(nm, mem, n * sizeof *nm);
      ids = ni, mem = nm;
    }
    ids[n] = db_col_int(st, 0);
    mem[n++] = db_col_int(st, 1) != 0;
  }
  db_done(st);
  char when[20];
  time_cst_minute(m->starts_at, when);
  const char *body =
      arena_printf(ctx->arena, "《%s》将于 %s 召开，请确认是否参加。", m->title, when);
  for (size_t k = 0; k < n; k++)
    if (!notify_post(
            ctx->db, ids[k], "meeting_notice", "会议通知", body,
            arena_printf(ctx->arena, "%s/meetings/%lld", mem[k] ? "/m" : "", (long long)m->id)))
      return false;
  return true;
}

/* The notice: at least one invitee; every invitee's accounts are told (not the caller). */
static bool do_notify(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  const struct meeting_row *m = s->row;
  if (!no_input(s)) return false;
  if (db_int(ctx->db, 0, "SELECT COUNT(*) FROM meeting_invitees WHERE meeting_id = ?", "i",
             s->id) == 0) {
    entity_fail(ctx, ERR_INVALID_FIELD, "invitees", "请先添加参会人员再发通知",
                "Add the invitees before sending the notice");
    return false;
  }
  if (db_exec(ctx->db, "UPDATE meetings SET notified_at = ? WHERE id = ?", "ii", s->now, s->id) !=
      DB_DONE)
    return false;
  return meeting_send_notice(ctx, m, 0);
}

static bool do_open(struct flow_step *s) {
  return no_input(s) && db_exec(s->ctx->db, "UPDATE meetings SET opened_at = ? WHERE id = ?", "ii",
                                s->now, s->id) == DB_DONE;
}

/* Closing: no vote left open; the documents marked so are withdrawn. */
static bool do_close(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  if (!no_input(s)) return false;
  if (db_int(ctx->db, 0,
             "SELECT COUNT(*) FROM meeting_votes WHERE meeting_id = ? AND status = 'open'", "i",
             s->id) > 0) {
    entity_fail(ctx, ERR_CONFLICT, NULL, "还有正在进行的表决，请先结束表决",
                "A vote is still open: close it first");
    return false;
  }
  return db_exec(ctx->db, "UPDATE meetings SET closed_at = ? WHERE id = ?", "ii", s->now, s->id) ==
             DB_DONE &&
         db_exec(ctx->db,
                 "UPDATE meeting_documents SET withdrawn_at = ?, updated_at = ?"
                 " WHERE meeting_id = ? AND withdraw_after_close = 1 AND withdrawn_at IS NULL",
                 "iii", s->now, s->now, s->id) == DB_DONE;
}

static const struct flow_action actions[] = {
    [MA_NOTIFY] = {"notify", FLOW_IN(MS_DRAFT), MS_NOTIFIED, NULL, NULL, do_notify, "发出通知",
                   "Send the notice", "只有筹备中的会议可以发出通知",
                   "Only a meeting being prepared is notified",
                   "通知将发给全体参会人员。确定发出会议通知吗？",
                   "The notice goes to every invitee. Send it?"},
    [MA_OPEN] = {"open", FLOW_IN(MS_NOTIFIED), MS_IN_SESSION, NULL, NULL, do_open, "开会",
                 "Open the meeting", "只有已通知的会议可以开会",
                 "Only a notified meeting is opened"},
    [MA_CLOSE] = {"close", FLOW_IN(MS_IN_SESSION), MS_CLOSED, NULL, NULL, do_close, "闭会",
                  "Close the meeting", "只有进行中的会议可以闭会",
                  "Only a meeting in session is closed",
                  "闭会后签到和表决结束，出席情况计入履职积分。确定闭会吗？",
                  "Closing ends sign-in and votes and counts attendance. Close the meeting?"},
    [MA_ARCHIVE] = {"archive", FLOW_IN(MS_CLOSED), MS_ARCHIVED, NULL, NULL, no_input, "归档",
                    "Archive", "只有已闭会的会议可以归档", "Only a closed meeting is archived",
                    "归档后会议不能再修改。确定归档吗？",
                    "An archived meeting is not changed. Archive it?"},
    {NULL},
};

const struct flow meeting_flow = {
    .name = "meeting",
    .table = "meetings",
    .states = meeting_states,
    .actions = actions,
    .events = "meeting_events",
    .events_key = "meeting_id",
    .row_size = sizeof(struct meeting_row),
    .load = load,
    .state = state_of,
    .committee = committee_of,
    .image = image,
    .may = may,
    .after = meeting_points_after, /* a closed meeting's points (meeting_points.c) */
    .attempts = 1,
    .who_first = true,
    .wrong_zh = "当前状态下不能执行此操作",
    .wrong_en = "Not allowed in the current state",
};
