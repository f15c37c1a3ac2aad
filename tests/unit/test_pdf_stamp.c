/* tests/unit/test_pdf_stamp.c: an internal document's PDF stamped with the reader's name: a
** document of several pages made by doc/pdf.c comes back with as many pages, each carrying the
** stamp as text (pdftotext reads it page by page) beside the page's own text; bytes that are not
** a PDF are refused with a reason and leave the output as it was. */
#include "doc/pdf_stamp.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "doc/pdf.h"

/* The text of page (1-based) of the PDF in b, every white space removed (malloc'd); NULL when
** pdftotext fails (no such page). */
static char *page_text(const struct buf *b, int page) {
  char path[] = "/tmp/lvzhi-test-stamp-XXXXXX";
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0);
  cr_assert_eq(write(fd, b->data, b->len), (ssize_t)b->len);
  close(fd);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -f %d -l %d %s - 2>/dev/null", page, page, path);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p);
  struct buf t = {0};
  int c;
  while ((c = fgetc(p)) != EOF)
    if (c != ' ' && c != '\n' && c != '\f') buf_putc(&t, (char)c);
  int rc = pclose(p);
  unlink(path);
  buf_putc(&t, 0);
  if (rc != 0) {
    buf_free(&t);
    return NULL;
  }
  return t.data;
}

static int pages_of(const struct buf *b) {
  int n = 0;
  for (int p = 1; p < 100; p++) {
    char *t = page_text(b, p);
    if (!t) break;
    free(t);
    n = p;
  }
  return n;
}

Test(pdf_stamp, every_page_carries_the_name) {
  struct pdf *d = pdf_open("甘肃省政协");
  cr_assert_not_null(d);
  pdf_title(d, "人事事项说明");
  struct buf para = {0};
  for (int i = 0; i < 90; i++) buf_printf(&para, "第%d项：拟任职务说明，请参会人员审阅。", i + 1);
  pdf_para(d, para.data);
  buf_free(&para);
  struct buf src = {0};
  cr_assert(pdf_finish(d, &src));
  int n = pages_of(&src);
  cr_assert_geq(n, 2, "the document runs over several pages (%d)", n);

  struct buf out = {0};
  buf_puts(&out, "kept"); /* the stamped PDF is appended */
  const char *zh = NULL, *en = NULL;
  cr_assert(pdf_stamp(src.data, src.len, "薛泽雄 2026-12-07 23:30 内部材料", &out, &zh, &en));
  cr_assert_eq(memcmp(out.data, "kept%PDF-", 9), 0);
  struct buf stamped = {0};
  buf_append(&stamped, out.data + 4, out.len - 4);
  cr_expect_eq(pages_of(&stamped), n, "every page kept");
  for (int p = 1; p <= n; p++) {
    char *t = page_text(&stamped, p);
    cr_assert_not_null(t);
    cr_expect(strstr(t, "薛泽雄2026-12-0723:30内部材料"), "page %d carries the stamp: %s", p, t);
    free(t);
  }
  /* the page's own text is still text */
  char *first = page_text(&stamped, 1);
  cr_expect(strstr(first, "人事事项说明"), "%s", first);
  cr_expect(strstr(first, "第1项：拟任职务说明"), "%s", first);
  free(first);
  buf_free(&stamped);
  buf_free(&out);
  buf_free(&src);
}

Test(pdf_stamp, what_is_not_a_pdf_is_refused) {
  struct buf out = {0};
  buf_puts(&out, "kept");
  const char *zh = NULL, *en = NULL;
  static const char junk[] = "%PDF-1.4 这不是真正的 PDF 文件";
  cr_expect_not(pdf_stamp(junk, sizeof junk - 1, "某人", &out, &zh, &en));
  cr_expect_not_null(zh);
  cr_expect_not_null(en);
  cr_expect_eq(out.len, 4, "nothing appended");
  cr_expect_not(pdf_stamp("", 0, "某人", &out, &zh, &en));
  cr_expect_not(pdf_stamp(NULL, 0, "某人", &out, &zh, &en));
  cr_expect_eq(out.len, 4);
  buf_free(&out);
}
