/* src/points/points_file.c: the member's duty file (履职档案) for a year or a term — as JSON
** for the page, as a PDF with the committee's heading, as an XLSX workbook — and the annual
** self-report (述职), drafted from the same records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/xlsx.h"
#include "db/db.h"
#include "doc/pdf.h"
#include "contact/contact.h"
#include "entity/entity.h"
#include "job/job.h"
#include "proposal/proposal.h"
#include "report/report.h"
#include "points_int.h"

/* ---- the file ------------------------------------------------------------------------------- */

static json_t *member_json(struct entity_ctx *ctx, int64_t id) {
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT m.id, m.name, m.committee_id, c.name, COALESCE(se.name, ''), COALESCE(g.name, ''),"
      " COALESCE(pa.name, ''), m.is_standing, m.term, m.occupation, m.gender"
      " FROM members m JOIN committees c ON c.id = m.committee_id"
      " LEFT JOIN sectors se ON se.id = m.sector_id LEFT JOIN activity_groups g ON g.id = "
      "m.group_id"
      " LEFT JOIN parties pa ON pa.id = m.party_id WHERE m.id = ?",
      "i", id);
  json_t *o = NULL;
  if (db_step(st) == DB_ROW)
    o = json_pack(
        "{s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:b,s:i,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0),
        "name", db_col_text(st, 1), "committee_id", (json_int_t)db_col_int(st, 2), "committee_name",
        db_col_text(st, 3), "sector_name", db_col_text(st, 4), "group_name", db_col_text(st, 5),
        "party_name", db_col_text(st, 6), "is_standing", (int)db_col_int(st, 7), "term",
        (int)db_col_int(st, 8), "occupation", db_col_text(st, 9), "gender", db_col_text(st, 10));
  db_done(st);
  return o;
}

bool points_duty_file_years(struct entity_ctx *ctx, int from, int to) {
  if (from < 2000 || to > 2099 || from > to || to - from > 9) {
    entity_fail(ctx, ERR_INVALID_FIELD, "year", "年度应在 2000 到 2099 之间，届期至多 10 年",
                "years must lie between 2000 and 2099, ten at most");
    return false;
  }
  return true;
}

