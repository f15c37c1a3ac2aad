/* src/points/points_sources.c: which events each kind of record gives (the facts the ledger
** scores). Every source answers two questions with the same rules: the events of one record
** (points_sync), and the events of a year for the members of a committee subtree (recompute).
**
** - activity: a done activity gives each participant present "activity.<kind>" and each one
**   absent "activity.absent" (excused: nothing), at its start; one a member logged itself while
**   its committee checks such activities only once staff approved it (activity_checks).
** - proposal: once submitted (not a draft, not co-signing, not withdrawn) the first proposer
**   gets "proposal.submitted" at submission and, when it was filed (filed and every state after
**   it), "proposal.filed", "proposal.key", "proposal.good" at filing; each confirmed co-signer
**   "proposal.cosigned" and "proposal.cosigned_filed".
** - duty_record: a plenary, standing-committee or other meeting gives "<kind>.<attendance>"
**   with the minutes attended (the two-thirds rule is the rule set's, applied when scoring);
**   a speech "speech.plenary" or "speech.other"; on the day held.
** - report: a member's report once the office accepted it for review (受理, or adopted or
**   rejected it: accepted_at; not withdrawn, not merged into another) gives the member
**   "report.submitted" at its acceptance, not at the submit; an adopted one, for each level
**   adopted at, "report.adopted" (local), "report.adopted_province", "report.adopted_national"
**   on the day of the adoption, and for each level of the leaders' instructions it received
**   "report.instruction_<level>" on the day of the first at that level.
** - meeting: a closed meeting gives each member invitee "<plenary|standing|meeting>.<attendance>"
**   by the two-thirds rule over its sittings (with the minutes attended), "speech.plenary" or
**   "speech.other" for a speech delivered or handed in, "meeting.vote" for taking part in its
**   votes; at its start (src/meeting/meeting_points.c). */
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "meeting/meeting_attendance.h"
#include "points_int.h"

void pevents_add(struct pevents *a, const struct pevent *e) {
  if (a->n == a->cap) {
    a->cap = a->cap ? a->cap * 2 : 256;
    a->v = mem_realloc(a->v, a->cap * sizeof *a->v);
  }
  a->v[a->n++] = *e;
}

void pevents_free(struct pevents *a) {
  free(a->v);
  a->v = NULL;
  a->n = a->cap = 0;
}

int points_year_of(int64_t t) {
  char d[11];
  time_cst_date(t, d);
  return atoi(d);
}

int64_t points_year_start(int year) { return time_quarter_start(year, 1); }

static void add(struct pevents *out, int64_t member, const char *ev, const char *kind, int64_t id,
                int64_t at, int num, int den) {
  struct pevent e = {.member_id = member,
                     .year = points_year_of(at),
                     .ev = points_event_index(ev),
                     .source_kind = kind,
                     .source_id = id,
                     .occurred_at = at,
                     .num = num,
                     .den = den};
  if (e.ev >= 0) pevents_add(out, &e);
}

/* ---- activities ----------------------------------------------------------------------------- */

#define ACTIVITY_SQL                                                                               \
  "SELECT p.member_id, a.kind, p.attendance, COALESCE(a.starts_at, a.created_at), a.id"            \
  " FROM activities a JOIN activity_participants p ON p.activity_id = a.id"
/* a member's self-logged activity waiting for its staff check (or returned) earns nothing */
#define ACTIVITY_CHECKED                                                                           \
  " AND NOT EXISTS (SELECT 1 FROM activity_checks k WHERE k.id = a.id AND k.status <> 'approved')"

static bool activity_rows(struct db_stmt *st, struct pevents *out) {
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *att = db_col_text(st, 2);
    char ev[48];
    if (!strcmp(att, "excused")) continue;
    if (!strcmp(att, "absent"))
      strcpy(ev, "activity.absent");
    else
      snprintf(ev, sizeof ev, "activity.%s", db_col_text(st, 1));
    add(out, db_col_int(st, 0), ev, "activity", db_col_int(st, 4), db_col_int(st, 3), -1, -1);
  }
  db_done(st);
  return rc == DB_DONE;
}

/* ---- proposals ------------------------------------------------------------------------------ */

#define PROPOSAL_SQL                                                                               \
  "SELECT s.member_id, s.role, s.status, p.status, p.submitted_at, p.filed_at, p.is_key,"          \
  " p.is_good, p.id FROM proposals p JOIN proposal_signers s ON s.proposal_id = p.id"

static bool proposal_filed(const char *status) {
  static const char *const after[] = {"filed",      "assigned", "handling", "replied",
                                      "rehandling", "closed",   NULL};
  for (int i = 0; after[i]; i++)
    if (!strcmp(status, after[i])) return true;
  return false;
}

