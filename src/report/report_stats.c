/* src/report/report_stats.c: statistics of reports — submitted, adopted, adopted above the
** committee's own level (province or national), instructions — in total and by member, sector,
** activity group and CST month. One query reads the year's submitted reports of the subtree
** with their adoption and instruction counts; the groups are summed in memory (a committee's
** year is thousands of reports at most). */
#include <string.h>
#include "base/arena.h"
#include "base/timeutil.h"
#include "report_int.h"

/* The figures of one report, in the order of names[]. */
enum { F_SUBMITTED, F_ADOPTED, F_PROVINCE, F_NATIONAL, F_ABOVE, F_INSTR, F_URGENT, F_SENT, F__N };
static const char *const names[F__N] = {"submitted",        "adopted",       "adopted_province",
                                        "adopted_national", "adopted_above", "instructions",
                                        "urgent",           "sent_up"};

/* Adds one report's figures to the group keyed key in obj (created with its labels). */
static void tally(json_t *obj, const char *key, json_t *labels, const int *fig) {
  json_t *g = json_object_get(obj, key);
  if (!g) {
    g = json_object();
    for (int i = 0; i < F__N; i++) json_object_set_new(g, names[i], json_integer(0));
    json_object_update(g, labels);
    json_object_set_new(obj, key, g);
  }
  json_decref(labels);
  for (int i = 0; i < F__N; i++)
    json_object_set_new(g, names[i],
                        json_integer(json_integer_value(json_object_get(g, names[i])) + fig[i]));
}

static json_t *values_of(json_t *obj) {
  json_t *arr = json_array(), *v;
  const char *k;
  json_object_foreach(obj, k, v) json_array_append(arr, v);
  json_decref(obj);
  return arr;
}

json_t *report_stats(struct entity_ctx *ctx, int64_t committee_id, int year) {
  const char *path = entity_subtree(ctx, &committee_id);
  if (!path) return NULL;
  int64_t from = year ? time_quarter_start(year, 1) : 0,
          to = year ? time_quarter_start(year + 1, 1) : INT64_MAX;
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT r.status, r.submitted_at, r.urgent, COALESCE(r.member_id, 0), COALESCE(m.name, ''),"
      " COALESCE(sec.id, 0), COALESCE(sec.name, ''), COALESCE(g.id, 0), COALESCE(g.name, ''),"
      " (SELECT COUNT(*) FROM report_adoptions a WHERE a.report_id = r.id AND a.level = "
      "'province'),"
      " (SELECT COUNT(*) FROM report_adoptions a WHERE a.report_id = r.id AND a.level = "
      "'national'),"
      " (SELECT COUNT(*) FROM report_instructions i WHERE i.report_id = r.id),"
      " (SELECT COUNT(*) FROM bulletin_items bi JOIN bulletins b ON b.id = bi.bulletin_id"
      " WHERE bi.report_id = r.id AND b.status = 'sent')"
      " FROM reports r JOIN committees c ON c.id = r.committee_id"
      " LEFT JOIN members m ON m.id = r.member_id"
      " LEFT JOIN sectors sec ON sec.id = COALESCE(m.sector_id, CASE WHEN r.collective_kind = "
      "'sector' THEN r.collective_id END)"
      " LEFT JOIN activity_groups g ON g.id = COALESCE(m.group_id, CASE WHEN r.collective_kind = "
      "'group' THEN r.collective_id END)"
      " WHERE c.path >= ? AND c.path < ? AND r.status NOT IN ('draft', 'withdrawn') AND "
      "r.submitted_at >= ?"
      " AND r.submitted_at < ? ORDER BY r.submitted_at, r.id",
      "ttii", path, entity_path_hi(ctx, path), from, to);
  json_t *totals = json_object(), *members = json_object(), *sectors = json_object(),
         *groups = json_object(), *months = json_object();
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    int province = db_col_int(st, 9) > 0, national = db_col_int(st, 10) > 0;
    const int fig[F__N] = {[F_SUBMITTED] = 1,
                           [F_ADOPTED] = !strcmp(db_col_text(st, 0), "adopted"),
                           [F_PROVINCE] = province,
                           [F_NATIONAL] = national,
                           [F_ABOVE] = province || national,
                           [F_INSTR] = (int)db_col_int(st, 11),
                           [F_URGENT] = db_col_int(st, 2) != 0,
                           [F_SENT] = db_col_int(st, 12) > 0};
    tally(totals, "all", json_object(), fig);
    char key[32], month[16];
    if (db_col_int(st, 3)) {
      snprintf(key, sizeof key, "%lld", (long long)db_col_int(st, 3));
      tally(members, key,
            json_pack("{s:I,s:s,s:s}", "member_id", (json_int_t)db_col_int(st, 3), "name",
                      db_col_text(st, 4), "sector", db_col_text(st, 6)),
            fig);
    }
    if (db_col_int(st, 5)) {
      snprintf(key, sizeof key, "%lld", (long long)db_col_int(st, 5));
      tally(sectors, key,
            json_pack("{s:I,s:s}", "id", (json_int_t)db_col_int(st, 5), "name", db_col_text(st, 6)),
            fig);
    }
    if (db_col_int(st, 7)) {
      snprintf(key, sizeof key, "%lld", (long long)db_col_int(st, 7));
      tally(groups, key,
            json_pack("{s:I,s:s}", "id", (json_int_t)db_col_int(st, 7), "name", db_col_text(st, 8)),
            fig);
    }
    char d[16];
    time_cst_date(db_col_int(st, 1), d);
    snprintf(month, sizeof month, "%.7s", d);
    tally(months, month, json_pack("{s:s}", "month", month), fig);
  }
  db_done(st);
  if (rc != DB_DONE) {
    json_decref(totals), json_decref(members), json_decref(sectors), json_decref(groups),
        json_decref(months);
    entity_fail(ctx, ERR_INTERNAL, NULL, "统计失败", "The statistics failed");
    return NULL;
  }
  json_t *all = json_object_get(totals, "all");
  if (!all) {
    static const int none[F__N];
    tally(totals, "all", json_object(), none);
    all = json_object_get(totals, "all");
  }
  json_t *out =
      json_pack("{s:I,s:O,s:o,s:o,s:o,s:o}", "committee_id", (json_int_t)committee_id, "totals",
                all, "by_member", values_of(members), "by_sector", values_of(sectors), "by_group",
                values_of(groups), "by_month", values_of(months));
  json_object_set_new(out, "year", year ? json_integer(year) : json_null());
  json_decref(totals);
  return out;
}
