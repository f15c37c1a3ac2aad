/* tests/unit/test_timeutil.c: civil dates, ISO 8601, CST dates and quarters. */
#include "base/timeutil.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

/* 2026-03-31T15:30:00Z = 2026-03-31T23:30:00+08:00 (computed independently). */
#define T_20260331_1530Z INT64_C(1774971000)
#define T_20260331_1600Z INT64_C(1774972800)

Test(time, days_from_civil_known_values) {
  cr_expect_eq(days_from_civil(1970, 1, 1), 0);
  cr_expect_eq(days_from_civil(1969, 12, 31), -1);
  cr_expect_eq(days_from_civil(2000, 3, 1), 11017);
  cr_expect_eq(days_from_civil(2026, 3, 31), 20543);
  cr_expect_eq(days_from_civil(1900, 1, 1), -25567);
  cr_expect_eq(days_from_civil(1, 1, 1), -719162);
}

static int test_days_in_month(int y, int m) {
  if (m == 2) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

/* Walks every day of 1899..3000 with a plain calendar and checks each function agrees. */
Test(time, every_day_consistent) {
  int64_t expect = days_from_civil(1899, 1, 1);
  for (int y = 1899; y <= 3000; y++) {
    for (int m = 1; m <= 12; m++) {
      for (int d = 1; d <= test_days_in_month(y, m); d++, expect++) {
        cr_assert_eq(days_from_civil(y, m, d), expect, "%04d-%02d-%02d", y, m, d);
        char want[40], got[11];
        snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
        int64_t midnight_cst = expect * 86400 - CST_OFFSET;
        cr_assert_str_eq(time_cst_date(midnight_cst, got), want);
        cr_assert_str_eq(time_cst_date(midnight_cst + 86399, got), want);
        int qy, q;
        time_cst_quarter(midnight_cst, &qy, &q);
        cr_assert(qy == y && q == (m - 1) / 3 + 1, "%s: quarter %d-%d", want, qy, q);
        bool in_range = y >= 1900 && y <= 2999;
        cr_assert_eq(date_valid(want), in_range, "%s", want);
      }
    }
  }
}

Test(time, iso_output) {
  char out[26];
  cr_expect_str_eq(time_iso(0, out), "1970-01-01T08:00:00+08:00");
  cr_expect_str_eq(time_iso(T_20260331_1530Z, out), "2026-03-31T23:30:00+08:00");
  cr_expect_str_eq(time_iso(T_20260331_1600Z, out), "2026-04-01T00:00:00+08:00");
  cr_expect_str_eq(time_iso(-1, out), "1970-01-01T07:59:59+08:00");
  cr_expect_str_eq(time_iso(-28801, out), "1969-12-31T23:59:59+08:00");
  cr_expect_str_eq(time_iso(INT64_C(-2208988800), out), "1900-01-01T08:00:00+08:00");
  cr_expect_eq(time_iso(0, out), out);
}

Test(time, iso_output_clamped_to_four_digit_years) {
  char out[26];
  cr_expect_str_eq(time_iso(INT64_MAX, out), "9999-12-31T23:59:59+08:00");
  cr_expect_str_eq(time_iso(INT64_MIN, out), "0000-01-01T00:00:00+08:00");
  char d[11];
  cr_expect_str_eq(time_cst_date(INT64_MAX, d), "9999-12-31");
  cr_expect_str_eq(time_cst_date(INT64_MIN, d), "0000-01-01");
}

Test(time, parse_accepted_forms) {
  static const char *same[] = {
      "2026-03-31T23:30:00+08:00",      "2026-03-31T15:30:00Z",        "2026-03-31 15:30:00Z",
      "2026-03-31T15:30:00.123Z",       "2026-03-31T23:30:00.5+08:00", "2026-03-31T23:30:00+0800",
      "2026-03-31 23:30:00+0800",       "2026-03-31T10:30:00-05:00",   "2026-03-31T21:00:00+05:30",
      "2026-03-31T15:30:00+00:00",      "2026-03-31T15:30:00-00:00",   "2026-04-01T04:15:00+12:45",
      "2026-03-31T15:30:00.000000001Z",
  };
  for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
    int64_t t = -42;
    cr_expect(time_parse_iso(same[i], &t), "%s", same[i]);
    cr_expect_eq(t, T_20260331_1530Z, "%s", same[i]);
  }
}