static bool proposal_rows(struct db_stmt *st, struct pevents *out) {
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *role = db_col_text(st, 1), *sstatus = db_col_text(st, 2),
               *pstatus = db_col_text(st, 3);
    if (db_col_null(st, 4) || !strcmp(pstatus, "draft") || !strcmp(pstatus, "cosigning") ||
        !strcmp(pstatus, "withdrawn"))
      continue;
    int64_t m = db_col_int(st, 0), id = db_col_int(st, 8), sub = db_col_int(st, 4);
    bool filed = proposal_filed(pstatus) && !db_col_null(st, 5);
    int64_t fat = db_col_int(st, 5);
    if (!strcmp(role, "first")) {
      add(out, m, "proposal.submitted", "proposal", id, sub, -1, -1);
      if (filed) {
        add(out, m, "proposal.filed", "proposal", id, fat, -1, -1);
        if (db_col_int(st, 6)) add(out, m, "proposal.key", "proposal", id, fat, -1, -1);
        if (db_col_int(st, 7)) add(out, m, "proposal.good", "proposal", id, fat, -1, -1);
      }
    } else if (!strcmp(sstatus, "confirmed")) {
      add(out, m, "proposal.cosigned", "proposal", id, sub, -1, -1);
      if (filed) add(out, m, "proposal.cosigned_filed", "proposal", id, fat, -1, -1);
    }
  }
  db_done(st);
  return rc == DB_DONE;
}

/* ---- duty records --------------------------------------------------------------------------- */

#define RECORD_SQL                                                                                 \
  "SELECT r.member_id, r.kind, r.attendance, r.held_on, r.attended_minutes, r.duration_minutes,"   \
  " r.id FROM duty_records r"

static bool record_rows(struct db_stmt *st, struct pevents *out) {
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *kind = db_col_text(st, 1);
    int y, mo, d;
    if (!date_parse(db_col_text(st, 3), &y, &mo, &d)) continue;
    int64_t at = days_from_civil(y, mo, d) * 86400 - CST_OFFSET;
    char ev[48];
    int num = -1, den = -1;
    if (!strcmp(kind, "speech_plenary"))
      strcpy(ev, "speech.plenary");
    else if (!strcmp(kind, "speech"))
      strcpy(ev, "speech.other");
    else {
      snprintf(ev, sizeof ev, "%s.%s", kind, db_col_text(st, 2));
      if (!db_col_null(st, 4) && !db_col_null(st, 5))
        num = (int)db_col_int(st, 4), den = (int)db_col_int(st, 5);
    }
    add(out, db_col_int(st, 0), ev, "duty_record", db_col_int(st, 6), at, num, den);
  }
  db_done(st);
  return rc == DB_DONE;
}

/* ---- social-conditions reports ------------------------------------------------------------- */

#define REPORT_SQL "SELECT r.member_id, r.accepted_at, r.id FROM reports r"
#define REPORT_WHERE                                                                               \
  " r.member_id IS NOT NULL AND r.accepted_at IS NOT NULL AND r.status NOT IN ('draft', "          \
  "'withdrawn', 'merged')"
/* adoptions and instructions of adopted reports: member, event suffix kind, level, day, report */
#define REPORT_LEVELS_SQL                                                                          \
  "SELECT r.member_id, 'a', a.level, a.adopted_on, r.id FROM reports r"                            \
  " JOIN report_adoptions a ON a.report_id = r.id"
#define REPORT_INSTR_SQL                                                                           \
  "SELECT r.member_id, 'i', i.level, MIN(i.given_on), r.id FROM reports r"                         \
  " JOIN report_instructions i ON i.report_id = r.id"

static bool report_rows(struct db_stmt *st, struct pevents *out) {
  int rc;
  while ((rc = db_step(st)) == DB_ROW)
    add(out, db_col_int(st, 0), "report.submitted", "report", db_col_int(st, 2), db_col_int(st, 1),
        -1, -1);
  db_done(st);
  return rc == DB_DONE;
}

static bool report_level_rows(struct db_stmt *st, struct pevents *out) {
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *level = db_col_text(st, 2);
    int y, mo, d;
    if (!date_parse(db_col_text(st, 3), &y, &mo, &d)) continue;
    int64_t at = days_from_civil(y, mo, d) * 86400 - CST_OFFSET;
    char ev[48];
    if (*db_col_text(st, 1) == 'a')
      snprintf(ev, sizeof ev, "%s",
               !strcmp(level, "local")      ? "report.adopted"
               : !strcmp(level, "province") ? "report.adopted_province"
                                            : "report.adopted_national");
    else
      snprintf(ev, sizeof ev, "report.instruction_%s", level);
    add(out, db_col_int(st, 0), ev, "report", db_col_int(st, 4), at, -1, -1);
  }
  db_done(st);
  return rc == DB_DONE;
}

