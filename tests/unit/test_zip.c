/* tests/unit/test_zip.c: ZIP archives (base/zip.h) read back by a reader written here from the
** format's description: the end record points at the central directory, every entry's local
** header agrees with it, the data inflates to what was added and its CRC-32 matches; empty and
** large entries; UTF-8 names. And Word documents (doc/docx.h): the parts Word needs, the text
** escaped, control characters dropped. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "base/zip.h"
#include "doc/docx.h"

static unsigned zt16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t zt32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Finds entry name in the archive and inflates it into *out (malloc'd); its size in *n. */
static bool zt_read(const struct buf *z, const char *name, char **out, size_t *n) {
  const unsigned char *b = (const unsigned char *)z->data;
  cr_assert_geq(z->len, 22);
  const unsigned char *end = b + z->len - 22;
  cr_assert_eq(zt32(end), 0x06054b50, "end of central directory at the end");
  unsigned count = zt16(end + 10);
  uint32_t cd = zt32(end + 16), cdlen = zt32(end + 12);
  cr_assert_eq(cd + cdlen, z->len - 22, "the directory runs up to the end record");
  const unsigned char *p = b + cd;
  for (unsigned i = 0; i < count; i++) {
    cr_assert_eq(zt32(p), 0x02014b50);
    unsigned method = zt16(p + 10), nlen = zt16(p + 28), xlen = zt16(p + 30), clen2 = zt16(p + 32);
    uint32_t crc = zt32(p + 16), csize = zt32(p + 20), usize = zt32(p + 24), off = zt32(p + 42);
    bool match = nlen == strlen(name) && !memcmp(p + 46, name, nlen);
    if (match) {
      const unsigned char *l = b + off;
      cr_assert_eq(zt32(l), 0x04034b50, "a local header where the directory says");
      cr_assert_eq(zt32(l + 14), crc);
      cr_assert_eq(zt32(l + 18), csize);
      cr_assert_eq(zt32(l + 22), usize);
      cr_assert_eq(zt16(l + 26), nlen);
      cr_assert_eq(method, 8, "deflate");
      const unsigned char *data = l + 30 + nlen + zt16(l + 28);
      char *o = malloc(usize + 1);
      z_stream s;
      memset(&s, 0, sizeof s);
      cr_assert_eq(inflateInit2(&s, -15), Z_OK);
      s.next_in = (Bytef *)data;
      s.avail_in = csize;
      s.next_out = (Bytef *)o;
      s.avail_out = usize + 1;
      cr_assert_eq(inflate(&s, Z_FINISH), Z_STREAM_END);
      cr_assert_eq(s.total_out, usize);
      inflateEnd(&s);
      cr_assert_eq((uint32_t)crc32(0, (const Bytef *)o, usize), crc, "CRC-32 of %s", name);
      o[usize] = 0;
      *out = o;
      *n = usize;
      return true;
    }
    p += 46 + nlen + xlen + clen2;
  }
  return false;
}

Test(zip, entries_read_back) {
  struct zip z = {0};
  char *big = malloc(300000);
  for (int i = 0; i < 300000; i++) big[i] = (char)("abcdefghij"[i % 10] + (i / 1000) % 3);
  zip_add(&z, "a.txt", "hello", 5);
  zip_add(&z, "dir/empty", "", 0);
  zip_add(&z, "big.bin", big, 300000);
  zip_add(&z, "目录/文件.xml", "<x>中文</x>", strlen("<x>中文</x>"));
  struct buf out = {0};
  cr_assert(zip_finish(&z, &out));
  char *got;
  size_t n;
  cr_assert(zt_read(&out, "a.txt", &got, &n));
  cr_expect_eq(n, 5);
  cr_expect_str_eq(got, "hello");
  free(got);
  cr_assert(zt_read(&out, "dir/empty", &got, &n));
  cr_expect_eq(n, 0);
  free(got);
  cr_assert(zt_read(&out, "big.bin", &got, &n));
  cr_expect_eq(n, 300000);
  cr_expect(!memcmp(got, big, 300000));
  free(got);
  cr_assert(zt_read(&out, "目录/文件.xml", &got, &n));
  cr_expect_str_eq(got, "<x>中文</x>");
  free(got);
  cr_expect(!zt_read(&out, "missing", &got, &n));
  cr_expect_lt(out.len, 300000 / 4, "the repetitive entry is compressed: %zu bytes", out.len);
  free(big);
  buf_free(&out);
}

Test(zip, empty_archive) {
  struct zip z = {0};
  struct buf out = {0};
  cr_assert(zip_finish(&z, &out));
  cr_expect_eq(out.len, 22, "only the end record");
  cr_expect_eq(zt32((const unsigned char *)out.data), 0x06054b50);
  buf_free(&out);
}

Test(docx, parts_and_escaped_text) {
  struct docx *d = docx_open();
  cr_assert(d);
  docx_masthead(d, "社情民意", "2026年第3期", "甘肃省政协办公厅编", "2026年11月27日");
  docx_title(d, "关于<供暖>&“温度”的情况");
  docx_para(d, "第一段。\n第二段\x01含控制符。");
  docx_line_lr(d, "签发：李主任", "责任编辑：王编辑");
  docx_rule(d, false);
  struct buf out = {0};
  cr_assert(docx_finish(d, &out));
  char *got;
  size_t n;
  const char *parts[] = {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
                         "word/styles.xml"};
  for (int i = 0; i < 4; i++) {
    cr_assert(zt_read(&out, parts[i], &got, &n), "part %s", parts[i]);
    free(got);
  }
  cr_assert(zt_read(&out, "word/document.xml", &got, &n));
  cr_expect(strstr(got, ">社情民意<"), "the masthead");
  cr_expect(strstr(got, "w:color w:val=\"C00000\""), "in red");
  cr_expect(strstr(got, "2026年第3期"));
  cr_expect(strstr(got, "关于&lt;供暖&gt;&amp;“温度”的情况"), "the title escaped");
  cr_expect(!strstr(got, "<供暖>"));
  cr_expect(strstr(got, ">第一段。<") && strstr(got, ">第二段含控制符。<"),
            "a paragraph per line, the control character dropped");
  cr_expect(strstr(got, "<w:tab/>"), "left and right on one line");
  cr_expect(strstr(got, "w:pgSz w:w=\"11906\" w:h=\"16838\""), "A4");
  free(got);
  buf_free(&out);
}
