/* tests/unit/test_contact.c: the rules of members linking with the masses, on a migrated
** temporary database: the request state machine, the unit-link limit and the settings it comes
** from (own, an ancestor's, the installation's, the default), quota compliance at the quarter
** edges (CST, whatever offset the time came with) and at the 40th person, what counts (present,
** done), the 六有 certification, and file names. */
#include "auth/access.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "contact/contact.h"
#include "db/db.h"
#include "db/migrate.h"
#include "entity/entity.h"
#include "file/file.h"
#include "org/org.h"
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char ct_path[64];
static struct arena ct_arena;
static struct entity_ctx ct_ctx;
static int64_t ct_root, ct_city, ct_county, ct_county_b; /* 全国 > 甘肃 (city level here) > 两个县 */

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
  cr_assert_eq(migrate_run(db, schema_migrations, schema_migration_count, NULL), schema_migration_count);
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
      {"accepted", "start", "in_progress"},     {"accepted", "resolve", NULL},
      {"accepted", "transfer", "transferred"},  {"accepted", "answer", "answered"},
      {"in_progress", "start", NULL},           {"in_progress", "resolve", "resolved"},
      {"in_progress", "transfer", "transferred"}, {"in_progress", "answer", "answered"},
      {"resolved", "start", NULL},              {"resolved", "resolve", NULL},
      {"resolved", "transfer", NULL},           {"resolved", "answer", NULL},
      {"transferred", "start", NULL},           {"transferred", "resolve", NULL},
      {"answered", "answer", NULL},             {"answered", "start", NULL},
      {"accepted", "reopen", NULL},             {"accepted", NULL, NULL},
      {NULL, "start", NULL},                    {"", "start", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *got = contact_request_next(cases[i].from, cases[i].action);
    if (cases[i].to) cr_expect(got && !strcmp(got, cases[i].to), "%s --%s--> %s, got %s", cases[i].from,
                               cases[i].action, cases[i].to, got ? got : "refused");
    else cr_expect_null(got, "%s --%s--> refused, got %s", cases[i].from ? cases[i].from : "(null)",
                        cases[i].action ? cases[i].action : "(null)", got ? got : "");
  }
}

