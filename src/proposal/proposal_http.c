/* src/proposal/proposal_http.c: the HTTP surface of proposals. The handlers only translate;
** the rules are in proposal*.c.
**
** Permissions: proposal.read lists and reads (a member account: its own and the filed ones; a
** handling unit: its assignments); proposal.submit drafts, submits, co-signs, withdraws and
** rates; proposal.review is the proposal office's (review, assignment, replies, supervision);
** proposal.handle a handling unit's. Each action is POST /api/v1/proposals/{id}/<action> with
** a JSON object body ({} when the action takes nothing). */
#include <stdlib.h>
#include <string.h>
#include "entity/flow.h"
#include "auth/access.h"
#include "base/buf.h"
#include "base/like.h"
#include "base/timeutil.h"
#include "base/xlsx.h"
#include "entity/entity_http.h"
#include "entity/record_ref.h"
#include "file/file.h"
#include "job/job.h"
#include "job/job_http.h"
#include "org/settings_http.h"
#include "proposal.h"
#include "proposal_int.h"
#include "proposal_search.h"

static bool proposal_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return proposal_visible(ctx, id);
}

/* The list query of GET /proposals and its export. */
static bool list_query(struct request *rq, struct proposal_query *q) {
  memset(q, 0, sizeof *q);
  if (!entity_query_of(rq, &proposal_entity, &q->e)) return false;
  int64_t unit, near;
  if (!request_query_flag(rq, "mine", &q->mine) ||
      !request_query_flag(rq, "overdue", &q->overdue) ||
      !request_query_int(rq, "unit_id", 1, INT64_MAX, 0, &unit) ||
      !request_query_int(rq, "near", 1, 365, 0, &near))
    return false;
  q->unit_id = unit;
  q->near_days = (int)near;
  q->statuses = request_query(rq, "status");
  q->assignment = request_query(rq, "assignment");
  if (q->assignment && *q->assignment) {
    int k = 0;
    while (proposal_assignment_filters[k] && strcmp(proposal_assignment_filters[k], q->assignment))
      k++;
    if (!proposal_assignment_filters[k]) {
      reply_error(rq, ERR_INVALID_FIELD, "assignment", "不认识的交办筛选",
                  "Unknown assignment filter");
      return false;
    }
  }
  const char *cosign = request_query(rq, "cosign");
  if (cosign && *cosign) {
    if (strcmp(cosign, "pending")) {
      reply_error(rq, ERR_INVALID_FIELD, "cosign", "cosign 只能是 pending",
                  "cosign must be pending");
      return false;
    }
    q->cosign_pending = true;
  }
  q->q = q->e.q;
  q->e.q = NULL;
  /* status is read above as a list; keep the entity query from filtering it again */
  for (int k = 0; k < q->e.n; k++)
    if (!strcmp(q->e.names[k], "status")) q->e.names[k] = "";
  return true;
}

/* GET /api/v1/proposals?status=a,b&mine=1&unit_id=&overdue=1&near=15&q=&session_id=&category=
** &kind=&proposer_id=&is_key=1&is_good=1&assignment=objected|late_accept|to_accept|view_due|
** reply_check|reply_returned&cosign=pending&committee_id=&limit=&cursor= (newest first; with q
** best first, at most 200, no cursor). */
static void list_h(struct request *rq) {
  struct proposal_query q;
  if (!list_query(rq, &q)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, proposal_list(ctx, &q));
}

/* POST /api/v1/proposals: 201 with the draft (its detail). */
static void create_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = entity_create(ctx, &proposal_entity, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, proposal_detail(ctx, id));
}

/* GET /api/v1/proposals/{id}: the detail with signers, assignments, ratings and "actions". */
static void get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  json_t *o = proposal_detail(ctx, request_id(rq, "id"));
  if (!o) return reply_not_found(rq);
  reply_json(rq, 200, o);
}

/* PATCH /api/v1/proposals/{id}: a draft or returned proposal, by its author. */
static void update_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!entity_update(ctx, &proposal_entity, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, proposal_detail(ctx, id));
}

