/* src/report/report_http.c: the HTTP surface of social-conditions reports. The handlers only
** translate; the rules are in report*.c.
**
** Permissions: report.read lists and reads (a member account: its own), statistics (staff);
** report.submit drafts, edits, submits and withdraws one's own reports (staff enter collective
** ones); report.review is the information office's (return, adopt, reject, merge, edit,
** adoptions, instructions). Each action is POST /api/v1/reports/{id}/<action> with a JSON
** object body ({} when the action takes nothing), answered with the report's detail. */
#include <stdlib.h>
#include <string.h>
#include "entity/flow.h"
#include "auth/access.h"
#include "base/buf.h"
#include "base/xlsx.h"
#include "entity/entity_http.h"
#include "entity/record_ref.h"
#include "file/file.h"
#include "job/job.h"
#include "job/job_http.h"
#include "org/settings_http.h"
#include "report.h"
#include "report_int.h"

static bool report_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return report_visible(ctx, id);
}

/* GET /api/v1/reports?status=a,b&mine=1&urgent=1&year=&q=&category=&member_id=&committee_id=
** &unbulletined=1&limit=&cursor=: newest first; q is every word in the title or body;
** unbulletined: not yet in a bulletin of the committee (committee_id, else the caller's). */
static void list_h(struct request *rq) {
  struct report_query q;
  memset(&q, 0, sizeof q);
  if (!entity_query_of(rq, &report_entity, &q.e)) return;
  int64_t year;
  if (!request_query_flag(rq, "mine", &q.mine) ||
      !request_query_flag(rq, "unbulletined", &q.unbulletined) ||
      !request_query_int(rq, "year", 2000, 2099, 0, &year))
    return;
  q.year = (int)year;
  q.statuses = request_query(rq, "status");
  q.q = q.e.q;
  q.e.q = NULL;
  for (int k = 0; k < q.e.n; k++)
    if (!strcmp(q.e.names[k], "status")) q.e.names[k] = "";
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, report_list(ctx, &q));
}

/* POST /api/v1/reports {title, category, committee_id, body?, urgent?, member_id? |
** collective_kind + collective_id, activity_id?}: 201 with the draft's detail. */
static void create_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = entity_create(ctx, &report_entity, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, report_detail(ctx, id));
}

/* GET /api/v1/reports/{id}: the detail with files, adoptions, instructions and "actions". */
static void get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  json_t *o = report_detail(ctx, request_id(rq, "id"));
  if (!o) return reply_not_found(rq);
  reply_json(rq, 200, o);
}

/* PATCH /api/v1/reports/{id} {title?, category?, body?, urgent?, activity_id?}: the author in
** draft or returned, the office also in submitted or adopted; a new text keeps the old one as
** a version. */
static void update_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!report_edit(ctx, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, report_detail(ctx, id));
}

/* DELETE /api/v1/reports/{id}: a draft, by its author (409 otherwise: withdraw instead). */
static void delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  struct report_row r;
  int64_t id = request_id(rq, "id");
  if (!report_load(ctx, id, &r)) return reply_entity_error(rq, ctx);
  if (r.state != RS_DRAFT) {
    report_wrong_state(ctx, &r, "只有草稿可以删除，已报送的信息请撤回",
                       "Only a draft can be deleted");
    return reply_entity_error(rq, ctx);
  }
  if (!report_is_author(ctx, &r)) {
    entity_forbidden(ctx, "只有报送人可以删除草稿", "Only the author deletes a draft");
    return reply_entity_error(rq, ctx);
  }
  if (!entity_delete(ctx, &report_entity, id)) return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* PUT /api/v1/reports/{id}/files {"file_ids": [...]}: the attachments (at most 10). */
static void files_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!report_set_files(ctx, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, report_detail(ctx, id));
}

/* GET /api/v1/reports/{id}/timeline */
static void timeline_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200, report_timeline(ctx, request_id(rq, "id")));
}

