/* src/proposal/proposal_act.c: the actions of a proposal's life. proposal_act() checks the
** state machine (proposal_flow.c) and who may act, then does the action in one transaction
** with its timeline event, an audit entry (the record before and after) and the notifications
** of the people concerned: proposers, co-signers, the handling units' accounts, the office.
**
** Who: the author (the first proposer's member account, or the account that entered it)
** submits and withdraws; an invited co-signer confirms; the proposal office (proposal.review,
** in scope) reviews, assigns, checks replies, decides extensions, records consultations and
** marks key and good proposals; a handling unit (proposal.handle) acts on its own assignment:
** accept or object (within the objection window), views (co-handling), the reply (the lead, or
** each unit of a split), countersigning (co-handling), extensions; the first proposer and the
** co-signers who confirmed rate the reply.
**
** The evaluation of a reply (办理结果评价): every confirmed signer may rate each round once, and
** every rating is kept with who gave it; the lead proposer's (the first proposer, 领衔人) decides.
** The lead's 不满意 sends the proposal back to its units (rehandling, a new round) at once; the
** lead's 满意 or 基本满意 closes it — at once, or, when the committee's proposal.rate_all is 1,
** once every confirmed signer has rated the round. A co-signer's rating decides nothing: given
** while the reply awaits ratings, or after the lead's rating closed the round, it is recorded. */
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "auth/secret.h"
#include "base/phone.h"
#include "file/file.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "notify/notify.h"
#include "points/points.h"
#include "entity/flow.h"
#include "entity/input.h"
#include "proposal_int.h"
#include "report/report.h"

/* The caller's assignment on a proposal. */
struct asg {
  int64_t id, unit_id, respond_by, deadline_at;
  const char *role, *status, *reply_status;
  bool countersigned;
};

static bool reviewer(struct entity_ctx *ctx, const struct proposal_row *p) {
  const struct user *u = ctx->user;
  return !u || (access_role_has(u->role, PERM_PROPOSAL_REVIEW) && access_in_scope(u, p->path));
}

/* The caller's live assignment (not withdrawn) in this round, if it is a handling unit. */
static bool unit_assignment(struct entity_ctx *ctx, const struct proposal_row *p, struct asg *a) {
  const struct user *u = ctx->user;
  memset(a, 0, sizeof *a);
  if (!u || !u->unit_id || !access_role_has(u->role, PERM_PROPOSAL_HANDLE)) return false;
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT id, unit_id, respond_by, deadline_at, role, status, reply_status,"
               " countersigned_at IS NOT NULL FROM proposal_assignments"
               " WHERE proposal_id = ? AND unit_id = ? AND status <> 'withdrawn' ORDER BY id DESC",
               "ii", p->id, u->unit_id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    a->id = db_col_int(st, 0);
    a->unit_id = db_col_int(st, 1);
    a->respond_by = db_col_int(st, 2);
    a->deadline_at = db_col_int(st, 3);
    a->role = arena_strdup(ctx->arena, db_col_text(st, 4));
    a->status = arena_strdup(ctx->arena, db_col_text(st, 5));
    a->reply_status = arena_strdup(ctx->arena, db_col_text(st, 6));
    a->countersigned = db_col_int(st, 7) != 0;
  }
  db_done(st);
  return found;
}

/* The status of the caller's member among the signers ("invited", "confirmed"...), or NULL. */
static const char *signer_status(struct entity_ctx *ctx, const struct proposal_row *p) {
  if (!ctx->user || !ctx->user->member_id) return NULL;
  struct db_stmt *st = db_query(
      ctx->db, "SELECT status FROM proposal_signers WHERE proposal_id = ? AND member_id = ?", "ii",
      p->id, ctx->user->member_id);
  const char *s = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : NULL;
  db_done(st);
  return s;
}

/* The caller's role among the signers ("first", "cosigner"), or NULL. */
static const char *signer_role(struct entity_ctx *ctx, const struct proposal_row *p) {
  if (!ctx->user || !ctx->user->member_id) return NULL;
  struct db_stmt *st =
      db_query(ctx->db, "SELECT role FROM proposal_signers WHERE proposal_id = ? AND member_id = ?",
               "ii", p->id, ctx->user->member_id);
  const char *s = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : NULL;
  db_done(st);
  return s;
}

/* The lead proposer's (the first signer's) rating of the current round, or NULL. */
static const char *lead_rating(struct entity_ctx *ctx, const struct proposal_row *p) {
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT r.rating FROM proposal_ratings r JOIN proposal_signers sg ON sg.proposal_id ="
      " r.proposal_id AND sg.member_id = r.member_id AND sg.role = 'first'"
      " WHERE r.proposal_id = ? AND r.round = ?",
      "ii", p->id, p->round);
  const char *s = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : NULL;
  db_done(st);
  return s;
}

/* The confirmed signers who have not rated the current round: their count, and when out is
** not NULL, each as {member_id, name} appended to it. */
static int64_t unrated_signers(struct entity_ctx *ctx, const struct proposal_row *p, json_t *out) {
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT s.member_id, m.name FROM proposal_signers s JOIN members m ON m.id ="
               " s.member_id WHERE s.proposal_id = ? AND s.status = 'confirmed' AND NOT EXISTS"
               " (SELECT 1 FROM proposal_ratings r WHERE r.proposal_id = s.proposal_id"
               " AND r.member_id = s.member_id AND r.round = ?)"
               " ORDER BY s.role = 'first' DESC, s.invited_at, s.member_id",
               "ii", p->id, p->round);
  int64_t n = 0;
  while (db_step(st) == DB_ROW) {
    n++;
    if (out)
      json_array_append_new(out, json_pack("{s:I,s:s}", "member_id", (json_int_t)db_col_int(st, 0),
                                           "name", db_col_text(st, 1)));
  }
  db_done(st);
  return n;
}

/* Whether the committee asks every signer to rate before the evaluation is final. */
static bool rate_all(struct entity_ctx *ctx, const struct proposal_row *p) {
  return setting_value(ctx->db, &proposal_settings, p->path, "rate_all") != 0;
}

json_t *proposal_evaluation_json(struct entity_ctx *ctx, int64_t id) {
  struct proposal_row p;
  if (!proposal_load(ctx, id, &p)) {
    memset(&ctx->err, 0, sizeof ctx->err);
    return json_null();
  }
  const char *lead = lead_rating(ctx, &p);
  json_t *pending = json_array();
  unrated_signers(ctx, &p, pending);
  bool all = rate_all(ctx, &p);
  const char *status = NULL;
  if (p.state == PS_REPLIED)
    status = !lead ? "awaiting_lead" : "awaiting_signers";
  else if (p.state == PS_CLOSED)
    status = lead ? "final" : "unrated";
  json_t *o = json_pack("{s:I,s:b,s:o,s:o}", "round", (json_int_t)p.round, "require_all", all,
                        "lead_rating", lead ? json_string(lead) : json_null(), "pending", pending);
  json_object_set_new(o, "status", status ? json_string(status) : json_null());
  return o;
}