json_t *points_duty_file(struct entity_ctx *ctx, int64_t member_id, int from, int to) {
  if (!points_duty_file_years(ctx, from, to)) return NULL;
  json_t *m = member_json(ctx, member_id);
  if (!m) {
    entity_not_found(ctx, "未找到该委员", "No such member");
    return NULL;
  }
  int64_t t0 = points_year_start(from), t1 = points_year_start(to + 1);
  char d0[24], d1[24];
  snprintf(d0, sizeof d0, "%04d-01-01", from);
  snprintf(d1, sizeof d1, "%04d-12-31", to);
  /* activities taken part in */
  json_t *acts = json_array();
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT a.id, a.title, a.kind, COALESCE(a.starts_at, a.created_at), p.attendance, "
      "p.people_reached"
      " FROM activity_participants p JOIN activities a ON a.id = p.activity_id"
      " WHERE p.member_id = ? AND a.status = 'done' AND COALESCE(a.starts_at, a.created_at) >= ?"
      " AND COALESCE(a.starts_at, a.created_at) < ? ORDER BY 4, a.id",
      "iii", member_id, t0, t1);
  while (db_step(st) == DB_ROW) {
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)db_col_int(st, 0),
                          "title", db_col_text(st, 1), "kind", db_col_text(st, 2), "kind_label",
                          label_zh(contact_activity_kinds, db_col_text(st, 2)), "attendance",
                          db_col_text(st, 4), "attendance_label",
                          label_zh(points_attendances, db_col_text(st, 4)), "people_reached",
                          (json_int_t)db_col_int(st, 5));
    entity_time_json(o, "at", st, 3);
    json_array_append_new(acts, o);
  }
  db_done(st);
  /* proposals signed */
  json_t *props = json_array();
  st = db_query(
      ctx->db,
      "SELECT p.id, p.serial, p.title, p.status, s.role, p.submitted_at, p.is_key, p.is_good"
      " FROM proposal_signers s JOIN proposals p ON p.id = s.proposal_id"
      " WHERE s.member_id = ? AND (s.role = 'first' OR s.status = 'confirmed') AND p.submitted_at "
      ">= ?"
      " AND p.submitted_at < ? AND p.status NOT IN ('draft', 'cosigning', 'withdrawn') ORDER BY "
      "p.submitted_at, p.id",
      "iii", member_id, t0, t1);
  while (db_step(st) == DB_ROW) {
    json_t *o =
        json_pack("{s:I,s:o,s:s,s:s,s:s,s:s,s:s,s:b,s:b}", "id", (json_int_t)db_col_int(st, 0),
                  "serial", db_col_null(st, 1) ? json_null() : json_integer(db_col_int(st, 1)),
                  "title", db_col_text(st, 2), "status", db_col_text(st, 3), "status_label",
                  label_zh(proposal_states, db_col_text(st, 3)), "role", db_col_text(st, 4),
                  "role_label", label_zh(proposal_signer_roles, db_col_text(st, 4)), "is_key",
                  (int)db_col_int(st, 6), "is_good", (int)db_col_int(st, 7));
    entity_time_json(o, "submitted_at", st, 5);
    json_array_append_new(props, o);
  }
  db_done(st);
  /* social-conditions reports submitted, with where they were adopted and the instructions */
  json_t *reps = json_array();
  st = db_query(
      ctx->db,
      "SELECT r.id, r.title, r.status, r.urgent, r.submitted_at,"
      " (SELECT COUNT(*) FROM report_adoptions a WHERE a.report_id = r.id AND r.status = "
      "'adopted'),"
      " (SELECT COUNT(*) FROM report_instructions i WHERE i.report_id = r.id AND r.status = "
      "'adopted'),"
      " COALESCE((SELECT MAX(CASE a.level WHEN 'national' THEN 3 WHEN 'province' THEN 2 ELSE 1 END)"
      " FROM report_adoptions a WHERE a.report_id = r.id AND r.status = 'adopted'), 0)"
      " FROM reports r WHERE r.member_id = ? AND r.submitted_at >= ? AND r.submitted_at < ?"
      " AND r.status NOT IN ('draft', 'withdrawn') ORDER BY r.submitted_at, r.id",
      "iii", member_id, t0, t1);
  while (db_step(st) == DB_ROW) {
    const char *status = db_col_text(st, 2);
    int64_t best = db_col_int(st, 7); /* 1 local, 2 province, 3 national: report_adoption_levels */
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:b,s:I,s:I,s:s}", "id", (json_int_t)db_col_int(st, 0),
                          "title", db_col_text(st, 1), "status", status, "status_label",
                          label_zh(report_states, status), "urgent", (int)db_col_int(st, 3),
                          "adoptions", (json_int_t)db_col_int(st, 5), "instructions",
                          (json_int_t)db_col_int(st, 6), "adopted_label",
                          best >= 1 && best <= 3 ? report_adoption_levels[best - 1].zh : "");
    entity_time_json(o, "submitted_at", st, 4);
    json_array_append_new(reps, o);
  }
  db_done(st);
  /* meetings and speeches */
  json_t *recs = json_array();
  st = db_query(ctx->db,
                "SELECT id, kind, title, held_on, attendance, attended_minutes, duration_minutes, "
                "note FROM duty_records"
                " WHERE member_id = ? AND held_on >= ? AND held_on <= ? ORDER BY held_on, id",
                "itt", member_id, d0, d1);
  while (db_step(st) == DB_ROW) {
    bool speech = !strncmp(db_col_text(st, 1), "speech", 6);
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0),
                          "kind", db_col_text(st, 1), "kind_label",
                          label_zh(points_record_kinds, db_col_text(st, 1)), "title",
                          db_col_text(st, 2), "held_on", db_col_text(st, 3), "attendance",
                          speech ? "" : db_col_text(st, 4), "attendance_label",
                          speech ? "" : label_zh(points_attendances, db_col_text(st, 4)));
    if (!db_col_null(st, 6)) {
      json_object_set_new(o, "attended_minutes", json_integer(db_col_int(st, 5)));
      json_object_set_new(o, "duration_minutes", json_integer(db_col_int(st, 6)));
    }
    json_array_append_new(recs, o);
  }
  db_done(st);
  /* points and places, year by year */
  json_t *years = json_array(), *points = json_array();
  for (int y = from; y <= to; y++) {
    json_t *l = points_member_ledger(ctx, member_id, y);
    if (!l) break;
    const struct user *u = ctx->user;
    ctx->user = NULL; /* the place is part of the file whoever reads it */
    json_t *rank = points_member_rank(ctx, member_id, y, "committee");
    ctx->user = u;
    json_array_append_new(
        years,
        json_pack(
            "{s:i,s:O,s:O,s:O,s:O,s:O,s:o,s:o,s:O}", "year", y, "total",
            json_object_get(l, "total"), "score", json_object_get(l, "score"), "grade",
            json_object_get(l, "grade"), "grade_label", json_object_get(l, "grade_label"),
            "by_category", json_object_get(l, "by_category"), "rank",
            rank ? json_integer(json_integer_value(json_object_get(rank, "rank"))) : json_null(),
            "of",
            rank ? json_integer(json_integer_value(json_object_get(rank, "of"))) : json_null(),
            "rule_set", json_object_get(l, "rule_set")));
    json_array_extend(points, json_object_get(l, "items"));
    json_decref(rank);
    json_decref(l);
  }
  json_t *self = points_self_report(ctx, member_id, to);
  return json_pack("{s:o,s:i,s:i,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "member", m, "from", from, "to", to,
                   "years", years, "activities", acts, "proposals", props, "reports", reps,
                   "records", recs, "points", points, "self_report", self ? self : json_null());
}

