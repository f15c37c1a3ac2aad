/* src/stats/stats.c: member figures, one grouped scan and the rest in C. */
#include "stats.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "db/db.h"
#include "member/member.h"
#include "org/org.h"

struct tally {
  json_t *counts; /* key → count */
  json_t *labels; /* key → label */
};

static void tally_add(struct tally *t, const char *key, const char *label, int64_t n) {
  json_t *c = json_object_get(t->counts, key);
  json_object_set_new(t->counts, key, json_integer((c ? json_integer_value(c) : 0) + n));
  if (!json_object_get(t->labels, key)) json_object_set_new(t->labels, key, json_string(label));
}

/* The tally as a list ordered by order (a label table's names) when given, else by count
** descending. */
static json_t *tally_list(struct tally *t, const struct label *order) {
  json_t *out = json_array();
  const char *key;
  json_t *v;
  if (order) {
    for (; order->name; order++)
      if ((v = json_object_get(t->counts, order->name)))
        json_array_append_new(out, json_pack("{s:s,s:O,s:O}", "key", order->name, "label",
                                             json_object_get(t->labels, order->name), "count", v));
  } else {
    json_object_foreach(t->counts, key, v) {
      size_t i = 0;
      while (i < json_array_size(out) &&
             json_integer_value(json_object_get(json_array_get(out, i), "count")) >=
                 json_integer_value(v))
        i++;
      json_array_insert_new(out, i,
                            json_pack("{s:s,s:O,s:O}", "key", key, "label",
                                      json_object_get(t->labels, key), "count", v));
    }
  }
  json_decref(t->counts);
  json_decref(t->labels);
  return out;
}

static const struct label age_groups[] = {
    {"under40", "40岁以下", "Under 40"}, {"40-49", "40-49岁", "40-49"},
    {"50-59", "50-59岁", "50-59"},       {"60plus", "60岁及以上", "60 and over"},
    {"unknown", "未填", "Not given"},    {NULL},
};

/* The age group of a member born in birth_year (0: not given), by the age reached in year: the
** database keeps the birth year in clear and the date sealed (src/member/member.c), so the
** figures count a member born in 1986 as 40 all through 2026. */
static const char *age_key(int64_t birth_year, int year) {
  if (!birth_year) return "unknown";
  int64_t age = year - birth_year;
  return age < 40 ? "under40" : age < 50 ? "40-49" : age < 60 ? "50-59" : "60plus";
}

json_t *stats_members(struct db *db, const struct user *u, const char *path, int today_year,
                      int en) {
  size_t pl = strlen(path);
  char hi[256];
  snprintf(hi, sizeof hi, "%.*s0", (int)(pl - 1), path);
  struct tally lv = {json_object(), json_object()}, se = {json_object(), json_object()},
               ge = {json_object(), json_object()}, ag = {json_object(), json_object()},
               pa = {json_object(), json_object()};
  struct buf sql = {0};
  struct db_value pv[4] = {{.type = 't', .s = path}, {.type = 't', .s = hi}};
  int np = 2;
  buf_puts(&sql,
           "SELECT c.level, COALESCE(s.id, 0), COALESCE(s.name, ''), m.gender,"
           " COALESCE(m.birth_year, 0), COALESCE(p.id, 0), COALESCE(p.short_name, ''), "
           "COALESCE(p.name, ''), COUNT(*)"
           " FROM members m JOIN committees c ON c.id = m.committee_id"
           " LEFT JOIN sectors s ON s.id = m.sector_id LEFT JOIN parties p ON p.id = m.party_id"
           " WHERE m.status = 'active' AND c.path >= ? AND c.path < ?");
  member_scope_sql(u, "m", &sql, pv, &np);
  buf_puts(&sql,
           " GROUP BY c.level, s.id, s.name, m.gender, m.birth_year, p.id, p.short_name, p.name");
  struct db_stmt *st = db_query_values(db, sql.data, np, pv);
  buf_free(&sql);
  int64_t total = 0;
  while (db_step(st) == DB_ROW) {
    int64_t n = db_col_int(st, 8);
    total += n;
    const char *level = db_col_text(st, 0);
    tally_add(&lv, level, label_text(org_levels, level, en), n);
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)db_col_int(st, 1));
    tally_add(&se, key, db_col_int(st, 1) ? db_col_text(st, 2) : (en ? "Not given" : "未填"), n);
    const char *g = db_col_text(st, 3);
    tally_add(&ge, g, label_text(member_genders, g, en), n);
    const char *ak = age_key(db_col_int(st, 4), today_year);
    tally_add(&ag, ak, label_text(age_groups, ak, en), n);
    snprintf(key, sizeof key, "%lld", (long long)db_col_int(st, 5));
    const char *pl_ = *db_col_text(st, 6) ? db_col_text(st, 6) : db_col_text(st, 7);
    tally_add(&pa, key, db_col_int(st, 5) ? pl_ : (en ? "None" : "未填"), n);
  }
  db_done(st);
  return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o}", "total", (json_int_t)total, "by_level",
                   tally_list(&lv, org_levels), "by_sector", tally_list(&se, NULL), "by_gender",
                   tally_list(&ge, NULL), "by_age", tally_list(&ag, age_groups), "by_party",
                   tally_list(&pa, NULL));
}