/* Whether the caller may take action a now (the state is checked apart). With report, sets
** ctx->err (403, or 409 for a step out of order) when not. */
static bool may(struct entity_ctx *ctx, const struct proposal_row *p, enum proposal_action a,
                struct asg *as, bool report) {
  const char *zh = "您不能对该提案执行此操作", *en = "You may not do this to the proposal";
  enum err kind = ERR_FORBIDDEN;
  bool ok = false;
  switch (a) {
  case PA_SUBMIT:
  case PA_WITHDRAW:
    ok = (!ctx->user || access_role_has(ctx->user->role, PERM_PROPOSAL_SUBMIT)) &&
         proposal_is_author(ctx, p);
    if (!ok) zh = "只有提案人可以提交或撤回提案", en = "Only the proposer submits or withdraws";
    break;
  case PA_COSIGN: {
    const char *s = signer_status(ctx, p);
    ok = s && !strcmp(s, "invited");
    if (!ok)
      zh = "您不是该提案待确认的联名人", en = "You are not an invited co-signer of this proposal";
    break;
  }
  case PA_RATE: {
    /* each confirmed signer once a round; on a closed proposal only a co-signer who has not
    ** rated, after the lead's rating closed the round (the office's close ends the rating) */
    const char *s = signer_status(ctx, p);
    bool signer = s && !strcmp(s, "confirmed");
    bool rated = signer && db_int(ctx->db, 0,
                                  "SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ? AND "
                                  "member_id = ? AND round = ?",
                                  "iii", p->id, ctx->user->member_id, p->round) > 0;
    ok = signer && !rated;
    if (ok && p->state == PS_CLOSED &&
        (!strcmp(signer_role(ctx, p), "first") || !lead_rating(ctx, p))) {
      ok = false;
      kind = ERR_WRONG_STATE;
      zh = "本轮评价已结束", en = "The rating of this reply is over";
    } else if (rated) {
      kind = ERR_CONFLICT;
      zh = "您已评价过本轮答复", en = "You have rated this reply already";
    } else if (!ok)
      zh = "只有提案人和确认联名的委员可以评价答复", en = "Only the proposers rate the reply";
    break;
  }
  case PA_ACCEPT:
  case PA_OBJECT:
    ok = unit_assignment(ctx, p, as) && !strcmp(as->status, "assigned");
    if (!ok && as->id) {
      kind = ERR_WRONG_STATE;
      zh = "本单位已签收或提出异议", en = "Your unit has accepted or objected already";
    } else if (!ok)
      zh = "该提案未交由本单位办理", en = "The proposal is not assigned to your unit";
    break;
  case PA_VIEW:
  case PA_COUNTERSIGN:
    ok = unit_assignment(ctx, p, as) && !strcmp(as->role, "co") && !strcmp(as->status, "accepted");
    if (!ok)
      zh = "只有已签收的会办单位可以提出会办意见或会签", en = "Only an accepting co-handling unit";
    break;
  case PA_REPLY:
    ok = unit_assignment(ctx, p, as) && strcmp(as->role, "co") && !strcmp(as->status, "accepted");
    if (!ok)
      zh = "只有已签收的主办或分办单位可以答复",
      en = "Only an accepting lead or split unit replies";
    break;
  case PA_COMMUNICATE:
    ok = unit_assignment(ctx, p, as) && !strcmp(as->status, "accepted");
    if (!ok)
      zh = "只有已签收的承办单位可以记录办前沟通",
      en = "Only an accepting unit records its communication";
    break;
  case PA_EXTEND:
    ok = unit_assignment(ctx, p, as) && strcmp(as->role, "co");
    if (!ok)
      zh = "只有主办或分办单位可以申请延期", en = "Only a lead or split unit asks for more time";
    break;
  default:
    ok = reviewer(ctx, p);
    if (!ok)
      zh = "只有提案委员会（提案办）可以执行此操作", en = "Only the proposal office may do this";
  }
  if (!ok && report) entity_fail(ctx, kind, NULL, zh, en);
  return ok;
}

/* Whether action a has something to act on now, beyond the state and the caller (the actions
** list offers only these; the steps themselves refuse with their own codes). */
static bool ready(struct entity_ctx *ctx, const struct proposal_row *p, enum proposal_action a,
                  const struct asg *as) {
  switch (a) {
  case PA_ASSIGN:
    return p->state == PS_FILED || db_int(ctx->db, 0,
                                          "SELECT COUNT(*) FROM proposal_assignments WHERE "
                                          "proposal_id = ? AND status = 'objected'",
                                          "i", p->id) > 0;
  case PA_REPLY:
    return strcmp(as->reply_status, "submitted") && strcmp(as->reply_status, "approved");
  case PA_COUNTERSIGN:
    return !as->countersigned &&
           db_int(
               ctx->db, 0,
               "SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ? AND role = 'lead'"
               " AND status <> 'withdrawn' AND reply_status = 'submitted'",
               "i", p->id) > 0;
  case PA_APPROVE_REPLY:
  case PA_RETURN_REPLY:
    return db_int(ctx->db, 0,
                  "SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ? AND status <> "
                  "'withdrawn'"
                  " AND reply_status = 'submitted'",
                  "i", p->id) > 0;
  case PA_DECIDE_EXTENSION:
    return db_int(ctx->db, 0,
                  "SELECT COUNT(*) FROM proposal_extensions e JOIN proposal_assignments a ON a.id "
                  "= e.assignment_id"
                  " WHERE a.proposal_id = ? AND e.status = 'pending'",
                  "i", p->id) > 0;
  case PA_EXTEND:
    return db_int(ctx->db, 0,
                  "SELECT COUNT(*) FROM proposal_extensions WHERE assignment_id = ? AND status = "
                  "'pending'",
                  "i", as->id) == 0;
  case PA_CONVERT:
    return db_int(ctx->db, 0,
                  "SELECT COUNT(*) FROM proposals WHERE id = ? AND converted_to IS NULL", "i",
                  p->id) > 0;
  default:
    return true;
  }
}

/* The flow as a read sees it: a proposal whose co-signing deadline has passed is submitted
** (proposal_effective_state), also before the scheduled task has closed it. */
static bool load_effective(struct entity_ctx *ctx, int64_t id, void *p) {
  struct proposal_row *r = p;
  if (!proposal_load(ctx, id, r)) return false;
  r->state = proposal_effective_state(r->state, r->cosign_deadline, time_now());
  return true;
}

json_t *proposal_actions_for(struct entity_ctx *ctx, int64_t id) {
  struct flow f = proposal_flow;
  f.load = load_effective;
  return flow_actions(ctx, &f, id);
}

/* ---- notifications
 * -------------------------------------------------------------------------------- */

/* The app path of a proposal for an account: members read it on the phone pages. */
/* The proposal's page in the console (member accounts get the phone's). */
static const char *link_of(struct entity_ctx *ctx, const struct proposal_row *p) {
  return arena_printf(ctx->arena, "/proposals/%lld", (long long)p->id);
}

/* The id of the account taking the step: never told of its own step (notify_others). */
static int64_t actor(const struct entity_ctx *ctx) { return ctx->user ? ctx->user->id : 0; }

static void notify_proposers(struct entity_ctx *ctx, const struct proposal_row *p, const char *kind,
                             const char *title, const char *body, bool confirmed_only) {
  notify_others(
      ctx->db,
      db_query(
          ctx->db,
          "SELECT DISTINCT u.id, u.role = 'member' FROM users u WHERE u.disabled = 0 AND (u.id = ?"
          " OR u.member_id IN (SELECT member_id FROM proposal_signers WHERE proposal_id = ?"
          " AND (? = 0 OR status = 'confirmed')))",
          "iii", p->created_by, p->id, (int64_t)confirmed_only),
      actor(ctx), kind, title, body, link_of(ctx, p));
}

static void notify_unit(struct entity_ctx *ctx, const struct proposal_row *p, int64_t unit_id,
                        const char *kind, const char *title, const char *body) {
  notify_others(
      ctx->db,
      db_query(ctx->db, "SELECT id FROM users WHERE unit_id = ? AND disabled = 0", "i", unit_id),
      actor(ctx), kind, title, body, link_of(ctx, p));
}

/* The proposal office accounts whose scope covers the proposal. */
static void notify_office(struct entity_ctx *ctx, const struct proposal_row *p, const char *kind,
                          const char *title, const char *body) {
  notify_others(
      ctx->db,
      db_query(ctx->db,
               "SELECT u.id FROM users u JOIN committees c ON c.id = u.committee_id"
               " WHERE u.role = 'proposal_office' AND u.disabled = 0 AND ? LIKE c.path || '%'",
               "t", p->path),
      actor(ctx), kind, title, body, link_of(ctx, p));
}

/* ---- the steps
 * ------------------------------------------------------------------------------------ */

/* The proposal a step acts on, and the caller's assignment may() found. */
static struct proposal_row *row(const struct flow_step *s) { return s->row; }
static struct asg *asg(const struct flow_step *s) { return s->scratch; }

static int64_t setting(struct flow_step *s, const char *name) {
  return setting_value(s->ctx->db, &proposal_settings, row(s)->path, name);
}

static bool set_status_times(struct flow_step *s, const char *column) {
  char sql[128];
  snprintf(sql, sizeof sql, "UPDATE proposals SET %s = ? WHERE id = ?", column);
  return db_exec(s->ctx->db, sql, "ii", s->now, row(s)->id) == DB_DONE;
}

