/* src/meeting/meeting_attendance.c: attendance of a meeting over its sittings (the two-thirds
** rule), the live figures (present, excused, absent, quorum) and the live snapshot that the
** meeting's streams and the big screen show (attendance, the current speaker, the open vote's
** count, the last vote's result). See meeting_attendance.h. */
#include "meeting/meeting_attendance.h"
#include <string.h>
#include "auth/secret.h"
#include "base/arena.h"
#include "base/mem.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "entity/entity.h"
#include "meeting/meeting.h"

const struct label meeting_attendances[] = {
    {"present", "出席", "Present"},
    {"excused", "请假", "Excused"},
    {"absent", "缺席", "Absent"},
    {NULL},
};

const struct label meeting_signin_ways[] = {
    {"scan", "扫码签到", "Scanned the code"},
    {"staff", "工作人员代签", "Signed in by staff"},
    {NULL},
};

static const char *attendance_name(enum meeting_attendance a) {
  return a == MEETING_PRESENT ? "present" : a == MEETING_EXCUSED ? "excused" : "absent";
}

int64_t meeting_attended_seconds(int64_t start, int64_t end, int64_t in, int64_t out) {
  int64_t a = in > start ? in : start;
  int64_t b = out > 0 && out < end ? out : end;
  return b > a ? b - a : 0;
}

void meeting_code_key(const unsigned char *secret, unsigned char key[32]) {
  static const unsigned char none[SECRET_KEY_BYTES];
  secret_subkey(secret ? secret : none, 1, "lvzhimtg", key);
}

int64_t meeting_current_sitting(struct db *db, int64_t meeting_id, int64_t now) {
  int64_t id = db_int(db, 0,
                      "SELECT id FROM meeting_sittings WHERE meeting_id = ? AND starts_at - ? <= ?"
                      " AND ends_at >= ? ORDER BY starts_at DESC, id DESC LIMIT 1",
                      "iiii", meeting_id, (int64_t)MEETING_SIGNIN_EARLY, now, now);
  if (!id)
    id = db_int(db, 0,
                "SELECT id FROM meeting_sittings WHERE meeting_id = ? AND starts_at <= ?"
                " ORDER BY starts_at DESC, id DESC LIMIT 1",
                "ii", meeting_id, now);
  return id;
}

bool meeting_live_figures(struct db *db, int64_t meeting_id, int64_t now,
                          struct meeting_figures *f) {
  memset(f, 0, sizeof *f);
  f->sitting_id = meeting_current_sitting(db, meeting_id, now);
  struct db_stmt *st =
      db_query(db,
               "SELECT COUNT(*),"
               " SUM(CASE WHEN EXISTS (SELECT 1 FROM meeting_signins g WHERE g.sitting_id = ?"
               " AND g.member_id = i.member_id AND (g.signed_out_at IS NULL OR"
               " g.signed_out_at > ?)) THEN 1 ELSE 0 END),"
               " SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM meeting_signins g WHERE g.sitting_id = ?"
               " AND g.member_id = i.member_id AND (g.signed_out_at IS NULL OR"
               " g.signed_out_at > ?)) AND EXISTS (SELECT 1 FROM meeting_leaves l WHERE"
               " l.meeting_id = i.meeting_id AND l.member_id = i.member_id AND"
               " l.status = 'approved') THEN 1 ELSE 0 END)"
               " FROM meeting_invitees i WHERE i.meeting_id = ? AND i.role = 'member'"
               " AND i.member_id IS NOT NULL",
               "iiiii", f->sitting_id, now, f->sitting_id, now, meeting_id);
  int rc = db_step(st);
  if (rc == DB_ROW) {
    f->members = (int)db_col_int(st, 0);
    f->present = (int)db_col_int(st, 1);
    f->excused = (int)db_col_int(st, 2);
  }
  db_done(st);
  f->absent = f->members - f->present - f->excused;
  f->quorum = meeting_quorum(f->members, f->present);
  return rc == DB_ROW;
}

json_t *meeting_figures_json(const struct meeting_figures *f) {
  json_t *o = json_pack("{s:i,s:i,s:i,s:i,s:b}", "members", f->members, "present", f->present,
                        "excused", f->excused, "absent", f->absent, "quorum", f->quorum);
  json_object_set_new(o, "sitting_id", f->sitting_id ? json_integer(f->sitting_id) : json_null());
  return o;
}

