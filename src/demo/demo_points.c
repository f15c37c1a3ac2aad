/* src/demo/demo_points.c: duty records for the demo and the points they and the rest of the
** demo earn (see demo_points.h). Who attends is a fixed function of the member id, so the
** demo is the same on both engines and every run; the SQL inserts a whole kind at once. */
#include "demo_points.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/timeutil.h"
#include "demo_meeting.h"
#include "points/points.h"

#define DAY 86400

/* A member's draw in [0, 1000) for salt, from its id. */
#define DRAW(salt) "((m.id * 2654435761 + " #salt ") % 1000)"

/* Inserts one kind of record for the active members whose draw passes cond. */
static bool insert(struct db *db, const char *kind, const char *title_suffix, const char *cond,
                   const char *attendance_sql, const char *minutes_sql, int64_t held, int64_t now) {
  char day[24], sql[2048];
  time_cst_date(held, day);
  snprintf(
      sql, sizeof sql,
      "INSERT INTO duty_records (committee_id, member_id, kind, title, held_on, attendance, "
      "attended_minutes,"
      " duration_minutes, note, created_at, updated_at)"
      " SELECT m.committee_id, m.id, '%s', c.name || '%s', ?, %s, %s, '', ?, ?"
      " FROM members m JOIN committees c ON c.id = m.committee_id WHERE m.status = 'active' AND %s",
      kind, title_suffix, attendance_sql, minutes_sql, cond);
  return db_exec(db, sql, "tii", day, now, now) == DB_DONE;
}

bool demo_points_load(struct db *db, int64_t meetings_of, int64_t now, char *err) {
  int64_t plenary = now - DEMO_PLENARY_AGO;
  /* the committee whose meetings are meeting records (demo_meeting.c) has no typed records of
  ** its plenary and standing-committee meetings: those records replace them */
  char others[64], standing_others[96], speakers[160];
  snprintf(others, sizeof others, "m.committee_id <> %lld", (long long)meetings_of);
  snprintf(standing_others, sizeof standing_others, "m.is_standing = 1 AND %s", others);
  snprintf(speakers, sizeof speakers, "%s < 30 AND %s", DRAW(31), others);
  /* plenary: 3 % absent, 7 % excused; of those present 4 % left early (80 of 180 minutes) */
  const char *att = "CASE WHEN " DRAW(11) " < 30 THEN 'absent' WHEN " DRAW(
      11) " < 100 THEN 'excused' ELSE 'present' END";
  const char *mins = "CASE WHEN " DRAW(11) " >= 100 AND " DRAW(11) " < 140 THEN 80 ELSE NULL END";
  const char *dur = "CASE WHEN " DRAW(11) " >= 100 AND " DRAW(11) " < 140 THEN 180 ELSE NULL END";
  char minutes[512];
  snprintf(minutes, sizeof minutes, "%s, %s", mins, dur);
  bool ok = insert(db, "plenary", "全体会议", others, att, minutes, plenary, now);
  static const char *const standing[] = {"常委会第一次会议", "常委会第二次会议", "常委会第三次会议",
                                         "常委会第四次会议"};
  for (int i = 0; ok && i < 4; i++) {
    char a[256];
    snprintf(a, sizeof a,
             "CASE WHEN ((m.id * 40503 + %d) %% 100) < 8 THEN 'excused' WHEN ((m.id * 40503 + %d) "
             "%% 100) < 11"
             " THEN 'absent' ELSE 'present' END",
             i * 17, i * 17);
    ok = insert(db, "standing", standing[i], standing_others, a, "NULL, NULL",
                plenary + DEMO_STANDING_AFTER(i), now);
  }
  if (ok)
    ok = insert(db, "meeting", "专题协商会", DRAW(23) " < 330",
                "CASE WHEN " DRAW(29) " < 60 THEN 'absent' WHEN " DRAW(
                    29) " < 160 THEN 'excused' ELSE 'present' END",
                "NULL, NULL", now - 120 * DAY, now);
  if (ok)
    ok = insert(db, "speech_plenary", "全体会议大会发言", speakers, "'present'", "NULL, NULL",
                plenary, now);
  if (ok)
    ok = insert(db, "speech", "专题协商会发言", DRAW(37) " < 80", "'present'", "NULL, NULL",
                now - 120 * DAY, now);
  if (!ok) {
    snprintf(err, 256, "生成会议出席记录失败：%s", db_errmsg(db));
    return false;
  }
  /* the points of the year (and of the plenary's year when it lies in the year before) */
  char root[128] = "";
  struct db_stmt *st =
      db_query(db, "SELECT path FROM committees WHERE parent_id IS NULL ORDER BY id LIMIT 1", "");
  if (db_step(st) == DB_ROW) snprintf(root, sizeof root, "%s", db_col_text(st, 0));
  db_done(st);
  char y1[24], y0[24];
  time_cst_date(now, y1);
  time_cst_date(plenary, y0);
  int years[2] = {atoi(y0), atoi(y1)};
  for (int i = years[0] == years[1] ? 1 : 0; i < 2; i++) {
    const char *why;
    if (points_recompute(db, root, years[i], NULL, NULL, &why) < 0) {
      snprintf(err, 256, "计算履职积分失败：%s", why);
      return false;
    }
  }
  return true;
}
