/* src/contact/contact_clash.c: weekly coordination (每周统筹) of planned activities: the clash
** check run when an activity is created or moved, and the calendar of a committee subtree.
**
** The rules (a clash is a warning; nothing is refused):
**   same_unit      another activity at the same grassroots unit in the same week (Monday
**                  00:00 CST to the next Monday: time_week_start) — 避免扎堆调研;
**   same_township  another activity at a different unit of the same township (same non-empty
**                  township name, the two units' committees on one path) in the same week;
**   member_busy    a member taking part (attendance present) in another activity whose time
**                  overlaps: [starts_at, end) where end is ends_at when it is later than
**                  starts_at, else starts_at + CONTACT_DEFAULT_MINUTES.
** Cancelled activities never clash. The clashing activity is shown with the few fields a
** planner needs (title, kind, times, committee, place) whatever the caller's scope: a county
** must see that the province visits its village that week. */
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "contact.h"
#include "contact_int.h"

#define CLASH_MAX    50
#define CALENDAR_MAX 2000

static int64_t effective_end(int64_t start, bool has_end, int64_t end) {
  return has_end && end > start ? end : start + CONTACT_DEFAULT_MINUTES * 60;
}

/* The columns every clash query selects first, and their JSON. */
#define ACT_COLS                                                                                   \
  "a.id, a.title, a.kind, a.status, a.starts_at, a.ends_at, a.committee_id, c.name, u.name,"       \
  " u.township"
#define ACT_FROM                                                                                   \
  " FROM activities a JOIN committees c ON c.id = a.committee_id"                                  \
  " LEFT JOIN grassroots_units u ON u.id = a.grassroots_unit_id"

static json_t *activity_brief(struct db_stmt *st) {
  json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:I,s:s}", "id", (json_int_t)db_col_int(st, 0), "title",
                        db_col_text(st, 1), "kind", db_col_text(st, 2), "status",
                        db_col_text(st, 3), "committee_id", (json_int_t)db_col_int(st, 6),
                        "committee_name", db_col_text(st, 7));
  entity_time_json(o, "starts_at", st, 4);
  entity_time_json(o, "ends_at", st, 5);
  json_object_set_new(o, "unit_name",
                      db_col_null(st, 8) ? json_null() : json_string(db_col_text(st, 8)));
  json_object_set_new(o, "township",
                      db_col_null(st, 9) ? json_null() : json_string(db_col_text(st, 9)));
  return o;
}

static json_t *clash_json(const char *reason, json_t *activity) {
  return json_pack("{s:s,s:o}", "reason", reason, "activity", activity);
}

/* The county (县、市、区) a unit's township lies in: its own county field, else the region of its
** committee when that is a county's, else "" (unknown). Two townships of one name are one place
** only in one county: 城关镇 of two counties are two places. */
static const char *unit_county(const char *county, const char *level, const char *region) {
  if (county && *county) return county;
  if (level && !strcmp(level, "county") && region) return region;
  return "";
}

/* Whether two units' townships (same non-empty name) are one place: their counties agree, or one
** is unknown and their committees lie on one path (contact_paths_related). */
static bool same_place(const char *county_a, const char *path_a, const char *county_b,
                       const char *path_b) {
  if (*county_a && *county_b) return !strcmp(county_a, county_b);
  return contact_paths_related(path_a, path_b);
}