/* ---- attendance by the rule ------------------------------------------------------------------ */

struct sitting_span {
  int64_t id, start, end;
};

/* The sittings of meeting id held by cap (started at or before it), into *out (malloc'd). */
static int load_sittings(struct db *db, int64_t id, int64_t cap, struct sitting_span **out,
                         int64_t *held) {
  struct db_stmt *st = db_query(db,
                                "SELECT id, starts_at, ends_at FROM meeting_sittings WHERE"
                                " meeting_id = ? AND starts_at <= ? ORDER BY starts_at, id",
                                "ii", id, cap);
  struct sitting_span *v = NULL;
  int n = 0, cap_n = 0, rc;
  *held = 0;
  while ((rc = db_step(st)) == DB_ROW) {
    if (n == cap_n) v = mem_realloc(v, (size_t)(cap_n = cap_n ? 2 * cap_n : 8) * sizeof *v);
    v[n] = (struct sitting_span){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2)};
    *held += v[n].end - v[n].start;
    n++;
  }
  db_done(st);
  *out = v;
  return rc == DB_DONE ? n : -1;
}

bool meeting_attendance_each(struct db *db, int64_t meeting_id, int64_t now, const char *path,
                             const char *path_hi, meeting_attendance_fn fn, void *arg) {
  int64_t closed =
      db_int(db, 0, "SELECT COALESCE(closed_at, 0) FROM meetings WHERE id = ?", "i", meeting_id);
  struct sitting_span *sit;
  int64_t held;
  int ns = load_sittings(db, meeting_id, closed ? closed : now, &sit, &held);
  if (ns < 0) {
    free(sit);
    return false;
  }
  /* every member invitee with its sign-ins (one row per sign-in, or one without) in order */
  struct db_stmt *st =
      path ? db_query(db,
                      "SELECT i.member_id, g.sitting_id, g.signed_in_at, g.signed_out_at,"
                      " CASE WHEN EXISTS (SELECT 1 FROM meeting_leaves l WHERE"
                      " l.meeting_id = i.meeting_id AND l.member_id = i.member_id"
                      " AND l.status = 'approved') THEN 1 ELSE 0 END"
                      " FROM meeting_invitees i JOIN members m ON m.id = i.member_id"
                      " JOIN committees c ON c.id = m.committee_id"
                      " LEFT JOIN meeting_signins g ON g.member_id = i.member_id AND g.sitting_id"
                      " IN (SELECT s.id FROM meeting_sittings s WHERE s.meeting_id = i.meeting_id)"
                      " WHERE i.meeting_id = ? AND i.role = 'member' AND c.path >= ?"
                      " AND c.path < ? ORDER BY i.member_id",
                      "itt", meeting_id, path, path_hi)
           : db_query(db,
                      "SELECT i.member_id, g.sitting_id, g.signed_in_at, g.signed_out_at,"
                      " CASE WHEN EXISTS (SELECT 1 FROM meeting_leaves l WHERE"
                      " l.meeting_id = i.meeting_id AND l.member_id = i.member_id"
                      " AND l.status = 'approved') THEN 1 ELSE 0 END"
                      " FROM meeting_invitees i"
                      " LEFT JOIN meeting_signins g ON g.member_id = i.member_id AND g.sitting_id"
                      " IN (SELECT s.id FROM meeting_sittings s WHERE s.meeting_id = i.meeting_id)"
                      " WHERE i.meeting_id = ? AND i.role = 'member' AND i.member_id IS NOT NULL"
                      " ORDER BY i.member_id",
                      "i", meeting_id);
  int64_t member = 0, attended = 0;
  bool leave = false;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    int64_t m = db_col_int(st, 0);
    if (m != member) {
      if (member) fn(arg, member, meeting_attendance_of(attended, held, leave), attended, held);
      member = m, attended = 0;
      leave = db_col_int(st, 4) != 0;
    }
    if (db_col_null(st, 1)) continue;
    int64_t sid = db_col_int(st, 1);
    for (int k = 0; k < ns; k++)
      if (sit[k].id == sid)
        attended += meeting_attended_seconds(sit[k].start, sit[k].end, db_col_int(st, 2),
                                             db_col_null(st, 3) ? 0 : db_col_int(st, 3));
  }
  db_done(st);
  if (rc == DB_DONE && member)
    fn(arg, member, meeting_attendance_of(attended, held, leave), attended, held);
  free(sit);
  return rc == DB_DONE;
}

