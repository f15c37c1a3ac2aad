/* src/job/job.c: the job queue and its worker. */
#include "job.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "auth/secret.h"
#include "auth/session.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "entity/entity.h"
#include "notify/notify.h"

#define MAX_KINDS 32
static const struct job_kind *kinds[MAX_KINDS];
static int nkinds;

void job_kinds_add(const struct job_kind *table) {
  for (; table && table->name; table++)
    if (nkinds < MAX_KINDS) kinds[nkinds++] = table;
}

#define MAX_SCHEDULES 8
static const struct job_schedule *schedules[MAX_SCHEDULES];
static int nschedules;

void job_schedules_add(const struct job_schedule *table) {
  for (; table && table->name; table++)
    if (nschedules < MAX_SCHEDULES) schedules[nschedules++] = table;
}

struct entity_ctx job_entity_ctx(struct job_ctx *j) {
  const char *lang = json_string_value(json_object_get(j->params, "lang"));
  return (struct entity_ctx){.db = j->db,
                             .arena = j->arena,
                             .user = j->user_id ? user_load(j->db, j->arena, j->user_id) : NULL,
                             .ip = "job",
                             .en = lang && !strcmp(lang, "en"),
                             .secret = j->secret};
}

static const struct job_kind *find_kind(const char *name) {
  for (int i = 0; i < nkinds; i++)
    if (!strcmp(kinds[i]->name, name)) return kinds[i];
  return NULL;
}

bool job_may_read(struct entity_ctx *ctx, const char *kind, int64_t record_id) {
  const struct job_kind *k = find_kind(kind);
  if (!k || !ctx->user) return false;
  if (!k->perm) return true;
  if (!access_role_has(ctx->user->role, k->perm)) return false;
  return !k->visible || (record_id > 0 && k->visible(ctx, record_id));
}

bool job_set_file(struct job_ctx *j, const struct entity_ctx *ctx, bool built, struct buf *out,
                  const char *content_type, const char *filename) {
  bool ok =
      built && job_set_result(j, out->data ? out->data : "", out->len, content_type, filename);
  if (!ok && !j->error) j->error = ctx->err.zh ? ctx->err.zh : "导出失败";
  buf_free(out);
  return ok;
}

