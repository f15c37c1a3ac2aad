/* src/points/points_http.c: the HTTP surface of duty points. The handlers only translate; the
** rules are in points_*.c.
**
** Permissions: points.read reads rule sets, rankings, assessments, statistics and duty files in
** scope (a member account: only its own duty file, ledger, place and self-report — the router's
** visibility check and ROUTE_SELF); points.write keeps rule sets and duty records, recomputes,
** reminds and decides honours; points.self is the member's own page and self-report. */
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "contact/contact.h"
#include "entity/entity_http.h"
#include "entity/record_ref.h"
#include "job/job.h"
#include "job/job_http.h"
#include "points_int.h"

static int this_year(void) { return points_year_of(time_now()); }

/* ?year= (this year by default). */
static bool query_year(struct request *rq, int *year) {
  int64_t y;
  if (!request_query_int(rq, "year", 2000, 2099, this_year(), &y)) return false;
  *year = (int)y;
  return true;
}

/* ?committee_id=&sector_id=&group_id=&year= into s. */
static bool query_scope(struct request *rq, struct points_scope *s) {
  memset(s, 0, sizeof *s);
  return request_query_int(rq, "committee_id", 1, INT64_MAX, 0, &s->committee_id) &&
         request_query_int(rq, "sector_id", 1, INT64_MAX, 0, &s->sector_id) &&
         request_query_int(rq, "group_id", 1, INT64_MAX, 0, &s->group_id) &&
         query_year(rq, &s->year);
}

static bool member_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return contact_member_visible(ctx, id);
}

static bool rule_set_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return points_rule_set_visible(ctx, id);
}

static bool record_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return points_record_visible(ctx, id);
}

/* ---- rule sets ------------------------------------------------------------------------------ */

/* GET /api/v1/rule-sets?committee_id=&year= */
static void rule_sets_h(struct request *rq) {
  int64_t cid, year;
  if (!request_query_int(rq, "committee_id", 1, INT64_MAX, 0, &cid) ||
      !request_query_int(rq, "year", 2000, 2099, 0, &year))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, points_rule_sets(ctx, cid, (int)year));
}

/* GET /api/v1/rule-sets/catalogue: the events, categories and the example rule set. */
static void catalogue_h(struct request *rq) {
  int n;
  const struct points_event_kind *cat = points_events(&n);
  json_t *events = json_array(), *cats = json_array();
  for (int i = 0; i < n; i++)
    json_array_append_new(events,
                          json_pack("{s:s,s:s,s:s,s:s}", "event", cat[i].key, "category",
                                    cat[i].category, "label", cat[i].zh, "label_en", cat[i].en));
  for (int i = 0; points_categories[i][0]; i++)
    json_array_append_new(cats,
                          json_pack("{s:s,s:s,s:s}", "category", points_categories[i][0], "label",
                                    points_categories[i][1], "label_en", points_categories[i][2]));
  reply_json(rq, 200,
             json_pack("{s:o,s:o,s:o}", "events", events, "categories", cats, "example",
                       points_default_rules_json(this_year())));
}

/* GET /api/v1/rule-sets/effective?committee_id=&year=: the rule set in force there. */
static void effective_h(struct request *rq) {
  int64_t cid;
  int year;
  if (!request_query_int(rq, "committee_id", 1, INT64_MAX, 0, &cid) || !query_year(rq, &year))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  const char *path = entity_subtree(ctx, &cid);
  struct points_rules r;
  if (!path || !points_rules_for(ctx, path, year, &r)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, points_rule_set_json(ctx, &r));
}

static void rule_set_get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  struct points_rules r;
  if (!points_rules_load(ctx, request_id(rq, "id"), &r)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, points_rule_set_json(ctx, &r));
}

