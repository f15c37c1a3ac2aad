/* src/meeting/meeting_vote.c: votes (表决) and elections (选举) of a meeting (issue 19).
**
**   draft --open--> open --close--> closed
**
** Staff who manage the meeting create a vote (a motion: yes / no / abstain; or an election: a
** list of candidates for a number of seats, 等额 when there are as many candidates as seats,
** 差额 when more), open it while the meeting is in session (members_total = the invitees with
** the role member at that moment: a motion passes with more than half of ALL of them, not of
** those present; present_at_open = those signed in to the sitting on now) and close it (the
** result is written then, by meeting_rules). While open, anyone who may read the meeting sees
** how many have voted, never a running result.
**
** A ballot is cast by an invitee with the role member (a non-voting attendee 列席 gets 403),
** once (meeting_voters' key: a second ballot is 409), under the vote row's write lock with the
** vote's state read again under it (a ballot after the close is 409). The counts go to
** meeting_vote_counts (yes / no / abstain; c<candidate id>, ballots, blank, invalid) and
** meeting_votes.voted in the ballot's transaction. A named vote keeps the voter's choice
** beside the fact that it voted; a secret one (every election) keeps no choice there and its
** audit entry names none, so that no row links a voter to a choice. An election's ballot that
** marks more candidates than seats is counted as invalid, as on paper (the phone page does not
** let a voter mark more); none marked is a valid blank ballot.
**
** After each ballot, open and close: notify_wake() (after the commit), so that the meeting's
** streams (this process's and other nodes') send the count.
** The results PDF is a job (meeting_vote_pdf). */
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/timeutil.h"
#include "doc/pdf.h"
#include "entity/entity_http.h"
#include "entity/input.h"
#include "http/request.h"
#include "http/router.h"
#include "job/job.h"
#include "job/job_http.h"
#include "meeting.h"
#include "meeting_rules.h"
#include "notify/notify.h"

bool meeting_route_visible(struct request *rq, int64_t id);

#define MAX_CANDIDATES 200
#define MAX_SEATS      100

const struct label meeting_vote_kinds[] = {
    {"motion", "表决", "Motion"},
    {"election", "选举", "Election"},
    {NULL},
};

const struct label meeting_vote_states[] = {
    {"draft", "未开始", "Not open yet"},
    {"open", "投票中", "Open"},
    {"closed", "已结束", "Closed"},
    {NULL},
};

const struct label meeting_choices[] = {
    {"yes", "赞成", "Yes"},
    {"no", "反对", "No"},
    {"abstain", "弃权", "Abstain"},
    {NULL},
};

/* The form of an election and the outcomes shown beside results. */
const struct label meeting_election_forms[] = {
    {"equal", "等额选举", "As many candidates as seats"},
    {"competitive", "差额选举", "More candidates than seats"},
    {NULL},
};

const struct label meeting_vote_outcomes[] = {
    {"passed", "通过", "Passed"},
    {"failed", "未通过", "Not passed"},
    {"elected", "当选", "Elected"},
    {"not_elected", "未当选", "Not elected"},
    {"tied", "得票相同，需另行选举", "Tied: a further round decides"},
    {"named", "记名投票", "Named vote"},
    {"secret", "无记名投票", "Secret ballot"},
    {NULL},
};

enum vote_state { VS_DRAFT, VS_OPEN, VS_CLOSED };

/* A vote's columns the rules need. */
struct vote_row {
  int64_t id, meeting_id, committee_id, members_total, voted;
  const char *kind, *title;
  enum vote_state state;
  bool secret, election;
  int seats;
};

/* Loads vote vote_id of meeting meeting_id; false with 404. */
static bool vote_load(struct entity_ctx *ctx, int64_t meeting_id, int64_t vote_id,
                      struct vote_row *v) {
  memset(v, 0, sizeof *v);
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT v.id, v.meeting_id, v.kind, v.title, v.status, v.secret,"
                                " v.seats, COALESCE(v.members_total, 0), v.voted, m.committee_id"
                                " FROM meeting_votes v JOIN meetings m ON m.id = v.meeting_id"
                                " WHERE v.id = ? AND v.meeting_id = ?",
                                "ii", vote_id, meeting_id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    v->id = db_col_int(st, 0);
    v->meeting_id = db_col_int(st, 1);
    v->kind = arena_strdup(ctx->arena, db_col_text(st, 2));
    v->title = arena_strdup(ctx->arena, db_col_text(st, 3));
    v->state = (enum vote_state)label_index(meeting_vote_states, db_col_text(st, 4));
    v->secret = db_col_int(st, 5) != 0;
    v->seats = (int)db_col_int(st, 6);
    v->members_total = db_col_int(st, 7);
    v->voted = db_col_int(st, 8);
    v->committee_id = db_col_int(st, 9);
    v->election = !strcmp(v->kind, "election");
  }
  db_done(st);
  if (!found) entity_not_found(ctx, "未找到该表决事项", "No such vote");
  return found;
}

/* Takes the vote row's write lock and loads it, inside the caller's transaction. */
static bool vote_lock(struct entity_ctx *ctx, int64_t meeting_id, int64_t vote_id,
                      struct vote_row *v) {
  if (db_exec(ctx->db,
              "UPDATE meeting_votes SET updated_at = updated_at WHERE id = ? AND meeting_id = ?",
              "ii", vote_id, meeting_id) != DB_DONE) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
    return false;
  }
  return vote_load(ctx, meeting_id, vote_id, v);
}

static void vote_wrong_state(struct entity_ctx *ctx, const struct vote_row *v, const char *zh,
                             const char *en) {
  const char *s = meeting_vote_states[v->state].name;
  entity_fail(
      ctx, ERR_WRONG_STATE, NULL,
      arena_printf(ctx->arena, "%s（当前状态：%s）", zh, label_zh(meeting_vote_states, s)),
      arena_printf(ctx->arena, "%s (now: %s)", en, label_text(meeting_vote_states, s, true)));
}