Test(contact, request_actions_in_the_database) {
  int64_t m = ct_member(ct_county, "张三");
  int64_t r = ct_create(&contact_request_entity,
                        "{\"title\":\"孩子入学\",\"category\":\"education\",\"committee_id\":%lld,\"member_id\":%lld}",
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
  cr_expect_eq(db_int(ct_ctx.db, 0, "SELECT COUNT(*) FROM audit_log WHERE entity = 'request' AND entity_id = ?"
                                   " AND action IN ('start', 'resolve')", "i", r), 2);
}

/* ---- grassroots units: the limit and where it comes from ---------------------------------- */

static int64_t ct_unit(int64_t committee, const char *name) {
  return ct_create(&contact_unit_entity, "{\"name\":\"%s\",\"kind\":\"village\",\"committee_id\":%lld}",
                   name, (long long)committee);
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
  cr_expect_eq(db_int(ct_ctx.db, 0, "SELECT COUNT(*) FROM member_grassroots_units WHERE member_id = ?", "i", m), 3);
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
  int64_t u1 = ct_unit(ct_county, "甲村"), u2 = ct_unit(ct_county, "乙村"), u3 = ct_unit(ct_county, "丙村");
  /* the installation says 2, the city (an ancestor) says 1: the nearest wins */
  db_exec(ct_ctx.db, "INSERT INTO settings (committee_id, key, value) VALUES (0, 'contact.max_units', '2')", "");
  json_t *in = ct_json("{\"max_units\": 1}");
  ct_reset();
  cr_assert(contact_settings_update(&ct_ctx, ct_city, in));
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
  cr_assert(contact_settings_update(&ct_ctx, ct_county, in));
  json_decref(in);
  cr_expect(ct_link(m, u2));
  cr_expect_not(ct_link(m, u3));
  /* cleared: the city's again; the other county never saw the county's value */
  in = ct_json("{\"max_units\": null}");
  ct_reset();
  cr_assert(contact_settings_update(&ct_ctx, ct_county, in));
  json_decref(in);
  contact_settings_at(ct_ctx.db, committee_path_of(&ct_ctx, ct_county), &s);
  cr_expect_eq(s.value[CONTACT_MAX_UNITS], 1);
  contact_settings_at(ct_ctx.db, committee_path_of(&ct_ctx, ct_root), &s);
  cr_expect_eq(s.value[CONTACT_MAX_UNITS], 2, "the installation's value above the city");
}

Test(contact, settings_validation) {
  static const char *const bad[] = {"{\"max_units\": 0}", "{\"max_units\": 11}", "{\"max_units\": \"3\"}",
                                    "{\"max_units\": 2.5}", "{\"year_min_people\": -1}",
                                    "{\"quarter_min_activities\": 101}", "{\"colour\": 1}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    json_t *in = ct_json(bad[i]);
    ct_reset();
    cr_expect_not(contact_settings_update(&ct_ctx, ct_county, in), "%s", bad[i]);
    cr_expect_eq(ct_ctx.err.status, 422, "%s", bad[i]);
    json_decref(in);
  }
  cr_expect_eq(db_int(ct_ctx.db, -1, "SELECT COUNT(*) FROM settings", ""), 0, "nothing written");
  struct user other = {.id = 7, .username = "qilihe", .role = ROLE_SECRETARIAT, .committee_id = ct_county_b,
                       .committee_path = committee_path_of(&ct_ctx, ct_county_b)};
  ct_ctx.user = &other;
  json_t *in = ct_json("{\"max_units\": 2}");
  ct_reset();
  cr_expect_not(contact_settings_update(&ct_ctx, ct_county, in), "another county's settings");
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
  return ct_create(&contact_activity_entity,
                   "{\"title\":\"走访\",\"kind\":\"visit\",\"committee_id\":%lld,\"starts_at\":\"%s\","
                   "\"people_reached\":%d,\"status\":\"%s\"}",
                   (long long)committee, starts, people, status);
}

static void ct_attend(int64_t a, int64_t m, const char *attendance) {
  ct_reset();
  cr_assert(contact_participant_add(&ct_ctx, a, m, attendance), "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
}

/* The compliance item of member m for year and quarter (caller decrefs the whole answer). */
static json_t *ct_compliance(int64_t m, int year, int quarter, json_t **out) {
  struct contact_compliance_query q = {.committee_id = ct_county, .member_id = m, .year = year,
                                       .quarter = quarter, .limit = 10};
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
  ct_attend(ct_activity(ct_county, "2026-12-31T16:00:00Z", 1, "done"), m, "present"); /* 2027 in CST */
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
  cr_expect_str_eq(json_string_value(json_object_get(out, "quarter_starts_at")), "2026-01-01T00:00:00+08:00");
  cr_expect_str_eq(json_string_value(json_object_get(out, "quarter_ends_at")), "2026-04-01T00:00:00+08:00");
  json_decref(out);
  it = ct_compliance(m, 2025, 4, &out);
  cr_expect_eq(ct_quarter_count(it, 4), 1, "2025-12-31T23:59:59+08:00 is 2025's");
  json_decref(out);
  it = ct_compliance(m, 2027, 1, &out);
  cr_expect_eq(ct_quarter_count(it, 1), 1, "2026-12-31T16:00:00Z is 2027 in CST");
  json_decref(out);
  it = ct_compliance(m, 2026, 3, &out);
  cr_expect(json_is_false(json_object_get(it, "quarter_met")), "nothing in Q3");
  cr_expect(json_is_false(json_object_get(it, "met")));
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
  cr_expect_eq(json_integer_value(json_object_get(it, "activities")), 1, "Q2: only the done, present one");
  cr_expect(json_is_true(json_object_get(it, "quarter_met")));
  json_decref(out);
  ct_attend(ct_activity(ct_county, "2026-11-30T10:00:00+08:00", 1, "done"), m, "present");
  it = ct_compliance(m, 2026, 2, &out);
  cr_expect_eq(json_integer_value(json_object_get(it, "people_reached")), 40);
  cr_expect(json_is_true(json_object_get(it, "year_met")), "the 40th person meets the quota");
  cr_expect_eq(json_integer_value(json_object_get(it, "people_short")), 0);
  cr_expect(json_is_true(json_object_get(it, "met")));
  json_decref(out);
  /* a committee asking 41 */
  json_t *in = ct_json("{\"year_min_people\": 41, \"quarter_min_activities\": 2}");
  ct_reset();
  cr_assert(contact_settings_update(&ct_ctx, ct_county, in));
  json_decref(in);
  it = ct_compliance(m, 2026, 2, &out);
  cr_expect(json_is_false(json_object_get(it, "year_met")));
  cr_expect(json_is_false(json_object_get(it, "quarter_met")), "one activity, two asked");
  cr_expect_eq(json_integer_value(json_object_get(it, "year_min")), 41);
  json_decref(out);
}

Test(contact, compliance_list_pages_and_subtree) {
  int64_t a = ct_member(ct_county, "甲"), b = ct_member(ct_county, "乙"), c = ct_member(ct_county, "丙");
  int64_t other = ct_member(ct_county_b, "外县"); /* inside the id range, outside the subtree */
  int64_t act = ct_activity(ct_county, "2026-01-05T10:00:00+08:00", 50, "done");
  ct_attend(act, a, "present");
  ct_attend(act, c, "present");
  int64_t act_b = ct_activity(ct_county_b, "2026-01-05T10:00:00+08:00", 7, "done");
  ct_attend(act_b, other, "present");
  db_exec(ct_ctx.db, "UPDATE members SET status = 'resigned' WHERE id = ?", "i", b);
  struct contact_compliance_query q = {.committee_id = ct_county, .year = 2026, .quarter = 1, .limit = 1};
  int64_t seen[4];
  int n = 0;
  for (int page = 0; page < 5; page++) {
    ct_reset();
    json_t *out = contact_compliance(&ct_ctx, &q);
    cr_assert_not_null(out);
    cr_expect_eq(json_integer_value(json_object_get(out, "total")), 2, "active members of the county");
    json_t *it = json_array_get(json_object_get(out, "items"), 0);
    if (it) {
      seen[n++] = json_integer_value(json_object_get(it, "member_id"));
      cr_expect_eq(json_integer_value(json_object_get(it, "people_reached")), 50);
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
  struct user u = {.id = 7, .username = "qilihe", .role = ROLE_SECRETARIAT, .committee_id = ct_county_b,
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
  json_t *in = ct_json("{\"title\":\"x\",\"kind\":\"visit\",\"committee_id\":3,\"starts_at\":\"2026-03-31 23:30\"}");
  cr_expect_eq(entity_create(&ct_ctx, &contact_activity_entity, in), 0, "no seconds, no offset");
  cr_expect_str_eq(ct_ctx.err.field, "starts_at");
  json_decref(in);
  ct_reset();
  char text[512];
  snprintf(text, sizeof text,
           "{\"title\":\"x\",\"kind\":\"visit\",\"committee_id\":%lld,\"starts_at\":\"2026-03-31T10:00:00+08:00\","
           "\"ends_at\":\"2026-03-31T09:00:00+08:00\"}", (long long)ct_county);
  in = ct_json(text);
  cr_expect_eq(entity_create(&ct_ctx, &contact_activity_entity, in), 0, "ends before it starts");
  cr_expect_str_eq(ct_ctx.err.field, "ends_at");
  json_decref(in);
  /* a member account: contact forms only, itself taking part */
  db_exec(ct_ctx.db, "INSERT INTO users (id, username, role, committee_id, member_id, created_at, updated_at)"
                     " VALUES (50, 'm', 'member', ?, ?, 0, 0)", "ii", ct_county, m);
  struct user mu = {.id = 50, .username = "m", .role = ROLE_MEMBER, .committee_id = ct_county,
                    .committee_path = committee_path_of(&ct_ctx, ct_county), .member_id = m};
  cr_expect(contact_self_only(&mu));
  ct_ctx.user = &mu;
  snprintf(text, sizeof text,
           "{\"title\":\"调研\",\"kind\":\"research\",\"committee_id\":%lld,\"starts_at\":\"2026-03-31T10:00:00+08:00\"}",
           (long long)ct_county);
  in = ct_json(text);
  ct_reset();
  cr_expect_eq(entity_create(&ct_ctx, &contact_activity_entity, in), 0, "research is not a contact form");
  cr_expect_str_eq(ct_ctx.err.field, "kind");
  json_decref(in);
  snprintf(text, sizeof text,
           "{\"title\":\"走访\",\"kind\":\"visit\",\"committee_id\":%lld,\"starts_at\":\"2026-03-31T10:00:00+08:00\","
           "\"people_reached\":12,\"status\":\"done\"}", (long long)ct_county);
  in = ct_json(text);
  ct_reset();
  int64_t a = entity_create(&ct_ctx, &contact_activity_entity, in);
  json_decref(in);
  cr_assert_gt(a, 0, "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
  cr_expect_eq(db_int(ct_ctx.db, 0, "SELECT COUNT(*) FROM activity_participants WHERE activity_id = ? AND member_id = ?"
                                   " AND attendance = 'present'", "ii", a, m), 1, "itself as participant");
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
                        "{\"name\":\"委员工作室\",\"kind\":\"studio\",\"committee_id\":%lld}", (long long)ct_county);
  int64_t f = db_int(ct_ctx.db, 0,
                     "INSERT INTO files (committee_id, filename, content_type, size, sha256, data, created_at)"
                     " VALUES (?, 'a.jpg', 'image/jpeg', 1, 'x', X'00', 0) RETURNING id", "i", ct_county);
  char body[64];
  snprintf(body, sizeof body, "{\"file_ids\":[%lld]}", (long long)f);
  for (int i = 0; i < 5; i++) {
    json_t *in = ct_json(body);
    ct_reset();
    cr_assert(contact_checklist_set(&ct_ctx, s, contact_checklist_items[i], in), "%s", ct_ctx.err.zh ? ct_ctx.err.zh : "");
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
