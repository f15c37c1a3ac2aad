/* tests/unit/test_points.c: duty points on a migrated temporary database, against a year worked
** out by hand under the example rule set (DOMAIN.md): meeting attendance with the two-thirds
** rule, deductions, a rule's yearly cap and a category's, proposals for the first proposer and
** a co-signer across a year's edge; the same ledger from record-by-record syncing and from a
** recompute, and from recomputing twice; a new rule-set version; competition ranks; grades and
** flags (a talk, low two years running, three plenary absences in the term); rule-set
** validation. */
#include "auth/access.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "contact/contact.h"
#include "db/db.h"
#include "db/migrate.h"
#include "entity/entity.h"
#include "org/org.h"
#include "points/points.h"
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char pt_path[64];
static struct arena pt_arena;
static struct entity_ctx pt_ctx;
static int64_t pt_root, pt_county, A, B, C, D, E, F;

static void pt_reset(void) {
  json_decref(pt_ctx.err.errors);
  memset(&pt_ctx.err, 0, sizeof pt_ctx.err);
}

static json_t *pt_json(const char *text) {
  json_error_t je;
  json_t *j = json_loads(text, 0, &je);
  cr_assert_not_null(j, "bad JSON in test: %s: %s", text, je.text);
  return j;
}

static int64_t pt_create(const struct entity *e, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  pt_reset();
  json_t *in = pt_json(text);
  int64_t id = entity_create(&pt_ctx, e, in);
  json_decref(in);
  cr_assert_gt(id, 0, "create %s: %s", e->name, pt_ctx.err.zh ? pt_ctx.err.zh : "-");
  return id;
}

static int64_t pt_member(const char *name) {
  return db_int(pt_ctx.db, 0,
                "INSERT INTO members (committee_id, name, gender, created_at, updated_at) VALUES "
                "(?, ?, 'male', 0, 0) RETURNING id",
                "it", pt_county, name);
}

/* A duty record; minutes attended/held 0 when not given. */
static int64_t pt_record(int64_t m, const char *kind, const char *day, const char *attendance,
                         int attended, int held) {
  if (held)
    return pt_create(&duty_record_entity,
                     "{\"committee_id\":%lld,\"member_id\":%lld,\"kind\":\"%s\",\"title\":\"会议\","
                     "\"held_on\":\"%s\","
                     "\"attendance\":\"%s\",\"attended_minutes\":%d,\"duration_minutes\":%d}",
                     (long long)pt_county, (long long)m, kind, day, attendance, attended, held);
  return pt_create(&duty_record_entity,
                   "{\"committee_id\":%lld,\"member_id\":%lld,\"kind\":\"%s\",\"title\":\"会议\","
                   "\"held_on\":\"%s\","
                   "\"attendance\":\"%s\"}",
                   (long long)pt_county, (long long)m, kind, day, attendance);
}

/* A done (or other status) activity of kind with member m taking part as attendance. */
static int64_t pt_activity(const char *kind, const char *starts, const char *status, int64_t m,
                           const char *attendance) {
  int64_t a = pt_create(&contact_activity_entity,
                        "{\"title\":\"活动\",\"kind\":\"%s\",\"committee_id\":%lld,\"starts_at\":"
                        "\"%s\",\"status\":\"%s\"}",
                        kind, (long long)pt_county, starts, status);
  pt_reset();
  cr_assert(contact_participant_add(&pt_ctx, a, m, attendance), "%s",
            pt_ctx.err.zh ? pt_ctx.err.zh : "");
  return a;
}

/* A proposal written straight into its tables (its own rules are tested elsewhere), synced. */
static int64_t pt_proposal(int64_t first, int64_t cosigner, const char *cosign_status,
                           const char *status, const char *submitted, const char *filed, int key) {
  int64_t sub = 0, fil = 0;
  if (submitted) cr_assert(time_parse_iso(submitted, &sub));
  if (filed) cr_assert(time_parse_iso(filed, &fil));
  int64_t id = db_int(pt_ctx.db, 0,
                      "INSERT INTO proposals (committee_id, proposer_id, category, title, status, "
                      "submitted_at, filed_at,"
                      " is_key, created_at, updated_at) VALUES (?, ?, 'economy', '提案', ?, ?, ?, "
                      "?, 0, 0) RETURNING id",
                      "iitIIi", pt_county, first, status, sub, fil, (int64_t)key);
  cr_assert_gt(id, 0, "%s", db_errmsg(pt_ctx.db));
  cr_assert_eq(
      db_exec(pt_ctx.db,
              "INSERT INTO proposal_signers (proposal_id, member_id, role, status, invited_at)"
              " VALUES (?, ?, 'first', 'confirmed', 0)",
              "ii", id, first),
      DB_DONE);
  if (cosigner)
    cr_assert_eq(
        db_exec(pt_ctx.db,
                "INSERT INTO proposal_signers (proposal_id, member_id, role, status, invited_at)"
                " VALUES (?, ?, 'cosigner', ?, 0)",
                "iit", id, cosigner, cosign_status),
        DB_DONE);
  cr_assert(points_sync(pt_ctx.db, "proposal", id));
  return id;
}

static int64_t total(int64_t m, int year) { return points_total(pt_ctx.db, m, year); }

/* The points (tenths) of m's entries under rule in year, summed, and how many there are. */
static int64_t rule_points(int64_t m, int year, const char *rule, int64_t *n) {
  *n = db_int(pt_ctx.db, 0,
              "SELECT COUNT(*) FROM points_ledger WHERE member_id = ? AND year = ? AND rule = ?",
              "iit", m, (int64_t)year, rule);
  return db_int(pt_ctx.db, 0,
                "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE member_id = ? AND year = "
                "? AND rule = ?",
                "iit", m, (int64_t)year, rule);
}

