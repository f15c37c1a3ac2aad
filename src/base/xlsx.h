/* src/base/xlsx.h: an XLSX workbook (libxlsxwriter) written to a temporary file and read back
** into memory, for exports that a request or a job hands out. */
#ifndef LVZHI_XLSX_H
#define LVZHI_XLSX_H
#include <jansson.h>
#include <stdbool.h>
#include <xlsxwriter.h>
#include "base/buf.h"

struct xlsx_file {
  char path[32];
  lxw_workbook *wb;
  lxw_format *bold; /* a bold format for headers */
};

/* Opens a workbook in constant-memory mode (rows written in order). Returns false when no
** temporary file could be made. */
bool xlsx_open(struct xlsx_file *x);

/* Closes the workbook, appends its bytes to out and removes the file. Returns false when the
** workbook could not be written. Always releases the file. */
bool xlsx_finish(struct xlsx_file *x, struct buf *out);

/* One column of a sheet: its header, the member of each row's JSON object its cells come from,
** its width. */
struct xlsx_col {
  const char *header;
  const char *key; /* NULL: xlsx_row leaves the cell to the caller */
  double width;    /* characters; 0 leaves the default */
  bool number;     /* always a number, 0 when the member is absent (counts) */
};

/* Adds a worksheet called name (NULL when the workbook refuses it). */
lxw_worksheet *xlsx_sheet(struct xlsx_file *x, const char *name);

/* Writes the bold header row of cols at row, from column first on, and sets the widths given. */
void xlsx_header(struct xlsx_file *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t first,
                 const struct xlsx_col *cols, int ncols);

/* Writes the members of the JSON object o named by cols as the cells of row, from column first
** on: numbers as numbers, strings as text, true as 是 and false as an empty cell; an absent or
** null member leaves the cell empty (0 for a number column). */
void xlsx_row(lxw_worksheet *ws, lxw_row_t row, lxw_col_t first, const struct xlsx_col *cols,
              int ncols, const json_t *o);

/* A sheet with the header row of cols at row 0 and, under it, a row per object of the JSON array
** rows. Returns the sheet (NULL when the workbook refuses it). */
lxw_worksheet *xlsx_table(struct xlsx_file *x, const char *name, const struct xlsx_col *cols,
                          int ncols, const json_t *rows);

#endif