static bool do_submit(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  int64_t max = setting(s, "body_max");
  if (row(s)->suggestions_empty) {
    entity_fail(ctx, ERR_INVALID_FIELD, "suggestions", "提交前请填写具体建议",
                "Suggestions are required");
    return false;
  }
  if ((int64_t)row(s)->body_length > max) {
    entity_fail(ctx, ERR_INVALID_FIELD, "facts",
                arena_printf(ctx->arena, "正文共 %zu 字，超过 %lld 字的上限", row(s)->body_length,
                             (long long)max),
                arena_printf(ctx->arena, "The body has %zu characters, over the limit of %lld",
                             row(s)->body_length, (long long)max));
    return false;
  }
  /* session or interim: by the committee's session whose window holds today */
  char today[16];
  time_cst_date(s->now, today);
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT id, opens_on <= ? AND closes_on >= ? FROM proposal_sessions"
               " WHERE committee_id = ? AND opens_on <= ? ORDER BY opens_on DESC, id DESC LIMIT 1",
               "ttit", today, today, row(s)->committee_id, today);
  int64_t session = 0;
  bool in_window = false;
  if (db_step(st) == DB_ROW) {
    session = db_col_int(st, 0);
    in_window = db_col_int(st, 1) != 0;
  }
  db_done(st);
  if (db_exec(ctx->db,
              "UPDATE proposals SET session_id = COALESCE(session_id, ?), interim = ?, "
              "submitted_at = ? WHERE id = ?",
              "Iiii", session, (int64_t)!in_window, s->now, row(s)->id) != DB_DONE)
    return false;
  int64_t invited =
      db_int(ctx->db, 0,
             "SELECT COUNT(*) FROM proposal_signers WHERE proposal_id = ? AND role = 'cosigner'"
             " AND status = 'invited'",
             "i", row(s)->id);
  if (!strcmp(row(s)->kind, "joint") && invited > 0) {
    int64_t deadline = s->now + setting(s, "cosign_days") * 86400;
    if (db_exec(ctx->db, "UPDATE proposals SET cosign_deadline = ? WHERE id = ?", "ii", deadline,
                row(s)->id) != DB_DONE)
      return false;
    char d[16];
    time_cst_date(deadline, d);
    /* the invited are members: the phone's page */
    notify_others(
        ctx->db,
        db_query(
            ctx->db,
            "SELECT u.id, 1 FROM users u JOIN proposal_signers sg ON sg.member_id = u.member_id"
            " WHERE sg.proposal_id = ? AND sg.status = 'invited' AND u.disabled = 0",
            "i", row(s)->id),
        actor(ctx), "proposal_cosign", "联名邀请：请确认是否联名",
        arena_printf(ctx->arena, "提案《%s》邀请您联名，请在 %s 前确认。", row(s)->title, d),
        link_of(ctx, row(s)));
    s->to = PS_COSIGNING;
  } else {
    s->to = PS_SUBMITTED;
    notify_office(ctx, row(s), "proposal_submitted", "新提案待审查",
                  arena_printf(ctx->arena, "《%s》", row(s)->title));
  }
  return true;
}

/* Ends co-signing when nobody is left to answer. */
static void cosigning_done(struct flow_step *s) {
  if (db_int(s->ctx->db, 0,
             "SELECT COUNT(*) FROM proposal_signers WHERE proposal_id = ? AND status = 'invited'",
             "i", row(s)->id) == 0) {
    s->to = PS_SUBMITTED;
    notify_office(s->ctx, row(s), "proposal_submitted", "新提案待审查",
                  arena_printf(s->ctx->arena, "《%s》", row(s)->title));
  }
}

static bool do_cosign(struct flow_step *s) {
  static const char *const names[] = {"accept", NULL};
  bool accept;
  if (!input_only(s->ctx, s->in, names) || !input_bool(s->ctx, s->in, "accept", &accept))
    return false;
  if (row(s)->cosign_deadline && s->now > row(s)->cosign_deadline) {
    char d[16];
    time_cst_date(row(s)->cosign_deadline, d);
    entity_fail(s->ctx, ERR_WINDOW_CLOSED, NULL,
                arena_printf(s->ctx->arena, "联名确认已于 %s 截止", d),
                arena_printf(s->ctx->arena, "Co-signing closed on %s", d));
    return false;
  }
  if (db_exec(s->ctx->db,
              "UPDATE proposal_signers SET status = ?, responded_at = ? WHERE proposal_id = ? AND "
              "member_id = ?",
              "tiii", accept ? "confirmed" : "declined", s->now, row(s)->id,
              s->ctx->user->member_id) != DB_DONE)
    return false;
  s->note = accept ? "确认联名" : "谢绝联名";
  cosigning_done(s);
  return true;
}

static bool do_return(struct flow_step *s) {
  static const char *const names[] = {"note", NULL};
  const char *note;
  if (!input_only(s->ctx, s->in, names) ||
      !(note = input_text(s->ctx, s->in, "note", true, 2000, "退回修改意见")))
    return false;
  if (db_exec(s->ctx->db, "UPDATE proposals SET decision_note = ? WHERE id = ?", "ti", note,
              row(s)->id) != DB_DONE)
    return false;
  s->note = note;
  notify_proposers(s->ctx, row(s), "proposal_returned", "提案退回修改",
                   arena_printf(s->ctx->arena, "《%s》：%s", row(s)->title, note), false);
  return true;
}

static bool do_file(struct flow_step *s) {
  static const char *const names[] = {"note", NULL};
  const char *note;
  if (!input_only(s->ctx, s->in, names) ||
      !(note = input_text(s->ctx, s->in, "note", false, 2000, "审查意见")))
    return false;
  struct entity_ctx *ctx = s->ctx;
  int64_t session = db_int(ctx->db, 0, "SELECT COALESCE(session_id, 0) FROM proposals WHERE id = ?",
                           "i", row(s)->id);
  if (!session) {
    entity_fail(ctx, ERR_NO_SESSION, "session_id", "该政协尚未设置届次会议，无法编立案号",
                "The committee has no session to number the proposal in");
    return false;
  }
  int64_t serial =
      db_int(ctx->db, 0, "SELECT next_serial FROM proposal_sessions WHERE id = ?", "i", session);
  if (db_exec(ctx->db, "UPDATE proposal_sessions SET next_serial = next_serial + 1 WHERE id = ?",
              "i", session) != DB_DONE ||
      db_exec(ctx->db,
              "UPDATE proposals SET serial = ?, filed_at = ?, decision_note = ? WHERE id = ?",
              "iiti", serial, s->now, note, row(s)->id) != DB_DONE)
    return false;
  s->note = note;
  s->data = json_pack("{s:I}", "serial", (json_int_t)serial);
  notify_proposers(
      s->ctx, row(s), "proposal_filed", "提案已立案",
      arena_printf(ctx->arena, "《%s》已立案，案号第 %lld 号。", row(s)->title, (long long)serial),
      true);
  return true;
}

static bool do_merge(struct flow_step *s) {
  static const char *const names[] = {"into", "note", NULL};
  struct entity_ctx *ctx = s->ctx;
  int64_t into;
  const char *note;
  if (!input_only(ctx, s->in, names) ||
      !input_int(ctx, s->in, "into", 1, INT64_MAX, &into, "并入的提案") ||
      !(note = input_text(ctx, s->in, "note", false, 2000, "说明")))
    return false;
  struct db_stmt *st =
      db_query(ctx->db, "SELECT committee_id, status FROM proposals WHERE id = ?", "i", into);
  bool ok =
      db_step(st) == DB_ROW && db_col_int(st, 0) == row(s)->committee_id && into != row(s)->id;
  const char *state = ok ? arena_strdup(ctx->arena, db_col_text(st, 1)) : "";
  db_done(st);
  int ts = proposal_state_parse(state);
  if (!ok || ts < PS_SUBMITTED || ts == PS_RETURNED || ts == PS_WITHDRAWN || ts == PS_NOT_FILED ||
      ts == PS_MERGED) {
    entity_fail(ctx, ERR_INVALID_FIELD, "into", "只能并入本政协另一件待审查或已立案的提案",
                "Merge into another submitted or filed proposal of the committee");
    return false;
  }
  if (db_exec(ctx->db, "UPDATE proposals SET merged_into = ?, decision_note = ? WHERE id = ?",
              "iti", into, note, row(s)->id) != DB_DONE)
    return false;
  s->note = note;
  s->data = json_pack("{s:I}", "into", (json_int_t)into);
  notify_proposers(ctx, row(s), "proposal_merged", "提案已并案",
                   arena_printf(ctx->arena, "《%s》已与同类提案并案办理。", row(s)->title), true);
  return true;
}

static bool do_reject(struct flow_step *s) {
  static const char *const names[] = {"reason", "note", NULL};
  struct entity_ctx *ctx = s->ctx;
  int64_t reason;
  const char *note;
  if (!input_only(ctx, s->in, names) ||
      !input_int(ctx, s->in, "reason", 1, 10, &reason, "不予立案理由") ||
      !(note = input_text(ctx, s->in, "note", false, 2000, "说明")))
    return false;
  if (db_exec(ctx->db, "UPDATE proposals SET not_filed_reason = ?, decision_note = ? WHERE id = ?",
              "iti", reason, note, row(s)->id) != DB_DONE)
    return false;
  s->note = *note ? note : proposal_reject_reason((int)reason);
  s->data = json_pack("{s:I,s:s}", "reason", (json_int_t)reason, "label",
                      proposal_reject_reason((int)reason));
  notify_proposers(ctx, row(s), "proposal_not_filed", "提案不予立案",
                   arena_printf(ctx->arena, "《%s》不予立案，理由：%s。%s", row(s)->title,
                                proposal_reject_reason((int)reason), note),
                   true);
  return true;
}

