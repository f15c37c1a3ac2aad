/* src/contact/contact_compliance.c: the quotas of members linking with the masses (at least 1
** activity a quarter, at least 40 people reached a year, by default; per committee settings),
** checked for every active member of a committee subtree.
**
** The rules, for member M, year Y (CST) and the quarter Q judged:
**   what counts for M: an activity at which M is a participant with attendance "present" and
**   whose status is "done", by its starts_at; and a reception day (委员接待日) on which M was on
**   duty, by its date, once that date has come (CST) — duty at a reception day is an activity
**   of the member on duty. Quarters begin at 00:00 CST on 1 January, 1 April, 1 July and
**   1 October (time_quarter_start).
**   people reached in Y = the sum of M's own shares: of each activity's people_reached (shared
**   out among its present participants or entered by hand: contact_activity.c) and of each
**   reception day's visitors (shared out among the members on duty) — so that the members'
**   figures add up to the activity's, and to the roll-up's (three members visiting 60 people
**   hold 60 between them, not 180).
**   quarter_met: activities in Q >= quarter_min_activities — the quarter by its own rule.
**   year_met: people reached in Y >= year_min_people — the year's rule, which judges the year at
**   its end (year_ended); during the year people_short is the way left to the minimum.
**   year_expected = ceil(year_min_people * Q / 4): the pro-rated expectation by Q's end, a hint
**   (10, 20, 30, 40 for 40); year_behind: people reached < year_expected.
**   on_track: quarter_met and not year_behind. In the fourth quarter that is the quarter and the
**   whole year's minimum. The reminders (contact_remind.c) go to the members not on track, and
**   ?short=1 lists them.
** The minimums are those in force at M's own committee (contact_settings_at).
**
** A page costs three grouped queries: the total, the page of members (in id order, each with the
** count of its grassroots units), then the counts of all of them at once, grouped by member over
** the id range of the page, from the activities and the reception days together. One member's
** read (GET /members/{id}/compliance) is one statement: the member by its id with its counts
** joined (docs/architecture.md, "Performance: compliance"). */
#include <string.h>
#include "auth/access.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "contact.h"
#include "contact_int.h"
#include "member/member.h"

struct row {
  int64_t id, committee_id, units;
  const char *name, *committee_name, *path;
  int64_t q[4], people;
};

/* Settings of the committees met on a page, looked up once each. */
struct settings_memo {
  int64_t committee_id[64];
  struct contact_settings s[64];
  int n;
};

static const struct contact_settings *settings_for(struct entity_ctx *ctx, struct settings_memo *m,
                                                   int64_t committee_id, const char *path) {
  for (int i = 0; i < m->n; i++)
    if (m->committee_id[i] == committee_id) return &m->s[i];
  int i = m->n < 64 ? m->n++ : 63;
  m->committee_id[i] = committee_id;
  contact_settings_at(ctx->db, path, &m->s[i]);
  return &m->s[i];
}

/* What a batch is read with: the subtree, the filters, the year's quarter starts (as times and
** as CST dates) and today's CST date. */
struct scan {
  const struct user *user; /* an organiser: its body's members only (member_scope_sql) */
  const char *path, *hi;
  int64_t only, group;
  bool no_units;
  bool to_remind; /* only those with an account not reminded for (year, quarter) */
  int year, quarter;
  int64_t qs[5];
  char qd[5][16], today[16];
};

/* The scan's conditions on the member row m beyond its committee and status (" AND ..."): the
** activity group, no units, the reminders to send, an organiser's body — each only when asked,
** so that a plain scan counts in the index on (committee_id, status). */
static void scan_filters(const struct scan *sc, struct buf *sql, struct db_value *p, int *np) {
  if (sc->group) {
    buf_puts(sql, " AND m.group_id = ?");
    p[(*np)++] = (struct db_value){.type = 'i', .i = sc->group};
  }
  if (sc->no_units)
    buf_puts(sql, " AND NOT EXISTS (SELECT 1 FROM member_grassroots_units g"
                  " WHERE g.member_id = m.id)");
  if (sc->to_remind) {
    /* a reminder to send: a member with an account in use (users_member, migration 27) that has
    ** none for the quarter (contact_remind.c writes compliance_reminders) */
    buf_puts(sql, " AND EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id AND u.disabled = 0)"
                  " AND NOT EXISTS (SELECT 1 FROM compliance_reminders r WHERE r.member_id = m.id"
                  " AND r.year = ? AND r.quarter = ?)");
    p[(*np)++] = (struct db_value){.type = 'i', .i = sc->year};
    p[(*np)++] = (struct db_value){.type = 'i', .i = sc->quarter};
  }
  member_scope_sql(sc->user, "m", sql, p, np);
}