/* DELETE /api/v1/proposals/{id}: a draft, by its author (409 otherwise: withdraw instead). */
static void delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  struct proposal_row p;
  int64_t id = request_id(rq, "id");
  if (!proposal_load(ctx, id, &p)) return reply_entity_error(rq, ctx);
  if (p.state != PS_DRAFT) {
    proposal_wrong_state(ctx, &p, "只有草稿可以删除，已提交的提案请撤回",
                         "Only a draft can be deleted");
    return reply_entity_error(rq, ctx);
  }
  if (!proposal_is_author(ctx, &p)) {
    entity_forbidden(ctx, "只有提案人可以删除草稿", "Only the proposer deletes a draft");
    return reply_entity_error(rq, ctx);
  }
  /* the search statistics first (the foreign key's cascade cannot correct them), in one transaction
   */
  int rc = db_begin(rq->db);
  if (rc == DB_DONE && !proposal_index(rq->db, id, "", "")) rc = DB_ERROR;
  if (rc == DB_DONE && !entity_delete(ctx, &proposal_entity, id)) {
    db_rollback(rq->db);
    return reply_entity_error(rq, ctx);
  }
  if (!entity_finish(ctx, rc)) return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* PUT /api/v1/proposals/{id}/cosigners {"member_ids": [...]}: the invited co-signers of a joint
 * draft. */
static void cosigners_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  const char *key;
  json_t *v;
  json_object_foreach(rq->json, key, v) {
    if (strcmp(key, "member_ids")) {
      reply_error(rq, ERR_INVALID_FIELD, arena_strdup(rq->arena, key),
                  arena_printf(rq->arena, "不认识的字段：%s", key),
                  arena_printf(rq->arena, "Unknown field: %s", key));
      return;
    }
  }
  if (!proposal_set_cosigners(ctx, id, json_object_get(rq->json, "member_ids")))
    return reply_entity_error(rq, ctx);
  reply_json(rq, 200, json_pack("{s:o}", "items", proposal_signers_json(ctx, id)));
}

/* PUT /api/v1/proposals/{id}/files {"file_ids": [...]}: the attachments of a draft (at most 10). */
static void files_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  struct proposal_row p;
  if (!proposal_load(ctx, id, &p)) return reply_entity_error(rq, ctx);
  if (p.state != PS_DRAFT && p.state != PS_RETURNED) {
    proposal_wrong_state(ctx, &p, "只有草稿或退回修改的提案可以更换附件",
                         "Attachments change on a draft");
    return reply_entity_error(rq, ctx);
  }
  if (!proposal_is_author(ctx, &p)) {
    entity_forbidden(ctx, "只有提案人可以更换附件", "Only the proposer changes attachments");
    return reply_entity_error(rq, ctx);
  }
  int64_t *ids;
  int n = file_ids_parse(ctx, json_object_get(rq->json, "file_ids"), 10, p.path, "file_ids", &ids);
  if (n < 0) return reply_entity_error(rq, ctx);
  int rc = db_begin(rq->db);
  if (rc == DB_DONE)
    rc = db_exec(rq->db, "DELETE FROM proposal_files WHERE proposal_id = ?", "i", id);
  for (int i = 0; i < n && rc == DB_DONE; i++)
    rc = db_exec(rq->db, "INSERT INTO proposal_files (proposal_id, file_id, sort) VALUES (?, ?, ?)",
                 "iii", id, ids[i], (int64_t)i);
  if (rc == DB_DONE &&
      !proposal_event(ctx, id, "files", NULL, NULL, "", json_pack("{s:i}", "count", n)))
    rc = DB_ERROR;
  if (!entity_finish(ctx, rc)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, proposal_detail(ctx, id));
}

/* GET /api/v1/proposals/{id}/timeline */
static void timeline_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200, proposal_timeline(ctx, request_id(rq, "id")));
}

/* GET /api/v1/proposals/{id}/similar?limit= */
static void similar_of_h(struct request *rq) {
  int64_t limit;
  if (!request_query_int(rq, "limit", 1, 50, 10, &limit)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, proposal_similar(ctx, request_id(rq, "id"), NULL, NULL, (int)limit));
}

/* POST /api/v1/proposals/similar {"title", "body", "limit"}: while writing, what was asked before.
 */
static void similar_h(struct request *rq) {
  const char *title = json_string_value(json_object_get(rq->json, "title"));
  const char *body = json_string_value(json_object_get(rq->json, "body"));
  json_t *l = json_object_get(rq->json, "limit");
  if (!title || !*title) {
    reply_error(rq, ERR_INVALID_FIELD, "title", "请给出标题", "title is required");
    return;
  }
  if (l && (!json_is_integer(l) || json_integer_value(l) < 1 || json_integer_value(l) > 50)) {
    reply_error(rq, ERR_INVALID_FIELD, "limit", "limit 应为 1 到 50", "limit must be 1 to 50");
    return;
  }
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(
      rq, ctx,
      proposal_similar(ctx, 0, title, body ? body : "", l ? (int)json_integer_value(l) : 10));
}

