/* src/member/member_http.c: the HTTP surface of members: CRUD, the audited reveal of an ID
** number, roster import and export. */
#include <string.h>
#include "auth/access.h"
#include "auth/secret.h"
#include "auth/session.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "entity/entity_http.h"
#include "http/framing.h"
#include "http/server.h"
#include "job/job.h"
#include "job/job_http.h"
#include "member.h"

#define INLINE_IMPORT_BYTES (1024 * 1024) /* larger rosters import as a job */

/* A member account sees only its own record, an organiser the members of its body; everyone else
** what their scope holds. */
static bool member_visible(struct request *rq, int64_t id) {
  if (rq->user && rq->user->role == ROLE_MEMBER && rq->user->member_id != id) return false;
  if (!member_in_scope(rq->db, rq->user, id)) return false;
  return entity_route_visible(rq, id);
}

/* GET /api/v1/members/{id}: the record as entity_get_h answers it, in one statement that also
** checks the scope (member_visible's rules) and confirms a session taken from the thread's cache
** (ROUTE_AUTH_CONFIRM): 404 when there is no such member or the caller may not see it. */
static void member_get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  struct buf out = {0};
  int64_t gen = 0;
  int rc = member_read(ctx, request_id(rq, "id"), &out, &gen);
  if (rc >= 0 && !request_auth_confirm(rq, gen)) {
    buf_free(&out);
    return; /* the server reads the session again and calls this once more */
  }
  if (rc < 0)
    reply_db_error(rq);
  else if (!rc)
    reply_not_found(rq);
  else
    reply_bytes(rq, 200, "application/json; charset=utf-8", out.data, out.len, NULL);
  buf_free(&out);
}

/* Writes the export of q in format into out; returns the count or -1. */
static int64_t export_to(struct entity_ctx *ctx, struct entity_query *q, const char *format,
                         struct buf *out) {
  return !strcmp(format, "xlsx") ? member_export_xlsx(ctx, q, out) : member_export_csv(ctx, q, out);
}

/* What the audit entry of an export with whole ID numbers says: the format, the filters and
** the job that writes the file. */
static json_t *export_detail(struct entity_query *q, const char *format, int64_t job) {
  json_t *d = entity_query_json(q);
  json_object_set_new(d, "format", json_string(format));
  json_object_set_new(d, "id_numbers", json_string("whole"));
  json_object_set_new(d, "job_id", json_integer(job));
  return d;
}

/* Starts the "member_export" job of the list's filters in format (csv or xlsx; else 422) with
** ?id_numbers=masked (default) or whole. The filters and the committee's scope are checked at
** once by listing one member (422, 403). Whole ID numbers: only for a role with
** member.id_number (403 otherwise); the job and the audit entry that records them
** (export_id_numbers: the format, the filters, the job) are written together, or neither. */
static void members_export(struct request *rq, struct entity_query *q, const char *format) {
  if (!format || (strcmp(format, "csv") && strcmp(format, "xlsx") && strcmp(format, "pdf")))
    return reply_error(rq, ERR_INVALID_FIELD, "format", "format 应为 csv、xlsx 或 pdf",
                       "format must be csv, xlsx or pdf");
  const char *ids = request_query(rq, "id_numbers");
  if (ids && *ids && strcmp(ids, "masked") && strcmp(ids, "whole"))
    return reply_error(rq, ERR_INVALID_FIELD, "id_numbers", "id_numbers 应为 masked 或 whole",
                       "id_numbers must be masked or whole");
  bool whole = ids && !strcmp(ids, "whole");
  if (whole && !strcmp(format, "pdf"))
    return reply_error(rq, ERR_INVALID_FIELD, "id_numbers", "打印的名册不含身份证号",
                       "The printed roster has no ID numbers");
  if (whole && !access_role_has(rq->user->role, PERM_MEMBER_IDNUMBER))
    return reply_error(rq, ERR_FORBIDDEN, "id_numbers", "您的角色不能导出完整的身份证号",
                       "Your role may not export whole ID numbers");
  struct entity_ctx *ctx = request_ctx(rq);
  struct entity_query probe = *q;
  probe.limit = 1;
  probe.with_total = false;
  json_t *one = entity_list(ctx, &member_entity, &probe);
  if (!one) return reply_entity_error(rq, ctx);
  json_decref(one);
  json_t *params = json_pack("{s:s,s:o}", "format", format, "filter", entity_query_json(q));
  if (!whole) return job_export_start(rq, "member_export", 0, params);
  json_object_set_new(params, "id_numbers", json_string("whole"));
  if (db_begin(rq->db) != DB_DONE) {
    json_decref(params);
    return reply_db_error(rq);
  }
  int64_t id = job_export_queue(rq, "member_export", 0, params);
  bool ok = id != 0;
  if (ok) {
    json_t *d = export_detail(q, format, id);
    ok = member_audit_reveal(ctx, "export_id_numbers", 0,
                             q->committee_id ? q->committee_id : rq->user->committee_id, d);
    json_decref(d);
  }
  if (!ok || db_commit(rq->db) != DB_DONE) {
    db_rollback(rq->db);
    return ctx->err.code ? reply_entity_error(rq, ctx) : reply_db_error(rq);
  }
  job_export_reply(rq, id);
}

