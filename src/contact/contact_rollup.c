/* src/contact/contact_rollup.c: the statistics of members linking with the masses for a
** committee subtree, a quarter or a year, level by level (逐级汇总): the whole subtree, the
** committee's own records, then each child committee with everything below it — the figures
** the seed reports (activities, people reached, requests solved by category, stations and
** studios certified) — and the same as an XLSX file.
**
** Counting rules (periods in CST):
**   activities                   activities with status done whose starts_at lies in the
**                                period, counted at the activity's committee, once each;
**   people_reached               their people_reached, plus the visitors of the reception days
**                                dated in the period up to today (at the day's committee): the
*members'
**                                shares of both add up to it (contact_compliance.c), for every
**                                activity with a member present and every day with one on duty;
**   participations               present participants of those activities;
**   members, members_active      active members; those with at least one counted activity or
**                                reception day on duty (contact_compliance.c's rule);
**   members_met                  quarter: activities in the quarter >= quarter minimum (the
**                                quarter by its own rule); year: every quarter met and the
**                                member's people reached >= the year minimum (the year's
**                                verdict, final once year_ended) — with the settings in force
**                                at each member's committee;
**   requests_total               requests recorded (created_at) in the period;
**   requests_solved (+ by category, average days) resolved requests closed in the period;
**   stations, studios (+ certified) and reception_days (dated in the period): as they stand.
** Seven grouped queries whatever the size of the subtree. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/xlsx.h"
#include "contact.h"
#include "contact_int.h"
#include "job/job.h"

/* The lengths of contact_request_categories and contact_activity_kinds (the tables' order is
** the buckets' order; the last category, other, takes what is none of them). */
#define NCAT  7
#define NKIND 9

struct bucket {
  int64_t members, active, met, activities, participations, people, req_total, req_solved,
      solved_seconds, stations, stations_cert, studios, studios_cert, receptions;
  int64_t solved_cat[NCAT];
};

struct committee {
  int64_t id;
  const char *name, *level, *path;
  int bucket; /* 1: own, 2 + k: child k (0 is the total) */
  struct contact_settings s;
  bool have_settings;
  int64_t members, rows; /* active members; those with a row in the per-member query */
};

struct rollup {
  struct committee *cs;
  int n;
  struct bucket *b;
  int nb;
  int64_t *child_ids; /* bucket 2 + k is child_ids[k] */
  int64_t kind_count[NKIND];
};

static int cmp_committee(const void *a, const void *b) {
  int64_t x = ((const struct committee *)a)->id, y = ((const struct committee *)b)->id;
  return x < y ? -1 : x > y;
}

static struct committee *find(struct rollup *r, int64_t id) {
  struct committee key = {.id = id};
  return bsearch(&key, r->cs, (size_t)r->n, sizeof *r->cs, cmp_committee);
}

/* Adds x to the field at offset off of the committee's bucket and of the total. */
static void add(struct rollup *r, int64_t committee_id, size_t off, int64_t x) {
  struct committee *c = find(r, committee_id);
  if (!c) return;
  *(int64_t *)((char *)&r->b[0] + off) += x;
  *(int64_t *)((char *)&r->b[c->bucket] + off) += x;
}

#define ADD(r, cid, field, x) add(r, cid, offsetof(struct bucket, field), x)

static int category_index(const char *s) {
  int i = label_index(contact_request_categories, s);
  return i >= 0 && i < NCAT ? i : NCAT - 1;
}

static json_t *bucket_json(const struct bucket *b) {
  json_t *cat = json_object();
  for (int i = 0; i < NCAT; i++)
    json_object_set_new(cat, contact_request_categories[i].name, json_integer(b->solved_cat[i]));
  json_t *o = json_pack(
      "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:I,s:I,s:I,s:I,s:I}", "members",
      (json_int_t)b->members, "members_active", (json_int_t)b->active, "members_met",
      (json_int_t)b->met, "activities", (json_int_t)b->activities, "participations",
      (json_int_t)b->participations, "people_reached", (json_int_t)b->people, "requests_total",
      (json_int_t)b->req_total, "requests_solved", (json_int_t)b->req_solved,
      "requests_solved_by_category", cat, "stations", (json_int_t)b->stations, "stations_certified",
      (json_int_t)b->stations_cert, "studios", (json_int_t)b->studios, "studios_certified",
      (json_int_t)b->studios_cert, "reception_days", (json_int_t)b->receptions);
  json_object_set_new(o, "requests_avg_days",
                      b->req_solved
                          ? json_real((double)b->solved_seconds / 86400.0 / (double)b->req_solved)
                          : json_null());
  return o;
}

