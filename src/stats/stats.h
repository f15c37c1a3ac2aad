/* src/stats/stats.h: figures for the dashboard (数据看板). Later modules add their own. */
#ifndef LVZHI_STATS_H
#define LVZHI_STATS_H
#include <jansson.h>
#include <stdint.h>

struct db;

/* The active members of the committee subtree at path, counted by level, sector, gender, age
** band (the age reached in the year today_year: only the birth year is kept in clear) and party,
** in one pass over the members:
** {"total", "by_level", "by_sector", "by_gender", "by_age", "by_party"}, each a list of
** {"key", "label", "count"}. en picks English labels. u (may be NULL) keeps an organiser to
** the members of its body (member_scope_sql). */
struct user;
json_t *stats_members(struct db *db, const struct user *u, const char *path, int today_year,
                      int en);

#endif
