/* src/job/job_http.c: a job's progress and result over HTTP. */
#include <string.h>
#include "auth/secret.h"
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

/* GET /api/v1/jobs/{id}/result: the file a finished job made. 409 until it is done. */
static void job_result_h(struct request *rq) {
  struct db_stmt *st = db_query(
      rq->db,
      "SELECT status, result, result_type, result_name, result_sealed FROM jobs WHERE id = ?", "i",
      request_id(rq, "id"));
  if (db_step(st) != DB_ROW) {
    db_done(st);
    return reply_not_found(rq);
  }
  size_t n = 0;
  const void *data = db_col_blob(st, 1, &n);
  if (strcmp(db_col_text(st, 0), "done") || !data) {
    db_done(st);
    return reply_error(rq, ERR_NOT_READY, NULL, "任务尚未完成或没有生成文件",
                       "The job has not finished or made no file");
  }
  if (db_col_int(st, 4)) { /* sealed at rest (job_set_result) */
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
    {"GET", "/api/v1/jobs", job_list_h, PERM_JOB_READ, 0, NULL, "我的任务"},
    {"GET", "/api/v1/jobs/{id}", job_get_h, PERM_JOB_READ, 0, job_visible, "任务进度"},
    {"GET", "/api/v1/jobs/{id}/result", job_result_h, PERM_JOB_READ, 0, job_visible,
     "任务结果文件"},
    {0},
};
