/* src/demo/demo_meeting.c: the demo's meetings (demo_meeting.h). Each meeting is written as it
** would be after being held and closed: the record with its timeline, the invitees and their
** replies, approved leave, sittings and sign-ins, speeches, and a closed vote whose counts and
** result agree with its voters (the result by meeting_rules, as the close writes it). */
#include "demo_meeting.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/cnum.h"
#include "base/timeutil.h"
#include "meeting/meeting_rules.h"

#define HOUR 3600

/* A member's draw in [0, 1000) for salt, from its id (m is the members row). */
#define DRAW(salt) "((m.id * 2654435761 + " #salt ") % 1000)"

struct ctx {
  struct db *db;
  int64_t committee, organiser;
  char *err;
  bool ok;
};

static void fail(struct ctx *c, const char *what) {
  if (!c->ok) return;
  c->ok = false;
  snprintf(c->err, 256, "生成演示会议失败（%s）：%s", what, db_errmsg(c->db));
}

static void exec(struct ctx *c, const char *what, int rc) {
  if (rc != DB_DONE) fail(c, what);
}

/* 09:00 China time of the day of t (UTC+8, no summer time). */
static int64_t morning(int64_t t) {
  return ((t + 8 * HOUR) / DEMO_DAY) * DEMO_DAY - 8 * HOUR + 9 * HOUR;
}

static void event(struct ctx *c, int64_t meeting, int64_t at, const char *action, const char *from,
                  const char *to, const char *note) {
  exec(c, "会议过程",
       db_exec(c->db,
               "INSERT INTO meeting_events (meeting_id, at, user_id, action, from_status,"
               " to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
               "iiItttt", meeting, at, c->organiser, action, from, to, note));
}

/* Inserts a closed meeting and its timeline up to the opening; returns its id (0 on failure). */
static int64_t add_meeting(struct ctx *c, const char *kind, const char *title, int session,
                           const char *venue, int64_t starts, int64_t ends, const char *notice) {
  if (!c->ok) return 0;
  int64_t created = starts - 12 * DEMO_DAY, notified = starts - 7 * DEMO_DAY;
  struct db_stmt *st = db_query(
      c->db,
      "INSERT INTO meetings (committee_id, kind, title, term, session_no, venue, starts_at,"
      " ends_at, organiser_id, notice, status, notified_at, opened_at, closed_at, created_by,"
      " created_at, updated_at) VALUES (?, ?, ?, 13, ?, ?, ?, ?, ?, ?, 'closed', ?, ?, ?, ?, ?,"
      " ?) RETURNING id",
      "ittitiiItiiiIii", c->committee, kind, title, (int64_t)session, venue, starts, ends,
      c->organiser, notice, notified, starts, ends, c->organiser, created, ends);
  int64_t id = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
  db_done(st);
  if (!id) {
    fail(c, "会议");
    return 0;
  }
  event(c, id, created, "create", NULL, NULL, "");
  event(c, id, created + HOUR, "invite", NULL, NULL, "添加委员");
  event(c, id, notified, "notify", "draft", "notified", "");
  return id;
}

/* Invites the active members of the committee matching cond (on members m); reply by draw:
** those of class excused decline, the absent ones mostly did not reply. */
static void invite(struct ctx *c, int64_t meeting, const char *cond, const char *excused,
                   const char *absent, int64_t notified) {
  char sql[1536];
  snprintf(sql, sizeof sql,
           "INSERT INTO meeting_invitees (meeting_id, member_id, role, reply, replied_at,"
           " created_at) SELECT ?, m.id, 'member', CASE WHEN %s THEN 'decline' WHEN %s AND"
           " m.id %% 3 = 0 THEN 'pending' ELSE 'attend' END, CASE WHEN %s AND m.id %% 3 = 0"
           " THEN NULL ELSE ? + (m.id %% 200) * 600 END, ? FROM members m"
           " WHERE m.committee_id = ? AND m.status = 'active' AND %s ORDER BY m.id",
           excused, absent, absent, cond);
  exec(c, "参会人员",
       db_exec(c->db, sql, "iiii", meeting, notified, notified - 5 * DEMO_DAY, c->committee));
}

