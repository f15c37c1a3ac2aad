/* src/meeting/meeting_points.c: what a closed meeting gives the points ledger (source_kind
** "meeting", the meeting as the source): each member invitee's attendance by the two-thirds
** rule (present, excused with approved leave, absent) with the minutes attended of the minutes
** held, a speech (an oral one delivered or a written one handed in) and the votes taken part in.
** The points module asks for them (points_sources.c) when the meeting's workflow syncs it after
** each step (meeting_flow's after: only a closed or archived meeting has events) and when a
** recompute derives a year. Hand-typed duty records of meetings stay a source of their own. */
#include <string.h>
#include "base/mem.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "entity/entity.h"
#include "meeting/meeting_attendance.h"
#include "points/points.h"

struct meeting_pts {
  meeting_points_fn fn;
  void *arg;
  int64_t id, at;
  const char *prefix; /* plenary, standing, meeting */
};

static void attendance_event(void *arg, int64_t member_id, enum meeting_attendance a,
                             int64_t attended, int64_t held) {
  struct meeting_pts *p = arg;
  char ev[32];
  snprintf(ev, sizeof ev, "%s.%s", p->prefix,
           a == MEETING_PRESENT   ? "present"
           : a == MEETING_EXCUSED ? "excused"
                                  : "absent");
  p->fn(p->arg, member_id, ev, p->id, p->at, held > 0 ? (int)(attended / 60) : -1,
        held > 0 ? (int)(held / 60) : -1);
}

/* The events of one closed meeting. */
static bool one_meeting(struct db *db, int64_t id, const char *kind, int64_t at, const char *path,
                        const char *path_hi, meeting_points_fn fn, void *arg) {
  struct meeting_pts p = {fn, arg, id, at,
                          !strcmp(kind, "plenary")    ? "plenary"
                          : !strcmp(kind, "standing") ? "standing"
                                                      : "meeting"};
  if (!meeting_attendance_each(db, id, INT64_MAX / 2, path, path_hi, attendance_event, &p))
    return false;
  const char *speech = !strcmp(kind, "plenary") ? "speech.plenary" : "speech.other";
  /* one speech event and one vote event per member at most (the ledger keeps one entry per
  ** member, event and source) */
  struct {
    const char *sql, *event;
  } parts[] = {
      {"SELECT DISTINCT s.member_id FROM meeting_speeches s JOIN members m ON m.id = s.member_id"
       " JOIN committees c ON c.id = m.committee_id WHERE s.meeting_id = ? AND c.path >= ?"
       " AND c.path < ? AND ((s.kind = 'oral' AND s.status = 'delivered') OR"
       " (s.kind = 'written' AND s.status <> 'withdrawn')) ORDER BY s.member_id",
       speech},
      {"SELECT DISTINCT v.member_id FROM meeting_voters v JOIN meeting_votes w ON w.id = v.vote_id"
       " JOIN members m ON m.id = v.member_id JOIN committees c ON c.id = m.committee_id"
       " WHERE w.meeting_id = ? AND c.path >= ? AND c.path < ? ORDER BY v.member_id",
       "meeting.vote"},
  };
  for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
    struct db_stmt *st =
        db_query(db, parts[k].sql, "itt", id, path ? path : "", path ? path_hi : "\xef\xbf\xbf");
    int rc;
    while ((rc = db_step(st)) == DB_ROW) fn(arg, db_col_int(st, 0), parts[k].event, id, at, -1, -1);
    db_done(st);
    if (rc != DB_DONE) return false;
  }
  return true;
}

bool meeting_points_events(struct db *db, int64_t id, int64_t from, int64_t to, const char *path,
                           const char *path_hi, meeting_points_fn fn, void *arg) {
  struct db_stmt *st =
      id ? db_query(db,
                    "SELECT id, kind, starts_at FROM meetings WHERE id = ?"
                    " AND status IN ('closed', 'archived')",
                    "i", id)
         : db_query(
               db,
               "SELECT id, kind, starts_at FROM meetings WHERE status IN ('closed', 'archived')"
               " AND starts_at >= ? AND starts_at < ? ORDER BY id",
               "ii", from, to);
  /* read the meetings whole first: each is then read with statements of its own */
  struct row {
    int64_t id, at;
    char kind[24];
  } *rows = NULL;
  size_t n = 0, cap = 0;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    if (n == cap) rows = mem_realloc(rows, (cap = cap ? 2 * cap : 8) * sizeof *rows);
    rows[n].id = db_col_int(st, 0);
    rows[n].at = db_col_int(st, 2);
    snprintf(rows[n].kind, sizeof rows[n].kind, "%s", db_col_text(st, 1));
    n++;
  }
  db_done(st);
  bool ok = rc == DB_DONE;
  for (size_t i = 0; ok && i < n; i++)
    ok = one_meeting(db, rows[i].id, rows[i].kind, rows[i].at, path, path_hi, fn, arg);
  free(rows);
  return ok;
}

bool meeting_points_after(struct entity_ctx *ctx, int64_t id) {
  return points_sync(ctx->db, "meeting", id);
}
