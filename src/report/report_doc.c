/* src/report/report_doc.c: the printed and Word forms of a bulletin (《社情民意》) and of a daily
** digest (《网络社情摘要》), in the layout of such papers: the red masthead with the issue and
** the editing office and date above a red rule; for a bulletin the editor's note, each report
** under its title and author, then between black rules the distribution line (报：…) and the
** sign-off (签发 / 责任编辑); for a digest the groups numbered 一、二、… with their items and
** sources. One layout, written through doc/doc.h for both formats. */
#include <stdio.h>
#include <string.h>
#include "base/arena.h"
#include "base/timeutil.h"
#include "bulletin.h"
#include "digest.h"
#include "report_int.h"

/* "2026年11月27日" of a date "2026-11-27" (or of an ISO time's date part); today's when empty. */
static const char *cn_date(struct arena *a, const char *iso) {
  int y, m, d;
  char day[11] = {0};
  if (iso) memcpy(day, iso, strlen(iso) < 10 ? strlen(iso) : 10);
  if (!date_parse(day, &y, &m, &d)) {
    char today[16];
    time_cst_date(time_now(), today);
    date_parse(today, &y, &m, &d);
  }
  return arena_printf(a, "%d年%d月%d日", y, m, d);
}

/* 一 … 九十九, the numbering of headings. */
static const char *cn_number(struct arena *a, int n) {
  static const char *const digit[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 100) return arena_printf(a, "%d", n);
  if (n < 10) return digit[n];
  return arena_printf(a, "%s十%s", n / 10 > 1 ? digit[n / 10] : "", digit[n % 10]);
}

static const char *str(json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : "";
}

/* The issue line: "2026年第3期", or "（草稿）". */
static const char *issue_line(struct arena *a, json_t *o) {
  json_t *num = json_object_get(o, "number");
  if (!json_is_integer(num)) return "（草稿）";
  return arena_printf(a, "%lld年第%lld期",
                      (long long)json_integer_value(json_object_get(o, "year")),
                      (long long)json_integer_value(num));
}

static const char *file_name(struct arena *a, json_t *o, enum doc_format f) {
  json_t *num = json_object_get(o, "number");
  if (!json_is_integer(num))
    return arena_printf(a, "%s-草稿-%lld.%s", str(o, "title"),
                        (long long)json_integer_value(json_object_get(o, "id")), doc_extension(f));
  return arena_printf(a, "%s-%lld年第%lld期.%s", str(o, "title"),
                      (long long)json_integer_value(json_object_get(o, "year")),
                      (long long)json_integer_value(num), doc_extension(f));
}

static const char *finish(struct entity_ctx *ctx, struct doc *d, json_t *o, enum doc_format f,
                          struct buf *out) {
  const char *name = file_name(ctx->arena, o, f);
  json_decref(o);
  if (!doc_finish(d, out)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "文档生成失败", "The document could not be written");
    return NULL;
  }
  return name;
}

/* Opens the document of issue o (a bulletin's or a digest's detail) with its masthead dated
** date; NULL with ctx->err (o freed) when the writer cannot start. */
static struct doc *start(struct entity_ctx *ctx, json_t *o, enum doc_format f, const char *date) {
  struct doc *d = doc_open(f);
  if (!d) {
    json_decref(o);
    entity_fail(ctx, ERR_INTERNAL, NULL, "文档生成失败", "The document could not be written");
    return NULL;
  }
  doc_masthead(d, str(o, "title"), issue_line(ctx->arena, o),
               arena_printf(ctx->arena, "%s办公厅编", str(o, "committee_name")),
               cn_date(ctx->arena, date));
  return d;
}

const char *bulletin_document(struct entity_ctx *ctx, int64_t id, enum doc_format f,
                              struct buf *out) {
  json_t *o = bulletin_detail(ctx, id);
  if (!o) return NULL;
  struct doc *d = start(ctx, o, f, str(o, "signed_at")); /* a draft: today */
  if (!d) return NULL;
  if (*str(o, "note")) doc_para(d, arena_printf(ctx->arena, "编者按：%s", str(o, "note")));
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(o, "items"), i, it) {
    doc_title(d, str(it, "title"));
    if (*str(it, "author")) doc_subtitle(d, arena_printf(ctx->arena, "（%s）", str(it, "author")));
    doc_para(d, str(it, "body"));
    doc_line_lr(d, "", "");
  }
  doc_rule(d, false);
  json_t *labels = json_object_get(o, "target_labels");
  struct buf to = {0};
  json_t *l;
  json_array_foreach(labels, i, l) buf_printf(&to, "%s%s", i ? "、" : "", json_string_value(l));
  doc_line_lr(d, arena_printf(ctx->arena, "报：%s", to.len ? to.data : "（待报送）"),
              *str(o, "sent_on") ? cn_date(ctx->arena, str(o, "sent_on")) : "");
  buf_free(&to);
  doc_line_lr(d, arena_printf(ctx->arena, "签发：%s", *str(o, "signer") ? str(o, "signer") : "—"),
              arena_printf(ctx->arena, "责任编辑：%s", *str(o, "editor") ? str(o, "editor") : "—"));
  doc_rule(d, false);
  return finish(ctx, d, o, f, out);
}

const char *digest_document(struct entity_ctx *ctx, int64_t id, enum doc_format f,
                            struct buf *out) {
  json_t *o = digest_detail(ctx, id);
  if (!o) return NULL;
  struct doc *d = start(ctx, o, f, str(o, "day"));
  if (!d) return NULL;
  size_t g, i;
  json_t *grp, *it;
  json_array_foreach(json_object_get(o, "groups"), g, grp) {
    doc_heading(d, arena_printf(ctx->arena, "%s、%s", cn_number(ctx->arena, (int)g + 1),
                                str(grp, "subject")));
    json_array_foreach(json_object_get(grp, "items"), i, it) {
      const char *title = str(it, "title"), *source = str(it, "source");
      doc_para(d, arena_printf(ctx->arena, "%s%s%s（来源：%s）", title, *title ? "：" : "",
                               str(it, "text"), source));
    }
  }
  doc_rule(d, false);
  doc_line_lr(d,
              arena_printf(ctx->arena, "共 %lld 条",
                           (long long)json_integer_value(json_object_get(o, "item_count"))),
              cn_date(ctx->arena, str(o, "day")));
  return finish(ctx, d, o, f, out);
}
