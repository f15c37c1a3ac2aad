/* tests/unit/test_pdf.c: Chinese PDF documents: the text comes back out (pdftotext), long
** paragraphs and tables flow over pages with the table header repeated, the heading is on the
** first page only, page numbers are at the foot. */
#include "doc/pdf.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The text of the PDF in out, by pdftotext (malloc'd), and its page count. */
static char *pdf_text(const struct buf *b, int *pages) {
  char path[] = "/tmp/lvzhi-test-pdf-XXXXXX";
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0);
  cr_assert_eq(write(fd, b->data, b->len), (ssize_t)b->len);
  close(fd);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>/dev/null", path);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p);
  struct buf t = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf_append(&t, chunk, n);
  cr_assert_eq(pclose(p), 0, "pdftotext failed");
  *pages = 1;
  for (size_t i = 0; i < t.len; i++)
    if (t.data[i] == '\f') (*pages)++;
  if (t.len && t.data[t.len - 1] == '\f') (*pages)--;
  unlink(path);
  buf_putc(&t, 0);
  return t.data;
}

/* s with every space and newline removed (pdftotext breaks lines where the layout did). */
static char *squeeze(const char *s) {
  char *o = malloc(strlen(s) + 1), *w = o;
  for (; *s; s++)
    if (*s != ' ' && *s != '\n' && *s != '\f') *w++ = *s;
  *w = 0;
  return o;
}

Test(pdf, chinese_text_round_trips) {
  struct pdf *d = pdf_open("甘肃省政协");
  cr_assert_not_null(d);
  pdf_title(d, "提案 第 12 号");
  pdf_subtitle(d, "关于加强农村寄宿制学校建设的提案");
  pdf_field(d, "提案人", "李晓旺、吴明莉");
  pdf_heading(d, "一、情况");
  pdf_para(d, "我省农村寄宿制学校宿舍紧张，生活教师不足。5G 网络覆盖率 87.5%。");
  struct buf out = {0};
  cr_assert(pdf_finish(d, &out));
  cr_assert_eq(memcmp(out.data, "%PDF-", 5), 0);
  int pages;
  char *text = pdf_text(&out, &pages), *sq = squeeze(text);
  cr_expect_eq(pages, 1);
  const char *want[] = {"甘肃省政协",
                        "提案第12号",
                        "关于加强农村寄宿制学校建设的提案",
                        "提案人：",
                        "李晓旺、吴明莉",
                        "一、情况",
                        "我省农村寄宿制学校宿舍紧张，生活教师不足。5G网络覆盖率87.5%。",
                        "第1页"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    cr_expect(strstr(sq, want[i]), "missing %s in %s", want[i], sq);
  free(sq);
  free(text);
  buf_free(&out);
}

Test(pdf, long_text_and_tables_flow_over_pages) {
  struct pdf *d = pdf_open("甘肃省政协");
  struct buf para = {0};
  for (int i = 0; i < 60; i++)
    buf_printf(&para, "第%d句：委员深入基层听取群众意见，协调解决实际困难。", i + 1);
  pdf_para(d, para.data);
  buf_free(&para);
  static const char *const header[] = {"案号", "案由", "状态"};
  const char *cells[3 * 80];
  char num[80][16];
  for (int r = 0; r < 80; r++) {
    snprintf(num[r], sizeof num[r], "%d", r + 1);
    cells[3 * r] = num[r];
    cells[3 * r + 1] = r == 79 ? "最后一件提案" : "关于推进社区养老服务体系建设的提案";
    cells[3 * r + 2] = "已办结";
  }
  pdf_table(d, 3, (const double[]){1, 5, 1.5}, header, cells, 80);
  struct buf out = {0};
  cr_assert(pdf_finish(d, &out));
  int pages;
  char *text = pdf_text(&out, &pages), *sq = squeeze(text);
  cr_expect_geq(pages, 3, "a long paragraph and 80 rows take several pages (%d)", pages);
  cr_expect(strstr(sq, "第60句：委员深入基层"), "the paragraph's end is there");
  cr_expect(strstr(sq, "最后一件提案"), "the table's last row is there");
  /* the heading once, the table header on every page the table reaches */
  int headings = 0, headers = 0;
  for (const char *p = sq; (p = strstr(p, "甘肃省政协")); p++) headings++;
  for (const char *p = sq; (p = strstr(p, "案号案由状态")); p++) headers++;
  cr_expect_eq(headings, 1);
  cr_expect_geq(headers, 2);
  char last[32];
  snprintf(last, sizeof last, "第%d页", pages);
  cr_expect(strstr(sq, last), "numbered to the last page");
  free(sq);
  free(text);
  buf_free(&out);
}
