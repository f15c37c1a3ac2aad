/* tests/unit/test_job.c: the job queue's rules for exports (issue 15, defect 10): who may read
** what an export made (job_may_read: the kind's permission and its rule for the one record),
** an export never runs without the account that asked, its file is stored by job_set_file and
** is past its time JOB_RESULT_SECONDS after the job ended (has_file false at once, the bytes
** dropped by job_expire); the filters of a list export survive the trip through the job's
** parameters (entity_query_json, entity_query_of_json). */
#include "auth/access.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "db/migrate.h"
#include "entity/entity.h"
#include "job/job.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char jt_path[64];
static struct db *jt_db;
static int jt_runs; /* how many times a kind's run was called */

/* The record an export of "jt_export" may be made of: 7 only. */
static bool jt_visible(struct entity_ctx *ctx, int64_t id) {
  (void)ctx;
  return id == 7;
}

/* Stores "made <record_id>" as a text file. */
static bool jt_run(struct job_ctx *j) {
  jt_runs++;
  struct entity_ctx ctx = job_entity_ctx(j);
  struct buf out = {0};
  buf_printf(&out, "made %lld", (long long)j->record_id);
  return job_set_file(j, &ctx, true, &out, "text/plain", "made.txt");
}

/* A run that fails to build its file, with the entity's error. */
static bool jt_fail(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  entity_fail(&ctx, ERR_INVALID_FIELD, "year", "年度不对", "Bad year");
  struct buf out = {0};
  buf_puts(&out, "half");
  bool ok = job_set_file(j, &ctx, false, &out, "text/plain", "x.txt");
  json_decref(ctx.err.errors);
  return ok;
}

static const struct job_kind jt_kinds[] = {
    {"jt_export", "测试导出", jt_run, PERM_STATS_READ, jt_visible, true},
    {"jt_list", "测试列表导出", jt_run, PERM_STATS_READ},
    {"jt_plain", "测试任务", jt_run},
    {"jt_fail", "测试失败", jt_fail},
    {NULL},
};