static bool do_convert(struct flow_step *s) {
  static const char *const names[] = {"to", "note", "body", NULL};
  struct entity_ctx *ctx = s->ctx;
  const char *to, *note, *body;
  if (!input_only(ctx, s->in, names) || !(to = input_text(ctx, s->in, "to", true, 40, "转为")) ||
      !(note = input_text(ctx, s->in, "note", false, 2000, "说明")) ||
      !(body = input_text(ctx, s->in, "body", false, 0, "正文")))
    return false;
  if (strcmp(to, "report") && strcmp(to, "reference_letter")) {
    entity_fail(ctx, ERR_INVALID_FIELD, "to",
                "只能转为社情民意信息（report）或参考件（reference_letter）",
                "to must be report or reference_letter");
    return false;
  }
  if (*body && strcmp(to, "report")) {
    entity_fail(ctx, ERR_INVALID_FIELD, "body", "只有转为社情民意信息时可以给出正文",
                "body is for a conversion to a report");
    return false;
  }
  if (db_int(ctx->db, 0, "SELECT COUNT(*) FROM proposals WHERE id = ? AND converted_to IS NOT NULL",
             "i", row(s)->id)) {
    entity_fail(ctx, ERR_CONFLICT, "to", "该提案已转办", "It was converted already");
    return false;
  }
  if (db_exec(ctx->db, "UPDATE proposals SET converted_to = ? WHERE id = ?", "ti", to,
              row(s)->id) != DB_DONE)
    return false;
  s->note = note;
  s->data = json_pack("{s:s}", "to", to);
  if (!strcmp(to, "report")) {
    /* the report, submitted for the information office's review, linked both ways */
    int64_t rid = report_from_proposal(ctx, row(s)->id, body);
    if (!rid) return false;
    json_object_set_new(s->data, "report_id", json_integer(rid));
  }
  notify_proposers(ctx, row(s), "proposal_converted",
                   !strcmp(to, "report") ? "提案转为社情民意信息" : "提案转为参考件",
                   arena_printf(ctx->arena, "《%s》", row(s)->title), true);
  return true;
}

/* A unit of the proposal's committee path, or 0 after failing. */
static bool unit_ok(struct flow_step *s, int64_t unit, const char *field) {
  struct db_stmt *st = db_query(
      s->ctx->db,
      "SELECT c.path FROM units u JOIN committees c ON c.id = u.committee_id WHERE u.id = ?", "i",
      unit);
  bool ok = db_step(st) == DB_ROW &&
            !strncmp(row(s)->path, db_col_text(st, 0), strlen(db_col_text(st, 0)));
  db_done(st);
  if (!ok)
    entity_fail(s->ctx, ERR_INVALID_FIELD, field, "承办单位不存在或不属于该政协",
                "No such handling unit of the committee");
  return ok;
}

static bool add_assignment(struct flow_step *s, int64_t unit, const char *role) {
  int64_t deadline = proposal_add_months(s->now, (int)setting(s, "deadline_months"));
  int64_t respond = s->now + setting(s, "objection_days") * 86400;
  if (db_exec(s->ctx->db,
              "INSERT INTO proposal_assignments (proposal_id, unit_id, role, assigned_at, "
              "respond_by, deadline_at, round)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)",
              "iitiiii", row(s)->id, unit, role, s->now, respond, deadline,
              row(s)->round) != DB_DONE)
    return false;
  char d[16];
  time_cst_date(deadline, d);
  notify_unit(s->ctx, row(s), unit, "proposal_assigned", "新交办提案",
              arena_printf(s->ctx->arena, "《%s》交由贵单位%s，请签收，办理期限至 %s。",
                           row(s)->title, label_zh(proposal_unit_roles, role), d));
  return true;
}

static bool do_assign(struct flow_step *s) {
  static const char *const names[] = {"mode", "lead_unit_id", "co_unit_ids", "unit_ids", NULL};
  struct entity_ctx *ctx = s->ctx;
  const char *mode;
  if (!input_only(ctx, s->in, names) ||
      !(mode = input_text(ctx, s->in, "mode", true, 10, "交办方式")))
    return false;
  int64_t units[32];
  const char *roles[32];
  int n = 0;
  if (!strcmp(mode, "lead")) {
    int64_t lead;
    if (!input_int(ctx, s->in, "lead_unit_id", 1, INT64_MAX, &lead, "主办单位") ||
        !unit_ok(s, lead, "lead_unit_id"))
      return false;
    units[n] = lead, roles[n++] = "lead";
    int64_t co[20];
    int nco;
    if (!input_ids(ctx, s->in, "co_unit_ids", 0, 20, co, &nco, "会办单位")) return false;
    for (int i = 0; i < nco; i++) {
      if (!unit_ok(s, co[i], "co_unit_ids")) return false;
      if (co[i] == lead) {
        entity_fail(ctx, ERR_INVALID_FIELD, "co_unit_ids", "主办单位不能同时是会办单位",
                    "The lead unit cannot be a co-handling unit too");
        return false;
      }
      units[n] = co[i], roles[n++] = "co";
    }
  } else if (!strcmp(mode, "split")) {
    int64_t us[20];
    int nus;
    if (!input_ids(ctx, s->in, "unit_ids", 2, 20, us, &nus, "分办单位")) return false;
    for (int i = 0; i < nus; i++) {
      if (!unit_ok(s, us[i], "unit_ids")) return false;
      units[n] = us[i], roles[n++] = "split";
    }
  } else {
    entity_fail(ctx, ERR_INVALID_FIELD, "mode", "交办方式应为 lead（主办+会办）或 split（分办）",
                "mode must be lead or split");
    return false;
  }
  /* again after an objection: the units that keep their role stay, the others are withdrawn */
  if (row(s)->state == PS_ASSIGNED) {
    if (db_int(ctx->db, 0,
               "SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ? AND status = "
               "'objected'",
               "i", row(s)->id) == 0) {
      proposal_wrong_state(ctx, row(s), "已交办且没有单位提出异议，不能重新交办",
                           "Assigned, and no unit objected");
      return false;
    }
    struct db_stmt *st =
        db_query(ctx->db,
                 "SELECT id, unit_id, role, status FROM proposal_assignments WHERE proposal_id = ?"
                 " AND status <> 'withdrawn'",
                 "i", row(s)->id);
    int64_t drop_ids[32];
    int nd = 0;
    bool keep_unit[32] = {false};
    while (db_step(st) == DB_ROW) {
      bool keep = false;
      for (int k = 0; k < n; k++)
        if (units[k] == db_col_int(st, 1) && !strcmp(roles[k], db_col_text(st, 2)) &&
            strcmp(db_col_text(st, 3), "objected")) {
          keep = true, keep_unit[k] = true;
        }
      if (!keep && nd < 32) drop_ids[nd++] = db_col_int(st, 0);
    }
    db_done(st);
    for (int k = 0; k < nd; k++)
      if (db_exec(ctx->db, "UPDATE proposal_assignments SET status = 'withdrawn' WHERE id = ?", "i",
                  drop_ids[k]) != DB_DONE)
        return false;
    for (int k = 0; k < n; k++)
      if (!keep_unit[k] && !add_assignment(s, units[k], roles[k])) return false;
    /* the proposal is due when its last live assignment is */
    if (db_exec(
            ctx->db,
            "UPDATE proposals SET deadline_at = (SELECT MAX(deadline_at) FROM proposal_assignments"
            " WHERE proposal_id = ? AND status <> 'withdrawn') WHERE id = ?",
            "ii", row(s)->id, row(s)->id) != DB_DONE)
      return false;
  } else {
    for (int k = 0; k < n; k++)
      if (!add_assignment(s, units[k], roles[k])) return false;
    int64_t deadline = proposal_add_months(s->now, (int)setting(s, "deadline_months"));
    if (db_exec(ctx->db, "UPDATE proposals SET assigned_at = ?, deadline_at = ? WHERE id = ?",
                "iii", s->now, deadline, row(s)->id) != DB_DONE)
      return false;
  }
  s->to = PS_ASSIGNED;
  json_t *d = json_pack("{s:s,s:[]}", "mode", mode, "units");
  for (int k = 0; k < n; k++)
    json_array_append_new(
        json_object_get(d, "units"),
        json_pack("{s:I,s:s}", "unit_id", (json_int_t)units[k], "role", roles[k]));
  s->data = d;
  return true;
}

static bool do_accept(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  if (db_exec(ctx->db,
              "UPDATE proposal_assignments SET status = 'accepted', accepted_at = ? WHERE id = ?",
              "ii", s->now, asg(s)->id) != DB_DONE)
    return false;
  if (db_int(ctx->db, 1,
             "SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ? AND status IN "
             "('assigned','objected')",
             "i", row(s)->id) == 0)
    s->to = PS_HANDLING;
  s->data = json_pack("{s:I}", "unit_id", (json_int_t)asg(s)->unit_id);
  return true;
}

