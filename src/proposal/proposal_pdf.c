/* src/proposal/proposal_pdf.c: the printed forms of proposals through doc/pdf.h, A4 in the
** layout offices use (the committee's red heading, the title, the case number in the session's
** form, a table, the body, the 落款 and date): the proposal form (提案单: proposers, the text in
** its three parts, how it was handled and rated), the filing and assignment notices (立案通知书,
** 交办通知书), and a list of proposals as a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "base/arena.h"
#include "base/cnum.h"
#include "doc/pdf.h"
#include "proposal_int.h"

/* The proposal's 案号 in its session's form, always in Chinese (a printed document), in the
** arena; "" before it is filed. */
static const char *case_no_of(struct arena *a, json_t *p) {
  json_t *serial = json_object_get(p, "serial");
  if (!json_is_integer(serial)) return "";
  const char *session = json_string_value(json_object_get(p, "session_name"));
  char out[200];
  return arena_strdup(a, cnum_case_number(session, json_integer_value(serial), 0, out, sizeof out));
}

static const char *str(json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : "";
}

bool proposal_pdf(struct entity_ctx *ctx, int64_t id, struct buf *out) {
  json_t *p = proposal_detail(ctx, id);
  if (!p) {
    entity_not_found(ctx, "未找到该提案", "No such proposal");
    return false;
  }
  struct pdf *d = pdf_open(str(p, "committee_name"));
  if (!d) {
    json_decref(p);
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成 PDF", "Cannot make the PDF");
    return false;
  }
  pdf_title(d, "提案单");
  const char *case_no = case_no_of(ctx->arena, p);
  if (*case_no) pdf_subtitle(d, arena_printf(ctx->arena, "案号：%s", case_no));
  pdf_subtitle(d, str(p, "title"));
  struct buf signers = {0};
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(p, "signers"), i, x) {
    if (strcmp(str(x, "status"), "confirmed")) continue;
    buf_printf(&signers, "%s%s", signers.len ? "、" : "", str(x, "name"));
  }
  const char *kind = str(p, "kind");
  pdf_field(d, "提出方式", label_zh(proposal_kinds, kind));
  pdf_field(d, !strcmp(kind, "collective") ? "提案单位" : "提案人",
            !strcmp(kind, "collective") ? str(p, "collective_name")
                                        : (signers.data ? signers.data : ""));
  buf_free(&signers);
  pdf_field(d, "类别", str(p, "category"));
  pdf_field(d, "届次", str(p, "session_name"));
  /* the date of the time (a draft has none: the text is empty) */
  pdf_field(d, "提交日期", arena_printf(ctx->arena, "%.10s", str(p, "submitted_at")));
  pdf_field(d, "状态", str(p, "status_label"));
  if (json_is_true(json_object_get(p, "is_key")))
    pdf_field(d, "重点提案", arena_printf(ctx->arena, "督办领导：%s", str(p, "key_leader")));
  pdf_space(d, 8);
  pdf_heading(d, "一、情况");
  pdf_para(d, str(p, "facts"));
  pdf_heading(d, "二、分析");
  pdf_para(d, str(p, "analysis"));
  pdf_heading(d, "三、建议");
  pdf_para(d, str(p, "suggestions"));
  json_t *asg = json_object_get(p, "assignments");
  if (json_array_size(asg)) {
    pdf_heading(d, "办理情况");
    json_array_foreach(asg, i, x) {
      if (!strcmp(str(x, "status"), "withdrawn")) continue;
      pdf_field(d,
                arena_printf(ctx->arena, "%s单位", label_zh(proposal_unit_roles, str(x, "role"))),
                str(x, "unit_name"));
      if (*str(x, "view_text")) pdf_field(d, "会办意见", str(x, "view_text"));
      if (json_is_string(json_object_get(x, "reply_category")) &&
          !strcmp(str(x, "reply_status"), "approved")) {
        pdf_field(d, "答复类别",
                  arena_printf(ctx->arena, "%s（%s）", str(x, "reply_category"),
                               label_zh(proposal_reply_categories, str(x, "reply_category"))));
        pdf_para(d, str(x, "reply_text"));
        if (*str(x, "reply_leader")) pdf_field(d, "签发领导", str(x, "reply_leader"));
        /* the contact's phone as the reader may see it (whole or masked: proposal.c) */
        if (*str(x, "reply_contact"))
          pdf_field(d, "联系人",
                    arena_printf(ctx->arena, "%s %s", str(x, "reply_contact"),
                                 str(x, "reply_contact_phone")));
      }
    }
  }
  json_t *ratings = json_object_get(p, "ratings");
  if (json_array_size(ratings)) {
    pdf_heading(d, "提案人评价");
    json_array_foreach(ratings, i, x) {
      pdf_field(d,
                arena_printf(ctx->arena, "%s %s（第 %lld 轮）",
                             label_zh(proposal_signer_roles, str(x, "role")), str(x, "name"),
                             (long long)json_integer_value(json_object_get(x, "round"))),
                *str(x, "comment")
                    ? arena_printf(ctx->arena, "%s：%s",
                                   label_zh(proposal_ratings, str(x, "rating")), str(x, "comment"))
                    : label_zh(proposal_ratings, str(x, "rating")));
    }
  }
  json_decref(p);
  if (!pdf_finish(d, out)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "生成 PDF 失败", "Could not write the PDF");
    return false;
  }
  return true;
}

