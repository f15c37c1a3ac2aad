/* src/base/cnum.h: Chinese numerals and the forms written with them, one formatter each, for the
** API, the PDFs, the Word files and the exports alike (the web app has the same forms in
** web/src/shared/format.ts for what it formats itself):
**   cnum_int(13)              "十三"
**   cnum_term(13)             "第十三届"            (届次)
**   cnum_quarter(1)           "第一季度"
**   cnum_case_number("十三届一次会议", 7)   "十三届一次 第7号"  (a proposal's 案号: the session's
**                             form, so that number 7 of two sessions reads apart)
** Each writes into out (n bytes, always terminated) and returns out. */
#ifndef LVZHI_CNUM_H
#define LVZHI_CNUM_H
#include <stddef.h>
#include <stdint.h>

/* The Chinese numeral of 0..99 (零, 一 … 十, 十一 … 九十九); other numbers in Arabic digits. */
char *cnum_int(int64_t v, char *out, size_t n);

/* 第N届 with N in Chinese numerals ("第十三届"); "" for v < 1. */
char *cnum_term(int64_t v, char *out, size_t n);

/* 第一季度 … 第四季度; "" for a quarter outside 1..4. */
char *cnum_quarter(int q, char *out, size_t n);

/* English forms: "13th term", "Q1" ("" when out of range). */
char *cnum_term_en(int64_t v, char *out, size_t n);
char *cnum_quarter_en(int q, char *out, size_t n);

/* A proposal's 案号 in its session's form: the session's name without a leading 第 and a
** trailing 会议 (十三届一次会议 → 十三届一次), a space, then 第<serial>号; only 第<serial>号 when
*the
** session has no name; "" when serial < 1. en: "No. 7, <session name>". */
char *cnum_case_number(const char *session, int64_t serial, int en, char *out, size_t n);

#endif
