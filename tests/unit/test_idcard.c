/* tests/unit/test_idcard.c: GB 11643-1999 check characters, validation, masking; the phone
** number's mask. */
#include "base/idcard.h"
#include "base/phone.h"
#include "base/timeutil.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define MSG_LEN    "身份证号应为18位"
#define MSG_DIGITS "身份证号前17位应为数字"
#define MSG_BIRTH  "身份证号中的出生日期无效"
#define MSG_CHECK  "身份证号校验位错误"

/* 2026-03-31T16:00:00Z, the first second of 2026-04-01 in CST. */
#define T_20260401_CST INT64_C(1774972800)

/* An independent check character: the weights are 2^(17-i) mod 11 and the check value c
** makes sum + c ≡ 1 (mod 11), per ISO 7064 MOD 11-2; c = 10 is written X. */
static char reference_check(const char *id17) {
  int sum = 0, w = 1;
  for (int i = 16; i >= 0; i--) {
    w = w * 2 % 11;
    sum += (id17[i] - '0') * w;
  }
  int c = (12 - sum % 11) % 11;
  return c == 10 ? 'X' : (char)('0' + c);
}

/* Builds a valid number from 17 digits. */
static void complete(const char *id17, char out[19]) {
  memcpy(out, id17, 17);
  out[17] = reference_check(id17);
  out[18] = 0;
}

Test(idcard, check_digit_known_values) {
  cr_expect_eq(idcard_check_digit("11010519491231002"), 'X');
  cr_expect_eq(idcard_check_digit("44052418800101001"), '4');
  cr_expect_eq(idcard_check_digit("62010219900101123"), '3');
  cr_expect_eq(idcard_check_digit("32010619000101000"), '7');
  cr_expect_eq(idcard_check_digit("51010820000229456"), '0');
  cr_expect_eq(idcard_check_digit("31011519991231987"), '9');
  cr_expect_eq(idcard_check_digit("11010519491231002X"), 'X', "the 18th character is ignored");
}

Test(idcard, check_digit_matches_reference) {
  /* a spread of 17-digit bodies: every position and every remainder gets exercised */
  char id17[18];
  int seen[11] = {0};
  unsigned x = 12345;
  for (int n = 0; n < 5000; n++) {
    for (int i = 0; i < 17; i++) {
      x = x * 1103515245u + 12345u;
      id17[i] = (char)('0' + (x >> 16) % 10);
    }
    id17[17] = 0;
    char want = reference_check(id17);
    cr_assert_eq(idcard_check_digit(id17), want, "%s", id17);
    seen[want == 'X' ? 10 : want - '0']++;
  }
  for (int i = 0; i < 11; i++) cr_expect_gt(seen[i], 0, "check value %d never produced", i);
}

Test(idcard, check_digit_non_digit) {
  cr_expect_eq(idcard_check_digit("1101051949123100"), 0, "only 16 digits");
  cr_expect_eq(idcard_check_digit("11010519491231A02"), 0);
}

Test(idcard, validate_ok) {
  cr_expect_null(idcard_validate("11010519491231002X"));
  cr_expect_null(idcard_validate("11010519491231002x"), "lower-case x");
  cr_expect_null(idcard_validate("620102199001011233"));
  cr_expect_null(idcard_validate("510108200002294560"), "born on a leap day");
  cr_expect_null(idcard_validate("310115199912319879"));
  cr_expect_null(idcard_validate("320106190001010007"), "born on the first allowed day");
}

Test(idcard, validate_length) {
  cr_expect_str_eq(idcard_validate(""), MSG_LEN);
  cr_expect_str_eq(idcard_validate("11010519491231002"), MSG_LEN);
  cr_expect_str_eq(idcard_validate("11010519491231002X0"), MSG_LEN);
  cr_expect_str_eq(idcard_validate("110105491231002"), MSG_LEN, "old 15-digit number");
  cr_expect_str_eq(idcard_validate("１1010519491231002X"), MSG_LEN, "20 bytes");
  cr_expect_str_eq(idcard_validate(NULL), MSG_LEN);
}

