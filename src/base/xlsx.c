/* src/base/xlsx.c: workbooks through a temporary file (see xlsx.h). */
#include "xlsx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool xlsx_open(struct xlsx_file *x) {
  memset(x, 0, sizeof *x);
  snprintf(x->path, sizeof x->path, "/tmp/lvzhi-xlsx-XXXXXX");
  int fd = mkstemp(x->path);
  if (fd < 0) return false;
  close(fd);
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = "/tmp"};
  x->wb = workbook_new_opt(x->path, &opt);
  if (!x->wb) {
    unlink(x->path);
    return false;
  }
  x->bold = workbook_add_format(x->wb);
  format_set_bold(x->bold);
  return true;
}

bool xlsx_finish(struct xlsx_file *x, struct buf *out) {
  bool ok = workbook_close(x->wb) == LXW_NO_ERROR;
  if (ok) {
    FILE *f = fopen(x->path, "rb");
    char chunk[65536];
    size_t got;
    ok = f != NULL;
    while (f && (got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(out, chunk, got);
    if (f) fclose(f);
  }
  unlink(x->path);
  return ok;
}

lxw_worksheet *xlsx_sheet(struct xlsx_file *x, const char *name) {
  return workbook_add_worksheet(x->wb, name);
}

void xlsx_header(struct xlsx_file *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t first,
                 const struct xlsx_col *cols, int ncols) {
  for (int k = 0; k < ncols; k++) {
    lxw_col_t c = (lxw_col_t)(first + k);
    worksheet_write_string(ws, row, c, cols[k].header, x->bold);
    if (cols[k].width > 0) worksheet_set_column(ws, c, c, cols[k].width, NULL);
  }
}

void xlsx_row(lxw_worksheet *ws, lxw_row_t row, lxw_col_t first, const struct xlsx_col *cols,
              int ncols, const json_t *o) {
  for (int k = 0; k < ncols; k++) {
    if (!cols[k].key) continue;
    lxw_col_t c = (lxw_col_t)(first + k);
    json_t *v = json_object_get(o, cols[k].key);
    if (cols[k].number || json_is_number(v))
      worksheet_write_number(ws, row, c, json_number_value(v), NULL);
    else if (json_is_boolean(v))
      worksheet_write_string(ws, row, c, json_is_true(v) ? "是" : "", NULL);
    else if (json_is_string(v))
      worksheet_write_string(ws, row, c, json_string_value(v), NULL);
  }
}

lxw_worksheet *xlsx_table(struct xlsx_file *x, const char *name, const struct xlsx_col *cols,
                          int ncols, const json_t *rows) {
  lxw_worksheet *ws = xlsx_sheet(x, name);
  if (!ws) return NULL;
  xlsx_header(x, ws, 0, 0, cols, ncols);
  size_t i;
  const json_t *o;
  json_array_foreach(rows, i, o) xlsx_row(ws, (lxw_row_t)(i + 1), 0, cols, ncols, o);
  return ws;
}