/* " FROM members m JOIN committees c ... WHERE ..." of the scan's members (the subtree, the
** filters, an organiser's body) into sql and p. */
static void scan_from(const struct scan *sc, struct buf *sql, struct db_value *p, int *np) {
  /* one member (sc->only): by its id whatever its status, a statement of its own — SQLite cannot
  ** plan "(? = 0 AND ...) OR m.id = ?" from bound values and would scan the subtree twice */
  if (sc->only) {
    buf_puts(sql, " FROM members m JOIN committees c ON c.id = m.committee_id"
                  " WHERE m.id = ? AND c.path >= ? AND c.path < ?");
    p[(*np)++] = (struct db_value){.type = 'i', .i = sc->only};
  } else
    buf_puts(sql, " FROM members m JOIN committees c ON c.id = m.committee_id"
                  " WHERE c.path >= ? AND c.path < ? AND m.status = 'active'");
  p[(*np)++] = (struct db_value){.type = 't', .s = sc->path};
  p[(*np)++] = (struct db_value){.type = 't', .s = sc->hi};
  scan_filters(sc, sql, p, np);
}

/* The counts of the members with ids in (?, ?], grouped by member: the activities attended and
** the reception days on duty per quarter, each with the member's own share of the people
** reached. Its parameters: counts_params. */
static const char counts_sql[] =
    "SELECT x.member_id, SUM(CASE WHEN x.q = 1 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN x.q = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN x.q = 3 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN x.q = 4 THEN 1 ELSE 0 END), SUM(x.people) FROM ("
    " SELECT p.member_id AS member_id, CASE WHEN a.starts_at < ? THEN 1"
    " WHEN a.starts_at < ? THEN 2 WHEN a.starts_at < ? THEN 3 ELSE 4 END AS q,"
    " p.people_reached AS people"
    " FROM activity_participants p JOIN activities a ON a.id = p.activity_id"
    " WHERE p.member_id > ? AND p.member_id <= ? AND p.attendance = 'present'"
    " AND a.status = 'done' AND a.starts_at >= ? AND a.starts_at < ?"
    " UNION ALL"
    " SELECT d.member_id, CASE WHEN r.date < ? THEN 1 WHEN r.date < ? THEN 2"
    " WHEN r.date < ? THEN 3 ELSE 4 END, d.people_reached"
    " FROM reception_duty d JOIN reception_days r ON r.id = d.reception_day_id"
    " WHERE d.member_id > ? AND d.member_id <= ? AND r.date >= ? AND r.date < ?"
    " AND r.date <= ?) x GROUP BY x.member_id";

static void counts_params(const struct scan *sc, int64_t after, int64_t last, struct db_value *p,
                          int *np) {
  const int64_t qs_[] = {sc->qs[1], sc->qs[2], sc->qs[3], after, last, sc->qs[0], sc->qs[4]};
  for (int i = 0; i < 7; i++) p[(*np)++] = (struct db_value){.type = 'i', .i = qs_[i]};
  const char *d[] = {sc->qd[1], sc->qd[2], sc->qd[3]};
  for (int i = 0; i < 3; i++) p[(*np)++] = (struct db_value){.type = 't', .s = d[i]};
  p[(*np)++] = (struct db_value){.type = 'i', .i = after};
  p[(*np)++] = (struct db_value){.type = 'i', .i = last};
  const char *e[] = {sc->qd[0], sc->qd[4], sc->today};
  for (int i = 0; i < 3; i++) p[(*np)++] = (struct db_value){.type = 't', .s = e[i]};
}