Test(idcard, validate_digits) {
  cr_expect_str_eq(idcard_validate("X1010519491231002X"), MSG_DIGITS);
  cr_expect_str_eq(idcard_validate("1101051949123100XX"), MSG_DIGITS, "X at position 17");
  cr_expect_str_eq(idcard_validate("110105 9491231002X"), MSG_DIGITS);
  cr_expect_str_eq(idcard_validate("11010519491231-02X"), MSG_DIGITS);
  cr_expect_str_eq(idcard_validate("１10105194912310X"), MSG_DIGITS, "full-width digit, 18 bytes");
}

Test(idcard, validate_check_character) {
  cr_expect_str_eq(idcard_validate("110105194912310020"), MSG_CHECK);
  cr_expect_str_eq(idcard_validate("110105194912310029"), MSG_CHECK);
  cr_expect_str_eq(idcard_validate("11010519491231002Y"), MSG_CHECK);
  cr_expect_str_eq(idcard_validate("620102199001011232"), MSG_CHECK);
  cr_expect_str_eq(idcard_validate("62010219900101123X"), MSG_CHECK);
  /* swapping two digits is caught */
  cr_expect_str_eq(idcard_validate("620102199001011323"), MSG_CHECK);
}

Test(idcard, validate_birth_date) {
  char id[19];
  static const char *bad[] = {
      "11010518991231001", /* before 1900 */
      "11010519490231001", /* 02-31 */
      "11010520230229001", /* 2023 is not a leap year */
      "11010519000229001", /* 1900 is not a leap year */
      "11010519491331001", /* month 13 */
      "11010519490001001", /* month 00 */
      "11010519490100001", /* day 00 */
      "11010519490132001", /* day 32 */
      "11010529990101001", /* far future */
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    complete(bad[i], id);
    cr_expect_str_eq(idcard_validate(id), MSG_BIRTH, "%s", id);
  }
  complete("11010520240229001", id);
  cr_expect_null(idcard_validate(id), "%s", id);
}

Test(idcard, validate_birth_date_up_to_today_in_cst) {
  char id[19];
  complete("11010120260401001", id);
  cr_expect_null(idcard_validate_at(id, T_20260401_CST), "born today");
  cr_expect_str_eq(idcard_validate_at(id, T_20260401_CST - 1), MSG_BIRTH,
                   "at 23:59:59 CST the day before, that birthday is tomorrow");
  complete("11010120260331001", id);
  cr_expect_null(idcard_validate_at(id, T_20260401_CST - 1));
}

Test(idcard, validate_against_the_real_today) {
  char today[11], tomorrow[11], id17[18], id[19];
  int64_t now = time_now();
  time_cst_date(now, today);
  time_cst_date(now + 86400, tomorrow);
  snprintf(id17, sizeof id17, "110101%.4s%.2s%.2s001", today, today + 5, today + 8);
  complete(id17, id);
  cr_expect_null(idcard_validate(id), "born today: %s", id);
  snprintf(id17, sizeof id17, "110101%.4s%.2s%.2s001", tomorrow, tomorrow + 5, tomorrow + 8);
  complete(id17, id);
  const char *msg = idcard_validate(id);
  char again[11];
  /* only meaningful if the CST day did not turn over meanwhile */
  if (strcmp(time_cst_date(time_now(), again), today) == 0)
    cr_expect(msg && strcmp(msg, MSG_BIRTH) == 0, "born tomorrow: %s", id);
}

Test(idcard, mask) {
  char out[19];
  cr_expect_str_eq(idcard_mask("11010519491231002X", out), "110105************");
  cr_expect_str_eq(idcard_mask("620102199001011233", out), "620102************");
  cr_expect_str_eq(idcard_mask("123", out), "***");
  cr_expect_str_eq(idcard_mask("11010519491231002", out), "*****************");
  cr_expect_str_eq(idcard_mask("11010519491231002X00", out), "******************");
  cr_expect_str_eq(idcard_mask("", out), "");
  cr_expect_str_eq(idcard_mask(NULL, out), "");
  cr_expect_eq(idcard_mask("123", out), out);
}

