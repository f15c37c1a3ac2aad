/* tests/unit/test_csv.c: the RFC 4180 reader (BOM, CRLF, quotes, line numbers, errors)
** and the writer (quoting, formula-injection guard). */
#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define MSG_UNTERMINATED "引号未闭合"
#define MSG_STRAY        "字段中出现多余的引号"

static struct arena arena;
static void setup(void) { arena_init(&arena); }
static void teardown(void) { arena_free(&arena); }
TestSuite(csv, .init = setup, .fini = teardown);

static void reader(struct csv_reader *r, const char *lit, size_t len) {
  csv_reader_init(r, lit, len, &arena);
}
#define READER(r, lit) reader(r, lit, sizeof(lit) - 1)

/* Expects the next record to have exactly the given fields and start on line `line`. */
static void expect_record(struct csv_reader *r, int line, size_t n, const char *const *want) {
  struct csv_record rec;
  int rc = csv_next(r, &rec);
  cr_assert_eq(rc, 1, "expected a record at line %d, got %d (%s)", line, rc,
               r->error ? r->error : "");
  cr_expect_eq(rec.line, line);
  cr_assert_eq(rec.nfields, n, "fields at line %d", line);
  for (size_t i = 0; i < n; i++) {
    cr_expect_eq(rec.lens[i], strlen(want[i]), "length of field %zu at line %d", i, line);
    cr_expect_str_eq(rec.fields[i], want[i], "field %zu at line %d", i, line);
    cr_expect_eq(rec.fields[i][rec.lens[i]], 0);
  }
}
#define EXPECT_REC(r, line, ...)                                                                   \
  do {                                                                                             \
    const char *const want_[] = {__VA_ARGS__};                                                     \
    expect_record(r, line, sizeof want_ / sizeof *want_, want_);                                   \
  } while (0)

static void expect_end(struct csv_reader *r) {
  struct csv_record rec;
  cr_expect_eq(csv_next(r, &rec), 0);
  cr_expect_eq(csv_next(r, &rec), 0, "the end stays the end");
}

static void expect_error(struct csv_reader *r, const char *msg, int line) {
  struct csv_record rec;
  cr_assert_eq(csv_next(r, &rec), -1);
  cr_expect_str_eq(r->error, msg);
  cr_expect_eq(r->error_line, line);
  cr_expect_eq(csv_next(r, &rec), -1, "an error is sticky");
}

Test(csv, simple_lf) {
  struct csv_reader r;
  READER(&r, "a,b,c\n1,2,3\n");
  EXPECT_REC(&r, 1, "a", "b", "c");
  EXPECT_REC(&r, 2, "1", "2", "3");
  expect_end(&r);
}

Test(csv, crlf_and_no_final_newline) {
  struct csv_reader r;
  READER(&r, "姓名,电话\r\n张三,13800000000\r\n李四,13900000000");
  EXPECT_REC(&r, 1, "姓名", "电话");
  EXPECT_REC(&r, 2, "张三", "13800000000");
  EXPECT_REC(&r, 3, "李四", "13900000000");
  expect_end(&r);
}

Test(csv, bom_is_skipped) {
  struct csv_reader r;
  READER(&r, "\xEF\xBB\xBF姓名,单位\r\n王五,政协办公室\r\n");
  EXPECT_REC(&r, 1, "姓名", "单位");
  EXPECT_REC(&r, 2, "王五", "政协办公室");
  expect_end(&r);
}

Test(csv, bom_only_and_empty) {
  struct csv_reader r;
  READER(&r, "\xEF\xBB\xBF");
  expect_end(&r);
  READER(&r, "");
  expect_end(&r);
  READER(&r, "\n\r\n\n");
  expect_end(&r);
  reader(&r, NULL, 0);
  expect_end(&r);
}

Test(csv, partial_bom_is_data) {
  struct csv_reader r;
  READER(&r, "\xEF\xBBx,y");
  EXPECT_REC(&r, 1, "\xEF\xBBx", "y");
  expect_end(&r);
}

Test(csv, bom_only_at_start) {
  struct csv_reader r;
  READER(&r, "a\n\xEF\xBB\xBF"
             "b\n");
  EXPECT_REC(&r, 1, "a");
  EXPECT_REC(&r, 2,
             "\xEF\xBB\xBF"
             "b");
  expect_end(&r);
}

