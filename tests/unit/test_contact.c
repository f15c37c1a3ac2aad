/* tests/unit/test_contact.c: the rules of members linking with the masses, on a migrated
** temporary database: the request state machine, the unit-link limit and the settings it comes
** from (own, an ancestor's, the installation's, the default), quota compliance at the quarter
** edges (CST, whatever offset the time came with) and at the 40th person, what counts (present,
** done), the 六有 certification, and file names; the weekly coordination (clash rules at the
** CST week and interval edges, the calendar), compliance of the short only, the quota reminders
** (their window, the claim, the job and what it sends) and the level-by-level roll-up. */
#include "auth/access.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "contact/contact.h"
#include "db/db.h"
#include "db/migrate.h"
#include "entity/entity.h"
#include "file/file.h"
#include "job/job.h"
#include "org/org.h"

extern const struct job_kind contact_job_kinds[]; /* the module table's (main.c) */
#include <criterion/criterion.h>
#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char ct_path[64];
static struct arena ct_arena;
static struct entity_ctx ct_ctx;
static int64_t ct_root, ct_city, ct_county,
    ct_county_b; /* 全国 > 甘肃 (city level here) > 两个县 */

static void ct_reset(void) {
  json_decref(ct_ctx.err.errors);
  memset(&ct_ctx.err, 0, sizeof ct_ctx.err);
}

static json_t *ct_json(const char *text) {
  json_error_t je;
  json_t *j = json_loads(text, 0, &je);
  cr_assert_not_null(j, "bad JSON in test: %s: %s", text, je.text);
  return j;
}

static int64_t ct_create(const struct entity *e, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  ct_reset();
  json_t *in = ct_json(text);
  int64_t id = entity_create(&ct_ctx, e, in);
  json_decref(in);
  cr_assert_gt(id, 0, "create %s: %s %s", e->name, ct_ctx.err.code ? ct_ctx.err.code : "-",
               ct_ctx.err.zh ? ct_ctx.err.zh : "-");
  return id;
}

static int64_t ct_member(int64_t committee, const char *name) {
  return db_int(ct_ctx.db, 0,
                "INSERT INTO members (committee_id, name, gender, created_at, updated_at)"
                " VALUES (?, ?, 'male', 0, 0) RETURNING id",
                "it", committee, name);
}