Test(time, parse_rejected) {
  static const char *bad[] = {
      "",
      "2026-03-31",
      "2026-03-31T15:30:00", /* no offset */
      "2026-03-31T15:30Z",   /* no seconds */
      "2026-03-31T15:30:00Zjunk",
      "2026-03-31T15:30:00Z ",
      "2026-03-31T15:30:00+08:00 ",
      " 2026-03-31T15:30:00Z",
      "2026-03-31t15:30:00Z",
      "2026-03-31T15:30:00z",
      "2026-03-31_15:30:00Z",
      "2026-03-31T15:30:00.Z", /* fraction without digits */
      "2026-03-31T15:30:00,5Z",
      "2026-02-30T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-00-10T00:00:00Z",
      "2026-04-31T00:00:00Z",
      "2026-04-00T00:00:00Z",
      "2026-3-31T15:30:00Z",
      "26-03-31T15:30:00Z",
      "2026-03-31T24:00:00Z",
      "2026-03-31T23:60:00Z",
      "2026-03-31T23:59:60Z", /* no leap seconds */
      "2026-03-31T5:30:00Z",
      "2026-03-31T15:30:00+8:00",
      "2026-03-31T15:30:00+08:0",
      "2026-03-31T15:30:00+08",
      "2026-03-31T15:30:00+080",
      "2026-03-31T15:30:00+08:00:00",
      "2026-03-31T15:30:00+24:00",
      "2026-03-31T15:30:00+08:60",
      "2026-03-31T15:30:00 +08:00",
      "999-12-31T23:59:59Z",
      "10000-01-01T00:00:00Z",
      "+2026-03-31T15:30:00Z",
      "２０２６-03-31T15:30:00Z",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    int64_t t = 12345;
    cr_expect_not(time_parse_iso(bad[i], &t), "accepted \"%s\"", bad[i]);
    cr_expect_eq(t, 12345, "changed *t for \"%s\"", bad[i]);
  }
}

Test(time, parse_calendar_edges) {
  int64_t t;
  cr_expect(time_parse_iso("2024-02-29T12:00:00Z", &t));
  cr_expect_eq(t, days_from_civil(2024, 2, 29) * 86400 + 12 * 3600);
  cr_expect(time_parse_iso("2000-02-29T00:00:00Z", &t));
  cr_expect_not(time_parse_iso("1900-02-29T00:00:00Z", &t));
  cr_expect(time_parse_iso("1900-01-01T00:00:00Z", &t));
  cr_expect_eq(t, INT64_C(-2208988800));
  cr_expect(time_parse_iso("2999-12-31T23:59:59Z", &t));
  cr_expect_eq(t, INT64_C(32503679999));
  /* times are not limited to the years of date_valid */
  cr_expect(time_parse_iso("1899-12-31T23:59:59Z", &t));
  cr_expect_eq(t, INT64_C(-2208988801));
  cr_expect(time_parse_iso("0000-01-01T00:00:00+08:00", &t));
  cr_expect_eq(t, days_from_civil(0, 1, 1) * 86400 - 8 * 3600);
  cr_expect(time_parse_iso("9999-12-31T23:59:59Z", &t));
  cr_expect_eq(t, days_from_civil(10000, 1, 1) * 86400 - 1);
  /* an offset can move the instant across a day, month or year */
  cr_expect(time_parse_iso("2026-01-01T00:00:00+08:00", &t));
  cr_expect_eq(t, INT64_C(1767196800));
  cr_expect(time_parse_iso("2025-12-31T16:00:00Z", &t));
  cr_expect_eq(t, INT64_C(1767196800));
}

