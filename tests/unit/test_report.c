/* tests/unit/test_report.c: social-conditions reports on a migrated temporary database. The
** state machine: every state × action pair the table refuses fails with 409 wrong_state naming
** the state and changes nothing, and the table is the one report.h documents; the allowed
** pairs as the accounts whose step it is (the author, the information office in scope) with
** their refusals (403 for others, 422 for bad input: a return without a note, a rejection
** without a reason, a body over report.body_max, an unknown level, a merge into a draft);
** editing with the versions kept, and the difference of two versions by lines and by
** characters; a report made from a not-filed proposal, linked both ways; the points credited
** by level under the example rule set (report 10, adopted locally 5, by the province 5,
** nationally 20; a local instruction 10, provincial 20, central 30; the category capped at 60)
** and taken back when the report is withdrawn or merged away; statistics. */
#include "auth/access.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "db/migrate.h"
#include "entity/entity.h"
#include "org/org.h"
#include "points/points.h"
#include "proposal/proposal.h"
#include "report/report.h"
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char rt_path[64];
static struct arena rt_arena;
static struct entity_ctx rt_ctx;
static int64_t rt_root, rt_city, rt_county;
static int64_t rt_m1, rt_m2; /* members of the city */
static struct user rt_users[8];
static int rt_nusers;
static const struct user *rt_u1, *rt_u2, *rt_office, *rt_office_county, *rt_viewer, *rt_tiban;

static void rt_reset(void) {
  json_decref(rt_ctx.err.errors);
  memset(&rt_ctx.err, 0, sizeof rt_ctx.err);
}

static json_t *rt_json(const char *text) {
  json_error_t je;
  json_t *j = json_loads(text, 0, &je);
  cr_assert_not_null(j, "bad JSON in test: %s: %s", text, je.text);
  return j;
}

static const char *rt_code(void) { return rt_ctx.err.code ? rt_ctx.err.code : "-"; }
static const char *rt_zh(void) { return rt_ctx.err.zh ? rt_ctx.err.zh : "-"; }

static int64_t rt_member(int64_t committee, const char *name) {
  int64_t id = db_int(rt_ctx.db, 0,
                      "INSERT INTO members (committee_id, name, gender, created_at, updated_at)"
                      " VALUES (?, ?, 'male', 0, 0) RETURNING id",
                      "it", committee, name);
  cr_assert_gt(id, 0);
  return id;
}

static const struct user *rt_account(enum role role, int64_t committee, int64_t member,
                                     const char *username) {
  cr_assert_lt(rt_nusers, 8);
  int64_t id = db_int(rt_ctx.db, 0,
                      "INSERT INTO users (username, display_name, role, committee_id, member_id, "
                      "created_at, updated_at)"
                      " VALUES (?, ?, ?, ?, ?, 0, 0) RETURNING id",
                      "tttiI", username, username, access_role_name(role), committee, member);
  cr_assert_gt(id, 0, "users row %s: %s", username, db_errmsg(rt_ctx.db));
  struct user *u = &rt_users[rt_nusers++];
  *u = (struct user){.id = id,
                     .username = username,
                     .display_name = username,
                     .role = role,
                     .committee_id = committee,
                     .committee_path = committee_path_of(&rt_ctx, committee),
                     .member_id = member};
  return u;
}

