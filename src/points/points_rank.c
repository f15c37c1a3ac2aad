/* src/points/points_rank.c: ranking, assessment, candidates for honours, the dashboard, the
** member's own page, and the reminders to the bottom of the ranking.
**
** A scope is the active members of a committee subtree, optionally of one sector or activity
** group; a member without a total for the year counts as 0. Ranks are competition ranks
** (equal totals share a rank: 1 + those ahead). percentile = (of − rank) / of, the share of the
** scope ranked below the member's place; top_percent = rank / of. The bottom of the ranking is
** the last bottom.count members, or the last bottom.percent % (rounded up), in the order
** total ascending then id descending. Grades, flags and honours follow the rule set in force
** at the scope's committee; the score graded is the total kept between 0 and full marks.
**
** Reminders: staff queue them for a subtree (points_remind_enqueue); the worker of every
** server also checks every 10 minutes whether today (CST) is within 7 days after one of the
** checkpoints of a committee's rule set for the current year, and queues one job per
** committee and checkpoint (the row of points_reminder_runs is the claim). A member is
** reminded once per checkpoint. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "contact/contact.h"
#include "db/db.h"
#include "entity/entity.h"
#include "job/job.h"
#include "notify/notify.h"
#include "points_int.h"

static int64_t clamp_score(const struct points_rules *r, int64_t total) {
  return total < 0 ? 0 : total > r->full_marks ? r->full_marks : total;
}

/* A scope resolved: its SQL (FROM ... WHERE ...) and parameters, and the rule set in force. */
struct scope {
  struct buf sql; /* " FROM members m ... WHERE ..." with t = this year's totals */
  struct db_value p[8];
  int np;
  int64_t committee_id, sector_id, group_id;
  int year;
  struct points_rules r;
};

static void param_int(struct scope *s, int64_t i) {
  s->p[s->np++] = (struct db_value){.type = 'i', .i = i};
}
static void param_text(struct scope *s, const char *t) {
  s->p[s->np++] = (struct db_value){.type = 't', .s = t};
}

static bool year_ok(struct entity_ctx *ctx, int year) {
  if (year >= 2000 && year <= 2099) return true;
  entity_fail(ctx, ERR_INVALID_FIELD, "year", "年度应在 2000 到 2099 之间",
              "year must lie between 2000 and 2099");
  return false;
}

/* Resolves s into sc (the caller frees sc->sql). false with ctx->err. */
static bool scope_open(struct entity_ctx *ctx, const struct points_scope *s, struct scope *sc) {
  memset(sc, 0, sizeof *sc);

  if (!year_ok(ctx, s->year)) return false;
  sc->committee_id = s->committee_id;
  const char *path = entity_subtree(ctx, &sc->committee_id);
  if (!path) return false;
  if (ctx->user && ctx->user->role == ROLE_MEMBER) {
    entity_forbidden(ctx, "委员账号只能查看本人的积分（我的积分）",
                     "A member account sees only its own points");
    return false;
  }
  sc->year = s->year;
  if (!points_rules_for(ctx, path, s->year, &sc->r)) return false;
  buf_puts(&sc->sql, " FROM members m JOIN committees c ON c.id = m.committee_id"
                     " LEFT JOIN points_totals t ON t.member_id = m.id AND t.year = ?"
                     " WHERE c.path >= ? AND c.path < ? AND m.status = 'active'");
  param_int(sc, s->year);
  param_text(sc, path);
  param_text(sc, entity_path_hi(ctx, path));
  sc->sector_id = s->sector_id, sc->group_id = s->group_id;
  if (s->sector_id) buf_puts(&sc->sql, " AND m.sector_id = ?"), param_int(sc, s->sector_id);
  if (s->group_id) buf_puts(&sc->sql, " AND m.group_id = ?"), param_int(sc, s->group_id);
  return true;
}

/* A count over the scope with an extra condition and parameters appended. */
static int64_t scope_count(struct entity_ctx *ctx, struct scope *sc, const char *cond, int n,
                           const struct db_value *extra) {
  struct db_value v[12];
  memcpy(v, sc->p, sc->np * sizeof *v);
  if (n) memcpy(v + sc->np, extra, n * sizeof *v); /* extra is NULL when n is 0 */
  const char *sql = arena_printf(ctx->arena, "SELECT COUNT(*)%s%s", sc->sql.data, cond);
  struct db_stmt *st = db_query_values(ctx->db, sql, sc->np + n, v);
  int64_t c = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
  db_done(st);
  return c;
}

static int64_t bottom_size(const struct points_rules *r, int64_t of) {
  if (r->bottom_count) return r->bottom_count < of ? r->bottom_count : of;
  return (of * r->bottom_percent + 99) / 100;
}

/* The scope's totals and how many members have each, highest first (malloc'd pairs). */
struct hist {
  int64_t *total, *count;
  size_t n;
};

/* Reads the histogram from the database. */
static void hist_query(struct entity_ctx *ctx, struct scope *sc, struct hist *h) {
  memset(h, 0, sizeof *h);
  size_t cap = 0;
  const char *sql =
      arena_printf(ctx->arena,
                   "SELECT COALESCE(t.total, 0), COUNT(*)%s GROUP BY COALESCE(t.total, 0)"
                   " ORDER BY COALESCE(t.total, 0) DESC",
                   sc->sql.data);
  struct db_stmt *st = db_query_values(ctx->db, sql, sc->np, sc->p);
  while (db_step(st) == DB_ROW) {
    if (h->n == cap) {
      cap = cap ? cap * 2 : 256;
      h->total = mem_realloc(h->total, cap * sizeof *h->total);
      h->count = mem_realloc(h->count, cap * sizeof *h->count);
    }
    h->total[h->n] = db_col_int(st, 0);
    h->count[h->n++] = db_col_int(st, 1);
  }
  db_done(st);
  for (size_t i = 1; i < h->n; i++)
    h->count[i] += h->count[i - 1]; /* running: members with >= total[i] */
}