/* ---- PDF ------------------------------------------------------------------------------------ */

static const char *num(struct entity_ctx *ctx, json_t *v) {
  if (json_is_integer(v)) return arena_printf(ctx->arena, "%lld", (long long)json_integer_value(v));
  if (json_is_real(v)) return arena_printf(ctx->arena, "%.1f", json_real_value(v));
  return "—";
}

static const char *date_of(struct entity_ctx *ctx, json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? arena_strndup(ctx->arena, s, 10) : "";
}

static const char *period(struct entity_ctx *ctx, json_t *file) {
  int from = (int)json_integer_value(json_object_get(file, "from")),
      to = (int)json_integer_value(json_object_get(file, "to"));
  return from == to ? arena_printf(ctx->arena, "%d年度", from)
                    : arena_printf(ctx->arena, "%d—%d年", from, to);
}

/* A column of a PDF table: the JSON key, the header, the relative width, and how the value
** shows: 's' a string, 'n' a number ("—" when absent), 'd' the date of a time. */
struct column {
  const char *key, *header;
  double width;
  char how;
};

/* A heading counting the rows of list (heading has one %zu), then the table when there are any. */
static void table(struct entity_ctx *ctx, struct pdf *d, const char *heading, json_t *list,
                  const struct column *cols, int ncols) {
  size_t n = json_array_size(list), i;
  pdf_heading(d, arena_printf(ctx->arena, heading, n));
  if (!n) return;
  const char **cells = arena_alloc(ctx->arena, n * (size_t)ncols * sizeof *cells), *hdr[8];
  double w[8];
  json_t *y;
  for (int k = 0; k < ncols; k++) hdr[k] = cols[k].header, w[k] = cols[k].width;
  json_array_foreach(list, i, y) {
    for (int k = 0; k < ncols; k++) {
      json_t *v = json_object_get(y, cols[k].key);
      const char *s = json_string_value(v);
      cells[i * (size_t)ncols + (size_t)k] = cols[k].how == 'n'   ? num(ctx, v)
                                             : cols[k].how == 'd' ? date_of(ctx, y, cols[k].key)
                                                                  : (s ? s : "");
    }
  }
  pdf_table(d, ncols, w, hdr, cells, (int)n);
}