/* ---- meetings (src/meeting/meeting_points.c says which events a closed meeting gives) ------- */

static void meeting_event_add(void *arg, int64_t member, const char *event, int64_t meeting,
                              int64_t at, int num, int den) {
  add(arg, member, event, "meeting", meeting, at, num, den);
}

bool points_derive_one(struct db *db, const char *kind, int64_t id, struct pevents *out) {
  if (!strcmp(kind, "meeting"))
    return meeting_points_events(db, id, 0, 0, NULL, NULL, meeting_event_add, out);
  if (!strcmp(kind, "activity"))
    return activity_rows(
        db_query(db, ACTIVITY_SQL " WHERE a.id = ? AND a.status = 'done'" ACTIVITY_CHECKED, "i",
                 id),
        out);
  if (!strcmp(kind, "proposal"))
    return proposal_rows(db_query(db, PROPOSAL_SQL " WHERE p.id = ?", "i", id), out);
  if (!strcmp(kind, "duty_record"))
    return record_rows(db_query(db, RECORD_SQL " WHERE r.id = ?", "i", id), out);
  if (!strcmp(kind, "report"))
    return report_rows(db_query(db, REPORT_SQL " WHERE r.id = ? AND" REPORT_WHERE, "i", id), out) &&
           report_level_rows(db_query(db,
                                      REPORT_LEVELS_SQL
                                      " WHERE r.id = ? AND r.member_id IS NOT NULL"
                                      " AND r.status = 'adopted'",
                                      "i", id),
                             out) &&
           report_level_rows(
               db_query(db,
                        REPORT_INSTR_SQL
                        " WHERE r.id = ? AND r.member_id IS NOT NULL"
                        " AND r.status = 'adopted' GROUP BY r.member_id, i.level, r.id",
                        "i", id),
               out);
  return false;
}

#define IN_SUBTREE(alias)                                                                          \
  " JOIN members m ON m.id = " alias ".member_id JOIN committees c ON c.id = m.committee_id"       \
  " WHERE c.path >= ? AND c.path < ?"

bool points_derive_year(struct db *db, const char *path, const char *path_hi, int year,
                        struct pevents *out) {
  int64_t from = points_year_start(year), to = points_year_start(year + 1);
  char d0[24], d1[24];
  snprintf(d0, sizeof d0, "%04d-01-01", year);
  snprintf(d1, sizeof d1, "%04d-12-31", year);
  size_t start = out->n;
  bool ok =
      activity_rows(
          db_query(db,
                   ACTIVITY_SQL IN_SUBTREE("p") " AND a.status = 'done'" ACTIVITY_CHECKED
                                                " AND COALESCE(a.starts_at, a.created_at) >= ?"
                                                " AND COALESCE(a.starts_at, a.created_at) < ?",
                   "ttii", path, path_hi, from, to),
          out) &&
      proposal_rows(
          db_query(db,
                   PROPOSAL_SQL IN_SUBTREE("s") " AND ((p.submitted_at >= ? AND p.submitted_at < ?)"
                                                " OR (p.filed_at >= ? AND p.filed_at < ?))",
                   "ttiiii", path, path_hi, from, to, from, to),
          out) &&
      record_rows(db_query(db, RECORD_SQL IN_SUBTREE("r") " AND r.held_on >= ? AND r.held_on <= ?",
                           "tttt", path, path_hi, d0, d1),
                  out) &&
      report_rows(
          db_query(db,
                   REPORT_SQL IN_SUBTREE(
                       "r") " AND r.accepted_at >= ? AND r.accepted_at < ? AND" REPORT_WHERE,
                   "ttii", path, path_hi, from, to),
          out) &&
      report_level_rows(
          db_query(db,
                   REPORT_LEVELS_SQL IN_SUBTREE("r") " AND r.status = 'adopted'"
                                                     " AND a.adopted_on >= ? AND a.adopted_on <= ?",
                   "tttt", path, path_hi, d0, d1),
          out) &&
      report_level_rows(
          db_query(db,
                   REPORT_INSTR_SQL IN_SUBTREE("r") " AND r.status = 'adopted'"
                                                    " GROUP BY r.member_id, i.level, r.id",
                   "tt", path, path_hi),
          out) &&
      meeting_points_events(db, 0, from, to, path, path_hi, meeting_event_add, out);
  /* a proposal submitted in one year and filed in the next gives events in both: keep year's */
  size_t k = start;
  for (size_t i = start; i < out->n; i++)
    if (out->v[i].year == year) out->v[k++] = out->v[i];
  out->n = k;
  return ok;
}