static void ct_init(void) {
  cr_assert_geq(sodium_init(), 0);
  strcpy(ct_path, "/tmp/lvzhi-test-contact-XXXXXX");
  int fd = mkstemp(ct_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  struct db *db = db_open(ct_path, &err);
  cr_assert_not_null(db, "%s", err ? err : "");
  cr_assert_eq(migrate_run(db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
  arena_init(&ct_arena);
  memset(&ct_ctx, 0, sizeof ct_ctx);
  ct_ctx.db = db;
  ct_ctx.arena = &ct_arena;
  ct_ctx.ip = "127.0.0.1";
  ct_root = org_committee_add(&ct_ctx, 0, "全国政协", "national", "");
  ct_city = org_committee_add(&ct_ctx, ct_root, "兰州市政协", "city", "兰州市");
  ct_county = org_committee_add(&ct_ctx, ct_city, "城关区政协", "county", "城关区");
  ct_county_b = org_committee_add(&ct_ctx, ct_city, "七里河区政协", "county", "七里河区");
  cr_assert(ct_root && ct_city && ct_county && ct_county_b);
}

static void ct_fini(void) {
  ct_reset();
  db_close(ct_ctx.db);
  arena_free(&ct_arena);
  char p[96];
  unlink(ct_path);
  snprintf(p, sizeof p, "%s-wal", ct_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", ct_path);
  unlink(p);
}

TestSuite(contact, .init = ct_init, .fini = ct_fini);

/* ---- the request state machine ------------------------------------------------------------- */

Test(contact, request_state_machine) {
  static const struct {
    const char *from, *action, *to; /* to NULL: refused */
  } cases[] = {
      {"accepted", "start", "in_progress"},
      {"accepted", "resolve", NULL},
      {"accepted", "transfer", "transferred"},
      {"accepted", "answer", "answered"},
      {"in_progress", "start", NULL},
      {"in_progress", "resolve", "resolved"},
      {"in_progress", "transfer", "transferred"},
      {"in_progress", "answer", "answered"},
      {"resolved", "start", NULL},
      {"resolved", "resolve", NULL},
      {"resolved", "transfer", NULL},
      {"resolved", "answer", NULL},
      {"transferred", "start", NULL},
      {"transferred", "resolve", NULL},
      {"answered", "answer", NULL},
      {"answered", "start", NULL},
      {"accepted", "reopen", NULL},
      {"accepted", NULL, NULL},
      {NULL, "start", NULL},
      {"", "start", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *got = contact_request_next(cases[i].from, cases[i].action);
    if (cases[i].to)
      cr_expect(got && !strcmp(got, cases[i].to), "%s --%s--> %s, got %s", cases[i].from,
                cases[i].action, cases[i].to, got ? got : "refused");
    else
      cr_expect_null(got, "%s --%s--> refused, got %s", cases[i].from ? cases[i].from : "(null)",
                     cases[i].action ? cases[i].action : "(null)", got ? got : "");
  }
}

Test(contact, request_actions_in_the_database) {
  int64_t m = ct_member(ct_county, "张三");
  int64_t r = ct_create(&contact_request_entity,
                        "{\"title\":\"孩子入学\",\"category\":\"education\",\"committee_id\":%lld,"
                        "\"member_id\":%lld}",
                        (long long)ct_county, (long long)m);
  ct_reset();
  cr_expect_not(contact_request_act(&ct_ctx, r, "resolve", "办好了"));
  cr_expect_eq(ct_ctx.err.status, 409);
  cr_expect_str_eq(ct_ctx.err.code, "wrong_state");
  ct_reset();
  cr_expect(contact_request_act(&ct_ctx, r, "start", NULL));
  ct_reset();
  cr_expect_not(contact_request_act(&ct_ctx, r, "resolve", ""), "a resolution text is needed");
  cr_expect_eq(ct_ctx.err.status, 422);
  ct_reset();
  cr_expect(contact_request_act(&ct_ctx, r, "resolve", "已协调入学"));
  json_t *o = entity_get(&ct_ctx, &contact_request_entity, r);
  cr_expect_str_eq(json_string_value(json_object_get(o, "status")), "resolved");
  cr_expect(json_is_string(json_object_get(o, "closed_at")));
  cr_expect(json_is_integer(json_object_get(o, "duration_seconds")));
  json_decref(o);
  ct_reset();
  cr_expect_not(contact_request_act(&ct_ctx, r, "answer", "再答复"), "resolved is final");
  cr_expect_eq(ct_ctx.err.status, 409);
  /* every change is in the audit log */
  cr_expect_eq(db_int(ct_ctx.db, 0,
                      "SELECT COUNT(*) FROM audit_log WHERE entity = 'request' AND entity_id = ?"
                      " AND action IN ('start', 'resolve')",
                      "i", r),
               2);
}

/* ---- grassroots units: the limit and where it comes from ---------------------------------- */

static int64_t ct_unit(int64_t committee, const char *name) {
  return ct_create(&contact_unit_entity,
                   "{\"name\":\"%s\",\"kind\":\"village\",\"committee_id\":%lld}", name,
                   (long long)committee);
}

static bool ct_link(int64_t m, int64_t u) {
  ct_reset();
  return contact_member_link(&ct_ctx, m, u);
}

Test(contact, unit_links_limit_default_three) {
  int64_t m = ct_member(ct_county, "李四");
  int64_t u[5];
  for (int i = 0; i < 5; i++) {
    char name[32];
    snprintf(name, sizeof name, "村%d", i);
    u[i] = ct_unit(ct_county, name);
  }
  cr_expect(ct_link(m, u[0]));
  cr_expect(ct_link(m, u[1]));
  cr_expect(ct_link(m, u[2]));
  cr_expect_not(ct_link(m, u[3]), "a fourth unit is refused");
  cr_expect_eq(ct_ctx.err.status, 409);
  cr_expect_str_eq(ct_ctx.err.code, "limit_reached");
  cr_expect(strstr(ct_ctx.err.zh, "最多联系 3 个基层单位") != NULL, "%s", ct_ctx.err.zh);
  cr_expect_eq(db_int(ct_ctx.db, 0,
                      "SELECT COUNT(*) FROM member_grassroots_units WHERE member_id = ?", "i", m),
               3);
  /* linked twice: a conflict, not a fourth */
  cr_expect_not(ct_link(m, u[0]));
  cr_expect_str_eq(ct_ctx.err.code, "conflict");
  /* after removing one, the fourth fits */
  ct_reset();
  cr_expect(contact_member_unlink(&ct_ctx, m, u[1]));
  cr_expect(ct_link(m, u[3]));
  ct_reset();
  cr_expect_not(contact_member_unlink(&ct_ctx, m, u[1]), "not linked any more");
  cr_expect_eq(ct_ctx.err.status, 404);
}

Test(contact, unit_links_limit_from_settings) {
  int64_t m = ct_member(ct_county, "王五");
  int64_t u1 = ct_unit(ct_county, "甲村"), u2 = ct_unit(ct_county, "乙村"),
          u3 = ct_unit(ct_county, "丙村");
  /* the installation says 2, the city (an ancestor) says 1: the nearest wins */
  db_exec(ct_ctx.db,
          "INSERT INTO settings (committee_id, key, value) VALUES (0, 'contact.max_units', '2')",
          "");
  json_t *in = ct_json("{\"max_units\": 1}");
  ct_reset();
  cr_assert(settings_update(&ct_ctx, &contact_settings, ct_city, in));
  json_decref(in);
  struct contact_settings s;
  contact_settings_at(ct_ctx.db, committee_path_of(&ct_ctx, ct_county), &s);
  cr_expect_eq(s.value[CONTACT_MAX_UNITS], 1);
  cr_expect_eq(s.source[CONTACT_MAX_UNITS], ct_city);
  cr_expect_eq(s.value[CONTACT_YEAR_MIN_PEOPLE], 40, "the default where nothing is set");
  cr_expect_eq(s.source[CONTACT_YEAR_MIN_PEOPLE], 0);
  cr_expect(ct_link(m, u1));
  cr_expect_not(ct_link(m, u2));
  cr_expect_str_eq(ct_ctx.err.code, "limit_reached");
  cr_expect(strstr(ct_ctx.err.zh, "最多联系 1 个") != NULL, "%s", ct_ctx.err.zh);
  /* the county's own value overrides the city's */
  in = ct_json("{\"max_units\": 2}");
  ct_reset();
  cr_assert(settings_update(&ct_ctx, &contact_settings, ct_county, in));
  json_decref(in);
  cr_expect(ct_link(m, u2));
  cr_expect_not(ct_link(m, u3));
  /* cleared: the city's again; the other county never saw the county's value */
  in = ct_json("{\"max_units\": null}");
  ct_reset();
  cr_assert(settings_update(&ct_ctx, &contact_settings, ct_county, in));
  json_decref(in);
  contact_settings_at(ct_ctx.db, committee_path_of(&ct_ctx, ct_county), &s);
  cr_expect_eq(s.value[CONTACT_MAX_UNITS], 1);
  contact_settings_at(ct_ctx.db, committee_path_of(&ct_ctx, ct_root), &s);
  cr_expect_eq(s.value[CONTACT_MAX_UNITS], 2, "the installation's value above the city");
}

Test(contact, settings_validation) {
  static const char *const bad[] = {
      "{\"max_units\": 0}",   "{\"max_units\": 11}",       "{\"max_units\": \"3\"}",
      "{\"max_units\": 2.5}", "{\"year_min_people\": -1}", "{\"quarter_min_activities\": 101}",
      "{\"colour\": 1}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    json_t *in = ct_json(bad[i]);
    ct_reset();
    cr_expect_not(settings_update(&ct_ctx, &contact_settings, ct_county, in), "%s", bad[i]);
    cr_expect_eq(ct_ctx.err.status, 422, "%s", bad[i]);
    json_decref(in);
  }
  cr_expect_eq(db_int(ct_ctx.db, -1, "SELECT COUNT(*) FROM settings", ""), 0, "nothing written");
  struct user other = {.id = 7,
                       .username = "qilihe",
                       .role = ROLE_SECRETARIAT,
                       .committee_id = ct_county_b,
                       .committee_path = committee_path_of(&ct_ctx, ct_county_b)};
  ct_ctx.user = &other;
  json_t *in = ct_json("{\"max_units\": 2}");
  ct_reset();
  cr_expect_not(settings_update(&ct_ctx, &contact_settings, ct_county, in),
                "another county's settings");
  cr_expect_eq(ct_ctx.err.status, 403);
  json_decref(in);
  ct_ctx.user = NULL;
}

Test(contact, unit_must_lie_on_the_member_path) {
  int64_t m = ct_member(ct_county, "赵六");
  int64_t other = ct_unit(ct_county_b, "七里河村"), above = ct_unit(ct_city, "兰州企业");
  cr_expect_not(ct_link(m, other), "a sibling county's unit");
  cr_expect_eq(ct_ctx.err.status, 422);
  cr_expect(ct_link(m, above), "a unit of the city above");
  cr_expect_not(ct_link(m, 999999));
  cr_expect_eq(ct_ctx.err.status, 422);
}

/* ---- compliance: quarter edges and the 40th person ---------------------------------------- */

static int64_t ct_activity(int64_t committee, const char *starts, int people, const char *status) {
  return ct_create(
      &contact_activity_entity,
      "{\"title\":\"走访\",\"kind\":\"visit\",\"committee_id\":%lld,\"starts_at\":\"%s\","
      "\"people_reached\":%d,\"status\":\"%s\"}",
      (long long)committee, starts, people, status);
}

static void ct_attend(int64_t a, int64_t m, const char *attendance) {
  ct_reset();
  cr_assert(contact_participant_add(&ct_ctx, a, m, attendance), "%s",
            ct_ctx.err.zh ? ct_ctx.err.zh : "");
}

/* The compliance item of member m for year and quarter (caller decrefs the whole answer). */
static json_t *ct_compliance(int64_t m, int year, int quarter, json_t **out) {
  struct contact_compliance_query q = {
      .committee_id = ct_county, .member_id = m, .year = year, .quarter = quarter, .limit = 10};
  ct_reset();
  *out = contact_compliance(&ct_ctx, &q);
  cr_assert_not_null(*out, "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
  json_t *item = json_array_get(json_object_get(*out, "items"), 0);
  cr_assert_not_null(item);
  return item;
}

static int64_t ct_quarter_count(json_t *item, int q) {
  return json_integer_value(json_array_get(json_object_get(item, "quarters"), (size_t)q - 1));
}

Test(contact, compliance_quarter_edges_in_cst) {
  int64_t m = ct_member(ct_county, "钱七");
  /* 2026-03-31 23:30 in Beijing is still the first quarter; midnight starts the second */
  ct_attend(ct_activity(ct_county, "2026-03-31T23:30:00+08:00", 1, "done"), m, "present");
  ct_attend(ct_activity(ct_county, "2026-04-01T00:00:00+08:00", 1, "done"), m, "present");
  /* the same instants given in UTC */
  ct_attend(ct_activity(ct_county, "2026-03-31T15:59:59Z", 1, "done"), m, "present");
  ct_attend(ct_activity(ct_county, "2026-03-31T16:00:00Z", 1, "done"), m, "present");
  /* the year's edges: the last second of 2025 and of 2026 (CST) */
  ct_attend(ct_activity(ct_county, "2025-12-31T23:59:59+08:00", 1, "done"), m, "present");
  ct_attend(ct_activity(ct_county, "2026-01-01T00:00:00+08:00", 1, "done"), m, "present");
  ct_attend(ct_activity(ct_county, "2026-12-31T23:59:59+08:00", 1, "done"), m, "present");
  ct_attend(ct_activity(ct_county, "2026-12-31T16:00:00Z", 1, "done"), m,
            "present"); /* 2027 in CST */
  /* 2026-09-30T20:00:00-04:00 is 2026-10-01T08:00 in Beijing: the fourth quarter */
  ct_attend(ct_activity(ct_county, "2026-09-30T20:00:00-04:00", 1, "done"), m, "present");
  json_t *out;
  json_t *it = ct_compliance(m, 2026, 1, &out);
  cr_expect_eq(ct_quarter_count(it, 1), 3, "Q1: 23:30 CST, 15:59:59Z, 2026-01-01 00:00");
  cr_expect_eq(ct_quarter_count(it, 2), 2, "Q2: 00:00 CST on 1 April, 16:00:00Z");
  cr_expect_eq(ct_quarter_count(it, 3), 0);
  cr_expect_eq(ct_quarter_count(it, 4), 2, "Q4: 31 Dec 23:59:59 CST, 1 Oct 08:00 CST");
  cr_expect_eq(json_integer_value(json_object_get(it, "activities")), 3);
  cr_expect(json_is_true(json_object_get(it, "quarter_met")));
  cr_expect_str_eq(json_string_value(json_object_get(out, "quarter_starts_at")),
                   "2026-01-01T00:00:00+08:00");
  cr_expect_str_eq(json_string_value(json_object_get(out, "quarter_ends_at")),
                   "2026-04-01T00:00:00+08:00");
  json_decref(out);
  it = ct_compliance(m, 2025, 4, &out);
  cr_expect_eq(ct_quarter_count(it, 4), 1, "2025-12-31T23:59:59+08:00 is 2025's");
  json_decref(out);
  it = ct_compliance(m, 2027, 1, &out);
  cr_expect_eq(ct_quarter_count(it, 1), 1, "2026-12-31T16:00:00Z is 2027 in CST");
  json_decref(out);
  it = ct_compliance(m, 2026, 3, &out);
  cr_expect(json_is_false(json_object_get(it, "quarter_met")), "nothing in Q3");
  cr_expect(json_is_false(json_object_get(it, "on_track")));
  json_decref(out);
}

Test(contact, compliance_the_fortieth_person) {
  int64_t m = ct_member(ct_county, "孙八");
  ct_attend(ct_activity(ct_county, "2026-02-01T10:00:00+08:00", 30, "done"), m, "present");
  ct_attend(ct_activity(ct_county, "2026-05-01T10:00:00+08:00", 9, "done"), m, "present");
  /* not counted: excused, absent, planned, cancelled */
  ct_attend(ct_activity(ct_county, "2026-05-02T10:00:00+08:00", 100, "done"), m, "excused");
  ct_attend(ct_activity(ct_county, "2026-05-03T10:00:00+08:00", 100, "done"), m, "absent");
  ct_attend(ct_activity(ct_county, "2026-05-04T10:00:00+08:00", 100, "planned"), m, "present");
  ct_attend(ct_activity(ct_county, "2026-05-05T10:00:00+08:00", 100, "cancelled"), m, "present");
  json_t *out;
  json_t *it = ct_compliance(m, 2026, 2, &out);
  cr_expect_eq(json_integer_value(json_object_get(it, "people_reached")), 39);
  cr_expect(json_is_false(json_object_get(it, "year_met")), "39 people are one short");
  cr_expect_eq(json_integer_value(json_object_get(it, "people_short")), 1);
  cr_expect_eq(json_integer_value(json_object_get(it, "activities")), 1,
               "Q2: only the done, present one");
  cr_expect(json_is_true(json_object_get(it, "quarter_met")));
  json_decref(out);
  ct_attend(ct_activity(ct_county, "2026-11-30T10:00:00+08:00", 1, "done"), m, "present");
  it = ct_compliance(m, 2026, 2, &out);
  cr_expect_eq(json_integer_value(json_object_get(it, "people_reached")), 40);
  cr_expect(json_is_true(json_object_get(it, "year_met")), "the 40th person meets the quota");
  cr_expect_eq(json_integer_value(json_object_get(it, "people_short")), 0);
  cr_expect(json_is_true(json_object_get(it, "on_track")));
  json_decref(out);
  /* a committee asking 41 */
  json_t *in = ct_json("{\"year_min_people\": 41, \"quarter_min_activities\": 2}");
  ct_reset();
  cr_assert(settings_update(&ct_ctx, &contact_settings, ct_county, in));
  json_decref(in);
  it = ct_compliance(m, 2026, 2, &out);
  cr_expect(json_is_false(json_object_get(it, "year_met")));
  cr_expect(json_is_false(json_object_get(it, "quarter_met")), "one activity, two asked");
  cr_expect_eq(json_integer_value(json_object_get(it, "year_min")), 41);
  json_decref(out);
}

Test(contact, compliance_list_pages_and_subtree) {
  int64_t a = ct_member(ct_county, "甲"), b = ct_member(ct_county, "乙"),
          c = ct_member(ct_county, "丙");
  int64_t other = ct_member(ct_county_b, "外县"); /* inside the id range, outside the subtree */
  int64_t act = ct_activity(ct_county, "2026-01-05T10:00:00+08:00", 50, "done");
  ct_attend(act, a, "present");
  ct_attend(act, c, "present");
  int64_t act_b = ct_activity(ct_county_b, "2026-01-05T10:00:00+08:00", 7, "done");
  ct_attend(act_b, other, "present");
  db_exec(ct_ctx.db, "UPDATE members SET status = 'resigned' WHERE id = ?", "i", b);
  struct contact_compliance_query q = {
      .committee_id = ct_county, .year = 2026, .quarter = 1, .limit = 1};
  int64_t seen[4];
  int n = 0;
  for (int page = 0; page < 5; page++) {
    ct_reset();
    json_t *out = contact_compliance(&ct_ctx, &q);
    cr_assert_not_null(out);
    cr_expect_eq(json_integer_value(json_object_get(out, "total")), 2,
                 "active members of the county");
    json_t *it = json_array_get(json_object_get(out, "items"), 0);
    if (it) {
      seen[n++] = json_integer_value(json_object_get(it, "member_id"));
      cr_expect_eq(json_integer_value(json_object_get(it, "people_reached")), 25,
                   "50 people shared between the two present");
    }
    json_t *cur = json_object_get(out, "next_cursor");
    bool more = json_is_string(cur);
    if (more) q.after_id = strtoll(json_string_value(cur), NULL, 10);
    json_decref(out);
    if (!more) break;
  }
  cr_expect_eq(n, 2);
  cr_expect_eq(seen[0], a);
  cr_expect_eq(seen[1], c);
  /* a committee out of the caller's scope */
  struct user u = {.id = 7,
                   .username = "qilihe",
                   .role = ROLE_SECRETARIAT,
                   .committee_id = ct_county_b,
                   .committee_path = committee_path_of(&ct_ctx, ct_county_b)};
  ct_ctx.user = &u;
  ct_reset();
  q.after_id = 0;
  cr_expect_null(contact_compliance(&ct_ctx, &q));
  cr_expect_eq(ct_ctx.err.status, 403);
  ct_ctx.user = NULL;
}

/* ---- activities: times and what a member account may log --------------------------------- */

Test(contact, activity_times_and_member_rules) {
  int64_t m = ct_member(ct_county, "周九");
  ct_reset();
  json_t *in = ct_json(
      "{\"title\":\"x\",\"kind\":\"visit\",\"committee_id\":3,\"starts_at\":\"2026-03-31 23:30\"}");
  cr_expect_eq(entity_create(&ct_ctx, &contact_activity_entity, in), 0, "no seconds, no offset");
  cr_expect_str_eq(ct_ctx.err.field, "starts_at");
  json_decref(in);
  ct_reset();
  char text[512];
  snprintf(text, sizeof text,
           "{\"title\":\"x\",\"kind\":\"visit\",\"committee_id\":%lld,\"starts_at\":\"2026-03-"
           "31T10:00:00+08:00\","
           "\"ends_at\":\"2026-03-31T09:00:00+08:00\"}",
           (long long)ct_county);
  in = ct_json(text);
  cr_expect_eq(entity_create(&ct_ctx, &contact_activity_entity, in), 0, "ends before it starts");
  cr_expect_str_eq(ct_ctx.err.field, "ends_at");
  json_decref(in);
  /* a member account: contact forms only, itself taking part */
  db_exec(ct_ctx.db,
          "INSERT INTO users (id, username, role, committee_id, member_id, created_at, updated_at)"
          " VALUES (50, 'm', 'member', ?, ?, 0, 0)",
          "ii", ct_county, m);
  struct user mu = {.id = 50,
                    .username = "m",
                    .role = ROLE_MEMBER,
                    .committee_id = ct_county,
                    .committee_path = committee_path_of(&ct_ctx, ct_county),
                    .member_id = m};
  cr_expect(contact_self_only(&mu));
  ct_ctx.user = &mu;
  snprintf(text, sizeof text,
           "{\"title\":\"调研\",\"kind\":\"research\",\"committee_id\":%lld,\"starts_at\":\"2026-"
           "03-31T10:00:00+08:00\"}",
           (long long)ct_county);
  in = ct_json(text);
  ct_reset();
  cr_expect_eq(entity_create(&ct_ctx, &contact_activity_entity, in), 0,
               "research is not a contact form");
  cr_expect_str_eq(ct_ctx.err.field, "kind");
  json_decref(in);
  snprintf(text, sizeof text,
           "{\"title\":\"走访\",\"kind\":\"visit\",\"committee_id\":%lld,\"starts_at\":\"2026-03-"
           "31T10:00:00+08:00\","
           "\"people_reached\":12,\"status\":\"done\"}",
           (long long)ct_county);
  in = ct_json(text);
  ct_reset();
  int64_t a = entity_create(&ct_ctx, &contact_activity_entity, in);
  json_decref(in);
  cr_assert_gt(a, 0, "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
  cr_expect_eq(
      db_int(ct_ctx.db, 0,
             "SELECT COUNT(*) FROM activity_participants WHERE activity_id = ? AND member_id = ?"
             " AND attendance = 'present'",
             "ii", a, m),
      1, "itself as participant");
  cr_expect(contact_activity_visible(&ct_ctx, a));
  ct_ctx.user = NULL; /* the system records another */
  int64_t staff = ct_activity(ct_county, "2026-04-02T10:00:00+08:00", 0, "done");
  ct_ctx.user = &mu;
  cr_expect_not(contact_activity_visible(&ct_ctx, staff), "a member sees only its own");
  ct_ctx.user = NULL;
  json_t *o = entity_get(&ct_ctx, &contact_activity_entity, a);
  cr_expect_str_eq(json_string_value(json_object_get(o, "starts_at")), "2026-03-31T10:00:00+08:00");
  cr_expect_eq(json_integer_value(json_object_get(o, "created_by")), 50);
  json_decref(o);
}

/* ---- stations: certification needs evidence for all six items ------------------------------ */

Test(contact, certification_needs_all_six) {
  int64_t s = ct_create(&contact_station_entity,
                        "{\"name\":\"委员工作室\",\"kind\":\"studio\",\"committee_id\":%lld}",
                        (long long)ct_county);
  int64_t f = db_int(
      ct_ctx.db, 0,
      "INSERT INTO files (committee_id, filename, content_type, size, sha256, data, created_at)"
      " VALUES (?, 'a.jpg', 'image/jpeg', 1, 'x', X'00', 0) RETURNING id",
      "i", ct_county);
  char body[64];
  snprintf(body, sizeof body, "{\"file_ids\":[%lld]}", (long long)f);
  for (int i = 0; i < 5; i++) {
    json_t *in = ct_json(body);
    ct_reset();
    cr_assert(contact_checklist_set(&ct_ctx, s, contact_checklist_items[i].name, in), "%s",
              ct_ctx.err.zh ? ct_ctx.err.zh : "");
    json_decref(in);
  }
  ct_reset();
  cr_expect_not(contact_station_certify(&ct_ctx, s));
  cr_expect_eq(ct_ctx.err.status, 409);
  cr_expect_str_eq(ct_ctx.err.code, "checklist_incomplete");
  cr_expect(strstr(ct_ctx.err.zh, "成果") != NULL, "names the missing item: %s", ct_ctx.err.zh);
  cr_expect_eq(json_array_size(ct_ctx.err.errors), 1);
  json_t *in = ct_json(body);
  ct_reset();
  cr_assert(contact_checklist_set(&ct_ctx, s, "results", in));
  json_decref(in);
  ct_reset();
  cr_expect(contact_station_certify(&ct_ctx, s));
  ct_reset();
  cr_expect_not(contact_station_certify(&ct_ctx, s));
  cr_expect_str_eq(ct_ctx.err.code, "already_certified");
  /* a certified studio keeps its evidence */
  in = ct_json("{\"file_ids\":[]}");
  ct_reset();
  cr_expect_not(contact_checklist_set(&ct_ctx, s, "site", in));
  cr_expect_eq(ct_ctx.err.status, 409);
  json_decref(in);
  ct_reset();
  cr_expect_not(contact_station_revoke(&ct_ctx, s, ""));
  cr_expect_eq(ct_ctx.err.status, 422);
  ct_reset();
  cr_expect(contact_station_revoke(&ct_ctx, s, "材料失实"));
  ct_reset();
  cr_expect_not(contact_station_revoke(&ct_ctx, s, "再次"));
  cr_expect_str_eq(ct_ctx.err.code, "not_certified");
}

/* ---- file names ---------------------------------------------------------------------------- */

Test(contact, file_names) {
  cr_expect_null(file_name_problem("照片 1.jpg", NULL));
  cr_expect_null(file_name_problem("report-2026 (final).pdf", NULL));
  cr_expect_not_null(file_name_problem("", NULL));
  cr_expect_not_null(file_name_problem(NULL, NULL));
  cr_expect_not_null(file_name_problem("a\nb.txt", NULL));
  cr_expect_not_null(file_name_problem("a\tb.txt", NULL));
  cr_expect_not_null(file_name_problem("a\x7f.txt", NULL));
  cr_expect_not_null(file_name_problem("a\xc2\x85.txt", NULL), "C1 control U+0085");
  cr_expect_not_null(file_name_problem("../etc/passwd", NULL));
  cr_expect_not_null(file_name_problem("a\\b", NULL));
  cr_expect_not_null(file_name_problem("\xff\xfe.txt", NULL), "not UTF-8");
  char longname[300];
  memset(longname, 'a', 256);
  longname[256] = 0;
  cr_expect_not_null(file_name_problem(longname, NULL));
  longname[255] = 0;
  cr_expect_null(file_name_problem(longname, NULL));
}

/* ---- weekly coordination: the clash rules (contact_clash.c) ------------------------------- */

static int64_t ct_time(const char *iso) {
  int64_t t = 0;
  cr_assert(time_parse_iso(iso, &t), "%s", iso);
  return t;
}

static int64_t ct_place(int64_t committee, const char *name, const char *township) {
  return ct_create(
      &contact_unit_entity,
      "{\"name\":\"%s\",\"kind\":\"village\",\"committee_id\":%lld,\"township\":\"%s\"}", name,
      (long long)committee, township);
}

/* An activity at unit (0: none) from starts to ends (NULL: none given). */
static int64_t ct_act(int64_t committee, int64_t unit, const char *title, const char *starts,
                      const char *ends, const char *status) {
  char u[48] = "", e[64] = "";
  if (unit) snprintf(u, sizeof u, ",\"grassroots_unit_id\":%lld", (long long)unit);
  if (ends) snprintf(e, sizeof e, ",\"ends_at\":\"%s\"", ends);
  return ct_create(&contact_activity_entity,
                   "{\"title\":\"%s\",\"kind\":\"visit\",\"committee_id\":%lld,\"starts_at\":\"%"
                   "s\",\"status\":\"%s\"%s%s}",
                   title, (long long)committee, starts, status, u, e);
}

/* The clashes of a probe (caller decrefs). */
static json_t *ct_probe(int64_t exclude, int64_t unit, const char *starts, const char *ends,
                        const int64_t *members, int nmembers) {
  struct contact_clash_probe p = {.exclude_id = exclude,
                                  .unit_id = unit,
                                  .starts_at = starts ? ct_time(starts) : 0,
                                  .ends_at = ends ? ct_time(ends) : 0,
                                  .member_ids = members,
                                  .nmembers = nmembers};
  ct_reset();
  json_t *l = contact_clash_list(&ct_ctx, &p);
  cr_assert(json_is_array(l));
  return l;
}

/* How many clashes of list have reason (NULL: any) with activity (0: any). */
static int ct_count(json_t *list, const char *reason, int64_t activity) {
  int n = 0;
  size_t i;
  json_t *c;
  json_array_foreach(list, i, c) {
    if (reason && strcmp(json_string_value(json_object_get(c, "reason")), reason)) continue;
    if (activity &&
        json_integer_value(json_object_get(json_object_get(c, "activity"), "id")) != activity)
      continue;
    n++;
  }
  return n;
}

/* "reason:id reason:id" for the messages. */
static const char *ct_show(json_t *list) {
  static char out[1024];
  size_t i, len = 0;
  json_t *c;
  out[0] = 0;
  json_array_foreach(list, i, c) {
    if (len >= sizeof out - 64) break;
    len += (size_t)snprintf(
        out + len, sizeof out - len, "%s:%lld ", json_string_value(json_object_get(c, "reason")),
        (long long)json_integer_value(json_object_get(json_object_get(c, "activity"), "id")));
  }
  return out;
}

Test(contact, clash_same_unit_in_the_cst_week) {
  int64_t u = ct_place(ct_county, "东岗村", "东岗镇"),
          v = ct_place(ct_county, "拱星墩村", "拱星墩街道");
  /* Monday 11 May 09:00 CST; the next Monday 00:00 CST given at -04:00; the Sunday before */
  int64_t a1 = ct_act(ct_county, u, "调研一", "2026-05-11T09:00:00+08:00", NULL, "planned");
  int64_t a2 = ct_act(ct_county, u, "调研二", "2026-05-17T12:00:00-04:00", NULL, "done");
  int64_t a0 = ct_act(ct_county, u, "调研零", "2026-05-10T23:59:59+08:00", NULL, "planned");
  ct_act(ct_county, v, "别处", "2026-05-12T09:00:00+08:00", NULL, "planned");
  json_t *l = ct_probe(0, u, "2026-05-17T23:00:00+08:00", NULL, NULL, 0);
  cr_expect_eq(json_array_size(l), 1, "Sunday 17 May: only a1 (a2 is the next week): %s",
               ct_show(l));
  cr_expect_eq(ct_count(l, "same_unit", a1), 1);
  json_t *act = json_object_get(json_array_get(l, 0), "activity");
  cr_expect_str_eq(json_string_value(json_object_get(act, "title")), "调研一");
  cr_expect_str_eq(json_string_value(json_object_get(act, "starts_at")),
                   "2026-05-11T09:00:00+08:00");
  cr_expect_str_eq(json_string_value(json_object_get(act, "unit_name")), "东岗村");
  cr_expect_str_eq(json_string_value(json_object_get(act, "township")), "东岗镇");
  cr_expect_eq(json_integer_value(json_object_get(act, "committee_id")), ct_county);
  cr_expect(json_is_null(json_object_get(act, "ends_at")));
  json_decref(l);
  /* the Monday 00:00 CST boundary, the probe given in UTC */
  l = ct_probe(0, u, "2026-05-10T16:00:00Z", NULL, NULL, 0);
  cr_expect_eq(json_array_size(l), 1, "Monday 00:00 CST: a1: %s", ct_show(l));
  cr_expect_eq(ct_count(l, "same_unit", a1), 1);
  json_decref(l);
  l = ct_probe(0, u, "2026-05-10T15:59:59Z", NULL, NULL, 0);
  cr_expect_eq(json_array_size(l), 1, "Sunday 23:59:59 CST: only a0: %s", ct_show(l));
  cr_expect_eq(ct_count(l, "same_unit", a0), 1);
  json_decref(l);
  l = ct_probe(0, u, "2026-05-18T00:00:00+08:00", NULL, NULL, 0);
  cr_expect_eq(json_array_size(l), 1, "the next week: a2: %s", ct_show(l));
  cr_expect_eq(ct_count(l, "same_unit", a2), 1);
  json_decref(l);
  /* the activity itself is excluded; no unit or no time: no place check */
  l = ct_probe(a1, u, "2026-05-11T09:00:00+08:00", NULL, NULL, 0);
  cr_expect_eq(json_array_size(l), 0, "a1 never clashes with itself: %s", ct_show(l));
  json_decref(l);
  l = ct_probe(0, 0, "2026-05-11T09:00:00+08:00", NULL, NULL, 0);
  cr_expect_eq(json_array_size(l), 0, "no unit: %s", ct_show(l));
  json_decref(l);
  l = ct_probe(0, u, NULL, NULL, NULL, 0);
  cr_expect_eq(json_array_size(l), 0, "no time: no check");
  json_decref(l);
  /* the check's week, in CST */
  struct contact_clash_probe p = {.unit_id = u, .starts_at = ct_time("2026-05-10T16:30:00Z")};
  ct_reset();
  json_t *chk = contact_clash_check(&ct_ctx, &p);
  cr_assert_not_null(chk);
  cr_expect_str_eq(json_string_value(json_object_get(chk, "week_starts_at")),
                   "2026-05-11T00:00:00+08:00");
  cr_expect_str_eq(json_string_value(json_object_get(chk, "week_ends_at")),
                   "2026-05-18T00:00:00+08:00");
  cr_expect_eq(ct_count(json_object_get(chk, "clashes"), "same_unit", a1), 1);
  cr_expect_eq(json_array_size(json_object_get(chk, "clashes")), 1);
  json_decref(chk);
}

Test(contact, clash_same_township_on_one_path) {
  int64_t u1 = ct_place(ct_county, "东岗村", "东岗镇");
  int64_t u2 = ct_place(ct_county, "东岗二村", "东岗镇");       /* same county */
  int64_t u3 = ct_place(ct_city, "东岗企业", "东岗镇");         /* the city above */
  int64_t u4 = ct_place(ct_county_b, "七里河东岗村", "东岗镇"); /* a sibling county */
  int64_t u5 = ct_place(ct_county, "无乡镇甲", ""), u6 = ct_place(ct_county, "无乡镇乙", "");
  int64_t u7 = ct_place(ct_county, "西岗村", "西岗镇");
  int64_t a2 = ct_act(ct_county, u2, "在二村", "2026-05-12T09:00:00+08:00", NULL, "planned");
  int64_t a3 = ct_act(ct_city, u3, "在企业", "2026-05-13T09:00:00+08:00", NULL, "planned");
  int64_t a4 = ct_act(ct_county_b, u4, "在七里河", "2026-05-14T09:00:00+08:00", NULL, "planned");
  ct_act(ct_county, u6, "无乡镇", "2026-05-14T09:00:00+08:00", NULL, "planned");
  ct_act(ct_county, u7, "西岗", "2026-05-14T09:00:00+08:00", NULL, "planned");
  ct_act(ct_county, u2, "下周二村", "2026-05-18T09:00:00+08:00", NULL, "planned");
  ct_act(ct_county, u2, "取消", "2026-05-15T09:00:00+08:00", NULL, "cancelled");
  json_t *l = ct_probe(0, u1, "2026-05-11T08:00:00+08:00", NULL, NULL, 0);
  cr_expect_eq(json_array_size(l), 2, "u2 and u3, not the sibling county's u4: %s", ct_show(l));
  cr_expect_eq(ct_count(l, "same_township", a2), 1);
  cr_expect_eq(ct_count(l, "same_township", a3), 1);
  cr_expect_eq(ct_count(l, NULL, a4), 0);
  json_decref(l);
  /* from the sibling county: the city's unit lies on its path, the other county's does not */
  l = ct_probe(0, u4, "2026-05-11T08:00:00+08:00", NULL, NULL, 0);
  cr_expect_eq(json_array_size(l), 2, "same_unit a4 and same_township a3: %s", ct_show(l));
  cr_expect_eq(ct_count(l, "same_unit", a4), 1);
  cr_expect_eq(ct_count(l, "same_township", a3), 1);
  json_decref(l);
  /* from the city's unit: both counties' units */
  l = ct_probe(0, u3, "2026-05-11T08:00:00+08:00", NULL, NULL, 0);
  cr_expect_eq(ct_count(l, "same_township", a2), 1, "%s", ct_show(l));
  cr_expect_eq(ct_count(l, "same_township", a4), 1, "%s", ct_show(l));
  cr_expect_eq(ct_count(l, "same_unit", a3), 1, "%s", ct_show(l));
  cr_expect_eq(json_array_size(l), 3, "%s", ct_show(l));
  json_decref(l);
  /* an empty township is no township */
  l = ct_probe(0, u5, "2026-05-11T08:00:00+08:00", NULL, NULL, 0);
  cr_expect_eq(json_array_size(l), 0, "u5 and u6 both without township: %s", ct_show(l));
  json_decref(l);
}

Test(contact, clash_member_busy_intervals) {
  int64_t m1 = ct_member(ct_county, "忙一"), m2 = ct_member(ct_county, "忙二");
  int64_t a = ct_act(ct_county, 0, "九点到十一点", "2026-05-12T09:00:00+08:00",
                     "2026-05-12T11:00:00+08:00", "planned");
  ct_attend(a, m1, "present");
  int64_t b = ct_act(ct_county, 0, "无结束时间", "2026-05-13T09:00:00+08:00", NULL, "done");
  ct_attend(b, m1, "present");
  int64_t c = ct_act(ct_county, 0, "结束即开始", "2026-05-14T09:00:00+08:00",
                     "2026-05-14T09:00:00+08:00", "planned");
  ct_attend(c, m1, "present");
  int64_t city =
      ct_act(ct_city, 0, "市里的会", "2026-05-15T01:00:00Z", "2026-05-15T03:00:00Z", "planned");
  ct_attend(city, m1, "present"); /* 09:00–11:00 CST at the city above */
  const int64_t only1[] = {m1}, only2[] = {m2}, both[] = {m2, m1};
  struct {
    const char *starts, *ends;
    int64_t with; /* the activity m1 is busy with, 0: none */
    const char *why;
  } cases[] = {
      {"2026-05-12T10:00:00+08:00", "2026-05-12T12:00:00+08:00", a, "overlaps a's second hour"},
      {"2026-05-12T08:00:00+08:00", "2026-05-12T12:00:00+08:00", a, "covers a"},
      {"2026-05-12T09:30:00+08:00", "2026-05-12T10:00:00+08:00", a, "inside a"},
      {"2026-05-12T11:00:00+08:00", "2026-05-12T12:00:00+08:00", 0, "starts when a ends"},
      {"2026-05-12T07:00:00+08:00", "2026-05-12T09:00:00+08:00", 0, "ends when a starts"},
      {"2026-05-12T07:00:00+08:00", "2026-05-12T09:00:01+08:00", a, "one second into a"},
      {"2026-05-12T10:59:59+08:00", "2026-05-12T12:00:00+08:00", a, "a's last second"},
      {"2026-05-12T02:59:59Z", "2026-05-12T04:00:00Z", a, "a's last second, in UTC"},
      {"2026-05-12T03:00:00Z", "2026-05-12T04:00:00Z", 0, "11:00 CST in UTC"},
      /* the probe without an end: 120 minutes */
      {"2026-05-12T07:00:00+08:00", NULL, 0, "07:00 + 120 min ends when a starts"},
      {"2026-05-12T07:00:01+08:00", NULL, a, "07:00:01 + 120 min"},
      {"2026-05-12T07:00:00+08:00", "2026-05-12T07:00:00+08:00", 0,
       "ending when it starts: 120 min"},
      {"2026-05-12T07:00:01+08:00", "2026-05-12T07:00:01+08:00", a,
       "ending when it starts: 120 min, +1 s"},
      /* b has no end: 09:00–11:00 */
      {"2026-05-13T10:59:59+08:00", "2026-05-13T12:00:00+08:00", b, "b's assumed last second"},
      {"2026-05-13T11:00:00+08:00", "2026-05-13T12:00:00+08:00", 0, "b's assumed end"},
      {"2026-05-13T08:00:00+08:00", "2026-05-13T09:00:00+08:00", 0, "ends when b starts"},
      /* c ends when it starts: 09:00–11:00 */
      {"2026-05-14T10:59:59+08:00", "2026-05-14T12:00:00+08:00", c, "c's assumed last second"},
      {"2026-05-14T11:00:00+08:00", NULL, 0, "c's assumed end"},
      /* an activity of another committee on the path */
      {"2026-05-15T10:00:00+08:00", NULL, city, "the city's meeting"},
      {"2026-05-15T11:00:00+08:00", NULL, 0, "after the city's meeting"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    json_t *l = ct_probe(0, 0, cases[i].starts, cases[i].ends, only1, 1);
    if (cases[i].with) {
      cr_expect_eq(json_array_size(l), 1, "%s: %s", cases[i].why, ct_show(l));
      cr_expect_eq(ct_count(l, "member_busy", cases[i].with), 1, "%s: %s", cases[i].why,
                   ct_show(l));
      json_t *c0 = json_array_get(l, 0);
      cr_expect_eq(json_integer_value(json_object_get(c0, "member_id")), m1, "%s", cases[i].why);
      cr_expect_str_eq(json_string_value(json_object_get(c0, "member_name")), "忙一", "%s",
                       cases[i].why);
    } else {
      cr_expect_eq(json_array_size(l), 0, "%s: %s", cases[i].why, ct_show(l));
    }
    json_decref(l);
    /* m2 takes part in nothing */
    l = ct_probe(0, 0, cases[i].starts, cases[i].ends, only2, 1);
    cr_expect_eq(json_array_size(l), 0, "m2, %s: %s", cases[i].why, ct_show(l));
    json_decref(l);
  }
  /* two members: only the busy one is named */
  json_t *l = ct_probe(0, 0, "2026-05-12T10:00:00+08:00", NULL, both, 2);
  cr_expect_eq(json_array_size(l), 1, "%s", ct_show(l));
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(l, 0), "member_id")), m1);
  json_decref(l);
  /* a moved activity does not clash with itself */
  l = ct_probe(a, 0, "2026-05-12T10:00:00+08:00", NULL, only1, 1);
  cr_expect_eq(json_array_size(l), 0, "exclude_id: %s", ct_show(l));
  json_decref(l);
}

Test(contact, clash_cancelled_and_excused_never_clash) {
  int64_t u = ct_place(ct_county, "东岗村", "东岗镇"),
          u2 = ct_place(ct_county, "东岗二村", "东岗镇");
  int64_t m1 = ct_member(ct_county, "甲"), m2 = ct_member(ct_county, "乙");
  int64_t off = ct_act(ct_county, u, "取消了", "2026-05-12T09:00:00+08:00",
                       "2026-05-12T11:00:00+08:00", "cancelled");
  ct_attend(off, m1, "present");
  int64_t off2 = ct_act(ct_county, u2, "也取消了", "2026-05-12T09:00:00+08:00", NULL, "cancelled");
  ct_attend(off2, m1, "present");
  int64_t exc = ct_act(ct_county, 0, "请假", "2026-05-12T09:00:00+08:00",
                       "2026-05-12T11:00:00+08:00", "planned");
  ct_attend(exc, m2, "excused");
  ct_attend(exc, m1, "absent");
  const int64_t ms[] = {m1, m2};
  json_t *l = ct_probe(0, u, "2026-05-12T10:00:00+08:00", NULL, ms, 2);
  cr_expect_eq(json_array_size(l), 0,
               "cancelled at the same unit and township, excused, absent: %s", ct_show(l));
  json_decref(l);
  /* a stored activity: the cancelled one has no clashes at all; the excused member is not checked
   */
  ct_reset();
  l = contact_activity_clashes(&ct_ctx, off);
  cr_assert(json_is_array(l));
  cr_expect_eq(json_array_size(l), 0, "cancelled: %s", ct_show(l));
  json_decref(l);
  int64_t live = ct_act(ct_county, u, "照常", "2026-05-12T10:00:00+08:00", NULL, "planned");
  ct_attend(live, m1, "present");
  ct_attend(live, m2, "excused");
  int64_t other = ct_act(ct_county, 0, "乙另有安排", "2026-05-12T10:30:00+08:00", NULL, "planned");
  ct_attend(other, m2, "present");
  ct_reset();
  l = contact_activity_clashes(&ct_ctx, live);
  cr_expect_eq(json_array_size(l), 0, "m2 is excused from live, so not busy with other: %s",
               ct_show(l));
  json_decref(l);
  ct_reset();
  l = contact_activity_clashes(&ct_ctx, other);
  cr_expect_eq(json_array_size(l), 0, "nor the other way round: %s", ct_show(l));
  json_decref(l);
  /* once m2 is present at live, both see the clash */
  ct_reset();
  cr_assert(contact_participant_set(&ct_ctx, live, m2, "present"));
  ct_reset();
  l = contact_activity_clashes(&ct_ctx, live);
  cr_expect_eq(json_array_size(l), 1, "%s", ct_show(l));
  cr_expect_eq(ct_count(l, "member_busy", other), 1, "%s", ct_show(l));
  json_decref(l);
  ct_reset();
  l = contact_activity_clashes(&ct_ctx, other);
  cr_expect_eq(json_array_size(l), 1, "%s", ct_show(l));
  cr_expect_eq(ct_count(l, "member_busy", live), 1, "%s", ct_show(l));
  json_decref(l);
  ct_reset();
  l = contact_activity_clashes(&ct_ctx, 999999);
  cr_expect_eq(json_array_size(l), 0, "no such activity");
  json_decref(l);
}

Test(contact, clash_stored_activities_both_ways) {
  int64_t u = ct_place(ct_county, "东岗村", "东岗镇");
  int64_t m1 = ct_member(ct_county, "甲");
  int64_t a1 = ct_act(ct_county, u, "一", "2026-05-12T09:00:00+08:00", "2026-05-12T11:00:00+08:00",
                      "planned");
  ct_attend(a1, m1, "present");
  int64_t a2 = ct_act(ct_county, u, "二", "2026-05-12T10:00:00+08:00", NULL, "planned");
  ct_attend(a2, m1, "present");
  ct_reset();
  json_t *l = contact_activity_clashes(&ct_ctx, a2);
  cr_expect_eq(json_array_size(l), 2, "%s", ct_show(l));
  cr_expect_eq(ct_count(l, "same_unit", a1), 1, "%s", ct_show(l));
  cr_expect_eq(ct_count(l, "member_busy", a1), 1, "%s", ct_show(l));
  cr_expect_eq(ct_count(l, NULL, a2), 0, "never itself");
  json_decref(l);
  ct_reset();
  l = contact_activity_clashes(&ct_ctx, a1);
  cr_expect_eq(json_array_size(l), 2, "%s", ct_show(l));
  cr_expect_eq(ct_count(l, "same_unit", a2), 1, "%s", ct_show(l));
  cr_expect_eq(ct_count(l, "member_busy", a2), 1, "%s", ct_show(l));
  json_decref(l);
}

/* The calendar item of activity id in cal, or NULL. */
static json_t *ct_cal_item(json_t *cal, int64_t id) {
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(cal, "items"), i, it) {
    if (json_integer_value(json_object_get(it, "id")) == id) return it;
  }
  return NULL;
}

/* The clash ids of activity id in the calendar, sorted, as "1,2,3". */
static const char *ct_cal_clashes(json_t *cal, int64_t id) {
  static char out[256];
  json_t *it = ct_cal_item(cal, id);
  cr_assert_not_null(it, "activity %lld not in the calendar", (long long)id);
  json_t *ids = json_object_get(it, "clash_ids");
  int64_t v[64];
  size_t n = json_array_size(ids) < 64 ? json_array_size(ids) : 64;
  for (size_t i = 0; i < n; i++) v[i] = json_integer_value(json_array_get(ids, i));
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
      int64_t t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
  size_t len = 0;
  out[0] = 0;
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(out + len, sizeof out - len, i ? ",%lld" : "%lld", (long long)v[i]);
  return out;
}

static const char *ct_ids(int n, ...) {
  static char out[256];
  va_list ap;
  va_start(ap, n);
  size_t len = 0;
  out[0] = 0;
  for (int i = 0; i < n; i++)
    len += (size_t)snprintf(out + len, sizeof out - len, i ? ",%lld" : "%lld",
                            (long long)va_arg(ap, int64_t));
  va_end(ap);
  return out;
}

Test(contact, calendar_clash_ids_symmetric) {
  int64_t u = ct_place(ct_county, "东岗村", "东岗镇"), v = ct_place(ct_county, "西岗村", "西岗镇");
  int64_t w1 = ct_place(ct_county, "雁滩村", "雁滩"),
          w2 = ct_place(ct_county_b, "七里河雁滩村", "雁滩");
  int64_t w3 = ct_place(ct_city, "雁滩企业", "雁滩");
  int64_t m1 = ct_member(ct_county, "甲"), m2 = ct_member(ct_county, "乙");
  /* week of 11 May */
  int64_t a1 = ct_act(ct_county, u, "一", "2026-05-12T09:00:00+08:00", "2026-05-12T11:00:00+08:00",
                      "planned");
  ct_attend(a1, m1, "present");
  ct_attend(a1, m2, "present");
  int64_t a2 = ct_act(ct_county, u, "二", "2026-05-14T09:00:00+08:00", NULL, "done");
  int64_t a3 = ct_act(ct_county, u, "取消", "2026-05-12T09:00:00+08:00", NULL, "cancelled");
  ct_attend(a3, m1, "present");
  int64_t a4 = ct_act(ct_county, 0, "乙请假", "2026-05-12T10:00:00+08:00", NULL, "planned");
  ct_attend(a4, m2, "excused");
  int64_t a5 = ct_act(ct_county, 0, "甲紧接着", "2026-05-12T11:00:00+08:00", NULL, "planned");
  ct_attend(a5, m1, "present");
  int64_t a6 =
      ct_act(ct_county, 0, "甲重叠", "2026-05-12T02:30:00Z", NULL, "planned"); /* 10:30 CST */
  ct_attend(a6, m1, "present");
  /* the week boundary at v: Sunday 23:59:59 CST, Monday 00:00 CST given in UTC, Sunday 23:00 */
  int64_t b1 = ct_act(ct_county, v, "周日末", "2026-05-17T23:59:59+08:00", NULL, "planned");
  int64_t b2 = ct_act(ct_county, v, "周一零点", "2026-05-17T16:00:00Z", NULL, "planned");
  int64_t b3 = ct_act(ct_county, v, "周日晚", "2026-05-17T15:00:00Z", NULL, "planned");
  /* the township 雁滩: the city's unit is on both counties' paths, the counties are not */
  int64_t c1 = ct_act(ct_county, w1, "城关雁滩", "2026-05-12T09:00:00+08:00", NULL, "planned");
  int64_t c2 = ct_act(ct_county_b, w2, "七里河雁滩", "2026-05-13T09:00:00+08:00", NULL, "planned");
  int64_t c3 = ct_act(ct_city, w3, "市雁滩", "2026-05-15T09:00:00+08:00", NULL, "planned");
  /* two units without a township, the same week: no clash */
  int64_t e1 = ct_act(ct_county, ct_place(ct_county, "无乡镇甲", ""), "无乡镇甲",
                      "2026-05-12T09:00:00+08:00", NULL, "planned");
  int64_t e2 = ct_act(ct_city, ct_place(ct_city, "无乡镇乙", ""), "无乡镇乙",
                      "2026-05-13T09:00:00+08:00", NULL, "planned");
  /* outside the range */
  ct_act(ct_county, u, "范围外", "2026-05-25T00:00:00+08:00", NULL, "planned");
  int64_t from = ct_time("2026-05-11T00:00:00+08:00"), to = ct_time("2026-05-25T00:00:00+08:00");
  ct_reset();
  json_t *cal = contact_calendar(&ct_ctx, ct_city, from, to);
  cr_assert_not_null(cal, "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
  cr_expect_eq(json_integer_value(json_object_get(cal, "committee_id")), ct_city);
  cr_expect_str_eq(json_string_value(json_object_get(cal, "from")), "2026-05-11T00:00:00+08:00");
  cr_expect_str_eq(json_string_value(json_object_get(cal, "to")), "2026-05-25T00:00:00+08:00");
  cr_expect(json_is_false(json_object_get(cal, "truncated")));
  json_t *items = json_object_get(cal, "items");
  cr_expect_eq(json_array_size(items), 14, "everything but the one at 25 May");
  /* in time order */
  int64_t prev = INT64_MIN;
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    int64_t t = ct_time(json_string_value(json_object_get(it, "starts_at")));
    cr_expect_geq(t, prev, "item %zu out of order", i);
    prev = t;
  }
  cr_expect_str_eq(ct_cal_clashes(cal, a1), ct_ids(2, a2, a6), "a2 same unit, a6 m1 from 10:30");
  cr_expect_str_eq(ct_cal_clashes(cal, a2), ct_ids(1, a1), "a1 same unit; a3 cancelled");
  cr_expect_str_eq(ct_cal_clashes(cal, a3), "", "cancelled");
  cr_expect_str_eq(ct_cal_clashes(cal, a4), "", "m2 excused");
  cr_expect_str_eq(ct_cal_clashes(cal, a5), ct_ids(1, a6),
                   "a5 11:00-13:00 and a6 10:30-12:30; a1 ends at 11:00");
  cr_expect_str_eq(ct_cal_clashes(cal, a6), ct_ids(2, a1, a5));
  cr_expect_str_eq(ct_cal_clashes(cal, b1), ct_ids(1, b3), "Sunday with Sunday");
  cr_expect_str_eq(ct_cal_clashes(cal, b2), "", "Monday 00:00 CST is the next week");
  cr_expect_str_eq(ct_cal_clashes(cal, b3), ct_ids(1, b1));
  cr_expect_str_eq(ct_cal_clashes(cal, c1), ct_ids(1, c3));
  cr_expect_str_eq(ct_cal_clashes(cal, c2), ct_ids(1, c3), "not the other county's 雁滩");
  cr_expect_str_eq(ct_cal_clashes(cal, c3), ct_ids(2, c1, c2));
  cr_expect_str_eq(ct_cal_clashes(cal, e1), "", "an empty township is no township");
  cr_expect_str_eq(ct_cal_clashes(cal, e2), "");
  /* symmetric, never itself, and the same as the clash list of each stored activity */
  json_array_foreach(items, i, it) {
    int64_t id = json_integer_value(json_object_get(it, "id"));
    size_t k;
    json_t *x;
    json_array_foreach(json_object_get(it, "clash_ids"), k, x) {
      int64_t other = json_integer_value(x);
      cr_expect_neq(other, id, "%lld clashes with itself", (long long)id);
      json_t *o = ct_cal_item(cal, other);
      cr_assert_not_null(o);
      bool back = false;
      size_t kk;
      json_t *y;
      json_array_foreach(json_object_get(o, "clash_ids"), kk, y) back =
          back || json_integer_value(y) == id;
      cr_expect(back, "%lld names %lld but not the other way round", (long long)id,
                (long long)other);
    }
    ct_reset();
    json_t *l = contact_activity_clashes(&ct_ctx, id);
    size_t distinct = 0;
    json_t *c;
    int64_t seen[64];
    json_array_foreach(l, k, c) {
      int64_t other = json_integer_value(json_object_get(json_object_get(c, "activity"), "id"));
      bool dup = false;
      for (size_t s = 0; s < distinct; s++) dup = dup || seen[s] == other;
      if (!dup && distinct < 64) seen[distinct++] = other;
      if (!dup) {
        bool named = false;
        size_t kk;
        json_t *y;
        json_array_foreach(json_object_get(it, "clash_ids"), kk, y) named =
            named || json_integer_value(y) == other;
        cr_expect(named, "activity %lld: the clash list names %lld, the calendar does not",
                  (long long)id, (long long)other);
      }
    }
    cr_expect_eq(distinct, json_array_size(json_object_get(it, "clash_ids")),
                 "activity %lld: clash list %s, calendar %s", (long long)id, ct_show(l),
                 ct_cal_clashes(cal, id));
    json_decref(l);
  }
  it = ct_cal_item(cal, a1);
  cr_expect_eq(json_integer_value(json_object_get(it, "participant_count")), 2);
  cr_expect_str_eq(json_string_value(json_object_get(it, "unit_name")), "东岗村");
  cr_expect_str_eq(json_string_value(json_object_get(it, "township")), "东岗镇");
  cr_expect_str_eq(json_string_value(json_object_get(it, "ends_at")), "2026-05-12T11:00:00+08:00");
  json_decref(cal);
  /* a county's calendar: the city's and the sibling's activities are not in it */
  ct_reset();
  cal = contact_calendar(&ct_ctx, ct_county_b, from, to);
  cr_assert_not_null(cal);
  cr_expect_eq(json_array_size(json_object_get(cal, "items")), 1);
  cr_expect_str_eq(ct_cal_clashes(cal, c2), "", "c3 is the city's, outside this calendar");
  json_decref(cal);
}

Test(contact, calendar_range_one_to_62_days) {
  int64_t from = ct_time("2026-05-01T00:00:00+08:00");
  static const struct {
    int64_t span;
    bool ok;
  } cases[] = {{0, false},    {-1, false},        {-86400, false},         {1, true},
               {86400, true}, {62 * 86400, true}, {62 * 86400 + 1, false}, {63 * 86400, false}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ct_reset();
    json_t *cal = contact_calendar(&ct_ctx, ct_county, from, from + cases[i].span);
    if (cases[i].ok) {
      cr_expect_not_null(cal, "span %lld: %s", (long long)cases[i].span,
                         ct_ctx.err.zh ? ct_ctx.err.zh : "");
    } else {
      cr_expect_null(cal, "span %lld refused", (long long)cases[i].span);
      cr_expect_eq(ct_ctx.err.status, 422, "span %lld", (long long)cases[i].span);
      cr_expect_str_eq(ct_ctx.err.field ? ct_ctx.err.field : "", "to");
    }
    json_decref(cal);
  }
  ct_reset();
  cr_expect_null(contact_calendar(&ct_ctx, 999999, from, from + 86400));
  cr_expect_eq(ct_ctx.err.status, 422, "no such committee");
  struct user other = {.id = 7,
                       .username = "qilihe",
                       .role = ROLE_SECRETARIAT,
                       .committee_id = ct_county_b,
                       .committee_path = committee_path_of(&ct_ctx, ct_county_b)};
  ct_ctx.user = &other;
  ct_reset();
  cr_expect_null(contact_calendar(&ct_ctx, ct_county, from, from + 86400));
  cr_expect_eq(ct_ctx.err.status, 403);
  ct_ctx.user = NULL;
}

/* ---- compliance: only the members falling short ------------------------------------------- */

static bool ct_settings(int64_t committee, const char *text);

Test(contact, compliance_short_only_pages) {
  /* met: one done activity in Q2 2026 and 40 people in the year */
  int64_t a = ct_member(ct_county, "甲达标"), b = ct_member(ct_county, "乙请假");
  int64_t c = ct_member(ct_county, "丙达标"), d = ct_member(ct_county, "丁没参加");
  int64_t e = ct_member(ct_county, "戊差一人"), f = ct_member(ct_county, "己已辞职");
  int64_t g = ct_member(ct_county, "庚达标");
  /* 60 people among three present: 20 each, the pro-rated 20 of the year's 40 by 30 June */
  int64_t x = ct_activity(ct_county, "2026-05-12T10:00:00+08:00", 60, "done");
  ct_attend(x, a, "present");
  ct_attend(x, b, "excused");
  ct_attend(x, c, "present");
  ct_attend(x, g, "present");
  ct_attend(ct_activity(ct_county, "2026-05-13T10:00:00+08:00", 19, "done"), e, "present");
  db_exec(ct_ctx.db, "UPDATE members SET status = 'resigned' WHERE id = ?", "i", f);
  const int64_t want[] = {b, d, e};
  for (int limit = 1; limit <= 4; limit++) {
    struct contact_compliance_query q = {
        .committee_id = ct_county, .year = 2026, .quarter = 2, .limit = limit, .short_only = true};
    int64_t seen[16];
    int n = 0, pages = 0;
    for (;;) {
      ct_reset();
      json_t *out = contact_compliance(&ct_ctx, &q);
      cr_assert_not_null(out, "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
      pages++;
      cr_expect(json_is_true(json_object_get(out, "short")));
      cr_expect_eq(json_integer_value(json_object_get(out, "examined")), 6,
                   "active members of the county");
      cr_expect_eq(json_integer_value(json_object_get(out, "total")), 3,
                   "the members not on track, whatever the page");
      json_t *items = json_object_get(out, "items");
      cr_expect_leq(json_array_size(items), (size_t)limit, "limit %d", limit);
      size_t i;
      json_t *it;
      json_array_foreach(items, i, it) {
        cr_expect(json_is_false(json_object_get(it, "on_track")),
                  "limit %d: member %lld is on track", limit,
                  (long long)json_integer_value(json_object_get(it, "member_id")));
        if (n < 16) seen[n++] = json_integer_value(json_object_get(it, "member_id"));
      }
      json_t *cur = json_object_get(out, "next_cursor");
      bool more = json_is_string(cur);
      if (more) {
        int64_t next = strtoll(json_string_value(cur), NULL, 10);
        cr_assert_gt(next, q.after_id, "the cursor moves on");
        q.after_id = next;
      }
      json_decref(out);
      if (!more || pages > 10) break;
    }
    cr_expect_eq(n, 3, "limit %d: b, d and e once each", limit);
    for (int k = 0; k < 3 && k < n; k++)
      cr_expect_eq(seen[k], want[k], "limit %d, item %d", limit, k);
    /* limit 1: b | d | e | (g, met: an empty last page); 2: b d | e; 3: b d e | (g); 4: b d e */
    static const int pages_want[] = {0, 4, 2, 2, 1};
    cr_expect_eq(pages, pages_want[limit], "limit %d: pages", limit);
  }
  /* the count alone (the workbench's), by the list's rule: b, d and e */
  {
    struct contact_compliance_query cq = {.committee_id = ct_county, .year = 2026, .quarter = 2};
    ct_reset();
    cr_expect_eq(contact_compliance_short_count(&ct_ctx, &cq), 3);
    ct_reset();
    cq.quarter = 1; /* nobody has an activity in Q1 2026 */
    cr_expect_eq(contact_compliance_short_count(&ct_ctx, &cq), 6, "no activity in Q1 2026");
    /* no activity asked for a quarter: the pace alone (20 by June) — b and d, who reached no one,
    ** and e, 19 of 20; the members with no activity are counted too */
    cr_assert(ct_settings(ct_county, "{\"quarter_min_activities\": 0}"));
    ct_reset();
    cq.quarter = 2;
    cr_expect_eq(contact_compliance_short_count(&ct_ctx, &cq), 3, "the pace alone in Q2");
    /* and nothing asked at all: nobody is behind, with or without activities */
    cr_assert(ct_settings(ct_county, "{\"year_min_people\": 0}"));
    ct_reset();
    cr_expect_eq(contact_compliance_short_count(&ct_ctx, &cq), 0, "nothing asked");
    cq.short_only = true, cq.limit = 10;
    ct_reset();
    json_t *none = contact_compliance(&ct_ctx, &cq);
    cr_assert_not_null(none);
    cr_expect_eq(json_integer_value(json_object_get(none, "total")), 0);
    cr_expect_eq(json_array_size(json_object_get(none, "items")), 0);
    json_decref(none);
    cr_assert(
        ct_settings(ct_county, "{\"quarter_min_activities\": null, \"year_min_people\": null}"));
  }
  /* the figures of the short: b excused (0 activities, 0 people), e 19 people of the 20 */
  struct contact_compliance_query q = {
      .committee_id = ct_county, .year = 2026, .quarter = 2, .limit = 10, .short_only = true};
  ct_reset();
  json_t *out = contact_compliance(&ct_ctx, &q);
  cr_assert_not_null(out);
  json_t *items = json_object_get(out, "items");
  cr_assert_eq(json_array_size(items), 3);
  json_t *ib = json_array_get(items, 0), *ie = json_array_get(items, 2);
  cr_expect_eq(json_integer_value(json_object_get(ib, "activities_short")), 1);
  cr_expect_eq(json_integer_value(json_object_get(ib, "people_short")), 40);
  cr_expect(json_is_true(json_object_get(ie, "quarter_met")));
  cr_expect(json_is_false(json_object_get(ie, "year_met")));
  cr_expect_eq(json_integer_value(json_object_get(ie, "people_short")), 21);
  cr_expect_eq(json_integer_value(json_object_get(ie, "year_expected")), 20);
  cr_expect(json_is_true(json_object_get(ie, "year_behind")), "19 of the pro-rated 20");
  cr_expect(json_is_null(json_object_get(out, "next_cursor")));
  json_decref(out);
  /* without short_only: all six */
  q.short_only = false;
  ct_reset();
  out = contact_compliance(&ct_ctx, &q);
  cr_assert_not_null(out);
  cr_expect_eq(json_array_size(json_object_get(out, "items")), 6);
  cr_expect(json_is_false(json_object_get(out, "short")));
  json_decref(out);
  /* one member: a met member gives nothing, a short one itself */
  q.short_only = true;
  q.member_id = a;
  ct_reset();
  out = contact_compliance(&ct_ctx, &q);
  cr_assert_not_null(out);
  cr_expect_eq(json_array_size(json_object_get(out, "items")), 0);
  json_decref(out);
  q.member_id = d;
  ct_reset();
  out = contact_compliance(&ct_ctx, &q);
  cr_assert_not_null(out);
  cr_expect_eq(json_array_size(json_object_get(out, "items")), 1);
  cr_expect_eq(json_integer_value(
                   json_object_get(json_array_get(json_object_get(out, "items"), 0), "member_id")),
               d);
  json_decref(out);
  /* a resigned member asked for by id is judged too */
  q.member_id = f;
  ct_reset();
  out = contact_compliance(&ct_ctx, &q);
  cr_assert_not_null(out);
  cr_expect_eq(json_array_size(json_object_get(out, "items")), 1);
  json_decref(out);
}

/* ---- reminders (contact_remind.c) ---------------------------------------------------------- */

static bool ct_settings(int64_t committee, const char *text) {
  json_t *in = ct_json(text);
  ct_reset();
  bool ok = settings_update(&ct_ctx, &contact_settings, committee, in);
  json_decref(in);
  return ok;
}

/* The committee_ids of job id's parameters, as "1,2,3" (in the order given). */
static const char *ct_job_committees(int64_t job, int *year, int *quarter, bool *automatic) {
  static char out[256];
  out[0] = 0;
  struct db_stmt *st = db_query(ct_ctx.db, "SELECT kind, params FROM jobs WHERE id = ?", "i", job);
  cr_assert_eq(db_step(st), DB_ROW, "job %lld", (long long)job);
  cr_expect_str_eq(db_col_text(st, 0), "compliance_remind");
  json_t *p = json_loads(db_col_text(st, 1), 0, NULL);
  db_done(st);
  cr_assert_not_null(p);
  size_t i, len = 0;
  json_t *x;
  json_array_foreach(json_object_get(p, "committee_ids"), i, x) {
    len += (size_t)snprintf(out + len, sizeof out - len, i ? ",%lld" : "%lld",
                            (long long)json_integer_value(x));
  }
  if (year) *year = (int)json_integer_value(json_object_get(p, "year"));
  if (quarter) *quarter = (int)json_integer_value(json_object_get(p, "quarter"));
  if (automatic) *automatic = json_is_true(json_object_get(p, "auto"));
  json_decref(p);
  return out;
}

Test(contact, remind_due_window) {
  /* the second quarter of 2026 ends at 2026-07-01T00:00:00+08:00; 14 days before is
  ** 2026-06-17T00:00:00+08:00 = 2026-06-16T16:00:00Z */
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-04-01T00:00:00+08:00")), 0,
               "a quarter's first second");
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-06-16T23:59:59+08:00")), 0,
               "14 days and 1 s before");
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-06-16T15:59:59Z")), 0,
               "the same, in UTC");
  cr_expect_eq(db_int(ct_ctx.db, -1, "SELECT COUNT(*) FROM compliance_reminder_runs", ""), 0,
               "nothing claimed");
  cr_expect_eq(db_int(ct_ctx.db, -1, "SELECT COUNT(*) FROM jobs", ""), 0, "nothing queued");
  int64_t job = contact_remind_due(ct_ctx.db, ct_time("2026-06-16T16:00:00Z"));
  cr_assert_gt(job, 0, "the window opens at 2026-06-17T00:00 CST");
  int year = 0, quarter = 0;
  bool automatic = false;
  cr_expect_str_eq(ct_job_committees(job, &year, &quarter, &automatic),
                   ct_ids(4, ct_root, ct_city, ct_county, ct_county_b), "every committee, once");
  cr_expect_eq(year, 2026);
  cr_expect_eq(quarter, 2);
  cr_expect(automatic);
  cr_expect_eq(
      db_int(ct_ctx.db, -1,
             "SELECT COUNT(*) FROM compliance_reminder_runs WHERE year = 2026 AND quarter = 2"
             " AND job_id = ?",
             "i", job),
      4);
  json_t *j = job_json(ct_ctx.db, job);
  cr_assert_not_null(j);
  cr_expect_str_eq(json_string_value(json_object_get(j, "status")), "queued");
  cr_expect_eq(json_integer_value(json_object_get(j, "user_id")), 0, "the system's");
  json_decref(j);
  /* the same quarter again: nothing, up to its last second */
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-06-17T00:00:00+08:00")), 0,
               "claimed already");
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-06-30T23:59:59+08:00")), 0,
               "claimed already");
  cr_expect_eq(db_int(ct_ctx.db, -1, "SELECT COUNT(*) FROM jobs", ""), 1);
  /* the next quarter starts at 2026-06-30T16:00:00Z; its window opens on 17 September CST */
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-06-30T16:00:00Z")), 0,
               "Q3's first second");
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-09-16T23:59:59+08:00")), 0);
  int64_t q3 = contact_remind_due(ct_ctx.db, ct_time("2026-09-17T00:00:00+08:00"));
  cr_expect_gt(q3, job);
  ct_job_committees(q3, &year, &quarter, NULL);
  cr_expect(year == 2026 && quarter == 3, "got %d Q%d", year, quarter);
  /* the year's end: 2026-12-31T15:59:59Z is Q4 2026, 16:00:00Z is 2027 Q1 (not due) */
  int64_t q4 = contact_remind_due(ct_ctx.db, ct_time("2026-12-31T15:59:59Z"));
  cr_expect_gt(q4, q3);
  ct_job_committees(q4, &year, &quarter, NULL);
  cr_expect(year == 2026 && quarter == 4, "got %d Q%d", year, quarter);
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-12-31T16:00:00Z")), 0,
               "2027 Q1 has 90 days to go");
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2027-03-17T23:59:59+08:00")), 0,
               "2027 Q1, 14 d + 1 s before");
  int64_t q1 = contact_remind_due(ct_ctx.db, ct_time("2027-03-18T00:00:00+08:00"));
  cr_expect_gt(q1, q4);
  ct_job_committees(q1, &year, &quarter, NULL);
  cr_expect(year == 2027 && quarter == 1, "got %d Q%d", year, quarter);
}

