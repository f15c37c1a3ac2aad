/* src/report/bulletin_http.c: the HTTP surface of bulletins (《社情民意》) and daily digests
** (《网络社情摘要》). The handlers only translate; the rules are in bulletin.c and digest.c.
**
** Permissions: bulletin.read reads (staff, leaders and members), report.review writes (the
** information office) and reads the office's working material (the day's online items, the
** suggested grouping, the sending-up targets, the candidate reports); both in the committee's
** scope, which the routes' visibility functions check for every record named in the path. A
** member account reads only the issued issues of its own committee: the lists leave the others
** out and any other one named in a path, its files included, is 404 (issue.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "entity/flow.h"
#include "auth/access.h"
#include "base/buf.h"
#include "bulletin.h"
#include "digest.h"
#include "digest_group.h"
#include "entity/entity_http.h"
#include "job/job.h"
#include "job/job_http.h"

/* Who may read an issue named in a path or exported: bulletin_readable, digest_readable. */
static bool bulletin_route_visible(struct request *rq, int64_t id) {
  return bulletin_readable(request_ctx(rq), id);
}

static bool digest_route_visible(struct request *rq, int64_t id) {
  return digest_readable(request_ctx(rq), id);
}

static bool item_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return entity_visible(ctx, &digest_item_entity, id);
}

/* ?committee_id=&year=&status=&cursor=&limit= of the two lists. */
static bool list_params(struct request *rq, int64_t *committee, int *year, int *limit,
                        int64_t *cursor) {
  int64_t y;
  if (!request_query_int(rq, "committee_id", 1, INT64_MAX, 0, committee) ||
      !request_query_int(rq, "year", 2000, 2099, 0, &y) || !request_limit(rq, 50, 500, limit) ||
      !request_cursor(rq, cursor))
    return false;
  *year = (int)y;
  return true;
}

/* ---- bulletins ------------------------------------------------------------------------------- */

/* GET /api/v1/bulletins?committee_id=&year=&status=&cursor=&limit=: newest first. */
static void list_h(struct request *rq) {
  struct bulletin_query q = {.status = request_query(rq, "status")};
  if (!list_params(rq, &q.committee_id, &q.year, &q.limit, &q.after_id)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, bulletin_list(ctx, &q));
}

/* GET /api/v1/bulletins/targets: where bulletins are sent up. */
static void targets_h(struct request *rq) { reply_json(rq, 200, bulletin_targets_json()); }

/* GET /api/v1/bulletins/candidates?committee_id=: adopted reports not yet in a bulletin. */
static void candidates_h(struct request *rq) {
  int64_t committee;
  if (!request_query_int(rq, "committee_id", 1, INT64_MAX, 0, &committee)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, bulletin_candidates(ctx, committee));
}

/* POST /api/v1/bulletins {committee_id, title?, editor?, note?, report_ids?}: 201, the draft. */
static void create_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = bulletin_create(ctx, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, bulletin_detail(ctx, id));
}

/* GET /api/v1/bulletins/{id}: with its items and the caller's actions. */
static void get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, bulletin_detail(ctx, request_id(rq, "id")));
}

/* The writes on a bulletin or a digest named in the path, by the index in the route's data. */
enum write { W_EDIT, W_ITEMS, W_SIGN, W_REOPEN, W_SEND, W_GROUPS, W_ISSUE };
static bool (*const writes[])(struct entity_ctx *, int64_t, json_t *) = {
    [W_EDIT] = bulletin_edit,     [W_ITEMS] = bulletin_set_items, [W_SIGN] = bulletin_sign,
    [W_REOPEN] = bulletin_reopen, [W_SEND] = bulletin_send,       [W_GROUPS] = digest_set_groups,
    [W_ISSUE] = digest_issue};
#define WRITE(w) ((const void *)(intptr_t)(w))

/* PATCH /api/v1/bulletins/{id}, PUT …/items, POST …/sign, …/reopen, …/send: the detail. */
static void write_h(struct request *rq) {
  bool (*fn)(struct entity_ctx *, int64_t, json_t *) = writes[(intptr_t)rq->route->data];
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!fn(ctx, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, bulletin_detail(ctx, id));
}

/* DELETE /api/v1/bulletins/{id}: a draft never signed off. */
static void delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!bulletin_delete(ctx, request_id(rq, "id"))) return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* Starts the job that makes a document (kind "bulletin_file" or "digest_file") of the record
** in the path in format f: 202 {"job"} to a POST, 303 to the job to a GET (the old URL). */
static void document(struct request *rq, const char *kind, enum doc_format f) {
  job_export_start(rq, kind, request_id(rq, "id"),
                   json_pack("{s:s}", "format", f == DOC_PDF ? "pdf" : "docx"));
}