/* Histograms are kept a while per scope (a read of a rank is then a lookup): an entry serves
** while this server has written no ledger entry since (points_writes, counted before the
** writing transaction commits, so a reply sent after a write never meets an older histogram),
** while the newest change of the year's totals in the database is the one it was made after
** (writes of other nodes; updated_at, read before the histogram), and for at most HIST_TTL
** seconds (members joining, leaving or moving change a scope without touching totals). */
#define HIST_SLOTS 16
#define HIST_TTL   60
static struct {
  char key[160];
  int64_t changed, writes, at;
  struct hist h;
} hist_cache[HIST_SLOTS];
static pthread_mutex_t hist_mu = PTHREAD_MUTEX_INITIALIZER;

static void hist_copy(struct hist *to, const struct hist *from) {
  to->n = from->n;
  to->total = malloc((from->n ? from->n : 1) * sizeof *to->total);
  to->count = malloc((from->n ? from->n : 1) * sizeof *to->count);
  if (from->n) {
    memcpy(to->total, from->total, from->n * sizeof *to->total);
    memcpy(to->count, from->count, from->n * sizeof *to->count);
  }
}

static void hist_load(struct entity_ctx *ctx, struct scope *sc, struct hist *h) {
  char key[160];
  snprintf(key, sizeof key, "%d|%s|%lld|%lld", sc->year, sc->p[1].s, (long long)sc->sector_id,
           (long long)sc->group_id);
  /* this server's count of ledger writes, then the newest change in the database (other nodes) */
  int64_t writes = points_writes();
  int64_t changed = db_int(ctx->db, 0, "SELECT MAX(updated_at) FROM points_totals WHERE year = ?",
                           "i", (int64_t)sc->year);
  int64_t now = time_now();
  pthread_mutex_lock(&hist_mu);
  for (int i = 0; i < HIST_SLOTS; i++)
    if (!strcmp(hist_cache[i].key, key) && hist_cache[i].changed == changed &&
        hist_cache[i].writes == writes && now - hist_cache[i].at < HIST_TTL) {
      hist_copy(h, &hist_cache[i].h);
      pthread_mutex_unlock(&hist_mu);
      return;
    }
  pthread_mutex_unlock(&hist_mu);
  hist_query(ctx, sc, h);
  pthread_mutex_lock(&hist_mu);
  int slot = 0;
  for (int i = 0; i < HIST_SLOTS; i++) {
    if (!strcmp(hist_cache[i].key, key)) {
      slot = i;
      break;
    }
    if (hist_cache[i].at < hist_cache[slot].at) slot = i;
  }
  free(hist_cache[slot].h.total);
  free(hist_cache[slot].h.count);
  snprintf(hist_cache[slot].key, sizeof hist_cache[slot].key, "%s", key);
  hist_cache[slot].changed = changed;
  hist_cache[slot].writes = writes;
  hist_cache[slot].at = now;
  hist_copy(&hist_cache[slot].h, h);
  pthread_mutex_unlock(&hist_mu);
}

/* The competition rank of total: 1 + the members with a larger one. */
static int64_t hist_rank(const struct hist *h, int64_t total) {
  size_t lo = 0, hi = h->n; /* first index with total[i] <= total */
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (h->total[mid] > total)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 1 + (lo ? h->count[lo - 1] : 0);
}

/* The members in the scope (the last running count). */
static int64_t hist_of(const struct hist *h) { return h->n ? h->count[h->n - 1] : 0; }

static void hist_free(struct hist *h) {
  free(h->total);
  free(h->count);
}

/* How many members of the histogram fall in each grade of r: {grade: n}. */
static json_t *grade_summary(const struct points_rules *r, const struct hist *h) {
  int64_t n[POINTS_MAX_GRADES] = {0};
  for (size_t i = 0; i < h->n; i++) {
    const struct points_grade *g = points_grade_of(r, clamp_score(r, h->total[i]));
    n[g - r->grades] += h->count[i] - (i ? h->count[i - 1] : 0);
  }
  json_t *o = json_object();
  for (int i = 0; i < r->ngrades; i++) json_object_set_new(o, r->grades[i].key, json_integer(n[i]));
  return o;
}

static double percent1(int64_t a, int64_t b) {
  return b ? round(1000.0 * (double)a / (double)b) / 10.0 : 0;
}

const struct page_sort points_ranking_sorts[] = {
    {"rank", "-COALESCE(t.total, 0)"},
    {"name", "m.name"},
    {NULL, NULL},
};

json_t *points_ranking(struct entity_ctx *ctx, const struct points_scope *s,
                       const struct page_order *o, int offset, int limit, bool bottom) {
  struct scope sc;
  if (!scope_open(ctx, s, &sc)) return (void)buf_free(&sc.sql), NULL;
  struct hist h;
  hist_load(ctx, &sc, &h);
  int64_t of = hist_of(&h), b = bottom_size(&sc.r, of);
  const char *order = " ORDER BY COALESCE(t.total, 0) DESC, m.id";
  if (o && o->by)
    order = arena_printf(ctx->arena, " ORDER BY %s %s, m.id %s", o->by->expr,
                         o->desc ? "DESC" : "ASC", o->desc ? "DESC" : "ASC");
  if (bottom) {
    order = " ORDER BY COALESCE(t.total, 0), m.id DESC";
    limit = (int)(b < 1000 ? b : 1000);
    offset = 0;
  }
  const char *sql =
      arena_printf(ctx->arena,
                   "SELECT m.id, m.name, c.name, COALESCE(se.name, ''), COALESCE(g.name, ''),"
                   " COALESCE(t.total, 0)%s%s LIMIT %d OFFSET %d",
                   sc.sql.data, order, limit, offset);
  /* the sector and group names: joined into the FROM clause of the scope */
  sql = arena_printf(ctx->arena,
                     "%.*s LEFT JOIN sectors se ON se.id = m.sector_id LEFT JOIN activity_groups g"
                     " ON g.id = m.group_id%s",
                     (int)(strstr(sql, " WHERE ") - sql), sql, strstr(sql, " WHERE "));
  json_t *items = json_array();
  struct db_stmt *st = db_query_values(ctx->db, sql, sc.np, sc.p);
  while (db_step(st) == DB_ROW) {
    int64_t total = db_col_int(st, 5), rank = hist_rank(&h, total);
    const struct points_grade *g = points_grade_of(&sc.r, clamp_score(&sc.r, total));
    json_array_append_new(
        items, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:f}", "rank", (json_int_t)rank,
                         "member_id", (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1),
                         "committee_name", db_col_text(st, 2), "sector_name", db_col_text(st, 3),
                         "group_name", db_col_text(st, 4), "total", points_json(total), "score",
                         points_json(clamp_score(&sc.r, total)), "grade", g->key, "grade_label",
                         g->zh, "percentile", percent1(of - rank, of)));
  }
  db_done(st);
  buf_free(&sc.sql);
  hist_free(&h);
  return json_pack("{s:i,s:I,s:I,s:o,s:i,s:i,s:{s:I,s:I},s:{s:I,s:i,s:s}}", "year", s->year,
                   "committee_id", (json_int_t)sc.committee_id, "of", (json_int_t)of, "items",
                   items, "offset", offset, "limit", limit, "bottom", "count", (json_int_t)b,
                   "from_rank", (json_int_t)(of - b + 1), "rule_set", "id", (json_int_t)sc.r.id,
                   "version", sc.r.version, "name", sc.r.name);
}