/* Appends the place clashes of the probe to out. */
static void place_clashes(struct entity_ctx *ctx, const struct contact_clash_probe *p,
                          json_t *out) {
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT u.township, c.path, u.county, c.level, c.region"
                                " FROM grassroots_units u"
                                " JOIN committees c ON c.id = u.committee_id WHERE u.id = ?",
                                "i", p->unit_id);
  if (db_step(st) != DB_ROW) {
    db_done(st);
    return;
  }
  const char *township = arena_strdup(ctx->arena, db_col_text(st, 0));
  const char *upath = arena_strdup(ctx->arena, db_col_text(st, 1));
  const char *county = arena_strdup(
      ctx->arena, unit_county(db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4)));
  db_done(st);
  int64_t ws = time_week_start(p->starts_at);
  st = db_query(
      ctx->db,
      "SELECT " ACT_COLS ", uc.path, a.grassroots_unit_id, u.county, uc.level, uc.region" ACT_FROM
      " LEFT JOIN committees uc ON uc.id = u.committee_id"
      " WHERE a.starts_at >= ? AND a.starts_at < ? AND a.status <> 'cancelled' AND a.id <> ?"
      " AND (a.grassroots_unit_id = ? OR (? <> '' AND u.township = ?"
      /* the other unit's committee on the path: an ancestor (or the same), or below */
      " AND (? LIKE uc.path || '%' OR (uc.path >= ? AND uc.path < ?))))"
      " ORDER BY a.starts_at, a.id LIMIT ?",
      "iiiittttti", ws, ws + 7 * 86400, p->exclude_id, p->unit_id, township, township, upath, upath,
      entity_path_hi(ctx, upath), (int64_t)CLASH_MAX);
  while (db_step(st) == DB_ROW && json_array_size(out) < CLASH_MAX) {
    bool same_unit = db_col_int(st, 11) == p->unit_id;
    if (!same_unit &&
        !same_place(county, upath,
                    unit_county(db_col_text(st, 12), db_col_text(st, 13), db_col_text(st, 14)),
                    db_col_text(st, 10)))
      continue;
    json_array_append_new(
        out, clash_json(same_unit ? "same_unit" : "same_township", activity_brief(st)));
  }
  db_done(st);
}

/* Appends the member clashes of the probe to out. */
static void member_clashes(struct entity_ctx *ctx, const struct contact_clash_probe *p,
                           json_t *out) {
  int64_t end = effective_end(p->starts_at, p->ends_at != 0, p->ends_at);
  for (int i = 0; i < p->nmembers && json_array_size(out) < CLASH_MAX; i++) {
    struct db_stmt *st = db_query(
        ctx->db,
        "SELECT " ACT_COLS ", m.name" ACT_FROM
        " JOIN activity_participants p ON p.activity_id = a.id JOIN members m ON m.id = p.member_id"
        " WHERE p.member_id = ? AND p.attendance = 'present' AND a.id <> ? AND a.status <> "
        "'cancelled'"
        " AND a.starts_at < ? AND (CASE WHEN a.ends_at > a.starts_at THEN a.ends_at"
        " ELSE a.starts_at + ? END) > ? ORDER BY a.starts_at, a.id LIMIT ?",
        "iiiiii", p->member_ids[i], p->exclude_id, end, (int64_t)CONTACT_DEFAULT_MINUTES * 60,
        p->starts_at, (int64_t)CLASH_MAX);
    while (db_step(st) == DB_ROW && json_array_size(out) < CLASH_MAX) {
      json_t *c = clash_json("member_busy", activity_brief(st));
      json_object_set_new(c, "member_id", json_integer(p->member_ids[i]));
      json_object_set_new(c, "member_name", json_string(db_col_text(st, 10)));
      json_array_append_new(out, c);
    }
    db_done(st);
  }
}

json_t *contact_clash_list(struct entity_ctx *ctx, const struct contact_clash_probe *p) {
  json_t *out = json_array();
  if (!p->starts_at) return out;
  if (p->unit_id) place_clashes(ctx, p, out);
  member_clashes(ctx, p, out);
  return out;
}

json_t *contact_clash_check(struct entity_ctx *ctx, const struct contact_clash_probe *p) {
  int64_t ws = time_week_start(p->starts_at);
  char a[32], b[32];
  return json_pack("{s:s,s:s,s:o}", "week_starts_at", time_iso(ws, a), "week_ends_at",
                   time_iso(ws + 7 * 86400, b), "clashes", contact_clash_list(ctx, p));
}