/* A member row (columns from col: id, name, committee_id, committee name, path, units). */
static void row_read(struct entity_ctx *ctx, struct db_stmt *st, struct row *r) {
  memset(r, 0, sizeof *r);
  r->id = db_col_int(st, 0);
  r->name = arena_strdup(ctx->arena, db_col_text(st, 1));
  r->committee_id = db_col_int(st, 2);
  r->committee_name = arena_strdup(ctx->arena, db_col_text(st, 3));
  r->path = arena_strdup(ctx->arena, db_col_text(st, 4));
  r->units = db_col_int(st, 5);
}

/* Reads the members of the subtree after after_id (at most want + 1, in id order) with their
** counts into rows; returns how many were read. Two grouped queries; one member (sc->only): one
** statement, the member with its counts joined. */
static int scan_batch(struct entity_ctx *ctx, const struct scan *sc, int64_t after_id, int want,
                      struct row *rows) {
  int n = 0;
  struct buf sql = {0};
  struct db_value p[40];
  int np = 0;
  if (sc->only) buf_puts(&sql, "SELECT s.*, k.* FROM (");
  buf_puts(&sql, "SELECT m.id, m.name, m.committee_id, c.name, c.path,"
                 " (SELECT COUNT(*) FROM member_grassroots_units g WHERE g.member_id = m.id)");
  scan_from(sc, &sql, p, &np);
  buf_printf(&sql, " AND m.id > ? ORDER BY m.id LIMIT %d", want + 1);
  p[np++] = (struct db_value){.type = 'i', .i = after_id};
  if (sc->only) {
    buf_printf(&sql, ") s LEFT JOIN (%s) k ON k.member_id = s.id", counts_sql);
    counts_params(sc, sc->only - 1, sc->only, p, &np);
  }
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  buf_free(&sql);
  while (db_step(st) == DB_ROW && n <= want) {
    struct row *r = &rows[n++];
    row_read(ctx, st, r);
    if (sc->only && !db_col_null(st, 6)) { /* the counts, after the member's six columns */
      for (int j = 0; j < 4; j++) r->q[j] = db_col_int(st, 7 + j);
      r->people = db_col_int(st, 11);
    }
  }
  db_done(st);
  if (!n || sc->only) return n;
  /* the counts of the batch's members, grouped; the id range (after, last] holds them all */
  np = 0;
  counts_params(sc, rows[0].id - 1, rows[n - 1].id, p, &np);
  buf_printf(&sql, "%s ORDER BY x.member_id", counts_sql);
  st = db_query_values(ctx->db, sql.data, np, p);
  buf_free(&sql);
  int k = 0;
  while (db_step(st) == DB_ROW) {
    int64_t mid = db_col_int(st, 0);
    while (k < n && rows[k].id < mid) k++;
    if (k == n) break;
    if (rows[k].id != mid) continue; /* a member outside the subtree, inside the id range */
    for (int j = 0; j < 4; j++) rows[k].q[j] = db_col_int(st, 1 + j);
    rows[k].people = db_col_int(st, 5);
  }
  db_done(st);
  return n;
}

const struct label contact_year_statuses[] = {
    {"met", "达标", "Met"},
    {"short", "未达标", "Short"},
    {"behind", "落后进度", "Behind pace"},
    {"on_pace", "按进度", "On pace"},
    {NULL},
};

const char *contact_compliance_verdict(const int64_t acts[4], int64_t people, int64_t qmin,
                                       int64_t ymin, const int64_t qs[5], int64_t now, int quarter,
                                       bool *met) {
  int64_t expected = (ymin * quarter + 3) / 4;
  bool behind = people < expected, ymet = people >= ymin, ended = now >= qs[4];
  bool all4 = true, missed_past = false, so_far = true;
  for (int k = 0; k < 4; k++) {
    bool ok = acts[k] >= qmin;
    all4 &= ok;
    if (!ok && now >= qs[k + 1]) missed_past = true; /* a quarter over and short: final */
    if (!ok && k < quarter && now >= qs[k]) so_far = false;
  }
  *met = so_far && (ended && quarter == 4 ? ymet : !behind);
  if (all4 && ymet) return "met";
  if (ended || missed_past) return "short";
  return behind ? "behind" : "on_pace";
}