/* GET /api/v1/rule-sets/{id}/export: the rule set as a JSON file, to import elsewhere. */
static void rule_set_export_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  struct points_rules r;
  if (!points_rules_load(ctx, request_id(rq, "id"), &r)) return reply_entity_error(rq, ctx);
  json_t *o = points_rules_json(&r);
  json_object_set_new(o, "name", json_string(r.name));
  json_object_set_new(o, "year", json_integer(r.year));
  char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  reply_bytes(rq, 200, "application/json; charset=utf-8", text, strlen(text),
              arena_printf(rq->arena, "积分规则-%d-v%d.json", r.year, r.version));
  free(text);
  json_decref(o);
}

/* POST /api/v1/rule-sets: a new version for (committee_id, year) — an edit or an import — and
** the recompute of that year for the committee's subtree. 201 {"rule_set", "job"}. */
static void rule_set_save_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = points_rule_set_save(ctx, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  struct points_rules r;
  if (!points_rules_load(ctx, id, &r)) return reply_entity_error(rq, ctx);
  int64_t job = points_recompute_enqueue(rq->db, r.committee_id, r.year, rq->user->id);
  reply_json(rq, 201,
             json_pack("{s:o,s:o}", "rule_set", points_rule_set_json(ctx, &r), "job",
                       job ? job_json(rq->db, job) : json_null()));
}

/* ---- points --------------------------------------------------------------------------------- */

/* POST /api/v1/points/recompute {"committee_id", "year"}: 202 with the job. */
static void recompute_h(struct request *rq) {
  static const char *const allowed[] = {"committee_id", "year", NULL};
  int64_t cid, year;
  if (!request_only_fields(rq, allowed) ||
      !request_json_int(rq, "committee_id", 1, INT64_MAX, 0, &cid) ||
      !request_json_int(rq, "year", 2000, 2099, this_year(), &year))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  if (!entity_subtree(ctx, &cid)) return reply_entity_error(rq, ctx);
  int64_t id = points_recompute_enqueue(rq->db, cid, (int)year, rq->user->id);
  if (!id) return reply_db_error(rq);
  reply_json(rq, 202, json_pack("{s:o}", "job", job_json(rq->db, id)));
}

/* POST /api/v1/points/bulletin?committee_id=&year=&quarter=: starts the job that prints the
** committee subtree's duty bulletin of a quarter (委员履职通报, PDF): 202 {"job"}; 422 at once on
** a bad year or quarter (1..4, required), 403 for a committee out of scope or a member account. */
static void bulletin_h(struct request *rq) {
  int64_t cid, year, quarter;
  int cy, cq;
  time_cst_quarter(time_now(), &cy, &cq);
  if (!request_query_id(rq, "committee_id", &cid) ||
      !request_query_int(rq, "year", 2000, 2099, cy, &year) ||
      !request_query_int(rq, "quarter", 1, 4, cq, &quarter))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  if (!contact_rollup_check(ctx, &cid, (int)year, (int)quarter)) return reply_entity_error(rq, ctx);
  if (!cid) cid = rq->user->committee_id;
  job_export_start(rq, "points_bulletin", 0,
                   json_pack("{s:I,s:I,s:I}", "committee_id", (json_int_t)cid, "year",
                             (json_int_t)year, "quarter", (json_int_t)quarter));
}

/* GET /api/v1/points?member_id=&year=: a member's ledger. */
static void ledger_h(struct request *rq) {
  int64_t mid;
  int year;
  if (!request_query_int(rq, "member_id", 1, INT64_MAX, 0, &mid) || !query_year(rq, &year)) return;
  if (!mid && rq->user->member_id) mid = rq->user->member_id;
  if (!mid)
    return reply_error(rq, ERR_INVALID_FIELD, "member_id", "缺少委员 member_id",
                       "member_id missing");
  if (!member_route_visible(rq, mid))
    return reply_error(rq, ERR_NOT_FOUND, NULL, "未找到该委员", "No such member");
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, points_member_ledger(ctx, mid, year));
}

static void mine_h(struct request *rq) {
  int year;
  if (!query_year(rq, &year)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, points_mine(ctx, year));
}