/* The member's committee id, sector and group; false with 404. */
static bool member_of(struct entity_ctx *ctx, int64_t member, int64_t *cid, int64_t *sector,
                      int64_t *group, const char **name) {
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT committee_id, COALESCE(sector_id, 0), COALESCE(group_id, 0), name"
               " FROM members WHERE id = ?",
               "i", member);
  bool ok = db_step(st) == DB_ROW;
  if (ok) {
    *cid = db_col_int(st, 0), *sector = db_col_int(st, 1), *group = db_col_int(st, 2);
    if (name) *name = arena_strdup(ctx->arena, db_col_text(st, 3));
  }
  db_done(st);
  if (!ok) entity_not_found(ctx, "未找到该委员", "No such member");
  return ok;
}

json_t *points_member_rank(struct entity_ctx *ctx, int64_t member_id, int year, const char *scope) {
  int64_t cid, sector, group;
  if (!year_ok(ctx, year) || !member_of(ctx, member_id, &cid, &sector, &group, NULL)) return NULL;
  struct points_scope s = {.committee_id = cid, .year = year};
  if (!scope || !*scope || !strcmp(scope, "committee"))
    scope = "committee";
  else if (!strcmp(scope, "sector"))
    s.sector_id = sector ? sector : -1;
  else if (!strcmp(scope, "group"))
    s.group_id = group ? group : -1;
  else {
    entity_fail(ctx, ERR_INVALID_FIELD, "scope", "scope 应为 committee、sector 或 group",
                "scope must be committee, sector or group");
    return NULL;
  }
  /* a member account reads its own place: the scope check is the member's own */
  const struct user *u = ctx->user;
  if (u && u->role == ROLE_MEMBER) ctx->user = NULL;
  struct scope sc;
  bool ok = scope_open(ctx, &s, &sc);
  ctx->user = u;
  if (!ok) return (void)buf_free(&sc.sql), NULL;
  int64_t total = points_total(ctx->db, member_id, year);
  struct hist h;
  hist_load(ctx, &sc, &h);
  int64_t of = hist_of(&h), rank = hist_rank(&h, total), b = bottom_size(&sc.r, of);
  /* its place from the bottom (total ascending, then id descending): those below it are the
  ** ones with a smaller total (all but those ahead of total − 1) and its equals of larger id */
  int64_t lower = of - (hist_rank(&h, total - 1) - 1), ties = of - lower - (rank - 1);
  bool in_bottom = lower + ties <= b; /* all its equals are in the bottom */
  if (!in_bottom && lower < b) {      /* some are: count its equals of larger id */
    struct db_value x[2] = {{.type = 'i', .i = total}, {.type = 'i', .i = member_id}};
    in_bottom =
        lower + scope_count(ctx, &sc, " AND COALESCE(t.total, 0) = ? AND m.id > ?", 2, x) < b;
  }
  hist_free(&h);
  const struct points_grade *g = points_grade_of(&sc.r, clamp_score(&sc.r, total));
  buf_free(&sc.sql);
  return json_pack("{s:I,s:i,s:s,s:o,s:o,s:s,s:s,s:I,s:I,s:f,s:f,s:b}", "member_id",
                   (json_int_t)member_id, "year", year, "scope", scope, "total", points_json(total),
                   "score", points_json(clamp_score(&sc.r, total)), "grade", g->key, "grade_label",
                   g->zh, "rank", (json_int_t)rank, "of", (json_int_t)of, "percentile",
                   percent1(of - rank, of), "top_percent", percent1(rank, of), "in_bottom",
                   in_bottom);
}

/* ---- assessment ----------------------------------------------------------------------------- */

/* Columns of the assessment: the year's total, the years running below pass, the plenary
** absences of the term. Parameters: pass, year - N, year, term start, year. */
#define ASSESS_COLS                                                                                \
  " COALESCE(t.total, 0) AS total,"                                                                \
  " (SELECT COUNT(*) FROM points_totals x WHERE x.member_id = m.id AND x.year > ? AND x.year <= ?" \
  " AND x.total < ?) AS low_years,"                                                                \
  " (SELECT COUNT(*) FROM points_ledger l WHERE l.member_id = m.id AND l.rule = 'plenary.absent'"  \
  " AND l.year >= ? AND l.year <= ?) AS absences"