json_t *contact_activity_clashes(struct entity_ctx *ctx, int64_t id) {
  struct contact_clash_probe p = {.exclude_id = id};
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT grassroots_unit_id, starts_at, ends_at, status FROM activities"
               " WHERE id = ?",
               "i", id);
  bool live = false;
  if (db_step(st) == DB_ROW) {
    p.unit_id = db_col_null(st, 0) ? 0 : db_col_int(st, 0);
    p.starts_at = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
    p.ends_at = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
    live = strcmp(db_col_text(st, 3), "cancelled") != 0;
  }
  db_done(st);
  if (!live) return json_array();
  int cap = 16;
  int64_t *members = arena_alloc(ctx->arena, sizeof *members * (size_t)cap);
  st = db_query(
      ctx->db,
      "SELECT member_id FROM activity_participants WHERE activity_id = ? AND attendance = 'present'"
      " ORDER BY member_id LIMIT 500",
      "i", id);
  while (db_step(st) == DB_ROW) {
    if (p.nmembers == cap) {
      int64_t *m = arena_alloc(ctx->arena, sizeof *m * (size_t)cap * 2);
      memcpy(m, members, sizeof *m * (size_t)cap);
      members = m;
      cap *= 2;
    }
    members[p.nmembers++] = db_col_int(st, 0);
  }
  db_done(st);
  p.member_ids = members;
  return contact_clash_list(ctx, &p);
}

/* ---- the calendar ----------------------------------------------------------------------- */

struct cal_item {
  int64_t id, unit_id, start, end, week;
  const char *township, *unit_path, *county;
  bool live;
  int64_t *members;
  int nmembers, cap;
  json_t *json, *clash_ids, *clashes;
};

static int cmp_id(const void *a, const void *b) {
  int64_t x = ((const struct cal_item *)a)->id, y = ((const struct cal_item *)b)->id;
  return x < y ? -1 : x > y;
}

