/* tests/unit/test_timeutil.c: civil dates, ISO 8601, CST dates, quarters and weeks. */
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

/* ---- weeks (Monday 00:00 CST) ---------------------------------------------------------------- */

/* 2026-05-11 is a Monday: 1 Jan 2026 is a Thursday, so 5 Jan is a Monday, and 11 May is day
** 31+28+31+30+11 = 131 of the year, 126 = 18 weeks after day 5. Its 00:00 CST is
** days_from_civil(2026, 5, 11) = 20543 + 30 + 11 = 20584 days, 20584 * 86400 - 28800. */
#define T_MON_20260511_CST INT64_C(1778428800)
#define WEEK               INT64_C(604800)

static int64_t iso(const char *s) {
  int64_t t = 0;
  cr_assert(time_parse_iso(s, &t), "%s", s);
  return t;
}

static void expect_week(const char *at, const char *monday) {
  char out[26];
  cr_expect_str_eq(time_iso(time_week_start(iso(at)), out), monday, "week of %s", at);
}

Test(time, week_start_monday_midnight_cst) {
  cr_expect_eq(iso("2026-05-11T00:00:00+08:00"), T_MON_20260511_CST);
  cr_expect_eq(time_week_start(T_MON_20260511_CST), T_MON_20260511_CST,
               "a Monday 00:00 CST is its own week start");
  cr_expect_eq(time_week_start(T_MON_20260511_CST + 1), T_MON_20260511_CST);
  cr_expect_eq(time_week_start(T_MON_20260511_CST - 1), T_MON_20260511_CST - WEEK,
               "Sunday 23:59:59 CST is the previous week");
  cr_expect_eq(time_week_start(T_MON_20260511_CST + WEEK - 1), T_MON_20260511_CST,
               "the next Sunday 23:59:59");
  cr_expect_eq(time_week_start(T_MON_20260511_CST + WEEK), T_MON_20260511_CST + WEEK);
  expect_week("2026-05-10T23:59:59+08:00", "2026-05-04T00:00:00+08:00");
  expect_week("2026-05-11T00:00:00+08:00", "2026-05-11T00:00:00+08:00");
  expect_week("2026-05-13T12:00:00+08:00", "2026-05-11T00:00:00+08:00");
  expect_week("2026-05-17T23:59:59+08:00", "2026-05-11T00:00:00+08:00");
}

Test(time, week_start_other_offsets) {
  /* late on Sunday in UTC (or further west) is already Monday in Beijing */
  expect_week("2026-05-10T16:30:00Z", "2026-05-11T00:00:00+08:00");
  expect_week("2026-05-10T16:00:00Z", "2026-05-11T00:00:00+08:00");
  expect_week("2026-05-10T15:59:59Z", "2026-05-04T00:00:00+08:00");
  expect_week("2026-05-10T12:00:00-04:00", "2026-05-11T00:00:00+08:00");
  expect_week("2026-05-10T11:59:59-04:00", "2026-05-04T00:00:00+08:00");
  /* early on Monday further east is still Sunday in Beijing */
  expect_week("2026-05-11T01:00:00+09:00", "2026-05-11T00:00:00+08:00");
  expect_week("2026-05-11T00:59:59+09:00", "2026-05-04T00:00:00+08:00");
  expect_week("2026-05-11T02:00:00+14:00", "2026-05-04T00:00:00+08:00");
}

Test(time, week_start_year_ends_and_leap_days) {
  /* 2026-12-31 is a Thursday; 2027 starts on a Friday in the week of 28 December */
  expect_week("2026-12-31T23:59:59+08:00", "2026-12-28T00:00:00+08:00");
  expect_week("2027-01-01T10:00:00+08:00", "2026-12-28T00:00:00+08:00");
  expect_week("2027-01-03T23:59:59+08:00", "2026-12-28T00:00:00+08:00");
  expect_week("2027-01-04T00:00:00+08:00", "2027-01-04T00:00:00+08:00");
  expect_week("2026-12-27T23:59:59+08:00", "2026-12-21T00:00:00+08:00");
  /* 2026-01-01 00:00 CST given in UTC: the week of Monday 29 December 2025 */
  expect_week("2025-12-31T16:00:00Z", "2025-12-29T00:00:00+08:00");
  expect_week("2024-12-31T23:59:59+08:00", "2024-12-30T00:00:00+08:00");
  expect_week("2024-02-29T12:00:00+08:00", "2024-02-26T00:00:00+08:00");
  expect_week("2024-03-03T23:59:59+08:00", "2024-02-26T00:00:00+08:00");
  cr_expect_eq(time_week_start(iso("2026-12-31T23:59:59+08:00")), INT64_C(1798387200));
  cr_expect_eq(time_week_start(iso("2025-12-31T16:00:00Z")), INT64_C(1766937600));
}

Test(time, week_start_before_1970) {
  /* 1970-01-01 was a Thursday: its week began on Monday 1969-12-29, -3 days, 00:00 CST */
  cr_expect_eq(time_week_start(0), INT64_C(-288000));
  cr_expect_eq(time_week_start(-28800), INT64_C(-288000), "1970-01-01T00:00 CST");
  cr_expect_eq(time_week_start(-288000), INT64_C(-288000));
  cr_expect_eq(time_week_start(-288001), INT64_C(-288000) - WEEK);
  expect_week("1969-12-28T23:59:59+08:00", "1969-12-22T00:00:00+08:00");
  /* 1969-07-20T20:17:40Z is Monday 21 July 04:17:40 CST, 164 days before 1970 */
  cr_expect_eq(time_week_start(iso("1969-07-20T20:17:40Z")), INT64_C(-164) * 86400 - 28800);
  expect_week("1969-07-20T15:59:59Z", "1969-07-14T00:00:00+08:00");
  /* 1900-01-01 was a Monday */
  cr_expect_eq(time_week_start(iso("1900-01-01T00:00:00+08:00")), INT64_C(-2209017600));
  expect_week("1899-12-31T23:59:59+08:00", "1899-12-25T00:00:00+08:00");
}

Test(time, week_start_invariants) {
  /* every 37 minutes over 1968..2028: a Monday 00:00 CST (a whole number of weeks from
  ** 2026-05-11), at most t, less than a week before, and its own week start */
  for (int64_t t = INT64_C(-63158400); t < INT64_C(1830297600); t += 37 * 60) {
    int64_t w = time_week_start(t);
    cr_assert(w <= t && t - w < WEEK, "t %lld: week start %lld", (long long)t, (long long)w);
    cr_assert_eq(((w - T_MON_20260511_CST) % WEEK + WEEK) % WEEK, 0,
                 "t %lld: %lld is no Monday 00:00 CST", (long long)t, (long long)w);
    cr_assert_eq(time_week_start(w), w);
  }
  /* the extremes are clamped as time_iso clamps them, without overflow */
  int64_t lo = time_week_start(INT64_MIN), hi = time_week_start(INT64_MAX);
  cr_expect_lt(lo, INT64_C(-62000000000));
  cr_expect_gt(hi, INT64_C(253000000000));
  cr_expect_eq(time_week_start(lo), lo);
}

Test(time, cst_minute_is_the_wall_clock_in_china) {
  char out[17];
  int64_t t;
  cr_assert(time_parse_iso("2026-03-31T23:30:59+08:00", &t));
  cr_expect_str_eq(time_cst_minute(t, out), "2026-03-31 23:30");
  /* 16:05 UTC is the next day's 00:05 in China */
  cr_assert(time_parse_iso("2026-12-31T16:05:00Z", &t));
  cr_expect_str_eq(time_cst_minute(t, out), "2027-01-01 00:05");
}
