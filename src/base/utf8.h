/* src/base/utf8.h: UTF-8 validation and counting, CJK bigram tokens for search. */
#ifndef LVZHI_UTF8_H
#define LVZHI_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* Returns true when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
** nothing above U+10FFFF) and holds no NUL byte nor C0 control other than \t \n \r. */
bool utf8_valid(const char *s, size_t len);

/* Returns the number of code points in the well-formed UTF-8 string s[0..len). */
size_t utf8_count(const char *s, size_t len);

/* Decodes the code point at s (at most len bytes); stores its byte length in *n.
** Returns the code point, or -1 (and *n = 1) when the bytes are not well-formed. */
long utf8_decode(const char *s, size_t len, int *n);

/* Returns true when the code point is a CJK ideograph (the unified blocks and extensions). */
bool utf8_is_cjk(long cp);

/* Calls emit(tok, toklen, ctx) for every search token of text: each pair of adjacent CJK
** ideographs (a lone ideograph is its own token), and each run of ASCII letters and digits
** lowercased. Tokens are written into a small buffer owned by the call; copy what you keep. */
void utf8_tokens(const char *text, size_t len,
                 void (*emit)(const char *tok, size_t toklen, void *ctx), void *ctx);

#endif
