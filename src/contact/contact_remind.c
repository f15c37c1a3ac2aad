/* src/contact/contact_remind.c: reminders to the members falling short of their quotas before a
** quarter ends (及时提醒), as notifications in the app.
**
** Who falls short is contact_compliance.c's rule: a member not on track — the quarter's own
** minimum of activities not met, or the people reached behind the year's minimum pro-rated to
** the quarter's end (20 of 40 by the end of June). A member on track is not reminded mid-year
** that the year's 40 are not reached yet; the message says which of the two falls short, with
** the year's minimum and the expectation by the quarter's end.
**
** Staff send them for a committee subtree and a quarter (the "compliance_remind" job); the
** worker of every server also checks every 10 minutes whether a committee has entered its
** reminder window (contact.remind_days before the quarter ends, 14 by default) and queues one
** job for the committees that have, once per committee and quarter (the row of
** compliance_reminder_runs is the claim, so with several nodes one queues it). A member with
** no account is counted, not reminded; a member reminded for the quarter already is skipped —
** by an automatic run at all, by staff within a day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "contact.h"
#include "contact_int.h"
#include "db/db.h"
#include "job/job.h"
#include "notify/notify.h"

#define STAFF_RESEND_SECONDS 86400

struct tally {
  int64_t short_, notified, already, without_account;
};

/* Reminds one member (item of the compliance list); counts what happened. */
static void remind(struct job_ctx *j, json_t *item, int year, int quarter, bool automatic,
                   struct tally *t) {
  int64_t mid = json_integer_value(json_object_get(item, "member_id")), now = time_now();
  t->short_++;
  struct db_stmt *st = db_query(j->db,
                                "SELECT sent_at FROM compliance_reminders"
                                " WHERE member_id = ? AND year = ? AND quarter = ?",
                                "iii", mid, (int64_t)year, (int64_t)quarter);
  bool sent = db_step(st) == DB_ROW;
  int64_t at = sent ? db_col_int(st, 0) : 0;
  db_done(st);
  if (sent && (automatic || now - at < STAFF_RESEND_SECONDS)) {
    t->already++;
    return;
  }
  int64_t users[8];
  int nu = 0;
  st = db_query(j->db,
                "SELECT id FROM users WHERE member_id = ? AND disabled = 0 ORDER BY id LIMIT 8",
                "i", mid);
  while (db_step(st) == DB_ROW) users[nu++] = db_col_int(st, 0);
  db_done(st);
  if (!nu) {
    t->without_account++;
    return;
  }
  char end[16], body[768];
  time_cst_date(time_quarter_start(year, quarter + 1) - 1, end);
  bool qshort = !json_is_true(json_object_get(item, "quarter_met")),
       behind = json_is_true(json_object_get(item, "year_behind"));
  int len = 0;
  if (qshort)
    len +=
        snprintf(body + len, sizeof body - (size_t)len,
                 "%d年第%d季度（截至%s）您参加履职活动 %lld 次，每季度要求至少 %lld 次。", year,
                 quarter, end, (long long)json_integer_value(json_object_get(item, "activities")),
                 (long long)json_integer_value(json_object_get(item, "quarter_min")));
  if (behind)
    len +=
        snprintf(body + len, sizeof body - (size_t)len,
                 "%d年您已联系群众 %lld 人次，按全年不少于 %lld 人次的进度，到%s应达 %lld 人次。",
                 year, (long long)json_integer_value(json_object_get(item, "people_reached")),
                 (long long)json_integer_value(json_object_get(item, "year_min")), end,
                 (long long)json_integer_value(json_object_get(item, "year_expected")));
  snprintf(body + len, sizeof body - (size_t)len, "请及时参加活动并在“记录联系”中登记。");
  if (db_exec(j->db,
              sent ? "UPDATE compliance_reminders SET sent_at = ? WHERE member_id = ? AND year = ? "
                     "AND quarter = ?"
                   : "INSERT INTO compliance_reminders (sent_at, member_id, year, quarter) VALUES "
                     "(?, ?, ?, ?)",
              "iiii", now, mid, (int64_t)year, (int64_t)quarter) != DB_DONE)
    return;
  for (int i = 0; i < nu; i++)
    notify_post(j->db, users[i], "compliance_reminder",
                qshort ? "履职提醒：本季度履职要求尚未完成" : "履职提醒：联系群众进度落后", body,
                "/m/compliance");
  t->notified++;
}

/* Reminds the members of the subtree of committee cid falling short (own: only those of cid
** itself). Returns false with j->error. */
static bool remind_subtree(struct job_ctx *j, struct entity_ctx *ctx, int64_t cid, bool own,
                           int year, int quarter, bool automatic, struct tally *t) {
  struct contact_compliance_query q = {
      .committee_id = cid, .year = year, .quarter = quarter, .limit = 500, .short_only = true};
  struct arena *job_arena = ctx->arena;
  for (;;) {
    struct arena page_arena;
    arena_init(&page_arena);
    ctx->arena = &page_arena; /* cppcheck-suppress autoVariables ; restored before return */
    json_t *page = contact_compliance(ctx, &q);
    if (!page) {
      j->error = arena_strdup(job_arena, ctx->err.zh ? ctx->err.zh : "读取履职要求完成情况失败");
      ctx->arena = job_arena;
      arena_free(&page_arena);
      return false;
    }
    db_begin(j->db);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(page, "items"), i, it) {
      if (own && json_integer_value(json_object_get(it, "committee_id")) != cid) continue;
      remind(j, it, year, quarter, automatic, t);
    }
    db_commit(j->db);
    json_t *next = json_object_get(page, "next_cursor");
    bool more = next && !json_is_null(next);
    int64_t total = json_integer_value(json_object_get(page, "total"));
    if (more) q.after_id = strtoll(json_string_value(next), NULL, 10);
    int64_t done =
        more ? db_int(j->db, 0,
                      "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                      " WHERE c.path >= ? AND c.path < ? AND m.status = 'active' AND m.id <= ?",
                      "tti", committee_path_of(ctx, cid),
                      entity_path_hi(ctx, committee_path_of(ctx, cid)), q.after_id)
             : total;
    job_progress(j, done, total, "发送履职提醒");
    json_decref(page);
    ctx->arena = job_arena;
    arena_free(&page_arena);
    if (!more) return true;
  }
}

