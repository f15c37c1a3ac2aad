/* src/proposal/proposal_stats.c: supervision (督办) of assignments near or past their
** deadline, the daily reminders to units and the office, the statistics the seed asks for
** (filing rate, reply rate 办复率, satisfaction, the A/B/C mix, overdue — by sector, category
** and unit), and the scheduled tasks.
**
** Rates: filing rate = filed-or-later / submitted-or-later (drafts and co-signing excluded);
** reply rate = replied-or-closed / filed-or-later; satisfaction = (满意 + 基本满意) / ratings,
** counting of each proposal the lead proposer's rating of its latest round (the one that
** decides; co-signers' are recorded but not counted). A proposal counts in the sector of its first
*proposer
** (collective ones under "集体提案"), and for a unit in each unit it was assigned to. */
#include <string.h>
#include "auth/access.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "job/job.h"
#include "notify/notify.h"
#include "proposal_int.h"

/* The committee subtree of the caller or of committee_id: path ("/" for the system without one),
** or NULL with ctx->err. */
static const char *subtree(struct entity_ctx *ctx, int64_t committee_id) {
  if (!committee_id && !ctx->user) return "/";
  return entity_subtree(ctx, &committee_id);
}

json_t *proposal_supervision(struct entity_ctx *ctx, int64_t committee_id, int days) {
  const char *path = subtree(ctx, committee_id);
  if (!path) return NULL;
  int64_t now = time_now();
  json_t *items = json_array();
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT p.id, p.title, p.serial, a.unit_id, u.name, a.role, a.deadline_at, "
               "p.is_key, p.status, p.key_leader"
               " FROM proposal_assignments a JOIN proposals p ON p.id = a.proposal_id JOIN units u "
               "ON u.id = a.unit_id"
               " JOIN committees c ON c.id = p.committee_id"
               " WHERE c.path >= ? AND c.path < ? AND a.status <> 'withdrawn' AND a.role <> 'co'"
               " AND p.status IN ('assigned','handling','rehandling') AND a.reply_status IN "
               "('none','draft','returned')"
               " AND a.deadline_at < ? ORDER BY a.deadline_at, p.id LIMIT 1000",
               "tti", path, entity_path_hi(ctx, path), now + (int64_t)days * 86400);
  while (db_step(st) == DB_ROW) {
    int64_t deadline = db_col_int(st, 6);
    json_t *o = json_pack("{s:I,s:s,s:I,s:s,s:s,s:I,s:b,s:b,s:s,s:s}", "proposal_id",
                          (json_int_t)db_col_int(st, 0), "title", db_col_text(st, 1), "unit_id",
                          (json_int_t)db_col_int(st, 3), "unit_name", db_col_text(st, 4), "role",
                          db_col_text(st, 5), "days_left", (json_int_t)((deadline - now) / 86400),
                          "overdue", deadline < now, "is_key", db_col_int(st, 7) != 0, "status",
                          db_col_text(st, 8), "key_leader", db_col_text(st, 9));
    json_object_set_new(o, "serial",
                        db_col_null(st, 2) ? json_null() : json_integer(db_col_int(st, 2)));
    entity_time_json(o, "deadline_at", st, 6);
    json_array_append_new(items, o);
  }
  db_done(st);
  return json_pack("{s:i,s:o}", "days", days, "items", items);
}

