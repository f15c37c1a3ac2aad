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