static bool do_object(struct flow_step *s) {
  static const char *const names[] = {"reason", NULL};
  struct entity_ctx *ctx = s->ctx;
  const char *reason;
  if (!input_only(ctx, s->in, names) ||
      !(reason = input_text(ctx, s->in, "reason", true, 2000, "异议理由")))
    return false;
  if (s->now > asg(s)->respond_by) {
    char d[16];
    time_cst_date(asg(s)->respond_by, d);
    entity_fail(ctx, ERR_WINDOW_CLOSED, NULL, arena_printf(ctx->arena, "异议期已于 %s 结束", d),
                arena_printf(ctx->arena, "The objection window closed on %s", d));
    return false;
  }
  if (db_exec(ctx->db,
              "UPDATE proposal_assignments SET status = 'objected', objection = ?, objected_at = ? "
              "WHERE id = ?",
              "tii", reason, s->now, asg(s)->id) != DB_DONE)
    return false;
  s->note = reason;
  s->data = json_pack("{s:I}", "unit_id", (json_int_t)asg(s)->unit_id);
  notify_office(ctx, row(s), "proposal_objection", "承办单位对交办提出异议",
                arena_printf(ctx->arena, "《%s》：%s", row(s)->title, reason));
  return true;
}

static bool do_view(struct flow_step *s) {
  static const char *const names[] = {"text", NULL};
  const char *text;
  if (!input_only(s->ctx, s->in, names) ||
      !(text = input_text(s->ctx, s->in, "text", true, 5000, "会办意见")))
    return false;
  /* within view_days of the assignment, or of the new round's start when handled again */
  int64_t since = db_int(s->ctx->db, 0, "SELECT assigned_at FROM proposal_assignments WHERE id = ?",
                         "i", asg(s)->id);
  if (row(s)->state == PS_HANDLING && s->now > since + setting(s, "view_days") * 86400) {
    char d[16];
    time_cst_date(since + setting(s, "view_days") * 86400, d);
    entity_fail(s->ctx, ERR_WINDOW_CLOSED, NULL,
                arena_printf(s->ctx->arena, "会办意见期限已于 %s 结束", d),
                arena_printf(s->ctx->arena, "The time for views ended on %s", d));
    return false;
  }
  /* the same views again (a second click) are not news to the lead */
  if (db_int(s->ctx->db, 0,
             "SELECT COUNT(*) FROM proposal_assignments WHERE id = ? AND view_text = ?", "it",
             asg(s)->id, text)) {
    entity_fail(s->ctx, ERR_CONFLICT, "text", "已提交过相同的会办意见",
                "These views were given already");
    return false;
  }
  if (db_exec(s->ctx->db, "UPDATE proposal_assignments SET view_text = ?, view_at = ? WHERE id = ?",
              "tii", text, s->now, asg(s)->id) != DB_DONE)
    return false;
  /* to the lead */
  int64_t lead = db_int(s->ctx->db, 0,
                        "SELECT unit_id FROM proposal_assignments WHERE proposal_id = ? AND role = "
                        "'lead' AND status <> 'withdrawn'",
                        "i", row(s)->id);
  if (lead)
    notify_unit(s->ctx, row(s), lead, "proposal_view", "会办单位已提出会办意见",
                arena_printf(s->ctx->arena, "《%s》", row(s)->title));
  s->data = json_pack("{s:I}", "unit_id", (json_int_t)asg(s)->unit_id);
  return true;
}

/* A reply is the unit's answer letter as offices send it: the category and text, the letter
** itself (答复函, a file the proposal's readers may read), the leader who signed it (签发领导)
** and the contact person with a phone (the proposers' way back to the unit). All are required,
** as the rules of proposal handling require them of every 答复函; the phone is sealed at rest
** and shown whole only to who may read it (proposal.c). */
static bool do_reply(struct flow_step *s) {
  static const char *const names[] = {"category",     "text",          "file_id", "leader",
                                      "contact_name", "contact_phone", NULL};
  struct entity_ctx *ctx = s->ctx;
  const char *cat, *text, *leader, *contact, *phone;
  int64_t file_id;
  if (!input_only(ctx, s->in, names) ||
      !(cat = input_enum(ctx, s->in, "category", proposal_reply_categories, true, "答复类别")) ||
      !(text = input_text(ctx, s->in, "text", true, 20000, "答复内容")) ||
      !input_int(ctx, s->in, "file_id", 1, INT64_MAX, &file_id, "答复函") ||
      !(leader = input_text(ctx, s->in, "leader", true, 40, "签发领导")) ||
      !(contact = input_text(ctx, s->in, "contact_name", true, 40, "联系人")) ||
      !(phone = input_text(ctx, s->in, "contact_phone", true, 20, "联系电话")))
    return false;
  if (!phone_valid(phone)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "contact_phone", "联系电话格式不正确",
                "contact_phone is not a valid phone number");
    return false;
  }
  if (!file_attachable(ctx, file_id, row(s)->path, "file_id")) return false;
  if (!strcmp(asg(s)->reply_status, "submitted") || !strcmp(asg(s)->reply_status, "approved")) {
    entity_fail(ctx, ERR_CONFLICT, NULL, "本单位的答复已提交",
                "Your unit's reply is submitted already");
    return false;
  }
  if (!ctx->secret) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "没有安装密钥，无法保存联系电话",
                "No installation key: the contact phone cannot be sealed");
    return false;
  }
  char mask[PHONE_MAX + 1];
  size_t sealed_len = 0;
  unsigned char *sealed = secret_seal(ctx->secret, ctx->arena, phone, &sealed_len);
  if (db_exec(
          ctx->db,
          "UPDATE proposal_assignments SET reply_status = 'submitted', reply_category = ?, "
          "reply_text = ?, reply_at = ?, reply_file_id = ?, reply_leader = ?, reply_contact = ?,"
          " reply_contact_phone_enc = ?, reply_contact_phone_mask = ? WHERE id = ?",
          "ttiittBti", cat, text, s->now, file_id, leader, contact, sealed, sealed_len,
          phone_mask(phone, mask, sizeof mask), asg(s)->id) != DB_DONE)
    return false;
  /* the co-handlers countersign the lead's reply afresh */
  if (!strcmp(asg(s)->role, "lead"))
    db_exec(ctx->db,
            "UPDATE proposal_assignments SET countersigned_at = NULL WHERE proposal_id = ? AND "
            "role = 'co'",
            "i", row(s)->id);
  s->data = json_pack("{s:I,s:s}", "unit_id", (json_int_t)asg(s)->unit_id, "category", cat);
  notify_office(ctx, row(s), "proposal_reply", "承办单位已提交答复",
                arena_printf(ctx->arena, "《%s》", row(s)->title));
  return true;
}

/* 办前沟通: a unit records its communication with the proposers before it replies (the day,
** the way, what was said), on its assignment; the timeline shows it (data: held_on, way). */
const struct label proposal_communication_ways[] = {
    {"visit", "登门走访", "Visit"},
    {"meeting", "座谈会商", "Meeting"},
    {"phone", "电话沟通", "Phone"},
    {"letter", "书面沟通", "Letter"},
    {"online", "网络沟通", "Online"},
    {"other", "其他方式", "Other"},
    {NULL},
};

static bool do_communicate(struct flow_step *s) {
  static const char *const names[] = {"held_on", "way", "content", NULL};
  struct entity_ctx *ctx = s->ctx;
  const char *held, *way, *content;
  if (!input_only(ctx, s->in, names) || !(held = input_date(ctx, s->in, "held_on")) ||
      !(way = input_enum(ctx, s->in, "way", proposal_communication_ways, true, "沟通方式")) ||
      !(content = input_text(ctx, s->in, "content", true, 5000, "沟通情况")))
    return false;
  if (!*held) {
    entity_fail(ctx, ERR_INVALID_FIELD, "held_on", "请填写沟通日期", "held_on is required");
    return false;
  }
  char today[16];
  time_cst_date(s->now, today);
  if (strcmp(held, today) > 0) {
    entity_fail(ctx, ERR_INVALID_FIELD, "held_on", "沟通日期不能晚于今天",
                "held_on is after today");
    return false;
  }
  if (db_exec(ctx->db,
              "INSERT INTO proposal_communications (proposal_id, assignment_id, held_on, way,"
              " content, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
              "iitttIi", row(s)->id, asg(s)->id, held, way, content, ctx->user ? ctx->user->id : 0,
              s->now) != DB_DONE)
    return false;
  s->note = content;
  s->data = json_pack("{s:I,s:s,s:s}", "unit_id", (json_int_t)asg(s)->unit_id, "held_on", held,
                      "way", way);
  return true;
}

static bool do_countersign(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  if (db_int(ctx->db, 0,
             "SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ? AND role = 'lead' "
             "AND status <> 'withdrawn'"
             " AND reply_status = 'submitted'",
             "i", row(s)->id) == 0) {
    entity_fail(ctx, ERR_WRONG_STATE, NULL, "主办单位尚未提交答复，无需会签",
                "The lead has not submitted its reply");
    return false;
  }
  if (asg(s)->countersigned) {
    entity_fail(ctx, ERR_CONFLICT, NULL, "本单位已会签该答复", "Your unit has countersigned it");
    return false;
  }
  if (db_exec(ctx->db, "UPDATE proposal_assignments SET countersigned_at = ? WHERE id = ?", "ii",
              s->now, asg(s)->id) != DB_DONE)
    return false;
  s->data = json_pack("{s:I}", "unit_id", (json_int_t)asg(s)->unit_id);
  return true;
}

