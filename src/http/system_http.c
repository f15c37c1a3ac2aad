/* src/http/system_http.c: health, metrics, the audit log. */
#include <stdlib.h>
#include <string.h>
#include "base/label.h"
#include "auth/audit.h"
#include "base/buf.h"
#include "base/page.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "db/migrate.h"
#include "metrics.h"
#include "request.h"
#include "router.h"
#include "server.h"

#define LVZHI_VERSION_TEXT "0.1.0"

/* GET /api/v1/health: 200 {"status":"ok"} when the database answers, 503 otherwise. */
static void health_h(struct request *rq) {
  int64_t v = db_int(rq->db, -1, "SELECT MAX(version) FROM schema_migrations", "");
  if (v < 0) return reply_error(rq, ERR_UNAVAILABLE, NULL, "数据库不可用", "Database unavailable");
  char t[32];
  reply_json(rq, 200,
             json_pack("{s:s,s:s,s:I,s:s,s:s}", "status", "ok", "version", LVZHI_VERSION_TEXT,
                       "schema_version", (json_int_t)v, "engine",
                       db_engine(rq->db) == DB_SQLITE ? "sqlite" : "postgresql", "time",
                       time_iso(time_now(), t)));
}

/* GET /metrics: Prometheus text. */
static void metrics_h(struct request *rq) {
  struct buf out = {0};
  metrics_write(rq->app->metrics, rq->db, &out);
  reply_bytes(rq, 200, "text/plain; version=0.0.4; charset=utf-8", out.data, out.len, NULL);
  buf_free(&out);
}

/* GET /api/v1/audit?entity=&entity_id=&user_id=&limit=&cursor=
** The audit log, newest first, within the caller's committee scope (an administrator of the
** root sees every entry). */
static void audit_list_h(struct request *rq) {
  const char *entity = request_query(rq, "entity");
  const char *eid = request_query(rq, "entity_id");
  int limit;
  int64_t before;
  if (!request_limit(rq, 50, 500, &limit) || !request_cursor(rq, &before)) return;
  if (!before) before = INT64_MAX;
  const char *path = rq->user->committee_path;
  char *hi = arena_strdup(rq->arena, path);
  hi[strlen(hi) - 1] = '0';
  struct db_stmt *st =
      db_query(rq->db,
               "SELECT a.id, a.at, a.username, a.action, a.entity, a.entity_id, a.committee_id,"
               " a.before_json, a.after_json, a.ip FROM audit_log a LEFT JOIN committees c ON c.id "
               "= a.committee_id"
               " WHERE a.id < ? AND (CAST(? AS TEXT) IS NULL OR a.entity = ?)"
               " AND (CAST(? AS TEXT) IS NULL OR a.entity_id = CAST(? AS BIGINT))"
               " AND ((c.path >= ? AND c.path < ?) OR (a.committee_id IS NULL OR a.committee_id = "
               "0) AND ? = 1)"
               " ORDER BY a.id DESC LIMIT ?",
               "itttt"
               "tti"
               "i",
               before, entity, entity, eid, eid, path, hi,
               (int64_t)(strchr(path + 1, '/') == path + strlen(path) - 1), (int64_t)limit + 1);
  struct page pg;
  page_init(&pg, limit);
  char t[32];
  while (db_step(st) == DB_ROW && !page_full(&pg)) {
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:s}", "id", (json_int_t)db_col_int(st, 0),
                          "at", time_iso(db_col_int(st, 1), t), "username", db_col_text(st, 2),
                          "action", db_col_text(st, 3), "entity", db_col_text(st, 4), "entity_id",
                          (json_int_t)db_col_int(st, 5), "committee_id",
                          (json_int_t)db_col_int(st, 6), "ip", db_col_text(st, 9));
    json_object_set_new(o, "before",
                        db_col_null(st, 7) ? json_null() : json_loads(db_col_text(st, 7), 0, NULL));
    json_object_set_new(o, "after",
                        db_col_null(st, 8) ? json_null() : json_loads(db_col_text(st, 8), 0, NULL));
    page_add(&pg, db_col_int(st, 0), o);
  }
  db_done(st);
  reply_json(rq, 200, page_json(&pg));
}

/* GET /api/v1/audit/verify: checks the hash chain; {"ok", "entries", "first_broken"}. */
static void audit_verify_h(struct request *rq) {
  int64_t n = 0, bad = audit_verify(rq->db, &n);
  reply_json(rq, 200,
             json_pack("{s:b,s:I,s:o}", "ok", bad == 0, "entries", (json_int_t)n, "first_broken",
                       bad ? json_integer(bad) : json_null()));
}

/* GET /api/v1/labels
** The words of every enum a person reads — states and actions of each workflow, kinds,
** categories — from the one label table its module owns: {"proposal.state": [{"name", "zh",
** "en"}], ...}. The web app takes its labels from here. */
static void labels_h(struct request *rq) { reply_json(rq, 200, label_registry_json()); }

const struct route system_routes[] = {
    {"GET", "/api/v1/health", health_h, PERM_PUBLIC, 0, NULL, "健康检查"},
    {"GET", "/metrics", metrics_h, PERM_PUBLIC, 0, NULL, "Prometheus 指标"},
    {"GET", "/api/v1/labels", labels_h, PERM_LOGIN, ROUTE_EXPIRED, NULL,
     "枚举的标签（状态、操作、类别）"},
    {"GET", "/api/v1/audit", audit_list_h, PERM_AUDIT_READ, 0, NULL, "审计日志"},
    {"GET", "/api/v1/audit/verify", audit_verify_h, PERM_AUDIT_READ, 0, NULL, "校验审计链"},
    {0},
};