Test(contact, remind_days_per_committee) {
  /* the sibling county never; the county a week before; the others 14 days */
  cr_assert(ct_settings(ct_county_b, "{\"remind_days\": 0}"), "%s",
            ct_ctx.err.zh ? ct_ctx.err.zh : "");
  cr_assert(ct_settings(ct_county, "{\"remind_days\": 7}"));
  int64_t j1 = contact_remind_due(ct_ctx.db, ct_time("2026-06-17T00:00:00+08:00"));
  cr_assert_gt(j1, 0);
  cr_expect_str_eq(ct_job_committees(j1, NULL, NULL, NULL), ct_ids(2, ct_root, ct_city));
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-06-23T23:59:59+08:00")), 0,
               "the county: 7 d + 1 s");
  int64_t j2 = contact_remind_due(ct_ctx.db, ct_time("2026-06-24T00:00:00+08:00"));
  cr_assert_gt(j2, j1);
  cr_expect_str_eq(ct_job_committees(j2, NULL, NULL, NULL), ct_ids(1, ct_county));
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-06-30T23:59:59+08:00")), 0,
               "never for the sibling");
  cr_expect_eq(db_int(ct_ctx.db, -1,
                      "SELECT COUNT(*) FROM compliance_reminder_runs WHERE committee_id = ?", "i",
                      ct_county_b),
               0);
  cr_expect_eq(db_int(ct_ctx.db, -1, "SELECT COUNT(*) FROM jobs", ""), 2);
}