bool points_duty_file_pdf(struct entity_ctx *ctx, json_t *file, struct buf *out) {
  json_t *m = json_object_get(file, "member");
  struct pdf *d = pdf_open(json_string_value(json_object_get(m, "committee_name")));
  if (!d) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成 PDF", "Could not make the PDF");
    return false;
  }
  const char *name = json_string_value(json_object_get(m, "name"));
  pdf_title(d, arena_printf(ctx->arena, "%s委员履职档案", name));
  pdf_subtitle(d, period(ctx, file));
  pdf_heading(d, "一、基本情况");
  pdf_field(d, "姓名", name);
  pdf_field(d, "所属政协", json_string_value(json_object_get(m, "committee_name")));
  pdf_field(d, "界别", json_string_value(json_object_get(m, "sector_name")));
  pdf_field(d, "党派", json_string_value(json_object_get(m, "party_name")));
  pdf_field(d, "活动组", json_string_value(json_object_get(m, "group_name")));
  pdf_field(d, "常委", json_is_true(json_object_get(m, "is_standing")) ? "是" : "否");
  pdf_heading(d, "二、履职积分");
  json_t *y;
  size_t i;
  json_array_foreach(json_object_get(file, "years"), i, y) {
    const char *rank = json_is_integer(json_object_get(y, "rank"))
                           ? arena_printf(ctx->arena, "，排名第 %lld 位（共 %lld 人）",
                                          (long long)json_integer_value(json_object_get(y, "rank")),
                                          (long long)json_integer_value(json_object_get(y, "of")))
                           : "";
    pdf_field(d,
              arena_printf(ctx->arena, "%lld年度",
                           (long long)json_integer_value(json_object_get(y, "year"))),
              arena_printf(ctx->arena, "积分 %s 分，考核得分 %s 分，等次：%s%s",
                           num(ctx, json_object_get(y, "total")),
                           num(ctx, json_object_get(y, "score")),
                           json_string_value(json_object_get(y, "grade_label")), rank));
    json_t *c;
    size_t k;
    json_array_foreach(json_object_get(y, "by_category"), k, c) {
      pdf_field(d, arena_printf(ctx->arena, "　%s", json_string_value(json_object_get(c, "label"))),
                arena_printf(ctx->arena, "%s 分", num(ctx, json_object_get(c, "points"))));
    }
  }
  static const struct column acts[] = {{"at", "日期", 1.2, 'd'},
                                       {"kind_label", "形式", 1.1, 's'},
                                       {"title", "活动", 4, 's'},
                                       {"attendance_label", "出勤", 0.8, 's'}};
  static const struct column props[] = {{"serial", "案号", 0.8, 'n'},
                                        {"title", "案由", 4.2, 's'},
                                        {"role_label", "身份", 1.2, 's'},
                                        {"status_label", "状态", 1, 's'}};
  static const struct column reps[] = {{"submitted_at", "报送日期", 1.2, 'd'},
                                       {"title", "标题", 3.8, 's'},
                                       {"status_label", "状态", 1, 's'},
                                       {"adopted_label", "采用", 1.2, 's'}};
  static const struct column recs[] = {{"held_on", "日期", 1.2, 's'},
                                       {"kind_label", "类别", 1.3, 's'},
                                       {"title", "会议或发言", 3.8, 's'},
                                       {"attendance_label", "出勤", 0.8, 's'}};
  static const struct column ledger[] = {{"occurred_at", "日期", 1.2, 'd'},
                                         {"label", "事项", 1.8, 's'},
                                         {"source_title", "来源", 3, 's'},
                                         {"points", "积分", 0.7, 'n'},
                                         {"note", "说明", 1.5, 's'}};
  table(ctx, d, "三、参加履职活动（%zu 次）", json_object_get(file, "activities"), acts, 4);
  table(ctx, d, "四、提案（%zu 件）", json_object_get(file, "proposals"), props, 4);
  table(ctx, d, "五、社情民意信息（%zu 件）", json_object_get(file, "reports"), reps, 4);
  table(ctx, d, "六、会议出席与发言（%zu 项）", json_object_get(file, "records"), recs, 4);
  table(ctx, d, "七、积分明细（%zu 条）", json_object_get(file, "points"), ledger, 5);
  json_t *sr = json_object_get(file, "self_report");
  if (json_is_object(sr) &&
      !strcmp(json_string_value(json_object_get(sr, "status")), "submitted")) {
    pdf_heading(d, "八、年度述职");
    pdf_para(d, json_string_value(json_object_get(sr, "body")));
  }
  if (!pdf_finish(d, out)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成 PDF", "Could not make the PDF");
    return false;
  }
  return true;
}