/* "2026年3月7日" of an ISO time or date's first ten characters; "" when there is none. */
static const char *date_zh(struct arena *a, const char *iso) {
  int y, m, d;
  if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3) return "";
  return arena_printf(a, "%d年%d月%d日", y, m, d);
}

/* The proposers as the notices name them: the collective, or the confirmed signers. */
static const char *proposers_of(struct arena *a, json_t *p) {
  if (!strcmp(str(p, "kind"), "collective")) return arena_strdup(a, str(p, "collective_name"));
  struct buf b = {0};
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(p, "signers"), i, x) {
    if (strcmp(str(x, "status"), "confirmed")) continue;
    buf_printf(&b, "%s%s", b.len ? "、" : "", str(x, "name"));
  }
  const char *out = arena_strdup(a, b.data ? b.data : "");
  buf_free(&b);
  return out;
}

const char *proposal_notice_refusal(json_t *p, enum proposal_notice kind) {
  if (kind == PN_FILING)
    return json_is_string(json_object_get(p, "filed_at")) &&
                   json_is_integer(json_object_get(p, "serial"))
               ? NULL
               : "该提案尚未立案";
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(p, "assignments"), i,
                     x) if (strcmp(str(x, "status"), "withdrawn")) return NULL;
  return "该提案尚未交办";
}

bool proposal_notice_pdf(struct entity_ctx *ctx, int64_t id, enum proposal_notice kind,
                         struct buf *out) {
  json_t *p = proposal_detail(ctx, id);
  if (!p) {
    entity_not_found(ctx, "未找到该提案", "No such proposal");
    return false;
  }
  const char *refused = proposal_notice_refusal(p, kind);
  if (refused) {
    entity_fail(ctx, ERR_WRONG_STATE, NULL,
                arena_printf(ctx->arena, "%s（当前状态：%s）", refused, str(p, "status_label")),
                kind == PN_FILING ? "The proposal is not filed" : "The proposal is not assigned");
    json_decref(p);
    return false;
  }
  struct arena *a = ctx->arena;
  const char *committee = arena_strdup(a, str(p, "committee_name"));
  struct pdf *d = pdf_open(committee);
  if (!d) {
    json_decref(p);
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成 PDF", "Cannot make the PDF");
    return false;
  }
  const char *case_no = case_no_of(a, p);
  const char *title = arena_strdup(a, str(p, "title"));
  const char *who = proposers_of(a, p);
  bool collective = !strcmp(str(p, "kind"), "collective");
  const char *on;
  if (kind == PN_FILING) {
    on = date_zh(a, str(p, "filed_at"));
    pdf_title(d, "提案立案通知书");
    pdf_subtitle(d, arena_printf(a, "案号：%s", case_no));
    pdf_space(d, 6);
    pdf_para(d, arena_printf(a, "%s%s：", who, collective ? "" : "委员"));
    pdf_para(d, arena_printf(a,
                             "%s提出的《%s》经审查，符合立案条件，已于%s予以立案，案号为%s。"
                             "我们将及时交有关单位办理，并将办理情况告知%s。",
                             collective ? "你单位" : "您", title, on, case_no,
                             collective ? "你单位" : "您"));
    static const char *const header[] = {"案号", "案由", "提案人", "类别", "立案日期"};
    static const double widths[] = {1.6, 3.6, 1.6, 1.2, 1.4};
    const char *row[] = {case_no, title, who, arena_strdup(a, str(p, "category")), on};
    pdf_space(d, 6);
    pdf_table(d, 5, widths, header, row, 1);
  } else {
    on = date_zh(a, str(p, "assigned_at"));
    struct buf lead = {0}, co = {0};
    size_t i, n = 0;
    json_t *x, *asg = json_object_get(p, "assignments");
    const char **cells = arena_alloc(a, sizeof *cells * 4 * (json_array_size(asg) + 1));
    const char *due = "";
    json_array_foreach(asg, i, x) {
      if (!strcmp(str(x, "status"), "withdrawn")) continue;
      const char *role = str(x, "role");
      buf_printf(strcmp(role, "co") ? &lead : &co, "%s%s",
                 (strcmp(role, "co") ? lead.len : co.len) ? "、" : "", str(x, "unit_name"));
      const char **row = cells + n++ * 4;
      row[0] = arena_strdup(a, str(x, "unit_name"));
      row[1] = label_zh(proposal_unit_roles, role);
      row[2] = date_zh(a, str(x, "respond_by"));
      row[3] = date_zh(a, str(x, "deadline_at"));
      if (strcmp(role, "co") && strcmp(row[3], "")) due = row[3];
    }
    pdf_title(d, "提案交办通知书");
    pdf_subtitle(d, arena_printf(a, "案号：%s", case_no));
    pdf_space(d, 6);
    const char *leads = arena_strdup(a, lead.data ? lead.data : "");
    pdf_para(d, arena_printf(a, "%s：", leads));
    pdf_para(d, arena_printf(
                    a,
                    "现将%s%s提出的《%s》（%s）交由你单位%s%s%s。请于签收期限内签收，于%s前办复，"
                    "办复前与提案人沟通，并将答复函报送%s提案委员会。",
                    who, collective ? "" : "委员", title, case_no, co.len ? "主办，" : "办理",
                    co.len ? co.data : "", co.len ? "会办" : "", due, committee));
    buf_free(&lead);
    buf_free(&co);
    static const char *const header[] = {"承办单位", "办理方式", "签收期限", "办理期限"};
    static const double widths[] = {3.2, 1.2, 1.8, 1.8};
    pdf_space(d, 6);
    pdf_table(d, 4, widths, header, cells, (int)n);
  }
  json_decref(p);
  pdf_space(d, 36);
  pdf_line_lr(d, "", arena_printf(a, "%s提案委员会（盖章）", committee));
  pdf_line_lr(d, "", on);
  if (!pdf_finish(d, out)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "生成 PDF 失败", "Could not write the PDF");
    return false;
  }
  return true;
}

