/* tests/unit/test_utf8.c: UTF-8 validation, decoding, CJK ranges and search tokens. */
#include "base/utf8.h"
#include <criterion/criterion.h>
#include <string.h>

#define VALID(lit) utf8_valid(lit, sizeof(lit) - 1)

Test(utf8, valid_well_formed) {
  cr_expect(utf8_valid("", 0));
  cr_expect(VALID("plain ASCII 123 ~"));
  cr_expect(VALID("中国人民政治协商会议"));
  cr_expect(VALID("tab\there\nnew line\r\n"));
  cr_expect(VALID("\x7f"), "DEL is allowed");
  cr_expect(VALID("\xC2\x80"), "U+0080, smallest two-byte");
  cr_expect(VALID("\xDF\xBF"), "U+07FF, largest two-byte");
  cr_expect(VALID("\xE0\xA0\x80"), "U+0800, smallest three-byte");
  cr_expect(VALID("\xED\x9F\xBF"), "U+D7FF, just below the surrogates");
  cr_expect(VALID("\xEE\x80\x80"), "U+E000, just above the surrogates");
  cr_expect(VALID("\xEF\xBF\xBF"), "U+FFFF");
  cr_expect(VALID("\xF0\x90\x80\x80"), "U+10000, smallest four-byte");
  cr_expect(VALID("\xF0\x9F\x98\x80"), "U+1F600 emoji");
  cr_expect(VALID("\xF4\x8F\xBF\xBF"), "U+10FFFF, the last code point");
  cr_expect(VALID("\xC2\x85"), "C1 controls are not rejected");
}

Test(utf8, invalid_controls) {
  cr_expect_not(utf8_valid("a\0b", 3), "NUL inside");
  cr_expect_not(utf8_valid("\0", 1), "NUL alone");
  cr_expect_not(VALID("\x01"));
  cr_expect_not(VALID("a\x1b[31m"), "ESC");
  cr_expect_not(VALID("\x1f"));
  cr_expect_not(VALID("\x0b"), "vertical tab");
  cr_expect_not(VALID("\x0c"), "form feed");
  cr_expect_not(VALID("\x08"), "backspace");
}

Test(utf8, invalid_continuation_and_lead_bytes) {
  cr_expect_not(VALID("\x80"), "lone continuation");
  cr_expect_not(VALID("\xBF"), "lone continuation");
  cr_expect_not(VALID("a\x80z"));
  cr_expect_not(VALID("\xF5\x80\x80\x80"), "lead byte F5");
  cr_expect_not(VALID("\xF8\x88\x80\x80\x80"), "five-byte form");
  cr_expect_not(VALID("\xFE"));
  cr_expect_not(VALID("\xFF"));
  cr_expect_not(VALID("\xC3\x28"), "second byte not a continuation");
  cr_expect_not(VALID("\xE4\xB8\x41"), "third byte not a continuation");
  cr_expect_not(VALID("\xF0\x9F\x98\x41"), "fourth byte not a continuation");
}

Test(utf8, invalid_overlongs) {
  cr_expect_not(VALID("\xC0\x80"), "overlong NUL");
  cr_expect_not(VALID("\xC0\xAF"), "overlong '/'");
  cr_expect_not(VALID("\xC1\xBF"), "overlong U+007F");
  cr_expect_not(VALID("\xE0\x80\x80"), "overlong three-byte NUL");
  cr_expect_not(VALID("\xE0\x9F\xBF"), "overlong U+07FF");
  cr_expect_not(VALID("\xF0\x80\x80\x80"), "overlong four-byte NUL");
  cr_expect_not(VALID("\xF0\x8F\xBF\xBF"), "overlong U+FFFF");
}

Test(utf8, invalid_surrogates_and_beyond) {
  cr_expect_not(VALID("\xED\xA0\x80"), "U+D800");
  cr_expect_not(VALID("\xED\xAD\xBF"), "U+DB7F");
  cr_expect_not(VALID("\xED\xBF\xBF"), "U+DFFF");
  cr_expect_not(VALID("\xED\xA0\xBD\xED\xB8\x80"), "CESU-8 surrogate pair");
  cr_expect_not(VALID("\xF4\x90\x80\x80"), "U+110000");
  cr_expect_not(VALID("\xF7\xBF\xBF\xBF"), "U+1FFFFF");
}