/* ---- reading ---------------------------------------------------------------------------------
 */

/* The candidates of vote id: [{id, name, member_id}]. */
static json_t *candidates_json(struct entity_ctx *ctx, int64_t id) {
  json_t *a = json_array();
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT id, name, member_id FROM meeting_vote_candidates"
                                " WHERE vote_id = ? ORDER BY seq, id",
                                "i", id);
  while (db_step(st) == DB_ROW) {
    json_t *o =
        json_pack("{s:I,s:s}", "id", (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1));
    json_object_set_new(o, "member_id",
                        db_col_null(st, 2) ? json_null() : json_integer(db_col_int(st, 2)));
    json_array_append_new(a, o);
  }
  db_done(st);
  return a;
}

/* The labels of a stored result (passed → 通过; each candidate's outcome). */
static void label_result(struct entity_ctx *ctx, json_t *r, bool election) {
  if (!election) {
    json_object_set_new(
        r, "passed_label",
        json_string(label_text(meeting_vote_outcomes,
                               json_is_true(json_object_get(r, "passed")) ? "passed" : "failed",
                               ctx->en)));
    return;
  }
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(r, "candidates"), i, c) {
    const char *o = json_is_true(json_object_get(c, "elected")) ? "elected"
                    : json_is_true(json_object_get(c, "tied"))  ? "tied"
                                                                : "not_elected";
    json_object_set_new(c, "outcome", json_string(o));
    json_object_set_new(c, "outcome_label",
                        json_string(label_text(meeting_vote_outcomes, o, ctx->en)));
  }
}

/* The caller's own part in a vote: {can_vote, voted, choice?, candidate_ids?} (a secret vote's
** choice is not kept: only that the caller voted). */
static json_t *mine_json(struct entity_ctx *ctx, int64_t id, bool may_vote, int64_t member) {
  json_t *o = json_pack("{s:b,s:b}", "can_vote", may_vote, "voted", 0);
  if (!member) return o;
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT choice, marks FROM meeting_voters WHERE vote_id = ?"
                                " AND member_id = ?",
                                "ii", id, member);
  if (db_step(st) == DB_ROW) {
    json_object_set_new(o, "voted", json_true());
    if (!db_col_null(st, 0)) {
      const char *c = db_col_text(st, 0);
      json_object_set_new(o, "choice", json_string(c));
      json_object_set_new(o, "choice_label", json_string(label_text(meeting_choices, c, ctx->en)));
    }
    if (!db_col_null(st, 1))
      json_object_set_new(o, "candidate_ids", json_loads(db_col_text(st, 1), 0, NULL));
  }
  db_done(st);
  return o;
}

/* The member the caller votes as in meeting id (an invitee with the role member), else 0. */
static int64_t voter_of(struct entity_ctx *ctx, int64_t meeting_id, const char **role) {
  *role = NULL;
  const struct user *u = ctx->user;
  if (!u || !u->member_id) {
    meeting_invitee_of(ctx, meeting_id, role);
    return 0;
  }
  if (!meeting_invitee_of(ctx, meeting_id, role) || !*role || strcmp(*role, "member")) return 0;
  /* the invitation of the caller's member record (not an account invited by name) */
  return db_int(ctx->db, 0,
                "SELECT member_id FROM meeting_invitees WHERE meeting_id = ? AND member_id = ?"
                " AND role = 'member'",
                "ii", meeting_id, u->member_id);
}

#define VOTE_COLS                                                                                  \
  "SELECT v.id, v.kind, v.title, v.secret, v.seats, v.status, v.members_total,"                    \
  " v.present_at_open, v.voted, v.result, v.opened_at, v.closed_at, v.created_at,"                 \
  " (SELECT COUNT(*) FROM meeting_vote_candidates c WHERE c.vote_id = v.id)"                       \
  " FROM meeting_votes v"

/* One vote as the API shows it: while open only the count; the result once closed. */
static json_t *vote_row_json(struct entity_ctx *ctx, struct db_stmt *st, bool manager,
                             bool in_session, int64_t member) {
  int64_t id = db_col_int(st, 0);
  const char *kind = db_col_text(st, 1), *status = db_col_text(st, 5);
  bool secret = db_col_int(st, 3) != 0, election = !strcmp(kind, "election");
  json_t *o = json_pack(
      "{s:I,s:s,s:s,s:s,s:b,s:s,s:s,s:s,s:I}", "id", (json_int_t)id, "kind", kind, "kind_label",
      label_text(meeting_vote_kinds, kind, ctx->en), "title", db_col_text(st, 2), "secret", secret,
      "secret_label", label_text(meeting_vote_outcomes, secret ? "secret" : "named", ctx->en),
      "status", status, "status_label", label_text(meeting_vote_states, status, ctx->en), "voted",
      (json_int_t)db_col_int(st, 8));
  json_object_set_new(o, "members_total",
                      db_col_null(st, 6) ? json_null() : json_integer(db_col_int(st, 6)));
  json_object_set_new(o, "present_at_open",
                      db_col_null(st, 7) ? json_null() : json_integer(db_col_int(st, 7)));
  if (!db_col_null(st, 6) && !db_col_null(st, 7))
    json_object_set_new(
        o, "quorum", json_boolean(meeting_quorum((int)db_col_int(st, 6), (int)db_col_int(st, 7))));
  entity_time_json(o, "opened_at", st, 10);
  entity_time_json(o, "closed_at", st, 11);
  entity_time_json(o, "created_at", st, 12);
  if (election) {
    int seats = (int)db_col_int(st, 4);
    int64_t n = db_col_int(st, 13);
    const char *form = n > seats ? "competitive" : "equal";
    json_object_set_new(o, "seats", json_integer(seats));
    json_object_set_new(o, "form", json_string(form));
    json_object_set_new(o, "form_label",
                        json_string(label_text(meeting_election_forms, form, ctx->en)));
    json_object_set_new(o, "candidates", candidates_json(ctx, id));
  }
  json_t *result = json_null();
  if (!strcmp(status, "closed") && !db_col_null(st, 9)) {
    result = json_loads(db_col_text(st, 9), 0, NULL);
    if (result)
      label_result(ctx, result, election);
    else
      result = json_null();
  }
  json_object_set_new(o, "result", result);
  json_t *actions = json_array();
  if (manager && in_session && !strcmp(status, "draft"))
    json_array_append_new(actions, json_string("open"));
  if (manager && !strcmp(status, "open")) json_array_append_new(actions, json_string("close"));
  json_object_set_new(o, "actions", actions);
  json_object_set_new(o, "mine", mine_json(ctx, id, member && !strcmp(status, "open"), member));
  return o;
}