/* A row of the roll-up: the bucket's figures and the committee it stands for. */
static json_t *row_json(const struct bucket *b, const struct committee *c, const char *scope) {
  json_t *o = bucket_json(b);
  json_object_set_new(o, "committee_id", json_integer(c->id));
  json_object_set_new(o, "name", json_string(c->name));
  json_object_set_new(o, "level", json_string(c->level));
  json_object_set_new(o, "scope", json_string(scope));
  return o;
}

/* Loads the committees of the subtree and gives each its bucket. */
static bool load_committees(struct entity_ctx *ctx, struct rollup *r, int64_t root,
                            const char *path) {
  int cap = 64, nchild = 0;
  r->cs = arena_alloc(ctx->arena, sizeof *r->cs * (size_t)cap);
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT id, parent_id, name, level, path FROM committees"
                                " WHERE path >= ? AND path < ? ORDER BY path",
                                "tt", path, entity_path_hi(ctx, path));
  size_t rl = strlen(path);
  const char **child_paths = arena_alloc(ctx->arena, sizeof *child_paths * (size_t)cap);
  int64_t *child_ids = arena_alloc(ctx->arena, sizeof *child_ids * (size_t)cap);
  while (db_step(st) == DB_ROW) {
    if (r->n == cap) {
      struct committee *c = arena_alloc(ctx->arena, sizeof *c * (size_t)cap * 2);
      memcpy(c, r->cs, sizeof *c * (size_t)cap);
      const char **p = arena_alloc(ctx->arena, sizeof *p * (size_t)cap * 2);
      memcpy(p, child_paths, sizeof *p * (size_t)cap);
      int64_t *ids = arena_alloc(ctx->arena, sizeof *ids * (size_t)cap * 2);
      memcpy(ids, child_ids, sizeof *ids * (size_t)cap);
      r->cs = c, child_paths = p, child_ids = ids, cap *= 2;
    }
    struct committee *c = &r->cs[r->n++];
    memset(c, 0, sizeof *c);
    c->id = db_col_int(st, 0);
    c->name = arena_strdup(ctx->arena, db_col_text(st, 2));
    c->level = arena_strdup(ctx->arena, db_col_text(st, 3));
    c->path = arena_strdup(ctx->arena, db_col_text(st, 4));
    if (c->id == root)
      c->bucket = 1;
    else if (!db_col_null(st, 1) && db_col_int(st, 1) == root) {
      child_paths[nchild] = c->path;
      child_ids[nchild] = c->id;
      c->bucket = 2 + nchild++;
    } else {
      /* below a child: the child is the one whose path is the first segment after the root's,
      ** and, sorted by path, it came before */
      const char *slash = strchr(c->path + rl, '/');
      size_t len = slash ? (size_t)(slash - c->path) + 1 : strlen(c->path);
      c->bucket = 1;
      for (int k = nchild - 1; k >= 0; k--)
        if (strlen(child_paths[k]) == len && !strncmp(child_paths[k], c->path, len)) {
          c->bucket = 2 + k;
          break;
        }
    }
  }
  db_done(st);
  r->nb = 2 + nchild;
  r->child_ids = child_ids;
  r->b = arena_alloc(ctx->arena, sizeof *r->b * (size_t)r->nb);
  memset(r->b, 0, sizeof *r->b * (size_t)r->nb);
  qsort(r->cs, (size_t)r->n, sizeof *r->cs, cmp_committee);
  return r->n > 0;
}

