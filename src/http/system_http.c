/* src/http/system_http.c: health, metrics, the audit log (search, export, the chain's check). */
#include <stdlib.h>
#include <string.h>
#include "auth/audit.h"
#include "auth/session.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/label.h"
#include "base/xlsx.h"
#include "job/job.h"
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

/* ---- the audit log (the audit administrator's) ------------------------------------------- */

#define AUDIT_CELL_MAX  32000   /* an XLSX cell holds at most 32,767 characters */
#define AUDIT_XLSX_ROWS 1048000 /* and a sheet about a million rows */

/* The filters of GET /api/v1/audit (and of its export), checked: user, action, entity, ip (exact,
** at most 64 characters), q (text contained, at most 100), entity_id, from and to (a date in
** CST or an ISO 8601 time; to takes its whole day in). 422 naming the parameter otherwise. */
static bool audit_filter_of(struct request *rq, struct audit_filter *f) {
  memset(f, 0, sizeof *f);
  if (!request_query_text(rq, "user", 64, &f->username) ||
      !request_query_text(rq, "action", 64, &f->action) ||
      !request_query_text(rq, "entity", 64, &f->entity) ||
      !request_query_text(rq, "ip", 64, &f->ip) || !request_query_text(rq, "q", 100, &f->text) ||
      !request_query_id(rq, "entity_id", &f->entity_id) ||
      !request_query_time(rq, "from", false, &f->from) ||
      !request_query_time(rq, "to", true, &f->to))
    return false;
  if (f->from && f->to && f->from >= f->to) {
    reply_error(rq, ERR_INVALID_FIELD, "to", "结束时间应晚于开始时间",
                "to must be later than from");
    return false;
  }
  f->scope_path = rq->user->committee_path;
  return true;
}

/* The filter as job parameters, and back (the job runs it with the account's scope then). */
static json_t *audit_filter_json(const struct audit_filter *f, const char *format) {
  json_t *o = json_pack("{s:s}", "format", format);
  const char *names[] = {"user", "action", "entity", "ip", "q"};
  const char *values[] = {f->username, f->action, f->entity, f->ip, f->text};
  for (int i = 0; i < 5; i++)
    if (values[i]) json_object_set_new(o, names[i], json_string(values[i]));
  if (f->entity_id) json_object_set_new(o, "entity_id", json_integer(f->entity_id));
  if (f->from) json_object_set_new(o, "from", json_integer(f->from));
  if (f->to) json_object_set_new(o, "to", json_integer(f->to));
  return o;
}

static void audit_filter_from(const json_t *p, struct audit_filter *f) {
  memset(f, 0, sizeof *f);
  f->username = json_string_value(json_object_get(p, "user"));
  f->action = json_string_value(json_object_get(p, "action"));
  f->entity = json_string_value(json_object_get(p, "entity"));
  f->ip = json_string_value(json_object_get(p, "ip"));
  f->text = json_string_value(json_object_get(p, "q"));
  f->entity_id = json_integer_value(json_object_get(p, "entity_id"));
  f->from = json_integer_value(json_object_get(p, "from"));
  f->to = json_integer_value(json_object_get(p, "to"));
}

/* One entry of audit_query's statement as the API shows it. */
static json_t *audit_entry_json(struct db_stmt *st) {
  char t[32];
  json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:s}", "id", (json_int_t)db_col_int(st, 0),
                        "at", time_iso(db_col_int(st, 1), t), "username", db_col_text(st, 2),
                        "action", db_col_text(st, 3), "entity", db_col_text(st, 4), "entity_id",
                        (json_int_t)db_col_int(st, 5), "committee_id",
                        (json_int_t)db_col_int(st, 6), "ip", db_col_text(st, 9));
  json_object_set_new(o, "before",
                      db_col_null(st, 7) ? json_null() : json_loads(db_col_text(st, 7), 0, NULL));
  json_object_set_new(o, "after",
                      db_col_null(st, 8) ? json_null() : json_loads(db_col_text(st, 8), 0, NULL));
  return o;
}