Test(utf8, invalid_truncated) {
  cr_expect_not(VALID("\xC3"));
  cr_expect_not(VALID("\xE4\xB8"));
  cr_expect_not(VALID("\xE4"));
  cr_expect_not(VALID("\xF0\x9F\x98"));
  cr_expect_not(VALID("ok\xF0\x9F"));
  /* the length, not a NUL, ends the input: a sequence cut by len is truncated */
  cr_expect_not(utf8_valid("中", 2));
  cr_expect(utf8_valid("中", 3));
  cr_expect(utf8_valid("ab\x01", 2), "bytes past len are not looked at");
}

Test(utf8, count) {
  cr_expect_eq(utf8_count("", 0), 0);
  cr_expect_eq(utf8_count("abc", 3), 3);
  cr_expect_eq(utf8_count("中文", 6), 2);
  cr_expect_eq(utf8_count("a中\xF0\x9F\x98\x80z", 9), 4);
  cr_expect_eq(utf8_count("\xC2\x80\xDF\xBF", 4), 2);
}

Test(utf8, decode) {
  int n = 0;
  cr_expect_eq(utf8_decode("A", 1, &n), 'A');
  cr_expect_eq(n, 1);
  cr_expect_eq(utf8_decode("\0", 1, &n), 0, "decode does not judge NUL");
  cr_expect_eq(n, 1);
  cr_expect_eq(utf8_decode("\xC3\xA9", 2, &n), 0xE9);
  cr_expect_eq(n, 2);
  cr_expect_eq(utf8_decode("中", 3, &n), 0x4E2D);
  cr_expect_eq(n, 3);
  cr_expect_eq(utf8_decode("\xF0\x9F\x98\x80xyz", 7, &n), 0x1F600);
  cr_expect_eq(n, 4);
  cr_expect_eq(utf8_decode("\xF4\x8F\xBF\xBF", 4, &n), 0x10FFFF);
  cr_expect_eq(n, 4);
  cr_expect_eq(utf8_decode("\xF0\xA0\x80\x80", 4, &n), 0x20000);
  cr_expect_eq(n, 4);
}

Test(utf8, decode_malformed) {
  static const char *bad[] = {"\x80",
                              "\xC0\x80",
                              "\xC1\xBF",
                              "\xE0\x9F\xBF",
                              "\xED\xA0\x80",
                              "\xF0\x8F\xBF\xBF",
                              "\xF4\x90\x80\x80",
                              "\xF5\x80\x80\x80",
                              "\xFF",
                              "\xC3(",
                              "\xE4\xB8("};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    int n = 99;
    cr_expect_eq(utf8_decode(bad[i], strlen(bad[i]), &n), -1, "case %zu", i);
    cr_expect_eq(n, 1, "case %zu", i);
  }
  int n = 99;
  cr_expect_eq(utf8_decode("中", 2, &n), -1, "cut by len");
  cr_expect_eq(n, 1);
  n = 99;
  cr_expect_eq(utf8_decode("", 0, &n), -1, "empty input");
  cr_expect_eq(n, 1);
}