static void stats_h(struct request *rq) {
  struct points_scope s;
  if (!query_scope(rq, &s)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, points_stats(ctx, &s));
}

static void record_delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!points_record_delete(ctx, request_id(rq, "id"))) return reply_entity_error(rq, ctx);
  reply_bytes(rq, 204, NULL, NULL, 0, NULL);
}

/* ---- ranking and assessment ----------------------------------------------------------------- */

/* GET /api/v1/ranking?committee_id=&sector_id=&group_id=&year=&bottom=1&offset=&limit=&sort=
** sort: points_ranking_sorts (rank by default; -rank from the bottom; name); 400 for another. */
static void ranking_h(struct request *rq) {
  struct points_scope s;
  bool bottom;
  int64_t offset, limit;
  struct page_order o;
  if (!query_scope(rq, &s) || !request_query_flag(rq, "bottom", &bottom) ||
      !request_query_int(rq, "offset", 0, 10000000, 0, &offset) ||
      !request_query_int(rq, "limit", 1, 500, 50, &limit) ||
      !request_page_order(rq, points_ranking_sorts, &o))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, points_ranking(ctx, &s, o.by ? &o : NULL, (int)offset, (int)limit, bottom));
}

/* GET /api/v1/ranking/members/{id}?year=&scope=committee|sector|group */
static void member_rank_h(struct request *rq) {
  int year;
  if (!query_year(rq, &year)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx,
               points_member_rank(ctx, request_id(rq, "id"), year, request_query(rq, "scope")));
}

/* POST /api/v1/ranking/reminders {"committee_id", "year"}: 202 with the job. */
static void remind_h(struct request *rq) {
  static const char *const allowed[] = {"committee_id", "year", NULL};
  int64_t cid, year;
  if (!request_only_fields(rq, allowed) ||
      !request_json_int(rq, "committee_id", 1, INT64_MAX, 0, &cid) ||
      !request_json_int(rq, "year", 2000, 2099, this_year(), &year))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = points_remind_enqueue(ctx, cid, (int)year);
  if (!id) return reply_entity_error(rq, ctx);
  reply_json(rq, 202, json_pack("{s:o}", "job", job_json(rq->db, id)));
}

/* GET /api/v1/assessments?committee_id=&sector_id=&group_id=&year=&grade=&flag=&offset=&limit= */
static void assessments_h(struct request *rq) {
  struct points_scope s;
  int64_t offset, limit;
  if (!query_scope(rq, &s) || !request_query_int(rq, "offset", 0, 10000000, 0, &offset) ||
      !request_query_int(rq, "limit", 1, 500, 50, &limit))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx,
               points_assessment(ctx, &s, request_query(rq, "grade"), request_query(rq, "flag"),
                                 (int)offset, (int)limit));
}

static void candidates_h(struct request *rq) {
  struct points_scope s;
  if (!query_scope(rq, &s)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, points_candidates(ctx, &s, request_query(rq, "honour")));
}

static void decide_h(struct request *rq) {
  static const char *const allowed[] = {"member_id", "year", "honour", "decision", "note", NULL};
  if (!request_only_fields(rq, allowed)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  if (!points_decide(ctx, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, json_pack("{s:b}", "ok", 1));
}

/* ---- duty file and self-report -------------------------------------------------------------- */

/* ?year= (or from=&to= for a term) and ?format= of the duty file, where formats allows it
** ("json|pdf|xlsx" or "pdf|xlsx"; absent: the first). False after replying. */
static bool duty_file_params(struct request *rq, bool json_ok, int64_t *from, int64_t *to,
                             const char **format) {
  int year;
  if (!query_year(rq, &year) || !request_query_int(rq, "from", 2000, 2099, year, from) ||
      !request_query_int(rq, "to", 2000, 2099, request_query(rq, "from") ? this_year() : year, to))
    return false;
  if (request_query(rq, "from") && !request_query(rq, "to") && *to < *from) *to = *from;
  const char *f = request_query(rq, "format");
  if (!f || !*f) f = json_ok ? "json" : "pdf";
  if ((!json_ok || strcmp(f, "json")) && strcmp(f, "pdf") && strcmp(f, "xlsx")) {
    reply_error(rq, ERR_INVALID_FIELD, "format",
                json_ok ? "format 应为 json、pdf 或 xlsx" : "format 应为 pdf 或 xlsx",
                json_ok ? "format must be json, pdf or xlsx" : "format must be pdf or xlsx");
    return false;
  }
  *format = f;
  return true;
}

/* Starts the "duty_file" export of the member in the path (422 at once on bad years). */
static void duty_file_export(struct request *rq, int64_t from, int64_t to, const char *format) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!points_duty_file_years(ctx, (int)from, (int)to)) return reply_entity_error(rq, ctx);
  job_export_start(
      rq, "duty_file", request_id(rq, "id"),
      json_pack("{s:I,s:I,s:s}", "from", (json_int_t)from, "to", (json_int_t)to, "format", format));
}