/* GET /api/v1/proposals/cosigner-candidates?q=&committee_id=&limit=: active members of the
** committee (a member account: its own) whose name contains q, with their sector — the few
** fields needed to invite co-signers, for accounts that may not read the roster. */
static void candidates_h(struct request *rq) {
  int64_t cid, limit;
  if (!request_query_int(rq, "committee_id", 1, INT64_MAX, 0, &cid) ||
      !request_query_int(rq, "limit", 1, 50, 20, &limit))
    return;
  const char *q = request_query(rq, "q");
  if (!q || !*q) {
    reply_error(rq, ERR_INVALID_FIELD, "q", "请输入委员姓名", "q (a name) is required");
    return;
  }
  struct entity_ctx *ctx = request_ctx(rq);
  if (rq->user->member_id || !cid)
    cid = rq->user->member_id ? db_int(rq->db, 0, "SELECT committee_id FROM members WHERE id = ?",
                                       "i", rq->user->member_id)
                              : rq->user->committee_id;
  const char *path = committee_path_of(ctx, cid);
  if (!path || !access_in_scope(rq->user, path)) {
    reply_error(rq, ERR_FORBIDDEN_SCOPE, "committee_id", "所选政协不在您的管辖范围内",
                "That committee is outside your scope");
    return;
  }
  const char *like = like_contains(rq->arena, q, strlen(q));
  json_t *items = json_array();
  struct db_stmt *st =
      db_query(rq->db,
               "SELECT m.id, m.name, COALESCE(sec.name, '') FROM members m"
               " LEFT JOIN sectors sec ON sec.id = m.sector_id WHERE m.committee_id = ?"
               " AND m.status = 'active' AND m.name LIKE ?" LIKE_ESCAPE " AND m.id <> ? ORDER BY "
               "m.name, m.id LIMIT ?",
               "itii", cid, like, rq->user->member_id, limit);
  while (db_step(st) == DB_ROW)
    json_array_append_new(items,
                          json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "name",
                                    db_col_text(st, 1), "sector_name", db_col_text(st, 2)));
  db_done(st);
  reply_json(rq, 200, json_pack("{s:I,s:o}", "committee_id", (json_int_t)cid, "items", items));
}

/* POST /api/v1/proposals/{id}/<action>: the action of the route's data; 200 with the detail. */
static void action_h(struct request *rq) {
  enum proposal_action a = (enum proposal_action)(intptr_t)rq->route->data;
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!proposal_act(ctx, id, a, rq->json)) return reply_entity_error(rq, ctx);
  json_t *o = proposal_detail(ctx, id);
  reply_json(rq, 200, o ? o : json_pack("{s:I}", "id", (json_int_t)id));
}

/* GET /api/v1/proposals/supervision?committee_id=&days=15: assignments near or past deadline. */
static void supervision_h(struct request *rq) {
  int64_t cid, days;
  if (!request_query_int(rq, "committee_id", 1, INT64_MAX, 0, &cid) ||
      !request_query_int(rq, "days", 0, 365, 15, &days))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, proposal_supervision(ctx, cid, (int)days));
}

/* GET /api/v1/proposals/stats?committee_id=&session_id=&year= */
static void stats_h(struct request *rq) {
  int64_t cid, sid, year;
  if (!request_query_int(rq, "committee_id", 1, INT64_MAX, 0, &cid) ||
      !request_query_int(rq, "session_id", 1, INT64_MAX, 0, &sid) ||
      !request_query_int(rq, "year", 2000, 2099, 0, &year))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, proposal_stats(ctx, cid, sid, (int)year));
}

/* POST /api/v1/proposals/{id}/pdf: starts the job that prints the proposal (202 {"job"}; its
** file is the PDF). GET, the old URL of the file: the same, answered 303 to the job. */
static void pdf_h(struct request *rq) {
  job_export_start(rq, "proposal_pdf", request_id(rq, "id"), NULL);
}

/* The job of pdf_h. */
static bool pdf_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  struct buf out = {0};
  job_progress(j, 0, 1, "生成 PDF");
  return job_set_file(j, &ctx, proposal_pdf(&ctx, j->record_id, &out), &out, "application/pdf",
                      arena_printf(j->arena, "提案-%lld.pdf", (long long)j->record_id));
}