static void rt_init(void) {
  strcpy(rt_path, "/tmp/lvzhi-test-report-XXXXXX");
  int fd = mkstemp(rt_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  struct db *db = db_open(rt_path, &err);
  cr_assert_not_null(db, "%s", err ? err : "");
  cr_assert_eq(migrate_run(db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
  arena_init(&rt_arena);
  memset(&rt_ctx, 0, sizeof rt_ctx);
  rt_ctx.db = db;
  rt_ctx.arena = &rt_arena;
  rt_ctx.ip = "127.0.0.1";
  rt_nusers = 0;
  rt_root = org_committee_add(&rt_ctx, 0, "全国政协", "national", "");
  rt_city = org_committee_add(&rt_ctx, rt_root, "兰州市政协", "city", "兰州市");
  rt_county = org_committee_add(&rt_ctx, rt_city, "城关区政协", "county", "城关区");
  cr_assert(rt_root && rt_city && rt_county);
  rt_m1 = rt_member(rt_city, "张明");
  rt_m2 = rt_member(rt_city, "李华");
  rt_u1 = rt_account(ROLE_MEMBER, rt_city, rt_m1, "zhangming");
  rt_u2 = rt_account(ROLE_MEMBER, rt_city, rt_m2, "lihua");
  rt_office = rt_account(ROLE_COMMITTEE_STAFF, rt_city, 0, "xinxi");
  rt_office_county = rt_account(ROLE_COMMITTEE_STAFF, rt_county, 0, "chengguan");
  rt_viewer = rt_account(ROLE_VIEWER, rt_city, 0, "kan");
  rt_tiban = rt_account(ROLE_PROPOSAL_OFFICE, rt_city, 0, "tian");
}

static void rt_fini(void) {
  rt_reset();
  db_close(rt_ctx.db);
  arena_free(&rt_arena);
  char p[96];
  unlink(rt_path);
  snprintf(p, sizeof p, "%s-wal", rt_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", rt_path);
  unlink(p);
}

TestSuite(report, .init = rt_init, .fini = rt_fini);

/* ---- helpers -------------------------------------------------------------------------------- */

/* A draft by member account as (its own member) with body. */
static int64_t rt_new(const struct user *as, const char *title, const char *body) {
  char text[8192];
  snprintf(text, sizeof text,
           "{\"title\":\"%s\",\"category\":\"社会建设\",\"committee_id\":%lld,\"body\":\"%s\"}",
           title, (long long)rt_city, body);
  json_t *in = rt_json(text);
  rt_reset();
  rt_ctx.user = as;
  int64_t id = entity_create(&rt_ctx, &report_entity, in);
  rt_ctx.user = NULL;
  json_decref(in);
  cr_assert_gt(id, 0, "create report: %s %s", rt_code(), rt_zh());
  return id;
}

static bool rt_act(const struct user *as, int64_t id, enum report_action a, const char *fmt, ...) {
  json_t *in = NULL;
  if (fmt) {
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    in = rt_json(text);
  }
  rt_reset();
  rt_ctx.user = as;
  bool ok = report_act(&rt_ctx, id, a, in);
  rt_ctx.user = NULL;
  json_decref(in);
  return ok;
}

#define RT_OK(as, id, a, ...)                                                                      \
  cr_assert(rt_act(as, id, a, __VA_ARGS__), "%s should succeed: %d %s %s", report_action_name(a),  \
            rt_ctx.err.status, rt_code(), rt_zh())

#define RT_FAIL(status_, code_, as, id, a, ...)                                                    \
  do {                                                                                             \
    cr_expect_not(rt_act(as, id, a, __VA_ARGS__), "%s should fail with %s", report_action_name(a), \
                  code_);                                                                          \
    cr_expect_eq(rt_ctx.err.status, status_, "%s: status %d (%s %s), want %d",                     \
                 report_action_name(a), rt_ctx.err.status, rt_code(), rt_zh(), status_);           \
    cr_expect_str_eq(rt_code(), code_, "%s: %s", report_action_name(a), rt_zh());                  \
  } while (0)

static const char *rt_status(int64_t id) {
  struct db_stmt *st = db_query(rt_ctx.db, "SELECT status FROM reports WHERE id = ?", "i", id);
  const char *s = db_step(st) == DB_ROW ? arena_strdup(&rt_arena, db_col_text(st, 0)) : "";
  db_done(st);
  return s;
}

/* The points of the report's entries of event ev (-1: no entry), raw value into *raw. */
static int64_t rt_points(int64_t id, const char *ev, int64_t *raw) {
  struct db_stmt *st = db_query(rt_ctx.db,
                                "SELECT points, raw FROM points_ledger WHERE source_kind = "
                                "'report' AND source_id = ? AND event = ?",
                                "it", id, ev);
  int64_t p = -1;
  if (db_step(st) == DB_ROW) {
    p = db_col_int(st, 0);
    if (raw) *raw = db_col_int(st, 1);
  }
  db_done(st);
  return p;
}

static int64_t rt_entries(int64_t id) {
  return db_int(rt_ctx.db, 0,
                "SELECT COUNT(*) FROM points_ledger WHERE source_kind = 'report' AND source_id = ?",
                "i", id);
}

/* Puts report id into state s as the system, by the shortest path. */
static void rt_to_state(int64_t id, enum report_state s) {
  if (s == RS_DRAFT) return;
  if (s == RS_WITHDRAWN) {
    RT_OK(NULL, id, RA_WITHDRAW, NULL);
    return;
  }
  RT_OK(NULL, id, RA_SUBMIT, NULL);
  switch (s) {
  case RS_RETURNED:
    RT_OK(NULL, id, RA_RETURN, "{\"note\":\"请补充数据\"}");
    break;
  case RS_ADOPTED:
    RT_OK(NULL, id, RA_ADOPT, "{\"adopted_on\":\"2026-03-02\"}");
    break;
  case RS_REJECTED:
    RT_OK(NULL, id, RA_REJECT, "{\"reason\":\"内容重复\"}");
    break;
  case RS_MERGED: {
    int64_t into = rt_new(rt_u2, "同一主题", "另一件同一主题的信息。");
    RT_OK(NULL, into, RA_SUBMIT, NULL);
    RT_OK(NULL, id, RA_MERGE, "{\"into\":%lld}", (long long)into);
    break;
  }
  default:
    break;
  }
  cr_assert_str_eq(rt_status(id), report_state_name(s));
}

/* A valid input for each action (merge into a fresh submitted report). */
static const char *rt_input(enum report_action a) {
  static char buf[256];
  switch (a) {
  case RA_RETURN:
    return "{\"note\":\"请补充数据\"}";
  case RA_REJECT:
    return "{\"reason\":\"不予采用\"}";
  case RA_ADOPT:
    return "{}";
  case RA_ADOPTION:
    return "{\"level\":\"province\"}";
  case RA_INSTRUCTION:
    return "{\"level\":\"local\",\"leader_name\":\"王市长\",\"text\":\"请研究\"}";
  case RA_MERGE: {
    int64_t into = rt_new(rt_u2, "合并目标", "合并目标的正文。");
    RT_OK(NULL, into, RA_SUBMIT, NULL);
    snprintf(buf, sizeof buf, "{\"into\":%lld}", (long long)into);
    return buf;
  }
  default:
    return NULL;
  }
}

/* ---- the state machine ----------------------------------------------------------------------- */

Test(report, the_table_is_the_documented_one) {
  static const struct {
    enum report_action a;
    unsigned states;
  } want[] = {
      {RA_SUBMIT, 1u << RS_DRAFT | 1u << RS_RETURNED},
      {RA_WITHDRAW, 1u << RS_DRAFT | 1u << RS_SUBMITTED | 1u << RS_RETURNED},
      {RA_RETURN, 1u << RS_SUBMITTED},
      {RA_ADOPT, 1u << RS_SUBMITTED},
      {RA_REJECT, 1u << RS_SUBMITTED},
      {RA_MERGE, 1u << RS_SUBMITTED | 1u << RS_RETURNED},
      {RA_ADOPTION, 1u << RS_ADOPTED},
      {RA_INSTRUCTION, 1u << RS_ADOPTED},
      {RA_ACCEPT, 1u << RS_SUBMITTED},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    for (int s = 0; s < RS__COUNT; s++)
      cr_expect_eq(report_allowed(s, want[i].a), (want[i].states >> s) & 1, "%s in %s",
                   report_action_name(want[i].a), report_state_name(s));
  for (int s = 0; s < RS__COUNT; s++) cr_expect_eq(report_state_parse(report_state_name(s)), s);
  for (int a = 0; a < RA__COUNT; a++) cr_expect_eq(report_action_parse(report_action_name(a)), a);
  cr_expect_eq(report_state_parse("nope"), -1);
}

Test(report, every_pair_is_allowed_or_refused_with_the_state_named) {
  for (int s = 0; s < RS__COUNT; s++)
    for (int a = 0; a < RA__COUNT; a++) {
      int64_t id = rt_new(rt_u1, "城市停车难问题", "老城区停车位不足。");
      rt_to_state(id, s);
      const char *in = rt_input(a);
      if (report_allowed(s, a)) {
        cr_expect(rt_act(NULL, id, a, in), "%s in %s: %d %s %s", report_action_name(a),
                  report_state_name(s), rt_ctx.err.status, rt_code(), rt_zh());
      } else {
        int64_t events =
            db_int(rt_ctx.db, 0, "SELECT COUNT(*) FROM report_events WHERE report_id = ?", "i", id);
        cr_expect_not(rt_act(NULL, id, a, in), "%s in %s should be refused", report_action_name(a),
                      report_state_name(s));
        cr_expect_eq(rt_ctx.err.status, 409);
        cr_expect_str_eq(rt_code(), "wrong_state");
        cr_expect(strstr(rt_ctx.err.zh, report_state_label(s)) != NULL,
                  "message names the state: %s", rt_zh());
        cr_expect(strstr(rt_ctx.err.en, report_state_name(s)) != NULL,
                  "message names the state: %s", rt_ctx.err.en);
        cr_expect_str_eq(rt_status(id), report_state_name(s), "nothing changed");
        cr_expect_eq(
            db_int(rt_ctx.db, 0, "SELECT COUNT(*) FROM report_events WHERE report_id = ?", "i", id),
            events);
      }
    }
}

Test(report, who_may_act_and_bad_input) {
  int64_t id = rt_new(rt_u1, "农村养老服务", "农村养老服务设施不足。");
  /* another member, the office, a viewer do not submit it */
  RT_FAIL(403, "forbidden", rt_u2, id, RA_SUBMIT, NULL);
  RT_FAIL(403, "forbidden", rt_viewer, id, RA_SUBMIT, NULL);
  RT_OK(rt_u1, id, RA_SUBMIT, NULL);
  cr_expect_str_eq(rt_status(id), "submitted");
  /* the member does not review; the county's office is out of scope */
  RT_FAIL(403, "forbidden", rt_u1, id, RA_ADOPT, "{}");
  RT_FAIL(403, "forbidden", rt_office_county, id, RA_ADOPT, "{}");
  RT_FAIL(403, "forbidden", rt_tiban, id, RA_RETURN, "{\"note\":\"x\"}");
  /* a return needs a note, a rejection a reason */
  RT_FAIL(422, "invalid_field", rt_office, id, RA_RETURN, "{}");
  RT_FAIL(422, "invalid_field", rt_office, id, RA_RETURN, "{\"note\":\"\"}");
  RT_FAIL(422, "invalid_field", rt_office, id, RA_REJECT, "{}");
  RT_FAIL(422, "invalid_field", rt_office, id, RA_RETURN, "{\"note\":\"x\",\"extra\":1}");
  RT_FAIL(422, "invalid_field", rt_office, id, RA_ADOPT, "{\"level\":\"county\"}");
  RT_FAIL(422, "invalid_field", rt_office, id, RA_ADOPT, "{\"adopted_on\":\"2026-13-01\"}");
  /* merging into itself, or into a draft */
  int64_t draft = rt_new(rt_u2, "草稿", "草稿正文。");
  RT_FAIL(422, "invalid_field", rt_office, id, RA_MERGE, "{\"into\":%lld}", (long long)id);
  RT_FAIL(422, "invalid_field", rt_office, id, RA_MERGE, "{\"into\":%lld}", (long long)draft);
  /* return, resubmit, adopt, then the levels */
  RT_OK(rt_office, id, RA_RETURN, "{\"note\":\"请补充具体建议\"}");
  cr_expect_str_eq(rt_status(id), "returned");
  RT_OK(rt_u1, id, RA_SUBMIT, NULL);
  RT_OK(rt_office, id, RA_ADOPT, "{\"adopted_by\":\"市政协办公室\",\"adopted_on\":\"2026-04-01\"}");
  cr_expect_str_eq(rt_status(id), "adopted");
  RT_FAIL(409, "conflict", rt_office, id, RA_ADOPTION, "{\"level\":\"local\"}");
  RT_FAIL(422, "invalid_field", rt_office, id, RA_ADOPTION, "{}");
  RT_OK(rt_office, id, RA_ADOPTION,
        "{\"level\":\"province\",\"adopted_by\":\"省政协\",\"adopted_on\":\"2026-04-10\"}");
  RT_FAIL(422, "invalid_field", rt_office, id, RA_INSTRUCTION,
          "{\"level\":\"national\",\"leader_name\":\"x\",\"text\":\"y\"}");
  RT_FAIL(422, "invalid_field", rt_office, id, RA_INSTRUCTION,
          "{\"level\":\"central\",\"text\":\"y\"}");
  RT_OK(rt_office, id, RA_INSTRUCTION,
        "{\"level\":\"central\",\"leader_name\":\"某某\",\"leader_title\":\"中央领导\",\"text\":"
        "\"请有关部门研究\","
        "\"given_on\":\"2026-05-01\"}");
  /* the member was told: returned, adopted twice, the instruction */
  cr_expect_eq(
      db_int(rt_ctx.db, 0,
             "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind LIKE 'report_%'", "i",
             rt_u1->id),
      4);
  /* the office was told of both submissions */
  cr_expect_eq(
      db_int(rt_ctx.db, 0,
             "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'report_submitted'",
             "i", rt_office->id),
      2);
  /* the timeline and the audit log */
  cr_expect_eq(
      db_int(rt_ctx.db, 0, "SELECT COUNT(*) FROM report_events WHERE report_id = ?", "i", id), 7);
  cr_expect_eq(db_int(rt_ctx.db, 0,
                      "SELECT COUNT(*) FROM audit_log WHERE entity = 'report' AND entity_id = ?"
                      " AND action LIKE 'report.%'",
                      "i", id),
               6);
}

Test(report, a_member_reports_in_its_own_name_and_within_the_limit) {
  rt_reset();
  rt_ctx.user = rt_u1;
  char text[256];
  snprintf(text, sizeof text,
           "{\"title\":\"t\",\"category\":\"其他\",\"committee_id\":%lld,\"member_id\":%lld}",
           (long long)rt_city, (long long)rt_m2);
  json_t *in = rt_json(text);
  cr_expect_eq(entity_create(&rt_ctx, &report_entity, in), 0);
  cr_expect_str_eq(rt_code(), "invalid_field");
  json_decref(in);
  rt_reset();
  snprintf(
      text, sizeof text,
      "{\"title\":\"t\",\"category\":\"其他\",\"committee_id\":%lld,\"collective_kind\":\"party\","
      "\"collective_id\":1}",
      (long long)rt_city);
  in = rt_json(text);
  cr_expect_eq(entity_create(&rt_ctx, &report_entity, in), 0,
               "a member does not enter a collective report");
  json_decref(in);
  rt_ctx.user = NULL;
  /* 1,500 characters by default */
  char *body = malloc(1501 * 3 + 1);
  body[0] = 0;
  for (int i = 0; i < 1501; i++) strcat(body, "字");
  int64_t id = rt_new(rt_u1, "超长", body);
  RT_FAIL(422, "invalid_field", rt_u1, id, RA_SUBMIT, NULL);
  cr_expect_str_eq(rt_ctx.err.field, "body");
  free(body);
  int64_t empty = rt_new(rt_u1, "空", "");
  RT_FAIL(422, "invalid_field", rt_u1, empty, RA_SUBMIT, NULL);
}

/* ---- versions and differences ---------------------------------------------------------------- */

static bool rt_edit(const struct user *as, int64_t id, const char *text) {
  json_t *in = rt_json(text);
  rt_reset();
  rt_ctx.user = as;
  bool ok = report_edit(&rt_ctx, id, in);
  rt_ctx.user = NULL;
  json_decref(in);
  return ok;
}

Test(report, edits_keep_versions_and_the_diff_shows_them) {
  int64_t id =
      rt_new(rt_u1, "停车难", "第一段：老城区停车位不足。\\n第二段：建议建设立体停车场。\\n");
  cr_assert(
      rt_edit(rt_u1, id,
              "{\"body\":\"第一段：老城区停车位严重不足。\\n第二段：建议建设立体停车场。\\n\"}"),
      "%s", rt_zh());
  /* the urgent flag alone is no new version */
  cr_assert(rt_edit(rt_u1, id, "{\"urgent\":true}"), "%s", rt_zh());
  cr_expect_eq(
      db_int(rt_ctx.db, 0, "SELECT COUNT(*) FROM report_versions WHERE report_id = ?", "i", id), 1);
  /* others may not; the author may not once submitted, the office may */
  cr_expect_not(rt_edit(rt_u2, id, "{\"title\":\"x\"}"));
  cr_expect_eq(rt_ctx.err.status, 403);
  cr_expect_not(rt_edit(rt_u1, id, "{\"status\":\"adopted\"}"));
  cr_expect_eq(rt_ctx.err.status, 422);
  RT_OK(rt_u1, id, RA_SUBMIT, NULL);
  cr_expect_not(rt_edit(rt_u1, id, "{\"title\":\"x\"}"));
  cr_expect_eq(rt_ctx.err.status, 409);
  cr_expect_str_eq(rt_code(), "wrong_state");
  cr_assert(rt_edit(rt_office, id, "{\"title\":\"老城区停车难问题亟待解决\"}"), "%s", rt_zh());
  RT_OK(rt_office, id, RA_ADOPT, "{}");
  RT_OK(rt_office, id, RA_ADOPTION, "{\"level\":\"national\"}");
  rt_reset();
  rt_ctx.user = rt_u1;
  json_t *v = report_versions(&rt_ctx, id);
  rt_ctx.user = NULL;
  cr_assert_not_null(v);
  json_t *items = json_object_get(v, "items");
  cr_assert_eq(json_array_size(items), 3);
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "body")),
                   "第一段：老城区停车位不足。\n第二段：建议建设立体停车场。\n");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(items, 1), "title")), "停车难");
  cr_expect(json_is_true(json_object_get(json_array_get(items, 2), "current")));
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(items, 2), "title")),
                   "老城区停车难问题亟待解决");
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(items, 1), "replaced_by")),
               rt_office->id);
  json_decref(v);
  /* by lines: the first line changed, the second kept */
  rt_reset();
  json_t *d = report_diff(&rt_ctx, id, 1, 0, "line");
  cr_assert_not_null(d, "%s", rt_zh());
  json_t *ops = json_object_get(d, "body");
  cr_assert_eq(json_array_size(ops), 3);
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(ops, 0), "op")), "delete");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(ops, 0), "text")),
                   "第一段：老城区停车位不足。\n");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(ops, 1), "op")), "insert");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(ops, 2), "op")), "equal");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(ops, 2), "text")),
                   "第二段：建议建设立体停车场。\n");
  cr_expect_eq(json_integer_value(json_object_get(d, "inserted")), 1);
  cr_expect_eq(json_integer_value(json_object_get(d, "deleted")), 1);
  json_decref(d);
  /* by characters: two inserted, nothing deleted */
  d = report_diff(&rt_ctx, id, 1, 2, "char");
  cr_assert_not_null(d, "%s", rt_zh());
  ops = json_object_get(d, "body");
  cr_assert_eq(json_array_size(ops), 3);
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(ops, 0), "text")),
                   "第一段：老城区停车位");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(ops, 1), "op")), "insert");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(ops, 1), "text")), "严重");
  cr_expect_eq(json_integer_value(json_object_get(d, "inserted")), 2);
  cr_expect_eq(json_integer_value(json_object_get(d, "deleted")), 0);
  json_t *tops = json_object_get(d, "title");
  cr_expect_eq(json_array_size(tops), 1, "the title did not change between 1 and 2");
  json_decref(d);
  /* unknown version, bad mode */
  cr_expect_null(report_diff(&rt_ctx, id, 9, 0, "line"));
  cr_expect_eq(rt_ctx.err.status, 404);
  rt_reset();
  cr_expect_null(report_diff(&rt_ctx, id, 1, 0, "word"));
  cr_expect_eq(rt_ctx.err.status, 422);
  rt_reset();
}

