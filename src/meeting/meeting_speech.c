/* src/meeting/meeting_speech.c: speeches at a meeting (大会发言). A member invited as a member
** registers an oral speech (title and summary) or hands in a written one (书面发言, with its
** file) while the meeting is notified or in session; it withdraws an oral one before the staff
** decide, a written one before the meeting closes. Staff select oral speeches or not, order the
** selected ones (seq), and during the session start and stop each one's speaking time (one
** speaker at a time: the big screen shows the speech selected, started and not ended); stopped,
** it is delivered. A written speech is delivered when handed in. Every write takes the
** meeting's lock and re-reads the speech under it. The statistic: the speeches delivered at a
** committee's meetings in a year by the speakers' sector, counted and as a share of all. */
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "entity/entity_http.h"
#include "entity/input.h"
#include "file/file.h"
#include "http/request.h"
#include "http/router.h"
#include "meeting.h"

bool meeting_route_visible(struct request *rq, int64_t id);

const struct label meeting_speech_kinds[] = {
    {"oral", "口头发言", "Oral speech"},
    {"written", "书面发言", "Written speech"},
    {NULL},
};

const struct label meeting_speech_states[] = {
    {"registered", "已报名", "Registered"},     {"selected", "已选定", "Selected"},
    {"not_selected", "未选定", "Not selected"}, {"delivered", "已发言", "Delivered"},
    {"withdrawn", "已撤回", "Withdrawn"},       {NULL},
};

#define MAX_SPEECHES 2000

/* The columns of a speech the rules need. */
struct speech {
  int64_t id, member_id, seq, started_at, ended_at;
  const char *kind, *status, *title;
};

static bool speech_load(struct entity_ctx *ctx, int64_t id, int64_t speech_id, struct speech *s) {
  memset(s, 0, sizeof *s);
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT id, member_id, COALESCE(seq, 0), COALESCE(started_at, 0),"
                                " COALESCE(ended_at, 0), kind, status, title FROM meeting_speeches"
                                " WHERE id = ? AND meeting_id = ?",
                                "ii", speech_id, id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    s->id = db_col_int(st, 0);
    s->member_id = db_col_int(st, 1);
    s->seq = db_col_int(st, 2);
    s->started_at = db_col_int(st, 3);
    s->ended_at = db_col_int(st, 4);
    s->kind = arena_strdup(ctx->arena, db_col_text(st, 5));
    s->status = arena_strdup(ctx->arena, db_col_text(st, 6));
    s->title = arena_strdup(ctx->arena, db_col_text(st, 7));
  }
  db_done(st);
  if (!found) entity_not_found(ctx, "该会议没有这个发言", "No such speech at the meeting");
  return found;
}

#define SPEECH_COLS                                                                                \
  "SELECT sp.id, sp.member_id, mb.name, COALESCE(sc.name, ''), sp.kind, sp.title, sp.summary,"     \
  " sp.status, sp.seq, sp.minutes, sp.started_at, sp.ended_at, sp.created_at, sp.updated_at,"      \
  " f.id, f.filename, f.size, f.content_type FROM meeting_speeches sp"                             \
  " JOIN members mb ON mb.id = sp.member_id LEFT JOIN sectors sc ON sc.id = mb.sector_id"          \
  " LEFT JOIN files f ON f.id = sp.file_id"

static json_t *speech_row_json(struct entity_ctx *ctx, struct db_stmt *st) {
  const char *kind = db_col_text(st, 4), *status = db_col_text(st, 7);
  json_t *o =
      json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id",
                (json_int_t)db_col_int(st, 0), "member_id", (json_int_t)db_col_int(st, 1),
                "member_name", db_col_text(st, 2), "sector_name", db_col_text(st, 3), "kind", kind,
                "kind_label", label_text(meeting_speech_kinds, kind, ctx->en), "title",
                db_col_text(st, 5), "summary", db_col_text(st, 6), "status", status, "status_label",
                label_text(meeting_speech_states, status, ctx->en), "file_url", "");
  json_object_set_new(o, "seq", db_col_null(st, 8) ? json_null() : json_integer(db_col_int(st, 8)));
  json_object_set_new(o, "minutes",
                      db_col_null(st, 9) ? json_null() : json_integer(db_col_int(st, 9)));
  entity_time_json(o, "started_at", st, 10);
  entity_time_json(o, "ended_at", st, 11);
  entity_time_json(o, "created_at", st, 12);
  entity_time_json(o, "updated_at", st, 13);
  json_object_set_new(
      o, "speaking",
      json_boolean(!strcmp(status, "selected") && !db_col_null(st, 10) && db_col_null(st, 11)));
  json_object_del(o, "file_url");
  if (db_col_null(st, 14))
    json_object_set_new(o, "file", json_null());
  else
    json_object_set_new(
        o, "file",
        json_pack("{s:I,s:s,s:I,s:s,s:s}", "id", (json_int_t)db_col_int(st, 14), "filename",
                  db_col_text(st, 15), "size", (json_int_t)db_col_int(st, 16), "content_type",
                  db_col_text(st, 17), "url",
                  arena_printf(ctx->arena, "/api/v1/files/%lld", (long long)db_col_int(st, 14))));
  return o;
}