/* GET /api/v1/reports/{id}/versions: every earlier text, then the current one. */
static void versions_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, report_versions(ctx, request_id(rq, "id")));
}

/* GET /api/v1/reports/{id}/diff?from=1&to=2&mode=line|char (to 0 or absent: the current text). */
static void diff_h(struct request *rq) {
  int64_t from, to;
  if (!request_query_int(rq, "from", 1, 100000, 1, &from) ||
      !request_query_int(rq, "to", 0, 100000, 0, &to))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(
      rq, ctx,
      report_diff(ctx, request_id(rq, "id"), (int)from, (int)to, request_query(rq, "mode")));
}

/* POST /api/v1/reports/{id}/<action>: the action of the route's data; 200 with the detail. */
static void action_h(struct request *rq) {
  enum report_action a = (enum report_action)(intptr_t)rq->route->data;
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!report_act(ctx, id, a, rq->json)) return reply_entity_error(rq, ctx);
  json_t *o = report_detail(ctx, id);
  reply_json(rq, 200, o ? o : json_pack("{s:I}", "id", (json_int_t)id));
}

/* The statistics s as a workbook into out: totals, then a sheet per grouping. False with
** ctx->err when it cannot be written. */
static bool stats_xlsx(struct entity_ctx *ctx, json_t *s, struct buf *out) {
  struct xlsx_file f;
  if (!xlsx_open(&f)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法创建临时文件", "Cannot create a temporary file");
    return false;
  }
  static const struct xlsx_col counts[] = {{"报送", "submitted", 0, true},
                                           {"采用", "adopted", 0, true},
                                           {"省级采用", "adopted_province", 0, true},
                                           {"全国政协采用", "adopted_national", 0, true},
                                           {"报送上级", "sent_up", 0, true},
                                           {"上级采用", "adopted_above", 0, true},
                                           {"领导批示", "instructions", 0, true},
                                           {"紧急", "urgent", 0, true}};
  const int ncounts = (int)(sizeof counts / sizeof counts[0]);
  /* a sheet per grouping: its label column, then the counts */
  static const struct {
    const char *sheet, *group;
    struct xlsx_col label;
  } sheets[] = {{"总计", NULL, {"", NULL, 20}},
                {"按委员", "by_member", {"委员", "name", 20}},
                {"按界别", "by_sector", {"界别", "name", 20}},
                {"按活动组", "by_group", {"活动组", "name", 20}},
                {"按月份", "by_month", {"月份", "month", 20}}};
  for (size_t k = 0; k < sizeof sheets / sizeof sheets[0]; k++) {
    lxw_worksheet *ws = xlsx_sheet(&f, sheets[k].sheet);
    xlsx_header(&f, ws, 0, 0, &sheets[k].label, 1);
    xlsx_header(&f, ws, 0, 1, counts, ncounts);
    json_t *rows = sheets[k].group ? json_object_get(s, sheets[k].group) : NULL, *one = NULL;
    if (!rows) { /* the totals: one row */
      one = json_array();
      json_array_append(one, json_object_get(s, "totals"));
      rows = one;
      worksheet_write_string(ws, 1, 0, "合计", NULL);
    }
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
      xlsx_row(ws, (lxw_row_t)(i + 1), 0, &sheets[k].label, 1, row);
      xlsx_row(ws, (lxw_row_t)(i + 1), 1, counts, ncounts, row);
    }
    json_decref(one);
  }
  if (!xlsx_finish(&f, out)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "生成 XLSX 文件失败", "Could not write the XLSX file");
    return false;
  }
  return true;
}

/* ?committee_id=&year= of the statistics (0: the caller's committee, every year), checked: a
** member account is refused (it reads its own in its points), the committee must be in the
** caller's scope. False after replying. */
static bool stats_params(struct request *rq, int64_t *cid, int64_t *year) {
  if (!request_query_int(rq, "committee_id", 1, INT64_MAX, 0, cid) ||
      !request_query_int(rq, "year", 2000, 2099, 0, year))
    return false;
  if (rq->user->role == ROLE_MEMBER) {
    reply_error(rq, ERR_FORBIDDEN, NULL, "委员不能查看全体统计",
                "Members do not read the statistics");
    return false;
  }
  return true;
}