json_t *points_assessment(struct entity_ctx *ctx, const struct points_scope *s, const char *grade,
                          const char *flag, int offset, int limit) {
  struct scope sc;
  if (!scope_open(ctx, s, &sc)) return (void)buf_free(&sc.sql), NULL;
  const struct points_rules *r = &sc.r;
  struct hist h;
  hist_load(ctx, &sc, &h);
  json_t *summary = grade_summary(r, &h);
  hist_free(&h);
  struct buf sql;
  sql = (struct buf){0};
  struct db_value v[20];
  int nv = 0;
  v[nv++] = (struct db_value){.type = 'i', .i = s->year - r->resign_low_years};
  v[nv++] = (struct db_value){.type = 'i', .i = s->year};
  v[nv++] = (struct db_value){.type = 'i', .i = r->pass};
  v[nv++] = (struct db_value){.type = 'i', .i = r->term_start_year};
  v[nv++] = (struct db_value){.type = 'i', .i = s->year};
  memcpy(v + nv, sc.p, sc.np * sizeof *v);
  nv += sc.np;
  buf_printf(&sql,
             "SELECT * FROM (SELECT m.id, m.name, c.name AS committee_name, COALESCE(se.name, '') "
             "AS sector_name," ASSESS_COLS
             " %.*s LEFT JOIN sectors se ON se.id = m.sector_id%s) a WHERE 1 = 1",
             (int)(strstr(sc.sql.data, " WHERE ") - sc.sql.data), sc.sql.data,
             strstr(sc.sql.data, " WHERE "));
  if (grade && *grade) {
    int gi = -1;
    for (int i = 0; i < r->ngrades; i++)
      if (!strcmp(grade, r->grades[i].key)) gi = i;
    if (gi < 0) {
      buf_free(&sql), buf_free(&sc.sql), json_decref(summary);
      entity_fail(ctx, ERR_INVALID_FIELD, "grade", "没有这个等次", "No such grade");
      return NULL;
    }
    if (gi < r->ngrades - 1)
      buf_puts(&sql, " AND total >= ?"),
          v[nv++] = (struct db_value){.type = 'i', .i = r->grades[gi].min};
    if (gi > 0)
      buf_puts(&sql, " AND total < ?"),
          v[nv++] = (struct db_value){.type = 'i', .i = r->grades[gi - 1].min};
  }
  if (flag && *flag) {
    if (!strcmp(flag, "talk"))
      buf_puts(&sql, " AND total < ?"),
          v[nv++] = (struct db_value){.type = 'i', .i = r->talk_below};
    else if (!strcmp(flag, "resign_low"))
      buf_puts(&sql, " AND low_years >= ?"),
          v[nv++] = (struct db_value){.type = 'i',
                                      .i = r->resign_low_years ? r->resign_low_years : INT32_MAX};
    else if (!strcmp(flag, "resign_absences"))
      buf_puts(&sql, " AND absences >= ?"),
          v[nv++] = (struct db_value){.type = 'i',
                                      .i = r->resign_plenary_absences ? r->resign_plenary_absences
                                                                      : INT32_MAX};
    else {
      buf_free(&sql), buf_free(&sc.sql), json_decref(summary);
      entity_fail(ctx, ERR_INVALID_FIELD, "flag", "flag 应为 talk、resign_low 或 resign_absences",
                  "flag must be talk, resign_low or resign_absences");
      return NULL;
    }
  }
  buf_printf(&sql, " ORDER BY total DESC, id LIMIT %d OFFSET %d", limit + 1, offset);
  json_t *items = json_array();
  struct db_stmt *st = db_query_values(ctx->db, sql.data, nv, v);
  int n = 0;
  while (db_step(st) == DB_ROW) {
    if (n++ == limit) break;
    int64_t total = db_col_int(st, 4), low = db_col_int(st, 5), abs_ = db_col_int(st, 6);
    const struct points_grade *g = points_grade_of(r, clamp_score(r, total));
    json_t *flags = json_array();
    if (total < r->talk_below) json_array_append_new(flags, json_string("talk"));
    if (r->resign_low_years && low >= r->resign_low_years)
      json_array_append_new(flags, json_string("resign_low"));
    if (r->resign_plenary_absences && abs_ >= r->resign_plenary_absences)
      json_array_append_new(flags, json_string("resign_absences"));
    json_array_append_new(
        items, json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:o,s:I,s:I}", "member_id",
                         (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1),
                         "committee_name", db_col_text(st, 2), "sector_name", db_col_text(st, 3),
                         "total", points_json(total), "score", points_json(clamp_score(r, total)),
                         "grade", g->key, "grade_label", g->zh, "flags", flags, "low_years",
                         (json_int_t)low, "plenary_absences", (json_int_t)abs_));
  }
  db_done(st);
  buf_free(&sql);
  buf_free(&sc.sql);
  json_t *grades = json_array();
  for (int i = 0; i < r->ngrades; i++)
    json_array_append_new(grades, json_pack("{s:s,s:s,s:o}", "grade", r->grades[i].key, "label",
                                            r->grades[i].zh, "min", points_json(r->grades[i].min)));
  return json_pack("{s:i,s:I,s:o,s:o,s:o,s:o,s:{s:I,s:i,s:s,s:o,s:i,s:i,s:i,s:{s:s,s:i,s:i}}}",
                   "year", s->year, "committee_id", (json_int_t)sc.committee_id, "summary", summary,
                   "grades", grades, "items", items, "next_offset",
                   n > limit ? json_integer(offset + limit) : json_null(), "rule_set", "id",
                   (json_int_t)r->id, "version", r->version, "name", r->name, "talk_below",
                   points_json(r->talk_below), "resign_low_years", r->resign_low_years,
                   "resign_plenary_absences", r->resign_plenary_absences, "term_start_year",
                   r->term_start_year, "term", "name", r->term_name, "start_year",
                   r->term_start_year, "end_year", r->term_start_year + POINTS_TERM_YEARS - 1);
}