/* The assignment named by in's assignment_id, of this proposal; its unit and reply state. */
static int64_t named_assignment(struct flow_step *s, const char **role, const char **reply,
                                int64_t *unit) {
  int64_t aid;
  if (!input_int(s->ctx, s->in, "assignment_id", 1, INT64_MAX, &aid, "交办记录")) return 0;
  struct db_stmt *st = db_query(s->ctx->db,
                                "SELECT role, reply_status, unit_id FROM proposal_assignments "
                                "WHERE id = ? AND proposal_id = ?"
                                " AND status <> 'withdrawn'",
                                "ii", aid, row(s)->id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    *role = arena_strdup(s->ctx->arena, db_col_text(st, 0));
    *reply = arena_strdup(s->ctx->arena, db_col_text(st, 1));
    *unit = db_col_int(st, 2);
  }
  db_done(st);
  if (!found) {
    entity_fail(s->ctx, ERR_INVALID_FIELD, "assignment_id", "该提案没有这条交办记录",
                "No such assignment of the proposal");
    return 0;
  }
  return aid;
}

static bool do_approve_reply(struct flow_step *s) {
  static const char *const names[] = {"assignment_id", NULL};
  struct entity_ctx *ctx = s->ctx;
  const char *role, *reply;
  int64_t unit, aid;
  if (!input_only(ctx, s->in, names) || !(aid = named_assignment(s, &role, &reply, &unit)))
    return false;
  if (strcmp(reply, "submitted")) {
    entity_fail(ctx, ERR_WRONG_STATE, "assignment_id", "该单位的答复尚未提交",
                "That unit's reply is not submitted");
    return false;
  }
  if (!strcmp(role, "lead") && db_int(ctx->db, 0,
                                      "SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id "
                                      "= ? AND role = 'co' AND status <> 'withdrawn'"
                                      " AND countersigned_at IS NULL",
                                      "i", row(s)->id) > 0) {
    entity_fail(ctx, ERR_NOT_COUNTERSIGNED, "assignment_id", "会办单位尚未全部会签主办单位的答复",
                "Not every co-handling unit has countersigned the lead's reply");
    return false;
  }
  if (db_exec(ctx->db, "UPDATE proposal_assignments SET reply_status = 'approved' WHERE id = ?",
              "i", aid) != DB_DONE)
    return false;
  /* replied when every replying unit (the lead, or every unit of a split) is approved */
  if (db_int(ctx->db, 1,
             "SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ? AND role <> 'co' AND "
             "status <> 'withdrawn'"
             " AND reply_status <> 'approved'",
             "i", row(s)->id) == 0) {
    s->to = PS_REPLIED;
    notify_proposers(
        ctx, row(s), "proposal_replied", "提案已答复，请评价",
        arena_printf(ctx->arena, "《%s》的答复已送达，请对办理结果作出评价。", row(s)->title),
        true);
  }
  s->data = json_pack("{s:I,s:I}", "assignment_id", (json_int_t)aid, "unit_id", (json_int_t)unit);
  return true;
}

static bool do_return_reply(struct flow_step *s) {
  static const char *const names[] = {"assignment_id", "note", NULL};
  struct entity_ctx *ctx = s->ctx;
  const char *role, *reply, *note;
  int64_t unit, aid;
  if (!input_only(ctx, s->in, names) || !(aid = named_assignment(s, &role, &reply, &unit)) ||
      !(note = input_text(ctx, s->in, "note", true, 2000, "退回意见")))
    return false;
  if (strcmp(reply, "submitted")) {
    entity_fail(ctx, ERR_WRONG_STATE, "assignment_id", "该单位的答复尚未提交",
                "That unit's reply is not submitted");
    return false;
  }
  if (db_exec(ctx->db, "UPDATE proposal_assignments SET reply_status = 'returned' WHERE id = ?",
              "i", aid) != DB_DONE)
    return false;
  s->note = note;
  s->data = json_pack("{s:I,s:I}", "assignment_id", (json_int_t)aid, "unit_id", (json_int_t)unit);
  notify_unit(ctx, row(s), unit, "proposal_reply_returned", "答复被退回修改",
              arena_printf(ctx->arena, "《%s》：%s", row(s)->title, note));
  return true;
}

static bool do_extend(struct flow_step *s) {
  static const char *const names[] = {"days", "reason", NULL};
  struct entity_ctx *ctx = s->ctx;
  int64_t days;
  const char *reason;
  if (!input_only(ctx, s->in, names) || !input_int(ctx, s->in, "days", 1, 180, &days, "延期天数") ||
      !(reason = input_text(ctx, s->in, "reason", true, 2000, "延期理由")))
    return false;
  int64_t assigned = db_int(ctx->db, 0, "SELECT assigned_at FROM proposal_assignments WHERE id = ?",
                            "i", asg(s)->id);
  int64_t limit = proposal_add_months(assigned, (int)setting(s, "max_months"));
  if (asg(s)->deadline_at + days * 86400 > limit) {
    char d[16];
    time_cst_date(limit, d);
    entity_fail(ctx, ERR_BEYOND_LIMIT, "days",
                arena_printf(ctx->arena, "延期后不能晚于 %s（交办后最长 %lld 个月）", d,
                             (long long)setting(s, "max_months")),
                arena_printf(ctx->arena, "The deadline cannot pass %s", d));
    return false;
  }
  if (db_int(
          ctx->db, 0,
          "SELECT COUNT(*) FROM proposal_extensions WHERE assignment_id = ? AND status = 'pending'",
          "i", asg(s)->id)) {
    entity_fail(ctx, ERR_CONFLICT, NULL, "已有待审批的延期申请",
                "An extension request is pending already");
    return false;
  }
  if (db_exec(ctx->db,
              "INSERT INTO proposal_extensions (assignment_id, days, reason, requested_at) VALUES "
              "(?, ?, ?, ?)",
              "iiti", asg(s)->id, days, reason, s->now) != DB_DONE)
    return false;
  s->note = reason;
  s->data =
      json_pack("{s:I,s:I}", "unit_id", (json_int_t)asg(s)->unit_id, "days", (json_int_t)days);
  notify_office(ctx, row(s), "proposal_extension", "承办单位申请延期",
                arena_printf(ctx->arena, "《%s》申请延期 %lld 天：%s", row(s)->title,
                             (long long)days, reason));
  return true;
}

static bool do_decide_extension(struct flow_step *s) {
  static const char *const names[] = {"extension_id", "approve", "note", NULL};
  struct entity_ctx *ctx = s->ctx;
  int64_t eid;
  bool approve;
  const char *note;
  if (!input_only(ctx, s->in, names) ||
      !input_int(ctx, s->in, "extension_id", 1, INT64_MAX, &eid, "延期申请") ||
      !input_bool(ctx, s->in, "approve", &approve) ||
      !(note = input_text(ctx, s->in, "note", false, 2000, "说明")))
    return false;
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT e.days, e.status, a.id, a.unit_id, a.deadline_at, a.assigned_at FROM "
      "proposal_extensions e"
      " JOIN proposal_assignments a ON a.id = e.assignment_id WHERE e.id = ? AND a.proposal_id = ?",
      "ii", eid, row(s)->id);
  bool found = db_step(st) == DB_ROW;
  int64_t days = 0, aid = 0, unit = 0, deadline = 0, assigned = 0;
  bool pending = false;
  if (found) {
    days = db_col_int(st, 0);
    pending = !strcmp(db_col_text(st, 1), "pending");
    aid = db_col_int(st, 2);
    unit = db_col_int(st, 3);
    deadline = db_col_int(st, 4);
    assigned = db_col_int(st, 5);
  }
  db_done(st);
  if (!found) {
    entity_fail(ctx, ERR_INVALID_FIELD, "extension_id", "该提案没有这条延期申请",
                "No such extension request");
    return false;
  }
  if (!pending) {
    entity_fail(ctx, ERR_CONFLICT, "extension_id", "该延期申请已处理",
                "That request was decided already");
    return false;
  }
  int64_t nd = deadline + days * 86400,
          limit = proposal_add_months(assigned, (int)setting(s, "max_months"));
  if (approve && nd > limit) nd = limit;
  if (db_exec(
          ctx->db,
          "UPDATE proposal_extensions SET status = ?, decided_at = ?, decided_by = ? WHERE id = ?",
          "tiIi", approve ? "approved" : "rejected", s->now, ctx->user ? ctx->user->id : 0,
          eid) != DB_DONE)
    return false;
  if (approve &&
      (db_exec(ctx->db, "UPDATE proposal_assignments SET deadline_at = ? WHERE id = ?", "ii", nd,
               aid) != DB_DONE ||
       db_exec(
           ctx->db,
           "UPDATE proposals SET deadline_at = (SELECT MAX(deadline_at) FROM proposal_assignments"
           " WHERE proposal_id = ? AND status <> 'withdrawn') WHERE id = ?",
           "ii", row(s)->id, row(s)->id) != DB_DONE))
    return false;
  char d[16];
  time_cst_date(nd, d);
  s->note = note;
  s->data = json_pack("{s:I,s:b,s:s}", "extension_id", (json_int_t)eid, "approve", approve,
                      "deadline", d);
  notify_unit(ctx, row(s), unit, "proposal_extension_decided",
              approve ? "延期申请已批准" : "延期申请未获批准",
              approve ? arena_printf(ctx->arena, "《%s》办理期限延至 %s。", row(s)->title, d)
                      : arena_printf(ctx->arena, "《%s》：%s", row(s)->title, note));
  return true;
}