/* GET .../votes: {"items": [...]} in the order they were made. */
static json_t *votes_list(struct entity_ctx *ctx, int64_t meeting_id) {
  struct meeting_row m;
  if (!meeting_load(ctx, meeting_id, &m)) return NULL;
  bool manager = meeting_is_manager(ctx, &m);
  const char *role;
  int64_t member = voter_of(ctx, meeting_id, &role);
  json_t *items = json_array();
  struct db_stmt *st =
      db_query(ctx->db, VOTE_COLS " WHERE v.meeting_id = ? ORDER BY v.id", "i", meeting_id);
  while (db_step(st) == DB_ROW)
    json_array_append_new(items, vote_row_json(ctx, st, manager, m.state == MS_IN_SESSION, member));
  db_done(st);
  return json_pack("{s:o,s:b,s:b}", "items", items, "manager", manager, "voter", member != 0);
}

/* GET .../votes/{vote_id} */
static json_t *vote_get(struct entity_ctx *ctx, int64_t meeting_id, int64_t vote_id) {
  struct meeting_row m;
  if (!meeting_load(ctx, meeting_id, &m)) return NULL;
  const char *role;
  int64_t member = voter_of(ctx, meeting_id, &role);
  struct db_stmt *st = db_query(ctx->db, VOTE_COLS " WHERE v.id = ? AND v.meeting_id = ?", "ii",
                                vote_id, meeting_id);
  json_t *o = db_step(st) == DB_ROW ? vote_row_json(ctx, st, meeting_is_manager(ctx, &m),
                                                    m.state == MS_IN_SESSION, member)
                                    : NULL;
  db_done(st);
  if (!o) entity_not_found(ctx, "未找到该表决事项", "No such vote");
  return o;
}

/* ---- writing ---------------------------------------------------------------------------------
 */

/* Takes the meeting's lock and checks the caller manages it; false with ctx->err. */
static bool lock_as_manager(struct entity_ctx *ctx, int64_t meeting_id, struct meeting_row *m) {
  if (!meeting_lock(ctx, meeting_id, m)) return false;
  if (!meeting_is_manager(ctx, m)) {
    entity_forbidden(ctx, "只有会务工作人员可以管理表决", "Only the meeting's staff manage votes");
    return false;
  }
  return true;
}