Test(report, diff_of_texts) {
  int64_t ins = 0, del = 0;
  json_t *ops = report_diff_text("abc", "abc", true, &ins, &del);
  cr_expect_eq(json_array_size(ops), 1);
  cr_expect_eq(ins + del, 0);
  json_decref(ops);
  ops = report_diff_text("", "新", true, &ins, &del);
  cr_expect_eq(json_array_size(ops), 1);
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(ops, 0), "op")), "insert");
  json_decref(ops);
  ins = del = 0;
  ops = report_diff_text("甲乙丙丁", "甲丙戊丁", true, &ins, &del);
  /* 甲 =, 乙 -, 丙 =, 戊 +, 丁 = */
  cr_expect_eq(json_array_size(ops), 5);
  cr_expect_eq(ins, 1);
  cr_expect_eq(del, 1);
  json_decref(ops);
}

/* ---- points ---------------------------------------------------------------------------------- */

Test(report, points_by_level_under_the_example_rule_set) {
  int64_t id = rt_new(rt_u1, "城市内涝", "排水管网老化。");
  RT_OK(rt_u1, id, RA_SUBMIT, NULL);
  cr_expect_eq(rt_entries(id), 0, "the submit click earns nothing");
  RT_OK(rt_office, id, RA_ACCEPT, NULL);
  cr_expect_eq(rt_entries(id), 1, "accepted for review: the submission's points");
  /* accepted on 5 January 2026 (CST), so that the year and the order of the events are fixed */
  cr_assert_eq(db_exec(rt_ctx.db,
                       "UPDATE reports SET submitted_at = ?, accepted_at = ? WHERE id = ?", "iii",
                       days_from_civil(2026, 1, 5) * 86400 - CST_OFFSET + 3600,
                       days_from_civil(2026, 1, 5) * 86400 - CST_OFFSET + 3600, id),
               DB_DONE);
  cr_assert(points_sync(rt_ctx.db, "report", id));
  int64_t raw = 0;
  cr_expect_eq(rt_points(id, "report.submitted", &raw), 100);
  RT_OK(rt_office, id, RA_ADOPT, "{\"adopted_on\":\"2026-03-01\"}");
  cr_expect_eq(rt_points(id, "report.adopted", &raw), 50);
  RT_OK(rt_office, id, RA_ADOPTION, "{\"level\":\"province\",\"adopted_on\":\"2026-03-02\"}");
  cr_expect_eq(rt_points(id, "report.adopted_province", &raw), 50);
  RT_OK(rt_office, id, RA_INSTRUCTION,
        "{\"level\":\"local\",\"leader_name\":\"甲\",\"text\":\"阅\",\"given_on\":\"2026-03-03\"}");
  cr_expect_eq(rt_points(id, "report.instruction_local", &raw), 100);
  /* a second local instruction is one more record, not one more entry */
  RT_OK(rt_office, id, RA_INSTRUCTION,
        "{\"level\":\"local\",\"leader_name\":\"乙\",\"text\":\"阅\",\"given_on\":\"2026-03-04\"}");
  cr_expect_eq(rt_entries(id), 4);
  RT_OK(rt_office, id, RA_INSTRUCTION,
        "{\"level\":\"province\",\"leader_name\":\"丙\",\"text\":\"阅\",\"given_on\":\"2026-03-"
        "05\"}");
  cr_expect_eq(rt_points(id, "report.instruction_province", &raw), 200);
  /* 10 + 5 + 5 + 10 + 20 = 50 so far; national 20 reaches the category's cap of 60 */
  RT_OK(rt_office, id, RA_ADOPTION, "{\"level\":\"national\",\"adopted_on\":\"2026-03-06\"}");
  cr_expect_eq(rt_points(id, "report.adopted_national", &raw), 100,
               "cut to what is left under the cap");
  cr_expect_eq(raw, 200);
  RT_OK(
      rt_office, id, RA_INSTRUCTION,
      "{\"level\":\"central\",\"leader_name\":\"丁\",\"text\":\"阅\",\"given_on\":\"2026-03-07\"}");
  cr_expect_eq(rt_points(id, "report.instruction_central", &raw), 0);
  cr_expect_eq(raw, 300);
  cr_expect_eq(
      db_int(rt_ctx.db, 0, "SELECT SUM(points) FROM points_ledger WHERE member_id = ?", "i", rt_m1),
      600);
  cr_expect_eq(db_int(rt_ctx.db, 0,
                      "SELECT total FROM points_totals WHERE member_id = ? AND year = 2026", "i",
                      rt_m1),
               600);
}