/* ---- XLSX ----------------------------------------------------------------------------------- */

bool points_duty_file_xlsx(struct entity_ctx *ctx, json_t *file, struct buf *out) {
  struct xlsx_file f;
  if (!xlsx_open(&f)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法创建临时文件", "Cannot create a temporary file");
    return false;
  }
  /* (header, JSON member, width): the third column holds the long text */
  static const struct xlsx_col ycols[] = {{"年度", "year", 14},      {"积分", "total", 14},
                                          {"考核得分", "score", 40}, {"等次", "grade_label", 14},
                                          {"排名", "rank", 14},      {"参加排名人数", "of", 14}};
  static const struct xlsx_col pcols[] = {{"时间", "occurred_at", 14},
                                          {"事项", "label", 14},
                                          {"来源", "source_title", 40},
                                          {"规则分值", "raw", 14},
                                          {"积分", "points", 14},
                                          {"说明", "note", 14},
                                          {"规则版本", "rule_set_version", 14}};
  static const struct xlsx_col acols[] = {{"时间", "at", 14},
                                          {"形式", "kind_label", 14},
                                          {"活动", "title", 40},
                                          {"出勤", "attendance_label", 14},
                                          {"联系群众人次", "people_reached", 14}};
  static const struct xlsx_col prcols[] = {{"案号", "serial", 14},
                                           {"状态", "status_label", 14},
                                           {"案由", "title", 40},
                                           {"身份", "role_label", 14},
                                           {"提交时间", "submitted_at", 14}};
  static const struct xlsx_col repcols[] = {{"报送时间", "submitted_at", 14},
                                            {"状态", "status_label", 14},
                                            {"标题", "title", 40},
                                            {"采用", "adopted_label", 14},
                                            {"领导批示", "instructions", 14}};
  static const struct xlsx_col rcols[] = {{"日期", "held_on", 14},
                                          {"类别", "kind_label", 14},
                                          {"会议或发言", "title", 40},
                                          {"出勤", "attendance_label", 14},
                                          {"出席分钟", "attended_minutes", 14},
                                          {"会议分钟", "duration_minutes", 14}};
  xlsx_table(&f, "积分汇总", ycols, 6, json_object_get(file, "years"));
  xlsx_table(&f, "积分明细", pcols, 7, json_object_get(file, "points"));
  xlsx_table(&f, "履职活动", acols, 5, json_object_get(file, "activities"));
  xlsx_table(&f, "提案", prcols, 5, json_object_get(file, "proposals"));
  xlsx_table(&f, "社情民意信息", repcols, 5, json_object_get(file, "reports"));
  xlsx_table(&f, "会议与发言", rcols, 6, json_object_get(file, "records"));
  if (!xlsx_finish(&f, out)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成 XLSX", "Could not write the workbook");
    return false;
  }
  return true;
}

bool points_duty_file_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  int from = (int)json_integer_value(json_object_get(j->params, "from"));
  int to = (int)json_integer_value(json_object_get(j->params, "to"));
  const char *format = json_string_value(json_object_get(j->params, "format"));
  bool pdf = !format || strcmp(format, "xlsx");
  job_progress(j, 0, 1, pdf ? "生成 PDF" : "生成 XLSX");
  struct buf out = {0};
  json_t *file = points_duty_file(&ctx, j->record_id, from, to);
  bool built = file && (pdf ? points_duty_file_pdf(&ctx, file, &out)
                            : points_duty_file_xlsx(&ctx, file, &out));
  const char *name =
      file ? json_string_value(json_object_get(json_object_get(file, "member"), "name")) : NULL;
  const char *ext = pdf ? "pdf" : "xlsx";
  const char *fname =
      from == to
          ? arena_printf(j->arena, "%s-%d年度履职档案.%s", name ? name : "委员", from, ext)
          : arena_printf(j->arena, "%s-%d-%d履职档案.%s", name ? name : "委员", from, to, ext);
  json_decref(file);
  return job_set_file(j, &ctx, built, &out,
                      pdf ? "application/pdf"
                          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      fname);
}