/* Approved leave for the invitees of class excused. */
static void leave(struct ctx *c, int64_t meeting, const char *excused, int64_t starts) {
  char sql[1024];
  snprintf(sql, sizeof sql,
           "INSERT INTO meeting_leaves (meeting_id, member_id, reason, status, decided_by,"
           " decided_at, created_at, updated_at) SELECT i.meeting_id, m.id, CASE m.id %% 4"
           " WHEN 0 THEN '因公出差，无法参会' WHEN 1 THEN '身体原因，需住院治疗'"
           " WHEN 2 THEN '参加全国政协专题调研' ELSE '单位有重要接待任务' END, 'approved', ?,"
           " ?, ?, ? FROM meeting_invitees i JOIN members m ON m.id = i.member_id"
           " WHERE i.meeting_id = ? AND %s",
           excused);
  exec(c, "请假",
       db_exec(c->db, sql, "iiiii", c->organiser, starts - 2 * DEMO_DAY, starts - 4 * DEMO_DAY,
               starts - 2 * DEMO_DAY, meeting));
}

/* A sitting from start to end; the members matching present sign in (about 1 in 100 by staff,
** with a reason) and sign out at its end. Returns the sitting's id. */
static int64_t sitting(struct ctx *c, int64_t meeting, const char *label, int64_t start,
                       int64_t end, const char *present) {
  if (!c->ok) return 0;
  struct db_stmt *st = db_query(c->db,
                                "INSERT INTO meeting_sittings (meeting_id, label, starts_at,"
                                " ends_at, opened_at, closed_at) VALUES (?, ?, ?, ?, ?, ?)"
                                " RETURNING id",
                                "itiiii", meeting, label, start, end, start, end);
  int64_t id = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
  db_done(st);
  if (!id) {
    fail(c, "会次");
    return 0;
  }
  char sql[1536];
  snprintf(sql, sizeof sql,
           "INSERT INTO meeting_signins (sitting_id, member_id, signed_in_at, signed_out_at,"
           " way, by_user_id, reason) SELECT ?, m.id, ? - 1800 + (m.id * 13 %% 1500),"
           " ? + (m.id %% 600), CASE WHEN (m.id * 7 + ?) %% 100 = 0 THEN 'staff' ELSE 'scan'"
           " END, CASE WHEN (m.id * 7 + ?) %% 100 = 0 THEN CAST(? AS BIGINT) ELSE NULL END,"
           " CASE WHEN (m.id * 7 + ?) %% 100 = 0 THEN '手机无法扫码，工作人员核验身份后代为签到'"
           " ELSE '' END FROM meeting_invitees i JOIN members m ON m.id = i.member_id"
           " WHERE i.meeting_id = ? AND %s",
           present);
  exec(c, "签到",
       db_exec(c->db, sql, "iiiiiiii", id, start, end, id, id, c->organiser, id, meeting));
  event(c, meeting, start - 2 * HOUR, "sitting", NULL, NULL, label);
  return id;
}

/* A closed motion voted by the members signed in to sitting, each choosing by the draw
** `choice` (an SQL expression on m giving 'yes', 'no' or 'abstain'); secret: no choice kept
** beside the voter. Counts, voted, members_total and the result agree. */
static void vote(struct ctx *c, int64_t meeting, int64_t sitting, const char *title, bool secret,
                 const char *choice, int64_t opened, int64_t closed) {
  if (!c->ok) return;
  struct db_stmt *st = db_query(c->db,
                                "INSERT INTO meeting_votes (meeting_id, kind, title, secret,"
                                " seats, status, opened_at, closed_at, created_by, created_at,"
                                " updated_at) VALUES (?, 'motion', ?, ?, 1, 'closed', ?, ?, ?,"
                                " ?, ?) RETURNING id",
                                "itbiiIii", meeting, title, secret, opened, closed, c->organiser,
                                opened - DEMO_DAY, closed);
  int64_t id = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
  db_done(st);
  if (!id) {
    fail(c, "表决");
    return;
  }
  char sql[1536];
  snprintf(sql, sizeof sql,
           "INSERT INTO meeting_voters (vote_id, member_id, voted_at, choice)"
           " SELECT ?, m.id, ? + (m.id * 17 %% 240), %s FROM meeting_signins s"
           " JOIN members m ON m.id = s.member_id WHERE s.sitting_id = ?",
           secret ? "NULL" : choice);
  exec(c, "投票", db_exec(c->db, sql, "iii", id, opened + 20, sitting));
  static const char *const keys[] = {"yes", "no", "abstain"};
  int64_t n[3];
  for (int k = 0; k < 3 && c->ok; k++) {
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM meeting_signins s JOIN members m ON m.id = s.member_id"
             " WHERE s.sitting_id = ? AND %s = ?",
             choice);
    n[k] = db_int(c->db, -1, sql, "it", sitting, keys[k]);
    if (n[k] < 0) fail(c, "计票");
    exec(c, "计票",
         db_exec(c->db, "INSERT INTO meeting_vote_counts (vote_id, option_key, n) VALUES (?, ?, ?)",
                 "iti", id, keys[k], n[k]));
  }
  if (!c->ok) return;
  int64_t members = db_int(c->db, 0,
                           "SELECT COUNT(*) FROM meeting_invitees WHERE meeting_id = ?"
                           " AND role = 'member'",
                           "i", meeting);
  int64_t voted = n[0] + n[1] + n[2];
  json_t *r = json_pack("{s:b,s:I,s:I,s:I,s:I,s:I}", "passed",
                        meeting_motion_passes((int)members, (int)n[0]), "yes", (json_int_t)n[0],
                        "no", (json_int_t)n[1], "abstain", (json_int_t)n[2], "members_total",
                        (json_int_t)members, "voted", (json_int_t)voted);
  char *text = json_dumps(r, JSON_COMPACT);
  json_decref(r);
  exec(c, "表决结果",
       db_exec(c->db,
               "UPDATE meeting_votes SET members_total = ?, present_at_open = ?, voted = ?,"
               " result = ? WHERE id = ?",
               "iiiti", members, voted, voted, text, id));
  free(text);
  event(c, meeting, opened, "vote_open", NULL, NULL, title);
  event(c, meeting, closed, "vote_close", NULL, NULL, title);
}