Test(report, points_go_when_withdrawn_or_merged_away_and_collectives_earn_none) {
  int64_t a = rt_new(rt_u1, "甲", "正文。"), b = rt_new(rt_u2, "乙", "正文。");
  RT_OK(rt_u1, a, RA_SUBMIT, NULL);
  RT_OK(rt_u2, b, RA_SUBMIT, NULL);
  cr_expect_eq(rt_entries(a), 0, "not before the office accepts it");
  RT_OK(rt_office, a, RA_ACCEPT, NULL);
  RT_OK(rt_office, b, RA_ACCEPT, "{\"note\":\"进入审核\"}");
  cr_expect_eq(rt_entries(a), 1);
  /* accepted once: a second acceptance is refused and changes nothing */
  RT_FAIL(409, "conflict", rt_office, a, RA_ACCEPT, NULL);
  cr_expect_eq(rt_entries(a), 1);
  RT_OK(rt_u1, a, RA_WITHDRAW, NULL);
  cr_expect_eq(rt_entries(a), 0);
  int64_t c = rt_new(rt_u1, "丙", "正文。");
  RT_OK(rt_u1, c, RA_SUBMIT, NULL);
  RT_OK(rt_office, c, RA_ACCEPT, NULL);
  cr_expect_eq(rt_entries(c), 1);
  RT_OK(rt_office, c, RA_MERGE, "{\"into\":%lld}", (long long)b);
  cr_expect_eq(rt_entries(c), 0);
  cr_expect_eq(rt_entries(b), 1);
  /* a rejected report keeps its submission */
  RT_OK(rt_office, b, RA_REJECT, "{\"reason\":\"已有同类信息\"}");
  cr_expect_eq(rt_points(b, "report.submitted", NULL), 100);
  /* a collective report, entered by staff */
  int64_t party = db_int(rt_ctx.db, 0, "SELECT MIN(id) FROM parties", NULL);
  char text[256];
  snprintf(text, sizeof text,
           "{\"title\":\"集体\",\"category\":\"其他\",\"committee_id\":%lld,\"collective_kind\":"
           "\"party\","
           "\"collective_id\":%lld,\"body\":\"正文。\"}",
           (long long)rt_city, (long long)party);
  json_t *in = rt_json(text);
  rt_reset();
  rt_ctx.user = rt_office;
  int64_t d = entity_create(&rt_ctx, &report_entity, in);
  rt_ctx.user = NULL;
  json_decref(in);
  cr_assert_gt(d, 0, "%s", rt_zh());
  RT_OK(rt_office, d, RA_SUBMIT, NULL);
  RT_OK(rt_office, d, RA_ADOPT, "{}");
  cr_expect_eq(rt_entries(d), 0);
}