/* The one rule of "on track" (the list's on_track, ?short=1, its total, the workbench's count of
** members behind and of reminders to send, the reminders themselves): the quarter's activities
** at the quarter's minimum and the people reached in the year at its minimum pro-rated to the
** quarter's end (ceil(year_min * quarter / 4)), with the settings s of the member's committee. */
static bool on_track_by(const struct contact_settings *s, int64_t acts, int64_t people,
                        int quarter) {
  int64_t qmin = s->value[CONTACT_QUARTER_MIN_ACTIVITIES], ymin = s->value[CONTACT_YEAR_MIN_PEOPLE];
  return acts >= qmin && people >= (ymin * quarter + 3) / 4;
}

/* The JSON item of a member's compliance by the rules above; *on_track tells whether the
** quarter is met and the year not behind its pro-rated expectation. The verdicts a person reads
** (contact_compliance_verdict): "met_so_far" (every quarter so far and the pace) and
** "year_status". */
static json_t *item_json(const struct row *r, const struct contact_settings *s, int quarter,
                         const int64_t qs[5], int64_t now, bool *on_track) {
  int64_t qmin = s->value[CONTACT_QUARTER_MIN_ACTIVITIES], ymin = s->value[CONTACT_YEAR_MIN_PEOPLE];
  int64_t acts = r->q[quarter - 1];
  int64_t expected = (ymin * quarter + 3) / 4; /* ceil(ymin * quarter / 4) */
  bool qmet = acts >= qmin, ymet = r->people >= ymin, behind = r->people < expected;
  *on_track = on_track_by(s, acts, r->people, quarter);
  json_t *o =
      json_pack("{s:I,s:s,s:I,s:s,s:I,s:[IIII],s:I,s:I,s:I,s:I,s:b,s:I}", "member_id",
                (json_int_t)r->id, "name", r->name, "committee_id", (json_int_t)r->committee_id,
                "committee_name", r->committee_name, "units", (json_int_t)r->units, "quarters",
                (json_int_t)r->q[0], (json_int_t)r->q[1], (json_int_t)r->q[2], (json_int_t)r->q[3],
                "activities", (json_int_t)acts, "people_reached", (json_int_t)r->people,
                "quarter_min", (json_int_t)qmin, "year_min", (json_int_t)ymin, "quarter_met", qmet,
                "activities_short", (json_int_t)(qmet ? 0 : qmin - acts));
  json_object_set_new(o, "year_met", json_boolean(ymet));
  json_object_set_new(o, "people_short", json_integer(ymet ? 0 : ymin - r->people));
  json_object_set_new(o, "year_expected", json_integer(expected));
  json_object_set_new(o, "year_behind", json_boolean(behind));
  json_object_set_new(o, "on_track", json_boolean(*on_track));
  json_t *qm = json_array();
  for (int k = 0; k < 4; k++)
    json_array_append_new(qm, now >= qs[k] ? json_boolean(r->q[k] >= qmin) : json_null());
  json_object_set_new(o, "quarters_met", qm);
  bool met;
  const char *ys = contact_compliance_verdict(r->q, r->people, qmin, ymin, qs, now, quarter, &met);
  json_object_set_new(o, "met_so_far", json_boolean(met));
  json_object_set_new(o, "year_status", json_string(ys));
  return o;
}

/* The year's activities attended and reception days on duty of the members, grouped by member,
** as the roll-up reads them (from the year's activities by their time and the year's reception
** days by their date, not member by member): member_id, the quarter's count, the people. With
** cand, only the members of k, the statement's WITH of those with an activity or a day on duty
** in the quarter (year_with): the others cannot be on track where every committee asks for at
** least one activity a quarter. Its parameters: year_params. */
static void year_sql(struct buf *sql, bool cand) {
  buf_puts(sql, "SELECT x.member_id AS member_id, SUM(CASE WHEN x.q = ? THEN 1 ELSE 0 END) AS acts,"
                " SUM(x.people) AS people FROM ("
                " SELECT p.member_id AS member_id, CASE WHEN a.starts_at < ? THEN 1"
                " WHEN a.starts_at < ? THEN 2 WHEN a.starts_at < ? THEN 3 ELSE 4 END AS q,"
                " p.people_reached AS people"
                " FROM activities a JOIN activity_participants p ON p.activity_id = a.id WHERE ");
  if (cand) buf_puts(sql, "p.member_id IN (SELECT member_id FROM k) AND ");
  buf_puts(sql, "p.attendance = 'present' AND a.status = 'done' AND a.starts_at >= ?"
                " AND a.starts_at < ? UNION ALL"
                " SELECT d.member_id, CASE WHEN r.date < ? THEN 1 WHEN r.date < ? THEN 2"
                " WHEN r.date < ? THEN 3 ELSE 4 END, d.people_reached"
                " FROM reception_days r JOIN reception_duty d ON d.reception_day_id = r.id WHERE ");
  if (cand) buf_puts(sql, "d.member_id IN (SELECT member_id FROM k) AND ");
  buf_puts(sql, "r.date >= ? AND r.date < ? AND r.date <= ?) x GROUP BY x.member_id");
}