json_t *points_candidates(struct entity_ctx *ctx, const struct points_scope *s,
                          const char *honour) {
  struct scope sc;
  if (!scope_open(ctx, s, &sc)) return (void)buf_free(&sc.sql), NULL;
  const struct points_honour *h = NULL;
  for (int i = 0; i < sc.r.nhonours; i++)
    if (honour && !strcmp(sc.r.honours[i].key, honour)) h = &sc.r.honours[i];
  if (!h) {
    buf_free(&sc.sql);
    entity_fail(ctx, ERR_INVALID_FIELD, "honour", "积分规则中没有这项评优（见规则的 honours）",
                "No such honour in the rule set (see its honours)");
    return NULL;
  }
  int64_t of = scope_count(ctx, &sc, "", 0, NULL);
  int64_t lim = h->count ? h->count : (of * h->percent + 99) / 100;
  struct buf sql;
  sql = (struct buf){0};
  struct db_value v[16];
  int nv = 0;
  v[nv++] = (struct db_value){.type = 'i', .i = s->year};
  v[nv++] = (struct db_value){.type = 'i', .i = s->year};
  v[nv++] = (struct db_value){.type = 'i', .i = s->year};
  v[nv++] = (struct db_value){.type = 't', .s = honour};
  memcpy(v + nv, sc.p, sc.np * sizeof *v);
  nv += sc.np;
  buf_printf(
      &sql,
      "SELECT * FROM (SELECT m.id, m.name, c.name AS committee_name, COALESCE(t.total, 0) AS total,"
      " (SELECT COUNT(*) FROM points_ledger l WHERE l.member_id = m.id AND l.year = ? AND l.rule = "
      "'proposal.filed') AS filed,"
      " (SELECT COUNT(*) FROM points_ledger l WHERE l.member_id = m.id AND l.year = ? AND l.rule = "
      "'plenary.absent') AS absences,"
      " (SELECT h.decision || '|' || h.note FROM honours h WHERE h.member_id = m.id AND h.year = ? "
      "AND h.honour = ?) AS decision"
      "%s) a WHERE total >= ? AND filed >= ?%s ORDER BY total DESC, id LIMIT %lld",
      sc.sql.data, h->no_plenary_absence ? " AND absences = 0" : "", (long long)lim);
  v[nv++] = (struct db_value){.type = 'i', .i = h->min_score};
  v[nv++] = (struct db_value){.type = 'i', .i = h->min_proposals_filed};
  json_t *items = json_array();
  struct db_stmt *st = db_query_values(ctx->db, sql.data, nv, v);
  while (db_step(st) == DB_ROW) {
    const char *d = db_col_text(st, 6), *bar = strchr(d, '|');
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:o,s:o,s:I,s:I}", "member_id", (json_int_t)db_col_int(st, 0),
                  "name", db_col_text(st, 1), "committee_name", db_col_text(st, 2), "total",
                  points_json(db_col_int(st, 3)), "score",
                  points_json(clamp_score(&sc.r, db_col_int(st, 3))), "proposals_filed",
                  (json_int_t)db_col_int(st, 4), "plenary_absences", (json_int_t)db_col_int(st, 5));
    json_object_set_new(o, "decision", bar ? json_stringn(d, (size_t)(bar - d)) : json_null());
    json_object_set_new(o, "note", json_string(bar ? bar + 1 : ""));
    json_array_append_new(items, o);
  }
  db_done(st);
  buf_free(&sql);
  buf_free(&sc.sql);
  return json_pack("{s:s,s:s,s:i,s:I,s:I,s:o,s:{s:o,s:b,s:i}}", "honour", h->key, "name", h->name,
                   "year", s->year, "committee_id", (json_int_t)sc.committee_id, "places",
                   (json_int_t)lim, "items", items, "conditions", "min_score",
                   points_json(h->min_score), "no_plenary_absence", h->no_plenary_absence,
                   "min_proposals_filed", h->min_proposals_filed);
}

bool points_decide(struct entity_ctx *ctx, json_t *in) {
  json_t *jm = json_object_get(in, "member_id"), *jy = json_object_get(in, "year");
  const char *honour = json_string_value(json_object_get(in, "honour"));
  const char *decision = json_string_value(json_object_get(in, "decision"));
  const char *note =
      json_object_get(in, "note") ? json_string_value(json_object_get(in, "note")) : "";
  if (!json_is_integer(jm))
    return entity_fail(ctx, ERR_INVALID_FIELD, "member_id", "缺少委员", "member_id missing"), false;
  if (!json_is_integer(jy) || !year_ok(ctx, (int)json_integer_value(jy))) {
    if (!ctx->err.status) entity_fail(ctx, ERR_INVALID_FIELD, "year", "缺少年度", "year missing");
    return false;
  }
  if (!honour || !*honour || strlen(honour) > 23)
    return entity_fail(ctx, ERR_INVALID_FIELD, "honour", "缺少评优项目", "honour missing"), false;
  if (!decision ||
      (strcmp(decision, "selected") && strcmp(decision, "declined") && strcmp(decision, "none")))
    return entity_fail(ctx, ERR_INVALID_FIELD, "decision",
                       "decision 应为 selected（评选）、declined（不评选）或 none（撤销决定）",
                       "decision must be selected, declined or none"),
           false;
  if (!note || strlen(note) > 2000)
    return entity_fail(ctx, ERR_INVALID_FIELD, "note", "备注应为不超过 2000 字节的文字",
                       "note must be a string of at most 2000 bytes"),
           false;
  int64_t member = json_integer_value(jm), cid, sector, group;
  if (!member_of(ctx, member, &cid, &sector, &group, NULL))
    return entity_fail(ctx, ERR_INVALID_FIELD, "member_id", "委员不存在", "No such member"), false;
  const char *path = committee_path_of(ctx, cid);
  if (ctx->user && !access_in_scope(ctx->user, path))
    return entity_fail(ctx, ERR_FORBIDDEN_SCOPE, "member_id", "该委员不在您的管辖范围内",
                       "The member is outside your scope"),
           false;
  struct points_rules r;
  if (!points_rules_for(ctx, path, (int)json_integer_value(jy), &r)) return false;
  bool known = false;
  for (int i = 0; i < r.nhonours; i++) known |= !strcmp(r.honours[i].key, honour);
  if (!known)
    return entity_fail(ctx, ERR_INVALID_FIELD, "honour", "积分规则中没有这项评优",
                       "No such honour in the rule set"),
           false;
  int rc = db_begin(ctx->db);
  if (rc == DB_DONE && !strcmp(decision, "none"))
    rc = db_exec(ctx->db, "DELETE FROM honours WHERE member_id = ? AND year = ? AND honour = ?",
                 "iit", member, (int64_t)json_integer_value(jy), honour);
  else if (rc == DB_DONE)
    rc = db_exec(
        ctx->db,
        "INSERT INTO honours (member_id, year, honour, decision, note, decided_by, decided_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (member_id, year, honour) DO UPDATE SET"
        " decision = excluded.decision, note = excluded.note, decided_by = excluded.decided_by,"
        " decided_at = excluded.decided_at",
        "iitttIi", member, (int64_t)json_integer_value(jy), honour, decision, note,
        ctx->user ? ctx->user->id : 0, time_now());
  if (rc == DB_DONE)
    rc = audit_record(ctx->db, ctx->user, ctx->ip, "honour.decide", "member", member, cid, NULL, in)
             ? DB_DONE
             : DB_ERROR;
  return entity_finish(ctx, rc);
}