Test(utf8, is_cjk_boundaries) {
  struct {
    long cp;
    bool cjk;
  } cases[] = {
      {0x33FF, false},
      {0x3400, true},
      {0x4DBF, true},
      {0x4DC0, false},
      {0x4DFF, false},
      {0x4E00, true},
      {0x4E2D, true},
      {0x9FFF, true},
      {0xA000, false},
      {0xF8FF, false},
      {0xF900, true},
      {0xFAFF, true},
      {0xFB00, false},
      {0x1FFFF, false},
      {0x20000, true},
      {0x2A6DF, true},
      {0x2EBEF, true},
      {0x2EBF0, false},
      {0x2FFFF, false},
      {0x30000, true},
      {0x3134F, true},
      {0x31350, false},
      {'A', false},
      {0x3042, false} /* hiragana */,
      {0x3002, false} /* 。 */,
      {0xFF0C, false} /* ， */,
      {-1, false},
      {0xAC00, false} /* 가 */,
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    cr_expect_eq(utf8_is_cjk(cases[i].cp), cases[i].cjk, "U+%04lX", (unsigned long)cases[i].cp);
}

/* Collected tokens, joined with '|' for one comparison per case. */
struct toks {
  char text[4096];
  size_t len;
  int count;
};

static void collect(const char *tok, size_t toklen, void *ctx) {
  struct toks *t = ctx;
  cr_assert(toklen > 0, "empty token");
  cr_assert(t->len + toklen + 2 < sizeof t->text);
  if (t->count++) t->text[t->len++] = '|';
  memcpy(t->text + t->len, tok, toklen);
  t->len += toklen;
  t->text[t->len] = 0;
}

static struct toks tokens_of(const char *s, size_t len) {
  struct toks t = {.len = 0, .count = 0};
  t.text[0] = 0;
  utf8_tokens(s, len, collect, &t);
  return t;
}

#define EXPECT_TOKENS(input, want, n)                                                              \
  do {                                                                                             \
    struct toks t_ = tokens_of(input, sizeof(input) - 1);                                          \
    cr_expect_str_eq(t_.text, want, "tokens of \"%s\"", input);                                    \
    cr_expect_eq(t_.count, n, "token count of \"%s\"", input);                                     \
  } while (0)

Test(utf8, tokens_mixed) {
  EXPECT_TOKENS("政协2026年Proposal提案", "政协|2026|年|proposal|提案", 5);
  EXPECT_TOKENS("中国政协", "中国|国政|政协", 3);
  EXPECT_TOKENS("中国", "中国", 1);
  EXPECT_TOKENS("中", "中", 1);
  EXPECT_TOKENS("a中", "a|中", 2);
  EXPECT_TOKENS("中a", "中|a", 2);
  EXPECT_TOKENS("中国 人民", "中国|人民", 2);
  EXPECT_TOKENS("中，国。", "中|国", 2);
  EXPECT_TOKENS("关于加强社区养老服务的提案",
                "关于|于加|加强|强社|社区|区养|养老|老服|服务|务的|的提|提案", 12);
}

Test(utf8, tokens_ascii) {
  EXPECT_TOKENS("Hello, World!", "hello|world", 2);
  EXPECT_TOKENS("ABC123def", "abc123def", 1);
  EXPECT_TOKENS("e-mail x_y", "e|mail|x|y", 4);
  EXPECT_TOKENS("  COVID-19  ", "covid|19", 2);
}

Test(utf8, tokens_separators_and_other_scripts) {
  EXPECT_TOKENS("", "", 0);
  EXPECT_TOKENS(" ,.;!? \t\n", "", 0);
  EXPECT_TOKENS("日本のカメラ", "日本", 1);
  EXPECT_TOKENS("café", "caf", 1);
  EXPECT_TOKENS("한국어 中文", "中文", 1);
  EXPECT_TOKENS("ＡＢＣ", "", 0); /* full-width letters are not ASCII */
}

Test(utf8, tokens_extension_ideographs) {
  /* U+20000 (Ext B, four bytes) next to U+4E2D makes one seven-byte bigram */
  EXPECT_TOKENS("\xF0\xA0\x80\x80中", "\xF0\xA0\x80\x80中", 1);
  EXPECT_TOKENS("\xE3\x90\x80", "\xE3\x90\x80", 1);                         /* U+3400 alone */
  EXPECT_TOKENS("\xEF\xA4\x80\xEF\xA4\x81", "\xEF\xA4\x80\xEF\xA4\x81", 1); /* U+F900 U+F901 */
}

Test(utf8, tokens_skip_malformed_bytes) {
  EXPECT_TOKENS("中\xFF国", "中|国", 2);
  EXPECT_TOKENS("ab\x80\x80"
                "cd",
                "ab|cd", 2);
  EXPECT_TOKENS("中\xE4\xB8", "中", 1);
}

Test(utf8, tokens_long_ascii_run_truncated) {
  char in[400];
  memset(in, 'A', 300);
  memcpy(in + 300, " ok 中", 8);
  struct toks t = tokens_of(in, 307);
  cr_assert_eq(t.count, 3);
  char want[300];
  memset(want, 'a', 256);
  strcpy(want + 256, "|ok|中");
  cr_expect_str_eq(t.text, want);
}

Test(utf8, tokens_respect_len) {
  struct toks t = tokens_of("中国政协", 6);
  cr_expect_str_eq(t.text, "中国");
  t = tokens_of("abcdef", 3);
  cr_expect_str_eq(t.text, "abc");
}
