/* tests/unit/test_cnum.c: the Chinese numerals and their forms (base/cnum.h): 届次, quarters and
** a proposal's 案号 in its session's form (issue 18: Q1–Q4, "13" and bare serials). */
#include <criterion/criterion.h>
#include <string.h>
#include "base/cnum.h"

Test(cnum, numerals) {
  char b[32];
  static const struct {
    int v;
    const char *zh;
  } cases[] = {{0, "零"},      {1, "一"},    {9, "九"},    {10, "十"},
               {11, "十一"},   {13, "十三"}, {20, "二十"}, {21, "二十一"},
               {99, "九十九"}, {100, "100"}, {-1, "-1"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    cr_expect_str_eq(cnum_int(cases[i].v, b, sizeof b), cases[i].zh, "%d", cases[i].v);
}

Test(cnum, terms_and_quarters) {
  char b[64];
  cr_expect_str_eq(cnum_term(13, b, sizeof b), "第十三届");
  cr_expect_str_eq(cnum_term(1, b, sizeof b), "第一届");
  cr_expect_str_eq(cnum_term(0, b, sizeof b), "");
  cr_expect_str_eq(cnum_term_en(13, b, sizeof b), "13th term");
  cr_expect_str_eq(cnum_term_en(1, b, sizeof b), "1st term");
  cr_expect_str_eq(cnum_term_en(22, b, sizeof b), "22nd term");
  static const char *const q[] = {"第一季度", "第二季度", "第三季度", "第四季度"};
  for (int i = 1; i <= 4; i++) cr_expect_str_eq(cnum_quarter(i, b, sizeof b), q[i - 1]);
  cr_expect_str_eq(cnum_quarter(0, b, sizeof b), "");
  cr_expect_str_eq(cnum_quarter(5, b, sizeof b), "");
  cr_expect_str_eq(cnum_quarter_en(2, b, sizeof b), "Q2");
}

Test(cnum, case_numbers_in_the_sessions_form) {
  char b[128];
  cr_expect_str_eq(cnum_case_number("十三届一次会议", 7, 0, b, sizeof b), "十三届一次 第7号");
  cr_expect_str_eq(cnum_case_number("第十届五次会议", 12, 0, b, sizeof b), "十届五次 第12号");
  /* number 7 of two sessions reads apart */
  char a[128];
  cnum_case_number("十三届二次会议", 7, 0, a, sizeof a);
  cr_expect_str_neq(a, cnum_case_number("十三届一次会议", 7, 0, b, sizeof b));
  cr_expect_str_eq(cnum_case_number("", 3, 0, b, sizeof b), "第3号");
  cr_expect_str_eq(cnum_case_number(" 十四届二次 ", 305, 0, b, sizeof b), "十四届二次 第305号");
  cr_expect_str_eq(cnum_case_number("十三届常委会第三次会议", 1, 0, b, sizeof b),
                   "十三届常委会第三次 第1号");
  cr_expect_str_eq(cnum_case_number(NULL, 3, 0, b, sizeof b), "第3号");
  cr_expect_str_eq(cnum_case_number("会议", 3, 0, b, sizeof b), "会议 第3号");
  cr_expect_str_eq(cnum_case_number("十三届一次会议", 0, 0, b, sizeof b), "");
  cr_expect_str_eq(cnum_case_number("十三届一次会议", 7, 1, b, sizeof b), "No. 7, 十三届一次会议");
  /* a small buffer is cut, never overrun */
  char s[8];
  cnum_case_number("十三届一次会议", 7, 0, s, sizeof s);
  cr_expect_lt(strlen(s), sizeof s);
}