/* ---- the dashboard -------------------------------------------------------------------------- */

/* Grades by a column of members (sector_id, group_id) joined to its names table. */
static json_t *grades_by(struct entity_ctx *ctx, struct scope *sc, const char *col,
                         const char *table) {
  const struct points_rules *r = &sc->r;
  struct buf sql;
  sql = (struct buf){0};
  buf_printf(&sql, "SELECT m.%s, COALESCE(x.name, ''), COUNT(*), SUM(COALESCE(t.total, 0))", col);
  for (int i = 0; i < r->ngrades - 1; i++)
    buf_printf(
        &sql, ", SUM(CASE WHEN COALESCE(t.total, 0) >= %d%s THEN 1 ELSE 0 END)", r->grades[i].min,
        i ? arena_printf(ctx->arena, " AND COALESCE(t.total, 0) < %d", r->grades[i - 1].min) : "");
  buf_printf(&sql,
             "%.*s LEFT JOIN %s x ON x.id = m.%s%s GROUP BY m.%s, x.name ORDER BY COUNT(*) DESC",
             (int)(strstr(sc->sql.data, " WHERE ") - sc->sql.data), sc->sql.data, table, col,
             strstr(sc->sql.data, " WHERE "), col);
  json_t *rows = json_array();
  struct db_stmt *st = db_query_values(ctx->db, sql.data, sc->np, sc->p);
  while (db_step(st) == DB_ROW) {
    int64_t n = db_col_int(st, 2), rest = n;
    json_t *g = json_object();
    for (int i = 0; i < r->ngrades - 1; i++) {
      json_object_set_new(g, r->grades[i].key, json_integer(db_col_int(st, 4 + i)));
      rest -= db_col_int(st, 4 + i);
    }
    json_object_set_new(g, r->grades[r->ngrades - 1].key, json_integer(rest));
    json_array_append_new(
        rows,
        json_pack("{s:o,s:s,s:I,s:f,s:o}", "id",
                  db_col_null(st, 0) ? json_null() : json_integer(db_col_int(st, 0)), "name",
                  db_col_null(st, 0) ? "（未分）" : db_col_text(st, 1), "members", (json_int_t)n,
                  "average", n ? round((double)db_col_int(st, 3) / (double)n) / 10.0 : 0.0,
                  "grades", g));
  }
  db_done(st);
  buf_free(&sql);
  return rows;
}

json_t *points_stats(struct entity_ctx *ctx, const struct points_scope *s) {
  struct scope sc;
  if (!scope_open(ctx, s, &sc)) return (void)buf_free(&sc.sql), NULL;
  const struct points_rules *r = &sc.r;
  /* the distribution of scores in bands of a tenth of full marks */
  int bands = 10;
  int64_t counts[11] = {0}, members = 0, sum = 0;
  struct hist h;
  hist_load(ctx, &sc, &h);
  for (size_t i = 0; i < h.n; i++) {
    int64_t total = h.total[i], n = h.count[i] - (i ? h.count[i - 1] : 0),
            score = clamp_score(r, total);
    int b = (int)(score * bands / r->full_marks);
    counts[b > bands - 1 ? bands - 1 : b] += n;
    members += n;
    sum += total * n;
  }
  json_t *grades = grade_summary(r, &h), *labels = json_array();
  hist_free(&h);
  for (int i = 0; i < r->ngrades; i++)
    json_array_append_new(labels, json_pack("{s:s,s:s,s:o}", "grade", r->grades[i].key, "label",
                                            r->grades[i].zh, "min", points_json(r->grades[i].min)));
  json_t *dist = json_array();
  for (int b = 0; b < bands; b++)
    json_array_append_new(dist, json_pack("{s:o,s:o,s:I}", "from",
                                          points_json((int64_t)r->full_marks * b / bands), "to",
                                          points_json((int64_t)r->full_marks * (b + 1) / bands),
                                          "count", (json_int_t)counts[b]));
  /* participations: activities attended, meetings attended, speeches (the scope's members'
  ** entries of the year, through the ledger's member index) */
  const char *where = strstr(sc.sql.data, " WHERE ");
  const char *sql =
      arena_printf(ctx->arena,
                   "SELECT COUNT(*)%.*s JOIN points_ledger l ON l.member_id = m.id AND l.year = ?%s"
                   " AND (l.rule LIKE 'activity.%%' AND l.rule <> 'activity.absent'"
                   " OR l.rule LIKE '%%.present' OR l.rule LIKE 'speech.%%')",
                   (int)(where - sc.sql.data), sc.sql.data, where);
  struct db_value v[10];
  v[0] = sc.p[0]; /* the totals' year */
  v[1] = (struct db_value){.type = 'i', .i = s->year};
  memcpy(v + 2, sc.p + 1, (sc.np - 1) * sizeof *v);
  struct db_stmt *st = db_query_values(ctx->db, sql, sc.np + 1, v);
  int64_t parts = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
  db_done(st);
  json_t *out =
      json_pack("{s:i,s:I,s:I,s:f,s:o,s:o,s:o,s:{s:I,s:f}}", "year", s->year, "committee_id",
                (json_int_t)sc.committee_id, "members", (json_int_t)members, "average",
                members ? round((double)sum / (double)members) / 10.0 : 0.0, "distribution", dist,
                "by_sector", grades_by(ctx, &sc, "sector_id", "sectors"), "by_group",
                grades_by(ctx, &sc, "group_id", "activity_groups"), "participations", "total",
                (json_int_t)parts, "per_member",
                members ? round(10.0 * (double)parts / (double)members) / 10.0 : 0.0);
  json_object_set_new(out, "grades", grades);
  json_object_set_new(out, "grade_labels", labels);
  buf_free(&sc.sql);
  return out;
}

/* ---- the member's own page ------------------------------------------------------------------ */

const struct label points_standings[] = {
    {"short", "还需努力", "Needs more"},
    {"next", "争取更高等次", "Towards the next grade"},
    {"top", "已是最高等次", "Top grade reached"},
    {NULL},
};