static const struct contact_settings *settings_of(struct entity_ctx *ctx, struct committee *c) {
  if (!c->have_settings) {
    contact_settings_at(ctx->db, c->path, &c->s);
    c->have_settings = true;
  }
  return &c->s;
}

/* The counts, grouped by committee. */
static void count(struct entity_ctx *ctx, struct rollup *r, const char *path, int year, int quarter,
                  int64_t from, int64_t to) {
  const char *hi = entity_path_hi(ctx, path);
  struct db_stmt *st;
  /* members: counted per committee in the index on (committee_id, status) (migration 19), from
  ** the committees of the subtree — not by reading the subtree's member rows */
  st = db_query(ctx->db,
                "SELECT c.id, (SELECT COUNT(*) FROM members m WHERE m.committee_id = c.id"
                " AND m.status = 'active') FROM committees c WHERE c.path >= ? AND c.path < ?",
                "tt", path, hi);
  while (db_step(st) == DB_ROW) {
    struct committee *c = find(r, db_col_int(st, 0));
    if (c) c->members = db_col_int(st, 1);
    ADD(r, db_col_int(st, 0), members, db_col_int(st, 1));
  }
  db_done(st);
  /* activities, people reached, by kind */
  st = db_query(ctx->db,
                "SELECT a.committee_id, a.kind, COUNT(*), SUM(a.people_reached) FROM activities a"
                " JOIN committees c ON c.id = a.committee_id WHERE c.path >= ? AND c.path < ?"
                " AND a.status = 'done' AND a.starts_at >= ? AND a.starts_at < ?"
                " GROUP BY a.committee_id, a.kind",
                "ttii", path, hi, from, to);
  while (db_step(st) == DB_ROW) {
    ADD(r, db_col_int(st, 0), activities, db_col_int(st, 2));
    ADD(r, db_col_int(st, 0), people, db_col_int(st, 3));
    int k = label_index(contact_activity_kinds, db_col_text(st, 1));
    if (k >= 0 && k < NKIND) r->kind_count[k] += db_col_int(st, 2);
  }
  db_done(st);
  /* participations */
  st = db_query(
      ctx->db,
      "SELECT a.committee_id, COUNT(*) FROM activity_participants p"
      " JOIN activities a ON a.id = p.activity_id JOIN committees c ON c.id = a.committee_id"
      " WHERE c.path >= ? AND c.path < ? AND a.status = 'done' AND a.starts_at >= ?"
      " AND a.starts_at < ? AND p.attendance = 'present' GROUP BY a.committee_id",
      "ttii", path, hi, from, to);
  while (db_step(st) == DB_ROW) ADD(r, db_col_int(st, 0), participations, db_col_int(st, 1));
  db_done(st);
  /* each member's year, for active and met: the activities attended and the reception days on
  ** duty, each with the member's own share of the people reached */
  int64_t qs[5];
  char qd[5][16], today[16];
  for (int k = 0; k < 5; k++) time_cst_date(qs[k] = time_quarter_start(year, k + 1), qd[k]);
  time_cst_date(time_now(), today);
  /* a quarter's report judges that quarter only: its rows, not the year's (the other quarters'
  ** counts and the people reached serve the year's verdict alone) */
  int lo = quarter ? quarter - 1 : 0, up = quarter ? quarter : 4;
  st = db_query(
      ctx->db,
      "SELECT m.committee_id, SUM(CASE WHEN x.q = 1 THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN x.q = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN x.q = 3 THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN x.q = 4 THEN 1 ELSE 0 END), SUM(x.people) FROM ("
      " SELECT p.member_id AS member_id, CASE WHEN a.starts_at < ? THEN 1"
      " WHEN a.starts_at < ? THEN 2 WHEN a.starts_at < ? THEN 3 ELSE 4 END AS q,"
      " p.people_reached AS people"
      " FROM activities a JOIN activity_participants p ON p.activity_id = a.id"
      " WHERE p.attendance = 'present' AND a.status = 'done' AND a.starts_at >= ?"
      " AND a.starts_at < ?"
      " UNION ALL"
      " SELECT d.member_id, CASE WHEN r.date < ? THEN 1 WHEN r.date < ? THEN 2"
      " WHEN r.date < ? THEN 3 ELSE 4 END, d.people_reached"
      " FROM reception_days r JOIN reception_duty d ON d.reception_day_id = r.id"
      " WHERE r.date >= ? AND r.date < ? AND r.date <= ?) x"
      " JOIN members m ON m.id = x.member_id"
      /* +: not by the members' committee index (every member of the subtree), but
      ** from the year's activities and reception days to their members */
      " WHERE +m.committee_id IN (SELECT id FROM committees WHERE path >= ? AND path < ?)"
      " AND m.status = 'active' GROUP BY m.committee_id, x.member_id",
      "iiiiitttttttt", qs[1], qs[2], qs[3], qs[lo], qs[up], qd[1], qd[2], qd[3], qd[lo], qd[up],
      today, path, hi);
  while (db_step(st) == DB_ROW) {
    struct committee *c = find(r, db_col_int(st, 0));
    if (!c) continue;
    const struct contact_settings *s = settings_of(ctx, c);
    int64_t q[4], qmin = s->value[CONTACT_QUARTER_MIN_ACTIVITIES];
    for (int k = 0; k < 4; k++) q[k] = db_col_int(st, 1 + k);
    bool active, met;
    if (quarter) {
      active = q[quarter - 1] > 0;
      met = q[quarter - 1] >= qmin;
    } else {
      active = q[0] + q[1] + q[2] + q[3] > 0;
      met = db_col_int(st, 5) >= s->value[CONTACT_YEAR_MIN_PEOPLE];
      for (int k = 0; k < 4; k++) met = met && q[k] >= qmin;
    }
    c->rows++;
    if (active) ADD(r, c->id, active, 1);
    if (met) ADD(r, c->id, met, 1);
  }
  db_done(st);
  /* members without a counted activity meet the quota only when it asks for none */
  for (int i = 0; i < r->n; i++) {
    struct committee *c = &r->cs[i];
    if (c->members <= c->rows) continue;
    const struct contact_settings *s = settings_of(ctx, c);
    bool zero_ok = s->value[CONTACT_QUARTER_MIN_ACTIVITIES] == 0 &&
                   (quarter || s->value[CONTACT_YEAR_MIN_PEOPLE] == 0);
    if (zero_ok) ADD(r, c->id, met, c->members - c->rows);
  }
  /* requests recorded, requests solved */
  st = db_query(
      ctx->db,
      "SELECT r.committee_id, COUNT(*) FROM requests r JOIN committees c ON c.id = r.committee_id"
      " WHERE c.path >= ? AND c.path < ? AND r.created_at >= ? AND r.created_at < ?"
      " GROUP BY r.committee_id",
      "ttii", path, hi, from, to);
  while (db_step(st) == DB_ROW) ADD(r, db_col_int(st, 0), req_total, db_col_int(st, 1));
  db_done(st);
  st = db_query(ctx->db,
                "SELECT r.committee_id, r.category, COUNT(*),"
                " SUM(r.closed_at - COALESCE(r.accepted_at, r.created_at))"
                " FROM requests r JOIN committees c ON c.id = r.committee_id"
                " WHERE c.path >= ? AND c.path < ? AND r.status = 'resolved' AND r.closed_at >= ?"
                " AND r.closed_at < ? GROUP BY r.committee_id, r.category",
                "ttii", path, hi, from, to);
  while (db_step(st) == DB_ROW) {
    int64_t cid = db_col_int(st, 0), n = db_col_int(st, 2);
    ADD(r, cid, req_solved, n);
    ADD(r, cid, solved_seconds, db_col_int(st, 3));
    add(r, cid,
        offsetof(struct bucket, solved_cat) +
            sizeof(int64_t) * (size_t)category_index(db_col_text(st, 1)),
        n);
  }
  db_done(st);
  /* stations and studios as they stand */
  st = db_query(ctx->db,
                "SELECT s.committee_id, s.kind, s.cert_status, COUNT(*) FROM stations s"
                " JOIN committees c ON c.id = s.committee_id WHERE c.path >= ? AND c.path < ?"
                " GROUP BY s.committee_id, s.kind, s.cert_status",
                "tt", path, hi);
  while (db_step(st) == DB_ROW) {
    int64_t cid = db_col_int(st, 0), n = db_col_int(st, 3);
    bool studio = !strcmp(db_col_text(st, 1), "studio"),
         cert = !strcmp(db_col_text(st, 2), "certified");
    if (studio)
      ADD(r, cid, studios, n);
    else
      ADD(r, cid, stations, n);
    if (cert && studio)
      ADD(r, cid, studios_cert, n);
    else if (cert)
      ADD(r, cid, stations_cert, n);
  }
  db_done(st);
  char d0[16], d1[16];
  time_cst_date(from, d0);
  time_cst_date(to, d1);
  st = db_query(ctx->db,
                "SELECT d.committee_id, COUNT(*), SUM(CASE WHEN d.date <= ? THEN d.visitors ELSE 0"
                " END) FROM reception_days d JOIN committees c ON c.id = d.committee_id"
                " WHERE c.path >= ? AND c.path < ? AND d.date >= ? AND d.date < ?"
                " GROUP BY d.committee_id",
                "ttttt", today, path, hi, d0, d1);
  while (db_step(st) == DB_ROW) {
    ADD(r, db_col_int(st, 0), receptions, db_col_int(st, 1));
    ADD(r, db_col_int(st, 0), people, db_col_int(st, 2));
  }
  db_done(st);
}