/* The plenary's speeches: of the members present, those whose draw passes register; every
** third speaks (the first eight by id selected and delivered in order, the rest not selected),
** the others hand in a written speech. */
static void speeches(struct ctx *c, int64_t meeting, int64_t sitting, int64_t start) {
  static const char *const topics[] = {
      "关于推进黄河流域生态保护和高质量发展的建议",
      "加快发展县域特色产业，助力乡村全面振兴",
      "关于加强基层医疗卫生服务能力建设的建议",
      "推动河西走廊新能源产业集群发展",
      "关于促进民营经济高质量发展的几点建议",
      "加强非物质文化遗产保护传承",
      "关于完善农村养老服务体系的建议",
      "推进数字甘肃建设的对策建议",
      "关于提升职业教育服务地方发展能力的建议",
      "加强祁连山生态环境保护修复",
      "关于做好高校毕业生就业工作的建议",
      "推动文旅深度融合，打造丝绸之路黄金段",
  };
  if (!c->ok) return;
  struct db_stmt *st =
      db_query(c->db,
               "SELECT m.id FROM meeting_signins s JOIN members m"
               " ON m.id = s.member_id WHERE s.sitting_id = ? AND " DRAW(31) " < 120 ORDER BY m.id",
               "i", sitting);
  int64_t ids[256];
  int n = 0;
  while (st && db_step(st) == DB_ROW && n < 256) ids[n++] = db_col_int(st, 0);
  db_done(st);
  int oral = 0;
  int64_t at = start + 30 * 60;
  for (int i = 0; i < n && c->ok; i++) {
    const char *topic = topics[(ids[i] * 7 + i) % (int64_t)(sizeof topics / sizeof topics[0])];
    bool speaks = i % 3 == 0;
    int64_t created = start - (10 - i % 7) * DEMO_DAY;
    if (speaks && oral < 8) {
      int minutes = 6 + (int)(ids[i] % 3);
      exec(c, "大会发言",
           db_exec(c->db,
                   "INSERT INTO meeting_speeches (meeting_id, member_id, kind, title, summary,"
                   " status, seq, minutes, started_at, ended_at, created_at, updated_at)"
                   " VALUES (?, ?, 'oral', ?, '', 'delivered', ?, ?, ?, ?, ?, ?)",
                   "iitiiiiii", meeting, ids[i], topic, (int64_t)oral + 1, (int64_t)minutes, at,
                   at + minutes * 60 - 20, created, at + minutes * 60));
      at += minutes * 60 + 60;
      oral++;
    } else
      exec(c, "大会发言",
           db_exec(c->db,
                   "INSERT INTO meeting_speeches (meeting_id, member_id, kind, title, summary,"
                   " status, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, ?)",
                   "iitttii", meeting, ids[i], speaks ? "oral" : "written", topic,
                   speaks ? "not_selected" : "delivered", created, start));
  }
  event(c, meeting, start, "speech", NULL, NULL, "大会发言");
}