/* The job: params {"committee_id"} (a subtree) or {"committee_ids": [...]} (each committee's
** own members: the automatic run), "year", "quarter", "auto". Result {short, notified, already,
** without_account}. */
static bool remind_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  if (j->user_id && !ctx.user) {
    j->error = "提交任务的账号已停用";
    return false;
  }
  int year = (int)json_integer_value(json_object_get(j->params, "year"));
  int quarter = (int)json_integer_value(json_object_get(j->params, "quarter"));
  bool automatic = json_is_true(json_object_get(j->params, "auto"));
  struct tally t = {0};
  json_t *ids = json_object_get(j->params, "committee_ids"), *x;
  size_t i;
  bool ok = true;
  if (ids) {
    json_array_foreach(ids, i, x) {
      if (ok)
        ok = remind_subtree(j, &ctx, json_integer_value(x), true, year, quarter, automatic, &t);
    }
  } else {
    ok = remind_subtree(j, &ctx, json_integer_value(json_object_get(j->params, "committee_id")),
                        false, year, quarter, automatic, &t);
  }
  if (!ok) return false;
  json_t *res = json_pack("{s:I,s:I,s:I,s:I}", "short", (json_int_t)t.short_, "notified",
                          (json_int_t)t.notified, "already", (json_int_t)t.already,
                          "without_account", (json_int_t)t.without_account);
  job_set_result_json(j, res);
  json_decref(res);
  log_info("履职提醒：%lld 人未达标，%lld 人已提醒", (long long)t.short_, (long long)t.notified);
  return true;
}

int64_t contact_remind_due(struct db *db, int64_t now) {
  int year, quarter;
  time_cst_quarter(now, &year, &quarter);
  int64_t qend = time_quarter_start(year, quarter + 1);
  struct committee {
    int64_t id;
    char path[128];
  } *cs = NULL;
  size_t n = 0, cap = 0;
  struct db_stmt *st =
      db_query(db,
               "SELECT c.id, c.path FROM committees c WHERE NOT EXISTS"
               " (SELECT 1 FROM compliance_reminder_runs r WHERE r.committee_id = c.id"
               " AND r.year = ? AND r.quarter = ?) ORDER BY c.id",
               "ii", (int64_t)year, (int64_t)quarter);
  while (db_step(st) == DB_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      cs = mem_realloc(cs, cap * sizeof *cs);
    }
    cs[n].id = db_col_int(st, 0);
    snprintf(cs[n].path, sizeof cs[n].path, "%s", db_col_text(st, 1));
    n++;
  }
  db_done(st);
  json_t *due = json_array();
  for (size_t i = 0; i < n; i++) {
    struct contact_settings s;
    contact_settings_at(db, cs[i].path, &s);
    int64_t days = s.value[CONTACT_REMIND_DAYS];
    if (days > 0 && now >= qend - days * 86400 && now < qend)
      json_array_append_new(due, json_integer(cs[i].id));
  }
  free(cs);
  int64_t job = 0;
  if (json_array_size(due)) {
    db_begin(db);
    json_t *claimed = json_array(), *x;
    size_t i;
    json_array_foreach(due, i, x) {
      if (db_exec(db,
                  "INSERT INTO compliance_reminder_runs (committee_id, year, quarter, at) VALUES "
                  "(?, ?, ?, ?)"
                  " ON CONFLICT DO NOTHING",
                  "iiii", (int64_t)json_integer_value(x), (int64_t)year, (int64_t)quarter,
                  now) == DB_DONE &&
          db_changes(db) == 1)
        json_array_append(claimed, x);
    }
    if (json_array_size(claimed)) {
      json_t *params = json_pack("{s:O,s:i,s:i,s:b}", "committee_ids", claimed, "year", year,
                                 "quarter", quarter, "auto", 1);
      job = job_enqueue(db, "compliance_remind", params, NULL, 0, 0, 0);
      json_decref(params);
      if (job)
        db_exec(db,
                "UPDATE compliance_reminder_runs SET job_id = ? WHERE year = ? AND quarter = ? AND "
                "job_id IS NULL",
                "iii", job, (int64_t)year, (int64_t)quarter);
    }
    if (job)
      db_commit(db);
    else
      db_rollback(db);
    json_decref(claimed);
  }
  json_decref(due);
  return job;
}

static void remind_tick(struct db *db) {
  int64_t job = contact_remind_due(db, time_now());
  if (job) log_info("已排队自动履职提醒任务 %lld", (long long)job);
}

/* The reminder job and its 10-minute check, and the roll-up's export (read with contact.read),
** for main.c's module table. */
const struct job_kind contact_job_kinds[] = {
    {"compliance_remind", "履职提醒", remind_job},
    {"rollup_export", "联系群众统计导出", contact_rollup_job, PERM_STATS_READ},
    {NULL},
};
const struct job_schedule contact_schedules[] = {
    {"compliance_remind", 600, remind_tick},
    {NULL},
};
