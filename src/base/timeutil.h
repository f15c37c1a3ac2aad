/* src/base/timeutil.h: UTC seconds, China Standard Time dates and quarters, ISO 8601. */
#ifndef LVZHI_TIMEUTIL_H
#define LVZHI_TIMEUTIL_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#define CST_OFFSET (8 * 3600)

/* Current time as UTC seconds. */
int64_t time_now(void);

/* Writes t as ISO 8601 in China Standard Time, e.g. "2026-03-31T23:30:00+08:00", into out
** (at least 26 bytes). Returns out. */
char *time_iso(int64_t t, char *out);

/* Parses ISO 8601 "YYYY-MM-DDTHH:MM:SS" with "Z" or "+HH:MM"/"-HH:MM" (optional fraction of
** seconds ignored; a space may replace T). Stores UTC seconds in *t. Returns false on bad input. */
bool time_parse_iso(const char *s, int64_t *t);

/* Returns true when s is a real calendar date "YYYY-MM-DD" (years 1900..2999). */
bool date_valid(const char *s);

/* Parses "YYYY-MM-DD" into y/m/d; returns false unless date_valid. */
bool date_parse(const char *s, int *y, int *m, int *d);

/* Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
int64_t days_from_civil(int y, int m, int d);

/* Calendar date (in CST) of UTC time t, as "YYYY-MM-DD" into out (11 bytes). Returns out. */
char *time_cst_date(int64_t t, char *out);

/* Writes the minute of t in China Standard Time, "2026-03-31 23:30", into out (at least 17
** bytes), as a notice or a printed page reads it. Returns out. */
char *time_cst_minute(int64_t t, char *out);

/* Year and quarter (1..4) in CST of UTC time t. */
void time_cst_quarter(int64_t t, int *year, int *quarter);

/* UTC seconds of the first instant of the given CST quarter (quarter 5 = next year's first). */
int64_t time_quarter_start(int year, int quarter);

/* UTC seconds of 00:00 CST on the Monday of the week (in CST) that holds UTC time t. */
int64_t time_week_start(int64_t t);

#endif