static void jt_init(void) {
  strcpy(jt_path, "/tmp/lvzhi-test-job-XXXXXX");
  int fd = mkstemp(jt_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  jt_db = db_open(jt_path, &err);
  cr_assert_not_null(jt_db, "%s", err ? err : "");
  cr_assert_eq(migrate_run(jt_db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
  job_kinds_add(jt_kinds);
  jt_runs = 0;
}

static void jt_fini(void) {
  db_close(jt_db);
  char p[96];
  unlink(jt_path);
  snprintf(p, sizeof p, "%s-wal", jt_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", jt_path);
  unlink(p);
}

TestSuite(job, .init = jt_init, .fini = jt_fini);

static const struct user jt_staff = {.id = 1, .role = ROLE_SECRETARIAT, .committee_path = "/1/"};
static const struct user jt_member = {.id = 2, .role = ROLE_MEMBER, .committee_path = "/1/"};

static struct entity_ctx jt_ctx(struct arena *a, const struct user *u) {
  return (struct entity_ctx){.db = jt_db, .arena = a, .user = u, .ip = "test"};
}

Test(job, may_read_needs_the_kinds_permission_and_its_rule_for_the_record) {
  struct arena a;
  arena_init(&a);
  struct entity_ctx staff = jt_ctx(&a, &jt_staff), member = jt_ctx(&a, &jt_member),
                    none = jt_ctx(&a, NULL);
  /* one record: the permission (stats.read, which a member lacks) and the record's rule */
  cr_expect(job_may_read(&staff, "jt_export", 7));
  cr_expect_not(job_may_read(&staff, "jt_export", 8), "a record the rule refuses");
  cr_expect_not(job_may_read(&staff, "jt_export", 0), "an export of one record names it");
  cr_expect_not(job_may_read(&member, "jt_export", 7), "a role without the permission");
  /* a list: the permission alone */
  cr_expect(job_may_read(&staff, "jt_list", 0));
  cr_expect_not(job_may_read(&member, "jt_list", 0));
  /* not an export: any account; nobody without one, nor an unknown kind */
  cr_expect(job_may_read(&member, "jt_plain", 0));
  cr_expect_not(job_may_read(&none, "jt_plain", 0));
  cr_expect_not(job_may_read(&staff, "no_such_kind", 0));
  arena_free(&a);
}

Test(job, an_export_without_its_account_fails_without_running) {
  json_t *p = json_pack("{s:I}", "record_id", (json_int_t)7);
  int64_t id = job_enqueue(jt_db, "jt_export", p, NULL, 0, 0, 0);
  json_decref(p);
  cr_assert_gt(id, 0);
  cr_expect_not(job_run_now(jt_db, NULL, id, NULL));
  cr_expect_eq(jt_runs, 0, "the export's code never ran");
  json_t *j = job_json(jt_db, id);
  cr_assert_not_null(j);
  cr_expect_str_eq(json_string_value(json_object_get(j, "status")), "failed");
  cr_expect_str_eq(json_string_value(json_object_get(j, "error")),
                   "提交任务的账号已停用，或已无权读取这些记录");
  cr_expect(json_is_false(json_object_get(j, "has_file")));
  json_decref(j);
}

Test(job, a_file_is_stored_then_past_its_time_then_dropped) {
  json_t *p = json_pack("{s:I}", "record_id", (json_int_t)42);
  int64_t id = job_enqueue(jt_db, "jt_plain", p, NULL, 0, 0, 0);
  int64_t other = job_enqueue(jt_db, "jt_plain", NULL, NULL, 0, 0, 0);
  json_decref(p);
  cr_assert(job_run_now(jt_db, NULL, id, NULL));
  cr_assert(job_run_now(jt_db, NULL, other, NULL));
  cr_expect_eq(jt_runs, 2);
  json_t *j = job_json(jt_db, id);
  cr_expect_str_eq(json_string_value(json_object_get(j, "status")), "done");
  cr_expect(json_is_true(json_object_get(j, "has_file")));
  cr_expect_str_eq(json_string_value(json_object_get(j, "result_name")), "made.txt");
  json_decref(j);
  struct db_stmt *st = db_query(jt_db, "SELECT result FROM jobs WHERE id = ?", "i", id);
  cr_assert_eq(db_step(st), DB_ROW);
  size_t n = 0;
  const char *data = db_col_blob(st, 0, &n);
  cr_expect_eq(n, strlen("made 42"), "the record id reached the run: %zu bytes", n);
  cr_expect(data && !memcmp(data, "made 42", n));
  db_done(st);

  /* a day and an hour later: no file to show, before and after the worker drops it */
  db_exec(jt_db, "UPDATE jobs SET finished_at = ? WHERE id = ?", "ii",
          time_now() - JOB_RESULT_SECONDS - 3600, id);
  j = job_json(jt_db, id);
  cr_expect(json_is_false(json_object_get(j, "has_file")), "past its time at once");
  cr_expect_null(json_object_get(j, "result_url"));
  json_decref(j);
  cr_expect_eq(job_expire(jt_db, time_now() - JOB_RESULT_SECONDS), 1, "only the old one");
  cr_expect_eq(db_int(jt_db, -1, "SELECT COUNT(*) FROM jobs WHERE result IS NULL", ""), 1);
  j = job_json(jt_db, other);
  cr_expect(json_is_true(json_object_get(j, "has_file")), "the recent file stays");
  json_decref(j);
  cr_expect_eq(job_expire(jt_db, time_now() - JOB_RESULT_SECONDS), 0, "nothing twice");
}

Test(job, a_file_not_built_fails_with_the_entitys_reason_and_stores_nothing) {
  int64_t id = job_enqueue(jt_db, "jt_fail", NULL, NULL, 0, 0, 0);
  cr_expect_not(job_run_now(jt_db, NULL, id, NULL));
  json_t *j = job_json(jt_db, id);
  cr_expect_str_eq(json_string_value(json_object_get(j, "status")), "failed");
  cr_expect_str_eq(json_string_value(json_object_get(j, "error")), "年度不对");
  cr_expect(json_is_false(json_object_get(j, "has_file")));
  json_decref(j);
}

Test(job, list_filters_survive_the_jobs_parameters) {
  struct entity_query q = {.committee_id = 5, .q = "张", .limit = 50, .after_id = 99};
  q.names[q.n] = "gender", q.values[q.n++] = "female";
  q.names[q.n] = "", q.values[q.n++] = "a,b"; /* a filter a caller blanked out */
  q.names[q.n] = "sector_id", q.values[q.n++] = "12";
  json_t *o = entity_query_json(&q);
  char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
  cr_expect_str_eq(s,
                   "{\"committee_id\":5,\"gender\":\"female\",\"q\":\"张\",\"sector_id\":\"12\"}");
  free(s);
  /* through the text the jobs table keeps */
  char *text = json_dumps(o, JSON_COMPACT);
  json_t *back = json_loads(text, 0, NULL);
  free(text);
  struct entity_query r;
  entity_query_of_json(&r, back);
  cr_expect_eq(r.committee_id, 5);
  cr_expect_str_eq(r.q, "张");
  cr_expect_eq(r.n, 2);
  cr_expect_eq(r.limit, 0, "paging is not a filter");
  cr_expect_eq(r.after_id, 0);
  bool gender = false, sector = false;
  for (int i = 0; i < r.n; i++) {
    if (!strcmp(r.names[i], "gender")) gender = !strcmp(r.values[i], "female");
    if (!strcmp(r.names[i], "sector_id")) sector = !strcmp(r.values[i], "12");
  }
  cr_expect(gender && sector);
  entity_query_of_json(&r, NULL);
  cr_expect_eq(r.n, 0, "no filters: the whole scope");
  json_decref(back);
  json_decref(o);
}