/* POST /api/v1/proposals/{id}/filing-notice, POST /api/v1/proposals/{id}/assignment-notice:
** start the job that prints the 立案通知书 (once the proposal is filed) or the 交办通知书 (once it
** is assigned): 202 {"job"}; 404 when the caller may not read the proposal (the router), 409
** wrong_state at once when there is nothing to notify yet. */
static void notice_start(struct request *rq, enum proposal_notice kind) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  json_t *p = proposal_detail(ctx, id);
  if (!p) return reply_entity_error(rq, ctx);
  const char *refused = proposal_notice_refusal(p, kind);
  const char *label =
      arena_strdup(rq->arena, json_string_value(json_object_get(p, "status_label")));
  json_decref(p);
  if (refused)
    return reply_error(rq, ERR_WRONG_STATE, NULL,
                       arena_printf(rq->arena, "%s（当前状态：%s）", refused, label ? label : ""),
                       kind == PN_FILING ? "The proposal is not filed"
                                         : "The proposal is not assigned");
  job_export_start(rq, "proposal_notice", id,
                   json_pack("{s:s}", "kind", kind == PN_FILING ? "filing" : "assignment"));
}
static void filing_notice_h(struct request *rq) { notice_start(rq, PN_FILING); }
static void assignment_notice_h(struct request *rq) { notice_start(rq, PN_ASSIGNMENT); }

/* The job of notice_start. */
static bool notice_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  struct buf out = {0};
  const char *k = json_string_value(json_object_get(j->params, "kind"));
  enum proposal_notice kind = k && !strcmp(k, "assignment") ? PN_ASSIGNMENT : PN_FILING;
  job_progress(j, 0, 1, "生成 PDF");
  return job_set_file(
      j, &ctx, proposal_notice_pdf(&ctx, j->record_id, kind, &out), &out, "application/pdf",
      arena_printf(j->arena, "%s-%lld.pdf", kind == PN_FILING ? "立案通知书" : "交办通知书",
                   (long long)j->record_id));
}

/* POST /api/v1/proposals/export?<list filters>&format=xlsx|pdf: starts the job that exports the
** list as XLSX (default) or a PDF table (at most 20,000 rows): 202 {"job"}; 422 on a bad filter
** or format. GET, the old URL of the file: the same, answered 303 to the job. */
static void export_h(struct request *rq) {
  struct proposal_query q;
  if (!list_query(rq, &q)) return;
  const char *format = request_query(rq, "format");
  if (format && *format && strcmp(format, "xlsx") && strcmp(format, "pdf")) {
    reply_error(rq, ERR_INVALID_FIELD, "format", "format 应为 xlsx 或 pdf",
                "format must be xlsx or pdf");
    return;
  }
  json_t *p = json_pack("{s:s,s:o,s:b,s:b,s:I,s:i}", "format",
                        format && !strcmp(format, "pdf") ? "pdf" : "xlsx", "filter",
                        entity_query_json(&q.e), "mine", q.mine, "overdue", q.overdue, "unit_id",
                        (json_int_t)q.unit_id, "near", q.near_days);
  if (q.statuses) json_object_set_new(p, "statuses", json_string(q.statuses));
  if (q.q) json_object_set_new(p, "search", json_string(q.q));
  if (q.assignment) json_object_set_new(p, "assignment", json_string(q.assignment));
  if (q.cosign_pending) json_object_set_new(p, "cosign_pending", json_true());
  job_export_start(rq, "proposal_export", 0, p);
}

/* Tells the export job of arg the rows read of the list's total (at most 20,000); writing the
** document counts as a fifth of the work, done when the job ends. */
static void export_progress(void *arg, int64_t done, int64_t total) {
  if (total > 20000) total = 20000;
  job_progress(arg, done, total + total / 4 + 1, done < total ? "读取提案" : "生成文件");
}