/* GET /api/v1/members
** The members in the caller's scope: filters committee_id (its subtree), sector_id, party_id,
** special_committee_id, group_id, is_standing, term, gender, status, q (name); paged by
** limit and cursor. Every row shows the ID number masked, whatever the role (id_numbers=whole:
** 422). format=csv|xlsx (the old URL of the file) starts the export of POST /members/export,
** answered 303 to its job. */
static void members_list_h(struct request *rq) {
  struct entity_query q;
  if (!entity_query_of(rq, &member_entity, &q)) return;
  const char *format = request_query(rq, "format");
  if (format && *format && strcmp(format, "json")) {
    if (strcmp(format, "csv") && strcmp(format, "xlsx"))
      return reply_error(rq, ERR_INVALID_FIELD, "format", "format 应为 json、csv 或 xlsx",
                         "format must be json, csv or xlsx");
    return members_export(rq, &q, format);
  }
  const char *ids = request_query(rq, "id_numbers");
  if (ids && *ids && strcmp(ids, "masked"))
    return reply_error(
        rq, ERR_INVALID_FIELD, "id_numbers",
        !strcmp(ids, "whole")
            ? "列表只显示脱敏的身份证号；完整号码只能导出（format=csv 或 xlsx）或逐个查看"
            : "id_numbers 应为 masked 或 whole",
        !strcmp(ids, "whole") ? "Lists show ID numbers masked; export (format=csv "
                                "or xlsx) or reveal one member's number"
                              : "id_numbers must be masked or whole");
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, entity_list(ctx, &member_entity, &q));
}

/* POST /api/v1/members/export?<the list's filters>&format=csv|xlsx&id_numbers=masked|whole:
** starts the job that writes the filtered list as a roster file (CSV, UTF-8 with BOM, the
** columns of the import template; or XLSX): 202 {"job"}. ID numbers masked unless whole is
** asked by a role with member.id_number (403 for others; audited, see members_export). */
static void members_export_h(struct request *rq) {
  struct entity_query q;
  if (entity_query_of(rq, &member_entity, &q)) members_export(rq, &q, request_query(rq, "format"));
}

/* POST /api/v1/members/{id}/id-number/reveal
** The whole ID number of one member, for a role with member.id_number and the member in its
** scope (404 otherwise), recorded in the audit log (reveal_id_number) before it is sent:
** 200 {"id", "id_number"}, id_number null when none is registered (nothing recorded). */
static void member_reveal_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  const char *whole = member_reveal_id_number(ctx, id);
  if (!whole) return reply_entity_error(rq, ctx);
  reply_json(rq, 200,
             json_pack("{s:I,s:o}", "id", (json_int_t)id, "id_number",
                       *whole ? json_string(whole) : json_null()));
}