/* The job of document(): the record's document by fn (bulletin_document, digest_document). */
static bool document_job(struct job_ctx *j, const char *(*fn)(struct entity_ctx *, int64_t,
                                                              enum doc_format, struct buf *)) {
  struct entity_ctx ctx = job_entity_ctx(j);
  const char *format = json_string_value(json_object_get(j->params, "format"));
  enum doc_format f = format && !strcmp(format, "docx") ? DOC_DOCX : DOC_PDF;
  struct buf out = {0};
  job_progress(j, 0, 1, f == DOC_PDF ? "生成 PDF" : "生成 Word 文件");
  const char *name = fn(&ctx, j->record_id, f, &out);
  return job_set_file(j, &ctx, name != NULL, &out, doc_content_type(f), name);
}
static bool bulletin_job(struct job_ctx *j) { return document_job(j, bulletin_document); }
static bool digest_job(struct job_ctx *j) { return document_job(j, digest_document); }

/* POST (GET: the old URL) /api/v1/bulletins/{id}/pdf and /docx */
static void bulletin_pdf_h(struct request *rq) { document(rq, "bulletin_file", DOC_PDF); }
static void bulletin_docx_h(struct request *rq) { document(rq, "bulletin_file", DOC_DOCX); }

/* ---- digests --------------------------------------------------------------------------------- */

/* GET /api/v1/digests/items?committee_id=&day=&unassigned=1: the day's items, oldest first. */
static void items_h(struct request *rq) {
  int64_t committee;
  bool unassigned;
  if (!request_query_int(rq, "committee_id", 1, INT64_MAX, 0, &committee) ||
      !request_query_flag(rq, "unassigned", &unassigned))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, digest_items(ctx, committee, request_query(rq, "day"), unassigned));
}

/* POST /api/v1/digests/items {committee_id, day?, title?, text, source, url?}: 201. */
static void item_create_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = digest_item_create(ctx, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, entity_get(ctx, &digest_item_entity, id));
}

/* PATCH /api/v1/digests/items/{id} {title?, text?, source?, url?, day?} */
static void item_update_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!digest_item_edit(ctx, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, entity_get(ctx, &digest_item_entity, id));
}

/* DELETE /api/v1/digests/items/{id}: an item in no digest. */
static void item_delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!digest_item_delete(ctx, request_id(rq, "id"))) return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* GET /api/v1/digests/suggest?committee_id=&day=&threshold=0.35 */
static void suggest_h(struct request *rq) {
  int64_t committee;
  if (!request_query_int(rq, "committee_id", 1, INT64_MAX, 0, &committee)) return;
  const char *t = request_query(rq, "threshold");
  double threshold = DIGEST_THRESHOLD;
  if (t) {
    char *end;
    threshold = strtod(t, &end);
    if (!*t || *end || !(threshold > 0 && threshold <= 1))
      return reply_error(rq, ERR_INVALID_FIELD, "threshold",
                         "threshold 应为大于 0、不超过 1 的小数",
                         "threshold must be a number above 0 and at most 1");
  }
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, digest_suggest(ctx, committee, request_query(rq, "day"), threshold));
}

/* GET /api/v1/digests?committee_id=&year=&status=&cursor=&limit=: newest first. */
static void digest_list_h(struct request *rq) {
  struct digest_query q = {.status = request_query(rq, "status")};
  if (!list_params(rq, &q.committee_id, &q.year, &q.limit, &q.after_id)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, digest_list(ctx, &q));
}

/* POST /api/v1/digests {committee_id, day, title?, groups: [{subject, item_ids}]}: 201. */
static void digest_create_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = digest_create(ctx, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, digest_detail(ctx, id));
}

/* GET /api/v1/digests/{id}: with its groups and the caller's actions. */
static void digest_get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, digest_detail(ctx, request_id(rq, "id")));
}

/* PUT /api/v1/digests/{id}/groups and POST /api/v1/digests/{id}/issue: the detail. */
static void digest_write_h(struct request *rq) {
  bool (*fn)(struct entity_ctx *, int64_t, json_t *) = writes[(intptr_t)rq->route->data];
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!fn(ctx, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, digest_detail(ctx, id));
}

/* DELETE /api/v1/digests/{id}: a draft; its items are released. */
static void digest_delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!digest_delete(ctx, request_id(rq, "id"))) return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* POST (GET: the old URL) /api/v1/digests/{id}/pdf and /docx */
static void digest_pdf_h(struct request *rq) { document(rq, "digest_file", DOC_PDF); }
static void digest_docx_h(struct request *rq) { document(rq, "digest_file", DOC_DOCX); }

#define B "/api/v1/bulletins/{id}"
#define D "/api/v1/digests/{id}"
#define R PERM_REPORT_REVIEW

/* The workflows of bulletins and digests and the targets, for the module table. */
const struct flow *const bulletin_flows[] = {&bulletin_flow, &digest_flow, NULL};
const struct label_table bulletin_labels[] = {{"bulletin.target", bulletin_targets}, {NULL}};