int proposal_remind_deadlines(struct entity_ctx *ctx, int64_t now) {
  /* once a day per assignment: the day and the assignment are the claim, in the timeline */
  int64_t day = (now + CST_OFFSET) / 86400;
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT a.id, a.unit_id, p.id, p.title, a.deadline_at, c.path, un.name"
      " FROM proposal_assignments a JOIN proposals p ON p.id = a.proposal_id"
      " JOIN committees c ON c.id = p.committee_id JOIN units un ON un.id = a.unit_id"
      " WHERE a.status <> 'withdrawn' AND a.role <> 'co' AND p.status IN "
      "('assigned','handling','rehandling')"
      " AND a.reply_status IN ('none','draft','returned') AND a.deadline_at < ? ORDER BY a.id "
      "LIMIT 2000",
      "i", now + 91 * (int64_t)86400);
  struct due {
    int64_t aid, unit, pid, deadline;
    const char *title, *path, *unit_name;
  } *due = arena_alloc(ctx->arena, sizeof *due * 2000);
  int n = 0;
  while (db_step(st) == DB_ROW && n < 2000) {
    due[n] = (struct due){db_col_int(st, 0),
                          db_col_int(st, 1),
                          db_col_int(st, 2),
                          db_col_int(st, 4),
                          arena_strdup(ctx->arena, db_col_text(st, 3)),
                          arena_strdup(ctx->arena, db_col_text(st, 5)),
                          arena_strdup(ctx->arena, db_col_text(st, 6))};
    n++;
  }
  db_done(st);
  int sent = 0;
  const char *last_path = NULL;
  int64_t days = 0;
  for (int i = 0; i < n; i++) {
    if (!last_path || strcmp(last_path, due[i].path)) {
      days = setting_value(ctx->db, &proposal_settings, due[i].path, "remind_days");
      last_path = due[i].path;
    }
    if (days <= 0 || due[i].deadline - days * 86400 > now) continue;
    const char *claim = arena_printf(ctx->arena, "{\"assignment\":%lld,\"day\":%lld}",
                                     (long long)due[i].aid, (long long)day);
    if (db_int(ctx->db, 0,
               "SELECT COUNT(*) FROM proposal_events WHERE proposal_id = ? AND action = 'remind' "
               "AND data = ?",
               "it", due[i].pid, claim))
      continue;
    char d[16];
    time_cst_date(due[i].deadline, d);
    bool over = due[i].deadline < now;
    /* each in its own words: the unit what it must do, the office whom it must press */
    const char *title = over ? "提案办理已超期" : "提案办理即将到期";
    const char *body = arena_printf(ctx->arena, "《%s》办理期限%s %s，请抓紧办理答复。",
                                    due[i].title, over ? "已于" : "为", d);
    const char *office_title = over ? "单位逾期未答复" : "单位答复期限将至";
    const char *office_body =
        arena_printf(ctx->arena, "《%s》的承办单位%s办理期限%s %s，尚未答复，请督办。",
                     due[i].title, due[i].unit_name, over ? "已于" : "为", d);
    db_begin(ctx->db);
    struct db_stmt *u =
        db_query(ctx->db,
                 "SELECT id, unit_id IS NULL FROM users WHERE disabled = 0 AND (unit_id = ? OR"
                 " (role = 'proposal_office' AND committee_id IN (SELECT id FROM committees"
                 " WHERE ? LIKE path || '%')))",
                 "it", due[i].unit, due[i].path);
    int64_t ids[32];
    bool office[32];
    int nu = 0;
    while (db_step(u) == DB_ROW && nu < 32) {
      office[nu] = db_col_int(u, 1) != 0;
      ids[nu++] = db_col_int(u, 0);
    }
    db_done(u);
    for (int k = 0; k < nu; k++)
      if (notify_post(ctx->db, ids[k], office[k] ? "proposal_unit_deadline" : "proposal_deadline",
                      office[k] ? office_title : title, office[k] ? office_body : body,
                      arena_printf(ctx->arena, "/proposals/%lld", (long long)due[i].pid)))
        sent++;
    /* the event's data is the claim, written as text so that the lookup above matches it */
    db_exec(ctx->db,
            "INSERT INTO proposal_events (proposal_id, at, action, note, data) VALUES (?, ?, "
            "'remind', ?, ?)",
            "iitt", due[i].pid, now, title, claim);
    db_commit(ctx->db);
  }
  return sent;
}

/* ---- statistics ------------------------------------------------------------------------------ */

struct tally {
  int64_t submitted, filed, replied, overdue, sat, basic, unsat, a, b, c;
};

static void tally_add(struct tally *sum, const struct tally *t) {
  sum->submitted += t->submitted, sum->filed += t->filed, sum->replied += t->replied;
  sum->overdue += t->overdue, sum->sat += t->sat, sum->basic += t->basic, sum->unsat += t->unsat;
  sum->a += t->a, sum->b += t->b, sum->c += t->c;
}