/* GET /api/v1/audit?user=&action=&entity=&entity_id=&ip=&q=&from=&to=&limit=&cursor=&format=
** The audit log, newest first, within the caller's committee scope (the root's also sees the
** entries of no committee): the filters of audit_filter_of, paged by id. format=csv|xlsx
** exports what the filters select as a job (202 {"job"}; the file is the job's result); the
** request is itself an audit entry (ROUTE_EXPORT_FORMAT). 422 for a bad filter or format. */
static void audit_list_h(struct request *rq) {
  struct audit_filter f;
  int limit;
  int64_t before;
  if (!audit_filter_of(rq, &f) || !request_limit(rq, 50, 500, &limit) ||
      !request_cursor(rq, &before))
    return;
  const char *format = request_query(rq, "format");
  if (format && *format && strcmp(format, "json")) {
    if (strcmp(format, "csv") && strcmp(format, "xlsx"))
      return reply_error(rq, ERR_INVALID_FIELD, "format", "format 应为 json、csv 或 xlsx",
                         "format must be json, csv or xlsx");
    json_t *params = audit_filter_json(&f, format);
    int64_t id =
        job_enqueue(rq->db, "audit_export", params, NULL, 0, rq->user->id, rq->user->committee_id);
    json_decref(params);
    if (!id) return reply_db_error(rq);
    return reply_json(rq, 202, json_pack("{s:o}", "job", job_json(rq->db, id)));
  }
  struct db_stmt *st = audit_query(rq->db, &f, before, (int64_t)limit + 1);
  if (!st) return reply_db_error(rq);
  struct page pg;
  page_init(&pg, limit);
  while (db_step(st) == DB_ROW && !page_full(&pg))
    page_add(&pg, db_col_int(st, 0), audit_entry_json(st));
  db_done(st);
  reply_json(rq, 200, page_json(&pg));
}

/* Text for one cell: s, or its first AUDIT_CELL_MAX bytes (not cut inside a character) and
** "…" in room (AUDIT_CELL_MAX + 4 bytes). */
static const char *audit_cell(const char *s, char *room) {
  size_t n = strlen(s);
  if (n <= AUDIT_CELL_MAX) return s;
  n = AUDIT_CELL_MAX;
  while (n && ((unsigned char)s[n] & 0xc0) == 0x80) n--;
  memcpy(room, s, n);
  memcpy(room + n, "…", sizeof "…");
  return room;
}