static json_t *speech_json(struct entity_ctx *ctx, int64_t speech_id) {
  struct db_stmt *st = db_query(ctx->db, SPEECH_COLS " WHERE sp.id = ?", "i", speech_id);
  json_t *o = db_step(st) == DB_ROW ? speech_row_json(ctx, st) : NULL;
  db_done(st);
  return o;
}

/* Whether the caller sees every speech of meeting m (its managers, readers of statistics). */
static bool sees_all(struct entity_ctx *ctx, const struct meeting_row *m) {
  return meeting_is_manager(ctx, m) ||
         (ctx->user && access_role_has(ctx->user->role, PERM_STATS_READ));
}

/* The speeches of meeting id: all for its staff and readers (selected ones first in their
** order, then by registration), the caller's own for a member; filtered by status and kind. */
static json_t *speech_list(struct entity_ctx *ctx, int64_t id, const char *status,
                           const char *kind) {
  if (status && *status && label_index(meeting_speech_states, status) < 0) {
    entity_fail(ctx, ERR_INVALID_FIELD, "status",
                "状态应为 registered、selected、not_selected、delivered 或 withdrawn",
                "status is registered, selected, not_selected, delivered or withdrawn");
    return NULL;
  }
  if (kind && *kind && label_index(meeting_speech_kinds, kind) < 0) {
    entity_fail(ctx, ERR_INVALID_FIELD, "kind", "类别应为 oral 或 written",
                "kind is oral or written");
    return NULL;
  }
  struct meeting_row m;
  if (!meeting_load(ctx, id, &m)) return NULL;
  int64_t only =
      sees_all(ctx, &m) ? 0 : (ctx->user && ctx->user->member_id ? ctx->user->member_id : -1);
  struct db_stmt *st = db_query(
      ctx->db,
      SPEECH_COLS " WHERE sp.meeting_id = ? AND (? = 0 OR sp.member_id = ?) AND (? = '' OR"
                  " sp.status = ?) AND (? = '' OR sp.kind = ?) ORDER BY CASE WHEN sp.seq IS NULL"
                  " THEN 1 ELSE 0 END, sp.seq, sp.id LIMIT ?",
      "iiitttti", id, only, only, status ? status : "", status ? status : "", kind ? kind : "",
      kind ? kind : "", (int64_t)MAX_SPEECHES);
  json_t *items = json_array();
  while (db_step(st) == DB_ROW) json_array_append_new(items, speech_row_json(ctx, st));
  db_done(st);
  return json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items));
}

/* The transaction of a write on meeting id: its lock and the meeting loaded into m. */
static bool begin(struct entity_ctx *ctx, int64_t id, struct meeting_row *m) {
  return db_begin(ctx->db) == DB_DONE && meeting_lock(ctx, id, m);
}

static bool require_manager(struct entity_ctx *ctx, const struct meeting_row *m) {
  if (meeting_is_manager(ctx, m)) return true;
  entity_forbidden(ctx, "只有会务工作人员可以安排发言",
                   "Only the meeting's staff arrange speeches");
  return false;
}

static bool record(struct entity_ctx *ctx, const struct meeting_row *m, const char *action,
                   const char *note, int64_t speech_id, json_t *before) {
  json_t *after = speech_json(ctx, speech_id);
  bool ok = meeting_event(ctx, m->id, "speech", note, NULL) &&
            audit_record(ctx->db, ctx->user, ctx->ip, action, "meeting", m->id, m->committee_id,
                         before, after);
  json_decref(after);
  return ok;
}