static json_t *tally_json(const struct tally *t) {
  json_t *o = json_pack(
      "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "submitted", (json_int_t)t->submitted, "filed",
      (json_int_t)t->filed, "replied", (json_int_t)t->replied, "overdue", (json_int_t)t->overdue,
      "satisfied", (json_int_t)t->sat, "basically", (json_int_t)t->basic, "unsatisfied",
      (json_int_t)t->unsat, "a", (json_int_t)t->a, "b", (json_int_t)t->b, "c", (json_int_t)t->c);
  int64_t rated = t->sat + t->basic + t->unsat;
  json_object_set_new(o, "filing_rate",
                      t->submitted ? json_real((double)t->filed / (double)t->submitted)
                                   : json_null());
  json_object_set_new(o, "reply_rate",
                      t->filed ? json_real((double)t->replied / (double)t->filed) : json_null());
  json_object_set_new(o, "satisfaction_rate",
                      rated ? json_real((double)(t->sat + t->basic) / (double)rated) : json_null());
  return o;
}

/* The evaluation of a proposal's current reply is its lead proposer's rating (the first
** signer's; co-signers' ratings are recorded but decide nothing). */
#define LEAD_RATING                                                                                \
  " JOIN proposal_signers sg ON sg.proposal_id = r.proposal_id AND sg.member_id = r.member_id"     \
  " AND sg.role = 'first' WHERE r.proposal_id = p.id AND r.round = p.round"

/* The per-proposal figures of the selection, grouped by the SQL expression key (a name). */
static json_t *grouped(struct entity_ctx *ctx, const char *key_sql, const char *join,
                       const char *where, const char *path, int64_t session, int year,
                       struct tally *total) {
  int64_t now = time_now();
  const char *sql = arena_printf(
      ctx->arena,
      "SELECT %s AS k,"
      /* submitted: also co-signing past its deadline (proposal_effective_state) */
      " SUM(CASE WHEN p.status NOT IN ('draft','cosigning') OR (p.status = 'cosigning'"
      " AND p.cosign_deadline < ?) THEN 1"
      " ELSE 0 END),"
      " SUM(CASE WHEN p.status IN ('filed','assigned','handling','replied','rehandling','closed') "
      "THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN p.status IN ('replied','closed') THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN p.status IN ('assigned','handling','rehandling') AND p.deadline_at < ? THEN "
      "1 ELSE 0 END),"
      " SUM((SELECT COUNT(*) FROM proposal_ratings r" LEAD_RATING " AND r.rating = 'satisfied')),"
      " SUM((SELECT COUNT(*) FROM proposal_ratings r" LEAD_RATING " AND r.rating = 'basically')),"
      " SUM((SELECT COUNT(*) FROM proposal_ratings r" LEAD_RATING " AND r.rating = 'unsatisfied')),"
      " SUM((SELECT COUNT(*) FROM proposal_assignments a WHERE a.proposal_id = p.id AND "
      "a.reply_status = 'approved' AND a.reply_category = 'A')),"
      " SUM((SELECT COUNT(*) FROM proposal_assignments a WHERE a.proposal_id = p.id AND "
      "a.reply_status = 'approved' AND a.reply_category = 'B')),"
      " SUM((SELECT COUNT(*) FROM proposal_assignments a WHERE a.proposal_id = p.id AND "
      "a.reply_status = 'approved' AND a.reply_category = 'C'))"
      " FROM proposals p JOIN committees c ON c.id = p.committee_id"
      " LEFT JOIN proposal_sessions ps ON ps.id = p.session_id %s"
      " WHERE c.path >= ? AND c.path < ? AND (? = 0 OR p.session_id = ?) AND (? = 0 OR ps.year = "
      "?) %s"
      " GROUP BY 1 ORDER BY 2 DESC, 1",
      key_sql, join, where);
  json_t *items = json_array();
  struct db_stmt *st = db_query(ctx->db, sql, "iittiiii", now, now, path, entity_path_hi(ctx, path),
                                session, session, (int64_t)year, (int64_t)year);
  while (db_step(st) == DB_ROW) {
    struct tally t = {db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3), db_col_int(st, 4),
                      db_col_int(st, 5), db_col_int(st, 6), db_col_int(st, 7), db_col_int(st, 8),
                      db_col_int(st, 9), db_col_int(st, 10)};
    if (total) tally_add(total, &t);
    json_t *o = tally_json(&t);
    json_object_set_new(o, "name", json_string(db_col_null(st, 0) ? "" : db_col_text(st, 0)));
    json_array_append_new(items, o);
  }
  db_done(st);
  return items;
}