static bool do_rate(struct flow_step *s) {
  static const char *const names[] = {"rating", "comment", NULL};
  struct entity_ctx *ctx = s->ctx;
  const char *rating, *comment;
  if (!input_only(ctx, s->in, names) ||
      !(rating = input_enum(ctx, s->in, "rating", proposal_ratings, true, "评价")) ||
      !(comment = input_text(ctx, s->in, "comment", false, 2000, "意见")))
    return false;
  if (!strcmp(rating, "unsatisfied") && !*comment) {
    entity_fail(ctx, ERR_INVALID_FIELD, "comment", "评价不满意时请说明理由",
                "Say why when unsatisfied");
    return false;
  }
  if (db_exec(ctx->db,
              "INSERT INTO proposal_ratings (proposal_id, member_id, round, rating, comment, at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              "iiitti", row(s)->id, ctx->user->member_id, row(s)->round, rating, comment,
              s->now) != DB_DONE)
    return false;
  const char *role = signer_role(ctx, row(s));
  bool lead = role && !strcmp(role, "first");
  s->note = comment;
  s->data = json_pack("{s:s,s:I,s:s,s:b}", "rating", rating, "round", (json_int_t)row(s)->round,
                      "role", role ? role : "cosigner", "decisive", lead);
  /* a co-signer's rating after the lead's closed the round is recorded, nothing more */
  if (row(s)->state == PS_CLOSED) return true;
  if (lead && !strcmp(rating, "unsatisfied")) {
    /* handled again: the replying units reply anew within rehandle_months */
    int64_t deadline = proposal_add_months(s->now, (int)setting(s, "rehandle_months"));
    if (db_exec(ctx->db, "UPDATE proposals SET round = round + 1, deadline_at = ? WHERE id = ?",
                "ii", deadline, row(s)->id) != DB_DONE ||
        db_exec(ctx->db,
                "UPDATE proposal_assignments SET reply_status = CASE WHEN role = 'co' THEN "
                "reply_status ELSE 'none' END,"
                " countersigned_at = NULL, deadline_at = ?, round = round + 1 WHERE proposal_id = "
                "? AND status <> 'withdrawn'",
                "ii", deadline, row(s)->id) != DB_DONE)
      return false;
    s->to = PS_REHANDLING;
    struct db_stmt *st = db_query(
        ctx->db,
        "SELECT unit_id FROM proposal_assignments WHERE proposal_id = ? AND status <> 'withdrawn'",
        "i", row(s)->id);
    int64_t units[32];
    int n = 0;
    while (db_step(st) == DB_ROW && n < 32) units[n++] = db_col_int(st, 0);
    db_done(st);
    for (int i = 0; i < n; i++)
      notify_unit(ctx, row(s), units[i], "proposal_rehandle", "提案人对答复不满意，请重新办理",
                  arena_printf(ctx->arena, "《%s》：%s", row(s)->title, comment));
    notify_office(ctx, row(s), "proposal_rehandle", "提案人对答复不满意",
                  arena_printf(ctx->arena, "《%s》：%s", row(s)->title, comment));
    return true;
  }
  /* the lead's satisfied or basically closes it: at once, or with rate_all once every confirmed
  ** signer has rated (this rating included; the row is locked, so none rates meanwhile) */
  if (lead_rating(ctx, row(s)) &&
      (!rate_all(ctx, row(s)) || unrated_signers(ctx, row(s), NULL) == 0)) {
    s->to = PS_CLOSED;
    if (!set_status_times(s, "closed_at")) return false;
  }
  return true;
}

static bool do_consult(struct flow_step *s) {
  static const char *const names[] = {"held_on", "place", "attendees", "note", NULL};
  struct entity_ctx *ctx = s->ctx;
  const char *held, *place, *att, *note;
  if (!input_only(ctx, s->in, names) ||
      !(held = input_text(ctx, s->in, "held_on", true, 10, "协商日期")) ||
      !(place = input_text(ctx, s->in, "place", false, 200, "地点")) ||
      !(att = input_text(ctx, s->in, "attendees", false, 2000, "参加人员")) ||
      !(note = input_text(ctx, s->in, "note", true, 5000, "协商情况")))
    return false;
  if (!date_valid(held)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "held_on", "协商日期应为 YYYY-MM-DD",
                "held_on must be a date");
    return false;
  }
  if (db_exec(ctx->db,
              "INSERT INTO proposal_consultations (proposal_id, held_on, place, attendees, note, "
              "created_by, created_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)",
              "ittttIi", row(s)->id, held, place, att, note, ctx->user ? ctx->user->id : 0,
              s->now) != DB_DONE)
    return false;
  s->note = note;
  s->data = json_pack("{s:s}", "held_on", held);
  return true;
}

static bool do_close(struct flow_step *s) {
  static const char *const names[] = {"note", NULL};
  const char *note;
  if (!input_only(s->ctx, s->in, names) ||
      !(note = input_text(s->ctx, s->in, "note", false, 2000, "说明")))
    return false;
  s->note = note;
  return set_status_times(s, "closed_at");
}

static bool do_key(struct flow_step *s) {
  static const char *const names[] = {"is_key", "leader", "plan", NULL};
  struct entity_ctx *ctx = s->ctx;
  bool key;
  const char *leader, *plan;
  if (!input_only(ctx, s->in, names) || !input_bool(ctx, s->in, "is_key", &key) ||
      !(leader = input_text(ctx, s->in, "leader", key, 100, "督办领导")) ||
      !(plan = input_text(ctx, s->in, "plan", false, 5000, "督办方案")))
    return false;
  if (db_exec(ctx->db, "UPDATE proposals SET is_key = ?, key_leader = ?, key_plan = ? WHERE id = ?",
              "itti", (int64_t)key, key ? leader : "", key ? plan : "", row(s)->id) != DB_DONE)
    return false;
  s->data = json_pack("{s:b,s:s}", "is_key", key, "leader", leader);
  return true;
}

static bool do_good(struct flow_step *s) {
  static const char *const names[] = {"is_good", "year", NULL};
  struct entity_ctx *ctx = s->ctx;
  bool good;
  int64_t year = 0;
  if (!input_only(ctx, s->in, names) || !input_bool(ctx, s->in, "is_good", &good)) return false;
  if (good && !input_int(ctx, s->in, "year", 2000, 2099, &year, "评选年度")) return false;
  if (db_exec(ctx->db, "UPDATE proposals SET is_good = ?, good_year = ? WHERE id = ?", "iIi",
              (int64_t)good, year, row(s)->id) != DB_DONE)
    return false;
  s->data = json_pack("{s:b,s:I}", "is_good", good, "year", (json_int_t)year);
  return true;
}

static bool do_withdraw(struct flow_step *s) {
  static const char *const names[] = {"note", NULL};
  const char *note;
  if (!input_only(s->ctx, s->in, names) ||
      !(note = input_text(s->ctx, s->in, "note", false, 2000, "说明")))
    return false;
  s->note = note;
  return true;
}

static bool do_close_cosigning(struct flow_step *s) {
  s->note = "联名征集结束";
  notify_office(s->ctx, row(s), "proposal_submitted", "新提案待审查",
                arena_printf(s->ctx->arena, "《%s》", row(s)->title));
  return true;
}

/* may() and ready() of a step. */
static bool may_step(struct flow_step *s, bool report) {
  return may(s->ctx, row(s), flow_step_action(s), asg(s), report);
}
static bool ready_step(struct flow_step *s) {
  return ready(s->ctx, row(s), flow_step_action(s), asg(s));
}

static bool load(struct entity_ctx *ctx, int64_t id, void *p) { return proposal_load(ctx, id, p); }
static int state_of(const void *p) { return ((const struct proposal_row *)p)->state; }
static int64_t committee_of(const void *p) {
  return ((const struct proposal_row *)p)->committee_id;
}
static json_t *image(struct entity_ctx *ctx, int64_t id) {
  return entity_get(ctx, &proposal_entity, id);
}
static bool earn_points(struct entity_ctx *ctx, int64_t id) {
  return points_sync(ctx->db, "proposal", id);
}

#define IN      FLOW_IN
#define HANDLED IN(PS_HANDLING) | IN(PS_REHANDLING)
#define A(name, from, to, effect, zh, en)                                                          \
  { name, from, to, NULL, ready_step, effect, zh, en }