/* ---- the self-report ------------------------------------------------------------------------ */

/* A draft made from the year's records. */
static char *draft(struct entity_ctx *ctx, int64_t member, int year) {
  int64_t t0 = points_year_start(year), t1 = points_year_start(year + 1);
  char d0[24], d1[24];
  snprintf(d0, sizeof d0, "%04d-01-01", year);
  snprintf(d1, sizeof d1, "%04d-12-31", year);
  int64_t acts = db_int(
      ctx->db, 0,
      "SELECT COUNT(*) FROM activity_participants p JOIN activities a ON a.id = p.activity_id"
      " WHERE p.member_id = ? AND p.attendance = 'present' AND a.status = 'done'"
      " AND COALESCE(a.starts_at, a.created_at) >= ? AND COALESCE(a.starts_at, a.created_at) < ?",
      "iii", member, t0, t1);
  int64_t people = db_int(
      ctx->db, 0,
      "SELECT COALESCE(SUM(p.people_reached), 0) FROM activity_participants p JOIN activities a"
      " ON a.id = p.activity_id WHERE p.member_id = ? AND p.attendance = 'present' AND a.status = "
      "'done'"
      " AND COALESCE(a.starts_at, a.created_at) >= ? AND COALESCE(a.starts_at, a.created_at) < ?",
      "iii", member, t0, t1);
  int64_t first = db_int(ctx->db, 0,
                         "SELECT COUNT(*) FROM proposal_signers s JOIN proposals p ON p.id = "
                         "s.proposal_id WHERE s.member_id = ?"
                         " AND s.role = 'first' AND p.submitted_at >= ? AND p.submitted_at < ?"
                         " AND p.status NOT IN ('draft', 'cosigning', 'withdrawn')",
                         "iii", member, t0, t1);
  int64_t filed = db_int(ctx->db, 0,
                         "SELECT COUNT(*) FROM points_ledger WHERE member_id = ? AND year = ? AND "
                         "rule = 'proposal.filed'",
                         "ii", member, (int64_t)year);
  int64_t cos = db_int(ctx->db, 0,
                       "SELECT COUNT(*) FROM points_ledger WHERE member_id = ? AND year = ? AND "
                       "rule = 'proposal.cosigned'",
                       "ii", member, (int64_t)year);
  int64_t meetings = db_int(
      ctx->db, 0,
      "SELECT COUNT(*) FROM duty_records WHERE member_id = ? AND held_on >= ? AND held_on <= ?"
      " AND kind IN ('plenary', 'standing', 'meeting') AND attendance = 'present'",
      "itt", member, d0, d1);
  int64_t speeches = db_int(
      ctx->db, 0,
      "SELECT COUNT(*) FROM duty_records WHERE member_id = ? AND held_on >= ? AND held_on <= ?"
      " AND kind IN ('speech_plenary', 'speech')",
      "itt", member, d0, d1);
  int64_t total = points_total(ctx->db, member, year);
  return arena_printf(
      ctx->arena,
      "%d年，本人认真履行政协委员职责，积极参加政协组织的各项活动。\n"
      "全年参加履职活动 %lld 次，联系服务群众 %lld 人次；出席会议 %lld 次，会议发言 %lld 次。\n"
      "作为第一提案人提交提案 %lld 件，其中立案 %lld 件；参与联名提案 %lld 件。\n"
      "年度履职积分 %lld%s 分。\n"
      "（请在此补充本人履职的主要做法、成效、不足和下一步打算。）",
      year, (long long)acts, (long long)people, (long long)meetings, (long long)speeches,
      (long long)first, (long long)filed, (long long)cos, (long long)(total / 10),
      total % 10
          ? arena_printf(ctx->arena, ".%lld", (long long)(total < 0 ? -total % 10 : total % 10))
          : "");
}