static void year_params(const struct scan *sc, struct db_value *p, int *np) {
  const int64_t t[] = {sc->quarter, sc->qs[1], sc->qs[2], sc->qs[3], sc->qs[0], sc->qs[4]};
  for (int i = 0; i < 6; i++) p[(*np)++] = (struct db_value){.type = 'i', .i = t[i]};
  const char *d[] = {sc->qd[1], sc->qd[2], sc->qd[3], sc->qd[0], sc->qd[4], sc->today};
  for (int i = 0; i < 6; i++) p[(*np)++] = (struct db_value){.type = 't', .s = d[i]};
}

/* "WITH k(member_id) AS (...) ": the members with an activity attended or a day on duty in the
** scan's quarter (up to today), with its parameters. */
static void year_with(const struct scan *sc, struct buf *sql, struct db_value *p, int *np) {
  buf_puts(sql, "WITH k(member_id) AS (SELECT p.member_id FROM activities a"
                " JOIN activity_participants p ON p.activity_id = a.id"
                " WHERE a.starts_at >= ? AND a.starts_at < ? AND a.status = 'done'"
                " AND p.attendance = 'present' UNION SELECT d.member_id FROM reception_days r"
                " JOIN reception_duty d ON d.reception_day_id = r.id"
                " WHERE r.date >= ? AND r.date < ? AND r.date <= ?) ");
  p[(*np)++] = (struct db_value){.type = 'i', .i = sc->qs[sc->quarter - 1]};
  p[(*np)++] = (struct db_value){.type = 'i', .i = sc->qs[sc->quarter]};
  p[(*np)++] = (struct db_value){.type = 't', .s = sc->qd[sc->quarter - 1]};
  p[(*np)++] = (struct db_value){.type = 't', .s = sc->qd[sc->quarter]};
  p[(*np)++] = (struct db_value){.type = 't', .s = sc->today};
}

/* A committee met while counting: its members in the scan, those with a row of year_sql. */
struct tally_committee {
  int64_t id, members, rows;
  const char *path;
  struct contact_settings s;
  bool have;
};

static int cmp_tally(const void *a, const void *b) {
  int64_t x = ((const struct tally_committee *)a)->id, y = ((const struct tally_committee *)b)->id;
  return x < y ? -1 : x > y;
}

static const struct contact_settings *tally_settings(struct entity_ctx *ctx,
                                                     struct tally_committee *c) {
  if (!c->have) contact_settings_at(ctx->db, c->path, &c->s), c->have = true;
  return &c->s;
}