Test(contact, remind_days_zero_inherited) {
  /* the installation says never: nothing is due anywhere */
  db_exec(ct_ctx.db,
          "INSERT INTO settings (committee_id, key, value) VALUES (0, 'contact.remind_days', '0')",
          "");
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-06-25T00:00:00+08:00")), 0);
  /* the national committee says 14 again, the city (inherited by its counties) never */
  cr_assert(ct_settings(ct_root, "{\"remind_days\": 14}"));
  cr_assert(ct_settings(ct_city, "{\"remind_days\": 0}"));
  int64_t j = contact_remind_due(ct_ctx.db, ct_time("2026-06-25T00:00:00+08:00"));
  cr_assert_gt(j, 0);
  cr_expect_str_eq(ct_job_committees(j, NULL, NULL, NULL), ct_ids(1, ct_root));
  cr_expect_eq(db_int(ct_ctx.db, -1, "SELECT COUNT(*) FROM compliance_reminder_runs", ""), 1);
}

static int64_t ct_user(int64_t member, const char *username, int disabled) {
  return db_int(ct_ctx.db, 0,
                "INSERT INTO users (username, role, committee_id, member_id, disabled, created_at, "
                "updated_at)"
                " VALUES (?, 'member', (SELECT committee_id FROM members WHERE id = ?), ?, ?, 0, "
                "0) RETURNING id",
                "tiii", username, member, member, (int64_t)disabled);
}