int64_t job_enqueue(struct db *db, const char *kind, const json_t *params, const void *input,
                    size_t input_len, int64_t user_id, int64_t committee_id) {
  char *p = params ? json_dumps(params, JSON_COMPACT) : strdup("{}");
  int64_t id = db_int(db, 0,
                      "INSERT INTO jobs (kind, params, input, user_id, committee_id, created_at)"
                      " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                      "ttBIIi", kind, p, input, input_len, user_id, committee_id, time_now());
  free(p);
  return id;
}

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct job_state {
  double last_write;
  void (*on_progress)(int64_t, int64_t, const char *);
};

static __thread struct job_state *current;

void job_progress(struct job_ctx *ctx, int64_t done, int64_t total, const char *stage) {
  ctx->done = done;
  ctx->total = total;
  double now = mono();
  bool last = done >= total;
  if (current && current->on_progress) current->on_progress(done, total, stage);
  if (current && !last && now - current->last_write < 0.25) return;
  if (current) current->last_write = now;
  db_exec(ctx->db, "UPDATE jobs SET done = ?, total = ?, stage = ?, heartbeat_at = ? WHERE id = ?",
          "iitii", done, total, stage ? stage : "", time_now(), ctx->id);
}

bool job_set_result(struct job_ctx *ctx, const void *data, size_t len, const char *content_type,
                    const char *filename) {
  /* a file waits for its download sealed: a roster export holds phone and ID numbers */
  bool seal = ctx->secret != NULL;
  if (seal) data = secret_seal_bytes(ctx->secret, ctx->arena, data, len, &len);
  return db_exec(ctx->db,
                 "UPDATE jobs SET result = ?, result_type = ?, result_name = ?, result_sealed = ?"
                 " WHERE id = ?",
                 "Bttii", data, len, content_type, filename, (int64_t)seal, ctx->id) == DB_DONE;
}

bool job_set_result_json(struct job_ctx *ctx, const json_t *j) {
  char *s = json_dumps(j, JSON_COMPACT);
  bool ok =
      db_exec(ctx->db, "UPDATE jobs SET result_json = ? WHERE id = ?", "ti", s, ctx->id) == DB_DONE;
  free(s);
  return ok;
}

json_t *job_json(struct db *db, int64_t id) {
  struct db_stmt *st = db_query(db,
                                "SELECT id, kind, status, done, total, stage, error, result_type,"
                                " result_name, result_json, created_at, started_at, finished_at,"
                                " result IS NOT NULL AND COALESCE(finished_at, ?) >= ?,"
                                " COALESCE(user_id,0), COALESCE(committee_id,0)"
                                " FROM jobs WHERE id = ?",
                                "iii", time_now(), time_now() - JOB_RESULT_SECONDS, id);
  json_t *j = NULL;
  if (db_step(st) == DB_ROW) {
    char t[32];
    j = json_pack("{s:I,s:s,s:s,s:I,s:I,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "kind",
                  db_col_text(st, 1), "status", db_col_text(st, 2), "done",
                  (json_int_t)db_col_int(st, 3), "total", (json_int_t)db_col_int(st, 4), "stage",
                  db_col_text(st, 5), "error", db_col_text(st, 6));
    int64_t total = db_col_int(st, 4), done = db_col_int(st, 3);
    json_object_set_new(j, "percent",
                        json_integer(total > 0 ? (done * 100 / total)
                                               : (!strcmp(db_col_text(st, 2), "done") ? 100 : 0)));
    json_object_set_new(j, "has_file", json_boolean(db_col_int(st, 13)));
    if (db_col_int(st, 13)) {
      json_object_set_new(j, "result_type", json_string(db_col_text(st, 7)));
      json_object_set_new(j, "result_name", json_string(db_col_text(st, 8)));
      json_object_set_new(j, "result_url", json_sprintf("/api/v1/jobs/%lld/result", (long long)id));
    }
    json_t *r = db_col_null(st, 9) ? NULL : json_loads(db_col_text(st, 9), 0, NULL);
    json_object_set_new(j, "result", r ? r : json_null());
    json_object_set_new(j, "created_at", json_string(time_iso(db_col_int(st, 10), t)));
    json_object_set_new(j, "started_at",
                        db_col_null(st, 11) ? json_null()
                                            : json_string(time_iso(db_col_int(st, 11), t)));
    json_object_set_new(j, "finished_at",
                        db_col_null(st, 12) ? json_null()
                                            : json_string(time_iso(db_col_int(st, 12), t)));
    json_object_set_new(j, "user_id", json_integer(db_col_int(st, 14)));
    json_object_set_new(j, "committee_id", json_integer(db_col_int(st, 15)));
  }
  db_done(st);
  return j;
}

/* An export runs as its account: only while the account exists, holds the kind's permission
** and may read the record. */
static bool export_allowed(struct job_ctx *j, const char *kind) {
  if (!j->user_id) return false;
  struct entity_ctx ctx = job_entity_ctx(j);
  return job_may_read(&ctx, kind, j->record_id);
}

static bool run_job(struct db *db, const struct job_env *env, int64_t id,
                    void (*on_progress)(int64_t, int64_t, const char *)) {
  struct arena arena;
  arena_init(&arena);
  struct job_ctx ctx = {.id = id, .db = db, .secret = env ? env->secret : NULL, .arena = &arena};
  char kind[64] = "";
  struct db_stmt *st = db_query(db,
                                "SELECT kind, params, input, COALESCE(user_id,0),"
                                " COALESCE(committee_id,0) FROM jobs WHERE id = ?",
                                "i", id);
  if (db_step(st) == DB_ROW) {
    snprintf(kind, sizeof kind, "%s", db_col_text(st, 0));
    ctx.params = json_loads(db_col_text(st, 1), 0, NULL);
    size_t n = 0;
    const void *in = db_col_blob(st, 2, &n);
    if (in && n) {
      void *copy = arena_alloc(&arena, n + 1);
      memcpy(copy, in, n);
      ctx.input = copy;
      ctx.input_len = n;
    }
    ctx.user_id = db_col_int(st, 3);
    ctx.committee_id = db_col_int(st, 4);
  }
  db_done(st);
  if (!ctx.params) ctx.params = json_object();
  json_t *rid = json_object_get(ctx.params, "record_id");
  ctx.record_id = json_is_integer(rid) ? json_integer_value(rid) : 0;
  const struct job_kind *k = find_kind(kind);
  struct job_state state = {.on_progress = on_progress};
  current = &state;
  bool ok = false;
  if (!k)
    ctx.error = "未知的任务类型";
  else if (k->perm && !export_allowed(&ctx, kind))
    ctx.error = "提交任务的账号已停用，或已无权读取这些记录";
  else
    ok = k->run(&ctx);
  current = NULL;
  if (ok)
    db_exec(
        db,
        "UPDATE jobs SET status = 'done', done = total, stage = ?, finished_at = ? WHERE id = ?",
        "tii", "完成", time_now(), id);
  else
    db_exec(db, "UPDATE jobs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?", "tii",
            ctx.error ? ctx.error : "任务失败", time_now(), id);
  if (!ok) log_warn("job %lld (%s) failed: %s", (long long)id, kind, ctx.error ? ctx.error : "?");
  if (ctx.user_id && !(k && k->quiet)) {
    /* the person who started it hears how it ended, in the bell */
    const char *label = k && k->label ? k->label : kind;
    char title[160], link[48];
    snprintf(title, sizeof title, "%s%s", label, ok ? "已完成" : "失败");
    snprintf(link, sizeof link, "/jobs/%lld", (long long)id);
    notify_post(db, ctx.user_id, ok ? "job_done" : "job_failed", title,
                ok ? "" : (ctx.error ? ctx.error : ""), link);
  }
  json_decref(ctx.params);
  arena_free(&arena);
  return ok;
}

/* Claims the oldest queued job for this worker; 0 when none. On PostgreSQL several nodes'
** workers claim at once: SKIP LOCKED lets each take a different job, and each job runs once. */
static int64_t claim(struct db *db) {
  int64_t now = time_now();
  if (db_engine(db) == DB_POSTGRES)
    return db_int(db, 0,
                  "UPDATE jobs SET status = 'running', started_at = ?, heartbeat_at = ?,"
                  " attempts = attempts + 1 WHERE id = (SELECT id FROM jobs WHERE status = 'queued'"
                  " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id",
                  "ii", now, now);
  return db_int(db, 0,
                "UPDATE jobs SET status = 'running', started_at = ?, heartbeat_at = ?,"
                " attempts = attempts + 1 WHERE id = (SELECT id FROM jobs WHERE status = 'queued'"
                " ORDER BY id LIMIT 1) AND status = 'queued' RETURNING id",
                "ii", now, now);
}

bool job_run_next(struct db *db, const struct job_env *env) {
  int64_t id = claim(db);
  if (!id) return false;
  run_job(db, env, id, NULL);
  return true;
}

bool job_run_now(struct db *db, const struct job_env *env, int64_t id,
                 void (*on_progress)(int64_t done, int64_t total, const char *stage)) {
  int64_t now = time_now();
  if (db_exec(db,
              "UPDATE jobs SET status = 'running', started_at = ?, heartbeat_at = ?,"
              " attempts = attempts + 1 WHERE id = ? AND status = 'queued'",
              "iii", now, now, id) != DB_DONE ||
      db_changes(db) != 1)
    return false;
  return run_job(db, env, id, on_progress);
}

int job_recover(struct db *db, int64_t stale) {
  int n = 0;
  db_exec(db,
          "UPDATE jobs SET status = 'failed', finished_at = ?, error = ? WHERE status = 'running'"
          " AND attempts >= ? AND (heartbeat_at IS NULL OR heartbeat_at < ?)",
          "itii", time_now(), "服务器在任务运行中停止，已重试多次仍未完成",
          (int64_t)JOB_MAX_ATTEMPTS, stale);
  n += (int)db_changes(db);
  db_exec(db,
          "UPDATE jobs SET status = 'queued', stage = ? WHERE status = 'running'"
          " AND (heartbeat_at IS NULL OR heartbeat_at < ?)",
          "ti", "服务器重启后重新排队", stale);
  n += (int)db_changes(db);
  return n;
}

int job_expire(struct db *db, int64_t ended_before) {
  db_exec(db,
          "UPDATE jobs SET result = NULL WHERE result IS NOT NULL AND finished_at IS NOT NULL"
          " AND finished_at < ?",
          "i", ended_before);
  return (int)db_changes(db);
}

struct job_runner {
  struct job_env env;
  pthread_t tid;
  atomic_int stop; /* set by job_runner_stop, read by the worker */
};

/* How much lower than the event loops the worker thread runs (its nice value): a PDF being made
** takes a core's time only when the loops leave it, so requests are answered first. */
#define JOB_NICE 10

static void *runner_main(void *arg) {
  struct job_runner *r = arg;
  /* Linux: the nice value of this thread alone (a thread is a task with its own id) */
  if (setpriority(PRIO_PROCESS, (id_t)gettid(), JOB_NICE))
    log_warn("job worker: cannot lower its priority");
  char *err = NULL;
  struct db *db = db_open(r->env.db_url, &err);
  if (!db) {
    log_error("job worker cannot open the database: %s", err ? err : "?");
    free(err);
    return NULL;
  }
  /* A SQLite file has one server: what was running when it stopped is taken up at once. With
  ** PostgreSQL other nodes may be running jobs, so only those without a heartbeat are. */
  bool single = db_engine(db) == DB_SQLITE;
  double last_recover = 0, started = mono(), last_run[MAX_SCHEDULES] = {0};
  while (!atomic_load(&r->stop)) {
    for (int i = 0; i < nschedules; i++) {
      double now = mono();
      if (last_run[i] ? now - last_run[i] < schedules[i]->interval : now - started < 10) continue;
      last_run[i] = now;
      schedules[i]->run(db);
    }
    if (last_recover == 0 || mono() - last_recover > JOB_STALE_SECONDS / 2) {
      int64_t stale = single && last_recover == 0 ? time_now() + 1 : time_now() - JOB_STALE_SECONDS;
      int n = job_recover(db, stale);
      if (n) log_info("%d 个中断的任务已重新排队或标记失败", n);
      job_expire(db, time_now() - JOB_RESULT_SECONDS);
      last_recover = mono();
    }
    if (!job_run_next(db, &r->env)) usleep(200 * 1000);
  }
  db_close(db);
  return NULL;
}

struct job_runner *job_runner_start(const struct job_env *env) {
  struct job_runner *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->env = *env;
  if (pthread_create(&r->tid, NULL, runner_main, r)) {
    free(r);
    return NULL;
  }
  return r;
}

void job_runner_stop(struct job_runner *r) {
  if (!r) return;
  atomic_store(&r->stop, 1);
  pthread_join(r->tid, NULL);
  free(r);
}