/* How many of the scan's members are not on track (on_track_by) in the scan's quarter, and how
** many were examined (*examined): the members counted per committee (one grouped COUNT), less
** those on track — found from the year's activities and reception days grouped by member
** (year_sql), a member with none being on track only where its committee asks for nothing. Two
** grouped statements whatever the size of the subtree. -1 on an error. */
static int64_t count_short(struct entity_ctx *ctx, const struct scan *sc, int64_t *examined) {
  struct buf sql = {0};
  struct db_value p[40];
  int np = 0, n = 0, cap = 64;
  struct tally_committee *cs = arena_alloc(ctx->arena, sizeof *cs * (size_t)cap);
  if (sc->only) {
    buf_puts(&sql, "SELECT m.committee_id, c.path, COUNT(*)");
    scan_from(sc, &sql, p, &np);
    buf_puts(&sql, " GROUP BY m.committee_id, c.path");
  } else {
    /* committee by committee, in the index on (committee_id, status) when no filter asks for the
    ** member rows — not by reading the subtree's members (as contact_rollup.c counts them) */
    buf_puts(&sql,
             "SELECT c.id, c.path, (SELECT COUNT(*) FROM members m WHERE m.committee_id = c.id"
             " AND m.status = 'active'");
    scan_filters(sc, &sql, p, &np);
    buf_puts(&sql, ") FROM committees c WHERE c.path >= ? AND c.path < ? ORDER BY c.id");
    p[np++] = (struct db_value){.type = 't', .s = sc->path};
    p[np++] = (struct db_value){.type = 't', .s = sc->hi};
  }
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  buf_free(&sql);
  *examined = 0;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    if (n == cap) {
      struct tally_committee *more = arena_alloc(ctx->arena, sizeof *cs * (size_t)cap * 2);
      memcpy(more, cs, sizeof *cs * (size_t)cap);
      cs = more, cap *= 2;
    }
    struct tally_committee *c = &cs[n++];
    memset(c, 0, sizeof *c);
    c->id = db_col_int(st, 0);
    c->path = arena_strdup(ctx->arena, db_col_text(st, 1));
    c->members = db_col_int(st, 2);
    *examined += c->members;
  }
  db_done(st);
  if (rc != DB_DONE) return -1;
  /* the members with a row: the year's counts joined to the scan's members; only those active in
  ** the quarter where every committee met asks for an activity a quarter */
  bool cand = true;
  for (int i = 0; i < n && cand; i++)
    if (cs[i].members && tally_settings(ctx, &cs[i])->value[CONTACT_QUARTER_MIN_ACTIVITIES] < 1)
      cand = false;
  np = 0;
  if (cand) year_with(sc, &sql, p, &np);
  buf_puts(&sql, "SELECT s.committee_id, y.acts, y.people FROM (");
  year_sql(&sql, cand);
  year_params(sc, p, &np);
  buf_puts(&sql, ") y JOIN (SELECT m.id, m.committee_id");
  scan_from(sc, &sql, p, &np);
  buf_puts(&sql, ") s ON s.id = y.member_id");
  st = db_query_values(ctx->db, sql.data, np, p);
  buf_free(&sql);
  int64_t on = 0;
  while ((rc = db_step(st)) == DB_ROW) {
    struct tally_committee key = {.id = db_col_int(st, 0)};
    struct tally_committee *c = bsearch(&key, cs, (size_t)n, sizeof *cs, cmp_tally);
    if (!c) continue;
    c->rows++;
    on += on_track_by(tally_settings(ctx, c), db_col_int(st, 1), db_col_int(st, 2), sc->quarter);
  }
  db_done(st);
  if (rc != DB_DONE) return -1;
  for (int i = 0; i < n; i++)
    if (cs[i].members > cs[i].rows && on_track_by(tally_settings(ctx, &cs[i]), 0, 0, sc->quarter))
      on += cs[i].members - cs[i].rows;
  return *examined - on;
}

/* The scan of a query: its checks (year, quarter, the caller's scope, a member account's own
** read) and its bounds; false with ctx->err. *cid: the subtree's committee. */
static bool scan_init(struct entity_ctx *ctx, const struct contact_compliance_query *q,
                      struct scan *sc, int64_t *cid) {
  if (q->year < 2000 || q->year > 2099 || q->quarter < 1 || q->quarter > 4) {
    entity_fail(ctx, ERR_INVALID_FIELD, q->quarter < 1 || q->quarter > 4 ? "quarter" : "year",
                "年份应在 2000 到 2099 之间，季度应为 1 到 4",
                "year must be 2000..2099 and quarter 1..4");
    return false;
  }
  *cid = q->committee_id;
  const char *path = entity_subtree(ctx, cid);
  if (!path) return false;
  int64_t only = q->member_id;
  if (contact_self_only(ctx->user)) {
    if (only && only != ctx->user->member_id) {
      entity_not_found(ctx, "未找到该委员", "No such member");
      return false;
    }
    only = ctx->user->member_id;
  }
  *sc = (struct scan){.user = ctx->user,
                      .path = path,
                      .hi = entity_path_hi(ctx, path),
                      .only = only,
                      .group = q->group_id,
                      .no_units = q->no_units,
                      .to_remind = q->to_remind,
                      .year = q->year,
                      .quarter = q->quarter};
  for (int k = 0; k < 5; k++) {
    sc->qs[k] = time_quarter_start(q->year, k + 1);
    time_cst_date(sc->qs[k], sc->qd[k]);
  }
  time_cst_date(time_now(), sc->today);
  return true;
}