/* The mask and what the database keeps in clear beside it (the birth year, the gender) leave
** every date of the year and every sequence number of the gender: 365 × 500 numbers, all valid
** and all with that mask. Counted, not assumed: a mask that showed one more digit (as the old
** one showed the last four) would leave at most a tenth of them. */
Test(idcard, mask_and_birth_year_leave_182500_numbers) {
  const char *id = "620102197404236514"; /* a man (1 is odd) born 1974-04-23 */
  char mask[19], cand[19], m2[19];
  idcard_mask(id, mask);
  int fit = 0;
  for (int day = 0; day < 366; day++) {
    char date[11];
    /* 1974-01-01 is day 1461 of the epoch */
    time_cst_date((int64_t)(1461 + day) * 86400, date);
    if (strncmp(date, "1974", 4)) continue;
    for (int seq = 1; seq < 1000; seq += 2) { /* odd: a man */
      char id17[24];
      snprintf(id17, sizeof id17, "620102%.4s%.2s%.2s%03d", date, date + 5, date + 8, seq % 1000);
      memcpy(cand, id17, 17);
      cand[17] = idcard_check_digit(id17);
      cand[18] = 0;
      if (idcard_validate(cand) == NULL && !strcmp(idcard_mask(cand, m2), mask)) fit++;
    }
  }
  cr_expect_eq(fit, 365 * 500);
  /* the old mask (first 6 and last 4) left one date's worth at most */
  int old = 0;
  for (int day = 0; day < 366; day++) {
    char date[11];
    time_cst_date((int64_t)(1461 + day) * 86400, date);
    if (strncmp(date, "1974", 4)) continue;
    char id17[18];
    snprintf(id17, sizeof id17, "620102%.4s%.2s%.2s651", date, date + 5, date + 8);
    if (idcard_check_digit(id17) == id[17]) old++;
  }
  cr_expect_lt(old, 365 / 5, "%d", old);
}

Test(phone, mask) {
  char out[PHONE_MAX + 1];
  cr_expect_str_eq(phone_mask("13912345678", out, sizeof out), "139****5678");
  cr_expect_str_eq(phone_mask("0931-8123456", out, sizeof out), "093*-***3456");
  cr_expect_str_eq(phone_mask("+8613900003333", out, sizeof out), "+861******3333");
  cr_expect_str_eq(phone_mask("+86 931 1234567", out, sizeof out), "+86 9** ***4567");
  cr_expect_str_eq(phone_mask("1234567", out, sizeof out), "*****67");
  cr_expect_str_eq(phone_mask("8123456789", out, sizeof out), "********89");
  cr_expect_str_eq(phone_mask("12345", out, sizeof out), "****5");
  cr_expect_str_eq(phone_mask("1234", out, sizeof out), "****");
  cr_expect_str_eq(phone_mask("12", out, sizeof out), "**");
  cr_expect_str_eq(phone_mask("", out, sizeof out), "");
  cr_expect_str_eq(phone_mask(NULL, out, sizeof out), "");
  cr_expect_str_eq(phone_mask("12345678901234567890", out, sizeof out), "123*************7890");
  char small[6];
  cr_expect_str_eq(phone_mask("13912345678", small, sizeof small), "****2", "cut to 5 bytes");
  cr_expect_eq(phone_mask("1", out, sizeof out), out);
}

/* Every number of 4 to 20 digits keeps at least 4 of them hidden, and never shows more than 7. */
Test(phone, mask_hides_four_digits_at_least) {
  char num[PHONE_MAX + 1], out[PHONE_MAX + 1];
  for (int n = 1; n <= PHONE_MAX; n++) {
    for (int i = 0; i < n; i++) num[i] = (char)('0' + (i * 7 + 3) % 10);
    num[n] = 0;
    phone_mask(num, out, sizeof out);
    int hidden = 0;
    for (int i = 0; i < n; i++) hidden += out[i] == '*';
    cr_expect_eq(strlen(out), (size_t)n);
    cr_expect_geq(hidden, n < 4 ? n : 4, "%s -> %s", num, out);
    cr_expect_leq(n - hidden, 7, "%s -> %s", num, out);
  }
}