bool proposal_list_pdf(struct entity_ctx *ctx, struct proposal_query *q, const char *heading,
                       struct buf *out, void (*progress)(void *arg, int64_t done, int64_t total),
                       void *arg) {
  struct pdf *d = pdf_open(heading);
  if (!d) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成 PDF", "Cannot make the PDF");
    return false;
  }
  pdf_title(d, "提案目录");
  static const char *const header[] = {"案号", "案由", "提案人", "类别", "状态"};
  static const double widths[] = {0.8, 4.5, 1.6, 1.4, 1.2};
  size_t cap = 256, n = 0;
  const char **cells = malloc(sizeof *cells * cap * 5);
  bool ok = true;
  q->e.limit = 500;
  for (int pages = 0; pages < 40 && ok; pages++) {
    json_t *page = proposal_list(ctx, q);
    if (!page) {
      ok = false;
      break;
    }
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(page, "items"), i, it) {
      if (n == cap) cells = mem_realloc(cells, sizeof *cells * (cap *= 2) * 5);
      json_t *serial = json_object_get(it, "serial");
      const char **row = cells + n * 5;
      row[0] = json_is_integer(serial)
                   ? arena_printf(ctx->arena, "%lld", (long long)json_integer_value(serial))
                   : "";
      row[1] = arena_strdup(ctx->arena, str(it, "title"));
      row[2] = arena_strdup(ctx->arena, *str(it, "proposer_name") ? str(it, "proposer_name")
                                                                  : str(it, "collective_name"));
      row[3] = arena_strdup(ctx->arena, str(it, "category"));
      row[4] = arena_strdup(ctx->arena, str(it, "status_label"));
      n++;
    }
    json_t *next = json_object_get(page, "next_cursor");
    bool more = json_is_string(next);
    if (more) q->e.after_id = strtoll(json_string_value(next), NULL, 10);
    json_t *total = json_object_get(page, "total");
    if (progress)
      progress(arg, (int64_t)n, json_is_integer(total) ? json_integer_value(total) : (int64_t)n);
    json_decref(page);
    if (!more) break;
  }
  pdf_subtitle(d, arena_printf(ctx->arena, "共 %zu 件", n));
  pdf_table(d, 5, widths, header, cells, (int)n);
  free(cells);
  struct buf tmp = {0};
  bool written = pdf_finish(d, &tmp);
  if (ok && written) buf_append(out, tmp.data, tmp.len);
  buf_free(&tmp);
  if (ok && !written)
    entity_fail(ctx, ERR_INTERNAL, NULL, "生成 PDF 失败", "Could not write the PDF");
  return ok && written;
}