/* The whole ledger and the totals as text, without ids (to compare two computations). */
static char *dump(void) {
  struct buf b = {0};
  struct db_stmt *st = db_query(
      pt_ctx.db,
      "SELECT member_id, year, event, rule, source_kind, source_id, occurred_at, raw, points, note,"
      " rule_set_id FROM points_ledger ORDER BY member_id, year, occurred_at, event, source_kind, "
      "source_id",
      "");
  while (db_step(st) == DB_ROW)
    buf_printf(&b, "%lld %lld %s %s %s %lld %lld %lld %lld %s %lld\n", (long long)db_col_int(st, 0),
               (long long)db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 3),
               db_col_text(st, 4), (long long)db_col_int(st, 5), (long long)db_col_int(st, 6),
               (long long)db_col_int(st, 7), (long long)db_col_int(st, 8), db_col_text(st, 9),
               (long long)db_col_int(st, 10));
  db_done(st);
  st = db_query(
      pt_ctx.db,
      "SELECT member_id, year, total FROM points_totals WHERE total <> 0 ORDER BY member_id, year",
      "");
  while (db_step(st) == DB_ROW)
    buf_printf(&b, "T %lld %lld %lld\n", (long long)db_col_int(st, 0), (long long)db_col_int(st, 1),
               (long long)db_col_int(st, 2));
  db_done(st);
  return b.data ? b.data : strdup("");
}

static void recompute(int year) {
  const char *err;
  cr_assert_geq(
      points_recompute(pt_ctx.db, committee_path_of(&pt_ctx, pt_root), year, NULL, NULL, &err), 0,
      "%s", err);
}

/* The example year:
** A: plenary present 50; standing present 10; other meeting absent −5; six research visits at
**    5 with the rule's cap of 20 → 5+5+5+5+0+0; a lecture 4; a plenary speech 10 and three other
**    speeches at 5 under the speech category's cap of 20 → 5+5+0. Total 99: excellent.
** B: plenary "present" for 100 of 180 minutes → under 2/3 → absent, 0; another meeting for
**    120 of 180 (exactly 2/3) → present 3; an activity missed −5; one excused (nothing); one
**    still planned (nothing). Total −2: score 0, not competent, a talk. Plenary absences in
**    2024 and 2025 too: three in the term.
** C: first proposer. P6 submitted 2025-12-20 (10 in 2025), filed 2026-01-05 (15); P1 submitted
**    03-01 (10), filed 03-10 (15) and key (5); P2 not filed, submitted 04-01: 5 of its 10 fit
**    under the proposal category's cap of 50; P3 submitted 05-01 and filed 05-10: 0 and 0; P5
**    withdrawn: nothing. 2026 total 50; 2025 total 10.
** D: confirmed co-signer of P1: 3 + 5 = 8; invited but never confirmed on P3: nothing.
** E, F: nothing (0). */
static void example_year(void) {
  pt_record(A, "plenary", "2026-01-15", "present", 0, 0);
  /* A is on the standing committee: only its members are recorded at its meetings */
  cr_assert_eq(db_exec(pt_ctx.db, "UPDATE members SET is_standing = 1 WHERE id = ?", "i", A),
               DB_DONE);
  pt_record(A, "standing", "2026-03-20", "present", 0, 0);
  pt_record(A, "meeting", "2026-04-02", "absent", 0, 0);
  for (int i = 0; i < 6; i++) {
    char at[40];
    snprintf(at, sizeof at, "2026-0%d-10T09:00:00+08:00", i + 2);
    pt_activity("research", at, "done", A, "present");
  }
  pt_activity("lecture", "2026-09-01T09:00:00+08:00", "done", A, "present");
  pt_record(A, "speech_plenary", "2026-01-15", "present", 0, 0);
  pt_record(A, "speech", "2026-05-01", "present", 0, 0);
  pt_record(A, "speech", "2026-06-01", "present", 0, 0);
  pt_record(A, "speech", "2026-07-01", "present", 0, 0);

  pt_record(B, "plenary", "2026-01-15", "present", 100, 180);
  pt_record(B, "meeting", "2026-04-02", "present", 120, 180);
  pt_activity("visit", "2026-05-05T09:00:00+08:00", "done", B, "absent");
  pt_activity("visit", "2026-05-06T09:00:00+08:00", "done", B, "excused");
  pt_activity("visit", "2026-05-07T09:00:00+08:00", "planned", B, "present");
  pt_record(B, "plenary", "2024-01-15", "absent", 0, 0);
  pt_record(B, "plenary", "2025-01-15", "absent", 0, 0);

  pt_proposal(C, 0, NULL, "filed", "2025-12-20T10:00:00+08:00", "2026-01-05T10:00:00+08:00", 0);
  pt_proposal(C, D, "confirmed", "assigned", "2026-03-01T10:00:00+08:00",
              "2026-03-10T10:00:00+08:00", 1);
  pt_proposal(C, 0, NULL, "not_filed", "2026-04-01T10:00:00+08:00", NULL, 0);
  pt_proposal(C, D, "invited", "closed", "2026-05-01T10:00:00+08:00", "2026-05-10T10:00:00+08:00",
              0);
  pt_proposal(C, 0, NULL, "withdrawn", "2026-06-01T10:00:00+08:00", NULL, 0);
}