Test(report, a_not_filed_proposal_becomes_a_report_linked_both_ways) {
  char text[512];
  snprintf(text, sizeof text,
           "{\"title\":\"加强社区养老\",\"category\":\"社会建设\",\"committee_id\":%lld,\"proposer_"
           "id\":%lld,"
           "\"facts\":\"情况\",\"analysis\":\"分析\",\"suggestions\":\"建议\"}",
           (long long)rt_city, (long long)rt_m1);
  json_t *in = rt_json(text);
  rt_reset();
  int64_t p = entity_create(&rt_ctx, &proposal_entity, in);
  json_decref(in);
  cr_assert_gt(p, 0, "%s", rt_zh());
  rt_reset();
  cr_assert(proposal_act(&rt_ctx, p, PA_SUBMIT, NULL), "%s", rt_zh());
  in = rt_json("{\"reason\":5}");
  cr_assert(proposal_act(&rt_ctx, p, PA_REJECT, in), "%s", rt_zh());
  json_decref(in);
  in = rt_json("{\"to\":\"report\"}");
  rt_ctx.user = rt_tiban;
  cr_assert(proposal_act(&rt_ctx, p, PA_CONVERT, in), "%s", rt_zh());
  rt_ctx.user = NULL;
  json_decref(in);
  int64_t r = db_int(rt_ctx.db, 0, "SELECT converted_id FROM proposals WHERE id = ?", "i", p);
  cr_assert_gt(r, 0);
  cr_expect_eq(db_int(rt_ctx.db, 0, "SELECT proposal_id FROM reports WHERE id = ?", "i", r), p);
  cr_expect_eq(db_int(rt_ctx.db, 0, "SELECT member_id FROM reports WHERE id = ?", "i", r), rt_m1);
  cr_expect_str_eq(rt_status(r), "submitted");
  cr_expect_eq(rt_points(r, "report.submitted", NULL), 100);
  /* the office reviews it like any other */
  RT_OK(rt_office, r, RA_ADOPT, "{}");
  /* and the member sees it as its own */
  rt_reset();
  rt_ctx.user = rt_u1;
  cr_expect(report_visible(&rt_ctx, r));
  rt_ctx.user = rt_u2;
  cr_expect_not(report_visible(&rt_ctx, r));
  rt_ctx.user = NULL;
}