/* POST body {kind, title, summary?, file_id? (a written speech's, required)} by the member;
** the new speech's id, 0 with ctx->err. */
static int64_t speech_register(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"kind", "title", "summary", "file_id", NULL};
  const char *kind, *title, *summary;
  int64_t file_id = 0;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(kind = input_enum(ctx, in, "kind", meeting_speech_kinds, true, "发言类别")) ||
      !(title = input_text(ctx, in, "title", true, 200, "发言题目")) ||
      !(summary = input_text(ctx, in, "summary", false, 5000, "发言摘要")))
    return 0;
  bool written = !strcmp(kind, "written");
  json_t *fv = json_object_get(in, "file_id");
  if (written || (fv && !json_is_null(fv))) {
    if (!written) {
      entity_fail(ctx, ERR_INVALID_FIELD, "file_id", "口头发言不附文件，书面发言请选 written",
                  "An oral speech takes no file; a written one is kind written");
      return 0;
    }
    if (!input_int(ctx, in, "file_id", 1, INT64_MAX, &file_id, "书面发言文件")) return 0;
  }
  struct meeting_row m;
  const char *role = NULL;
  int64_t now = time_now(), sid = 0;
  bool ok = begin(ctx, id, &m);
  int64_t member = ctx->user ? ctx->user->member_id : 0;
  if (ok && (!member || !meeting_invitee_of(ctx, id, &role) || !role || strcmp(role, "member"))) {
    entity_forbidden(ctx, "只有受邀参会的委员可以报名发言",
                     "Only members invited as members register speeches");
    ok = false;
  }
  if (ok && m.state != MS_NOTIFIED && m.state != MS_IN_SESSION) {
    meeting_wrong_state(ctx, &m, "会议不在通知或进行中，不能报名发言",
                        "Speeches are registered while the meeting is notified or in session");
    ok = false;
  }
  if (ok && db_int(ctx->db, 0,
                   "SELECT COUNT(*) FROM meeting_speeches WHERE meeting_id = ? AND member_id = ?"
                   " AND kind = ? AND status <> 'withdrawn'",
                   "iit", id, member, kind)) {
    entity_fail(ctx, ERR_CONFLICT, "kind", written ? "您已提交书面发言" : "您已报名口头发言",
                written ? "You handed in a written speech already"
                        : "You registered an oral speech already");
    ok = false;
  }
  if (ok && written) ok = file_attachable(ctx, file_id, m.path, "file_id");
  if (ok) {
    struct db_stmt *st =
        db_query(ctx->db,
                 "INSERT INTO meeting_speeches (meeting_id, member_id, kind, title,"
                 " summary, file_id, status, created_at, updated_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 "iitttItii", id, member, kind, title, summary, file_id,
                 written ? "delivered" : "registered", now, now);
    if (db_step(st) == DB_ROW) sid = db_col_int(st, 0);
    db_done(st);
    ok = sid > 0 && record(ctx, &m, "meeting.speech_register",
                           arena_printf(ctx->arena, "%s：%s",
                                        label_text(meeting_speech_kinds, kind, false), title),
                           sid, NULL);
  }
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR) ? sid : 0;
}

enum speech_step { SS_SELECT, SS_NOT_SELECT, SS_START, SS_STOP, SS_WITHDRAW };