/* Runs the next queued job; returns its JSON (caller decrefs). */
static json_t *ct_run_job(const struct job_env *env, int64_t job) {
  cr_assert(job_run_next(ct_ctx.db, env), "a job ran");
  json_t *j = job_json(ct_ctx.db, job);
  cr_assert_not_null(j);
  cr_expect_str_eq(json_string_value(json_object_get(j, "status")), "done", "job %lld: %s",
                   (long long)job, json_string_value(json_object_get(j, "error")));
  return j;
}

static void ct_expect_tally(json_t *job, int64_t shortfall, int64_t notified, int64_t already,
                            int64_t without, const char *why) {
  json_t *r = json_object_get(job, "result");
  cr_assert(json_is_object(r), "%s: a JSON result", why);
  cr_expect_eq(json_integer_value(json_object_get(r, "short")), shortfall, "%s: short", why);
  cr_expect_eq(json_integer_value(json_object_get(r, "notified")), notified, "%s: notified", why);
  cr_expect_eq(json_integer_value(json_object_get(r, "already")), already, "%s: already", why);
  cr_expect_eq(json_integer_value(json_object_get(r, "without_account")), without,
               "%s: without_account", why);
}

static int64_t ct_notes(int64_t user) {
  return db_int(
      ct_ctx.db, -1,
      "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'compliance_reminder'", "i",
      user);
}

Test(contact, remind_job_notifies_the_short_once) {
  job_kinds_add(contact_job_kinds);
  unsigned char secret[32];
  memset(secret, 7, sizeof secret);
  struct job_env env = {.secret = secret};
  /* the county: A short with an account, B short without, C on track with an account, D short
  ** with a disabled account, E resigned (not judged), G behind the pro-rated 20 with two
  ** accounts; the sibling county: F short with an account */
  int64_t a = ct_member(ct_county, "甲"), b = ct_member(ct_county, "乙"),
          c = ct_member(ct_county, "丙");
  int64_t d = ct_member(ct_county, "丁"), e = ct_member(ct_county, "戊"),
          g = ct_member(ct_county, "庚");
  int64_t f = ct_member(ct_county_b, "己");
  int64_t ua = ct_user(a, "u_a", 0), uc = ct_user(c, "u_c", 0), ud = ct_user(d, "u_d", 1),
          ue = ct_user(e, "u_e", 0);
  int64_t uf = ct_user(f, "u_f", 0), ug1 = ct_user(g, "u_g1", 0), ug2 = ct_user(g, "u_g2", 0);
  cr_assert(ua && uc && ud && ue && uf && ug1 && ug2);
  db_exec(ct_ctx.db, "UPDATE members SET status = 'resigned' WHERE id = ?", "i", e);
  int64_t x = ct_activity(ct_county, "2026-05-12T10:00:00+08:00", 40, "done");
  ct_attend(x, c, "present");
  ct_attend(x, a, "excused");
  ct_attend(ct_activity(ct_county, "2026-05-13T10:00:00+08:00", 19, "done"), g, "present");
  int64_t job = contact_remind_due(ct_ctx.db, ct_time("2026-06-17T00:00:00+08:00"));
  cr_assert_gt(job, 0);
  json_t *j = ct_run_job(&env, job);
  ct_expect_tally(j, 5, 3, 0, 2,
                  "first run: A, B, D, F, G short; A, F, G reminded; B, D without account");
  json_decref(j);
  cr_expect_not(job_run_next(ct_ctx.db, &env), "nothing else queued");
  cr_expect_eq(ct_notes(ua), 1);
  cr_expect_eq(ct_notes(uf), 1);
  cr_expect_eq(ct_notes(ug1), 1, "each account of G");
  cr_expect_eq(ct_notes(ug2), 1, "each account of G");
  cr_expect_eq(ct_notes(uc), 0, "C meets the quota");
  cr_expect_eq(ct_notes(ud), 0, "a disabled account");
  cr_expect_eq(ct_notes(ue), 0, "a resigned member");
  cr_expect_eq(db_int(ct_ctx.db, -1, "SELECT COUNT(*) FROM notifications", ""), 4);
  cr_expect_eq(db_int(ct_ctx.db, -1,
                      "SELECT COUNT(*) FROM compliance_reminders WHERE year = 2026 AND quarter = 2",
                      ""),
               3);
  cr_expect_eq(db_int(ct_ctx.db, -1,
                      "SELECT COUNT(*) FROM compliance_reminders WHERE member_id IN (?, ?, ?)",
                      "iii", a, f, g),
               3);
  cr_expect_eq(db_int(ct_ctx.db, -1,
                      "SELECT COUNT(*) FROM compliance_reminders WHERE member_id IN (?, ?)", "ii",
                      b, d),
               0, "no reminder recorded for members without an account");
  /* the text names what falls short: G its quarter done, behind the pace of the year's 40 */
  struct db_stmt *st = db_query(
      ct_ctx.db, "SELECT title, body, link FROM notifications WHERE user_id = ?", "i", ug1);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), "履职提醒：联系群众进度落后");
  cr_expect(strstr(db_col_text(st, 1), "2026年您已联系群众 19 人次") != NULL, "%s",
            db_col_text(st, 1));
  cr_expect(strstr(db_col_text(st, 1), "到2026-06-30应达 20 人次") != NULL, "%s",
            db_col_text(st, 1));
  cr_expect(strstr(db_col_text(st, 1), "参加履职活动") == NULL, "its quarter is done: %s",
            db_col_text(st, 1));
  cr_expect_str_eq(db_col_text(st, 2), "/m/compliance");
  db_done(st);
  /* A: the quarter's activity missing (and the people with it) */
  st = db_query(ct_ctx.db, "SELECT title, body FROM notifications WHERE user_id = ?", "i", ua);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), "履职提醒：本季度履职要求尚未完成");
  cr_expect(strstr(db_col_text(st, 1), "2026年第2季度（截至2026-06-30）您参加履职活动 0 次") !=
                NULL,
            "%s", db_col_text(st, 1));
  db_done(st);
  /* not due again; a second automatic run (another node's, say) sends nothing */
  cr_expect_eq(contact_remind_due(ct_ctx.db, ct_time("2026-06-20T00:00:00+08:00")), 0);
  json_t *params = json_pack("{s:[I,I,I,I],s:i,s:i,s:b}", "committee_ids", (json_int_t)ct_root,
                             (json_int_t)ct_city, (json_int_t)ct_county, (json_int_t)ct_county_b,
                             "year", 2026, "quarter", 2, "auto", 1);
  int64_t again = job_enqueue(ct_ctx.db, "compliance_remind", params, NULL, 0, 0, 0);
  json_decref(params);
  cr_assert_gt(again, 0);
  j = ct_run_job(&env, again);
  ct_expect_tally(j, 5, 0, 3, 2, "second automatic run");
  json_decref(j);
  cr_expect_eq(db_int(ct_ctx.db, -1, "SELECT COUNT(*) FROM notifications", ""), 4, "nothing new");
  /* staff for the county subtree within a day: already; a day later: again */
  params =
      json_pack("{s:I,s:i,s:i}", "committee_id", (json_int_t)ct_county, "year", 2026, "quarter", 2);
  int64_t staff = job_enqueue(ct_ctx.db, "compliance_remind", params, NULL, 0, 0, 0);
  j = ct_run_job(&env, staff);
  ct_expect_tally(j, 4, 0, 2, 2, "staff within a day: A, G already; B, D without account");
  json_decref(j);
  db_exec(ct_ctx.db,
          "UPDATE compliance_reminders SET sent_at = sent_at - 86400 WHERE member_id = ?", "i", a);
  staff = job_enqueue(ct_ctx.db, "compliance_remind", params, NULL, 0, 0, 0);
  json_decref(params);
  j = ct_run_job(&env, staff);
  ct_expect_tally(j, 4, 1, 1, 2, "staff a day after A's reminder");
  json_decref(j);
  cr_expect_eq(ct_notes(ua), 2);
  cr_expect_eq(ct_notes(ug1), 1);
  cr_expect_eq(db_int(ct_ctx.db, -1, "SELECT COUNT(*) FROM compliance_reminders", ""), 3,
               "A's row updated, not added");
  /* an automatic run never reminds twice in a quarter, however long ago the reminder was */
  db_exec(ct_ctx.db, "UPDATE compliance_reminders SET sent_at = sent_at - 30 * 86400", "");
  params = json_pack("{s:[I,I,I,I],s:i,s:i,s:b}", "committee_ids", (json_int_t)ct_root,
                     (json_int_t)ct_city, (json_int_t)ct_county, (json_int_t)ct_county_b, "year",
                     2026, "quarter", 2, "auto", 1);
  again = job_enqueue(ct_ctx.db, "compliance_remind", params, NULL, 0, 0, 0);
  json_decref(params);
  j = ct_run_job(&env, again);
  ct_expect_tally(j, 5, 0, 3, 2, "automatic run 30 days after the reminders");
  json_decref(j);
  cr_expect_eq(ct_notes(ua), 2);
  cr_expect_eq(ct_notes(uf), 1);
}

