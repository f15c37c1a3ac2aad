/* src/contact/contact_compliance.c: the quotas of members linking with the masses (at least 1
** activity a quarter, at least 40 people reached a year, by default; per committee settings),
** checked for every active member of a committee subtree.
**
** The rule, for member M, year Y (CST) and its quarters:
**   an activity counts for M when M is a participant with attendance "present", the activity's
**   status is "done", and its starts_at lies in the quarter (boundaries at 00:00 CST on
**   1 January, 1 April, 1 July and 1 October: time_quarter_start);
**   people reached in Y = the sum of people_reached over the activities that count for M in Y;
**   each member present is credited with the activity's whole figure (a visit by three members
**   that reached 60 people counts 60 for each of them).
**   quarter_met: activities in the quarter judged >= quarter_min_activities;
**   year_met: people reached in Y >= year_min_people; met: both.
** The minimums are those in force at M's own committee (contact_settings_at).
**
** A page costs two grouped queries: the page of members (in id order), then the counts of all
** of them at once, grouped by member over the id range of the page. */
#include <string.h>
#include "auth/access.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "contact.h"
#include "contact_int.h"

struct row {
  int64_t id, committee_id;
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

/* Reads the members of the subtree after after_id (at most want + 1, in id order) with their
** counts into rows; returns how many were read. Two grouped queries. */
static int scan_batch(struct entity_ctx *ctx, const char *path, const char *hi, int64_t only,
                      int64_t group, int64_t after_id, int want, const int64_t qs[5],
                      struct row *rows) {
  int n = 0;
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT m.id, m.name, m.committee_id, c.name, c.path FROM members m"
               " JOIN committees c ON c.id = m.committee_id WHERE c.path >= ? AND c.path < ?"
               " AND ((? = 0 AND m.status = 'active') OR m.id = ?) AND (? = 0 OR m.group_id = ?)"
               " AND m.id > ?"
               " ORDER BY m.id LIMIT ?",
               "ttiiiiii", path, hi, only, only, group, group, after_id, (int64_t)want + 1);
  while (db_step(st) == DB_ROW && n <= want) {
    struct row *r = &rows[n++];
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->name = arena_strdup(ctx->arena, db_col_text(st, 1));
    r->committee_id = db_col_int(st, 2);
    r->committee_name = arena_strdup(ctx->arena, db_col_text(st, 3));
    r->path = arena_strdup(ctx->arena, db_col_text(st, 4));
  }
  db_done(st);
  if (!n) return 0;
  /* the counts of the batch's members, grouped; the id range (after, last] holds them all */
  st = db_query(ctx->db,
                "SELECT p.member_id,"
                " SUM(CASE WHEN a.starts_at < ? THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN a.starts_at >= ? AND a.starts_at < ? THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN a.starts_at >= ? AND a.starts_at < ? THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN a.starts_at >= ? THEN 1 ELSE 0 END),"
                " SUM(a.people_reached)"
                " FROM activity_participants p JOIN activities a ON a.id = p.activity_id"
                " WHERE p.member_id > ? AND p.member_id <= ? AND p.attendance = 'present'"
                " AND a.status = 'done' AND a.starts_at >= ? AND a.starts_at < ?"
                " GROUP BY p.member_id ORDER BY p.member_id",
                "iiiiiiiiii", qs[1], qs[1], qs[2], qs[2], qs[3], qs[3], rows[0].id - 1,
                rows[n - 1].id, qs[0], qs[4]);
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

/* The JSON item of a member's compliance; *met tells whether it meets both minimums. */
static json_t *item_json(const struct row *r, const struct contact_settings *s, int quarter,
                         bool *met) {
  int64_t qmin = s->value[CONTACT_QUARTER_MIN_ACTIVITIES], ymin = s->value[CONTACT_YEAR_MIN_PEOPLE];
  int64_t acts = r->q[quarter - 1];
  bool qmet = acts >= qmin, ymet = r->people >= ymin;
  *met = qmet && ymet;
  return json_pack("{s:I,s:s,s:I,s:s,s:[IIII],s:I,s:I,s:I,s:I,s:b,s:b,s:b,s:I,s:I}", "member_id",
                   (json_int_t)r->id, "name", r->name, "committee_id", (json_int_t)r->committee_id,
                   "committee_name", r->committee_name, "quarters", (json_int_t)r->q[0],
                   (json_int_t)r->q[1], (json_int_t)r->q[2], (json_int_t)r->q[3], "activities",
                   (json_int_t)acts, "people_reached", (json_int_t)r->people, "quarter_min",
                   (json_int_t)qmin, "year_min", (json_int_t)ymin, "quarter_met", qmet, "year_met",
                   ymet, "met", *met, "people_short", (json_int_t)(ymet ? 0 : ymin - r->people),
                   "activities_short", (json_int_t)(qmet ? 0 : qmin - acts));
}

json_t *contact_compliance(struct entity_ctx *ctx, const struct contact_compliance_query *q) {
  if (q->year < 2000 || q->year > 2099 || q->quarter < 1 || q->quarter > 4) {
    entity_fail(ctx, ERR_INVALID_FIELD, q->quarter < 1 || q->quarter > 4 ? "quarter" : "year",
                "年份应在 2000 到 2099 之间，季度应为 1 到 4",
                "year must be 2000..2099 and quarter 1..4");
    return NULL;
  }
  int64_t cid = q->committee_id;
  const char *path = entity_subtree(ctx, &cid);
  if (!path) return NULL;
  int64_t only = q->member_id;
  if (contact_self_only(ctx->user)) {
    if (only && only != ctx->user->member_id) {
      entity_not_found(ctx, "未找到该委员", "No such member");
      return NULL;
    }
    only = ctx->user->member_id;
  }
  int limit = q->limit > 0 && q->limit <= 500 ? q->limit : 50;
  const char *hi = entity_path_hi(ctx, path);
  int64_t qs[5];
  for (int k = 0; k < 5; k++) qs[k] = time_quarter_start(q->year, k + 1);
  int64_t total =
      db_int(ctx->db, 0,
             "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
             " WHERE c.path >= ? AND c.path < ? AND ((? = 0 AND m.status = 'active') OR m.id = ?)"
             " AND (? = 0 OR m.group_id = ?)",
             "ttiiii", path, hi, only, only, q->group_id, q->group_id);

  /* batches of members until the page is full: one batch unless only the short are wanted */
  int batch = q->short_only ? 500 : limit;
  struct row *rows = arena_alloc(ctx->arena, sizeof *rows * (size_t)(batch + 1));
  struct settings_memo *memo = arena_alloc(ctx->arena, sizeof *memo);
  json_t *items = json_array();
  int64_t after = q->after_id, last = 0;
  bool more = false;
  for (;;) {
    int n = scan_batch(ctx, path, hi, only, q->group_id, after, batch, qs, rows);
    bool batch_more = n > batch;
    if (batch_more) n = batch;
    int i = 0;
    for (; i < n && (int)json_array_size(items) < limit; i++) {
      const struct row *r = &rows[i];
      bool met;
      json_t *it =
          item_json(r, settings_for(ctx, memo, r->committee_id, r->path), q->quarter, &met);
      last = r->id;
      if (q->short_only && met)
        json_decref(it);
      else
        json_array_append_new(items, it);
    }
    if ((int)json_array_size(items) == limit) {
      more = i < n || batch_more;
      break;
    }
    if (!batch_more) break;
    after = rows[n - 1].id;
  }
  char a[32], b[32];
  return json_pack("{s:I,s:i,s:i,s:s,s:s,s:o,s:o,s:I,s:b}", "committee_id", (json_int_t)cid, "year",
                   q->year, "quarter", q->quarter, "quarter_starts_at",
                   time_iso(qs[q->quarter - 1], a), "quarter_ends_at", time_iso(qs[q->quarter], b),
                   "items", items, "next_cursor",
                   more ? json_sprintf("%lld", (long long)last) : json_null(), "total",
                   (json_int_t)total, "short", q->short_only);
}