/* POST .../votes {kind, title, secret?, seats?, candidates?}: the new vote's id, 0 with
** ctx->err. */
static int64_t vote_create(struct entity_ctx *ctx, int64_t meeting_id, json_t *in) {
  static const char *const names[] = {"kind", "title", "secret", "seats", "candidates", NULL};
  const char *kind, *title;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(kind = input_enum(ctx, in, "kind", meeting_vote_kinds, true, "类别")) ||
      !(title = input_text(ctx, in, "title", true, 200, "事项")))
    return 0;
  bool election = !strcmp(kind, "election"), secret = election;
  json_t *sv = json_object_get(in, "secret");
  if (sv && !json_is_null(sv) && !input_bool(ctx, in, "secret", &secret)) return 0;
  if (election && !secret) {
    entity_fail(ctx, ERR_INVALID_FIELD, "secret", "选举采用无记名投票",
                "An election is by secret ballot");
    return 0;
  }
  int64_t seats = 1;
  json_t *cands = json_object_get(in, "candidates");
  size_t ncand = 0;
  const char **cname = NULL;
  int64_t *cmember = NULL;
  if (!election) {
    if ((json_object_get(in, "seats") && !json_is_null(json_object_get(in, "seats"))) ||
        (cands && !json_is_null(cands))) {
      entity_fail(ctx, ERR_INVALID_FIELD, cands && !json_is_null(cands) ? "candidates" : "seats",
                  "表决事项没有候选人和应选名额", "A motion has no candidates or seats");
      return 0;
    }
  } else {
    if (!input_int(ctx, in, "seats", 1, MAX_SEATS, &seats, "应选名额")) return 0;
    if (!json_is_array(cands) || json_array_size(cands) > MAX_CANDIDATES) {
      entity_fail(ctx, ERR_INVALID_FIELD, "candidates", "候选人应为列表（至多 200 人）",
                  "candidates is a list (at most 200)");
      return 0;
    }
    ncand = json_array_size(cands);
    if ((int64_t)ncand < seats) {
      entity_fail(
          ctx, ERR_INVALID_FIELD, "candidates",
          "候选人数不能少于应选名额（等额选举：人数相同；差额选举：多于应选名额）",
          "At least as many candidates as seats (as many: equal; more: competitive election)");
      return 0;
    }
    cname = arena_alloc(ctx->arena, (ncand + 1) * sizeof *cname);
    cmember = arena_alloc(ctx->arena, (ncand + 1) * sizeof *cmember);
    for (size_t i = 0; i < ncand; i++) {
      json_t *c = json_array_get(cands, i);
      static const char *const cnames[] = {"name", "member_id", NULL};
      const char *name;
      cmember[i] = 0;
      if (!json_is_object(c)) {
        entity_fail(ctx, ERR_INVALID_FIELD, "candidates", "每位候选人应为 {name, member_id?}",
                    "Each candidate is {name, member_id?}");
        return 0;
      }
      if (!input_only(ctx, c, cnames) ||
          !(name = input_text(ctx, c, "name", true, 50, "候选人姓名")))
        return 0;
      json_t *mv = json_object_get(c, "member_id");
      if (mv && !json_is_null(mv)) {
        if (!input_int(ctx, c, "member_id", 1, INT64_MAX, &cmember[i], "候选人")) return 0;
        if (!db_int(ctx->db, 0, "SELECT COUNT(*) FROM members WHERE id = ?", "i", cmember[i])) {
          entity_fail(ctx, ERR_INVALID_FIELD, "candidates", "候选人所对应的委员不存在",
                      "No such member for a candidate");
          return 0;
        }
      }
      for (size_t k = 0; k < i; k++)
        if (!strcmp(cname[k], name)) {
          entity_fail(ctx, ERR_INVALID_FIELD, "candidates",
                      arena_printf(ctx->arena, "候选人“%s”重复", name),
                      arena_printf(ctx->arena, "Candidate %s is listed twice", name));
          return 0;
        }
      cname[i] = name;
    }
  }
  struct meeting_row m;
  int64_t now = time_now(), id = 0;
  bool ok = db_begin(ctx->db) == DB_DONE && lock_as_manager(ctx, meeting_id, &m);
  if (ok && m.state >= MS_CLOSED) {
    meeting_wrong_state(ctx, &m, "会议已闭会，不能再安排表决",
                        "A closed meeting takes no more votes");
    ok = false;
  }
  if (ok) {
    struct db_stmt *st = db_query(ctx->db,
                                  "INSERT INTO meeting_votes (meeting_id, kind, title, secret,"
                                  " seats, created_by, created_at, updated_at)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                  "ittbiIii", meeting_id, kind, title, secret, seats,
                                  ctx->user ? ctx->user->id : 0, now, now);
    ok = db_step(st) == DB_ROW;
    if (ok) id = db_col_int(st, 0);
    db_done(st);
  }
  for (size_t i = 0; ok && i < ncand; i++)
    ok = db_exec(ctx->db,
                 "INSERT INTO meeting_vote_candidates (vote_id, seq, name, member_id)"
                 " VALUES (?, ?, ?, ?)",
                 "iitI", id, (int64_t)i + 1, cname[i], cmember[i]) == DB_DONE;
  json_t *what = ok ? json_pack("{s:I,s:s,s:s,s:b}", "vote", (json_int_t)id, "kind", kind, "title",
                                title, "secret", secret)
                    : NULL;
  ok = ok && audit_record(ctx->db, ctx->user, ctx->ip, "meeting.vote_create", "meeting", meeting_id,
                          m.committee_id, NULL, what);
  json_decref(what);
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return 0;
  return id;
}

/* The option keys of a vote's counts. */
static bool init_counts(struct entity_ctx *ctx, const struct vote_row *v) {
  static const char *const motion[] = {"yes", "no", "abstain", NULL};
  static const char *const election[] = {"ballots", "blank", "invalid", NULL};
  const char *const *keys = v->election ? election : motion;
  for (int i = 0; keys[i]; i++)
    if (db_exec(ctx->db,
                "INSERT INTO meeting_vote_counts (vote_id, option_key, n) VALUES (?, ?, 0)", "it",
                v->id, keys[i]) != DB_DONE)
      return false;
  return !v->election ||
         db_exec(ctx->db,
                 "INSERT INTO meeting_vote_counts (vote_id, option_key, n)"
                 " SELECT vote_id, 'c' || CAST(id AS TEXT), 0 FROM meeting_vote_candidates"
                 " WHERE vote_id = ?",
                 "i", v->id) == DB_DONE;
}

/* The members of the body present now: the member invitees signed in (and not out) to the
** sitting on now, else to the latest sitting that began. */
static int64_t present_now(struct entity_ctx *ctx, int64_t meeting_id, int64_t now) {
  int64_t sitting = db_int(ctx->db, 0,
                           "SELECT id FROM meeting_sittings WHERE meeting_id = ? AND starts_at <= ?"
                           " ORDER BY starts_at DESC, id DESC LIMIT 1",
                           "ii", meeting_id, now);
  if (!sitting) return 0;
  return db_int(ctx->db, 0,
                "SELECT COUNT(*) FROM meeting_signins s JOIN meeting_invitees i"
                " ON i.meeting_id = ? AND i.member_id = s.member_id AND i.role = 'member'"
                " WHERE s.sitting_id = ? AND s.signed_out_at IS NULL",
                "ii", meeting_id, sitting);
}

/* A motion's result from its counts. */
static json_t *motion_result(struct entity_ctx *ctx, const struct vote_row *v) {
  int64_t n[3] = {0, 0, 0};
  static const char *const keys[] = {"yes", "no", "abstain"};
  for (int i = 0; i < 3; i++)
    n[i] =
        db_int(ctx->db, 0, "SELECT n FROM meeting_vote_counts WHERE vote_id = ? AND option_key = ?",
               "it", v->id, keys[i]);
  return json_pack("{s:b,s:I,s:I,s:I,s:I,s:I}", "passed",
                   meeting_motion_passes((int)v->members_total, (int)n[0]), "yes", (json_int_t)n[0],
                   "no", (json_int_t)n[1], "abstain", (json_int_t)n[2], "members_total",
                   (json_int_t)v->members_total, "voted", (json_int_t)v->voted);
}