/* GET /api/v1/members/{id}/duty-file?year= (or from=&to= for a term) &format=json|pdf|xlsx:
** the duty file as JSON; pdf and xlsx (the old URLs of the files) start the export of POST,
** answered 303 to its job. */
static void duty_file_h(struct request *rq) {
  int64_t from, to;
  const char *format;
  if (!duty_file_params(rq, true, &from, &to, &format)) return;
  if (strcmp(format, "json")) return duty_file_export(rq, from, to, format);
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, points_duty_file(ctx, request_id(rq, "id"), (int)from, (int)to));
}

/* POST /api/v1/members/{id}/duty-file?year= (or from=&to=) &format=pdf|xlsx: starts the job
** that prints the duty file (PDF with the committee's heading, default) or writes it as a
** workbook: 202 {"job"}. */
static void duty_file_export_h(struct request *rq) {
  int64_t from, to;
  const char *format;
  if (duty_file_params(rq, false, &from, &to, &format)) duty_file_export(rq, from, to, format);
}

static void self_report_h(struct request *rq) {
  int year;
  if (!query_year(rq, &year)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, points_self_report(ctx, request_id(rq, "id"), year));
}

static void self_report_save(struct request *rq, bool submit) {
  static const char *const allowed[] = {"year", "body", NULL};
  if (!request_only_fields(rq, allowed)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!points_self_report_save(ctx, id, rq->json, submit)) return reply_entity_error(rq, ctx);
  reply_result(
      rq, ctx,
      points_self_report(ctx, id, (int)json_integer_value(json_object_get(rq->json, "year"))));
}

static void self_report_put_h(struct request *rq) { self_report_save(rq, false); }
static void self_report_submit_h(struct request *rq) { self_report_save(rq, true); }

#define RS  "/api/v1/rule-sets"
#define REC "/api/v1/points/records"
#define MEM "/api/v1/members/{id}"

/* The duty records' enums, for the module table (GET /api/v1/labels). */
const struct label_table points_labels[] = {
    {"duty_record.kind", points_record_kinds},
    {"attendance", points_attendances},
    {"points.standing", points_standings},
    {NULL},
};

/* The records others may refer to: a speech (an activity's outcome). */
const struct record_kind points_refs[] = {
    {"speech", PERM_POINTS_READ, points_speech_visible,
     "SELECT title FROM duty_records WHERE id = ?"},
    {NULL},
};