struct tally {
  struct entity_ctx *ctx;
  json_t *by_member; /* member id (text) → its item */
  int present, excused, absent;
};

static void tally_one(void *arg, int64_t member_id, enum meeting_attendance a, int64_t attended,
                      int64_t held) {
  struct tally *t = arg;
  if (a == MEETING_PRESENT)
    t->present++;
  else if (a == MEETING_EXCUSED)
    t->excused++;
  else
    t->absent++;
  json_t *o =
      json_object_get(t->by_member, arena_printf(t->ctx->arena, "%lld", (long long)member_id));
  if (!o) return;
  json_object_set_new(o, "attendance", json_string(attendance_name(a)));
  json_object_set_new(o, "attendance_label",
                      json_string(label_text(meeting_attendances, attendance_name(a), t->ctx->en)));
  json_object_set_new(o, "attended_minutes", json_integer(attended / 60));
  json_object_set_new(o, "held_minutes", json_integer(held / 60));
}

json_t *meeting_attendance(struct entity_ctx *ctx, int64_t id) {
  struct meeting_row m;
  if (!meeting_load(ctx, id, &m)) return NULL;
  int64_t now = time_now();
  struct meeting_figures f;
  if (!meeting_live_figures(ctx->db, id, now, &f)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
    return NULL;
  }
  /* the invitees that sign in (members and attendees with a member record) */
  json_t *items = json_array(), *by_member = json_object();
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT i.member_id, m.name, i.role, COALESCE(sc.name, ''),"
               " (SELECT l.status FROM meeting_leaves l WHERE l.meeting_id = i.meeting_id"
               " AND l.member_id = i.member_id ORDER BY l.id DESC LIMIT 1)"
               " FROM meeting_invitees i JOIN members m ON m.id = i.member_id"
               " LEFT JOIN sectors sc ON sc.id = m.sector_id"
               " WHERE i.meeting_id = ? AND i.role IN ('member', 'attendee')"
               " ORDER BY i.role DESC, i.seat_row, i.seat_no, m.name, i.member_id",
               "i", id);
  while (db_step(st) == DB_ROW) {
    const char *role = db_col_text(st, 2);
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:[]}", "member_id", (json_int_t)db_col_int(st, 0),
                  "name", db_col_text(st, 1), "role", role, "role_label",
                  label_text(meeting_roles, role, ctx->en), "sector", db_col_text(st, 3), "leave",
                  db_col_null(st, 4) ? json_null() : json_string(db_col_text(st, 4)), "attendance",
                  json_null(), "signins");
    json_array_append_new(items, o);
    json_object_set(by_member, arena_printf(ctx->arena, "%lld", (long long)db_col_int(st, 0)), o);
  }
  db_done(st);
  st =
      db_query(ctx->db,
               "SELECT g.member_id, g.sitting_id, g.signed_in_at, g.signed_out_at, g.way, g.reason,"
               " COALESCE(u.display_name, '') FROM meeting_signins g JOIN meeting_sittings s"
               " ON s.id = g.sitting_id LEFT JOIN users u ON u.id = g.by_user_id"
               " WHERE s.meeting_id = ? ORDER BY s.starts_at, g.signed_in_at, g.id",
               "i", id);
  while (db_step(st) == DB_ROW) {
    json_t *o =
        json_object_get(by_member, arena_printf(ctx->arena, "%lld", (long long)db_col_int(st, 0)));
    if (!o) continue;
    const char *way = db_col_text(st, 4);
    json_t *g = json_pack("{s:I,s:s,s:s,s:s,s:s}", "sitting_id", (json_int_t)db_col_int(st, 1),
                          "way", way, "way_label", label_text(meeting_signin_ways, way, ctx->en),
                          "reason", db_col_text(st, 5), "by", db_col_text(st, 6));
    entity_time_json(g, "signed_in_at", st, 2);
    entity_time_json(g, "signed_out_at", st, 3);
    json_array_append_new(json_object_get(o, "signins"), g);
  }
  db_done(st);
  struct tally t = {.ctx = ctx, .by_member = by_member};
  bool ok = meeting_attendance_each(ctx->db, id, now, NULL, NULL, tally_one, &t);
  json_decref(by_member);
  if (!ok) {
    json_decref(items);
    entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
    return NULL;
  }
  json_t *o = meeting_figures_json(&f);
  json_object_set_new(
      o, "totals",
      json_pack("{s:i,s:i,s:i}", "present", t.present, "excused", t.excused, "absent", t.absent));
  json_object_set_new(o, "items", items);
  return o;
}