Test(csv, empty_fields) {
  struct csv_reader r;
  READER(&r, "a,,\n,\n,b\n\"\",x\nlast,");
  EXPECT_REC(&r, 1, "a", "", "");
  EXPECT_REC(&r, 2, "", "");
  EXPECT_REC(&r, 3, "", "b");
  EXPECT_REC(&r, 4, "", "x");
  EXPECT_REC(&r, 5, "last", "");
  expect_end(&r);
}

Test(csv, spaces_are_kept) {
  struct csv_reader r;
  READER(&r, " a , b \n   \n");
  EXPECT_REC(&r, 1, " a ", " b ");
  EXPECT_REC(&r, 2, "   ");
  expect_end(&r);
}

Test(csv, quoted_fields) {
  struct csv_reader r;
  READER(&r, "\"a,b\",\"say \"\"hi\"\"\",\"\",\"\"\"\"\n\"x\"\r\n\"end\"");
  EXPECT_REC(&r, 1, "a,b", "say \"hi\"", "", "\"");
  EXPECT_REC(&r, 2, "x");
  EXPECT_REC(&r, 3, "end");
  expect_end(&r);
}

Test(csv, quoted_newlines_advance_line_numbers) {
  struct csv_reader r;
  READER(&r, "name,note\n\"张三\",\"第一行\n第二行\n第三行\"\nnext,x\n\"a\r\nb\",c\r\nlast\r\n");
  EXPECT_REC(&r, 1, "name", "note");
  EXPECT_REC(&r, 2, "张三", "第一行\n第二行\n第三行");
  EXPECT_REC(&r, 5, "next", "x");
  EXPECT_REC(&r, 6, "a\r\nb", "c");
  EXPECT_REC(&r, 8, "last");
  expect_end(&r);
}

Test(csv, blank_lines_skipped_but_counted) {
  struct csv_reader r;
  READER(&r, "\n\na\n\r\n\nb\n\n");
  EXPECT_REC(&r, 3, "a");
  EXPECT_REC(&r, 6, "b");
  expect_end(&r);
}

Test(csv, lone_cr_is_data) {
  struct csv_reader r;
  READER(&r, "a\rb,c\n");
  EXPECT_REC(&r, 1, "a\rb", "c");
  expect_end(&r);
}

Test(csv, embedded_nul_keeps_length) {
  struct csv_reader r;
  struct csv_record rec;
  reader(&r, "a\0b,c", 5);
  cr_assert_eq(csv_next(&r, &rec), 1);
  cr_assert_eq(rec.nfields, 2);
  cr_expect_eq(rec.lens[0], 3);
  cr_expect_eq(memcmp(rec.fields[0], "a\0b", 4), 0);
  cr_expect_str_eq(rec.fields[1], "c");
}

Test(csv, many_fields) {
  struct buf b = {0};
  for (int i = 0; i < 100; i++) buf_printf(&b, "%s%d", i ? "," : "", i);
  buf_puts(&b, "\nx\n");
  struct csv_reader r;
  struct csv_record rec;
  reader(&r, b.data, b.len);
  cr_assert_eq(csv_next(&r, &rec), 1);
  cr_assert_eq(rec.nfields, 100);
  for (int i = 0; i < 100; i++) {
    char want[16];
    snprintf(want, sizeof want, "%d", i);
    cr_expect_str_eq(rec.fields[i], want);
  }
  EXPECT_REC(&r, 2, "x");
  expect_end(&r);
  buf_free(&b);
}

Test(csv, error_unterminated_quote) {
  struct csv_reader r;
  READER(&r, "a\n\"abc\n\ndef");
  EXPECT_REC(&r, 1, "a");
  expect_error(&r, MSG_UNTERMINATED, 2);
  READER(&r, "x,\"");
  expect_error(&r, MSG_UNTERMINATED, 1);
  READER(&r, "\"ab\"\"");
  expect_error(&r, MSG_UNTERMINATED, 1);
}

Test(csv, error_unterminated_quote_line_of_field_start) {
  struct csv_reader r;
  READER(&r, "a\nb,c\nd,\"e\nf\ng");
  EXPECT_REC(&r, 1, "a");
  EXPECT_REC(&r, 2, "b", "c");
  expect_error(&r, MSG_UNTERMINATED, 3);
}

