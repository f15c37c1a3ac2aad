/* src/base/utf8.c: UTF-8 validation and counting, CJK bigram tokens, see utf8.h. */
#include "utf8.h"

/* Longest ASCII token emitted; longer runs of letters and digits are cut to this. */
#define UTF8_TOKEN_MAX 256

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Follows Table 3-7 of the Unicode Standard (well-formed byte sequences): the second byte's
** range depends on the lead byte, which rules out overlongs, surrogates and > U+10FFFF. */
long utf8_decode(const char *s, size_t len, int *n) {
  const unsigned char *u = (const unsigned char *)s;
  *n = 1;
  if (len == 0) return -1;
  unsigned char b0 = u[0];
  if (b0 < 0x80) return b0;
  int need;
  unsigned char lo = 0x80, hi = 0xBF;
  long cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0; /* overlong below U+0800 */
    if (b0 == 0xED) hi = 0x9F; /* surrogates D800..DFFF */
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90; /* overlong below U+10000 */
    if (b0 == 0xF4) hi = 0x8F; /* above U+10FFFF */
  } else {
    return -1; /* a continuation byte, C0/C1 (overlong ASCII) or F5..FF */
  }
  if (len < (size_t)need) return -1;
  if (u[1] < lo || u[1] > hi) return -1;
  cp = (cp << 6) | (u[1] & 0x3F);
  for (int i = 2; i < need; i++) {
    if (!is_cont(u[i])) return -1;
    cp = (cp << 6) | (u[i] & 0x3F);
  }
  *n = need;
  return cp;
}

bool utf8_valid(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
      i++;
      continue;
    }
    int n;
    if (utf8_decode(s + i, len - i, &n) < 0) return false;
    i += (size_t)n;
  }
  return true;
}

/* Counts the bytes that start a code point; on ill-formed input this is still <= len. */
size_t utf8_count(const char *s, size_t len) {
  size_t count = 0;
  for (size_t i = 0; i < len; i++)
    if (!is_cont((unsigned char)s[i])) count++;
  return count;
}

bool utf8_is_cjk(long cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF)       /* CJK Unified Ideographs */
         || (cp >= 0x3400 && cp <= 0x4DBF)    /* Extension A */
         || (cp >= 0xF900 && cp <= 0xFAFF)    /* Compatibility Ideographs */
         || (cp >= 0x20000 && cp <= 0x2EBEF)  /* Extensions B..F */
         || (cp >= 0x30000 && cp <= 0x3134F); /* Extension G */
}

static int is_alnum_ascii(long cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* Ill-formed bytes separate runs like punctuation does; they never reach a token. */
void utf8_tokens(const char *text, size_t len,
                 void (*emit)(const char *tok, size_t toklen, void *ctx), void *ctx) {
  char tok[UTF8_TOKEN_MAX];
  size_t toklen = 0;       /* bytes of the pending ASCII run kept in tok */
  int in_ascii = 0;        /* inside a run of ASCII letters and digits */
  const char *prev = NULL; /* the previous ideograph of the current CJK run */
  int prevlen = 0;
  int run = 0; /* ideographs in the current CJK run: 0, 1 or 2 (more) */
  size_t i = 0;
  for (;;) {
    long cp = -1;
    int n = 1;
    if (i < len) cp = utf8_decode(text + i, len - i, &n);
    int ascii = i < len && is_alnum_ascii(cp);
    int cjk = i < len && utf8_is_cjk(cp);
    if (in_ascii && !ascii) {
      emit(tok, toklen, ctx);
      in_ascii = 0;
      toklen = 0;
    }
    if (run > 0 && !cjk) {
      if (run == 1) {
        for (int k = 0; k < prevlen; k++) tok[k] = prev[k];
        emit(tok, (size_t)prevlen, ctx);
      }
      run = 0;
    }
    if (i >= len) break;
    if (ascii) {
      in_ascii = 1;
      if (toklen < sizeof tok) tok[toklen++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    } else if (cjk) {
      if (run > 0) {
        for (int k = 0; k < prevlen; k++) tok[k] = prev[k];
        for (int k = 0; k < n; k++) tok[prevlen + k] = text[i + (size_t)k];
        emit(tok, (size_t)(prevlen + n), ctx);
      }
      prev = text + i;
      prevlen = n;
      if (run < 2) run++;
    }
    i += (size_t)n;
  }
}