const char *contact_rollup_check(struct entity_ctx *ctx, int64_t *committee_id, int year,
                                 int quarter) {
  if (year < 2000 || year > 2099 || quarter < 0 || quarter > 4) {
    entity_fail(ctx, ERR_INVALID_FIELD, quarter < 0 || quarter > 4 ? "quarter" : "year",
                "年份应在 2000 到 2099 之间，季度应为 1 到 4（不填为全年）",
                "year must be 2000..2099 and quarter 1..4 (none: the whole year)");
    return NULL;
  }
  if (contact_self_only(ctx->user)) {
    entity_forbidden(ctx, "统计汇总仅供工作人员查看", "The statistics are for staff");
    return NULL;
  }
  return entity_subtree(ctx, committee_id);
}

json_t *contact_rollup(struct entity_ctx *ctx, int64_t committee_id, int year, int quarter) {
  int64_t cid = committee_id;
  const char *path = contact_rollup_check(ctx, &cid, year, quarter);
  if (!path) return NULL;
  int64_t from = time_quarter_start(year, quarter ? quarter : 1);
  int64_t to = quarter ? time_quarter_start(year, quarter + 1) : time_quarter_start(year + 1, 1);
  struct rollup r = {0};
  if (!load_committees(ctx, &r, cid, path)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "committee_id", "所属政协不存在", "No such committee");
    return NULL;
  }
  count(ctx, &r, path, year, quarter, from, to);
  struct committee *root = find(&r, cid);
  json_t *rows = json_array();
  json_array_append_new(rows, row_json(&r.b[0], root, "total"));
  json_array_append_new(rows, row_json(&r.b[1], root, "own"));
  for (int b = 2; b < r.nb; b++)
    json_array_append_new(rows, row_json(&r.b[b], find(&r, r.child_ids[b - 2]), "child"));
  json_t *by_kind = json_object();
  for (int k = 0; k < NKIND; k++)
    json_object_set_new(by_kind, contact_activity_kinds[k].name, json_integer(r.kind_count[k]));
  char a[32], b[32];
  return json_pack("{s:I,s:s,s:i,s:i,s:s,s:s,s:b,s:o,s:o}", "committee_id", (json_int_t)cid,
                   "committee_name", root->name, "year", year, "quarter", quarter, "from",
                   time_iso(from, a), "to", time_iso(to, b), "year_ended",
                   time_now() >= time_quarter_start(year + 1, 1), "activities_by_kind", by_kind,
                   "rows", rows);
}