bool demo_meeting_load(struct db *db, int64_t committee, int64_t organiser, int64_t now,
                       char *err) {
  struct ctx c = {db, committee, organiser, err, true};
  int64_t day = morning(now - DEMO_PLENARY_AGO);
  char year[24];
  time_cst_date(day, year);
  int session = atoi(year) - 2022; /* the 13th term began in 2023 with its first session */
  if (session < 1) session = 1;
  if (session > 5) session = 5;
  char cn[32], title[160];
  cnum_int(session, cn, sizeof cn);

  /* the plenary: 3 % absent, 7 % on approved leave; of those present 4 % leave after the
  ** first sitting (under two-thirds of it: absent by the rules) */
  const char *absent = DRAW(11) " < 30", *excused = DRAW(11) " >= 30 AND " DRAW(11) " < 100",
             *came = DRAW(11) " >= 100", *stayed = DRAW(11) " >= 140";
  snprintf(title, sizeof title, "政协甘肃省第十三届委员会第%s次会议", cn);
  int64_t starts = day, ends = day + DEMO_DAY + 3 * HOUR;
  int64_t p = add_meeting(&c, "plenary", title, session, "甘肃会堂", starts, ends,
                          "请各位委员按时出席，会前 30 分钟扫码签到。因故不能出席的，请提前"
                          "在手机上请假，经批准后视为请假。");
  invite(&c, p, "1 = 1", excused, absent, starts - 7 * DEMO_DAY);
  leave(&c, p, excused, starts);
  event(&c, p, starts - 2 * DEMO_DAY, "leave_approve", NULL, NULL, "批准请假");
  event(&c, p, starts - HOUR, "open", "notified", "in_session", "");
  int64_t s1 = sitting(&c, p, "第一次全体会议", starts, starts + 3 * HOUR, came);
  sitting(&c, p, "小组讨论", starts + 11 * HOUR / 2, starts + 17 * HOUR / 2, stayed);
  int64_t s3 = sitting(&c, p, "闭幕会", starts + DEMO_DAY, ends, stayed);
  speeches(&c, p, s1, starts);
  char resolution[200];
  snprintf(resolution, sizeof resolution, "政协甘肃省第十三届委员会第%s次会议政治决议", cn);
  vote(&c, p, s3, resolution, true,
       "CASE WHEN " DRAW(41) " < 12 THEN 'no' WHEN " DRAW(41) " < 30 THEN 'abstain'"
                                                              " ELSE 'yes' END",
       ends - 2 * HOUR, ends - 2 * HOUR + 10 * 60);
  event(&c, p, ends, "close", "in_session", "closed", "");

  /* four standing-committee meetings of the standing members: 8 % excused, 3 % absent */
  for (int i = 0; i < 4 && c.ok; i++) {
    char ex[200], ab[200], pr[200], vt[300];
    snprintf(ex, sizeof ex, "((m.id * 40503 + %d) %% 100) < 8", i * 17);
    snprintf(ab, sizeof ab,
             "((m.id * 40503 + %d) %% 100) >= 8 AND ((m.id * 40503 + %d) %% 100) < 11", i * 17,
             i * 17);
    snprintf(pr, sizeof pr, "((m.id * 40503 + %d) %% 100) >= 11", i * 17);
    snprintf(vt, sizeof vt,
             "CASE WHEN ((m.id * 7919 + %d) %% 100) < 4 THEN 'abstain'"
             " WHEN ((m.id * 7919 + %d) %% 100) < 6 THEN 'no' ELSE 'yes' END",
             i, i);
    static const char *const n[] = {"一", "二", "三", "四"};
    static const char *const motions[] = {
        "关于召开政协甘肃省第十三届委员会全体会议的决定",
        "关于《政协甘肃省委员会年度协商工作计划》的决议",
        "关于增补政协甘肃省第十三届委员会委员的决定",
        "关于政协甘肃省委员会常务委员会履职情况报告的决议",
    };
    int64_t at = morning(now - DEMO_PLENARY_AGO + DEMO_STANDING_AFTER(i));
    snprintf(title, sizeof title, "政协甘肃省第十三届委员会常务委员会第%s次会议", n[i]);
    int64_t m = add_meeting(&c, "standing", title, session, "省政协会议中心", at,
                            at + 17 * HOUR / 2, "请各位常委按时出席，扫码签到。");
    invite(&c, m, "m.is_standing = 1", ex, ab, at - 7 * DEMO_DAY);
    leave(&c, m, ex, at);
    event(&c, m, at - HOUR, "open", "notified", "in_session", "");
    sitting(&c, m, "上午全体会议", at, at + 3 * HOUR, pr);
    int64_t s2 = sitting(&c, m, "下午全体会议", at + 11 * HOUR / 2, at + 17 * HOUR / 2, pr);
    vote(&c, m, s2, motions[i], false, vt, at + 15 * HOUR / 2, at + 15 * HOUR / 2 + 5 * 60);
    event(&c, m, at + 17 * HOUR / 2, "close", "in_session", "closed", "");
  }
  return c.ok;
}