/* Starts the job of the statistics workbook of cid (checked in scope) and year. */
static void stats_export(struct request *rq, int64_t cid, int64_t year) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!entity_subtree(ctx, &cid)) return reply_entity_error(rq, ctx);
  job_export_start(
      rq, "report_stats", 0,
      json_pack("{s:I,s:I}", "committee_id", (json_int_t)cid, "year", (json_int_t)year));
}

/* GET /api/v1/reports/stats?committee_id=&year=&format=json|xlsx: staff only. With
** format=xlsx (the old URL of the workbook) the export of POST …/stats/export, answered 303 to
** its job. */
static void stats_h(struct request *rq) {
  int64_t cid, year;
  if (!stats_params(rq, &cid, &year)) return;
  const char *format = request_query(rq, "format");
  if (format && *format && strcmp(format, "json") && strcmp(format, "xlsx"))
    return reply_error(rq, ERR_INVALID_FIELD, "format", "format 应为 json 或 xlsx",
                       "format must be json or xlsx");
  if (format && !strcmp(format, "xlsx")) return stats_export(rq, cid, year);
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, report_stats(ctx, cid, (int)year));
}

/* POST /api/v1/reports/stats/export?committee_id=&year=: starts the job that writes the
** statistics as a workbook (five sheets): 202 {"job"}. */
static void stats_export_h(struct request *rq) {
  int64_t cid, year;
  if (stats_params(rq, &cid, &year)) stats_export(rq, cid, year);
}

/* The job of stats_export(). */
static bool stats_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  struct buf out = {0};
  job_progress(j, 0, 1, "统计社情民意信息");
  json_t *s =
      ctx.user && ctx.user->role != ROLE_MEMBER
          ? report_stats(&ctx, json_integer_value(json_object_get(j->params, "committee_id")),
                         (int)json_integer_value(json_object_get(j->params, "year")))
          : NULL;
  bool built = s && stats_xlsx(&ctx, s, &out);
  json_decref(s);
  return job_set_file(j, &ctx, built, &out,
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "社情民意信息统计.xlsx");
}

/* The reports' exports, for the module table. */
const struct job_kind report_job_kinds[] = {
    {"report_stats", "社情民意信息统计", stats_job, PERM_STATS_READ},
    {NULL},
};

/* GET /api/v1/reports/reference: categories, states, adoption and instruction levels. */
static void reference_h(struct request *rq) {
  json_t *cats = json_array(), *states = json_array(), *adopt = json_array(), *instr = json_array();
  for (int i = 0; report_categories[i]; i++)
    json_array_append_new(cats, json_string(report_categories[i]));
  for (int i = 0; i < RS__COUNT; i++)
    json_array_append_new(states, json_pack("{s:s,s:s}", "name", report_state_name(i), "label",
                                            report_state_label(i)));
  for (int i = 0; report_adoption_levels[i].name; i++)
    json_array_append_new(adopt, json_pack("{s:s,s:s}", "name", report_adoption_levels[i].name,
                                           "label", report_adoption_levels[i].zh));
  for (int i = 0; report_instruction_levels[i].name; i++)
    json_array_append_new(instr, json_pack("{s:s,s:s}", "name", report_instruction_levels[i].name,
                                           "label", report_instruction_levels[i].zh));
  reply_json(rq, 200,
             json_pack("{s:o,s:o,s:o,s:o}", "categories", cats, "states", states, "adoption_levels",
                       adopt, "instruction_levels", instr));
}

#define P "/api/v1/reports/{id}"
#define ACTION(name, act, perm, zh)                                                                \
  {                                                                                                \
    "POST", P "/" name, action_h, perm, ROUTE_JSON, report_route_visible, zh,                      \
        (const void *)(intptr_t)(act)                                                              \
  }