/* A step on speech sid of meeting id (body for select: {minutes?}), under the meeting's lock
** with the speech re-read under it. False with ctx->err. */
static bool speech_step(struct entity_ctx *ctx, int64_t id, int64_t sid, enum speech_step step,
                        json_t *in) {
  int64_t minutes = 0;
  if (in) {
    static const char *const sel[] = {"minutes", NULL}, *const none[] = {NULL};
    if (!input_object(ctx, in) || !input_only(ctx, in, step == SS_SELECT ? sel : none))
      return false;
    json_t *mv = json_object_get(in, "minutes");
    if (mv && !json_is_null(mv) && !input_int(ctx, in, "minutes", 1, 120, &minutes, "发言时长"))
      return false;
  }
  struct meeting_row m;
  struct speech s;
  int64_t now = time_now();
  bool ok = begin(ctx, id, &m) && speech_load(ctx, id, sid, &s);
  if (ok && step != SS_WITHDRAW) ok = require_manager(ctx, &m);
  if (ok && step == SS_WITHDRAW && (!ctx->user || ctx->user->member_id != s.member_id)) {
    entity_forbidden(ctx, "只能撤回自己的发言", "Only your own speech is withdrawn");
    ok = false;
  }
  json_t *before = ok ? speech_json(ctx, sid) : NULL;
  bool oral = ok && !strcmp(s.kind, "oral");
  const char *st = s.status;
  if (ok && m.state >= MS_CLOSED) {
    meeting_wrong_state(ctx, &m, "会议已闭会，发言不能再改变",
                        "A closed meeting's speeches are fixed");
    ok = false;
  }
  if (ok) switch (step) {
    case SS_SELECT:
      if (!oral || (strcmp(st, "registered") && strcmp(st, "not_selected"))) {
        entity_fail(ctx, ERR_WRONG_STATE, NULL, "只有已报名或未选定的口头发言可以选定",
                    "Only a registered or unselected oral speech is selected");
        ok = false;
        break;
      }
      ok = db_exec(ctx->db,
                   "UPDATE meeting_speeches SET status = 'selected', minutes = ?, updated_at = ?,"
                   " seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM meeting_speeches"
                   " WHERE meeting_id = ? AND seq IS NOT NULL) WHERE id = ?",
                   "Iiii", minutes, now, id, sid) == DB_DONE;
      break;
    case SS_NOT_SELECT:
      if (!oral || (strcmp(st, "registered") && strcmp(st, "selected")) || s.started_at) {
        entity_fail(ctx, ERR_WRONG_STATE, NULL, "只有已报名或已选定、尚未开始的口头发言可以不选",
                    "Only a registered or selected oral speech not yet started is set aside");
        ok = false;
        break;
      }
      ok = db_exec(ctx->db,
                   "UPDATE meeting_speeches SET status = 'not_selected', seq = NULL,"
                   " updated_at = ? WHERE id = ?",
                   "ii", now, sid) == DB_DONE;
      break;
    case SS_START:
      if (m.state != MS_IN_SESSION) {
        meeting_wrong_state(ctx, &m, "会议进行中才能开始发言",
                            "Speaking starts while the meeting is in session");
        ok = false;
        break;
      }
      if (!oral || strcmp(st, "selected") || s.started_at) {
        entity_fail(ctx, ERR_WRONG_STATE, NULL, "只有已选定、尚未开始的发言可以开始",
                    "Only a selected speech not yet started is started");
        ok = false;
        break;
      }
      if (db_int(ctx->db, 0,
                 "SELECT COUNT(*) FROM meeting_speeches WHERE meeting_id = ? AND status ="
                 " 'selected' AND started_at IS NOT NULL AND ended_at IS NULL",
                 "i", id)) {
        entity_fail(ctx, ERR_CONFLICT, NULL, "另一位委员正在发言，请先结束",
                    "Another member is speaking: stop that speech first");
        ok = false;
        break;
      }
      ok = db_exec(ctx->db,
                   "UPDATE meeting_speeches SET started_at = ?, updated_at = ? WHERE id = ?", "iii",
                   now, now, sid) == DB_DONE;
      break;
    case SS_STOP:
      if (!oral || strcmp(st, "selected") || !s.started_at || s.ended_at) {
        entity_fail(ctx, ERR_WRONG_STATE, NULL, "只有正在进行的发言可以结束",
                    "Only a speech under way is stopped");
        ok = false;
        break;
      }
      ok = db_exec(ctx->db,
                   "UPDATE meeting_speeches SET ended_at = ?, status = 'delivered', updated_at = ?"
                   " WHERE id = ?",
                   "iii", now, now, sid) == DB_DONE;
      break;
    case SS_WITHDRAW:
      if (oral ? strcmp(st, "registered") != 0 : strcmp(st, "delivered") != 0) {
        entity_fail(ctx, ERR_WRONG_STATE, NULL, "口头发言在选定前、书面发言在闭会前可以撤回",
                    "An oral speech is withdrawn before the staff decide, a written one before "
                    "the meeting closes");
        ok = false;
        break;
      }
      ok = db_exec(ctx->db,
                   "UPDATE meeting_speeches SET status = 'withdrawn', seq = NULL, updated_at = ?"
                   " WHERE id = ?",
                   "ii", now, sid) == DB_DONE;
      break;
    }
  static const char *const actions[] = {"meeting.speech_select", "meeting.speech_not_select",
                                        "meeting.speech_start", "meeting.speech_stop",
                                        "meeting.speech_withdraw"};
  static const char *const notes[] = {"选定发言", "不选发言", "开始发言", "结束发言", "撤回发言"};
  ok = ok && record(ctx, &m, actions[step],
                    arena_printf(ctx->arena, "%s：%s", notes[step], s.title), sid, before);
  json_decref(before);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

/* POST body {speech_ids: every selected speech, in the new order}: the list. */
static json_t *speech_order(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"speech_ids", NULL};
  int64_t *ids = arena_alloc(ctx->arena, MAX_SPEECHES * sizeof(int64_t));
  int n = 0;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !input_ids(ctx, in, "speech_ids", 1, MAX_SPEECHES, ids, &n, "发言"))
    return NULL;
  struct meeting_row m;
  bool ok = begin(ctx, id, &m) && require_manager(ctx, &m);
  if (ok && m.state >= MS_CLOSED) {
    meeting_wrong_state(ctx, &m, "会议已闭会，发言不能再改变",
                        "A closed meeting's speeches are fixed");
    ok = false;
  }
  if (ok && db_int(ctx->db, 0,
                   "SELECT COUNT(*) FROM meeting_speeches WHERE meeting_id = ? AND status ="
                   " 'selected'",
                   "i", id) != n) {
    entity_fail(ctx, ERR_INVALID_FIELD, "speech_ids", "请按新的顺序列出全部已选定的发言",
                "List every selected speech in the new order");
    ok = false;
  }
  for (int k = 0; ok && k < n; k++) {
    ok = db_exec(ctx->db,
                 "UPDATE meeting_speeches SET seq = ? WHERE id = ? AND meeting_id = ?"
                 " AND status = 'selected'",
                 "iii", (int64_t)(k + 1), ids[k], id) == DB_DONE;
    if (ok && db_changes(ctx->db) != 1) {
      entity_fail(ctx, ERR_INVALID_FIELD, "speech_ids",
                  arena_printf(ctx->arena, "发言 %lld 不是本会议已选定的发言", (long long)ids[k]),
                  arena_printf(ctx->arena, "Speech %lld is not a selected speech of the meeting",
                               (long long)ids[k]));
      ok = false;
    }
  }
  json_t *order = json_array();
  for (int k = 0; k < n; k++) json_array_append_new(order, json_integer(ids[k]));
  json_t *after = json_pack("{s:o}", "speech_ids", order);
  ok = ok && meeting_event(ctx, id, "speech", "调整发言顺序", NULL) &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.speech_order", "meeting", id,
                    m.committee_id, NULL, after);
  json_decref(after);
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return NULL;
  return speech_list(ctx, id, "selected", NULL);
}