const struct route bulletin_routes[] = {
    {"GET", "/api/v1/bulletins", list_h, PERM_BULLETIN_READ, 0, NULL, "《社情民意》刊物列表"},
    {"POST", "/api/v1/bulletins", create_h, R, ROUTE_JSON, NULL, "新编一期《社情民意》"},
    {"GET", "/api/v1/bulletins/targets", targets_h, R, 0, NULL, "报送对象"},
    {"GET", "/api/v1/bulletins/candidates", candidates_h, R, 0, NULL, "可编入刊物的已采用信息"},
    {"GET", B, get_h, PERM_BULLETIN_READ, 0, bulletin_route_visible, "一期刊物"},
    {"PATCH", B, write_h, R, ROUTE_JSON, bulletin_route_visible, "修改刊名、责任编辑、编者按",
     WRITE(W_EDIT)},
    {"PUT", B "/items", write_h, R, ROUTE_JSON, bulletin_route_visible, "编排所收信息",
     WRITE(W_ITEMS)},
    {"POST", B "/sign", write_h, R, ROUTE_JSON, bulletin_route_visible, "签发", WRITE(W_SIGN)},
    {"POST", B "/reopen", write_h, R, ROUTE_JSON, bulletin_route_visible, "退回草稿",
     WRITE(W_REOPEN)},
    {"POST", B "/send", write_h, R, ROUTE_JSON, bulletin_route_visible, "报送", WRITE(W_SEND)},
    {"DELETE", B, delete_h, R, 0, bulletin_route_visible, "删除草稿"},
    {"POST", B "/pdf", bulletin_pdf_h, PERM_BULLETIN_READ, ROUTE_EXPORT, bulletin_route_visible,
     "刊物 PDF（任务）"},
    {"GET", B "/pdf", bulletin_pdf_h, PERM_BULLETIN_READ, ROUTE_EXPORT, bulletin_route_visible,
     "刊物 PDF（旧地址：303 到任务）"},
    {"POST", B "/docx", bulletin_docx_h, PERM_BULLETIN_READ, ROUTE_EXPORT, bulletin_route_visible,
     "刊物 Word 文档（任务）"},
    {"GET", B "/docx", bulletin_docx_h, PERM_BULLETIN_READ, ROUTE_EXPORT, bulletin_route_visible,
     "刊物 Word 文档（旧地址：303 到任务）"},
    {"GET", "/api/v1/digests/items", items_h, R, 0, NULL, "当日网络社情条目"},
    {"POST", "/api/v1/digests/items", item_create_h, R, ROUTE_JSON, NULL, "录入网络社情条目"},
    {"PATCH", "/api/v1/digests/items/{id}", item_update_h, R, ROUTE_JSON, item_route_visible,
     "修改网络社情条目"},
    {"DELETE", "/api/v1/digests/items/{id}", item_delete_h, R, 0, item_route_visible,
     "删除网络社情条目"},
    {"GET", "/api/v1/digests/suggest", suggest_h, R, 0, NULL, "建议分组"},
    {"GET", "/api/v1/digests", digest_list_h, PERM_BULLETIN_READ, 0, NULL, "《网络社情摘要》列表"},
    {"POST", "/api/v1/digests", digest_create_h, R, ROUTE_JSON, NULL, "新编一期摘要"},
    {"GET", D, digest_get_h, PERM_BULLETIN_READ, 0, digest_route_visible, "一期摘要"},
    {"PUT", D "/groups", digest_write_h, R, ROUTE_JSON, digest_route_visible, "调整分组",
     WRITE(W_GROUPS)},
    {"POST", D "/issue", digest_write_h, R, ROUTE_JSON, digest_route_visible, "印发",
     WRITE(W_ISSUE)},
    {"DELETE", D, digest_delete_h, R, 0, digest_route_visible, "删除草稿"},
    {"POST", D "/pdf", digest_pdf_h, PERM_BULLETIN_READ, ROUTE_EXPORT, digest_route_visible,
     "摘要 PDF（任务）"},
    {"GET", D "/pdf", digest_pdf_h, PERM_BULLETIN_READ, ROUTE_EXPORT, digest_route_visible,
     "摘要 PDF（旧地址：303 到任务）"},
    {"POST", D "/docx", digest_docx_h, PERM_BULLETIN_READ, ROUTE_EXPORT, digest_route_visible,
     "摘要 Word 文档（任务）"},
    {"GET", D "/docx", digest_docx_h, PERM_BULLETIN_READ, ROUTE_EXPORT, digest_route_visible,
     "摘要 Word 文档（旧地址：303 到任务）"},
    {NULL},
};

/* The documents of bulletins and digests as exports, for the module table: made as the account
** that asked and read by whoever may read the record (bulletin.read in its committee's scope; a
** member account: an issued one of its own committee). */
const struct job_kind bulletin_job_kinds[] = {
    {"bulletin_file", "刊物文件", bulletin_job, PERM_BULLETIN_READ, bulletin_readable, true},
    {"digest_file", "摘要文件", digest_job, PERM_BULLETIN_READ, digest_readable, true},
    {NULL},
};