Test(contact, remind_job_own_members_only) {
  /* the county never reminds automatically: the run of the other committees leaves its members
   * alone */
  job_kinds_add(contact_job_kinds);
  unsigned char secret[32];
  memset(secret, 7, sizeof secret);
  struct job_env env = {.secret = secret};
  int64_t a = ct_member(ct_county, "甲"), f = ct_member(ct_county_b, "己"),
          h = ct_member(ct_city, "市委员");
  int64_t ua = ct_user(a, "u_a", 0), uf = ct_user(f, "u_f", 0), uh = ct_user(h, "u_h", 0);
  cr_assert(ct_settings(ct_county, "{\"remind_days\": 0}"));
  int64_t job = contact_remind_due(ct_ctx.db, ct_time("2026-06-17T00:00:00+08:00"));
  cr_assert_gt(job, 0);
  cr_expect_str_eq(ct_job_committees(job, NULL, NULL, NULL),
                   ct_ids(3, ct_root, ct_city, ct_county_b));
  json_t *j = ct_run_job(&env, job);
  ct_expect_tally(j, 2, 2, 0, 0, "the city's member and the sibling's, not the county's");
  json_decref(j);
  cr_expect_eq(ct_notes(ua), 0);
  cr_expect_eq(ct_notes(uf), 1);
  cr_expect_eq(ct_notes(uh), 1,
               "once, though the national and city runs both cover the city's subtree");
}

/* ---- roll-ups (contact_rollup.c) ----------------------------------------------------------- */

/* The row of rollup r for committee id with scope, or NULL. */
static json_t *ct_row(json_t *r, int64_t id, const char *scope) {
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(r, "rows"), i, row) {
    if (json_integer_value(json_object_get(row, "committee_id")) == id &&
        !strcmp(json_string_value(json_object_get(row, "scope")), scope))
      return row;
  }
  cr_assert_fail("no %s row for committee %lld", scope, (long long)id);
  return NULL;
}

static int64_t ct_n(json_t *row, const char *key) {
  json_t *v = json_object_get(row, key);
  cr_assert(json_is_integer(v), "%s is not an integer", key);
  return json_integer_value(v);
}

/* The figures of a row, in the order of the struct below. */
struct ct_fig {
  int64_t members, active, met, activities, participations, people, req_total, req_solved, stations,
      stations_cert, studios, studios_cert, receptions;
};

static void ct_expect_row(json_t *row, struct ct_fig f, const char *what) {
  cr_expect_eq(ct_n(row, "members"), f.members, "%s: members %lld, want %lld", what,
               (long long)ct_n(row, "members"), (long long)f.members);
  cr_expect_eq(ct_n(row, "members_active"), f.active, "%s: members_active %lld, want %lld", what,
               (long long)ct_n(row, "members_active"), (long long)f.active);
  cr_expect_eq(ct_n(row, "members_met"), f.met, "%s: members_met %lld, want %lld", what,
               (long long)ct_n(row, "members_met"), (long long)f.met);
  cr_expect_eq(ct_n(row, "activities"), f.activities, "%s: activities %lld, want %lld", what,
               (long long)ct_n(row, "activities"), (long long)f.activities);
  cr_expect_eq(ct_n(row, "participations"), f.participations, "%s: participations %lld, want %lld",
               what, (long long)ct_n(row, "participations"), (long long)f.participations);
  cr_expect_eq(ct_n(row, "people_reached"), f.people, "%s: people_reached %lld, want %lld", what,
               (long long)ct_n(row, "people_reached"), (long long)f.people);
  cr_expect_eq(ct_n(row, "requests_total"), f.req_total, "%s: requests_total %lld, want %lld", what,
               (long long)ct_n(row, "requests_total"), (long long)f.req_total);
  cr_expect_eq(ct_n(row, "requests_solved"), f.req_solved, "%s: requests_solved %lld, want %lld",
               what, (long long)ct_n(row, "requests_solved"), (long long)f.req_solved);
  cr_expect_eq(ct_n(row, "stations"), f.stations, "%s: stations %lld, want %lld", what,
               (long long)ct_n(row, "stations"), (long long)f.stations);
  cr_expect_eq(ct_n(row, "stations_certified"), f.stations_cert,
               "%s: stations_certified %lld, want %lld", what,
               (long long)ct_n(row, "stations_certified"), (long long)f.stations_cert);
  cr_expect_eq(ct_n(row, "studios"), f.studios, "%s: studios %lld, want %lld", what,
               (long long)ct_n(row, "studios"), (long long)f.studios);
  cr_expect_eq(ct_n(row, "studios_certified"), f.studios_cert,
               "%s: studios_certified %lld, want %lld", what,
               (long long)ct_n(row, "studios_certified"), (long long)f.studios_cert);
  cr_expect_eq(ct_n(row, "reception_days"), f.receptions, "%s: reception_days %lld, want %lld",
               what, (long long)ct_n(row, "reception_days"), (long long)f.receptions);
}

/* "education:1 health:2" for the categories with a count. */
static const char *ct_cats(json_t *row) {
  static char out[256];
  static const char *const cats[] = {"education", "employment", "health", "elderly_care",
                                     "housing",   "transport",  "other"};
  json_t *o = json_object_get(row, "requests_solved_by_category");
  cr_assert(json_is_object(o));
  cr_expect_eq(json_object_size(o), 7, "every category, zeros too");
  size_t len = 0;
  out[0] = 0;
  for (int i = 0; i < 7; i++) {
    int64_t n = json_integer_value(json_object_get(o, cats[i]));
    if (n)
      len += (size_t)snprintf(out + len, sizeof out - len, "%s%s:%lld", len ? " " : "", cats[i],
                              (long long)n);
  }
  return out;
}

static void ct_expect_sum(json_t *r, const char *key, const char *what) {
  size_t i;
  json_t *row;
  int64_t total = 0, parts = 0;
  json_array_foreach(json_object_get(r, "rows"), i, row) {
    const char *scope = json_string_value(json_object_get(row, "scope"));
    if (!strcmp(scope, "total"))
      total = ct_n(row, key);
    else
      parts += ct_n(row, key);
  }
  cr_expect_eq(total, parts, "%s: total %s = own + children", what, key);
}

static int64_t ct_request(int64_t committee, const char *category, const char *status,
                          const char *created, const char *accepted, const char *closed) {
  return db_int(ct_ctx.db, 0,
                "INSERT INTO requests (committee_id, category, title, status, created_at, "
                "updated_at, accepted_at,"
                " closed_at) VALUES (?, ?, '诉求', ?, ?, ?, ?, ?) RETURNING id",
                "ittiiII", committee, category, status, ct_time(created), ct_time(created),
                accepted ? ct_time(accepted) : 0, closed ? ct_time(closed) : 0);
}

static int64_t ct_station(int64_t committee, const char *kind, const char *name, const char *cert) {
  return db_int(
      ct_ctx.db, 0,
      "INSERT INTO stations (committee_id, kind, name, cert_status, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, 0, 0) RETURNING id",
      "itt"
      "t",
      committee, kind, name, cert);
}

static void ct_reception(int64_t station, int64_t committee, const char *date) {
  cr_assert_eq(
      db_exec(ct_ctx.db,
              "INSERT INTO reception_days (station_id, committee_id, date, created_at, updated_at)"
              " VALUES (?, ?, ?, 0, 0)",
              "iit", station, committee, date),
      DB_DONE);
}

static int64_t ct_act_kind(int64_t committee, const char *kind, const char *starts, int people,
                           const char *status) {
  return ct_create(&contact_activity_entity,
                   "{\"title\":\"活动\",\"kind\":\"%s\",\"committee_id\":%lld,\"starts_at\":\"%s\","
                   "\"people_reached\":%d,\"status\":\"%s\"}",
                   kind, (long long)committee, starts, people, status);
}

/* The hand-made set: the city (own) with two counties; see the sums worked out in the tests. */
static void ct_rollup_data(void) {
  /* settings: the city asks no activity a quarter (inherited by the sibling county), the
  ** county asks two; everyone 40 people a year */
  cr_assert(ct_settings(ct_city, "{\"quarter_min_activities\": 0}"));
  cr_assert(ct_settings(ct_county, "{\"quarter_min_activities\": 2}"));
  int64_t mc = ct_member(ct_city, "市委员");
  int64_t m1 = ct_member(ct_county, "县一"), m2 = ct_member(ct_county, "县二"),
          m3 = ct_member(ct_county, "县三");
  int64_t m4 = ct_member(ct_county, "县四辞职");
  int64_t n1 = ct_member(ct_county_b, "七一"), n2 = ct_member(ct_county_b, "七二");
  int64_t a;
  /* the county, Q2: A1 visit 30 people (m1, m2, m4 present, m3 excused), A2 research 15 (m1),
  ** A3 visit 5 at the quarter's last second (m3) */
  a = ct_act_kind(ct_county, "visit", "2026-04-10T10:00:00+08:00", 30, "done");
  ct_attend(a, m1, "present");
  ct_attend(a, m2, "present");
  ct_attend(a, m4, "present");
  ct_attend(a, m3, "excused");
  ct_attend(ct_act_kind(ct_county, "research", "2026-05-20T10:00:00+08:00", 15, "done"), m1,
            "present");
  ct_attend(ct_act_kind(ct_county, "visit", "2026-06-30T23:59:59+08:00", 5, "done"), m3, "present");
  db_exec(ct_ctx.db, "UPDATE members SET status = 'resigned' WHERE id = ?", "i", m4); /* after A1 */
  /* the county, not in Q2: Q3's first second (m1, 100 people); planned and cancelled in Q2 */
  ct_attend(ct_act_kind(ct_county, "visit", "2026-06-30T16:00:00Z", 100, "done"), m1, "present");
  ct_attend(ct_act_kind(ct_county, "visit", "2026-05-01T10:00:00+08:00", 50, "planned"), m2,
            "present");
  ct_attend(ct_act_kind(ct_county, "visit", "2026-05-02T10:00:00+08:00", 50, "cancelled"), m2,
            "present");
  /* the city, Q2: A7 lecture 20 people, the city's member and the county's m2 present */
  a = ct_act_kind(ct_city, "lecture", "2026-04-15T10:00:00+08:00", 20, "done");
  ct_attend(a, mc, "present");
  ct_attend(a, m2, "present");
  /* the sibling county: Q1's last second, 40 people (n1); Q2 2 people (n1 excused); 2025's
  ** last second, 1000 people (n2) */
  ct_attend(ct_act_kind(ct_county_b, "visit", "2026-03-31T23:59:59+08:00", 40, "done"), n1,
            "present");
  ct_attend(ct_act_kind(ct_county_b, "visit", "2026-05-05T10:00:00+08:00", 2, "done"), n1,
            "excused");
  ct_attend(ct_act_kind(ct_county_b, "visit", "2025-12-31T23:59:59+08:00", 1000, "done"), n2,
            "present");
  /* requests */
  ct_request(ct_county, "education", "resolved", "2026-04-02T10:00:00+08:00",
             "2026-04-02T10:00:00+08:00", "2026-04-04T10:00:00+08:00"); /* R1: 2 days */
  ct_request(
      ct_county, "health", "resolved", "2026-03-20T10:00:00+08:00", "2026-03-21T10:00:00+08:00",
      "2026-04-04T10:00:00+08:00"); /* R2: 14 days from its acceptance (15 from its recording) */
  ct_request(ct_county, "health", "resolved", "2026-05-01T10:00:00+08:00",
             "2026-05-01T10:00:00+08:00", "2026-07-01T00:00:00+08:00"); /* R3: closed Q3 */
  ct_request(ct_county, "education", "in_progress", "2026-06-01T10:00:00+08:00",
             "2026-06-01T10:00:00+08:00", NULL); /* R6 */
  ct_request(ct_county_b, "housing", "transferred", "2026-05-01T10:00:00+08:00",
             "2026-05-01T10:00:00+08:00", "2026-05-02T10:00:00+08:00"); /* R4 */
  ct_request(ct_city, "other", "resolved", "2026-06-29T23:59:59+08:00", NULL,
             "2026-06-30T23:59:59+08:00"); /* R5: 1 day */
  ct_request(ct_county, "employment", "accepted", "2026-06-30T16:00:00Z", NULL,
             NULL); /* R7: Q3's first second */
  /* stations and studios as they stand; reception days at the county's station */
  int64_t s = ct_station(ct_county, "station", "县站一", "certified");
  ct_station(ct_county, "station", "县站二", "none");
  ct_station(ct_county, "studio", "县工作室", "certified");
  ct_station(ct_county_b, "studio", "七里河工作室", "revoked");
  ct_station(ct_city, "station", "市站", "certified");
  ct_reception(s, ct_county, "2026-03-31");
  ct_reception(s, ct_county, "2026-04-01");
  ct_reception(s, ct_county, "2026-06-30");
  ct_reception(s, ct_county, "2026-07-01");
}