/* The list of export_h's job as XLSX. */
static bool export_xlsx(struct job_ctx *j, struct entity_ctx *ctx, struct proposal_query *q,
                        struct buf *out) {
  q->e.limit = 500;
  struct xlsx_file f;
  if (!xlsx_open(&f)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法创建临时文件", "Cannot create a temporary file");
    return false;
  }
  lxw_worksheet *ws = xlsx_sheet(&f, "提案");
  static const struct xlsx_col cols[] = {{"案号", "serial", 8},
                                         {"案由", "title", 40},
                                         {"类别", "category", 12},
                                         {"提出方式", "kind_label", 10},
                                         {"第一提案人", "proposer_name", 12},
                                         {"状态", "status_label", 10},
                                         {"提交时间", "submitted_at", 20},
                                         {"办理期限", "deadline_at", 20},
                                         {"重点提案", "is_key", 8}};
  const int ncols = (int)(sizeof cols / sizeof cols[0]);
  xlsx_header(&f, ws, 0, 0, cols, ncols);
  lxw_row_t row = 1;
  bool failed = false;
  for (int pages = 0; pages < 40 && !failed; pages++) {
    json_t *page = proposal_list(ctx, q);
    if (!page) {
      failed = true;
      break;
    }
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(page, "items"), i, it) {
      xlsx_row(ws, row++, 0, cols, ncols, it);
    }
    json_t *next = json_object_get(page, "next_cursor");
    bool more = json_is_string(next);
    if (more) q->e.after_id = strtoll(json_string_value(next), NULL, 10);
    json_t *total = json_object_get(page, "total");
    export_progress(j, (int64_t)row - 1,
                    json_is_integer(total) ? json_integer_value(total) : (int64_t)row - 1);
    json_decref(page);
    if (!more) break;
  }
  bool ok = xlsx_finish(&f, out);
  if (!failed && !ok)
    entity_fail(ctx, ERR_INTERNAL, NULL, "生成 XLSX 文件失败", "Could not write the XLSX file");
  return !failed && ok;
}

/* The job of export_h. */
static bool export_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  struct proposal_query q = {0};
  entity_query_of_json(&q.e, json_object_get(j->params, "filter"));
  q.statuses = json_string_value(json_object_get(j->params, "statuses"));
  q.q = json_string_value(json_object_get(j->params, "search"));
  q.mine = json_is_true(json_object_get(j->params, "mine"));
  q.overdue = json_is_true(json_object_get(j->params, "overdue"));
  q.unit_id = json_integer_value(json_object_get(j->params, "unit_id"));
  q.near_days = (int)json_integer_value(json_object_get(j->params, "near"));
  q.assignment = json_string_value(json_object_get(j->params, "assignment"));
  q.cosign_pending = json_is_true(json_object_get(j->params, "cosign_pending"));
  const char *format = json_string_value(json_object_get(j->params, "format"));
  struct buf out = {0};
  job_progress(j, 0, 1, "导出提案");
  if (format && !strcmp(format, "pdf")) {
    const char *heading = "";
    struct db_stmt *st =
        db_query(j->db, "SELECT name FROM committees WHERE id = ?", "i",
                 q.e.committee_id ? q.e.committee_id : (ctx.user ? ctx.user->committee_id : 0));
    if (db_step(st) == DB_ROW) heading = arena_strdup(j->arena, db_col_text(st, 0));
    db_done(st);
    return job_set_file(j, &ctx, proposal_list_pdf(&ctx, &q, heading, &out, export_progress, j),
                        &out, "application/pdf", "提案目录.pdf");
  }
  return job_set_file(j, &ctx, export_xlsx(j, &ctx, &q, &out), &out,
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "提案.xlsx");
}

/* The proposal's exports, for the module table: run as the account that asked, their files
** read by whoever may read the proposals (one proposal: proposal_visible). */
const struct job_kind proposal_job_kinds[] = {
    {"proposal_pdf", "提案 PDF", pdf_job, PERM_PROPOSAL_READ, proposal_visible, true},
    {"proposal_notice", "提案通知书 PDF", notice_job, PERM_PROPOSAL_READ, proposal_visible, true},
    {"proposal_export", "提案导出", export_job, PERM_PROPOSAL_READ},
    {NULL},
};

/* GET /api/v1/proposals/reference: categories, the ten reasons for not filing, states. */
static void reference_h(struct request *rq) {
  json_t *cats = json_array(), *reasons = json_array(), *states = json_array();
  for (int i = 0; proposal_categories[i]; i++)
    json_array_append_new(cats, json_string(proposal_categories[i]));
  for (int i = 1; i <= 10; i++)
    json_array_append_new(reasons,
                          json_pack("{s:i,s:s}", "code", i, "label", proposal_reject_reason(i)));
  for (int i = 0; i < PS__COUNT; i++)
    json_array_append_new(states, json_pack("{s:s,s:s}", "name", proposal_state_name(i), "label",
                                            proposal_state_label(i)));
  reply_json(
      rq, 200,
      json_pack("{s:o,s:o,s:o}", "categories", cats, "reject_reasons", reasons, "states", states));
}