/* An election's result from its counts (meeting_election_result over the valid ballots). */
static json_t *election_result(struct entity_ctx *ctx, const struct vote_row *v) {
  int64_t ballots = db_int(ctx->db, 0,
                           "SELECT n FROM meeting_vote_counts WHERE vote_id = ?"
                           " AND option_key = 'ballots'",
                           "i", v->id),
          blank = db_int(ctx->db, 0,
                         "SELECT n FROM meeting_vote_counts WHERE vote_id = ?"
                         " AND option_key = 'blank'",
                         "i", v->id),
          invalid = db_int(ctx->db, 0,
                           "SELECT n FROM meeting_vote_counts WHERE vote_id = ?"
                           " AND option_key = 'invalid'",
                           "i", v->id);
  int64_t valid = ballots - invalid;
  size_t n = 0, cap = 16;
  struct meeting_candidate *c = mem_alloc(cap * sizeof *c);
  const char **names = mem_alloc(cap * sizeof *names);
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT c.id, c.name, COALESCE(k.n, 0) FROM meeting_vote_candidates"
                                " c LEFT JOIN meeting_vote_counts k ON k.vote_id = c.vote_id"
                                " AND k.option_key = 'c' || CAST(c.id AS TEXT)"
                                " WHERE c.vote_id = ? ORDER BY c.seq, c.id",
                                "i", v->id);
  while (db_step(st) == DB_ROW) {
    if (n == cap) {
      cap *= 2;
      c = mem_realloc(c, cap * sizeof *c);
      names = mem_realloc(names, cap * sizeof *names);
    }
    c[n] = (struct meeting_candidate){.id = db_col_int(st, 0), .votes = (int)db_col_int(st, 2)};
    names[n++] = arena_strdup(ctx->arena, db_col_text(st, 1));
  }
  db_done(st);
  /* the order of the list is kept for names; the rules sort a copy */
  struct meeting_candidate *sorted = mem_alloc((n ? n : 1) * sizeof *sorted);
  memcpy(sorted, c, n * sizeof *c);
  meeting_election_result(v->seats, (int)valid, sorted, n);
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++) {
    const struct meeting_candidate *s = NULL;
    for (size_t k = 0; k < n; k++)
      if (sorted[k].id == c[i].id) s = &sorted[k];
    json_array_append_new(list, json_pack("{s:I,s:s,s:i,s:b,s:b}", "id", (json_int_t)c[i].id,
                                          "name", names[i], "votes", c[i].votes, "elected",
                                          s && s->elected, "tied", s && s->tied));
  }
  free(sorted);
  free(c);
  free(names);
  return json_pack("{s:I,s:I,s:I,s:I,s:i,s:I,s:I,s:o}", "ballots", (json_int_t)ballots, "valid",
                   (json_int_t)valid, "blank", (json_int_t)blank, "invalid", (json_int_t)invalid,
                   "seats", v->seats, "members_total", (json_int_t)v->members_total, "voted",
                   (json_int_t)v->voted, "candidates", list);
}

/* POST .../votes/{vote_id}/open and .../close: the step under the meeting's and the vote's
** locks. False with ctx->err. */
static bool vote_step(struct entity_ctx *ctx, int64_t meeting_id, int64_t vote_id, bool open,
                      json_t *in) {
  static const char *const names[] = {NULL};
  if (in && (!input_object(ctx, in) || !input_only(ctx, in, names))) return false;
  struct meeting_row m;
  struct vote_row v;
  int64_t now = time_now();
  bool ok = db_begin(ctx->db) == DB_DONE && lock_as_manager(ctx, meeting_id, &m) &&
            vote_lock(ctx, meeting_id, vote_id, &v);
  if (ok && open && v.state != VS_DRAFT) {
    vote_wrong_state(ctx, &v, "只有未开始的表决可以开始", "Only a vote not yet open is opened");
    ok = false;
  } else if (ok && !open && v.state != VS_OPEN) {
    vote_wrong_state(ctx, &v, "只有投票中的表决可以结束", "Only an open vote is closed");
    ok = false;
  }
  if (ok && open && m.state != MS_IN_SESSION) {
    meeting_wrong_state(ctx, &m, "会议进行中才能开始表决",
                        "A vote opens while the meeting is in session");
    ok = false;
  }
  json_t *what = NULL;
  if (ok && open) {
    int64_t members = db_int(ctx->db, 0,
                             "SELECT COUNT(*) FROM meeting_invitees WHERE meeting_id = ?"
                             " AND role = 'member' AND member_id IS NOT NULL",
                             "i", meeting_id);
    if (members == 0) {
      entity_fail(ctx, ERR_INVALID_FIELD, "invitees", "会议没有可以表决的委员",
                  "The meeting has no voting members");
      ok = false;
    }
    int64_t present = ok ? present_now(ctx, meeting_id, now) : 0;
    ok = ok && init_counts(ctx, &v) &&
         db_exec(ctx->db,
                 "UPDATE meeting_votes SET status = 'open', members_total = ?,"
                 " present_at_open = ?, opened_at = ?, updated_at = ? WHERE id = ?",
                 "iiiii", members, present, now, now, v.id) == DB_DONE;
    if (ok)
      what =
          json_pack("{s:I,s:s,s:I,s:I}", "vote", (json_int_t)v.id, "title", v.title,
                    "members_total", (json_int_t)members, "present_at_open", (json_int_t)present);
  } else if (ok) {
    json_t *r = v.election ? election_result(ctx, &v) : motion_result(ctx, &v);
    char *text = json_dumps(r, JSON_COMPACT);
    ok = text && db_exec(ctx->db,
                         "UPDATE meeting_votes SET status = 'closed', result = ?, closed_at = ?,"
                         " updated_at = ? WHERE id = ?",
                         "tiii", text, now, now, v.id) == DB_DONE;
    free(text);
    if (ok)
      what = json_pack("{s:I,s:s,s:O}", "vote", (json_int_t)v.id, "title", v.title, "result", r);
    json_decref(r);
  }
  ok = ok &&
       meeting_event(ctx, meeting_id, open ? "vote_open" : "vote_close", v.title,
                     json_incref(what)) &&
       audit_record(ctx->db, ctx->user, ctx->ip, open ? "meeting.vote_open" : "meeting.vote_close",
                    "meeting", meeting_id, m.committee_id, NULL, what);
  json_decref(what);
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return false;
  notify_wake(ctx->db);
  return true;
}