Test(contact, rollup_quarter_level_by_level) {
  ct_rollup_data();
  ct_reset();
  json_t *r = contact_rollup(&ct_ctx, ct_city, 2026, 2);
  cr_assert_not_null(r, "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
  cr_expect_eq(json_integer_value(json_object_get(r, "committee_id")), ct_city);
  cr_expect_str_eq(json_string_value(json_object_get(r, "committee_name")), "兰州市政协");
  cr_expect_eq(json_integer_value(json_object_get(r, "quarter")), 2);
  cr_expect_str_eq(json_string_value(json_object_get(r, "from")), "2026-04-01T00:00:00+08:00");
  cr_expect_str_eq(json_string_value(json_object_get(r, "to")), "2026-07-01T00:00:00+08:00");
  json_t *rows = json_object_get(r, "rows");
  cr_assert_eq(json_array_size(rows), 4, "total, own, two counties");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "scope")), "total");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(rows, 1), "scope")), "own");
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(rows, 1), "committee_id")),
               ct_city);
  json_t *total = ct_row(r, ct_city, "total"), *own = ct_row(r, ct_city, "own");
  json_t *county = ct_row(r, ct_county, "child"), *sib = ct_row(r, ct_county_b, "child");
  cr_expect_str_eq(json_string_value(json_object_get(county, "name")), "城关区政协");
  cr_expect_str_eq(json_string_value(json_object_get(county, "level")), "county");
  /* the county: members m1..m3 (m4 resigned); activities A1, A2, A3 (50 people), present 3 + 1 + 1
  ** (m4 present at A1 still took part); active m1 (A1, A2), m2 (A1, the city's A7), m3 (A3);
  ** met with two asked: m1, m2; requests recorded R1, R3, R6; solved R1 (education), R2 (health);
  ** stations 2 (1 certified), studio 1 (certified); reception days 1 April and 30 June */
  ct_expect_row(county, (struct ct_fig){3, 3, 2, 3, 5, 50, 3, 2, 2, 1, 1, 1, 2}, "county Q2");
  cr_expect_str_eq(ct_cats(county), "education:1 health:1");
  cr_expect(fabs(json_real_value(json_object_get(county, "requests_avg_days")) - 8.0) < 1e-9,
            "(2 + 14) / 2 days");
  /* the city's own: its member (met: none asked), A7 (20 people, 2 present), R5 recorded and
  ** solved (other, 1 day), its station */
  ct_expect_row(own, (struct ct_fig){1, 1, 1, 1, 2, 20, 1, 1, 1, 1, 0, 0, 0}, "city own Q2");
  cr_expect_str_eq(ct_cats(own), "other:1");
  cr_expect(fabs(json_real_value(json_object_get(own, "requests_avg_days")) - 1.0) < 1e-9);
  /* the sibling: n1, n2; A9 done (2 people) but n1 excused: an activity, no participation; none
  ** active; none asked a quarter: both met (n1 with its Q1 row, n2 without any); R4 recorded
  ** (transferred: not solved); a revoked studio */
  ct_expect_row(sib, (struct ct_fig){2, 0, 2, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0}, "sibling Q2");
  cr_expect_str_eq(ct_cats(sib), "");
  cr_expect(json_is_null(json_object_get(sib, "requests_avg_days")), "nothing solved");
  ct_expect_row(total, (struct ct_fig){6, 4, 5, 5, 7, 72, 5, 3, 3, 2, 2, 1, 2}, "total Q2");
  cr_expect_str_eq(ct_cats(total), "education:1 health:1 other:1");
  cr_expect(fabs(json_real_value(json_object_get(total, "requests_avg_days")) - 17.0 / 3.0) < 1e-9);
  static const char *const keys[] = {
      "members",        "members_active",    "members_met",     "activities", "participations",
      "people_reached", "requests_total",    "requests_solved", "stations",   "stations_certified",
      "studios",        "studios_certified", "reception_days"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) ct_expect_sum(r, keys[i], "Q2");
  json_t *k = json_object_get(r, "activities_by_kind");
  cr_expect_eq(json_integer_value(json_object_get(k, "visit")), 3, "A1, A3, A9");
  cr_expect_eq(json_integer_value(json_object_get(k, "research")), 1);
  cr_expect_eq(json_integer_value(json_object_get(k, "lecture")), 1);
  cr_expect_eq(json_integer_value(json_object_get(k, "consultation")), 0);
  cr_expect_eq(json_object_size(k), 9, "every kind");
  /* as XLSX */
  struct buf x = {0};
  ct_reset();
  cr_expect(contact_rollup_xlsx(&ct_ctx, r, &x), "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
  cr_expect_gt(x.len, 100);
  cr_expect(x.len >= 2 && x.data[0] == 'P' && x.data[1] == 'K', "a zip file");
  buf_free(&x);
  json_decref(r);
}

Test(contact, rollup_year_and_empty_quarters) {
  ct_rollup_data();
  ct_reset();
  json_t *r = contact_rollup(&ct_ctx, ct_city, 2026, 0);
  cr_assert_not_null(r, "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
  cr_expect_str_eq(json_string_value(json_object_get(r, "from")), "2026-01-01T00:00:00+08:00");
  cr_expect_str_eq(json_string_value(json_object_get(r, "to")), "2027-01-01T00:00:00+08:00");
  /* the county: A1, A2, A3, the Q3 one (150 people, 6 present); active m1, m2, m3; met the year:
  ** none (two asked each quarter, none in Q1); recorded R1, R2, R3, R6, R7; solved R1, R2, R3;
  ** reception days all four */
  json_t *county = ct_row(r, ct_county, "child");
  ct_expect_row(county, (struct ct_fig){3, 3, 0, 4, 6, 150, 5, 3, 2, 1, 1, 1, 4}, "county 2026");
  cr_expect_str_eq(ct_cats(county), "education:1 health:2");
  /* the city: its member reached 20 people, short of 40 */
  json_t *own = ct_row(r, ct_city, "own");
  ct_expect_row(own, (struct ct_fig){1, 1, 0, 1, 2, 20, 1, 1, 1, 1, 0, 0, 0}, "city own 2026");
  /* the sibling: A8 (40, n1 present) and A9 (2); n1 met (none asked a quarter, the 40th person);
  ** n2's 1000 people were in 2025 */
  json_t *sib = ct_row(r, ct_county_b, "child");
  ct_expect_row(sib, (struct ct_fig){2, 1, 1, 2, 1, 42, 1, 0, 0, 0, 1, 0, 0}, "sibling 2026");
  json_t *total = ct_row(r, ct_city, "total");
  ct_expect_row(total, (struct ct_fig){6, 5, 1, 7, 9, 212, 7, 4, 3, 2, 2, 1, 4}, "total 2026");
  cr_expect_str_eq(ct_cats(total), "education:1 health:2 other:1");
  json_decref(r);
  /* the third quarter: the Q3 activity, R7 recorded, R3 solved, the 1 July reception day */
  ct_reset();
  r = contact_rollup(&ct_ctx, ct_city, 2026, 3);
  cr_assert_not_null(r);
  county = ct_row(r, ct_county, "child");
  ct_expect_row(county, (struct ct_fig){3, 1, 0, 1, 1, 100, 1, 1, 2, 1, 1, 1, 1}, "county Q3");
  cr_expect_str_eq(ct_cats(county), "health:1");
  json_decref(r);
  /* quarters without data: zeros, but for what stands (members, stations; met when none is asked)
   */
  static const int periods[][2] = {{2025, 3}, {2027, 1}, {2099, 4}, {2000, 1}};
  for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
    ct_reset();
    r = contact_rollup(&ct_ctx, ct_city, periods[i][0], periods[i][1]);
    cr_assert_not_null(r);
    char what[32];
    snprintf(what, sizeof what, "%d Q%d", periods[i][0], periods[i][1]);
    ct_expect_row(ct_row(r, ct_city, "total"),
                  (struct ct_fig){6, 0, 3, 0, 0, 0, 0, 0, 3, 2, 2, 1, 0}, what);
    ct_expect_row(ct_row(r, ct_county, "child"),
                  (struct ct_fig){3, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1, 1, 0}, what);
    cr_expect_str_eq(ct_cats(ct_row(r, ct_city, "total")), "", "%s", what);
    cr_expect(json_is_null(json_object_get(ct_row(r, ct_city, "total"), "requests_avg_days")), "%s",
              what);
    cr_expect_eq(
        json_integer_value(json_object_get(json_object_get(r, "activities_by_kind"), "visit")), 0,
        "%s", what);
    json_decref(r);
  }
  /* 2025 Q4 holds only n2's 1000 people */
  ct_reset();
  r = contact_rollup(&ct_ctx, ct_city, 2025, 4);
  cr_assert_not_null(r);
  ct_expect_row(ct_row(r, ct_county_b, "child"),
                (struct ct_fig){2, 1, 2, 1, 1, 1000, 0, 0, 0, 0, 1, 0, 0}, "2025 Q4");
  json_decref(r);
}