/* POST /api/v1/members/import
** A roster in CSV (text/csv, UTF-8, the columns of GET /members/import-template). All or
** nothing: 200 {"imported": n}, or 422 invalid_rows with every bad row's line, column and
** reason, and nothing written. A file over 1 MiB is imported by a job: 202 {"job"}. */
static void members_import_h(struct request *rq) {
  const char *ct = request_header(rq, "content-type");
  if (!media_type_is(ct, "text/csv") && !media_type_is(ct, "text/plain"))
    return reply_error(rq, ERR_UNSUPPORTED_MEDIA_TYPE, NULL, "请以 text/csv 格式上传名册",
                       "Upload the roster as text/csv");
  if (!rq->body || !rq->body_len)
    return reply_error(rq, ERR_EMPTY_BODY, NULL, "上传的文件是空的", "The file is empty");
  if (rq->body_len > INLINE_IMPORT_BYTES) {
    /* the roster waits in the jobs table sealed: it holds ID numbers and phones */
    struct entity_ctx *ctx = request_ctx(rq);
    size_t n = 0;
    unsigned char *sealed = secret_seal_bytes(ctx->secret, ctx->arena,
                                              (const unsigned char *)rq->body, rq->body_len, &n);
    int64_t id =
        job_enqueue(rq->db, "member_import", NULL, sealed, n, rq->user->id, rq->user->committee_id);
    if (!id) return reply_db_error(rq);
    return reply_json(rq, 202, json_pack("{s:o}", "job", job_json(rq->db, id)));
  }
  struct entity_ctx *ctx = request_ctx(rq);
  json_t *res = member_import_csv(ctx, rq->body, rq->body_len, NULL, NULL);
  if (ctx->err.code) {
    json_t *rows = json_incref(json_object_get(res, "rows"));
    json_decref(res);
    return reply_error_with(rq, ctx->err.kind, NULL, ctx->err.zh, ctx->err.en,
                            json_pack("{s:o}", "rows", rows ? rows : json_array()));
  }
  reply_json(rq, 200, res);
}

/* GET /api/v1/members/import-template: the CSV header row of a roster, with one example. */
static void members_template_h(struct request *rq) {
  struct buf out = {0};
  buf_puts(&out, "\xEF\xBB\xBF");
  for (int k = 0; k < member_column_count; k++)
    buf_printf(&out, "%s%s", k ? "," : "", member_columns[k].header);
  buf_puts(&out, "\r\n张三,男,汉族,1970-01-01,,甘肃省政协,经济界,无党派,,,否,13,"
                 "某某公司董事长,13800000000,在任\r\n");
  reply_bytes(rq, 200, "text/csv; charset=utf-8", out.data, out.len, "委员名册模板.csv");
  buf_free(&out);
}

/* The member's enums, for the module table (GET /api/v1/labels). */
const struct label_table member_labels[] = {
    {"member.gender", member_genders},
    {"member.status", member_statuses},
    {NULL},
};

const struct route member_routes[] = {
    {"GET", "/api/v1/members", members_list_h, PERM_MEMBER_READ, ROUTE_EXPORT_FORMAT, NULL,
     "委员列表（可导出）"},
    {"POST", "/api/v1/members", entity_create_h, PERM_MEMBER_WRITE, ROUTE_JSON, NULL, "新建委员",
     &member_entity},
    {"POST", "/api/v1/members/import", members_import_h, PERM_MEMBER_IMPORT, ROUTE_RAW, NULL,
     "导入委员名册", &member_entity},
    {"POST", "/api/v1/members/export", members_export_h, PERM_MEMBER_READ, ROUTE_EXPORT, NULL,
     "导出委员名册（CSV 或 XLSX，任务）"},
    {"GET", "/api/v1/members/import-template", members_template_h, PERM_MEMBER_READ, 0, NULL,
     "委员名册模板"},
    {"GET", "/api/v1/members/{id}", member_get_h, PERM_MEMBER_READ, ROUTE_SELF | ROUTE_AUTH_CONFIRM,
     NULL, "委员详情", &member_entity},
    {"PATCH", "/api/v1/members/{id}", entity_update_h, PERM_MEMBER_WRITE, ROUTE_JSON,
     member_visible, "修改委员", &member_entity},
    {"DELETE", "/api/v1/members/{id}", entity_delete_h, PERM_MEMBER_WRITE, 0, member_visible,
     "删除委员", &member_entity},
    {"POST", "/api/v1/members/{id}/id-number/reveal", member_reveal_h, PERM_MEMBER_IDNUMBER, 0,
     member_visible, "查看完整身份证号（记入审计日志）", &member_entity},
    {0},
};