/* The ballot's body: {choice} for a motion, {candidate_ids} for an election. */
struct ballot {
  const char *choice;
  int64_t ids[MAX_CANDIDATES + 1];
  int nids;
  bool has_ids;
};

static bool read_ballot(struct entity_ctx *ctx, json_t *in, struct ballot *b) {
  static const char *const names[] = {"choice", "candidate_ids", NULL};
  memset(b, 0, sizeof *b);
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(b->choice = input_enum(ctx, in, "choice", meeting_choices, false, "表决意见")))
    return false;
  json_t *ids = json_object_get(in, "candidate_ids");
  if (ids && !json_is_null(ids)) {
    b->has_ids = true;
    if (!input_ids(ctx, in, "candidate_ids", 0, MAX_CANDIDATES, b->ids, &b->nids, "候选人"))
      return false;
  }
  return true;
}

/* POST .../votes/{vote_id}/ballot: the caller's one ballot. False with ctx->err. */
static bool vote_ballot(struct entity_ctx *ctx, int64_t meeting_id, int64_t vote_id, json_t *in) {
  struct ballot b;
  if (!read_ballot(ctx, in, &b)) return false;
  struct vote_row v;
  int64_t now = time_now();
  bool ok = db_begin(ctx->db) == DB_DONE && vote_lock(ctx, meeting_id, vote_id, &v);
  if (ok && v.state != VS_OPEN) {
    vote_wrong_state(ctx, &v, "表决未在进行中，不能投票", "The vote is not open");
    ok = false;
  }
  const char *role = NULL;
  int64_t member = ok ? voter_of(ctx, meeting_id, &role) : 0;
  if (ok && !member) {
    entity_forbidden(
        ctx, role && !strcmp(role, "attendee") ? "列席人员不参加表决" : "只有参会委员可以投票",
        role && !strcmp(role, "attendee") ? "Non-voting attendees do not vote"
                                          : "Only the meeting's members vote");
    ok = false;
  }
  if (ok && db_int(ctx->db, 0,
                   "SELECT COUNT(*) FROM meeting_voters WHERE vote_id = ? AND"
                   " member_id = ?",
                   "ii", v.id, member)) {
    entity_fail(ctx, ERR_CONFLICT, NULL, "您已投票，每人只能投一次",
                "You have voted: one ballot each");
    ok = false;
  }
  /* what the ballot says, checked against the vote's kind and candidates */
  const char *marks = NULL;
  bool valid = true;
  if (ok && !v.election) {
    if (!*b.choice || b.has_ids) {
      entity_fail(ctx, ERR_INVALID_FIELD, "choice",
                  "请选择赞成（yes）、反对（no）或弃权（abstain）", "Choose yes, no or abstain");
      ok = false;
    }
  } else if (ok) {
    if (*b.choice || !b.has_ids) {
      entity_fail(ctx, ERR_INVALID_FIELD, "candidate_ids",
                  "选举请列出所选候选人（candidate_ids，可为空：空白票）",
                  "An election's ballot lists the candidates marked (candidate_ids; none: blank)");
      ok = false;
    }
    for (int i = 0; ok && i < b.nids; i++)
      if (!db_int(ctx->db, 0,
                  "SELECT COUNT(*) FROM meeting_vote_candidates WHERE id = ? AND vote_id = ?", "ii",
                  b.ids[i], v.id)) {
        entity_fail(ctx, ERR_INVALID_FIELD, "candidate_ids",
                    arena_printf(ctx->arena, "%lld 不是本次选举的候选人", (long long)b.ids[i]),
                    arena_printf(ctx->arena, "%lld is not a candidate of this election",
                                 (long long)b.ids[i]));
        ok = false;
      }
    valid = meeting_ballot_valid(v.seats, b.nids);
    if (ok && !v.secret) {
      struct buf mb = {0};
      buf_puts(&mb, "[");
      for (int i = 0; i < b.nids; i++) buf_printf(&mb, "%s%lld", i ? "," : "", (long long)b.ids[i]);
      buf_puts(&mb, "]");
      marks = arena_strdup(ctx->arena, mb.data);
      buf_free(&mb);
    }
  }
  ok = ok && db_exec(ctx->db,
                     "INSERT INTO meeting_voters (vote_id, member_id, voted_at, choice, marks)"
                     " VALUES (?, ?, ?, ?, ?)",
                     "iiitt", v.id, member, now, v.secret || v.election ? NULL : b.choice,
                     marks) == DB_DONE;
#define BUMP(key)                                                                                  \
  (db_exec(ctx->db,                                                                                \
           "UPDATE meeting_vote_counts SET n = n + 1 WHERE vote_id = ? AND option_key = ?", "it",  \
           v.id, (key)) == DB_DONE)
  if (ok && !v.election) ok = BUMP(b.choice);
  if (ok && v.election) {
    ok = BUMP("ballots");
    if (ok && !valid) ok = BUMP("invalid");
    if (ok && valid && b.nids == 0) ok = BUMP("blank");
    for (int i = 0; ok && valid && i < b.nids; i++)
      ok = BUMP(arena_printf(ctx->arena, "c%lld", (long long)b.ids[i]));
  }
#undef BUMP
  ok = ok &&
       db_exec(ctx->db, "UPDATE meeting_votes SET voted = voted + 1, updated_at = ? WHERE id = ?",
               "ii", now, v.id) == DB_DONE;
  /* the audit entry of a secret ballot names no choice: only that the member voted */
  json_t *what = NULL;
  if (ok) {
    what = json_pack("{s:I,s:I}", "vote", (json_int_t)v.id, "member_id", (json_int_t)member);
    if (!v.secret && !v.election) json_object_set_new(what, "choice", json_string(b.choice));
    if (!v.secret && v.election)
      json_object_set_new(what, "candidate_ids", json_loads(marks, 0, NULL));
  }
  ok = ok && audit_record(ctx->db, ctx->user, ctx->ip, "meeting.ballot", "meeting", meeting_id,
                          v.committee_id, NULL, what);
  json_decref(what);
  if (!entity_finish(ctx, ok ? DB_DONE : DB_ERROR)) return false;
  notify_wake(ctx->db);
  return true;
}