static int cmp_start(const void *a, const void *b) {
  const struct cal_item *x = *(struct cal_item *const *)a, *y = *(struct cal_item *const *)b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static struct cal_item *find_item(struct cal_item *items, int n, int64_t id) {
  struct cal_item key = {.id = id};
  return bsearch(&key, items, (size_t)n, sizeof *items, cmp_id);
}

static bool share_member(const struct cal_item *a, const struct cal_item *b) {
  int i = 0, j = 0; /* both sorted */
  while (i < a->nmembers && j < b->nmembers) {
    if (a->members[i] == b->members[j]) return true;
    if (a->members[i] < b->members[j])
      i++;
    else
      j++;
  }
  return false;
}

static bool items_clash(const struct cal_item *a, const struct cal_item *b) {
  if (!a->live || !b->live) return false;
  if (a->week == b->week && a->unit_id && b->unit_id) {
    if (a->unit_id == b->unit_id) return true;
    if (*a->township && !strcmp(a->township, b->township) &&
        same_place(a->county, a->unit_path, b->county, b->unit_path))
      return true;
  }
  return a->start < b->end && b->start < a->end && share_member(a, b);
}

/* Why two clashing items clash (items_clash holds): the reason of contact_clash_list. */
static const char *items_clash_reason(const struct cal_item *a, const struct cal_item *b) {
  if (a->week == b->week && a->unit_id && b->unit_id) {
    if (a->unit_id == b->unit_id) return "same_unit";
    if (*a->township && !strcmp(a->township, b->township) &&
        same_place(a->county, a->unit_path, b->county, b->unit_path))
      return "same_township";
  }
  return "member_busy";
}

json_t *contact_calendar(struct entity_ctx *ctx, int64_t committee_id, int64_t from, int64_t to) {
  if (to <= from || to - from > 62 * 86400) {
    entity_fail(ctx, ERR_INVALID_FIELD, "to", "日历的时间范围应在 1 到 62 天之间",
                "The calendar spans 1 to 62 days");
    return NULL;
  }
  int64_t cid = committee_id;
  const char *path = entity_subtree(ctx, &cid);
  if (!path) return NULL;
  bool self = contact_self_only(ctx->user);
  int64_t uid = ctx->user ? ctx->user->id : 0, mid = ctx->user ? ctx->user->member_id : 0;
  struct cal_item *items = arena_alloc(ctx->arena, sizeof *items * CALENDAR_MAX);
  int n = 0;
  struct buf sql = {0};
  struct db_value p[16];
  int np = 0;
  buf_puts(&sql,
           "SELECT a.id, a.kind, a.title, a.status, a.committee_id, c.name, a.organiser_kind, "
           "a.organiser_id,"
           " CASE a.organiser_kind"
           " WHEN 'group' THEN (SELECT name FROM activity_groups WHERE id = a.organiser_id)"
           " WHEN 'special_committee' THEN (SELECT name FROM special_committees WHERE id = "
           "a.organiser_id)"
           " ELSE (SELECT name FROM stations WHERE id = a.organiser_id) END,"
           " a.grassroots_unit_id, u.name, u.township, uc.path, a.starts_at, a.ends_at,"
           " (SELECT COUNT(*) FROM activity_participants WHERE activity_id = a.id),"
           " u.county, uc.level, uc.region"
           " FROM activities a JOIN committees c ON c.id = a.committee_id"
           " LEFT JOIN grassroots_units u ON u.id = a.grassroots_unit_id"
           " LEFT JOIN committees uc ON uc.id = u.committee_id"
           " WHERE c.path >= ? AND c.path < ? AND a.starts_at >= ? AND a.starts_at < ?"
           " AND (? = 0 OR a.created_by = ? OR a.id IN"
           " (SELECT activity_id FROM activity_participants WHERE member_id = ?))");
  p[np++] = (struct db_value){.type = 't', .s = path};
  p[np++] = (struct db_value){.type = 't', .s = entity_path_hi(ctx, path)};
  p[np++] = (struct db_value){.type = 'i', .i = from};
  p[np++] = (struct db_value){.type = 'i', .i = to};
  p[np++] = (struct db_value){.type = 'i', .i = (int64_t)self};
  p[np++] = (struct db_value){.type = 'i', .i = uid};
  p[np++] = (struct db_value){.type = 'i', .i = mid};
  /* an organiser: the activities it sees */
  if (ctx->user && ctx->user->role == ROLE_ORGANISER) {
    buf_puts(&sql, " AND a.id IN (SELECT t.id FROM activities t WHERE 1 = 1");
    contact_activity_scope_sql(ctx->user, &sql, p, &np);
    buf_puts(&sql, ")");
  }
  buf_printf(&sql, " ORDER BY a.id LIMIT %d", CALENDAR_MAX + 1);
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  buf_free(&sql);
  bool truncated = false;
  while (db_step(st) == DB_ROW) {
    if (n == CALENDAR_MAX) {
      truncated = true;
      break;
    }
    struct cal_item *it = &items[n++];
    memset(it, 0, sizeof *it);
    it->id = db_col_int(st, 0);
    it->live = strcmp(db_col_text(st, 3), "cancelled") != 0;
    it->unit_id = db_col_null(st, 9) ? 0 : db_col_int(st, 9);
    it->township = arena_strdup(ctx->arena, db_col_null(st, 11) ? "" : db_col_text(st, 11));
    it->unit_path = arena_strdup(ctx->arena, db_col_null(st, 12) ? "" : db_col_text(st, 12));
    it->county = arena_strdup(ctx->arena, db_col_null(st, 16) ? ""
                                                              : unit_county(db_col_text(st, 16),
                                                                            db_col_text(st, 17),
                                                                            db_col_text(st, 18)));
    it->start = db_col_int(st, 13);
    it->end = effective_end(it->start, !db_col_null(st, 14),
                            db_col_null(st, 14) ? 0 : db_col_int(st, 14));
    it->week = time_week_start(it->start);
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:s,s:I,s:s}", "id", (json_int_t)it->id, "kind", db_col_text(st, 1),
                  "title", db_col_text(st, 2), "status", db_col_text(st, 3), "committee_id",
                  (json_int_t)db_col_int(st, 4), "committee_name", db_col_text(st, 5));
    json_object_set_new(o, "organiser_kind",
                        db_col_null(st, 6) ? json_null() : json_string(db_col_text(st, 6)));
    json_object_set_new(o, "organiser_id",
                        db_col_null(st, 7) ? json_null() : json_integer(db_col_int(st, 7)));
    json_object_set_new(o, "organiser_name",
                        db_col_null(st, 8) ? json_null() : json_string(db_col_text(st, 8)));
    json_object_set_new(o, "grassroots_unit_id",
                        it->unit_id ? json_integer(it->unit_id) : json_null());
    json_object_set_new(o, "unit_name",
                        db_col_null(st, 10) ? json_null() : json_string(db_col_text(st, 10)));
    json_object_set_new(o, "township",
                        db_col_null(st, 11) ? json_null() : json_string(it->township));
    entity_time_json(o, "starts_at", st, 13);
    entity_time_json(o, "ends_at", st, 14);
    json_object_set_new(o, "participant_count", json_integer(db_col_int(st, 15)));
    it->clash_ids = json_array();
    json_object_set_new(o, "clash_ids", it->clash_ids);
    it->clashes = json_array();
    json_object_set_new(o, "clashes", it->clashes);
    it->json = o;
  }
  db_done(st);
  /* who takes part in what: one query over the range */
  st = db_query(
      ctx->db,
      "SELECT p.activity_id, p.member_id FROM activity_participants p"
      " JOIN activities a ON a.id = p.activity_id JOIN committees c ON c.id = a.committee_id"
      " WHERE c.path >= ? AND c.path < ? AND a.starts_at >= ? AND a.starts_at < ?"
      " AND p.attendance = 'present' ORDER BY p.activity_id, p.member_id",
      "ttii", path, entity_path_hi(ctx, path), from, to);
  while (db_step(st) == DB_ROW) {
    struct cal_item *it = find_item(items, n, db_col_int(st, 0));
    if (!it) continue;
    if (it->nmembers == it->cap) {
      int cap = it->cap ? it->cap * 2 : 8;
      int64_t *m = arena_alloc(ctx->arena, sizeof *m * (size_t)cap);
      if (it->nmembers) memcpy(m, it->members, sizeof *m * (size_t)it->nmembers);
      it->members = m;
      it->cap = cap;
    }
    it->members[it->nmembers++] = db_col_int(st, 1);
  }
  db_done(st);
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      if (items_clash(&items[i], &items[j])) {
        json_array_append_new(items[i].clash_ids, json_integer(items[j].id));
        json_array_append_new(items[j].clash_ids, json_integer(items[i].id));
        const char *why = items_clash_reason(&items[i], &items[j]);
        json_array_append_new(items[i].clashes,
                              json_pack("{s:I,s:s}", "id", (json_int_t)items[j].id, "reason", why));
        json_array_append_new(items[j].clashes,
                              json_pack("{s:I,s:s}", "id", (json_int_t)items[i].id, "reason", why));
      }
  struct cal_item **by_time = arena_alloc(ctx->arena, sizeof *by_time * (size_t)(n ? n : 1));
  for (int i = 0; i < n; i++) by_time[i] = &items[i];
  qsort(by_time, (size_t)n, sizeof *by_time, cmp_start);
  json_t *arr = json_array();
  for (int i = 0; i < n; i++) json_array_append_new(arr, by_time[i]->json);
  char a[32], b[32];
  return json_pack("{s:I,s:s,s:s,s:o,s:b}", "committee_id", (json_int_t)cid, "from",
                   time_iso(from, a), "to", time_iso(to, b), "items", arr, "truncated", truncated);
}