/* an irreversible action: the app asks the question (cz, ce) before taking it */
#define AC(name, from, to, effect, zh, en, cz, ce)                                                 \
  { name, from, to, NULL, ready_step, effect, zh, en, NULL, NULL, cz, ce }
/* The life of a proposal, one row an action (its order is enum proposal_action). Who may take
** each is may() above; what must be there to act on, ready(). FLOW_STAY: the effect decides. */
static const struct flow_action actions[] = {
    /* the author sends a draft or a revised one: a joint proposal with invited co-signers goes
    ** to co-signing until cosign_days have passed, any other to review; the body must fit */
    A("submit", IN(PS_DRAFT) | IN(PS_RETURNED), FLOW_STAY, do_submit, "提交", "Submit"),
    /* an invited co-signer confirms or declines before the deadline; the last answer ends
    ** co-signing */
    A("cosign", IN(PS_COSIGNING), FLOW_STAY, do_cosign, "确认联名", "Co-sign"),
    /* the system (or the office) ends co-signing when its deadline has passed */
    A("close-cosigning", IN(PS_COSIGNING), PS_SUBMITTED, do_close_cosigning, "结束联名征集",
      "Close co-signing"),
    /* the author takes it back before it is filed */
    AC("withdraw", IN(PS_DRAFT) | IN(PS_COSIGNING) | IN(PS_SUBMITTED) | IN(PS_RETURNED),
       PS_WITHDRAWN, do_withdraw, "撤回", "Withdraw", "撤回后提案不能再提交。确定撤回吗？",
       "A withdrawn proposal cannot be submitted again. Withdraw it?"),
    /* the office returns it for revision, saying what to change */
    A("return", IN(PS_SUBMITTED), PS_RETURNED, do_return, "退回修改", "Return"),
    /* the office files it: the next case number of its session */
    AC("file", IN(PS_SUBMITTED), PS_FILED, do_file, "立案", "File",
       "立案后将编定案号，不能撤销。确定立案吗？",
       "Filing gives the proposal its case number and cannot be undone. File it?"),
    /* the office merges it into another proposal on the same subject (并案) */
    AC("merge", IN(PS_SUBMITTED), PS_MERGED, do_merge, "并案", "Merge",
       "并案后该提案不再单独办理，不能撤销。确定并案吗？",
       "A merged proposal is no longer handled on its own. Merge it?"),
    /* the office does not file it, giving one of the rules' reasons (不予立案) */
    AC("reject", IN(PS_SUBMITTED), PS_NOT_FILED, do_reject, "不予立案", "Do not file",
       "不予立案后不能撤销。确定不予立案吗？", "Not filing cannot be undone. Do not file it?"),
    /* a proposal not filed becomes a social-conditions report, once */
    A("convert", IN(PS_NOT_FILED), FLOW_STAY, do_convert, "转为社情民意", "Convert to a report"),
    /* the office assigns a filed proposal to a lead unit and co-units, or splits it; an
    ** objected assignment is given again */
    A("assign", IN(PS_FILED) | IN(PS_ASSIGNED), FLOW_STAY, do_assign, "交办", "Assign"),
    /* an assigned unit accepts; when none is left to accept, handling begins */
    A("accept", IN(PS_ASSIGNED), FLOW_STAY, do_accept, "签收", "Accept"),
    /* an assigned unit objects within the objection window, with its reason */
    A("object", IN(PS_ASSIGNED), FLOW_STAY, do_object, "提出异议", "Object"),
    /* a co-handling unit gives its views to the lead unit */
    A("view", HANDLED, FLOW_STAY, do_view, "会办意见", "Give views"),
    /* the lead (or each split) unit replies, with the reply's category */
    A("reply", HANDLED, FLOW_STAY, do_reply, "答复", "Reply"),
    /* a co-handling unit countersigns the lead's submitted reply */
    A("countersign", HANDLED, FLOW_STAY, do_countersign, "会签", "Countersign"),
    /* the office approves a submitted reply; when all are approved the proposal is replied */
    AC("approve-reply", HANDLED, FLOW_STAY, do_approve_reply, "审核通过答复", "Approve the reply",
       "审核通过后答复将送达提案人，不能撤回。确定审核通过吗？",
       "Once approved the reply goes to the proposers and cannot be taken back. Approve it?"),
    /* the office returns a submitted reply to its unit */
    A("return-reply", HANDLED, FLOW_STAY, do_return_reply, "退回答复", "Return the reply"),
    /* a lead or split unit asks for more time, one request at a time */
    A("extend", IN(PS_ASSIGNED) | HANDLED, FLOW_STAY, do_extend, "申请延期", "Ask for more time"),
    /* the office grants or refuses a pending extension */
    A("decide-extension", IN(PS_ASSIGNED) | HANDLED, FLOW_STAY, do_decide_extension, "审批延期",
      "Decide the extension"),
    /* each proposer rates the reply once a round; the lead proposer's rating decides: unsatisfied
    ** sends it back to handling, else it is closed (with rate_all, once every signer rated); a
    ** co-signer may still add a rating after the lead's closed it */
    A("rate", IN(PS_REPLIED) | IN(PS_CLOSED), FLOW_STAY, do_rate, "评价答复", "Rate the reply"),
    /* the office records a consultation on the proposal (面商) */
    A("consult", IN(PS_REPLIED) | IN(PS_REHANDLING) | IN(PS_CLOSED), FLOW_STAY, do_consult,
      "记录沟通协商", "Record a consultation"),
    /* the office closes a replied proposal */
    AC("close", IN(PS_REPLIED), PS_CLOSED, do_close, "办结", "Close",
       "办结后提案不能再办理。确定办结吗？", "A closed proposal is handled no more. Close it?"),
    /* the office marks a filed proposal as key (重点提案), or takes the mark back */
    A("key", IN(PS_FILED) | IN(PS_ASSIGNED) | HANDLED | IN(PS_REPLIED) | IN(PS_CLOSED), FLOW_STAY,
      do_key, "重点提案", "Mark as key"),
    /* the office marks a replied or closed proposal as good (优秀提案), or takes it back */
    A("good", IN(PS_REPLIED) | IN(PS_CLOSED), FLOW_STAY, do_good, "优秀提案", "Mark as good"),
    /* an accepting unit records its communication with the proposers before replying (办前沟通:
    ** day, way, content), as often as it talks with them */
    A("communicate", HANDLED, FLOW_STAY, do_communicate, "办前沟通", "Communicate"),
    {NULL},
};
#undef A
#undef AC
#undef HANDLED
#undef IN

const struct flow proposal_flow = {
    .name = "proposal",
    .table = "proposals",
    .states = proposal_states,
    .actions = actions,
    .events = "proposal_events",
    .events_key = "proposal_id",
    .row_size = sizeof(struct proposal_row),
    .scratch_size = sizeof(struct asg),
    .load = load,
    .state = state_of,
    .committee = committee_of,
    .image = image,
    .may = may_step,
    .after = earn_points,
    .attempts = 1,
    .wrong_zh = "当前状态下不能执行此操作",
    .wrong_en = "Not allowed in the current state",
};

bool proposal_act(struct entity_ctx *ctx, int64_t id, enum proposal_action a, json_t *in) {
  /* reads show a proposal past its co-signing deadline as submitted without writing; the first
  ** step taken on it closes its co-signing first (as the scheduled task would), so that the step
  ** meets the state the caller saw and the timeline keeps the closing */
  if (a != PA_CLOSE_COSIGNING &&
      db_int(ctx->db, 0,
             "SELECT COUNT(*) FROM proposals WHERE id = ? AND status = 'cosigning'"
             " AND cosign_deadline < ?",
             "ii", id, time_now()) > 0) {
    struct entity_ctx sys = *ctx;
    sys.user = NULL;
    memset(&sys.err, 0, sizeof sys.err);
    flow_act(&sys, &proposal_flow, id, PA_CLOSE_COSIGNING, NULL);
    json_decref(sys.err.errors);
  }
  return flow_act(ctx, &proposal_flow, id, (int)a, in);
}

int proposal_close_due_cosigning(struct entity_ctx *ctx, int64_t now) {
  int64_t ids[64];
  int n = 0;
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT id FROM proposals WHERE status = 'cosigning' AND "
                                "cosign_deadline < ? ORDER BY id LIMIT 64",
                                "i", now);
  while (db_step(st) == DB_ROW && n < 64) ids[n++] = db_col_int(st, 0);
  db_done(st);
  int done = 0;
  for (int i = 0; i < n; i++) {
    struct entity_ctx sys = *ctx;
    sys.user = NULL;
    memset(&sys.err, 0, sizeof sys.err);
    if (proposal_act(&sys, ids[i], PA_CLOSE_COSIGNING, NULL)) done++;
    json_decref(sys.err.errors);
  }
  return done;
}