/* n times 字 as a JSON-safe string (in the arena). */
static const char *rt_chars(int n) {
  char *s = arena_alloc(&rt_arena, (size_t)n * 3 + 1);
  s[0] = 0;
  for (int i = 0; i < n; i++) strcat(s, "字");
  return s;
}

static int64_t rt_count(const char *sql, int64_t id) { return db_int(rt_ctx.db, -1, sql, "i", id); }

/* report.body_max holds for the office's edits, at adoption and for a report made from a
** proposal, not only at the member's submission; each refusal is 422 naming body and changes
** nothing. The author's own draft may run long until it is submitted. */
Test(report, the_body_limit_holds_on_every_path_that_writes_it) {
  cr_assert_eq(db_exec(rt_ctx.db,
                       "INSERT INTO settings (committee_id, key, value) VALUES (?, "
                       "'report.body_max', '250')",
                       "i", rt_city),
               DB_DONE);
  char in[2048];
  int64_t id = rt_new(rt_u1, "停车难", rt_chars(150));
  /* the author's draft: over the limit is kept, refused at submission */
  snprintf(in, sizeof in, "{\"body\":\"%s\"}", rt_chars(251));
  cr_assert(rt_edit(rt_u1, id, in), "%s", rt_zh());
  RT_FAIL(422, "invalid_field", rt_u1, id, RA_SUBMIT, NULL);
  cr_expect_str_eq(rt_ctx.err.field, "body");
  snprintf(in, sizeof in, "{\"body\":\"%s\"}", rt_chars(250));
  cr_assert(rt_edit(rt_u1, id, in), "%s", rt_zh());
  RT_OK(rt_u1, id, RA_SUBMIT, NULL);
  /* the office's edit over the limit: 422 body, nothing written */
  int64_t versions = rt_count("SELECT COUNT(*) FROM report_versions WHERE report_id = ?", id),
          events = rt_count("SELECT COUNT(*) FROM report_events WHERE report_id = ?", id);
  snprintf(in, sizeof in, "{\"title\":\"改过的标题\",\"body\":\"%s\"}", rt_chars(251));
  cr_expect_not(rt_edit(rt_office, id, in));
  cr_expect_eq(rt_ctx.err.status, 422);
  cr_expect_str_eq(rt_code(), "invalid_field");
  cr_expect_str_eq(rt_ctx.err.field, "body");
  cr_expect(strstr(rt_zh(), "251") && strstr(rt_zh(), "250"), "%s", rt_zh());
  cr_expect_eq(rt_count("SELECT COUNT(*) FROM report_versions WHERE report_id = ?", id), versions);
  cr_expect_eq(rt_count("SELECT COUNT(*) FROM report_events WHERE report_id = ?", id), events);
  cr_expect_eq(rt_count("SELECT COUNT(*) FROM reports WHERE id = ? AND title = '停车难'", id), 1);
  /* within it, the office edits */
  snprintf(in, sizeof in, "{\"body\":\"%s\"}", rt_chars(240));
  cr_assert(rt_edit(rt_office, id, in), "%s", rt_zh());
  /* at adoption: a text over the limit (the limit lowered since) is not adopted */
  cr_assert_eq(db_exec(rt_ctx.db,
                       "UPDATE settings SET value = '230' WHERE committee_id = ? AND key = "
                       "'report.body_max'",
                       "i", rt_city),
               DB_DONE);
  RT_FAIL(422, "invalid_field", rt_office, id, RA_ADOPT, "{}");
  cr_expect_str_eq(rt_ctx.err.field, "body");
  cr_expect_str_eq(rt_status(id), "submitted");
  cr_expect_eq(rt_count("SELECT COUNT(*) FROM report_adoptions WHERE report_id = ?", id), 0);
  snprintf(in, sizeof in, "{\"body\":\"%s\"}", rt_chars(230));
  cr_assert(rt_edit(rt_office, id, in), "%s", rt_zh());
  RT_OK(rt_office, id, RA_ADOPT, "{}");
  /* an adopted report: the office's edits keep to it too */
  snprintf(in, sizeof in, "{\"body\":\"%s\"}", rt_chars(231));
  cr_expect_not(rt_edit(rt_office, id, in));
  cr_expect_str_eq(rt_ctx.err.field, "body");

  /* a not-filed proposal converted: its joined text is the report's body and must fit; the
  ** office may give the text edited to fit */
  snprintf(in, sizeof in,
           "{\"title\":\"加强社区养老\",\"category\":\"社会建设\",\"committee_id\":%lld,"
           "\"proposer_id\":%lld,\"facts\":\"%s\",\"analysis\":\"分析\",\"suggestions\":\"建议\"}",
           (long long)rt_city, (long long)rt_m1, rt_chars(228));
  json_t *j = rt_json(in);
  rt_reset();
  int64_t p = entity_create(&rt_ctx, &proposal_entity, j);
  json_decref(j);
  cr_assert_gt(p, 0, "%s", rt_zh());
  rt_reset();
  cr_assert(proposal_act(&rt_ctx, p, PA_SUBMIT, NULL), "%s", rt_zh());
  j = rt_json("{\"reason\":5}");
  cr_assert(proposal_act(&rt_ctx, p, PA_REJECT, j), "%s", rt_zh());
  json_decref(j);
  int64_t reports = db_int(rt_ctx.db, 0, "SELECT COUNT(*) FROM reports", "");
  j = rt_json("{\"to\":\"report\"}");
  rt_ctx.user = rt_tiban;
  cr_expect_not(proposal_act(&rt_ctx, p, PA_CONVERT, j));
  rt_ctx.user = NULL;
  json_decref(j);
  cr_expect_eq(rt_ctx.err.status, 422);
  cr_expect_str_eq(rt_ctx.err.field, "body");
  cr_expect_eq(db_int(rt_ctx.db, 0, "SELECT COUNT(*) FROM reports", ""), reports);
  cr_expect_eq(rt_count("SELECT COUNT(*) FROM proposals WHERE id = ? AND converted_to IS NULL AND "
                        "converted_id IS NULL AND status = 'not_filed'",
                        p),
               1);
  rt_reset();
  j = rt_json("{\"to\":\"report\",\"body\":\"社区养老服务设施不足，建议增设日间照料中心。\"}");
  rt_ctx.user = rt_tiban;
  cr_assert(proposal_act(&rt_ctx, p, PA_CONVERT, j), "%s", rt_zh());
  rt_ctx.user = NULL;
  json_decref(j);
  int64_t r = db_int(rt_ctx.db, 0, "SELECT converted_id FROM proposals WHERE id = ?", "i", p);
  cr_expect_eq(rt_count("SELECT COUNT(*) FROM reports WHERE id = ? AND body = "
                        "'社区养老服务设施不足，建议增设日间照料中心。'",
                        r),
               1);
  /* a body is for a report only */
  rt_reset();
  j = rt_json("{\"to\":\"reference_letter\",\"body\":\"x\"}");
  cr_expect_not(proposal_act(&rt_ctx, p, PA_CONVERT, j));
  json_decref(j);
  cr_expect_str_eq(rt_ctx.err.field ? rt_ctx.err.field : "-", "body");
}