Test(time, iso_round_trip) {
  const int64_t ts[] = {0, 1, -1, 86399, T_20260331_1530Z, T_20260331_1600Z - 1, T_20260331_1600Z,
                        INT64_C(-2208988800), INT64_C(32503679999),
                        INT64_C(951782400) /* 2000-02-29 */,
                        /* the ends of what time_iso writes */
                        days_from_civil(0, 1, 1) * 86400 - 8 * 3600,
                        days_from_civil(10000, 1, 1) * 86400 - 8 * 3600 - 1};
  for (size_t i = 0; i < sizeof ts / sizeof *ts; i++) {
    char out[26];
    int64_t back = 0;
    time_iso(ts[i], out);
    cr_expect_eq(strlen(out), 25);
    cr_expect(time_parse_iso(out, &back), "%s", out);
    cr_expect_eq(back, ts[i], "%s", out);
  }
  /* other offsets come back out in CST */
  struct {
    const char *in, *cst;
  } cases[] = {
      {"2026-03-31T10:30:00-05:00", "2026-03-31T23:30:00+08:00"},
      {"2026-12-31T20:00:00-04:00", "2027-01-01T08:00:00+08:00"},
      {"2026-01-01T01:00:00+09:00", "2026-01-01T00:00:00+08:00"},
      {"2026-03-01T00:30:00+14:00", "2026-02-28T18:30:00+08:00"},
      {"2024-02-29T20:00:00Z", "2024-03-01T04:00:00+08:00"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    int64_t t;
    char out[26];
    cr_assert(time_parse_iso(cases[i].in, &t), "%s", cases[i].in);
    cr_expect_str_eq(time_iso(t, out), cases[i].cst, "%s", cases[i].in);
  }
}

Test(time, date_valid) {
  cr_expect(date_valid("2024-02-29"));
  cr_expect_not(date_valid("2023-02-29"));
  cr_expect(date_valid("2000-02-29"));
  cr_expect_not(date_valid("1900-02-29"));
  cr_expect_not(date_valid("2100-02-29"));
  cr_expect(date_valid("2023-02-28"));
  cr_expect(date_valid("1900-01-01"));
  cr_expect_not(date_valid("1899-12-31"));
  cr_expect(date_valid("2999-12-31"));
  cr_expect_not(date_valid("3000-01-01"));
  cr_expect(date_valid("2026-04-30"));
  cr_expect_not(date_valid("2026-04-31"));
  cr_expect(date_valid("2026-12-31"));
  cr_expect_not(date_valid("2026-12-32"));
  cr_expect_not(date_valid("2026-13-01"));
  cr_expect_not(date_valid("2026-00-01"));
  cr_expect_not(date_valid("2026-01-00"));
  cr_expect_not(date_valid("2024-2-29"));
  cr_expect_not(date_valid("2024-02-9"));
  cr_expect_not(date_valid("2024-02-29 "));
  cr_expect_not(date_valid("2024-02-29T00:00:00Z"));
  cr_expect_not(date_valid("2024/02/29"));
  cr_expect_not(date_valid("20240229"));
  cr_expect_not(date_valid("2024-02-2a"));
  cr_expect_not(date_valid("+024-02-29"));
  cr_expect_not(date_valid("-2024-02-29"));
  cr_expect_not(date_valid(""));
  cr_expect_not(date_valid("2024"));
}

Test(time, date_parse) {
  int y = 0, m = 0, d = 0;
  cr_expect(date_parse("2024-02-29", &y, &m, &d));
  cr_expect(y == 2024 && m == 2 && d == 29);
  cr_expect(date_parse("1900-01-01", &y, &m, &d));
  cr_expect(y == 1900 && m == 1 && d == 1);
  cr_expect_not(date_parse("2023-02-29", &y, &m, &d));
  cr_expect_not(date_parse("2023-02-28x", &y, &m, &d));
}

Test(time, cst_date_boundary) {
  char out[11];
  cr_expect_str_eq(time_cst_date(T_20260331_1600Z, out), "2026-04-01");
  cr_expect_str_eq(time_cst_date(T_20260331_1600Z - 1, out), "2026-03-31");
  cr_expect_str_eq(time_cst_date(0, out), "1970-01-01");
  cr_expect_str_eq(time_cst_date(-28800, out), "1970-01-01");
  cr_expect_str_eq(time_cst_date(-28801, out), "1969-12-31");
  cr_expect_eq(time_cst_date(0, out), out);
}

static void expect_quarter(const char *iso, int year, int quarter) {
  int64_t t;
  int y = 0, q = 0;
  cr_assert(time_parse_iso(iso, &t), "%s", iso);
  time_cst_quarter(t, &y, &q);
  cr_expect(y == year && q == quarter, "%s: got %d Q%d, want %d Q%d", iso, y, q, year, quarter);
}

Test(time, cst_quarter_boundaries) {
  expect_quarter("2026-03-31T16:00:00Z", 2026, 2);
  expect_quarter("2026-03-31T15:59:59Z", 2026, 1);
  expect_quarter("2026-03-31T23:59:59+08:00", 2026, 1);
  expect_quarter("2026-04-01T00:00:00+08:00", 2026, 2);
  expect_quarter("2026-06-30T16:00:00Z", 2026, 3);
  expect_quarter("2026-06-30T15:59:59Z", 2026, 2);
  expect_quarter("2026-09-30T16:00:00Z", 2026, 4);
  expect_quarter("2026-09-30T15:59:59Z", 2026, 3);
  expect_quarter("2025-12-31T16:00:00Z", 2026, 1);
  expect_quarter("2025-12-31T15:59:59Z", 2025, 4);
  expect_quarter("2025-12-31T20:00:00-05:00", 2026, 1);
}

Test(time, quarter_start) {
  cr_expect_eq(time_quarter_start(2026, 1), INT64_C(1767196800));
  cr_expect_eq(time_quarter_start(2026, 2), T_20260331_1600Z);
  cr_expect_eq(time_quarter_start(2026, 3), INT64_C(1782835200));
  cr_expect_eq(time_quarter_start(2026, 4), INT64_C(1790784000));
  cr_expect_eq(time_quarter_start(2026, 5), INT64_C(1798732800));
  cr_expect_eq(time_quarter_start(2026, 5), time_quarter_start(2027, 1));
  cr_expect_eq(time_quarter_start(2026, 0), time_quarter_start(2025, 4));
  cr_expect_eq(time_quarter_start(2026, 9), time_quarter_start(2028, 1));
  cr_expect_eq(time_quarter_start(2026, -3), time_quarter_start(2025, 1));
}

Test(time, quarter_start_consistent_with_cst_quarter) {
  for (int y = 1900; y <= 2999; y++) {
    for (int q = 1; q <= 4; q++) {
      int64_t s = time_quarter_start(y, q);
      int gy, gq;
      time_cst_quarter(s, &gy, &gq);
      cr_assert(gy == y && gq == q, "start of %d Q%d is in %d Q%d", y, q, gy, gq);
      time_cst_quarter(s - 1, &gy, &gq);
      int py = q == 1 ? y - 1 : y, pq = q == 1 ? 4 : q - 1;
      cr_assert(gy == py && gq == pq, "second before %d Q%d is in %d Q%d", y, q, gy, gq);
      cr_assert_lt(s, time_quarter_start(y, q + 1));
    }
  }
}

Test(time, now_is_plausible) {
  int64_t now = time_now();
  cr_expect_gt(now, INT64_C(1704067200), "after 2024-01-01");
  cr_expect_lt(now, INT64_C(4102444800), "before 2100-01-01");
}
