/* src/base/xlsx.h: an XLSX workbook (libxlsxwriter) written to a temporary file and read back
** into memory, for exports that a request or a job hands out. */
#ifndef LVZHI_XLSX_H
#define LVZHI_XLSX_H
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

#endif
