/* fuzz/fuzz_utf8.c: libFuzzer target for utf8_valid, utf8_decode, utf8_count, utf8_tokens.
** Invariants checked with abort(): decoding never reads past the input; on input judged
** valid, every code point re-encodes to exactly its bytes (so nothing overlong, no
** surrogate, nothing above U+10FFFF, no forbidden control), utf8_count matches the decoded
** count and is <= len, and every token is non-empty, at most 256 bytes, well-formed, and
** either lower-case ASCII letters and digits or one or two CJK ideographs. */
#include "base/utf8.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t encode(long cp, unsigned char *out) {
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | (cp >> 18));
  out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

struct token_check {
  size_t count;
};

static void check_token(const char *tok, size_t toklen, void *ctx) {
  struct token_check *tc = ctx;
  tc->count++;
  if (toklen == 0 || toklen > 256) abort();
  if (!utf8_valid(tok, toklen)) abort();
  unsigned char c = (unsigned char)tok[0];
  if (c < 0x80) {
    for (size_t i = 0; i < toklen; i++) {
      c = (unsigned char)tok[i];
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) abort();
    }
    return;
  }
  size_t i = 0, cps = 0;
  while (i < toklen) {
    int n;
    long cp = utf8_decode(tok + i, toklen - i, &n);
    if (!utf8_is_cjk(cp)) abort();
    i += (size_t)n;
    cps++;
  }
  if (cps < 1 || cps > 2) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  /* decode at every offset stays within the input */
  for (size_t i = 0; i < size; i++) {
    int n = 0;
    long cp = utf8_decode(s + i, size - i, &n);
    if (n < 1 || n > 4 || (size_t)n > size - i) abort();
    if (cp < 0 && n != 1) abort();
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) abort();
  }
  if (!utf8_valid(s, size)) return 0;

  size_t i = 0, cps = 0;
  while (i < size) {
    int n;
    long cp = utf8_decode(s + i, size - i, &n);
    if (cp < 0) abort();
    if (cp == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')) abort();
    unsigned char enc[4];
    if (encode(cp, enc) != (size_t)n || memcmp(enc, s + i, (size_t)n) != 0) abort();
    i += (size_t)n;
    cps++;
  }
  size_t count = utf8_count(s, size);
  if (count != cps || count > size) abort();

  struct token_check tc = {0};
  utf8_tokens(s, size, check_token, &tc);
  if (tc.count > count) abort();
  return 0;
}
