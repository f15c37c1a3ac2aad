/* src/member/member_export.c: the roster as CSV (UTF-8 with BOM; cells that a spreadsheet
** would take for formulas are quoted) and as XLSX, with the import's columns, so that an
** exported file imports again (when it carries the whole ID numbers: see member.h for what each
** role's file holds). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/xlsx.h"
#include "base/mem.h"
#include "doc/pdf.h"
#include "member.h"

/* The text of column k of a member record, as a person reads it. */
static const char *cell_text(struct arena *a, json_t *rec, int k) {
  const char *field = member_columns[k].field;
  size_t fl = strlen(field);
  json_t *v;
  if (fl > 3 && !strcmp(field + fl - 3, "_id")) {
    char key[64];
    snprintf(key, sizeof key, "%.*s_name", (int)(fl - 3), field);
    v = json_object_get(rec, key);
  } else
    v = json_object_get(rec, field);
  /* a role that may not have the birth date (member_to_json leaves it out) gets the year */
  if (!v && !strcmp(field, "birth_date")) v = json_object_get(rec, "birth_year");
  if (!v || json_is_null(v)) return "";
  if (json_is_boolean(v)) return json_is_true(v) ? "是" : "否";
  if (json_is_integer(v)) return arena_printf(a, "%lld", (long long)json_integer_value(v));
  const char *s = json_string_value(v);
  if (!strcmp(field, "gender") || !strcmp(field, "status")) return member_word_label(s);
  return s ? s : "";
}

static void csv_row(struct entity_ctx *ctx, json_t *rec, void *arg) {
  struct buf *out = arg;
  for (int k = 0; k < member_column_count; k++) {
    if (k) buf_putc(out, ',');
    const char *s = cell_text(ctx->arena, rec, k);
    csv_write_cell(out, s, strlen(s));
  }
  buf_puts(out, "\r\n");
}

int64_t member_export_csv(struct entity_ctx *ctx, const struct entity_query *q, struct buf *out) {
  buf_puts(out, "\xEF\xBB\xBF");
  for (int k = 0; k < member_column_count; k++) {
    if (k) buf_putc(out, ',');
    csv_write_field(out, member_columns[k].header, strlen(member_columns[k].header));
  }
  buf_puts(out, "\r\n");
  return entity_each(ctx, &member_entity, q, csv_row, out);
}

struct xlsx_state {
  lxw_worksheet *ws;
  lxw_row_t row;
};

static void sheet_row(struct entity_ctx *ctx, json_t *rec, void *arg) {
  struct xlsx_state *x = arg;
  x->row++;
  for (int k = 0; k < member_column_count; k++)
    worksheet_write_string(x->ws, x->row, (lxw_col_t)k, cell_text(ctx->arena, rec, k), NULL);
}

int64_t member_export_xlsx(struct entity_ctx *ctx, const struct entity_query *q, struct buf *out) {
  struct xlsx_file f;
  if (!xlsx_open(&f)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法创建临时文件", "Cannot create a temporary file");
    return -1;
  }
  lxw_worksheet *ws = xlsx_sheet(&f, "委员名册");
  for (int k = 0; k < member_column_count; k++) { /* the ID number and the address are wide */
    struct xlsx_col c = {member_columns[k].header, member_columns[k].field,
                         k == 4 || k == 12 ? 22 : 12};
    xlsx_header(&f, ws, 0, (lxw_col_t)k, &c, 1);
  }
  struct xlsx_state x = {.ws = ws};
  int64_t n = entity_each(ctx, &member_entity, q, sheet_row, &x);
  if (!xlsx_finish(&f, out) && n >= 0) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "生成 XLSX 文件失败", "Could not write the XLSX file");
    n = -1;
  }
  return n;
}

/* The roster's printed columns: who the members are, not their personal numbers. */
static const int pdf_columns[] = {0, 1, 6, 7, 12, 5, 10};
#define PDF_NCOLS ((int)(sizeof pdf_columns / sizeof pdf_columns[0]))

struct pdf_state {
  const char **cells;
  size_t n, cap;
  int64_t total;
  void (*progress)(void *arg, int64_t done, int64_t total);
  void *arg;
};

static void pdf_row(struct entity_ctx *ctx, json_t *rec, void *arg) {
  struct pdf_state *x = arg;
  if (x->n == x->cap)
    x->cells = mem_realloc(x->cells, sizeof *x->cells * (x->cap = x->cap ? x->cap * 2 : 512) *
                                         (PDF_NCOLS + 1));
  const char **row = x->cells + x->n * (PDF_NCOLS + 1);
  x->n++;
  row[0] = arena_printf(ctx->arena, "%zu", x->n);
  for (int k = 0; k < PDF_NCOLS; k++) /* the record goes after the call: keep copies */
    row[k + 1] = arena_strdup(ctx->arena, cell_text(ctx->arena, rec, pdf_columns[k]));
  if (x->progress && x->n % 500 == 0)
    x->progress(x->arg, (int64_t)x->n, x->total > (int64_t)x->n ? x->total : (int64_t)x->n);
}

int64_t member_export_pdf(struct entity_ctx *ctx, const struct entity_query *q, const char *heading,
                          const char *dated, struct buf *out,
                          void (*progress)(void *arg, int64_t done, int64_t total), void *arg) {
  struct entity_query probe = *q;
  probe.limit = 1;
  probe.with_total = true;
  json_t *one = entity_list(ctx, &member_entity, &probe);
  if (!one) return -1;
  json_t *t = json_object_get(one, "total");
  struct pdf_state x = {
      .total = json_is_integer(t) ? json_integer_value(t) : 0, .progress = progress, .arg = arg};
  json_decref(one);
  int64_t n = entity_each(ctx, &member_entity, q, pdf_row, &x);
  if (n < 0) {
    free(x.cells);
    return -1;
  }
  struct pdf *d = pdf_open(heading);
  if (!d) {
    free(x.cells);
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成 PDF", "Cannot make the PDF");
    return -1;
  }
  pdf_title(d, "委员名册");
  pdf_subtitle(d, arena_printf(ctx->arena, "共 %lld 人", (long long)n));
  const char *header[PDF_NCOLS + 1] = {"序号"};
  for (int k = 0; k < PDF_NCOLS; k++) header[k + 1] = member_columns[pdf_columns[k]].header;
  static const double widths[PDF_NCOLS + 1] = {0.7, 1.2, 0.6, 1.4, 1.4, 3.2, 1.6, 0.6};
  pdf_table(d, PDF_NCOLS + 1, widths, header, x.cells, (int)x.n);
  free(x.cells);
  pdf_space(d, 30);
  pdf_line_lr(d, "", arena_printf(ctx->arena, "%s办公室（盖章）", heading));
  pdf_line_lr(d, "", dated);
  if (!pdf_finish(d, out)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "生成 PDF 失败", "Could not write the PDF");
    return -1;
  }
  if (progress) progress(arg, n, n);
  return n;
}