const struct route points_routes[] = {
    {"GET", RS, rule_sets_h, PERM_POINTS_READ, 0, NULL, "积分规则列表"},
    {"POST", RS, rule_set_save_h, PERM_POINTS_WRITE, ROUTE_JSON, NULL,
     "保存积分规则（新版本）并重算"},
    {"GET", RS "/catalogue", catalogue_h, PERM_POINTS_READ, 0, NULL, "积分事项目录与示例规则"},
    {"GET", RS "/effective", effective_h, PERM_POINTS_READ, 0, NULL, "现行积分规则"},
    {"GET", RS "/{id}", rule_set_get_h, PERM_POINTS_READ, 0, rule_set_route_visible,
     "积分规则详情"},
    {"GET", RS "/{id}/export", rule_set_export_h, PERM_POINTS_READ, ROUTE_EXPORT,
     rule_set_route_visible, "导出积分规则（JSON）"},
    {"GET", "/api/v1/points", ledger_h, PERM_POINTS_READ, ROUTE_SELF, NULL, "委员积分明细"},
    {"GET", "/api/v1/points/me", mine_h, PERM_POINTS_SELF, ROUTE_SELF, NULL, "我的积分"},
    {"POST", "/api/v1/points/bulletin", bulletin_h, PERM_STATS_READ, ROUTE_EXPORT, NULL,
     "季度委员履职通报（PDF，任务）"},
    {"GET", "/api/v1/points/stats", stats_h, PERM_STATS_READ, 0, NULL, "积分统计"},
    {"POST", "/api/v1/points/recompute", recompute_h, PERM_POINTS_WRITE, ROUTE_JSON, NULL,
     "重新计算年度积分"},
    {"GET", REC, entity_list_h, PERM_POINTS_READ, ROUTE_SELF, NULL, "履职记录列表",
     &duty_record_entity},
    {"POST", REC, entity_create_h, PERM_POINTS_WRITE, ROUTE_JSON, NULL, "新建履职记录",
     &duty_record_entity},
    {"GET", REC "/{id}", entity_get_h, PERM_POINTS_READ, ROUTE_SELF, record_route_visible,
     "履职记录详情", &duty_record_entity},
    {"PATCH", REC "/{id}", entity_update_h, PERM_POINTS_WRITE, ROUTE_JSON, record_route_visible,
     "修改履职记录", &duty_record_entity},
    {"DELETE", REC "/{id}", record_delete_h, PERM_POINTS_WRITE, 0, record_route_visible,
     "删除履职记录", &duty_record_entity},
    {"GET", "/api/v1/ranking", ranking_h, PERM_STATS_READ, 0, NULL, "积分排名"},
    {"GET", "/api/v1/ranking/members/{id}", member_rank_h, PERM_POINTS_READ, ROUTE_SELF,
     member_route_visible, "委员积分排名"},
    {"POST", "/api/v1/ranking/reminders", remind_h, PERM_POINTS_WRITE, ROUTE_JSON, NULL,
     "提醒排名靠后的委员"},
    {"GET", "/api/v1/assessments", assessments_h, PERM_STATS_READ, 0, NULL, "年度考核"},
    {"GET", "/api/v1/assessments/candidates", candidates_h, PERM_STATS_READ, 0, NULL, "评优候选人"},
    {"POST", "/api/v1/assessments/decisions", decide_h, PERM_POINTS_WRITE, ROUTE_JSON, NULL,
     "评优决定"},
    {"GET", MEM "/duty-file", duty_file_h, PERM_POINTS_READ, ROUTE_SELF | ROUTE_EXPORT_FORMAT,
     member_route_visible, "委员履职档案（format=pdf|xlsx 为旧地址：303 到任务）"},
    {"POST", MEM "/duty-file", duty_file_export_h, PERM_POINTS_READ, ROUTE_SELF | ROUTE_EXPORT,
     member_route_visible, "导出委员履职档案（PDF 或 XLSX，任务）"},
    {"GET", MEM "/self-report", self_report_h, PERM_POINTS_READ, ROUTE_SELF, member_route_visible,
     "年度述职报告"},
    {"PUT", MEM "/self-report", self_report_put_h, PERM_POINTS_SELF, ROUTE_JSON | ROUTE_SELF,
     member_route_visible, "保存述职报告草稿"},
    {"POST", MEM "/self-report/submit", self_report_submit_h, PERM_POINTS_SELF,
     ROUTE_JSON | ROUTE_SELF, member_route_visible, "提交述职报告"},
    {NULL},
};