json_t *points_self_report(struct entity_ctx *ctx, int64_t member_id, int year) {
  if (year < 2000 || year > 2099) {
    entity_fail(ctx, ERR_INVALID_FIELD, "year", "年度应在 2000 到 2099 之间",
                "year must lie between 2000 and 2099");
    return NULL;
  }
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT body, status, submitted_at, updated_at FROM self_reports "
                                "WHERE member_id = ? AND year = ?",
                                "ii", member_id, (int64_t)year);
  json_t *o;
  if (db_step(st) == DB_ROW) {
    o = json_pack("{s:I,s:i,s:s,s:s}", "member_id", (json_int_t)member_id, "year", year, "body",
                  db_col_text(st, 0), "status", db_col_text(st, 1));
    entity_time_json(o, "submitted_at", st, db_col_null(st, 2) ? -1 : 2);
    entity_time_json(o, "updated_at", st, 3);
    db_done(st);
  } else {
    db_done(st);
    o = json_pack("{s:I,s:i,s:s,s:s,s:n,s:n}", "member_id", (json_int_t)member_id, "year", year,
                  "body", draft(ctx, member_id, year), "status", "new", "submitted_at",
                  "updated_at");
  }
  return o;
}

bool points_self_report_save(struct entity_ctx *ctx, int64_t member_id, json_t *in, bool submit) {
  if (!ctx->user || ctx->user->member_id != member_id) {
    entity_forbidden(ctx, "述职报告只能由委员本人填写和提交",
                     "Only the member writes its self-report");
    return false;
  }
  json_t *jy = json_object_get(in, "year"), *jb = json_object_get(in, "body");
  if (!json_is_integer(jy) || json_integer_value(jy) < 2000 || json_integer_value(jy) > 2099) {
    entity_fail(ctx, ERR_INVALID_FIELD, "year", "年度应在 2000 到 2099 之间",
                "year must lie between 2000 and 2099");
    return false;
  }
  int year = (int)json_integer_value(jy);
  const char *body = json_string_value(jb);
  if (jb && (!body || strlen(body) > 30000)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "body", "述职内容应为不超过 10000 字的文字",
                "body must be text of at most 10,000 characters");
    return false;
  }
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  struct db_stmt *st =
      db_query(ctx->db, "SELECT status, body FROM self_reports WHERE member_id = ? AND year = ?",
               "ii", member_id, (int64_t)year);
  bool exists = db_step(st) == DB_ROW,
       submitted = exists && !strcmp(db_col_text(st, 0), "submitted");
  const char *stored = exists ? arena_strdup(ctx->arena, db_col_text(st, 1)) : NULL;
  db_done(st);
  if (submitted) {
    entity_fail(ctx, ERR_ALREADY_SUBMITTED, NULL, "该年度述职报告已提交，不能再修改",
                "The self-report for the year is submitted already");
    return entity_finish(ctx, DB_ERROR);
  }
  if (!body) body = stored ? stored : draft(ctx, member_id, year);
  if (!*body || (submit && !strlen(body))) {
    entity_fail(ctx, ERR_INVALID_FIELD, "body", "述职内容不能为空", "body must not be empty");
    return entity_finish(ctx, DB_ERROR);
  }
  int64_t now = time_now();
  rc = db_exec(
      ctx->db,
      "INSERT INTO self_reports (member_id, year, body, status, submitted_at, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (member_id, year) DO UPDATE SET body = excluded.body, status = excluded.status,"
      " submitted_at = excluded.submitted_at, updated_at = excluded.updated_at",
      "iittIi", member_id, (int64_t)year, body, submit ? "submitted" : "draft", submit ? now : 0,
      now);
  if (rc == DB_DONE) {
    json_t *after = json_pack("{s:i,s:s}", "year", year, "status", submit ? "submitted" : "draft");
    int64_t cid =
        db_int(ctx->db, 0, "SELECT committee_id FROM members WHERE id = ?", "i", member_id);
    rc = audit_record(ctx->db, ctx->user, ctx->ip,
                      submit ? "self_report.submit" : "self_report.save", "member", member_id, cid,
                      NULL, after)
             ? DB_DONE
             : DB_ERROR;
    json_decref(after);
  }
  return entity_finish(ctx, rc);
}