json_t *proposal_stats(struct entity_ctx *ctx, int64_t committee_id, int64_t session_id, int year) {
  if (ctx->user && (ctx->user->role == ROLE_MEMBER || ctx->user->role == ROLE_HANDLING_UNIT)) {
    entity_forbidden(ctx, "提案统计仅供工作人员查看", "The statistics are for staff");
    return NULL;
  }
  const char *path = subtree(ctx, committee_id);
  if (!path) return NULL;
  struct tally total = {0};
  json_t *by_category = grouped(ctx, "p.category", "", "", path, session_id, year, &total);
  json_t *by_sector = grouped(
      ctx,
      "CASE WHEN p.kind = 'collective' THEN '集体提案' ELSE COALESCE(sec.name, '未分界别') END",
      "LEFT JOIN members m ON m.id = p.proposer_id LEFT JOIN sectors sec ON sec.id = m.sector_id",
      "", path, session_id, year, NULL);
  json_t *by_unit =
      grouped(ctx, "u.name",
              "JOIN proposal_assignments pa ON pa.proposal_id = p.id AND pa.status <> 'withdrawn'"
              " JOIN units u ON u.id = pa.unit_id",
              "", path, session_id, year, NULL);
  json_t *by_status = json_object();
  struct db_stmt *st = db_query(
      ctx->db,
      /* by the effective state (proposal_effective_state) */
      "SELECT CASE WHEN p.status = 'cosigning' AND p.cosign_deadline < ? THEN 'submitted'"
      " ELSE p.status END, COUNT(*) FROM proposals p JOIN committees c ON c.id = p.committee_id"
      " LEFT JOIN proposal_sessions ps ON ps.id = p.session_id"
      " WHERE c.path >= ? AND c.path < ? AND (? = 0 OR p.session_id = ?) AND (? = 0 OR ps.year = ?)"
      " GROUP BY 1",
      "ittiiii", time_now(), path, entity_path_hi(ctx, path), session_id, session_id, (int64_t)year,
      (int64_t)year);
  while (db_step(st) == DB_ROW)
    json_object_set_new(by_status, db_col_text(st, 0), json_integer(db_col_int(st, 1)));
  db_done(st);
  json_t *o = tally_json(&total);
  json_object_set_new(o, "by_status", by_status);
  json_object_set_new(o, "by_category", by_category);
  json_object_set_new(o, "by_sector", by_sector);
  json_object_set_new(o, "by_unit", by_unit);
  json_object_set_new(
      o, "key",
      json_integer(
          db_int(ctx->db, 0,
                 "SELECT COUNT(*) FROM proposals p JOIN committees c ON c.id = p.committee_id"
                 " LEFT JOIN proposal_sessions ps ON ps.id = p.session_id"
                 " WHERE c.path >= ? AND c.path < ? AND p.is_key = 1"
                 " AND (? = 0 OR p.session_id = ?) AND (? = 0 OR ps.year = ?)",
                 "ttiiii", path, entity_path_hi(ctx, path), session_id, session_id, (int64_t)year,
                 (int64_t)year)));
  return o;
}

/* ---- scheduled tasks ------------------------------------------------------------------------- */

static void tick(struct db *db) {
  struct arena a;
  arena_init(&a);
  struct entity_ctx ctx = {.db = db, .arena = &a, .ip = "schedule"};
  int closed = proposal_close_due_cosigning(&ctx, time_now());
  int sent = proposal_remind_deadlines(&ctx, time_now());
  if (closed || sent) log_info("提案：%d 件联名征集到期结束，%d 条办理期限提醒", closed, sent);
  json_decref(ctx.err.errors);
  arena_free(&a);
}

/* The scheduled task (co-signing deadlines, deadline reminders), for main.c's module table. */
const struct job_schedule proposal_schedules[] = {
    {"proposals", 600, tick},
    {NULL},
};