/* ---- the live snapshot ----------------------------------------------------------------------- */

static json_t *time_json(int64_t t) {
  char iso[32];
  return json_string(time_iso(t, iso));
}

/* The speaker at the lectern: a selected speech started and not ended. */
static json_t *speaker_json(struct db *db, int64_t id) {
  struct db_stmt *st = db_query(db,
                                "SELECT s.id, s.member_id, m.name, s.title, s.started_at,"
                                " s.minutes, COALESCE(sc.name, '') FROM meeting_speeches s"
                                " JOIN members m ON m.id = s.member_id"
                                " LEFT JOIN sectors sc ON sc.id = m.sector_id"
                                " WHERE s.meeting_id = ? AND s.status = 'selected'"
                                " AND s.started_at IS NOT NULL AND s.ended_at IS NULL"
                                " ORDER BY s.started_at DESC, s.id DESC LIMIT 1",
                                "i", id);
  json_t *o = json_null();
  if (db_step(st) == DB_ROW) {
    o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:o}", "speech_id", (json_int_t)db_col_int(st, 0),
                  "member_id", (json_int_t)db_col_int(st, 1), "name", db_col_text(st, 2), "title",
                  db_col_text(st, 3), "sector", db_col_text(st, 6), "started_at",
                  time_json(db_col_int(st, 4)));
    json_object_set_new(o, "minutes",
                        db_col_null(st, 5) ? json_null() : json_integer(db_col_int(st, 5)));
  }
  db_done(st);
  return o;
}

/* A vote of the meeting: the open one (its count, never its running result) or the last closed
** one (its result as stored). */
static json_t *vote_json(struct db *db, int64_t id, bool open, bool en) {
  struct db_stmt *st =
      open ? db_query(db,
                      "SELECT id, title, kind, status, voted, COALESCE(members_total, 0), result"
                      " FROM meeting_votes WHERE meeting_id = ? AND status = 'open'"
                      " ORDER BY opened_at DESC, id DESC LIMIT 1",
                      "i", id)
           : db_query(db,
                      "SELECT id, title, kind, status, voted, COALESCE(members_total, 0), result"
                      " FROM meeting_votes WHERE meeting_id = ? AND status = 'closed'"
                      " ORDER BY closed_at DESC, id DESC LIMIT 1",
                      "i", id);
  json_t *o = json_null();
  if (db_step(st) == DB_ROW) {
    const char *kind = db_col_text(st, 2);
    o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:I}", "id", (json_int_t)db_col_int(st, 0), "title",
                  db_col_text(st, 1), "kind", kind, "kind_label",
                  label_text(meeting_vote_kinds, kind, en), "status", db_col_text(st, 3), "voted",
                  (json_int_t)db_col_int(st, 4), "members_total", (json_int_t)db_col_int(st, 5));
    if (!open) {
      json_t *r = db_col_null(st, 6) ? NULL : json_loads(db_col_text(st, 6), 0, NULL);
      json_object_set_new(o, "result", r ? r : json_null());
    }
  }
  db_done(st);
  return o;
}

json_t *meeting_live_json(struct db *db, int64_t meeting_id, int64_t now, bool en) {
  struct db_stmt *st = db_query(db, "SELECT status FROM meetings WHERE id = ?", "i", meeting_id);
  char status[16] = "";
  if (db_step(st) == DB_ROW) snprintf(status, sizeof status, "%s", db_col_text(st, 0));
  db_done(st);
  if (!*status) return NULL;
  struct meeting_figures f;
  meeting_live_figures(db, meeting_id, now, &f);
  json_t *open = vote_json(db, meeting_id, true, en), *last = vote_json(db, meeting_id, false, en);
  return json_pack("{s:s,s:o,s:o,s:o,s:o}", "status", status, "attendance",
                   meeting_figures_json(&f), "speaker", speaker_json(db, meeting_id), "vote",
                   json_is_null(open) ? json_incref(last) : open, "last_vote", last);
}

char *meeting_live_snapshot(struct db *db, int64_t meeting_id) {
  json_t *o = meeting_live_json(db, meeting_id, time_now(), false);
  char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  return text;
}