/* The speeches delivered at the meetings of committee_id held in year (CST) by the speakers'
** sector: {"committee_id", "year", "total", "items": [{sector_id, sector_name, oral, written,
** count, share (percent, one decimal)}]}, most first. */
static json_t *speech_stats(struct entity_ctx *ctx, int64_t committee_id, int year) {
  if (!entity_subtree(ctx, &committee_id)) return NULL;
  int64_t from = days_from_civil(year, 1, 1) * 86400 - CST_OFFSET,
          to = days_from_civil(year + 1, 1, 1) * 86400 - CST_OFFSET;
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT COALESCE(sc.id, 0), COALESCE(sc.name, ''),"
      " SUM(CASE WHEN sp.kind = 'oral' THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN sp.kind = 'written' THEN 1 ELSE 0 END), COUNT(*)"
      " FROM meeting_speeches sp JOIN meetings mt ON mt.id = sp.meeting_id"
      " JOIN members mb ON mb.id = sp.member_id LEFT JOIN sectors sc ON sc.id = mb.sector_id"
      " WHERE mt.committee_id = ? AND mt.starts_at >= ? AND mt.starts_at < ?"
      " AND sp.status = 'delivered' GROUP BY sc.id, sc.name ORDER BY 5 DESC, 1",
      "iii", committee_id, from, to);
  json_t *items = json_array();
  int64_t total = 0;
  while (db_step(st) == DB_ROW) {
    const char *name = db_col_text(st, 1);
    json_t *o = json_pack("{s:I,s:s,s:I,s:I,s:I}", "sector_id", (json_int_t)db_col_int(st, 0),
                          "sector_name", *name ? name : (ctx->en ? "No sector" : "未填界别"),
                          "oral", (json_int_t)db_col_int(st, 2), "written",
                          (json_int_t)db_col_int(st, 3), "count", (json_int_t)db_col_int(st, 4));
    total += db_col_int(st, 4);
    json_array_append_new(items, o);
  }
  db_done(st);
  size_t k;
  json_t *o;
  json_array_foreach(items, k, o) {
    int64_t n = json_integer_value(json_object_get(o, "count"));
    /* percent to one decimal, rounded half up in integer tenths */
    int64_t tenths = total ? (n * 1000 + total / 2) / total : 0;
    json_object_set_new(o, "share", json_real((double)tenths / 10.0));
  }
  return json_pack("{s:I,s:i,s:I,s:o}", "committee_id", (json_int_t)committee_id, "year", year,
                   "total", (json_int_t)total, "items", items);
}