#define P "/api/v1/proposals/{id}"
#define ACTION(name, act, perm, zh)                                                                \
  {                                                                                                \
    "POST", P "/" name, action_h, perm, ROUTE_JSON, proposal_route_visible, zh,                    \
        (const void *)(intptr_t)(act)                                                              \
  }

/* The proposal's workflow and enums, for the module table (GET /api/v1/labels). */
const struct flow *const proposal_flows[] = {&proposal_flow, NULL};
const struct label_table proposal_labels[] = {
    {"proposal.kind", proposal_kinds},
    {"proposal.signer_role", proposal_signer_roles},
    {"proposal.unit_role", proposal_unit_roles},
    {"proposal.rating", proposal_ratings},
    {"proposal.evaluation", proposal_evaluation_states},
    {"proposal.reply_category", proposal_reply_categories},
    {"proposal.communication_way", proposal_communication_ways},
    {NULL},
};

/* The records holding files, for the module table: an attachment is read by whoever may read
** the proposal (proposal_visible: staff in scope; a member its own and the filed; a unit its
** assignments). */
const struct file_holder proposal_file_holders[] = {
    {"proposal", "SELECT proposal_id FROM proposal_files WHERE file_id = ?", PERM_PROPOSAL_READ,
     proposal_visible},
    /* a unit's answer letter (答复函) is read by whoever may read the proposal */
    {"proposal_reply", "SELECT proposal_id FROM proposal_assignments WHERE reply_file_id = ?",
     PERM_PROPOSAL_READ, proposal_visible},
    {NULL},
};

const struct record_kind proposal_refs[] = {
    {"proposal", PERM_PROPOSAL_READ, proposal_visible, "SELECT title FROM proposals WHERE id = ?"},
    {NULL},
};