/* The report's workflow and enums, for the module table (GET /api/v1/labels). */
const struct flow *const report_flows[] = {&report_flow, NULL};
const struct label_table report_labels[] = {
    {"report.adoption_level", report_adoption_levels},
    {"report.instruction_level", report_instruction_levels},
    {NULL},
};

/* The records holding files, for the module table: an attachment is read by whoever may read
** the report (report_visible: staff in scope; a member account its own). */
const struct file_holder report_file_holders[] = {
    {"report", "SELECT report_id FROM report_files WHERE file_id = ?", PERM_REPORT_READ,
     report_visible},
    {NULL},
};

const struct record_kind report_refs[] = {
    {"report", PERM_REPORT_READ, report_visible, "SELECT title FROM reports WHERE id = ?"},
    {NULL},
};

const struct route report_routes[] = {
    {"GET", "/api/v1/reports", list_h, PERM_REPORT_READ, 0, NULL, "社情民意信息列表与检索"},
    {"POST", "/api/v1/reports", create_h, PERM_REPORT_SUBMIT, ROUTE_JSON, NULL, "撰写社情民意信息"},
    {"GET", "/api/v1/reports/reference", reference_h, PERM_REPORT_READ, 0, NULL,
     "类别、状态、采用和批示级别"},
    {"GET", "/api/v1/reports/stats", stats_h, PERM_STATS_READ, ROUTE_EXPORT_FORMAT, NULL,
     "社情民意信息统计（format=xlsx 为旧地址：303 到任务）"},
    {"POST", "/api/v1/reports/stats/export", stats_export_h, PERM_STATS_READ, ROUTE_EXPORT, NULL,
     "导出社情民意信息统计（XLSX，任务）"},
    {"GET", P, get_h, PERM_REPORT_READ, 0, report_route_visible, "社情民意信息详情"},
    {"PATCH", P, update_h, PERM_REPORT_SUBMIT, ROUTE_JSON, report_route_visible,
     "修改社情民意信息（保留版本）"},
    {"DELETE", P, delete_h, PERM_REPORT_SUBMIT, 0, report_route_visible, "删除草稿"},
    {"PUT", P "/files", files_h, PERM_REPORT_SUBMIT, ROUTE_JSON, report_route_visible,
     "社情民意信息附件"},
    {"GET", P "/timeline", timeline_h, PERM_REPORT_READ, 0, report_route_visible, "处理过程"},
    {"GET", P "/versions", versions_h, PERM_REPORT_READ, 0, report_route_visible, "历次修改版本"},
    {"GET", P "/diff", diff_h, PERM_REPORT_READ, 0, report_route_visible, "两个版本的差异"},
    ACTION("submit", RA_SUBMIT, PERM_REPORT_SUBMIT, "报送"),
    ACTION("withdraw", RA_WITHDRAW, PERM_REPORT_SUBMIT, "撤回"),
    ACTION("return", RA_RETURN, PERM_REPORT_REVIEW, "退回修改"),
    ACTION("adopt", RA_ADOPT, PERM_REPORT_REVIEW, "采用"),
    ACTION("reject", RA_REJECT, PERM_REPORT_REVIEW, "不予采用"),
    ACTION("merge", RA_MERGE, PERM_REPORT_REVIEW, "合并"),
    ACTION("record-adoption", RA_ADOPTION, PERM_REPORT_REVIEW, "登记采用情况"),
    ACTION("record-instruction", RA_INSTRUCTION, PERM_REPORT_REVIEW, "登记领导批示"),
    ACTION("accept", RA_ACCEPT, PERM_REPORT_REVIEW, "受理"),
    SETTINGS_ROUTES("/api/v1/committees/{id}/report-settings", &report_settings, PERM_REPORT_READ,
                    PERM_REPORT_REVIEW, "社情民意信息工作"),
    {NULL},
};