const char *points_standing(int64_t score, int64_t pass, bool top) {
  if (score < pass) return "short";
  return top ? "top" : "next";
}

json_t *points_mine(struct entity_ctx *ctx, int year) {
  int64_t member = ctx->user ? ctx->user->member_id : 0;
  if (!member) {
    entity_forbidden(ctx, "该账号没有关联委员", "This account is not a member's");
    return NULL;
  }
  if (!year_ok(ctx, year)) return NULL;
  json_t *ledger = points_member_ledger(ctx, member, year);
  json_t *rank = ledger ? points_member_rank(ctx, member, year, "committee") : NULL;
  if (!rank) return json_decref(ledger), NULL;
  int64_t cid, sector, group;
  const char *name;
  member_of(ctx, member, &cid, &sector, &group, &name);
  struct points_rules r;
  if (!points_rules_for(ctx, committee_path_of(ctx, cid), year, &r))
    return json_decref(ledger), json_decref(rank), NULL;
  int64_t total = points_total(ctx->db, member, year), score = clamp_score(&r, total);
  /* the next grade up and the points it needs */
  json_t *next = json_null();
  for (int i = r.ngrades - 1; i >= 0; i--)
    if (r.grades[i].min > score) {
      next = json_pack("{s:s,s:s,s:o}", "grade", r.grades[i].key, "label", r.grades[i].zh, "need",
                       points_json(r.grades[i].min - score));
      break;
    }
  /* the quarter's contact quota */
  int y, q;
  time_cst_quarter(time_now(), &y, &q);
  struct contact_compliance_query cq = {
      .member_id = member, .year = year, .quarter = y == year ? q : 4, .limit = 1};
  json_t *comp = contact_compliance(ctx, &cq),
         *item = comp ? json_array_get(json_object_get(comp, "items"), 0) : NULL;
  json_t *items = json_object_get(ledger, "items");
  size_t n = json_array_size(items);
  json_t *recent = json_array();
  for (size_t i = n; i > 0 && n - i < 10; i--)
    json_array_append(recent, json_array_get(items, i - 1));
  json_t *out = json_pack(
      "{s:I,s:s,s:i,s:O,s:O,s:O,s:O,s:O,s:o,s:o,s:o,s:{s:o,s:o},s:o}", "member_id",
      (json_int_t)member, "name", name, "year", year, "total", json_object_get(ledger, "total"),
      "score", json_object_get(ledger, "score"), "grade", json_object_get(ledger, "grade"),
      "grade_label", json_object_get(ledger, "grade_label"), "by_category",
      json_object_get(ledger, "by_category"), "rank", rank, "next_grade", next, "recent", recent,
      "pass", "score", points_json(r.pass), "need",
      points_json(score >= r.pass ? 0 : r.pass - score), "quarter",
      item ? json_pack("{s:i,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O}", "quarter", cq.quarter,
                       "activities", json_object_get(item, "activities"), "quarter_min",
                       json_object_get(item, "quarter_min"), "activities_short",
                       json_object_get(item, "activities_short"), "people_reached",
                       json_object_get(item, "people_reached"), "year_min",
                       json_object_get(item, "year_min"), "people_short",
                       json_object_get(item, "people_short"), "year_expected",
                       json_object_get(item, "year_expected"), "year_behind",
                       json_object_get(item, "year_behind"), "on_track",
                       json_object_get(item, "on_track"))
           : json_null());
  json_t *qo = json_object_get(out, "quarter");
  if (item && qo) {
    static const char *const more[] = {"met_so_far", "year_status", "quarters_met", "quarters"};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
      json_object_set(qo, more[i], json_object_get(item, more[i]));
  }
  json_object_set_new(out, "standing",
                      json_string(points_standing(score, r.pass, json_is_null(next))));
  json_decref(comp);
  json_decref(ledger);
  if (!item) ctx->err = (struct entity_error){0};
  return out;
}

/* ---- reminders ------------------------------------------------------------------------------ */

struct tally {
  int64_t bottom, notified, already, without_account;
};

/* Reminds the bottom of the ranking of a committee subtree for a checkpoint. */
static bool remind_bottom(struct job_ctx *j, struct entity_ctx *ctx, int64_t cid, int year,
                          const char *checkpoint, struct tally *t) {
  struct points_scope s = {.committee_id = cid, .year = year};
  json_t *list = points_ranking(ctx, &s, NULL, 0, 1000, true);
  if (!list) {
    j->error = arena_strdup(j->arena, ctx->err.zh ? ctx->err.zh : "读取积分排名失败");
    return false;
  }
  int64_t of = json_integer_value(json_object_get(list, "of"));
  json_t *items = json_object_get(list, "items"), *it;
  size_t i;
  db_begin(j->db);
  json_array_foreach(items, i, it) {
    int64_t mid = json_integer_value(json_object_get(it, "member_id")), now = time_now();
    t->bottom++;
    if (db_int(j->db, 0,
               "SELECT COUNT(*) FROM points_reminders WHERE member_id = ? AND year = ? AND "
               "checkpoint = ?",
               "iit", mid, (int64_t)year, checkpoint)) {
      t->already++;
      continue;
    }
    int64_t users[8];
    int nu = 0;
    struct db_stmt *st = db_query(
        j->db, "SELECT id FROM users WHERE member_id = ? AND disabled = 0 ORDER BY id LIMIT 8", "i",
        mid);
    while (db_step(st) == DB_ROW) users[nu++] = db_col_int(st, 0);
    db_done(st);
    if (!nu) {
      t->without_account++;
      continue;
    }
    char body[512];
    /* the total as text (one decimal at most) */
    char tot[32];
    double tv = json_number_value(json_object_get(it, "total"));
    snprintf(tot, sizeof tot, tv == (double)(int64_t)tv ? "%.0f" : "%.1f", tv);
    snprintf(
        body, sizeof body,
        "截至目前，您%d年度履职积分为 %s 分，在 %lld 名委员中排名第 %lld 位，处于排名靠后位置。"
        "请积极参加会议和活动，按时提交提案和社情民意信息。",
        year, tot, (long long)of, (long long)json_integer_value(json_object_get(it, "rank")));
    if (db_exec(j->db,
                "INSERT INTO points_reminders (member_id, year, checkpoint, sent_at) VALUES (?, ?, "
                "?, ?)",
                "iiti", mid, (int64_t)year, checkpoint, now) != DB_DONE)
      continue;
    for (int k = 0; k < nu; k++)
      notify_post(j->db, users[k], "points_reminder", "履职提醒：您的履职积分排名靠后", body,
                  "/m/points");
    t->notified++;
  }
  db_commit(j->db);
  json_decref(list);
  return true;
}

