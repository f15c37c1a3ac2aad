/* src/job/job_http.c: a job's progress and result over HTTP. */
#include "job_http.h"
#include <string.h>
#include "auth/secret.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "entity/entity_http.h"
#include "http/request.h"
#include "http/router.h"
#include "job.h"

/* A user sees the jobs it started, and no one else's: a job's result may be an export only its
** owner may read (the audit log's is the audit administrator's, not the system
** administrator's). */
static bool job_visible(struct request *rq, int64_t id) {
  int64_t owner = db_int(rq->db, -1, "SELECT COALESCE(user_id, 0) FROM jobs WHERE id = ?", "i", id);
  return owner > 0 && owner == rq->user->id;
}

/* GET /api/v1/jobs/{id}: status (queued, running, done, failed), done/total/percent, stage,
** error, the JSON result and, for a file, result_url. */
static void job_get_h(struct request *rq) {
  json_t *j = job_json(rq->db, request_id(rq, "id"));
  if (!j) return reply_not_found(rq);
  reply_json(rq, 200, j);
}

/* GET /api/v1/jobs/{id}/result: the file a finished job made, to the account that started it
** (404 to any other) while it may still read what it was made from (an export: the kind's
** permission and, for one record, the record; else 404 as for the record). 409 until it is
** done; 404 once the file has been dropped (JOB_RESULT_SECONDS after the job ended). */
static void job_result_h(struct request *rq) {
  int64_t id = request_id(rq, "id");
  struct db_stmt *st = db_query(rq->db, "SELECT kind, params FROM jobs WHERE id = ?", "i", id);
  if (db_step(st) != DB_ROW) {
    db_done(st);
    return reply_not_found(rq);
  }
  const char *kind = arena_strdup(rq->arena, db_col_text(st, 0));
  json_t *params = json_loads(db_col_text(st, 1), 0, NULL);
  db_done(st);
  json_t *rid = json_object_get(params, "record_id");
  int64_t record_id = json_is_integer(rid) ? json_integer_value(rid) : 0;
  json_decref(params);
  if (!job_may_read(request_ctx(rq), kind, record_id)) return reply_not_found(rq);
  st = db_query(rq->db,
                "SELECT status, result, result_type, result_name, COALESCE(finished_at, 0),"
                " result_sealed FROM jobs WHERE id = ?",
                "i", id);
  if (db_step(st) != DB_ROW) {
    db_done(st);
    return reply_not_found(rq);
  }
  size_t n = 0;
  const void *data = db_col_blob(st, 1, &n);
  bool done = !strcmp(db_col_text(st, 0), "done");
  /* a file was stored (its type stays) and is past its time (dropped, or about to be) */
  bool dropped = done && *db_col_text(st, 2) && db_col_int(st, 4) < time_now() - JOB_RESULT_SECONDS;
  if (!done || !data || dropped) {
    db_done(st);
    if (dropped)
      return reply_error(rq, ERR_NOT_FOUND, NULL, "文件已超过保留时间（24 小时）被清除，请重新导出",
                         "The file was dropped after 24 hours; export again");
    return reply_error(rq, ERR_NOT_READY, NULL, "任务尚未完成或没有生成文件",
                       "The job has not finished or made no file");
  }
  if (db_col_int(st, 5)) { /* sealed at rest (job_set_result) */
    data = secret_open_bytes(request_ctx(rq)->secret, rq->arena, data, n, &n);
    if (!data) {
      db_done(st);
      return reply_error(rq, ERR_INTERNAL, NULL, "任务结果无法解密（安装密钥不符）",
                         "The job's result does not open with this installation's key");
    }
  }
  reply_bytes(rq, 200, db_col_text(st, 2), data, n, db_col_text(st, 3));
  db_done(st);
}

int64_t job_export_queue(struct request *rq, const char *kind, int64_t record_id, json_t *params) {
  if (!params) params = json_object();
  if (record_id) json_object_set_new(params, "record_id", json_integer(record_id));
  if (rq->lang == LANG_EN) json_object_set_new(params, "lang", json_string("en"));
  int64_t id = job_enqueue(rq->db, kind, params, NULL, 0, rq->user->id, rq->user->committee_id);
  json_decref(params);
  return id;
}

void job_export_start(struct request *rq, const char *kind, int64_t record_id, json_t *params) {
  int64_t id = job_export_queue(rq, kind, record_id, params);
  if (!id) return reply_db_error(rq);
  job_export_reply(rq, id);
}

void job_export_reply(struct request *rq, int64_t id) {
  json_t *job = job_json(rq->db, id);
  if (!job) return reply_db_error(rq);
  reply_header(rq, "location", arena_printf(rq->arena, "/api/v1/jobs/%lld", (long long)id));
  reply_json(rq, strcmp(rq->method, "GET") ? 202 : 303, json_pack("{s:o}", "job", job));
}

/* GET /api/v1/jobs: the caller's latest jobs, newest first. */
static void job_list_h(struct request *rq) {
  struct db_stmt *st = db_query(
      rq->db, "SELECT id FROM jobs WHERE user_id = ? ORDER BY id DESC LIMIT 50", "i", rq->user->id);
  json_t *items = json_array();
  while (db_step(st) == DB_ROW) {
    json_t *j = job_json(rq->db, db_col_int(st, 0));
    if (j) json_array_append_new(items, j);
  }
  db_done(st);
  reply_json(rq, 200, json_pack("{s:o,s:n}", "items", items, "next_cursor"));
}

const struct route job_routes[] = {
    {"GET", "/api/v1/jobs", job_list_h, PERM_JOB_READ, 0, NULL, "后台任务"},
    {"GET", "/api/v1/jobs/{id}", job_get_h, PERM_JOB_READ, 0, job_visible, "任务进度"},
    {"GET", "/api/v1/jobs/{id}/result", job_result_h, PERM_JOB_READ, 0, job_visible,
     "任务结果文件"},
    {0},
};
