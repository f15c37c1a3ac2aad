/* src/base/timeutil.c: UTC seconds, CST dates and quarters, ISO 8601, see timeutil.h.
** China Standard Time is a fixed UTC+08:00 without daylight saving, so no libc time zone
** function (and no TZ setting) is involved: civil dates come from day counts (the
** algorithms of Howard Hinnant, "chrono-compatible low-level date algorithms"). */
#include "timeutil.h"
#include <time.h>

#define DAY 86400

struct civil {
  int64_t y;
  int m, d;
};

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int64_t y, int m) {
  static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

static int64_t days_from_civil64(int64_t y, int m, int d) {
  int64_t yy = y - (m <= 2);
  int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  int64_t yoe = yy - era * 400;                                           /* [0, 399] */
  int64_t doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                    /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

/* Works in 64 bits throughout, so any int year is safe. */
int64_t days_from_civil(int y, int m, int d) { return days_from_civil64(y, m, d); }

static struct civil civil_from_days(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  struct civil c;
  c.d = (int)(doy - (153 * mp + 2) / 5 + 1);
  c.m = (int)(mp < 10 ? mp + 3 : mp - 9);
  c.y = yoe + era * 400 + (c.m <= 2);
  return c;
}

/* Keeps t within years 0000..9999 of CST so that every output has four-digit years and no
** arithmetic on t can overflow. */
static int64_t clamp_time(int64_t t) {
  int64_t lo = days_from_civil(0, 1, 1) * DAY - CST_OFFSET;
  int64_t hi = days_from_civil(10000, 1, 1) * DAY - CST_OFFSET - 1;
  return t < lo ? lo : t > hi ? hi : t;
}

static void put_digits(char *out, int64_t v, int width) {
  for (int i = width - 1; i >= 0; i--) {
    out[i] = (char)('0' + v % 10);
    v /= 10;
  }
}

int64_t time_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec;
}

/* Times outside years 0000..9999 (CST) are written as the nearest end of that range. */
char *time_iso(int64_t t, char *out) {
  int64_t local = clamp_time(t) + CST_OFFSET;
  int64_t days = floor_div(local, DAY), secs = local - days * DAY;
  struct civil c = civil_from_days(days);
  put_digits(out, c.y, 4);
  out[4] = '-';
  put_digits(out + 5, c.m, 2);
  out[7] = '-';
  put_digits(out + 8, c.d, 2);
  out[10] = 'T';
  put_digits(out + 11, secs / 3600, 2);
  out[13] = ':';
  put_digits(out + 14, secs / 60 % 60, 2);
  out[16] = ':';
  put_digits(out + 17, secs % 60, 2);
  out[19] = '+';
  put_digits(out + 20, CST_OFFSET / 3600, 2);
  out[22] = ':';
  put_digits(out + 23, CST_OFFSET / 60 % 60, 2);
  out[25] = 0;
  return out;
}

/* Reads exactly n decimal digits at s; returns false if any is missing. */
static bool digits(const char *s, int n, int *v) {
  int x = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    x = x * 10 + (s[i] - '0');
  }
  *v = x;
  return true;
}

/* Parses "YYYY-MM-DD" at s without looking past it; checks the calendar and that the year
** is at least ymin and at most ymax. */
static bool parse_date_prefix(const char *s, int ymin, int ymax, int *y, int *m, int *d) {
  if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, m) || s[7] != '-' ||
      !digits(s + 8, 2, d))
    return false;
  return *y >= ymin && *y <= ymax && *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

bool date_valid(const char *s) {
  int y, m, d;
  return date_parse(s, &y, &m, &d);
}

bool date_parse(const char *s, int *y, int *m, int *d) {
  return s && parse_date_prefix(s, 1900, 2999, y, m, d) && s[10] == 0;
}

/* Accepts exactly: date, 'T' or ' ', HH:MM:SS, optional '.' and one or more digits, then 'Z',
** "+HH:MM", "-HH:MM", "+HHMM" or "-HHMM", and the end of the string. Any four-digit year is
** taken (so every time_iso output reads back); hours 00..23, minutes and seconds 00..59 (no
** leap second), offset hours 00..23. */
bool time_parse_iso(const char *s, int64_t *t) {
  int y, mo, d, h, mi, sec;
  if (!s || !parse_date_prefix(s, 0, 9999, &y, &mo, &d)) return false;
  s += 10;
  if (*s != 'T' && *s != ' ') return false;
  s++;
  if (!digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &mi) || s[5] != ':' ||
      !digits(s + 6, 2, &sec))
    return false;
  if (h > 23 || mi > 59 || sec > 59) return false;
  s += 8;
  if (*s == '.') {
    s++;
    if (*s < '0' || *s > '9') return false;
    while (*s >= '0' && *s <= '9') s++;
  }
  int offset = 0;
  if (*s == 'Z') {
    s++;
  } else if (*s == '+' || *s == '-') {
    int sign = *s == '-' ? -1 : 1, oh, om;
    s++;
    if (!digits(s, 2, &oh)) return false;
    s += 2;
    if (*s == ':') s++;
    if (!digits(s, 2, &om)) return false;
    s += 2;
    if (oh > 23 || om > 59) return false;
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return false;
  }
  if (*s) return false;
  *t = days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 + sec - offset;
  return true;
}

char *time_cst_date(int64_t t, char *out) {
  struct civil c = civil_from_days(floor_div(clamp_time(t) + CST_OFFSET, DAY));
  put_digits(out, c.y, 4);
  out[4] = '-';
  put_digits(out + 5, c.m, 2);
  out[7] = '-';
  put_digits(out + 8, c.d, 2);
  out[10] = 0;
  return out;
}

char *time_cst_minute(int64_t t, char *out) {
  time_cst_date(t, out);
  int64_t s = clamp_time(t) + CST_OFFSET, day = floor_div(s, DAY) * DAY;
  int64_t m = (s - day) / 60;
  out[10] = ' ';
  put_digits(out + 11, (int)(m / 60), 2);
  out[13] = ':';
  put_digits(out + 14, (int)(m % 60), 2);
  out[16] = 0;
  return out;
}

void time_cst_quarter(int64_t t, int *year, int *quarter) {
  struct civil c = civil_from_days(floor_div(clamp_time(t) + CST_OFFSET, DAY));
  *year = (int)c.y;
  *quarter = (c.m - 1) / 3 + 1;
}

/* Any quarter number is normalised: 5 is the next year's first, 0 the previous year's last. */
int64_t time_quarter_start(int year, int quarter) {
  int64_t q0 = (int64_t)quarter - 1;
  int64_t y = (int64_t)year + floor_div(q0, 4);
  int m = (int)(q0 - floor_div(q0, 4) * 4) * 3 + 1;
  return days_from_civil64(y, m, 1) * DAY - CST_OFFSET;
}

/* 1970-01-01 was a Thursday: day d is a Monday when (d + 3) mod 7 is 0. */
int64_t time_week_start(int64_t t) {
  int64_t d = floor_div(clamp_time(t) + CST_OFFSET, DAY);
  int64_t monday = d - (d + 3 - floor_div(d + 3, 7) * 7);
  return monday * DAY - CST_OFFSET;
}