/* ---- the results PDF --------------------------------------------------------------------------
 */

/* Whether ctx may read vote id (the rule of its meeting). */
static bool vote_visible(struct entity_ctx *ctx, int64_t id) {
  int64_t meeting =
      db_int(ctx->db, 0, "SELECT meeting_id FROM meeting_votes WHERE id = ?", "i", id);
  return meeting && meeting_visible(ctx, meeting);
}

static const char *jstr(json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : "";
}

static const char *jnum(struct arena *a, json_t *o, const char *key) {
  return arena_printf(a, "%lld", (long long)json_integer_value(json_object_get(o, key)));
}

/* The results of closed vote id as a PDF: the meeting, the vote, the figures, and for a named
** motion who voted how. False with ctx->err (409 while not closed). */
bool meeting_vote_pdf(struct entity_ctx *ctx, int64_t id, struct buf *out) {
  struct arena *a = ctx->arena;
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT v.meeting_id, v.kind, v.title, v.secret, v.status,"
                                " v.result, v.opened_at, v.closed_at, v.present_at_open,"
                                " m.title, c.name FROM meeting_votes v"
                                " JOIN meetings m ON m.id = v.meeting_id"
                                " JOIN committees c ON c.id = m.committee_id WHERE v.id = ?",
                                "i", id);
  if (db_step(st) != DB_ROW) {
    db_done(st);
    entity_not_found(ctx, "未找到该表决事项", "No such vote");
    return false;
  }
  bool election = !strcmp(db_col_text(st, 1), "election"), secret = db_col_int(st, 3) != 0;
  const char *title = arena_strdup(a, db_col_text(st, 2)),
             *status = arena_strdup(a, db_col_text(st, 4)),
             *meeting = arena_strdup(a, db_col_text(st, 9)),
             *committee = arena_strdup(a, db_col_text(st, 10));
  json_t *r = db_col_null(st, 5) ? NULL : json_loads(db_col_text(st, 5), 0, NULL);
  int64_t opened = db_col_int(st, 6), closed = db_col_int(st, 7), present = db_col_int(st, 8);
  db_done(st);
  if (strcmp(status, "closed") || !r) {
    json_decref(r);
    entity_fail(ctx, ERR_WRONG_STATE, NULL,
                arena_printf(a, "表决结束后才有结果（当前状态：%s）",
                             label_zh(meeting_vote_states, status)),
                "The results come when the vote is closed");
    return false;
  }
  struct pdf *d = pdf_open(committee);
  if (!d) {
    json_decref(r);
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成 PDF", "Cannot make the PDF");
    return false;
  }
  char t0[20], t1[20];
  time_cst_minute(opened, t0);
  time_cst_minute(closed, t1);
  pdf_title(d, election ? "选举结果" : "表决结果");
  pdf_subtitle(d, meeting);
  pdf_field(d, election ? "选举事项" : "表决事项", title);
  pdf_field(d, "投票方式", label_zh(meeting_vote_outcomes, secret ? "secret" : "named"));
  pdf_field(d, "投票时间", arena_printf(a, "%s 至 %s", t0, t1));
  pdf_field(d, "应到委员", arena_printf(a, "%s 人", jnum(a, r, "members_total")));
  pdf_field(d, "开始表决时出席", arena_printf(a, "%lld 人", (long long)present));
  pdf_field(d, "参加投票", arena_printf(a, "%s 人", jnum(a, r, "voted")));
  if (!election) {
    pdf_field(d, "赞成", arena_printf(a, "%s 票", jnum(a, r, "yes")));
    pdf_field(d, "反对", arena_printf(a, "%s 票", jnum(a, r, "no")));
    pdf_field(d, "弃权", arena_printf(a, "%s 票", jnum(a, r, "abstain")));
    bool passed = json_is_true(json_object_get(r, "passed"));
    pdf_field(d, "表决结果",
              arena_printf(a, "%s（赞成票%s全体委员的半数）",
                           label_zh(meeting_vote_outcomes, passed ? "passed" : "failed"),
                           passed ? "超过" : "未超过"));
    if (!secret) {
      st = db_query(ctx->db,
                    "SELECT m.name, COALESCE(v.choice, '') FROM meeting_voters v JOIN members m"
                    " ON m.id = v.member_id WHERE v.vote_id = ? ORDER BY v.voted_at, m.id",
                    "i", id);
      size_t n = 0, cap = 64;
      const char **cells = mem_alloc(cap * 2 * sizeof *cells);
      while (db_step(st) == DB_ROW) {
        if (n == cap) cells = mem_realloc(cells, (cap *= 2) * 2 * sizeof *cells);
        cells[2 * n] = arena_strdup(a, db_col_text(st, 0));
        cells[2 * n + 1] = label_zh(meeting_choices, db_col_text(st, 1));
        n++;
      }
      db_done(st);
      static const char *const header[] = {"委员", "表决意见"};
      pdf_heading(d, "记名表决情况");
      pdf_table(d, 2, NULL, header, cells, (int)n);
      free(cells);
    }
  } else {
    pdf_field(d, "应选名额", arena_printf(a, "%s 名", jnum(a, r, "seats")));
    pdf_field(d, "收回选票", arena_printf(a, "%s 张", jnum(a, r, "ballots")));
    pdf_field(
        d, "有效票",
        arena_printf(a, "%s 张（其中空白票 %s 张）", jnum(a, r, "valid"), jnum(a, r, "blank")));
    pdf_field(d, "无效票", arena_printf(a, "%s 张", jnum(a, r, "invalid")));
    json_t *cands = json_object_get(r, "candidates");
    size_t n = json_array_size(cands), i;
    const char **cells = arena_alloc(a, (n + 1) * 3 * sizeof *cells);
    json_t *c;
    json_array_foreach(cands, i, c) {
      cells[3 * i] = arena_strdup(a, jstr(c, "name"));
      cells[3 * i + 1] = jnum(a, c, "votes");
      cells[3 * i + 2] = label_zh(meeting_vote_outcomes,
                                  json_is_true(json_object_get(c, "elected")) ? "elected"
                                  : json_is_true(json_object_get(c, "tied"))  ? "tied"
                                                                              : "not_elected");
    }
    static const char *const header[] = {"候选人", "得票", "结果"};
    static const double widths[] = {2, 1, 2};
    pdf_heading(d, "候选人得票情况");
    pdf_table(d, 3, widths, header, cells, (int)n);
  }
  json_decref(r);
  pdf_space(d, 24);
  pdf_line_lr(d, "", arena_printf(a, "%s（会务组）", committee));
  pdf_line_lr(d, "", t1);
  if (!pdf_finish(d, out)) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "生成 PDF 失败", "Could not write the PDF");
    return false;
  }
  return true;
}