int64_t contact_compliance_short_count(struct entity_ctx *ctx,
                                       const struct contact_compliance_query *q) {
  struct scan sc;
  int64_t cid, examined;
  if (!scan_init(ctx, q, &sc, &cid)) return -1;
  return count_short(ctx, &sc, &examined);
}

json_t *contact_compliance(struct entity_ctx *ctx, const struct contact_compliance_query *q) {
  int64_t cid;
  struct scan sc;
  if (!scan_init(ctx, q, &sc, &cid)) return NULL;
  int64_t only = sc.only;
  bool short_only = q->short_only || q->to_remind;
  int limit = q->limit > 0 && q->limit <= 500 ? q->limit : 50;
  int64_t now = time_now();
  const int64_t *qs = sc.qs;
  /* the total: one member's read (no cursor) has it from its page, the member or none; with
  ** short, the members not on track, counted by the list's own rule (count_short), beside the
  ** members examined */
  int64_t total = -1, examined = -1;
  if (short_only && (!only || q->after_id)) {
    total = count_short(ctx, &sc, &examined);
    if (total < 0) {
      entity_fail(ctx, ERR_INTERNAL, NULL, "读取履职要求完成情况失败", "Could not count");
      return NULL;
    }
  } else if (!only || q->after_id) {
    struct buf csql = {0};
    struct db_value cp[16];
    int ncp = 0;
    buf_puts(&csql, "SELECT COUNT(*)");
    scan_from(&sc, &csql, cp, &ncp);
    struct db_stmt *cst = db_query_values(ctx->db, csql.data, ncp, cp);
    total = examined = db_step(cst) == DB_ROW ? db_col_int(cst, 0) : 0;
    db_done(cst);
    buf_free(&csql);
  }

  /* batches of members until the page is full: one batch unless only the short are wanted */
  int batch = short_only ? 500 : limit;
  struct row *rows = arena_alloc(ctx->arena, sizeof *rows * (size_t)(batch + 1));
  struct settings_memo *memo = arena_alloc(ctx->arena, sizeof *memo);
  json_t *items = json_array();
  int64_t after = q->after_id, last = 0, listed = 0;
  bool more = false;
  for (;;) {
    int n = scan_batch(ctx, &sc, after, batch, rows);
    if (examined < 0) examined = n;
    bool batch_more = n > batch;
    if (batch_more) n = batch;
    int i = 0;
    for (; i < n && (int)json_array_size(items) < limit; i++) {
      const struct row *r = &rows[i];
      bool on_track;
      json_t *it = item_json(r, settings_for(ctx, memo, r->committee_id, r->path), q->quarter, qs,
                             now, &on_track);
      last = r->id;
      if (short_only && on_track)
        json_decref(it);
      else
        json_array_append_new(items, it), listed++;
    }
    if ((int)json_array_size(items) == limit) {
      more = i < n || batch_more;
      break;
    }
    if (!batch_more) break;
    after = rows[n - 1].id;
  }
  if (total < 0) total = listed; /* one member's read: the member, if listed */
  char a[32], b[32];
  json_t *out = json_pack("{s:I,s:i,s:i,s:s,s:s,s:b,s:o,s:o,s:I,s:I,s:b,s:b}", "committee_id",
                          (json_int_t)cid, "year", q->year, "quarter", q->quarter,
                          "quarter_starts_at", time_iso(qs[q->quarter - 1], a), "quarter_ends_at",
                          time_iso(qs[q->quarter], b), "year_ended", now >= qs[4], "items", items,
                          "next_cursor", more ? json_sprintf("%lld", (long long)last) : json_null(),
                          "total", (json_int_t)total, "examined", (json_int_t)examined, "short",
                          short_only, "no_units", q->no_units);
  json_object_set_new(out, "to_remind", json_boolean(q->to_remind));
  return out;
}