/* A written speech's file is read by its author and the meeting's managers. */
static bool speech_file_visible(struct entity_ctx *ctx, int64_t sid) {
  struct entity_error keep = ctx->err;
  int64_t mid =
              db_int(ctx->db, 0, "SELECT meeting_id FROM meeting_speeches WHERE id = ?", "i", sid),
          member =
              db_int(ctx->db, 0, "SELECT member_id FROM meeting_speeches WHERE id = ?", "i", sid);
  struct meeting_row m;
  bool ok = mid && ((ctx->user && ctx->user->member_id && ctx->user->member_id == member) ||
                    (meeting_load(ctx, mid, &m) && sees_all(ctx, &m) && meeting_visible(ctx, mid)));
  ctx->err = keep;
  return ok;
}

const struct file_holder meeting_speech_file_holders[] = {
    {"meeting_speech", "SELECT id FROM meeting_speeches WHERE file_id = ?", PERM_MEETING_READ,
     speech_file_visible},
    {NULL},
};

const struct label_table meeting_speech_labels[] = {
    {"meeting.speech_kind", meeting_speech_kinds},
    {"meeting.speech_state", meeting_speech_states},
    {NULL},
};

/* ---- HTTP ------------------------------------------------------------------------------------ */

/* GET /api/v1/meetings/{id}/speeches?status=&kind=: {"items", "total"} (a member: its own). */
static void list_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx,
               speech_list(ctx, request_id(rq, "id"), request_query(rq, "status"),
                           request_query(rq, "kind")));
}

/* POST /api/v1/meetings/{id}/speeches {kind, title, summary?, file_id?}: 201 the speech. */
static void register_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t sid = speech_register(ctx, request_id(rq, "id"), rq->json);
  if (!sid) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, speech_json(ctx, sid));
}

/* POST /api/v1/meetings/{id}/speeches/{speech_id}/<step>: the speech. */
static void step_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t sid = request_id(rq, "speech_id");
  if (!speech_step(ctx, request_id(rq, "id"), sid, (enum speech_step)(intptr_t)rq->route->data,
                   rq->json))
    return reply_entity_error(rq, ctx);
  reply_result(rq, ctx, speech_json(ctx, sid));
}

/* POST /api/v1/meetings/{id}/speeches/order {speech_ids}: the selected speeches in order. */
static void order_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, speech_order(ctx, request_id(rq, "id"), rq->json));
}

/* GET /api/v1/meetings/speech-stats?committee_id=&year=: speeches by sector, count and share. */
static void stats_h(struct request *rq) {
  int64_t cid, year;
  if (!request_query_int(rq, "committee_id", 0, INT64_MAX, 0, &cid) ||
      !request_query_int(rq, "year", 2000, 2099, 0, &year))
    return;
  if (!year) {
    int q, y;
    time_cst_quarter(time_now(), &y, &q);
    year = y;
  }
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, speech_stats(ctx, cid, (int)year));
}

#define P "/api/v1/meetings/{id}/speeches"
#define STEP(name, step, perm, zh)                                                                 \
  {                                                                                                \
    "POST", P "/{speech_id}/" name, step_h, perm, ROUTE_JSON, meeting_route_visible, zh,           \
        (const void *)(intptr_t)(step)                                                             \
  }
const struct route meeting_speech_routes[] = {
    {"GET", "/api/v1/meetings/speech-stats", stats_h, PERM_STATS_READ, 0, NULL,
     "大会发言按界别统计（数量与占比）"},
    {"GET", P, list_h, PERM_MEETING_READ, 0, meeting_route_visible, "大会发言（委员：本人的）"},
    {"POST", P, register_h, PERM_MEETING_ATTEND, ROUTE_JSON, meeting_route_visible,
     "报名口头发言或提交书面发言"},
    {"POST", P "/order", order_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible,
     "调整发言顺序"},
    STEP("select", SS_SELECT, PERM_MEETING_MANAGE, "选定发言"),
    STEP("not-select", SS_NOT_SELECT, PERM_MEETING_MANAGE, "不选发言"),
    STEP("start", SS_START, PERM_MEETING_MANAGE, "开始发言计时"),
    STEP("stop", SS_STOP, PERM_MEETING_MANAGE, "结束发言计时"),
    STEP("withdraw", SS_WITHDRAW, PERM_MEETING_ATTEND, "撤回发言"),
    {NULL},
};