static void pt_init(void) {
  cr_assert_geq(sodium_init(), 0);
  strcpy(pt_path, "/tmp/lvzhi-test-points-XXXXXX");
  int fd = mkstemp(pt_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  struct db *db = db_open(pt_path, &err);
  cr_assert_not_null(db, "%s", err ? err : "");
  cr_assert_eq(migrate_run(db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
  arena_init(&pt_arena);
  memset(&pt_ctx, 0, sizeof pt_ctx);
  pt_ctx.db = db;
  pt_ctx.arena = &pt_arena;
  pt_ctx.ip = "127.0.0.1";
  pt_root = org_committee_add(&pt_ctx, 0, "甘肃省政协", "province", "甘肃省");
  pt_county = org_committee_add(&pt_ctx, pt_root, "城关区政协", "county", "城关区");
  cr_assert(pt_root && pt_county);
  A = pt_member("甲"), B = pt_member("乙"), C = pt_member("丙"), D = pt_member("丁"),
  E = pt_member("戊"), F = pt_member("己");
  example_year();
}

static void pt_fini(void) {
  pt_reset();
  db_close(pt_ctx.db);
  arena_free(&pt_arena);
  char p[96];
  unlink(pt_path);
  snprintf(p, sizeof p, "%s-wal", pt_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", pt_path);
  unlink(p);
}

TestSuite(points, .init = pt_init, .fini = pt_fini);

Test(points, example_year_totals_caps_and_deductions) {
  int64_t n;
  cr_expect_eq(rule_points(A, 2026, "plenary.present", &n), 500);
  cr_expect_eq(rule_points(A, 2026, "meeting.absent", &n), -50);
  cr_expect_eq(rule_points(A, 2026, "activity.research", &n), 200, "research capped at 20");
  cr_expect_eq(n, 6, "all six research visits are in the ledger");
  cr_expect_eq(
      db_int(pt_ctx.db, 0,
             "SELECT COUNT(*) FROM points_ledger WHERE member_id = ? AND rule = 'activity.research'"
             " AND points = 0 AND note = '已达该项年度上限'",
             "i", A),
      2);
  cr_expect_eq(rule_points(A, 2026, "speech.other", &n), 100,
               "speech category capped at 20 with the plenary speech");
  cr_expect_eq(
      db_int(pt_ctx.db, 0,
             "SELECT points FROM points_ledger WHERE member_id = ? AND rule = 'speech.other'"
             " ORDER BY occurred_at DESC LIMIT 1",
             "i", A),
      0);
  cr_expect_eq(total(A, 2026), 990);

  cr_expect_eq(rule_points(B, 2026, "plenary.absent", &n), 0);
  cr_expect_eq(n, 1, "present for under two thirds counts as absent");
  cr_expect_eq(
      db_int(pt_ctx.db, 0,
             "SELECT COUNT(*) FROM points_ledger WHERE member_id = ? AND event = 'plenary.present'"
             " AND rule = 'plenary.absent' AND num = 100 AND den = 180",
             "i", B),
      1);
  cr_expect_eq(rule_points(B, 2026, "meeting.present", &n), 30, "exactly two thirds is present");
  cr_expect_eq(rule_points(B, 2026, "activity.absent", &n), -50);
  cr_expect_eq(db_int(pt_ctx.db, 0,
                      "SELECT COUNT(*) FROM points_ledger WHERE member_id = ? AND year = 2026", "i",
                      B),
               3, "excused and planned activities give nothing");
  cr_expect_eq(total(B, 2026), -20);

  cr_expect_eq(total(C, 2025), 100, "submitted in 2025");
  cr_expect_eq(total(C, 2026), 500, "the proposal category's cap");
  cr_expect_eq(rule_points(C, 2026, "proposal.key", &n), 50);
  cr_expect_eq(rule_points(C, 2026, "proposal.filed", &n), 300);
  cr_expect_eq(n, 3, "three filed, the last capped to 0");
  cr_expect_eq(db_int(pt_ctx.db, 0,
                      "SELECT COUNT(*) FROM points_ledger WHERE member_id = ? AND year = 2026", "i",
                      C),
               7, "withdrawn gives nothing");
  cr_expect_eq(total(D, 2026), 80, "co-signer: 3 + 5; an unconfirmed co-signer nothing");
  cr_expect_eq(total(E, 2026), 0);
}

Test(points, every_entry_names_its_source_rule_and_rule_set) {
  cr_expect_eq(
      db_int(pt_ctx.db, -1,
             "SELECT COUNT(*) FROM points_ledger WHERE rule_set_id IS NULL OR source_id <= 0", ""),
      0);
  cr_expect_eq(db_int(pt_ctx.db, 0,
                      "SELECT COUNT(DISTINCT rule_set_id) FROM points_ledger WHERE year = 2026",
                      ""),
               1);
  pt_reset();
  json_t *l = points_member_ledger(&pt_ctx, A, 2026);
  cr_assert_not_null(l);
  cr_expect_eq(json_integer_value(json_object_get(l, "total")), 99);
  cr_expect_str_eq(json_string_value(json_object_get(l, "grade")), "excellent");
  json_t *it = json_array_get(json_object_get(l, "items"), 0);
  cr_expect_str_eq(json_string_value(json_object_get(it, "source_title")), "会议");
  cr_expect_eq(json_integer_value(json_object_get(it, "rule_set_version")), 1);
  json_decref(l);
}

Test(points, sync_equals_recompute_and_recompute_is_stable) {
  char *synced = dump();
  recompute(2026);
  recompute(2025);
  recompute(2024);
  char *once = dump();
  recompute(2026);
  recompute(2025);
  recompute(2024);
  char *twice = dump();
  cr_expect_str_eq(once, twice);
  cr_expect_str_eq(synced, once, "record by record and recomputed agree");
  free(synced), free(once), free(twice);
}

Test(points, a_changed_record_and_a_deleted_one_change_the_ledger) {
  int64_t r = pt_record(E, "plenary", "2026-01-15", "present", 100, 180);
  cr_expect_eq(total(E, 2026), 0);
  pt_reset();
  json_t *in = pt_json("{\"attended_minutes\":150}");
  cr_assert(entity_update(&pt_ctx, &duty_record_entity, r, in), "%s",
            pt_ctx.err.zh ? pt_ctx.err.zh : "");
  json_decref(in);
  cr_expect_eq(total(E, 2026), 500);
  pt_reset();
  cr_assert(points_record_delete(&pt_ctx, r));
  cr_expect_eq(total(E, 2026), 0);
  cr_expect_eq(
      db_int(
          pt_ctx.db, -1,
          "SELECT COUNT(*) FROM points_ledger WHERE source_kind = 'duty_record' AND source_id = ?",
          "i", r),
      0);
}

/* Saves the default rule set of 2026 for committee with event's points set to points (taken);
** returns its id (0 on an error, in pt_ctx.err). */
static int64_t save_rules_with(int64_t committee, const char *event, json_t *points) {
  json_t *body = points_default_rules_json(2026);
  json_object_set_new(body, "committee_id", json_integer(committee));
  json_object_set_new(body, "year", json_integer(2026));
  json_t *rules = json_object_get(body, "rules"), *x;
  size_t i;
  json_array_foreach(rules, i, x) {
    if (!strcmp(json_string_value(json_object_get(x, "event")), event))
      json_object_set(x, "points", points);
  }
  json_decref(points);
  int64_t id = points_rule_set_save(&pt_ctx, body);
  json_decref(body);
  return id;
}

Test(points, a_new_rule_set_version_and_its_recompute) {
  pt_reset();
  int64_t id = save_rules_with(pt_root, "plenary.present", json_real(40.5));
  cr_assert_gt(id, 0, "%s", pt_ctx.err.zh ? pt_ctx.err.zh : "");
  struct points_rules r;
  cr_assert(points_rules_load(&pt_ctx, id, &r));
  cr_expect_eq(r.version, 2);
  recompute(2026);
  cr_expect_eq(total(A, 2026), 895, "99 − (50 − 40.5), got %lld", (long long)total(A, 2026));
  cr_expect_eq(db_int(pt_ctx.db, 0,
                      "SELECT COUNT(*) FROM points_ledger WHERE year = 2026 AND rule_set_id <> ?",
                      "i", id),
               0);
}

/* Every entry and total of year as text, ids left out, each member's entries in the order they
** are listed (time, then id) with every column, and every total with its rule set: what a
** recompute must leave the same as a rebuild from nothing. */
static char *dump_year(int year) {
  struct buf b = {0};
  struct db_stmt *st = db_query(
      pt_ctx.db,
      "SELECT member_id, event, rule, source_kind, source_id, occurred_at, num, den, rule_set_id,"
      " raw, points, note FROM points_ledger WHERE year = ? ORDER BY member_id, occurred_at, id",
      "i", (int64_t)year);
  while (db_step(st) == DB_ROW) {
    for (int k = 0; k < 12; k++)
      buf_printf(&b, "%s%s", db_col_null(st, k) ? "NULL" : db_col_text(st, k), k < 11 ? "|" : "\n");
  }
  db_done(st);
  st = db_query(pt_ctx.db,
                "SELECT member_id, total, rule_set_id FROM points_totals WHERE year = ?"
                " ORDER BY member_id",
                "i", (int64_t)year);
  while (db_step(st) == DB_ROW)
    buf_printf(&b, "T %s %s %s\n", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2));
  db_done(st);
  return b.data ? b.data : strdup("");
}

/* Ids and times of change too: a recompute that writes nothing leaves these as they were. */
static char *dump_ids(int year) {
  struct buf b = {0};
  struct db_stmt *st =
      db_query(pt_ctx.db, "SELECT id, points FROM points_ledger WHERE year = ? ORDER BY id", "i",
               (int64_t)year);
  while (db_step(st) == DB_ROW) buf_printf(&b, "%s %s\n", db_col_text(st, 0), db_col_text(st, 1));
  db_done(st);
  st = db_query(pt_ctx.db,
                "SELECT member_id, updated_at, ledger_digest FROM points_totals WHERE year = ?"
                " ORDER BY member_id",
                "i", (int64_t)year);
  while (db_step(st) == DB_ROW)
    buf_printf(&b, "T %s %s %s\n", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2));
  db_done(st);
  return b.data ? b.data : strdup("");
}

static struct points_written recompute_written(int year) {
  const char *err;
  struct points_written w;
  cr_assert_geq(points_recompute_written(pt_ctx.db, committee_path_of(&pt_ctx, pt_root), year, NULL,
                                         NULL, &err, &w),
                0, "%s", err);
  return w;
}

/* What a rebuild from nothing makes of year: the year's ledger and totals deleted, recomputed. */
static char *rebuilt(int year) {
  cr_assert_eq(db_exec(pt_ctx.db, "DELETE FROM points_ledger WHERE year = ?", "i", (int64_t)year),
               DB_DONE);
  cr_assert_eq(db_exec(pt_ctx.db, "DELETE FROM points_totals WHERE year = ?", "i", (int64_t)year),
               DB_DONE);
  struct points_written w = recompute_written(year);
  cr_expect_eq(w.updated + w.deleted, 0, "a rebuild only inserts");
  return dump_year(year);
}

Test(points, a_recompute_after_small_changes_equals_a_rebuild) {
  recompute(2026);
  int64_t c_last = db_int(pt_ctx.db, 0, "SELECT MAX(id) FROM points_ledger", ""),
          entries =
              db_int(pt_ctx.db, 0, "SELECT COUNT(*) FROM points_ledger WHERE year = 2026", "");
  /* changes the records' hooks did not sync (written straight into the tables): an attendance
  ** that now falls under two thirds, a deleted participation, a new duty record at the same
  ** moment as an existing one of the same member (their order must be the rebuild's), a new
  ** member with an entry and no total */
  cr_assert_eq(db_exec(pt_ctx.db,
                       "UPDATE duty_records SET attended_minutes = 100, duration_minutes = 180"
                       " WHERE member_id = ? AND kind = 'standing'",
                       "i", A),
               DB_DONE);
  cr_assert_eq(db_exec(pt_ctx.db,
                       "DELETE FROM activity_participants WHERE member_id = ? AND activity_id ="
                       " (SELECT MIN(activity_id) FROM activity_participants WHERE member_id = ?)",
                       "ii", A, A),
               DB_DONE);
  int64_t sp = pt_record(D, "speech", "2026-01-15", "present", 0, 0);
  int64_t g = pt_member("庚");
  int64_t gr = pt_record(g, "plenary", "2026-01-15", "present", 0, 0);
  /* the records' own syncing is undone, so that only the recompute brings them in */
  cr_assert_eq(db_exec(pt_ctx.db,
                       "DELETE FROM points_ledger WHERE source_kind = 'duty_record' AND"
                       " source_id IN (?, ?)",
                       "ii", sp, gr),
               DB_DONE);
  cr_assert_eq(db_exec(pt_ctx.db, "DELETE FROM points_totals WHERE member_id = ?", "i", g),
               DB_DONE);
  pt_record(D, "plenary", "2026-01-15", "present", 0, 0); /* synced: D's digest moves on too */
  struct points_written w = recompute_written(2026);
  cr_expect_gt(w.inserted + w.updated + w.deleted, 0);
  cr_expect_eq(db_int(pt_ctx.db, -1,
                      "SELECT COUNT(*) FROM points_ledger WHERE member_id = ? AND id > ?", "ii", C,
                      c_last),
               0, "the entries of a member nothing changed for stay as they were");
  cr_expect_lt(w.inserted + w.deleted, 2 * entries, "only the members changed are rewritten");
  char *diffed = dump_year(2026);
  char *fresh = rebuilt(2026);
  cr_expect_str_eq(diffed, fresh, "a recompute by differences and a rebuild agree");
  free(diffed), free(fresh);
}

Test(points, a_recompute_with_no_change_writes_nothing) {
  /* the records synced the ledger one by one (points_sync), with the same digests: only the
  ** totals of the members no record touched (E, F: none stored yet) are written */
  int64_t untouched = db_int(pt_ctx.db, -1,
                             "SELECT COUNT(*) FROM members m WHERE NOT EXISTS (SELECT 1 FROM"
                             " points_totals t WHERE t.member_id = m.id AND t.year = 2026)",
                             "");
  struct points_written w0 = recompute_written(2026);
  cr_expect_eq(w0.inserted + w0.updated + w0.deleted, 0, "after syncing: %lld %lld %lld",
               (long long)w0.inserted, (long long)w0.updated, (long long)w0.deleted);
  cr_expect_eq(w0.totals, untouched);
  cr_expect_gt(untouched, 0);
  char *before = dump_ids(2026);
  struct points_written w = recompute_written(2026);
  cr_expect_eq(w.inserted, 0);
  cr_expect_eq(w.updated, 0);
  cr_expect_eq(w.deleted, 0);
  cr_expect_eq(w.totals, 0);
  char *after = dump_ids(2026);
  cr_expect_str_eq(before, after, "ids, points and times of change as they were");
  free(before), free(after);
}

Test(points, totals_without_a_digest_are_compared_entry_by_entry) {
  recompute(2026);
  char *once = dump_year(2026);
  /* as written before migration 20, and one entry changed behind the digest's back */
  cr_assert_eq(db_exec(pt_ctx.db, "UPDATE points_totals SET ledger_digest = NULL", ""), DB_DONE);
  cr_assert_eq(db_exec(pt_ctx.db,
                       "UPDATE points_ledger SET points = points + 1, note = 'x' WHERE id ="
                       " (SELECT MIN(id) FROM points_ledger WHERE year = 2026)",
                       ""),
               DB_DONE);
  struct points_written w = recompute_written(2026);
  cr_expect_eq(w.updated, 1, "the changed entry is put right in place");
  cr_expect_eq(w.inserted + w.deleted, 0);
  cr_expect_gt(w.totals, 0, "the digests are written");
  char *again = dump_year(2026);
  cr_expect_str_eq(once, again);
  w = recompute_written(2026);
  cr_expect_eq(w.inserted + w.updated + w.deleted + w.totals, 0);
  free(once), free(again);
}

Test(points, a_new_rule_set_recomputed_by_differences_equals_a_rebuild) {
  recompute(2026);
  pt_reset();
  int64_t id = save_rules_with(pt_root, "research.present", json_integer(3));
  cr_assert_gt(id, 0, "%s", pt_ctx.err.zh ? pt_ctx.err.zh : "");
  struct points_written w = recompute_written(2026);
  cr_expect_gt(w.updated, 0, "the entries are updated in place");
  cr_expect_eq(w.inserted + w.deleted, 0, "no entry is replaced: the keys did not change");
  char *diffed = dump_year(2026);
  char *fresh = rebuilt(2026);
  cr_expect_str_eq(diffed, fresh);
  free(diffed), free(fresh);
}

Test(points, competition_ranks_and_the_bottom) {
  /* totals: A 99, C 50, D 8, E 0, F 0, B −2 */
  int64_t want[][2] = {{A, 1}, {C, 2}, {D, 3}, {E, 4}, {F, 4}, {B, 6}};
  for (int i = 0; i < 6; i++) {
    pt_reset();
    json_t *r = points_member_rank(&pt_ctx, want[i][0], 2026, "committee");
    cr_assert_not_null(r, "%s", pt_ctx.err.zh ? pt_ctx.err.zh : "");
    cr_expect_eq(json_integer_value(json_object_get(r, "rank")), want[i][1], "member %d", i);
    cr_expect_eq(json_integer_value(json_object_get(r, "of")), 6);
    cr_expect_eq(json_is_true(json_object_get(r, "in_bottom")), want[i][0] == B,
                 "only the last is in the bottom");
    json_decref(r);
  }
  pt_reset();
  struct points_scope s = {.committee_id = pt_county, .year = 2026};
  json_t *list = points_ranking(&pt_ctx, &s, NULL, 0, 10, true);
  cr_assert_not_null(list);
  /* 10 % of 6, rounded up: one, the last */
  cr_expect_eq(json_integer_value(json_object_get(json_object_get(list, "bottom"), "count")), 1);
  cr_expect_eq(json_integer_value(
                   json_object_get(json_array_get(json_object_get(list, "items"), 0), "member_id")),
               B);
  json_decref(list);
}

Test(points, grades_and_flags) {
  recompute(2025);
  recompute(2024);
  pt_reset();
  struct points_scope s = {.committee_id = pt_county, .year = 2026};
  json_t *a = points_assessment(&pt_ctx, &s, NULL, NULL, 0, 50);
  cr_assert_not_null(a, "%s", pt_ctx.err.zh ? pt_ctx.err.zh : "");
  json_t *sum = json_object_get(a, "summary");
  cr_expect_eq(json_integer_value(json_object_get(sum, "excellent")), 1);
  cr_expect_eq(json_integer_value(json_object_get(sum, "incompetent")), 5);
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(a, "items"), i, it) {
    int64_t m = json_integer_value(json_object_get(it, "member_id"));
    char *flags = json_dumps(json_object_get(it, "flags"), JSON_COMPACT);
    if (m == A) cr_expect_str_eq(flags, "[]");
    if (m == B) cr_expect_str_eq(flags, "[\"talk\",\"resign_low\",\"resign_absences\"]");
    if (m == C) cr_expect_str_eq(flags, "[\"talk\",\"resign_low\"]");
    if (m == B) cr_expect_eq(json_integer_value(json_object_get(it, "plenary_absences")), 3);
    free(flags);
  }
  json_decref(a);
  pt_reset();
  a = points_assessment(&pt_ctx, &s, "excellent", NULL, 0, 50);
  cr_expect_eq(json_array_size(json_object_get(a, "items")), 1);
  json_decref(a);
}

Test(points, rule_set_validation) {
  static const char *const bad[][2] = {
      {"{\"rules\":[{\"event\":\"no.such\",\"points\":1}]}", "rules[0]"},
      {"{\"rules\":[{\"event\":\"plenary.present\",\"points\":1.25}]}", "rules[0]"},
      {"{\"rules\":[{\"event\":\"plenary.present\"}]}", "rules[0]"},
      {"{\"rules\":[],\"grades\":[{\"grade\":\"a\",\"label\":\"甲\",\"min\":50},{\"grade\":\"b\","
       "\"label\":\"乙\",\"min\":60}]}",
       "grades"},
      {"{\"rules\":[],\"grades\":[{\"grade\":\"a\",\"label\":\"甲\",\"min\":50}]}", "grades"},
      {"{\"rules\":[],\"checkpoints\":[\"13-01\"]}", "checkpoints"},
      {"{\"rules\":[],\"min_attendance\":\"3/2\"}", "min_attendance"},
      {"{\"rules\":[],\"extra\":1}", "extra"},
      {"{\"rules\":[],\"category_caps\":{\"nothing\":5}}", "category_caps"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    pt_reset();
    json_t *in = pt_json(bad[i][0]);
    struct points_rules r = {.year = 2026};
    cr_expect_not(points_rules_parse(&pt_ctx, in, &r), "%s accepted", bad[i][0]);
    cr_expect_eq(pt_ctx.err.status, 422);
    cr_expect(pt_ctx.err.field && !strcmp(pt_ctx.err.field, bad[i][1]), "%s: field %s", bad[i][0],
              pt_ctx.err.field ? pt_ctx.err.field : "(none)");
    json_decref(in);
  }
  /* the example round-trips */
  pt_reset();
  json_t *ex = points_default_rules_json(2026);
  struct points_rules r = {.year = 2026};
  cr_assert(points_rules_parse(&pt_ctx, ex, &r), "%s", pt_ctx.err.zh ? pt_ctx.err.zh : "");
  json_t *back = points_rules_json(&r);
  json_object_del(ex, "year_cap");
  json_object_del(back, "year_cap");
  cr_expect(json_equal(ex, back), "the example rule set survives parse → JSON");
  json_decref(ex);
  json_decref(back);
}

/* ---- terms (届) ------------------------------------------------------------------------------ */

/* Parses body (JSON text) for year; false with the 422's field in *field. */
static bool pt_parse(const char *body, int year, struct points_rules *r, const char **field) {
  pt_reset();
  json_t *in = pt_json(body);
  memset(r, 0, sizeof *r);
  r->year = year;
  bool ok = points_rules_parse(&pt_ctx, in, r);
  json_decref(in);
  *field = pt_ctx.err.field ? pt_ctx.err.field : "";
  return ok;
}

Test(points, a_term_lasts_five_years_anchored_on_2023) {
  static const int want[][2] = {{2023, 2023}, {2027, 2023}, {2028, 2028}, {2032, 2028},
                                {2033, 2033}, {2022, 2018}, {2018, 2018}, {2017, 2013}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    cr_expect_eq(points_term_start(want[i][0]), want[i][1], "the term of %d", want[i][0]);
  struct points_rules r;
  const char *field;
  /* a named term */
  cr_assert(pt_parse("{\"rules\":[],\"term\":{\"name\":\"第十三届\",\"start_year\":2023}}", 2026,
                     &r, &field),
            "%s", pt_ctx.err.zh ? pt_ctx.err.zh : "");
  cr_expect_str_eq(r.term_name, "第十三届");
  cr_expect_eq(r.term_start_year, 2023);
  json_t *j = points_rules_json(&r);
  json_t *t = json_object_get(j, "term");
  cr_expect_str_eq(json_string_value(json_object_get(t, "name")), "第十三届");
  cr_expect_eq(json_integer_value(json_object_get(t, "start_year")), 2023);
  cr_expect_eq(json_integer_value(json_object_get(t, "end_year")), 2027);
  cr_expect_eq(json_integer_value(json_object_get(json_object_get(j, "flags"), "term_start_year")),
               2023, "old readers keep flags.term_start_year");
  json_decref(j);
  /* the year must fall inside its term */
  cr_expect_not(pt_parse("{\"rules\":[],\"term\":{\"name\":\"第十三届\",\"start_year\":2023}}",
                         2028, &r, &field));
  cr_expect_str_eq(field, "term.start_year");
  cr_expect(strstr(pt_ctx.err.zh, "2028") && strstr(pt_ctx.err.zh, "2023–2027"), "%s",
            pt_ctx.err.zh);
  cr_expect_not(pt_parse("{\"rules\":[],\"term\":{\"start_year\":2027}}", 2026, &r, &field));
  cr_expect_str_eq(field, "term.start_year");
  /* five years, named by its years unless named */
  cr_assert(pt_parse("{\"rules\":[],\"term\":{\"start_year\":2022,\"end_year\":2026}}", 2026, &r,
                     &field));
  cr_expect_str_eq(r.term_name, "2022–2026年");
  static const char *const bad[][2] = {
      {"{\"rules\":[],\"term\":{\"start_year\":2023,\"end_year\":2028}}", "term.end_year"},
      {"{\"rules\":[],\"term\":{\"name\":\"第十三届\"}}", "term.start_year"},
      {"{\"rules\":[],\"term\":{\"start_year\":\"2023\"}}", "term.start_year"},
      {"{\"rules\":[],\"term\":\"第十三届\"}", "term"},
      {"{\"rules\":[],\"term\":{\"start_year\":2023,\"number\":13}}", "term"},
      {"{\"rules\":[],\"term\":{\"start_year\":2023,\"name\":13}}", "term.name"},
      {"{\"rules\":[],\"term\":{\"start_year\":2023},\"flags\":{\"term_start_year\":2022}}",
       "flags.term_start_year"},
      /* without a term: flags.term_start_year as before, but inside five years of the year */
      {"{\"rules\":[],\"flags\":{\"term_start_year\":2020}}", "flags.term_start_year"},
      {"{\"rules\":[],\"flags\":{\"term_start_year\":2027}}", "flags.term_start_year"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    cr_expect_not(pt_parse(bad[i][0], 2026, &r, &field), "%s accepted", bad[i][0]);
    cr_expect_eq(pt_ctx.err.status, 422);
    cr_expect_str_eq(field, bad[i][1], "%s", bad[i][0]);
  }
  /* the old flag alone, and nothing at all: the default term of the year */
  cr_assert(pt_parse("{\"rules\":[],\"flags\":{\"term_start_year\":2024}}", 2026, &r, &field));
  cr_expect_eq(r.term_start_year, 2024);
  cr_assert(pt_parse("{\"rules\":[]}", 2030, &r, &field));
  cr_expect_eq(r.term_start_year, 2028);
  cr_expect_str_eq(r.term_name, "2028–2032年");
}

Test(points, stored_rule_sets_without_a_term_read_as_before) {
  /* a rule set stored before terms were named, with a term start far behind its year */
  cr_assert_eq(db_exec(pt_ctx.db,
                       "INSERT INTO rule_sets (committee_id, year, version, name, body, created_at)"
                       " VALUES (?, 2035, 1, '旧规则', '{\"rules\":[],\"flags\":{\"term_start_"
                       "year\":2023}}', 0)",
                       "i", pt_root),
               DB_DONE);
  pt_reset();
  struct points_rules r;
  cr_assert(points_rules_for(&pt_ctx, committee_path_of(&pt_ctx, pt_county), 2035, &r), "%s",
            pt_ctx.err.zh ? pt_ctx.err.zh : "");
  cr_expect_str_eq(r.name, "旧规则");
  cr_expect_eq(r.term_start_year, 2023, "flags.term_start_year as it was stored");
  /* and one without even the flag: its year, as before */
  cr_assert_eq(db_exec(pt_ctx.db,
                       "INSERT INTO rule_sets (committee_id, year, version, name, body, created_at)"
                       " VALUES (?, 2036, 1, '更旧的规则', '{\"rules\":[]}', 0)",
                       "i", pt_root),
               DB_DONE);
  pt_reset();
  cr_assert(points_rules_for(&pt_ctx, committee_path_of(&pt_ctx, pt_county), 2036, &r));
  cr_expect_eq(r.term_start_year, 2036);
}

Test(points, the_automatic_rule_set_takes_the_term_of_its_year) {
  pt_reset();
  struct points_rules r;
  const char *path = committee_path_of(&pt_ctx, pt_county);
  cr_assert(points_rules_for(&pt_ctx, path, 2029, &r));
  cr_expect_eq(r.committee_id, pt_root);
  cr_expect_eq(r.term_start_year, 2028, "2028–2032, not 2023");
  cr_expect_str_eq(r.term_name, "2028–2032年");
  cr_assert(points_rules_for(&pt_ctx, path, 2027, &r));
  cr_expect_eq(r.term_start_year, 2023);
  /* once the committee names the term, the automatic rule sets of its years take the name */
  pt_reset();
  json_t *body = points_default_rules_json(2028);
  json_object_set_new(body, "committee_id", json_integer(pt_root));
  json_object_set_new(body, "year", json_integer(2028));
  json_object_set_new(body, "term", json_pack("{s:s,s:i}", "name", "第十四届", "start_year", 2028));
  json_object_del(json_object_get(body, "flags"), "term_start_year");
  cr_assert_gt(points_rule_set_save(&pt_ctx, body), 0, "%s", pt_ctx.err.zh ? pt_ctx.err.zh : "");
  json_decref(body);
  pt_reset();
  cr_assert(points_rules_for(&pt_ctx, path, 2031, &r));
  cr_expect_str_eq(r.term_name, "第十四届");
  cr_expect_eq(r.term_start_year, 2028);
  cr_assert(points_rules_for(&pt_ctx, path, 2033, &r));
  cr_expect_str_eq(r.term_name, "2033–2037年", "another term: named by its years");
  cr_expect_eq(r.term_start_year, 2033);
}

/* The member's flag of plenary absences in the term (3 by the example) counts the term of the
** assessed year: F misses the plenary session of 2025 to 2029. */
Test(points, plenary_absences_count_the_term_of_the_year) {
  for (int y = 2025; y <= 2029; y++) {
    char day[32];
    snprintf(day, sizeof day, "%d-01-15", y);
    pt_record(F, "plenary", day, "absent", 0, 0);
  }
  for (int y = 2025; y <= 2029; y++) recompute(y);
  int64_t want[][2] = {{2027, 3}, {2029, 2}}; /* 2025–2027 of 2023–2027; 2028–2029 of 2028– */
  for (size_t k = 0; k < 2; k++) {
    pt_reset();
    struct points_scope s = {.committee_id = pt_county, .year = (int)want[k][0]};
    json_t *a = points_assessment(&pt_ctx, &s, NULL, NULL, 0, 50);
    cr_assert_not_null(a, "%s", pt_ctx.err.zh ? pt_ctx.err.zh : "");
    json_t *term = json_object_get(json_object_get(a, "rule_set"), "term");
    cr_expect_eq(json_integer_value(json_object_get(term, "start_year")),
                 points_term_start((int)want[k][0]));
    cr_expect_eq(json_integer_value(json_object_get(term, "end_year")),
                 points_term_start((int)want[k][0]) + 4);
    size_t i;
    json_t *it;
    bool seen = false;
    json_array_foreach(json_object_get(a, "items"), i, it) {
      if (json_integer_value(json_object_get(it, "member_id")) != F) continue;
      seen = true;
      cr_expect_eq(json_integer_value(json_object_get(it, "plenary_absences")), want[k][1],
                   "absences of the term in %lld", (long long)want[k][0]);
      char *flags = json_dumps(json_object_get(it, "flags"), JSON_COMPACT);
      cr_expect_eq(strstr(flags, "resign_absences") != NULL, want[k][1] >= 3, "%lld: %s",
                   (long long)want[k][0], flags);
      free(flags);
    }
    cr_expect(seen);
    json_decref(a);
  }
}

/* Issue 18: 我的积分 said 还需努力 above 已是最高等次 for an 优秀 member; one rule names the
** standing. */
Test(points, standing_one_rule) {
  cr_expect_str_eq(points_standing(950, 600, true), "top", "the top grade: 已是最高等次");
  cr_expect_str_eq(points_standing(700, 600, false), "next");
  cr_expect_str_eq(points_standing(500, 600, false), "short", "below the pass: 还需努力");
  cr_expect_str_eq(points_standing(500, 600, true), "short");
  cr_expect_str_eq(label_text(points_standings, "top", false), "已是最高等次");
  cr_expect_str_eq(label_text(points_standings, "short", false), "还需努力");
}

/* Issue 18: a self-logged activity waiting for its staff check, and a report the office has not
** accepted for review, earn nothing; once approved / accepted they do — record by record and by
** a recompute alike. */
Test(points, unchecked_activities_and_unaccepted_reports_earn_nothing_synced_or_recomputed) {
  recompute(2026);
  int64_t a = pt_activity("visit", "2026-06-01T10:00:00+08:00", "done", E, "present");
  cr_assert_eq(db_exec(pt_ctx.db,
                       "INSERT INTO activity_checks (id, committee_id, status, created_at, "
                       "updated_at) VALUES (?, ?, 'pending', 0, 0)",
                       "ii", a, pt_county),
               DB_DONE);
  cr_assert(points_sync(pt_ctx.db, "activity", a));
  int64_t at = days_from_civil(2026, 6, 2) * 86400 - CST_OFFSET;
  int64_t r = db_int(pt_ctx.db, 0,
                     "INSERT INTO reports (committee_id, title, category, body, member_id, status,"
                     " submitted_at, created_at, updated_at) VALUES (?, '报告', '其他', '正文', ?,"
                     " 'submitted', ?, ?, ?) RETURNING id",
                     "iiiii", pt_county, E, at, at, at);
  cr_assert_gt(r, 0);
  cr_assert(points_sync(pt_ctx.db, "report", r));
  const char *sql = "SELECT COUNT(*) FROM points_ledger WHERE source_kind = ? AND source_id = ?";
  cr_expect_eq(db_int(pt_ctx.db, -1, sql, "ti", "activity", a), 0, "pending: nothing");
  cr_expect_eq(db_int(pt_ctx.db, -1, sql, "ti", "report", r), 0, "not accepted: nothing");
  char *synced = dump();
  recompute(2026);
  char *again = dump();
  cr_expect_str_eq(synced, again, "a recompute agrees: still nothing");
  /* approved, accepted: the entries come, and a recompute changes nothing */
  cr_assert_eq(
      db_exec(pt_ctx.db, "UPDATE activity_checks SET status = 'approved' WHERE id = ?", "i", a),
      DB_DONE);
  cr_assert(points_sync(pt_ctx.db, "activity", a));
  cr_assert_eq(
      db_exec(pt_ctx.db, "UPDATE reports SET accepted_at = ? WHERE id = ?", "ii", at + 86400, r),
      DB_DONE);
  cr_assert(points_sync(pt_ctx.db, "report", r));
  cr_expect_eq(db_int(pt_ctx.db, -1, sql, "ti", "activity", a), 1);
  cr_expect_eq(db_int(pt_ctx.db, -1, sql, "ti", "report", r), 1);
  cr_expect_eq(db_int(pt_ctx.db, -1,
                      "SELECT occurred_at FROM points_ledger WHERE source_kind = 'report' AND "
                      "source_id = ?",
                      "i", r),
               at + 86400, "earned at the acceptance, not the submission");
  free(synced), free(again);
  synced = dump();
  recompute(2026);
  again = dump();
  cr_expect_str_eq(synced, again, "record by record and recomputed agree");
  free(synced), free(again);
}