Test(csv, error_stray_quote_in_plain_field) {
  struct csv_reader r;
  READER(&r, "a,b\r\nc,d\"e\r\n");
  EXPECT_REC(&r, 1, "a", "b");
  expect_error(&r, MSG_STRAY, 2);
  READER(&r, "ab\"");
  expect_error(&r, MSG_STRAY, 1);
}

Test(csv, error_text_after_closing_quote) {
  struct csv_reader r;
  READER(&r, "\"ab\"c,d\n");
  expect_error(&r, MSG_STRAY, 1);
  READER(&r, "\"ab\" ,d\n");
  expect_error(&r, MSG_STRAY, 1);
  /* reported on the line where the stray text is, after the quoted newline */
  READER(&r, "x\n\"a\nb\"c\n");
  EXPECT_REC(&r, 1, "x");
  expect_error(&r, MSG_STRAY, 3);
  /* a closing quote followed by a lone CR is not a line end */
  READER(&r, "\"a\"\rb");
  expect_error(&r, MSG_STRAY, 1);
}

static const char *written(void (*fn)(struct buf *, const char *, size_t), const char *s,
                           size_t len) {
  struct buf b = {0};
  fn(&b, s, len);
  buf_putc(&b, 0); /* data may still be NULL after an empty field */
  char *copy = arena_strdup(&arena, b.data);
  buf_free(&b);
  return copy;
}
#define FIELD(lit) written(csv_write_field, lit, sizeof(lit) - 1)
#define CELL(lit)  written(csv_write_cell, lit, sizeof(lit) - 1)

Test(csv, write_field_quoting) {
  cr_expect_str_eq(FIELD("abc"), "abc");
  cr_expect_str_eq(FIELD(""), "");
  cr_expect_str_eq(FIELD("政协委员"), "政协委员");
  cr_expect_str_eq(FIELD(" padded "), " padded ");
  cr_expect_str_eq(FIELD("a,b"), "\"a,b\"");
  cr_expect_str_eq(FIELD("say \"hi\""), "\"say \"\"hi\"\"\"");
  cr_expect_str_eq(FIELD("\""), "\"\"\"\"");
  cr_expect_str_eq(FIELD("a\nb"), "\"a\nb\"");
  cr_expect_str_eq(FIELD("a\rb"), "\"a\rb\"");
  cr_expect_str_eq(FIELD("=1+1"), "=1+1", "write_field does not add the guard");
}

Test(csv, write_cell_formula_guard) {
  cr_expect_str_eq(CELL("=SUM(A1:A9)"), "'=SUM(A1:A9)");
  cr_expect_str_eq(CELL("+86 138"), "'+86 138");
  cr_expect_str_eq(CELL("-1"), "'-1");
  cr_expect_str_eq(CELL("@cmd"), "'@cmd");
  cr_expect_str_eq(CELL("\tx"), "'\tx");
  cr_expect_str_eq(CELL("\rx"), "\"'\rx\"");
  cr_expect_str_eq(CELL("=HYPERLINK(\"http://x\",\"y\")"),
                   "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  cr_expect_str_eq(CELL("a=b"), "a=b");
  cr_expect_str_eq(CELL(" =b"), " =b");
  cr_expect_str_eq(CELL("'quoted"), "'quoted");
  cr_expect_str_eq(CELL(""), "");
  cr_expect_str_eq(CELL("a,b"), "\"a,b\"");
}

Test(csv, write_then_read_round_trip) {
  static const char *const rows[3][4] = {
      {"姓名", "备注", "", "引号\"内\""},
      {"a,b", "第一行\n第二行", "\r\n", " x "},
      {"\"", ",", "plain", "=1"},
  };
  struct buf b = {0};
  buf_puts(&b, "\xEF\xBB\xBF");
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 4; j++) {
      if (j) buf_putc(&b, ',');
      csv_write_field(&b, rows[i][j], strlen(rows[i][j]));
    }
    buf_puts(&b, "\r\n");
  }
  struct csv_reader r;
  reader(&r, b.data, b.len);
  EXPECT_REC(&r, 1, rows[0][0], rows[0][1], rows[0][2], rows[0][3]);
  EXPECT_REC(&r, 2, rows[1][0], rows[1][1], rows[1][2], rows[1][3]);
  EXPECT_REC(&r, 5, rows[2][0], rows[2][1], rows[2][2], rows[2][3]);
  expect_end(&r);
  buf_free(&b);
}
