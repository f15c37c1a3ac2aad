/* src/points/points_bulletin.c: the duty bulletin of a quarter (委员履职通报), A4 PDF in the layout
** offices use: the committee's red heading, the title with the quarter in words, the bulletin's
** number (〔2026〕第1期: the quarter of the year), the summary (members, those who met the
** quarter's minimum of activities, the activities and people reached: contact's roll-up), the
** table of every active member (activities this quarter, people reached, met or not, the year's
** points so far), those who fell short by name, and the 落款 and date. A subtree of thousands of
** members runs as a job (points_http.c), the member table read in pages of 500 with progress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/arena.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/timeutil.h"
#include "contact/contact.h"
#include "db/db.h"
#include "doc/pdf.h"
#include "points_int.h"

static const char *const quarter_words[] = {"", "第一季度", "第二季度", "第三季度", "第四季度"};

const char *points_quarter_words(int quarter) {
  return quarter >= 1 && quarter <= 4 ? quarter_words[quarter] : "";
}

/* The row of the whole subtree in a roll-up. */
static json_t *total_row(json_t *rollup) {
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(rollup, "rows"), i, r) {
    const char *scope = json_string_value(json_object_get(r, "scope"));
    if (scope && !strcmp(scope, "total")) return r;
  }
  return NULL;
}

static int64_t num(json_t *o, const char *key) {
  return json_integer_value(json_object_get(o, key));
}

bool points_bulletin_pdf(struct entity_ctx *ctx, int64_t committee_id, int year, int quarter,
                         struct buf *out, void (*progress)(void *arg, int64_t done, int64_t total),
                         void *arg) {
  struct arena *a = ctx->arena;
  json_t *rollup = contact_rollup(ctx, committee_id, year, quarter);
  if (!rollup) return false;
  const char *committee =
      arena_strdup(a, json_string_value(json_object_get(rollup, "committee_name")));
  json_t *tot = total_row(rollup);
  int64_t active = num(tot, "members_active"), met = num(tot, "members_met"),
          acts = num(tot, "activities"), people = num(tot, "people_reached");
  json_decref(rollup);

  /* every active member of the subtree, in pages */
  size_t cap = 512, n = 0;
  const char **cells = mem_alloc(sizeof *cells * cap * 7);
  struct buf shortfall = {0};
  struct contact_compliance_query q = {
      .committee_id = committee_id, .year = year, .quarter = quarter, .limit = 500};
  bool ok = true;
  for (;;) {
    json_t *page = contact_compliance(ctx, &q);
    if (!page) {
      ok = false;
      break;
    }
    int64_t total = num(page, "total");
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(page, "items"), i, it) {
      if (n == cap) cells = mem_realloc(cells, sizeof *cells * (cap *= 2) * 7);
      const char **row = cells + n * 7;
      n++;
      const char *name = json_string_value(json_object_get(it, "name"));
      bool qmet = json_is_true(json_object_get(it, "quarter_met"));
      int64_t mid = num(it, "member_id");
      row[0] = arena_printf(a, "%zu", n);
      row[1] = arena_strdup(a, name ? name : "");
      row[2] = arena_strdup(a, json_string_value(json_object_get(it, "committee_name")));
      row[3] = arena_printf(a, "%lld", (long long)num(it, "activities"));
      row[4] = arena_printf(a, "%lld", (long long)num(it, "people_reached"));
      row[5] = qmet ? "达标"
                    : arena_printf(a, "未达标（差%lld次）", (long long)num(it, "activities_short"));
      int64_t pts = points_total(ctx->db, mid, year);
      row[6] = arena_printf(a, "%lld.%lld", (long long)(pts / 10), (long long)llabs(pts % 10));
      if (!qmet) buf_printf(&shortfall, "%s%s", shortfall.len ? "、" : "", row[1]);
    }
    json_t *next = json_object_get(page, "next_cursor");
    bool more = json_is_string(next);
    if (more) q.after_id = strtoll(json_string_value(next), NULL, 10);
    if (progress) progress(arg, (int64_t)n, total > (int64_t)n ? total : (int64_t)n);
    json_decref(page);
    if (!more) break;
  }
  struct pdf *d = ok ? pdf_open(committee) : NULL;
  if (ok && !d) entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成 PDF", "Cannot make the PDF");
  if (d) {
    pdf_title(d, "委员履职通报");
    pdf_subtitle(d, arena_printf(a, "〔%d〕第%d期（%d年%s）", year, quarter, year,
                                 points_quarter_words(quarter)));
    pdf_heading(d, "一、总体情况");
    pdf_para(d, arena_printf(a,
                             "%d年%s，%s共有在任委员%lld名，其中%lld名达到本季度履职活动要求，"
                             "达标率%lld%%；全季度共开展履职活动%lld次，联系群众%lld人次。",
                             year, points_quarter_words(quarter), committee, (long long)active,
                             (long long)met, active ? (long long)(met * 100 / active) : 0LL,
                             (long long)acts, (long long)people));
    pdf_heading(d, "二、委员履职情况");
    static const char *const header[] = {"序号",         "姓名",     "所属政协", "本季度活动",
                                         "联系群众人次", "季度达标", "年度积分"};
    static const double widths[] = {0.7, 1.2, 2.2, 1.0, 1.1, 1.8, 1.0};
    pdf_table(d, 7, widths, header, cells, (int)n);
    pdf_heading(d, "三、未达标委员");
    pdf_para(d, shortfall.len ? arena_printf(a,
                                             "以下委员本季度履职活动未达到要求，请所在界别、"
                                             "专委会督促落实：%s。",
                                             shortfall.data)
                              : "本季度全体委员均达到履职活动要求。");
    char today[16];
    int y, m, day;
    time_cst_date(time_now(), today);
    date_parse(today, &y, &m, &day);
    pdf_space(d, 30);
    pdf_line_lr(d, "", arena_printf(a, "%s办公室（盖章）", committee));
    pdf_line_lr(d, "", arena_printf(a, "%d年%d月%d日", y, m, day));
    ok = pdf_finish(d, out);
    if (!ok) entity_fail(ctx, ERR_INTERNAL, NULL, "生成 PDF 失败", "Could not write the PDF");
  }
  free(cells);
  buf_free(&shortfall);
  return ok;
}