/* The job: params {"committee_id", "year", "checkpoint"}; result {bottom, notified, already,
** without_account}. */
static bool remind_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  if (j->user_id && !ctx.user) {
    j->error = "提交任务的账号已停用";
    return false;
  }
  int year = (int)json_integer_value(json_object_get(j->params, "year"));
  const char *cp = json_string_value(json_object_get(j->params, "checkpoint"));
  struct tally t = {0};
  job_progress(j, 0, 1, "提醒排名靠后的委员");
  if (!remind_bottom(j, &ctx, json_integer_value(json_object_get(j->params, "committee_id")), year,
                     cp ? cp : "manual", &t))
    return false;
  job_progress(j, 1, 1, "提醒排名靠后的委员");
  json_t *res = json_pack("{s:I,s:I,s:I,s:I}", "bottom", (json_int_t)t.bottom, "notified",
                          (json_int_t)t.notified, "already", (json_int_t)t.already,
                          "without_account", (json_int_t)t.without_account);
  job_set_result_json(j, res);
  json_decref(res);
  log_info("积分排名靠后提醒：%lld 人，已提醒 %lld 人", (long long)t.bottom, (long long)t.notified);
  return true;
}

int64_t points_remind_enqueue(struct entity_ctx *ctx, int64_t committee_id, int year) {
  if (!year_ok(ctx, year) || !entity_subtree(ctx, &committee_id)) return 0;
  char cp[32];
  time_cst_date(time_now(), cp);
  memmove(cp + 7, cp, 11); /* "manual-YYYY-MM-DD": staff remind once a day */
  memcpy(cp, "manual-", 7);
  json_t *params = json_pack("{s:I,s:i,s:s}", "committee_id", (json_int_t)committee_id, "year",
                             year, "checkpoint", cp);
  int64_t id = job_enqueue(ctx->db, "points_remind", params, NULL, 0, ctx->user ? ctx->user->id : 0,
                           committee_id);
  json_decref(params);
  if (!id)
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法创建提醒任务", "Could not queue the reminder job");
  return id;
}

/* The checkpoint of r that today (MM-DD, CST) falls within 7 days after, or NULL. */
static const char *due_checkpoint(const struct points_rules *r, int year, int64_t now) {
  for (int i = 0; i < r->ncheckpoints; i++) {
    int m = atoi(r->checkpoints[i]), d = atoi(r->checkpoints[i] + 3);
    int64_t at = days_from_civil(year, m, d) * 86400 - CST_OFFSET;
    if (now >= at && now < at + 7 * 86400) return r->checkpoints[i];
  }
  return NULL;
}

/* Every 10 minutes: queues the reminders of the committees whose checkpoint has come. */
static void checkpoint_tick(struct db *db) {
  int64_t now = time_now();
  int year = points_year_of(now);
  int64_t ids[256];
  int n = 0;
  struct db_stmt *st = db_query(
      db,
      "SELECT DISTINCT committee_id FROM rule_sets WHERE year = ? ORDER BY committee_id LIMIT 256",
      "i", (int64_t)year);
  while (db_step(st) == DB_ROW) ids[n++] = db_col_int(st, 0);
  db_done(st);
  for (int i = 0; i < n; i++) {
    struct arena a;
    arena_init(&a);
    struct entity_ctx ctx = {.db = db, .arena = &a};
    struct points_rules r;
    const char *path = committee_path_of(&ctx, ids[i]), *cp;
    if (path && points_rules_for(&ctx, path, year, &r) && r.committee_id == ids[i] &&
        (cp = due_checkpoint(&r, year, now)) &&
        db_exec(db,
                "INSERT INTO points_reminder_runs (committee_id, year, checkpoint, at) VALUES (?, "
                "?, ?, ?) ON CONFLICT DO NOTHING",
                "iiti", ids[i], (int64_t)year, cp, now) == DB_DONE &&
        db_changes(db) == 1) {
      json_t *params = json_pack("{s:I,s:i,s:s}", "committee_id", (json_int_t)ids[i], "year", year,
                                 "checkpoint", cp);
      job_enqueue(db, "points_remind", params, NULL, 0, 0, ids[i]);
      json_decref(params);
    }
    arena_free(&a);
  }
}

static void bulletin_progress(void *arg, int64_t done, int64_t total) {
  job_progress(arg, done, total, "汇总委员履职");
}

/* The duty bulletin of a quarter (points_bulletin.c), as the account that asked. */
static bool bulletin_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  int64_t cid = json_integer_value(json_object_get(j->params, "committee_id"));
  int year = (int)json_integer_value(json_object_get(j->params, "year")),
      quarter = (int)json_integer_value(json_object_get(j->params, "quarter"));
  struct buf out = {0};
  job_progress(j, 0, 1, "汇总委员履职");
  return job_set_file(
      j, &ctx, points_bulletin_pdf(&ctx, cid, year, quarter, &out, bulletin_progress, j), &out,
      "application/pdf",
      arena_printf(j->arena, "委员履职通报-%d年%s.pdf", year, points_quarter_words(quarter)));
}

/* The jobs (recompute, reminders, the duty file's export: read by whoever may read the member's
** points, contact_member_visible as its route) and the checkpoint schedule, for main.c's module
** table. */
const struct job_kind points_job_kinds[] = {
    {"points_recompute", "履职积分重算", points_recompute_job},
    {"points_remind", "积分排名靠后提醒", remind_job},
    {"duty_file", "履职档案", points_duty_file_job, PERM_POINTS_READ, contact_member_visible, true},
    {"points_bulletin", "季度委员履职通报", bulletin_job, PERM_STATS_READ, NULL, true},
    {NULL},
};
const struct job_schedule points_schedules[] = {
    {"points_checkpoints", 600, checkpoint_tick},
    {NULL},
};