Test(contact, rollup_children_hold_all_below) {
  ct_rollup_data();
  ct_reset();
  json_t *r = contact_rollup(&ct_ctx, ct_root, 2026, 2);
  cr_assert_not_null(r, "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
  cr_assert_eq(json_array_size(json_object_get(r, "rows")), 3, "total, own, the city");
  ct_expect_row(ct_row(r, ct_root, "own"), (struct ct_fig){0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                "national own");
  /* the city with both counties below it: the city total of the Q2 test */
  struct ct_fig all = {6, 4, 5, 5, 7, 72, 5, 3, 3, 2, 2, 1, 2};
  ct_expect_row(ct_row(r, ct_city, "child"), all, "the city as a child");
  ct_expect_row(ct_row(r, ct_root, "total"), all, "national total");
  json_decref(r);
  /* a county alone: total = own, no children */
  ct_reset();
  r = contact_rollup(&ct_ctx, ct_county, 2026, 2);
  cr_assert_not_null(r);
  cr_assert_eq(json_array_size(json_object_get(r, "rows")), 2);
  struct ct_fig c = {3, 3, 2, 3, 5, 50, 3, 2, 2, 1, 1, 1, 2};
  ct_expect_row(ct_row(r, ct_county, "total"), c, "county total");
  ct_expect_row(ct_row(r, ct_county, "own"), c, "county own");
  json_decref(r);
}

Test(contact, rollup_refusals) {
  static const int bad[][2] = {{2026, 5}, {2026, -1}, {1999, 1}, {2100, 0}};
  static const char *const field[] = {"quarter", "quarter", "year", "year"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ct_reset();
    cr_expect_null(contact_rollup(&ct_ctx, ct_city, bad[i][0], bad[i][1]), "%d Q%d", bad[i][0],
                   bad[i][1]);
    cr_expect_eq(ct_ctx.err.status, 422, "%d Q%d", bad[i][0], bad[i][1]);
    cr_expect_str_eq(ct_ctx.err.field ? ct_ctx.err.field : "", field[i], "%d Q%d", bad[i][0],
                     bad[i][1]);
  }
  ct_reset();
  cr_expect_null(contact_rollup(&ct_ctx, 999999, 2026, 1));
  cr_expect_eq(ct_ctx.err.status, 422);
  struct user other = {.id = 7,
                       .username = "qilihe",
                       .role = ROLE_SECRETARIAT,
                       .committee_id = ct_county_b,
                       .committee_path = committee_path_of(&ct_ctx, ct_county_b)};
  ct_ctx.user = &other;
  ct_reset();
  cr_expect_null(contact_rollup(&ct_ctx, ct_city, 2026, 1), "the city is above the caller");
  cr_expect_eq(ct_ctx.err.status, 403);
  ct_ctx.user = NULL;
}

Test(contact, calendar_at_most_2000) {
  /* 2,001 activities in one day (inserted directly; the 2nd to the 11th at the same unit) */
  int64_t u = ct_place(ct_county, "东岗村", "东岗镇");
  int64_t t0 = ct_time("2026-05-12T08:00:00+08:00");
  cr_assert_eq(
      db_exec(ct_ctx.db,
              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2001)"
              " INSERT INTO activities (committee_id, kind, title, grassroots_unit_id, starts_at,"
              " status, created_at, updated_at) SELECT ?, 'visit', 'x' || i, CASE WHEN i BETWEEN 2 "
              "AND 11 THEN ? END,"
              " ? + i, 'planned', 0, 0 FROM n",
              "iii", ct_county, u, t0),
      DB_DONE);
  ct_reset();
  json_t *cal = contact_calendar(&ct_ctx, ct_county, t0, t0 + 86400);
  cr_assert_not_null(cal);
  cr_expect(json_is_true(json_object_get(cal, "truncated")));
  cr_expect_eq(json_array_size(json_object_get(cal, "items")), 2000);
  json_decref(cal);
  ct_reset();
  cal = contact_calendar(&ct_ctx, ct_county, t0 + 2, t0 + 86400); /* the first one left out */
  cr_assert_not_null(cal);
  cr_expect(json_is_false(json_object_get(cal, "truncated")));
  json_t *items = json_object_get(cal, "items");
  cr_expect_eq(json_array_size(items), 2000);
  cr_expect_eq(json_array_size(json_object_get(json_array_get(items, 0), "clash_ids")), 9,
               "same unit, same week");
  json_decref(cal);
}

Test(contact, clash_same_township_behind_many_unrelated) {
  /* 城关镇 is a common name: a busy week of the sibling county's 城关镇 (200 activities, before
  ** ours) must not hide the clash with our own county's 城关镇 */
  int64_t u1 = ct_place(ct_county, "城关一村", "城关镇"),
          u2 = ct_place(ct_county, "城关二村", "城关镇");
  int64_t ub = ct_place(ct_county_b, "七里河城关村", "城关镇");
  int64_t t0 = ct_time("2026-05-11T08:00:00+08:00");
  cr_assert_eq(
      db_exec(ct_ctx.db,
              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
              " INSERT INTO activities (committee_id, kind, title, grassroots_unit_id, starts_at,"
              " status, created_at, updated_at) SELECT ?, 'visit', 'x' || i, ?, ? + i * 60, "
              "'planned', 0, 0"
              " FROM n",
              "iii", ct_county_b, ub, t0),
      DB_DONE);
  int64_t ours = ct_act(ct_county, u2, "我们的", "2026-05-15T09:00:00+08:00", NULL, "planned");
  json_t *l = ct_probe(0, u1, "2026-05-16T09:00:00+08:00", NULL, NULL, 0);
  cr_expect_eq(ct_count(l, "same_township", ours), 1, "the county's 城关镇 activity: %s",
               ct_show(l));
  cr_expect_eq(json_array_size(l), 1, "%s", ct_show(l));
  json_decref(l);
}

Test(contact, calendar_member_sees_its_own) {
  int64_t m = ct_member(ct_county, "周九"), other = ct_member(ct_county, "吴十");
  db_exec(ct_ctx.db,
          "INSERT INTO users (id, username, role, committee_id, member_id, created_at, updated_at)"
          " VALUES (50, 'm', 'member', ?, ?, 0, 0)",
          "ii", ct_county, m);
  struct user mu = {.id = 50,
                    .username = "m",
                    .role = ROLE_MEMBER,
                    .committee_id = ct_county,
                    .committee_path = committee_path_of(&ct_ctx, ct_county),
                    .member_id = m};
  int64_t present = ct_act(ct_county, 0, "参加", "2026-05-12T09:00:00+08:00", NULL, "planned");
  ct_attend(present, m, "present");
  int64_t excused = ct_act(ct_county, 0, "请假", "2026-05-12T10:00:00+08:00", NULL, "planned");
  ct_attend(excused, m, "excused");
  int64_t others = ct_act(ct_county, 0, "别人的", "2026-05-12T09:30:00+08:00", NULL, "planned");
  ct_attend(others, other, "present");
  ct_ctx.user = &mu;
  int64_t own = ct_act(ct_county, 0, "自己记录", "2026-05-13T09:00:00+08:00", NULL, "done");
  int64_t from = ct_time("2026-05-11T00:00:00+08:00");
  ct_reset();
  json_t *cal = contact_calendar(&ct_ctx, 0, from, from + 7 * 86400);
  ct_ctx.user = NULL;
  cr_assert_not_null(cal, "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
  cr_expect_eq(json_integer_value(json_object_get(cal, "committee_id")), ct_county,
               "0: the caller's committee");
  cr_expect_eq(json_array_size(json_object_get(cal, "items")), 3);
  cr_expect_not_null(ct_cal_item(cal, present));
  cr_expect_not_null(ct_cal_item(cal, excused), "taking part, though excused");
  cr_expect_not_null(ct_cal_item(cal, own), "recorded by the account");
  cr_expect_null(ct_cal_item(cal, others));
  json_decref(cal);
}

/* ---- people reached per participant (issue 16) --------------------------------------------- */

Test(contact, share_out_rule) {
  /* N over k: N / k each, the remainder N % k one each to the first (in member id order) */
  static const struct {
    int64_t people;
    int n;
    int64_t want[7];
  } cases[] = {
      {60, 3, {20, 20, 20}},
      {61, 3, {21, 20, 20}},
      {62, 3, {21, 21, 20}},
      {2, 3, {1, 1, 0}},
      {0, 2, {0, 0}},
      {5, 1, {5}},
      {100, 7, {15, 15, 14, 14, 14, 14, 14}},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    int64_t out[7] = {0}, sum = 0;
    contact_share_out(cases[c].people, cases[c].n, out);
    for (int i = 0; i < cases[c].n; i++) {
      cr_expect_eq(out[i], cases[c].want[i], "%lld over %d, share %d", (long long)cases[c].people,
                   cases[c].n, i);
      sum += out[i];
    }
    cr_expect_eq(sum, cases[c].people, "the shares add up to %lld", (long long)cases[c].people);
  }
}

/* The shares of activity a: the sum over present participants, and whether every participant
** not present holds nothing. */
static int64_t ct_shared(int64_t a, bool *absent_zero) {
  *absent_zero = db_int(ct_ctx.db, -1,
                        "SELECT COUNT(*) FROM activity_participants WHERE activity_id = ? AND"
                        " attendance <> 'present' AND (people_reached <> 0 OR people_set <> 0)",
                        "i", a) == 0;
  return db_int(ct_ctx.db, -1,
                "SELECT COALESCE(SUM(people_reached), 0) FROM activity_participants"
                " WHERE activity_id = ? AND attendance = 'present'",
                "i", a);
}

Test(contact, shares_always_add_up_to_the_figure) {
  /* whatever staff do — add, remove, change attendance, enter a share by hand, change the
  ** figure — the present participants' shares add up to the activity's figure, and those not
  ** present hold nothing; a refused change leaves the shares as they were */
  int64_t ms[6];
  for (int i = 0; i < 6; i++) ms[i] = ct_member(ct_county, "分摊");
  int64_t a = ct_activity(ct_county, "2026-06-01T10:00:00+08:00", 61, "done");
  bool in[6] = {false};
  uint32_t x = 12345;
  static const char *const atts[] = {"present", "present", "excused", "absent"};
  for (int step = 0; step < 400; step++) {
    x = x * 1103515245u + 12345u;
    int m = (int)((x >> 8) % 6), op = (int)((x >> 16) % 6);
    int64_t before_sum = 0;
    bool zero;
    ct_reset();
    if (op == 0 && !in[m]) {
      cr_assert(contact_participant_add(&ct_ctx, a, ms[m], atts[(x >> 4) % 4]));
      in[m] = true;
    } else if (op == 1 && in[m]) {
      cr_assert(contact_participant_remove(&ct_ctx, a, ms[m]));
      in[m] = false;
    } else if (op == 2 && in[m]) {
      cr_assert(contact_participant_set(&ct_ctx, a, ms[m], atts[(x >> 4) % 4]));
    } else if (op == 3 && in[m]) {
      before_sum = ct_shared(a, &zero);
      char body[64];
      snprintf(body, sizeof body, "{\"people_reached\": %u}", (x >> 3) % 40);
      json_t *j = ct_json(body);
      bool ok = contact_participant_update(&ct_ctx, a, ms[m], j);
      json_decref(j);
      if (!ok) {
        cr_expect_eq(ct_ctx.err.status, 422);
        cr_expect_eq(ct_shared(a, &zero), before_sum, "a refused share changes nothing");
      }
    } else if (op == 4 && in[m]) {
      json_t *j = ct_json("{\"people_reached\": null}");
      cr_assert(contact_participant_update(&ct_ctx, a, ms[m], j));
      json_decref(j);
    } else if (op == 5) {
      char body[64];
      snprintf(body, sizeof body, "{\"people_reached\": %u}", (x >> 5) % 90);
      json_t *j = ct_json(body);
      cr_assert(entity_update(&ct_ctx, &contact_activity_entity, a, j));
      json_decref(j);
    }
    int64_t figure =
        db_int(ct_ctx.db, -1, "SELECT people_reached FROM activities WHERE id = ?", "i", a);
    int64_t present = db_int(ct_ctx.db, -1,
                             "SELECT COUNT(*) FROM activity_participants WHERE activity_id = ?"
                             " AND attendance = 'present'",
                             "i", a);
    int64_t sum = ct_shared(a, &zero);
    cr_assert_eq(sum, present ? figure : 0, "step %d: %lld shared of %lld among %lld", step,
                 (long long)sum, (long long)figure, (long long)present);
    cr_assert(zero, "step %d: one not present holds a share", step);
  }
}

Test(contact, migration_16_shares_existing_figures) {
  /* a database as it stood before migration 16: its activities' figures and its reception days'
  ** visitors are shared out among the members present or on duty by the rule, a unit of kind
  ** other and a workstation's own items may be stored, and the references still hold */
  char path[64];
  strcpy(path, "/tmp/lvzhi-test-m16-XXXXXX");
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  struct db *db = db_open(path, &err);
  cr_assert_not_null(db);
  int before16 = 0;
  while (before16 < schema_migration_count && schema_migrations[before16].version < 16) before16++;
  cr_assert_eq(migrate_run(db, schema_migrations, before16, NULL), before16);
  cr_assert_eq(
      db_exec_script(
          db,
          "INSERT INTO committees (id, name, level, path, created_at, updated_at)"
          " VALUES (1, '甘肃省政协', 'province', '/1/', 0, 0);"
          "INSERT INTO members (id, committee_id, name, gender, created_at, updated_at)"
          " VALUES (7, 1, '甲', 'male', 0, 0), (3, 1, '乙', 'male', 0, 0),"
          " (5, 1, '丙', 'female', 0, 0), (9, 1, '丁', 'female', 0, 0);"
          "INSERT INTO activities (id, committee_id, kind, title, starts_at, people_reached,"
          " status, created_at, updated_at) VALUES (1, 1, 'visit', '走访', 0, 61, 'done', 0, 0);"
          "INSERT INTO activity_participants (activity_id, member_id, attendance, created_at)"
          " VALUES (1, 7, 'present', 0), (1, 3, 'present', 0), (1, 5, 'present', 0),"
          " (1, 9, 'absent', 0);"
          "INSERT INTO grassroots_units (id, committee_id, name, kind, created_at, updated_at)"
          " VALUES (1, 1, '东岗村', 'village', 0, 0), (2, 1, '雁滩社区', 'community', 0, 0);"
          "DELETE FROM grassroots_units WHERE id = 2;"
          "INSERT INTO member_grassroots_units (member_id, unit_id, created_at) VALUES (7, 1, 0);"
          "INSERT INTO stations (id, committee_id, kind, name, grassroots_unit_id, created_at,"
          " updated_at) VALUES (1, 1, 'station', '委员工作站', 1, 0, 0);"
          "INSERT INTO files (id, committee_id, filename, content_type, size, sha256, data,"
          " created_at) VALUES (1, 1, 'a.txt', 'text/plain', 1, 'x', X'41', 0);"
          "INSERT INTO station_checklist (station_id, item, note, updated_at)"
          " VALUES (1, 'site', '场地', 0);"
          "INSERT INTO station_evidence (station_id, item, file_id) VALUES (1, 'site', 1);"
          "INSERT INTO reception_days (id, station_id, committee_id, date, visitors,"
          " created_at, updated_at) VALUES (1, 1, 1, '2026-04-15', 23, 0, 0);"
          "INSERT INTO reception_duty (reception_day_id, member_id) VALUES (1, 7), (1, 3);"),
      DB_DONE, "%s", db_errmsg(db));
  cr_assert_eq(migrate_run(db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count - before16);
  /* 61 over the three present in member id order (3, 5, 7): 21, 20, 20; the absent one none */
  static const int64_t members[] = {3, 5, 7, 9}, want[] = {21, 20, 20, 0};
  for (int i = 0; i < 4; i++)
    cr_expect_eq(db_int(db, -1,
                        "SELECT people_reached FROM activity_participants WHERE activity_id = 1"
                        " AND member_id = ?",
                        "i", members[i]),
                 want[i], "member %lld", (long long)members[i]);
  cr_expect_eq(
      db_int(db, -1, "SELECT COUNT(*) FROM activity_participants WHERE people_set <> 0", ""), 0);
  /* 23 visitors over the two on duty (3, 7): 12, 11 */
  cr_expect_eq(db_int(db, -1, "SELECT people_reached FROM reception_duty WHERE member_id = 3", ""),
               12);
  cr_expect_eq(db_int(db, -1, "SELECT people_reached FROM reception_duty WHERE member_id = 7", ""),
               11);
  /* the rebuilt tables: rows kept, the new values allowed, the references enforced, ids not
  ** reused (unit 2 was deleted before) */
  cr_expect_eq(db_int(db, -1, "SELECT COUNT(*) FROM station_evidence WHERE item = 'site'", ""), 1);
  cr_expect_eq(db_exec(db,
                       "INSERT INTO station_checklist (station_id, item, updated_at)"
                       " VALUES (1, 'staff', 0)",
                       ""),
               DB_DONE);
  cr_expect_eq(db_int(db, -1,
                      "INSERT INTO grassroots_units (committee_id, name, kind, kind_name,"
                      " created_at, updated_at) VALUES (1, '社工站', 'other', '社会组织', 0, 0)"
                      " RETURNING id",
                      ""),
               3, "ids are never reused");
  cr_expect_eq(db_exec(db,
                       "INSERT INTO member_grassroots_units (member_id, unit_id, created_at)"
                       " VALUES (3, 99, 0)",
                       ""),
               DB_CONSTRAINT, "the members' links still refer to the units");
  cr_expect_eq(db_exec(db, "DELETE FROM grassroots_units WHERE id = 1", ""), DB_CONSTRAINT,
               "a unit in use cannot go");
  cr_expect_eq(db_exec(db,
                       "INSERT INTO grassroots_units (committee_id, name, kind, created_at,"
                       " updated_at) VALUES (1, '城堡', 'castle', 0, 0)",
                       ""),
               DB_CONSTRAINT, "the kinds are still checked");
  db_close(db);
  unlink(path);
  char p[96];
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

/* ---- the quarter by its own rule, the year at its end, the pace (issue 16) ----------------- */

/* The item's boolean and integer fields, for the tests below. */
static bool ct_b(json_t *it, const char *k) { return json_is_true(json_object_get(it, k)); }
static int64_t ct_i(json_t *it, const char *k) {
  return json_integer_value(json_object_get(it, k));
}

Test(contact, compliance_quarter_by_its_rule_year_at_its_end) {
  /* one member alone at each activity (the whole figure is its share): 12 people in Q1, 13 in
  ** Q2, nothing in Q3 at first */
  int64_t m = ct_member(ct_county, "孙进度");
  ct_attend(ct_activity(ct_county, "2026-02-10T10:00:00+08:00", 12, "done"), m, "present");
  ct_attend(ct_activity(ct_county, "2026-05-10T10:00:00+08:00", 13, "done"), m, "present");
  json_t *out;
  json_t *it = ct_compliance(m, 2026, 2, &out);
  cr_expect(ct_b(it, "quarter_met"));
  cr_expect_eq(ct_i(it, "people_reached"), 25);
  cr_expect(!ct_b(it, "year_met"), "25 is not the year's 40");
  cr_expect_eq(ct_i(it, "people_short"), 15);
  cr_expect_eq(ct_i(it, "year_expected"), 20, "40 x 2 / 4 by the end of June");
  cr_expect(!ct_b(it, "year_behind"));
  cr_expect(ct_b(it, "on_track"), "its quarter done and ahead of the pace: on track mid-year");
  cr_expect_null(json_object_get(it, "met"), "no verdict judging the year every quarter");
  json_decref(out);
  /* the third quarter: no activity (its own rule fails) and behind the pace of 30 */
  it = ct_compliance(m, 2026, 3, &out);
  cr_expect(!ct_b(it, "quarter_met"));
  cr_expect_eq(ct_i(it, "activities_short"), 1);
  cr_expect_eq(ct_i(it, "year_expected"), 30);
  cr_expect(ct_b(it, "year_behind"));
  cr_expect(!ct_b(it, "on_track"));
  json_decref(out);
  /* 20 more in Q3: on pace again; the fourth quarter's pace is the year's whole minimum */
  ct_attend(ct_activity(ct_county, "2026-08-10T10:00:00+08:00", 20, "done"), m, "present");
  it = ct_compliance(m, 2026, 3, &out);
  cr_expect(ct_b(it, "on_track"));
  json_decref(out);
  it = ct_compliance(m, 2026, 4, &out);
  cr_expect_eq(ct_i(it, "year_expected"), 40);
  cr_expect(ct_b(it, "year_met"), "45 of 40");
  cr_expect(!ct_b(it, "quarter_met"),
            "the year's 40 does not stand for the fourth quarter's activity");
  cr_expect(!ct_b(it, "on_track"));
  json_decref(out);
  /* a pace that does not divide: 30 a year gives 8, 15, 23, 30 */
  cr_assert(ct_settings(ct_county, "{\"year_min_people\": 30}"));
  static const int64_t want[] = {8, 15, 23, 30};
  for (int q = 1; q <= 4; q++) {
    it = ct_compliance(m, 2026, q, &out);
    cr_expect_eq(ct_i(it, "year_expected"), want[q - 1], "Q%d", q);
    json_decref(out);
  }
}

Test(contact, reception_duty_is_an_activity_with_a_share) {
  /* two members on duty on a day that has come, one on a day still to come */
  int64_t a = ct_member(ct_county, "值班甲"), b = ct_member(ct_county, "值班乙");
  int64_t st = ct_station(ct_county, "station", "接待站", "none");
  int64_t day = ct_create(&contact_reception_entity,
                          "{\"station_id\":%lld,\"committee_id\":%lld,\"date\":\"2025-05-15\","
                          "\"visitors\":23,\"member_ids\":[%lld,%lld]}",
                          (long long)st, (long long)ct_county, (long long)b, (long long)a);
  cr_assert_gt(day, 0);
  /* 23 over two by member id: 12 to the first, 11 to the other */
  int64_t first = a < b ? a : b, second = a < b ? b : a;
  json_t *out;
  json_t *it = ct_compliance(first, 2025, 2, &out);
  cr_expect_eq(ct_quarter_count(it, 2), 1, "the day on duty is the quarter's activity");
  cr_expect(ct_b(it, "quarter_met"));
  cr_expect_eq(ct_i(it, "people_reached"), 12);
  json_decref(out);
  it = ct_compliance(second, 2025, 2, &out);
  cr_expect_eq(ct_i(it, "people_reached"), 11);
  json_decref(out);
  /* the visitors change: the shares follow */
  ct_reset();
  json_t *in = ct_json("{\"visitors\": 7}");
  cr_assert(entity_update(&ct_ctx, &contact_reception_entity, day, in));
  json_decref(in);
  it = ct_compliance(first, 2025, 2, &out);
  cr_expect_eq(ct_i(it, "people_reached"), 4);
  json_decref(out);
  /* a day still to come counts nothing yet */
  int64_t later = ct_create(&contact_reception_entity,
                            "{\"station_id\":%lld,\"committee_id\":%lld,\"date\":\"2099-05-15\","
                            "\"visitors\":9,\"member_ids\":[%lld]}",
                            (long long)st, (long long)ct_county, (long long)a);
  cr_assert_gt(later, 0);
  it = ct_compliance(a, 2099, 2, &out);
  cr_expect_eq(ct_quarter_count(it, 2), 0);
  cr_expect_eq(ct_i(it, "people_reached"), 0);
  json_decref(out);
}

/* Issue 18: the phone said 已达到履职要求 while Q1 showed 0/1 in red, and the console's 全年 said
** 达标; one rule (contact_compliance_verdict) decides both. */
Test(contact, compliance_verdict_one_rule) {
  int64_t qs[5];
  for (int k = 0; k < 5; k++) qs[k] = time_quarter_start(2026, k + 1);
  bool met;
  /* in Q2 of the year: Q1 missed (0 of 1), Q2 met, people on pace */
  int64_t now = qs[1] + 86400;
  const int64_t missed_q1[4] = {0, 2, 0, 0};
  const char *ys = contact_compliance_verdict(missed_q1, 30, 1, 40, qs, now, 2, &met);
  cr_expect(!met, "Q1 short: not met so far, whatever this quarter is");
  cr_expect_str_eq(ys, "short", "a quarter over and short is final for the year");
  /* the year's people reached but Q1 missed, after the year: not 达标 */
  ys = contact_compliance_verdict(missed_q1, 50, 1, 40, qs, qs[4] + 86400, 4, &met);
  cr_expect(!met);
  cr_expect_str_eq(ys, "short");
  /* every quarter so far met and on pace */
  const int64_t good[4] = {1, 1, 0, 0};
  ys = contact_compliance_verdict(good, 20, 1, 40, qs, now, 2, &met);
  cr_expect(met);
  cr_expect_str_eq(ys, "on_pace");
  /* behind the pace: not met */
  ys = contact_compliance_verdict(good, 5, 1, 40, qs, now, 2, &met);
  cr_expect(!met);
  cr_expect_str_eq(ys, "behind");
  /* the whole year: every quarter and the people */
  const int64_t all[4] = {1, 2, 1, 1};
  ys = contact_compliance_verdict(all, 40, 1, 40, qs, qs[4] + 1, 4, &met);
  cr_expect(met);
  cr_expect_str_eq(ys, "met");
  /* Q2 still running and not yet met does not make the year short */
  const int64_t q2_open[4] = {1, 0, 0, 0};
  ys = contact_compliance_verdict(q2_open, 20, 1, 40, qs, now, 2, &met);
  cr_expect(!met, "this quarter not met yet");
  cr_expect_str_eq(ys, "on_pace");
}