/* The job audit_export: the entries the parameters select, in the scope of the account that
** asked (loaded again: a disabled account, or one no longer audit administrator, gets nothing),
** as CSV (UTF-8 with BOM) or XLSX; the result JSON counts the rows. */
static bool audit_export_job(struct job_ctx *j) {
  struct user *u = j->user_id ? user_load(j->db, j->arena, j->user_id) : NULL;
  if (!u || !access_role_has(u->role, PERM_AUDIT_READ)) {
    j->error = "提交任务的账号已停用或不再有审计权限";
    return false;
  }
  struct audit_filter f;
  audit_filter_from(j->params, &f);
  f.scope_path = u->committee_path;
  bool xlsx = !strcmp(json_string_value(json_object_get(j->params, "format")) ?: "", "xlsx");
  static const char *const heads[] = {"编号",     "时间",     "操作人",       "操作",
                                      "对象类型", "对象编号", "所属政协编号", "地址",
                                      "修改前",   "修改后",   "哈希"};
  static const struct xlsx_col cols[] = {{"编号", "id", 8, true},
                                         {"时间", "at", 26},
                                         {"操作人", "username", 14},
                                         {"操作", "action", 16},
                                         {"对象类型", "entity", 14},
                                         {"对象编号", "entity_id", 10, true},
                                         {"所属政协编号", "committee_id", 12, true},
                                         {"地址", "ip", 16},
                                         {"修改前", "before", 40},
                                         {"修改后", "after", 40},
                                         {"哈希", "hash", 20}};
  const int ncols = (int)(sizeof cols / sizeof cols[0]);
  struct xlsx_file x;
  lxw_worksheet *ws = NULL;
  struct buf out = {0};
  if (xlsx) {
    if (!xlsx_open(&x)) {
      j->error = "无法创建临时文件";
      return false;
    }
    ws = xlsx_sheet(&x, "审计日志");
    xlsx_header(&x, ws, 0, 0, cols, ncols);
  } else {
    buf_puts(&out, "\xEF\xBB\xBF");
    for (int k = 0; k < ncols; k++) {
      if (k) buf_puts(&out, ",");
      csv_write_field(&out, heads[k], strlen(heads[k]));
    }
    buf_puts(&out, "\r\n");
  }
  job_progress(j, 0, 0, "导出审计日志");
  struct db_stmt *st = audit_query(j->db, &f, 0, 0);
  int64_t n = 0;
  bool truncated = false;
  char t[32];
  char(*cut)[AUDIT_CELL_MAX + 4] = arena_alloc(j->arena, 2 * (AUDIT_CELL_MAX + 4));
  while (st && db_step(st) == DB_ROW) {
    if (xlsx && n >= AUDIT_XLSX_ROWS) {
      truncated = true;
      break;
    }
    char id[24], eid[24], cid[24];
    snprintf(id, sizeof id, "%lld", (long long)db_col_int(st, 0));
    snprintf(eid, sizeof eid, "%lld", (long long)db_col_int(st, 5));
    snprintf(cid, sizeof cid, "%lld", (long long)db_col_int(st, 6));
    const char *cells[] = {
        id,
        time_iso(db_col_int(st, 1), t),
        db_col_text(st, 2),
        db_col_text(st, 3),
        db_col_text(st, 4),
        eid,
        cid,
        db_col_text(st, 9),
        audit_cell(db_col_text(st, 7), cut[0]),
        audit_cell(db_col_text(st, 8), cut[1]),
        db_col_text(st, 10),
    };
    if (xlsx) {
      lxw_row_t row = (lxw_row_t)(n + 1);
      for (int k = 0; k < ncols; k++) {
        if (cols[k].number)
          worksheet_write_number(ws, row, (lxw_col_t)k, (double)strtoll(cells[k], NULL, 10), NULL);
        else
          worksheet_write_string(ws, row, (lxw_col_t)k, cells[k], NULL);
      }
    } else {
      for (int k = 0; k < ncols; k++) {
        if (k) buf_puts(&out, ",");
        csv_write_cell(&out, cells[k], strlen(cells[k]));
      }
      buf_puts(&out, "\r\n");
    }
    if (++n % 1000 == 0) job_progress(j, n, 0, "导出审计日志");
  }
  bool read_ok = st != NULL;
  db_done(st);
  bool ok = read_ok && (!xlsx || xlsx_finish(&x, &out));
  if (xlsx && !read_ok) xlsx_finish(&x, &out);
  if (ok)
    ok = job_set_result(j, out.data, out.len,
                        xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                             : "text/csv; charset=utf-8",
                        xlsx ? "审计日志.xlsx" : "审计日志.csv");
  if (ok) {
    json_t *res = json_pack("{s:I,s:b}", "rows", (json_int_t)n, "truncated", truncated);
    job_set_result_json(j, res);
    json_decref(res);
  } else
    j->error = "导出审计日志失败";
  buf_free(&out);
  return ok;
}

/* GET /api/v1/audit/verify: checks the keyed chain and its head: {"ok", "entries",
** "first_broken" (the id of the first entry that does not hold, or null), "problem" (a name of
** the label table audit.problem), "legacy_entries" (those from before the key), "last_hash",
** "head": {"entries", "last_hash"} or null}. */
static void audit_verify_h(struct request *rq) {
  struct audit_check c;
  enum audit_problem p = audit_check(rq->db, &c);
  json_t *head = c.head_entries >= 0 ? json_pack("{s:I,s:s}", "entries", (json_int_t)c.head_entries,
                                                 "last_hash", c.head_hash)
                                     : json_null();
  reply_json(rq, 200,
             json_pack("{s:b,s:I,s:o,s:s,s:I,s:s,s:o}", "ok", p == AUDIT_OK, "entries",
                       (json_int_t)c.entries, "first_broken",
                       c.first_broken ? json_integer(c.first_broken) : json_null(), "problem",
                       audit_problems[p].name, "legacy_entries", (json_int_t)c.legacy, "last_hash",
                       c.last_hash, "head", head));
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
    {"GET", "/api/v1/audit", audit_list_h, PERM_AUDIT_READ, ROUTE_EXPORT_FORMAT, NULL,
     "审计日志（检索；可导出 CSV、XLSX）"},
    {"GET", "/api/v1/audit/verify", audit_verify_h, PERM_AUDIT_READ, 0, NULL, "校验审计链"},
    {0},
};

/* The job of the audit log's export, for main.c's module table: its file is read only while its
** account still holds audit.read (job_may_read). */
const struct job_kind system_job_kinds[] = {
    {"audit_export", "审计日志导出", audit_export_job, PERM_AUDIT_READ},
    {NULL},
};

/* The words of the audit check's findings (GET /api/v1/labels). */
const struct label_table system_labels[] = {{"audit.problem", audit_problems}, {NULL}};