Test(report, lists_search_and_statistics) {
  int64_t a = rt_new(rt_u1, "老旧小区加装电梯", "加装电梯费用分摊难。"),
          b = rt_new(rt_u2, "农村饮水安全", "水源保护不足。");
  RT_OK(rt_u1, a, RA_SUBMIT, NULL);
  RT_OK(rt_u2, b, RA_SUBMIT, NULL);
  RT_OK(rt_office, a, RA_ADOPT, "{}");
  RT_OK(rt_office, a, RA_ADOPTION, "{\"level\":\"province\"}");
  RT_OK(rt_office, a, RA_INSTRUCTION,
        "{\"level\":\"local\",\"leader_name\":\"甲\",\"text\":\"阅\"}");
  struct report_query q = {0};
  q.q = "电梯 分摊";
  rt_reset();
  rt_ctx.user = rt_office;
  json_t *l = report_list(&rt_ctx, &q);
  cr_assert_not_null(l);
  cr_expect_eq(json_integer_value(json_object_get(l, "total")), 1);
  json_decref(l);
  /* the bigrams of a query without spaces need not be adjacent in the text */
  q.q = "电梯分摊";
  l = report_list(&rt_ctx, &q);
  cr_expect_eq(json_integer_value(json_object_get(l, "total")), 0, "分摊 is there, 梯分 is not");
  json_decref(l);
  q.q = "加装电梯";
  l = report_list(&rt_ctx, &q);
  cr_expect_eq(json_integer_value(json_object_get(l, "total")), 1);
  json_decref(l);
  q.q = "饮水 水源";
  l = report_list(&rt_ctx, &q);
  cr_expect_eq(json_integer_value(json_object_get(l, "total")), 1);
  json_decref(l);
  q.q = NULL;
  q.statuses = "submitted";
  l = report_list(&rt_ctx, &q);
  cr_expect_eq(json_integer_value(json_object_get(l, "total")), 1);
  json_decref(l);
  q.statuses = "bogus";
  cr_expect_null(report_list(&rt_ctx, &q));
  rt_reset();
  /* a member lists its own only */
  rt_ctx.user = rt_u2;
  q.statuses = NULL;
  l = report_list(&rt_ctx, &q);
  cr_expect_eq(json_integer_value(json_object_get(l, "total")), 1);
  json_decref(l);
  rt_ctx.user = rt_office;
  json_t *s = report_stats(&rt_ctx, rt_city, 0);
  rt_ctx.user = NULL;
  cr_assert_not_null(s, "%s", rt_zh());
  json_t *t = json_object_get(s, "totals");
  cr_expect_eq(json_integer_value(json_object_get(t, "submitted")), 2);
  cr_expect_eq(json_integer_value(json_object_get(t, "adopted")), 1);
  cr_expect_eq(json_integer_value(json_object_get(t, "adopted_above")), 1);
  cr_expect_eq(json_integer_value(json_object_get(t, "instructions")), 1);
  cr_expect_eq(json_array_size(json_object_get(s, "by_member")), 2);
  cr_expect_eq(json_array_size(json_object_get(s, "by_month")), 1);
  json_decref(s);
}