bool contact_rollup_xlsx(struct entity_ctx *ctx, const json_t *rollup, struct buf *out) {
  struct xlsx_file f;
  if (!xlsx_open(&f)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法创建临时文件", "Cannot create a temporary file");
    return false;
  }
  lxw_worksheet *ws = xlsx_sheet(&f, "联系群众统计");
  int year = (int)json_integer_value(json_object_get(rollup, "year"));
  int quarter = (int)json_integer_value(json_object_get(rollup, "quarter"));
  const char *title =
      quarter ? arena_printf(ctx->arena, "%s %d年第%d季度委员联系界别群众工作统计",
                             json_string_value(json_object_get(rollup, "committee_name")), year,
                             quarter)
              : arena_printf(ctx->arena, "%s %d年委员联系界别群众工作统计",
                             json_string_value(json_object_get(rollup, "committee_name")), year);
  worksheet_write_string(ws, 0, 0, title, f.bold);
  /* the scope column is written below, from the row's scope */
  static const struct xlsx_col cols[] = {{"政协", "name", 22},
                                         {"范围", NULL, 12},
                                         {"委员数", "members", 12, true},
                                         {"参加活动委员数", "members_active", 12, true},
                                         {"达标委员数", "members_met", 12, true},
                                         {"活动次数", "activities", 12, true},
                                         {"委员参加人次", "participations", 12, true},
                                         {"联系群众人次", "people_reached", 12, true},
                                         {"受理诉求", "requests_total", 12, true},
                                         {"解决诉求", "requests_solved", 12, true},
                                         {"工作站", "stations", 12, true},
                                         {"已认定工作站", "stations_certified", 12, true},
                                         {"工作室", "studios", 12, true},
                                         {"已认定工作室", "studios_certified", 12, true},
                                         {"委员接待日", "reception_days", 12, true}};
  const int ncols = (int)(sizeof cols / sizeof cols[0]);
  struct xlsx_col cats[NCAT];
  for (int k = 0; k < NCAT; k++)
    cats[k] =
        (struct xlsx_col){arena_printf(ctx->arena, "解决诉求·%s", contact_request_categories[k].zh),
                          contact_request_categories[k].name, 12, true};
  xlsx_header(&f, ws, 2, 0, cols, ncols);
  xlsx_header(&f, ws, 2, (lxw_col_t)ncols, cats, NCAT);
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(rollup, "rows"), i, row) {
    lxw_row_t y = (lxw_row_t)(3 + i);
    const char *scope = json_string_value(json_object_get(row, "scope"));
    xlsx_row(ws, y, 0, cols, ncols, row);
    worksheet_write_string(ws, y, 1,
                           !strcmp(scope, "total") ? "合计（含下级）"
                           : !strcmp(scope, "own") ? "本级"
                                                   : "下级（含其下级）",
                           NULL);
    xlsx_row(ws, y, (lxw_col_t)ncols, cats, NCAT,
             json_object_get(row, "requests_solved_by_category"));
  }
  if (!xlsx_finish(&f, out)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "生成 XLSX 文件失败", "Could not write the XLSX file");
    return false;
  }
  return true;
}

/* The file name of a roll-up's workbook (arena). */
static const char *rollup_file_name(struct arena *a, int year, int quarter) {
  return quarter ? arena_printf(a, "联系群众统计-%d年第%d季度.xlsx", year, quarter)
                 : arena_printf(a, "联系群众统计-%d年.xlsx", year);
}

bool contact_rollup_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  int year = (int)json_integer_value(json_object_get(j->params, "year"));
  int quarter = (int)json_integer_value(json_object_get(j->params, "quarter"));
  job_progress(j, 0, 1, "统计联系群众工作");
  struct buf out = {0};
  json_t *r = contact_rollup(&ctx, json_integer_value(json_object_get(j->params, "committee_id")),
                             year, quarter);
  bool built = r && contact_rollup_xlsx(&ctx, r, &out);
  json_decref(r);
  return job_set_file(j, &ctx, built, &out,
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      rollup_file_name(j->arena, year, quarter));
}