/* The job of POST .../votes/{vote_id}/pdf. */
static bool pdf_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  struct buf out = {0};
  job_progress(j, 0, 1, "生成 PDF");
  return job_set_file(j, &ctx, meeting_vote_pdf(&ctx, j->record_id, &out), &out, "application/pdf",
                      arena_printf(j->arena, "表决结果-%lld.pdf", (long long)j->record_id));
}

const struct job_kind meeting_vote_job_kinds[] = {
    {"meeting_vote_pdf", "表决结果 PDF", pdf_job, PERM_MEETING_READ, vote_visible, true},
    {NULL},
};

/* ---- HTTP ------------------------------------------------------------------------------------ */

static void list_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, votes_list(ctx, request_id(rq, "id")));
}

static void get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, vote_get(ctx, request_id(rq, "id"), request_id(rq, "vote_id")));
}

static void create_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t mid = request_id(rq, "id"), id = vote_create(ctx, mid, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  json_t *o = vote_get(ctx, mid, id);
  if (!o) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, o);
}

/* POST .../open, .../close (the route's data: 1 open, 0 close): 200 with the vote. */
static void step_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t mid = request_id(rq, "id"), id = request_id(rq, "vote_id");
  if (!vote_step(ctx, mid, id, rq->route->data != NULL, rq->json))
    return reply_entity_error(rq, ctx);
  reply_result(rq, ctx, vote_get(ctx, mid, id));
}

static void ballot_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t mid = request_id(rq, "id"), id = request_id(rq, "vote_id");
  if (!vote_ballot(ctx, mid, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_result(rq, ctx, vote_get(ctx, mid, id));
}

/* POST .../votes/{vote_id}/pdf: 202 {job}; 409 at once while the vote is not closed. */
static void pdf_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t mid = request_id(rq, "id"), id = request_id(rq, "vote_id");
  struct vote_row v;
  if (!vote_load(ctx, mid, id, &v)) return reply_entity_error(rq, ctx);
  if (v.state != VS_CLOSED) {
    vote_wrong_state(ctx, &v, "表决结束后才能打印结果",
                     "The results print once the vote is closed");
    return reply_entity_error(rq, ctx);
  }
  job_export_start(rq, "meeting_vote_pdf", id, NULL);
}

const struct label_table meeting_vote_labels[] = {
    {"meeting.vote_kind", meeting_vote_kinds},
    {"meeting.vote_state", meeting_vote_states},
    {"meeting.choice", meeting_choices},
    {"meeting.election_form", meeting_election_forms},
    {"meeting.vote_outcome", meeting_vote_outcomes},
    {NULL},
};

#define V "/api/v1/meetings/{id}/votes"
const struct route meeting_vote_routes[] = {
    {"GET", V, list_h, PERM_MEETING_READ, 0, meeting_route_visible,
     "表决与选举（进行中只有已投票人数）"},
    {"POST", V, create_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible, "新建表决或选举"},
    {"GET", V "/{vote_id}", get_h, PERM_MEETING_READ, 0, meeting_route_visible, "表决详情"},
    {"POST", V "/{vote_id}/open", step_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible,
     "开始表决", (const void *)1},
    {"POST", V "/{vote_id}/close", step_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible,
     "结束表决（写入结果）", NULL},
    {"POST", V "/{vote_id}/ballot", ballot_h, PERM_MEETING_ATTEND, ROUTE_JSON,
     meeting_route_visible, "投票（每人一次）"},
    {"POST", V "/{vote_id}/pdf", pdf_h, PERM_MEETING_READ, ROUTE_EXPORT, meeting_route_visible,
     "表决结果（PDF，任务）"},
    {NULL},
};