const struct route proposal_routes[] = {
    {"GET", "/api/v1/proposals", list_h, PERM_PROPOSAL_READ, 0, NULL, "提案列表与检索"},
    {"POST", "/api/v1/proposals", create_h, PERM_PROPOSAL_SUBMIT, ROUTE_JSON, NULL, "起草提案"},
    {"GET", "/api/v1/proposals/reference", reference_h, PERM_PROPOSAL_READ, 0, NULL,
     "提案类别、不予立案理由与状态"},
    {"GET", "/api/v1/proposals/supervision", supervision_h, PERM_PROPOSAL_REVIEW, 0, NULL,
     "临期和超期提案（督办）"},
    {"GET", "/api/v1/proposals/stats", stats_h, PERM_STATS_READ, 0, NULL, "提案统计"},
    {"POST", "/api/v1/proposals/export", export_h, PERM_PROPOSAL_READ, ROUTE_EXPORT, NULL,
     "导出提案（XLSX 或 PDF，任务）"},
    {"GET", "/api/v1/proposals/export", export_h, PERM_PROPOSAL_READ, ROUTE_EXPORT, NULL,
     "导出提案（旧地址：303 到任务）"},
    {"GET", "/api/v1/proposals/cosigner-candidates", candidates_h, PERM_PROPOSAL_SUBMIT, 0, NULL,
     "可邀请联名的委员"},
    {"POST", "/api/v1/proposals/similar", similar_h, PERM_PROPOSAL_READ, ROUTE_JSON, NULL,
     "相似提案（撰写时）"},
    {"GET", P, get_h, PERM_PROPOSAL_READ, 0, proposal_route_visible, "提案详情"},
    {"PATCH", P, update_h, PERM_PROPOSAL_SUBMIT, ROUTE_JSON, proposal_route_visible,
     "修改提案（草稿）"},
    {"DELETE", P, delete_h, PERM_PROPOSAL_SUBMIT, 0, proposal_route_visible, "删除草稿"},
    {"PUT", P "/cosigners", cosigners_h, PERM_PROPOSAL_SUBMIT, ROUTE_JSON, proposal_route_visible,
     "邀请联名人"},
    {"PUT", P "/files", files_h, PERM_PROPOSAL_SUBMIT, ROUTE_JSON, proposal_route_visible,
     "提案附件"},
    {"POST", P "/pdf", pdf_h, PERM_PROPOSAL_READ, ROUTE_EXPORT, proposal_route_visible,
     "提案文本（PDF，任务）"},
    {"GET", P "/pdf", pdf_h, PERM_PROPOSAL_READ, ROUTE_EXPORT, proposal_route_visible,
     "提案文本（旧地址：303 到任务）"},
    {"POST", P "/filing-notice", filing_notice_h, PERM_PROPOSAL_READ, ROUTE_EXPORT,
     proposal_route_visible, "立案通知书（PDF，任务）"},
    {"POST", P "/assignment-notice", assignment_notice_h, PERM_PROPOSAL_READ, ROUTE_EXPORT,
     proposal_route_visible, "交办通知书（PDF，任务）"},
    {"GET", P "/timeline", timeline_h, PERM_PROPOSAL_READ, 0, proposal_route_visible,
     "提案办理过程"},
    {"GET", P "/similar", similar_of_h, PERM_PROPOSAL_READ, 0, proposal_route_visible, "相似提案"},
    ACTION("submit", PA_SUBMIT, PERM_PROPOSAL_SUBMIT, "提交提案"),
    ACTION("cosign", PA_COSIGN, PERM_PROPOSAL_SUBMIT, "确认或谢绝联名"),
    ACTION("close-cosigning", PA_CLOSE_COSIGNING, PERM_PROPOSAL_REVIEW, "结束联名征集"),
    ACTION("withdraw", PA_WITHDRAW, PERM_PROPOSAL_SUBMIT, "撤回提案"),
    ACTION("return", PA_RETURN, PERM_PROPOSAL_REVIEW, "退回修改"),
    ACTION("file", PA_FILE, PERM_PROPOSAL_REVIEW, "立案"),
    ACTION("merge", PA_MERGE, PERM_PROPOSAL_REVIEW, "并案"),
    ACTION("reject", PA_REJECT, PERM_PROPOSAL_REVIEW, "不予立案"),
    ACTION("convert", PA_CONVERT, PERM_PROPOSAL_REVIEW, "转为社情民意信息或参考件"),
    ACTION("assign", PA_ASSIGN, PERM_PROPOSAL_REVIEW, "交办"),
    ACTION("accept", PA_ACCEPT, PERM_PROPOSAL_HANDLE, "签收交办"),
    ACTION("object", PA_OBJECT, PERM_PROPOSAL_HANDLE, "对交办提出异议"),
    ACTION("view", PA_VIEW, PERM_PROPOSAL_HANDLE, "会办意见"),
    ACTION("reply", PA_REPLY, PERM_PROPOSAL_HANDLE, "提交答复"),
    ACTION("countersign", PA_COUNTERSIGN, PERM_PROPOSAL_HANDLE, "会签答复"),
    ACTION("approve-reply", PA_APPROVE_REPLY, PERM_PROPOSAL_REVIEW, "审核通过答复"),
    ACTION("return-reply", PA_RETURN_REPLY, PERM_PROPOSAL_REVIEW, "退回答复"),
    ACTION("extend", PA_EXTEND, PERM_PROPOSAL_HANDLE, "申请延期"),
    ACTION("decide-extension", PA_DECIDE_EXTENSION, PERM_PROPOSAL_REVIEW, "审批延期"),
    ACTION("rate", PA_RATE, PERM_PROPOSAL_SUBMIT, "评价答复"),
    ACTION("consult", PA_CONSULT, PERM_PROPOSAL_REVIEW, "记录当面协商"),
    ACTION("close", PA_CLOSE, PERM_PROPOSAL_REVIEW, "办结"),
    ACTION("key", PA_MARK_KEY, PERM_PROPOSAL_REVIEW, "重点提案"),
    ACTION("good", PA_MARK_GOOD, PERM_PROPOSAL_REVIEW, "优秀提案"),
    ACTION("communicate", PA_COMMUNICATE, PERM_PROPOSAL_HANDLE, "办前沟通"),
    ENTITY_ROUTES("/api/v1/proposal-sessions", &proposal_session_entity, PERM_PROPOSAL_READ,
                  PERM_PROPOSAL_REVIEW, "届次会议"),
    SETTINGS_ROUTES("/api/v1/committees/{id}/proposal-settings", &proposal_settings,
                    PERM_PROPOSAL_READ, PERM_PROPOSAL_REVIEW, "提案工作"),
    {NULL},
};