static void import_progress(void *arg, int64_t done, int64_t total, const char *stage) {
  job_progress(arg, done, total, stage);
}

static bool import_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  if (j->user_id && !ctx.user) {
    j->error = "提交任务的账号已停用";
    return false;
  }
  size_t len = 0;
  const unsigned char *csv = secret_open_bytes(ctx.secret, ctx.arena, j->input, j->input_len, &len);
  if (!csv) {
    j->error = "名册无法解密（安装密钥不符）";
    return false;
  }
  json_t *res = member_import_csv(&ctx, (const char *)csv, len, import_progress, j);
  job_set_result_json(j, res);
  json_decref(res);
  if (ctx.err.code) j->error = "名册有错误，未导入任何委员（见结果中的错误行）";
  return !ctx.err.code;
}

static void export_progress(void *arg, int64_t done, int64_t total) {
  job_progress(arg, done, total, "生成名册");
}

static bool export_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  struct entity_query q;
  entity_query_of_json(&q, json_object_get(j->params, "filter"));
  const char *format = json_string_value(json_object_get(j->params, "format"));
  if (!format) format = "csv";
  /* whole ID numbers: asked for (and recorded) when the job was queued; the role must still
  ** allow them now */
  const char *ids = json_string_value(json_object_get(j->params, "id_numbers"));
  if (ids && !strcmp(ids, "whole")) {
    if (ctx.user && !access_role_has(ctx.user->role, PERM_MEMBER_IDNUMBER)) {
      j->error = "提交任务的账号不能导出完整的身份证号";
      return false;
    }
    ctx.reveal = true;
  }
  job_progress(j, 0, 1, "导出委员");
  struct buf out = {0};
  if (!strcmp(format, "pdf")) {
    int64_t cid = q.committee_id ? q.committee_id : (ctx.user ? ctx.user->committee_id : 0);
    const char *heading = "";
    struct db_stmt *st = db_query(ctx.db, "SELECT name FROM committees WHERE id = ?", "i", cid);
    if (db_step(st) == DB_ROW) heading = arena_strdup(ctx.arena, db_col_text(st, 0));
    db_done(st);
    char d[16];
    int y, m, day;
    time_cst_date(time_now(), d);
    date_parse(d, &y, &m, &day);
    int64_t n =
        member_export_pdf(&ctx, &q, heading, arena_printf(ctx.arena, "%d年%d月%d日", y, m, day),
                          &out, export_progress, j);
    bool ok = n >= 0 && job_set_result(j, out.data, out.len, "application/pdf", "委员名册.pdf");
    if (n < 0) j->error = ctx.err.zh ? ctx.err.zh : "导出失败";
    buf_free(&out);
    return ok;
  }
  int64_t n = export_to(&ctx, &q, format, &out);
  bool ok = n >= 0;
  if (ok) {
    bool xlsx = !strcmp(format, "xlsx");
    ok = job_set_result(j, out.data, out.len,
                        xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                             : "text/csv; charset=utf-8",
                        xlsx ? "委员名册.xlsx" : "委员名册.csv");
    json_t *res = json_pack("{s:I}", "rows", (json_int_t)n);
    job_set_result_json(j, res);
    json_decref(res);
  } else
    j->error = ctx.err.zh ? ctx.err.zh : "导出失败";
  buf_free(&out);
  return ok;
}

/* The member jobs, for main.c's module table. */
const struct job_kind member_job_kinds[] = {
    {"member_import", "委员名册导入", import_job},
    {"member_export", "委员名册导出", export_job, PERM_MEMBER_READ},
    {NULL},
};
