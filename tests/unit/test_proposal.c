/* tests/unit/test_proposal.c: the proposal's life on a migrated temporary database. The state
** machine: every state × action pair the table refuses fails with 409 wrong_state naming the
** state (in Chinese by its label, in English by its name) and changes nothing, and the table is
** the one the header documents; the allowed pairs by hand-worked cases, run as the system or as
** the account whose step it is (the author, an invited co-signer, the proposal office in scope,
** the handling units' accounts): submitting alone and jointly, co-signing and its deadline,
** withdrawing, returning, filing with serial numbers per session, merging, not filing (reasons
** 1..10), converting, assigning (lead with co-handlers, split, again after an objection),
** accepting, objecting within the window, views, replies, countersigning, the office's check,
** extensions, ratings and handling again, consultations, closing, key and good proposals.
** Deadlines in CST calendar months (month ends, leap years, times near midnight, negative
** months) and the extension limit; the search tokens of mixed Chinese and English text. */
#include "auth/access.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "db/db.h"
#include "db/migrate.h"
#include "file/file.h"
#include "entity/entity.h"
#include "org/org.h"
#include "proposal/proposal.h"
#include "proposal/proposal_int.h"
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char pt_path[64];
static struct arena pt_arena;
static struct entity_ctx pt_ctx;
static int64_t pt_root, pt_city, pt_county;  /* 全国政协 > 兰州市政协 > 城关区政协 */
static int64_t pt_m1, pt_m2, pt_m3, pt_m4;   /* members of the city */
static int64_t pt_mc;                        /* a member of the county */
static int64_t pt_unit1, pt_unit2, pt_unit3; /* handling units of the city */
static int64_t pt_session;                   /* the city's session, open all century */
static struct user pt_users[16];
static int pt_nusers;
/* accounts: members 1..4, the city's proposal office, the county's (out of scope), units 1..3 */
static const struct user *pt_u1, *pt_u2, *pt_u3, *pt_u4, *pt_office, *pt_office_county, *pt_h1,
    *pt_h2, *pt_h3;

static const unsigned char pt_key[32] = {7, 1, 8};

static void pt_reset(void) {
  json_decref(pt_ctx.err.errors);
  memset(&pt_ctx.err, 0, sizeof pt_ctx.err);
}

static json_t *pt_json(const char *text) {
  json_error_t je;
  json_t *j = json_loads(text, 0, &je);
  cr_assert_not_null(j, "bad JSON in test: %s: %s", text, je.text);
  return j;
}

static const char *pt_code(void) { return pt_ctx.err.code ? pt_ctx.err.code : "-"; }
static const char *pt_zh(void) { return pt_ctx.err.zh ? pt_ctx.err.zh : "-"; }

static int64_t pt_member(int64_t committee, const char *name) {
  int64_t id = db_int(pt_ctx.db, 0,
                      "INSERT INTO members (committee_id, name, gender, created_at, updated_at)"
                      " VALUES (?, ?, 'male', 0, 0) RETURNING id",
                      "it", committee, name);
  cr_assert_gt(id, 0);
  return id;
}

static int64_t pt_unit(int64_t committee, const char *name) {
  int64_t id = db_int(pt_ctx.db, 0,
                      "INSERT INTO units (committee_id, name, created_at, updated_at) VALUES (?, "
                      "?, 0, 0) RETURNING id",
                      "it", committee, name);
  cr_assert_gt(id, 0);
  return id;
}

/* A users row and the struct user the session layer would load for it. */
static const struct user *pt_account(enum role role, int64_t committee, int64_t member,
                                     int64_t unit, const char *username) {
  cr_assert_lt(pt_nusers, 16);
  int64_t id =
      db_int(pt_ctx.db, 0,
             "INSERT INTO users (username, display_name, role, committee_id, member_id, unit_id,"
             " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0) RETURNING id",
             "tttiII", username, username, access_role_name(role), committee, member, unit);
  cr_assert_gt(id, 0, "users row %s: %s", username, db_errmsg(pt_ctx.db));
  struct user *u = &pt_users[pt_nusers++];
  *u = (struct user){.id = id,
                     .username = username,
                     .display_name = username,
                     .role = role,
                     .committee_id = committee,
                     .committee_path = committee_path_of(&pt_ctx, committee),
                     .member_id = member,
                     .unit_id = unit};
  cr_assert_not_null(u->committee_path);
  return u;
}

static void pt_init(void) {
  strcpy(pt_path, "/tmp/lvzhi-test-proposal-XXXXXX");
  int fd = mkstemp(pt_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  struct db *db = db_open(pt_path, &err);
  cr_assert_not_null(db, "%s", err ? err : "");
  cr_assert_eq(migrate_run(db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
  arena_init(&pt_arena);
  memset(&pt_ctx, 0, sizeof pt_ctx);
  pt_ctx.db = db;
  pt_ctx.arena = &pt_arena;
  pt_ctx.ip = "127.0.0.1";
  pt_ctx.secret = pt_key; /* replies seal their contact's phone */
  pt_nusers = 0;
  pt_root = org_committee_add(&pt_ctx, 0, "全国政协", "national", "");
  pt_city = org_committee_add(&pt_ctx, pt_root, "兰州市政协", "city", "兰州市");
  pt_county = org_committee_add(&pt_ctx, pt_city, "城关区政协", "county", "城关区");
  cr_assert(pt_root && pt_city && pt_county);
  pt_m1 = pt_member(pt_city, "张明");
  pt_m2 = pt_member(pt_city, "李华");
  pt_m3 = pt_member(pt_city, "王芳");
  pt_m4 = pt_member(pt_city, "赵强");
  pt_mc = pt_member(pt_county, "陈静");
  pt_unit1 = pt_unit(pt_city, "市发展和改革委员会");
  pt_unit2 = pt_unit(pt_city, "市财政局");
  pt_unit3 = pt_unit(pt_city, "市教育局");
  pt_u1 = pt_account(ROLE_MEMBER, pt_city, pt_m1, 0, "zhangming");
  pt_u2 = pt_account(ROLE_MEMBER, pt_city, pt_m2, 0, "lihua");
  pt_u3 = pt_account(ROLE_MEMBER, pt_city, pt_m3, 0, "wangfang");
  pt_u4 = pt_account(ROLE_MEMBER, pt_city, pt_m4, 0, "zhaoqiang");
  pt_office = pt_account(ROLE_PROPOSAL_OFFICE, pt_city, 0, 0, "tian");
  pt_office_county = pt_account(ROLE_PROPOSAL_OFFICE, pt_county, 0, 0, "chengguan");
  pt_h1 = pt_account(ROLE_HANDLING_UNIT, pt_city, 0, pt_unit1, "fgw");
  pt_h2 = pt_account(ROLE_HANDLING_UNIT, pt_city, 0, pt_unit2, "czj");
  pt_h3 = pt_account(ROLE_HANDLING_UNIT, pt_city, 0, pt_unit3, "jyj");
  pt_session = db_int(
      db, 0,
      "INSERT INTO proposal_sessions (committee_id, name, year, opens_on, closes_on, created_at,"
      " updated_at) VALUES (?, '十五届一次会议', 2026, '2000-01-01', '2099-12-31', 0, 0) RETURNING "
      "id",
      "i", pt_city);
  cr_assert_gt(pt_session, 0);
}

static void pt_fini(void) {
  pt_reset();
  db_close(pt_ctx.db);
  arena_free(&pt_arena);
  char p[96];
  unlink(pt_path);
  snprintf(p, sizeof p, "%s-wal", pt_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", pt_path);
  unlink(p);
}

TestSuite(proposal, .init = pt_init, .fini = pt_fini);

/* ---- helpers -------------------------------------------------------------------------------- */

/* A proposal in draft: entered by as (NULL: the system) for proposer in committee. */
static int64_t pt_new(const struct user *as, int64_t committee, const char *kind, int64_t proposer,
                      const char *title) {
  char text[1024];
  snprintf(text, sizeof text,
           "{\"title\":\"%s\",\"category\":\"经济建设\",\"committee_id\":%lld,\"kind\":\"%s\","
           "\"proposer_id\":%lld,\"facts\":\"我市5G基站建设滞后。\",\"analysis\":\"审批环节多。\","
           "\"suggestions\":\"简化审批，统筹站址。\"}",
           title, (long long)committee, kind, (long long)proposer);
  json_t *in = pt_json(text);
  pt_reset();
  pt_ctx.user = as;
  int64_t id = entity_create(&pt_ctx, &proposal_entity, in);
  pt_ctx.user = NULL;
  json_decref(in);
  cr_assert_gt(id, 0, "create proposal: %s %s", pt_code(), pt_zh());
  return id;
}

/* Action a on id as the account as (NULL: the system), with JSON input (fmt NULL: none). */
static bool pt_act(const struct user *as, int64_t id, enum proposal_action a, const char *fmt,
                   ...) {
  json_t *in = NULL;
  if (fmt) {
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    in = pt_json(text);
  }
  pt_reset();
  pt_ctx.user = as;
  bool ok = proposal_act(&pt_ctx, id, a, in);
  pt_ctx.user = NULL;
  json_decref(in);
  return ok;
}

#define PT_OK(as, id, a, ...)                                                                      \
  cr_assert(pt_act(as, id, a, __VA_ARGS__), "%s should succeed: %d %s %s",                         \
            proposal_action_name(a), pt_ctx.err.status, pt_code(), pt_zh())

#define PT_FAIL(status_, code_, as, id, a, ...)                                                    \
  do {                                                                                             \
    cr_expect_not(pt_act(as, id, a, __VA_ARGS__), "%s should fail with %s",                        \
                  proposal_action_name(a), code_);                                                 \
    cr_expect_eq(pt_ctx.err.status, status_, "%s: status %d (%s %s), want %d",                     \
                 proposal_action_name(a), pt_ctx.err.status, pt_code(), pt_zh(), status_);         \
    cr_expect_str_eq(pt_code(), code_, "%s: %s", proposal_action_name(a), pt_zh());                \
  } while (0)

/* A unit's answer letter, uploaded by that unit's account: the file_id of a reply. */
static long long pt_letter(const struct user *as) {
  pt_reset();
  pt_ctx.user = as;
  int64_t id = file_store(&pt_ctx, 0, "答复函.pdf", "application/pdf", "%PDF-1.4 letter", 15);
  pt_ctx.user = NULL;
  cr_assert_gt(id, 0, "letter: %s", pt_zh());
  return (long long)id;
}
/* The rest of a reply after its category and text: the letter, the leader, the contact. */
#define PT_REPLY_REST                                                                                  \
  "\"file_id\":%lld,\"leader\":\"张局长\",\"contact_name\":\"李干事\",\"contact_phone\":\"0931-" \
  "8123456\"}"

static int pt_state(int64_t id) {
  struct db_stmt *st = db_query(pt_ctx.db, "SELECT status FROM proposals WHERE id = ?", "i", id);
  int s = db_step(st) == DB_ROW ? proposal_state_parse(db_col_text(st, 0)) : -1;
  db_done(st);
  return s;
}

#define PT_STATE(id, want)                                                                         \
  do {                                                                                             \
    int s_ = pt_state(id);                                                                         \
    cr_expect_eq(s_, want, "proposal %lld is %s, want %s", (long long)(id),                        \
                 proposal_state_name(s_), proposal_state_name(want));                              \
  } while (0)

static void pt_force(int64_t id, enum proposal_state s) {
  cr_assert_eq(db_exec(pt_ctx.db, "UPDATE proposals SET status = ? WHERE id = ?", "ti",
                       proposal_state_name(s), id),
               DB_DONE);
}

/* One integer of the database, e.g. pt_int("SELECT serial FROM proposals WHERE id = ?", id). */
static int64_t pt_int(const char *sql, int64_t id) { return db_int(pt_ctx.db, -1, sql, "i", id); }

/* The live assignment of unit on proposal id. */
static int64_t pt_asg(int64_t id, int64_t unit) {
  int64_t a = db_int(pt_ctx.db, 0,
                     "SELECT id FROM proposal_assignments WHERE proposal_id = ? AND unit_id = ? "
                     "AND status <> 'withdrawn'",
                     "ii", id, unit);
  cr_assert_gt(a, 0, "no assignment of unit %lld on %lld", (long long)unit, (long long)id);
  return a;
}

static const char *pt_asg_text(int64_t aid, const char *column) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT %s FROM proposal_assignments WHERE id = ?", column);
  struct db_stmt *st = db_query(pt_ctx.db, sql, "i", aid);
  const char *s = db_step(st) == DB_ROW ? arena_strdup(&pt_arena, db_col_text(st, 0)) : "";
  db_done(st);
  return s;
}

static int64_t pt_iso(const char *s) {
  int64_t t;
  cr_assert(time_parse_iso(s, &t), "bad time in test: %s", s);
  return t;
}

/* A member proposal of m1, submitted by its account. */
static int64_t pt_submitted(const char *title) {
  int64_t id = pt_new(pt_u1, pt_city, "member", pt_m1, title);
  PT_OK(pt_u1, id, PA_SUBMIT, NULL);
  PT_STATE(id, PS_SUBMITTED);
  return id;
}

/* A joint proposal of m1 with m2 confirmed and m3 declined: submitted. */
static int64_t pt_joint_submitted(const char *title) {
  int64_t id = pt_new(pt_u1, pt_city, "joint", pt_m1, title);
  json_t *ms = json_pack("[I,I]", (json_int_t)pt_m2, (json_int_t)pt_m3);
  pt_reset();
  pt_ctx.user = pt_u1;
  cr_assert(proposal_set_cosigners(&pt_ctx, id, ms), "cosigners: %s %s", pt_code(), pt_zh());
  pt_ctx.user = NULL;
  json_decref(ms);
  PT_OK(pt_u1, id, PA_SUBMIT, NULL);
  PT_STATE(id, PS_COSIGNING);
  PT_OK(pt_u2, id, PA_COSIGN, "{\"accept\":true}");
  PT_OK(pt_u3, id, PA_COSIGN, "{\"accept\":false}");
  PT_STATE(id, PS_SUBMITTED);
  return id;
}

/* submitted -> filed -> assigned to unit 1 (lead) and unit 2 (co) -> both accept: handling. */
static void pt_to_handling(int64_t id) {
  PT_OK(pt_office, id, PA_FILE, NULL);
  PT_OK(pt_office, id, PA_ASSIGN,
        "{\"mode\":\"lead\",\"lead_unit_id\":%lld,\"co_unit_ids\":[%lld]}", (long long)pt_unit1,
        (long long)pt_unit2);
  PT_OK(pt_h1, id, PA_ACCEPT, NULL);
  PT_OK(pt_h2, id, PA_ACCEPT, NULL);
  PT_STATE(id, PS_HANDLING);
}

/* handling (lead 1, co 2) -> the lead replies, the co-handler countersigns, the office approves. */
static void pt_to_replied(int64_t id) {
  PT_OK(pt_h1, id, PA_REPLY,
        "{\"category\":\"A\",\"text\":\"已采纳，明年完成站址规划。\"," PT_REPLY_REST,
        pt_letter(pt_h1));
  PT_OK(pt_h2, id, PA_COUNTERSIGN, NULL);
  PT_OK(pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}",
        (long long)pt_asg(id, pt_unit1));
  PT_STATE(id, PS_REPLIED);
}

/* ---- 1. the state machine ------------------------------------------------------------------- */

/* The table as proposal.h documents it, written out again: state bits per action. */
#define B(s) (1u << (s))
static const unsigned pt_documented[PA__COUNT] = {
    [PA_SUBMIT] = B(PS_DRAFT) | B(PS_RETURNED),
    [PA_COSIGN] = B(PS_COSIGNING),
    [PA_CLOSE_COSIGNING] = B(PS_COSIGNING),
    [PA_WITHDRAW] = B(PS_DRAFT) | B(PS_COSIGNING) | B(PS_SUBMITTED) | B(PS_RETURNED),
    [PA_RETURN] = B(PS_SUBMITTED),
    [PA_FILE] = B(PS_SUBMITTED),
    [PA_MERGE] = B(PS_SUBMITTED),
    [PA_REJECT] = B(PS_SUBMITTED),
    [PA_CONVERT] = B(PS_NOT_FILED),
    [PA_ASSIGN] = B(PS_FILED) | B(PS_ASSIGNED),
    [PA_ACCEPT] = B(PS_ASSIGNED),
    [PA_OBJECT] = B(PS_ASSIGNED),
    [PA_VIEW] = B(PS_HANDLING) | B(PS_REHANDLING),
    [PA_REPLY] = B(PS_HANDLING) | B(PS_REHANDLING),
    [PA_COMMUNICATE] = B(PS_HANDLING) | B(PS_REHANDLING),
    [PA_COUNTERSIGN] = B(PS_HANDLING) | B(PS_REHANDLING),
    [PA_APPROVE_REPLY] = B(PS_HANDLING) | B(PS_REHANDLING),
    [PA_RETURN_REPLY] = B(PS_HANDLING) | B(PS_REHANDLING),
    [PA_EXTEND] = B(PS_ASSIGNED) | B(PS_HANDLING) | B(PS_REHANDLING),
    [PA_DECIDE_EXTENSION] = B(PS_ASSIGNED) | B(PS_HANDLING) | B(PS_REHANDLING),
    [PA_RATE] = B(PS_REPLIED) | B(PS_CLOSED),
    [PA_CONSULT] = B(PS_REPLIED) | B(PS_REHANDLING) | B(PS_CLOSED),
    [PA_CLOSE] = B(PS_REPLIED),
    [PA_MARK_KEY] = B(PS_FILED) | B(PS_ASSIGNED) | B(PS_HANDLING) | B(PS_REPLIED) |
                    B(PS_REHANDLING) | B(PS_CLOSED),
    [PA_MARK_GOOD] = B(PS_REPLIED) | B(PS_CLOSED),
};

Test(proposal, table_is_the_documented_one) {
  int allowed = 0;
  for (int s = 0; s < PS__COUNT; s++)
    for (int a = 0; a < PA__COUNT; a++) {
      bool want = pt_documented[a] & B(s);
      cr_expect_eq(proposal_allowed(s, a), want, "%s in %s: %s", proposal_action_name(a),
                   proposal_state_name(s), want ? "should be allowed" : "should be refused");
      allowed += want;
    }
  cr_expect_eq(allowed, 49);
  /* outside the enums */
  cr_expect_not(proposal_allowed(-1, PA_SUBMIT));
  cr_expect_not(proposal_allowed(PS__COUNT, PA_SUBMIT));
  cr_expect_not(proposal_allowed(PS_DRAFT, -1));
  cr_expect_not(proposal_allowed(PS_DRAFT, PA__COUNT));
  /* names round-trip; labels are all there */
  for (int s = 0; s < PS__COUNT; s++) {
    cr_expect_eq(proposal_state_parse(proposal_state_name(s)), s);
    cr_expect(*proposal_state_label(s), "state %d has no label", s);
  }
  for (int a = 0; a < PA__COUNT; a++)
    cr_expect_eq(proposal_action_parse(proposal_action_name(a)), a);
  cr_expect_eq(proposal_state_parse("nonsense"), -1);
  cr_expect_eq(proposal_state_parse(NULL), -1);
  cr_expect_eq(proposal_action_parse("delete"), -1);
  cr_expect_str_eq(proposal_state_label(PS_COSIGNING), "联名征集中");
  cr_expect_str_eq(proposal_state_label(PS_CLOSED), "已办结");
  cr_expect_str_eq(proposal_action_name(PA_CLOSE_COSIGNING), "close-cosigning");
  cr_expect_str_eq(proposal_action_name(PA_DECIDE_EXTENSION), "decide-extension");
}

Test(proposal, every_refused_pair_is_wrong_state) {
  int64_t id = pt_new(NULL, pt_city, "member", pt_m1, "关于加快5G基站建设的提案");
  int64_t events = pt_int("SELECT COUNT(*) FROM proposal_events WHERE proposal_id = ?", id);
  int refused = 0;
  for (int s = 0; s < PS__COUNT; s++)
    for (int a = 0; a < PA__COUNT; a++) {
      if (proposal_allowed(s, a)) continue;
      refused++;
      pt_force(id, s);
      const char *an = proposal_action_name(a), *sn = proposal_state_name(s);
      cr_expect_not(pt_act(NULL, id, a, NULL), "%s in %s should be refused", an, sn);
      cr_expect_eq(pt_ctx.err.status, 409, "%s in %s: status %d", an, sn, pt_ctx.err.status);
      cr_expect_str_eq(pt_code(), "wrong_state", "%s in %s", an, sn);
      char zh[128], en[128];
      snprintf(zh, sizeof zh, "（当前状态：%s）", proposal_state_label(s));
      snprintf(en, sizeof en, "(current state: %s)", sn);
      cr_expect(pt_ctx.err.zh && strstr(pt_ctx.err.zh, zh), "%s in %s: zh \"%s\" lacks %s", an, sn,
                pt_zh(), zh);
      cr_expect(pt_ctx.err.en && strstr(pt_ctx.err.en, en), "%s in %s: en \"%s\" lacks %s", an, sn,
                pt_ctx.err.en ? pt_ctx.err.en : "-", en);
      /* as the proposal office and as the author too: the state is checked first */
      cr_expect_not(pt_act(pt_office, id, a, NULL));
      cr_expect_str_eq(pt_code(), "wrong_state", "%s in %s as the office", an, sn);
      cr_expect_not(pt_act(pt_u1, id, a, "{}"));
      cr_expect_str_eq(pt_code(), "wrong_state", "%s in %s as the author", an, sn);
      PT_STATE(id, s);
    }
  cr_expect_eq(refused, PS__COUNT * PA__COUNT - 49);
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM proposal_events WHERE proposal_id = ?", id), events,
               "a refused action leaves no event");
  cr_expect_eq(
      db_int(
          pt_ctx.db, 0,
          "SELECT COUNT(*) FROM audit_log WHERE entity = 'proposal' AND action LIKE 'proposal.%'",
          ""),
      0, "a refused action leaves no audit entry");
  /* the English message in English mode too */
  pt_force(id, PS_CLOSED);
  pt_ctx.en = true;
  cr_expect_not(pt_act(NULL, id, PA_SUBMIT, NULL));
  cr_expect(pt_ctx.err.en && strstr(pt_ctx.err.en, "closed"));
  cr_expect(pt_ctx.err.zh && strstr(pt_ctx.err.zh, "已办结"));
  pt_ctx.en = false;
  /* no such proposal, no such action */
  PT_FAIL(404, "not_found", NULL, id + 1000, PA_SUBMIT, NULL);
  PT_FAIL(404, "not_found", NULL, id, PA__COUNT, NULL);
}

/* ---- 1. the allowed pairs, by hand-worked cases ---------------------------------------------- */

Test(proposal, submit_member_proposal) {
  int64_t id = pt_new(pt_u1, pt_city, "member", pt_m1, "关于加快5G基站建设的提案");
  cr_expect_eq(pt_int("SELECT created_by FROM proposals WHERE id = ?", id), pt_u1->id);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM proposal_signers WHERE proposal_id = ? AND role = 'first'"
             " AND status = 'confirmed'",
             id),
      1);
  PT_STATE(id, PS_DRAFT);
  /* only the author submits */
  PT_FAIL(403, "forbidden", pt_u2, id, PA_SUBMIT, NULL);
  PT_FAIL(403, "forbidden", pt_h1, id, PA_SUBMIT, NULL);
  /* suggestions are required */
  cr_assert_eq(db_exec(pt_ctx.db, "UPDATE proposals SET suggestions = '' WHERE id = ?", "i", id),
               DB_DONE);
  PT_FAIL(422, "invalid_field", pt_u1, id, PA_SUBMIT, NULL);
  cr_assert_eq(
      db_exec(pt_ctx.db, "UPDATE proposals SET suggestions = '统筹站址' WHERE id = ?", "i", id),
      DB_DONE);
  PT_OK(pt_u1, id, PA_SUBMIT, NULL);
  PT_STATE(id, PS_SUBMITTED);
  cr_expect_eq(pt_int("SELECT session_id FROM proposals WHERE id = ?", id), pt_session);
  cr_expect_eq(pt_int("SELECT interim FROM proposals WHERE id = ?", id), 0,
               "in the session's window");
  cr_expect_gt(pt_int("SELECT submitted_at FROM proposals WHERE id = ?", id), 0);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM proposal_events WHERE proposal_id = ? AND action = 'submit'"
             " AND from_status = 'draft' AND to_status = 'submitted'",
             id),
      1);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM audit_log WHERE action = 'proposal.submit' AND entity_id = ?",
             id),
      1);
  /* the office in scope is told */
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ?", pt_office->id), 1);
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ?", pt_office_county->id),
               0);
}

Test(proposal, submit_outside_the_session_window_is_interim) {
  cr_assert_eq(db_exec(pt_ctx.db,
                       "UPDATE proposal_sessions SET closes_on = '2000-12-31' WHERE id = ?", "i",
                       pt_session),
               DB_DONE);
  int64_t id = pt_submitted("关于优化营商环境的提案");
  cr_expect_eq(pt_int("SELECT session_id FROM proposals WHERE id = ?", id), pt_session);
  cr_expect_eq(pt_int("SELECT interim FROM proposals WHERE id = ?", id), 1);
}

Test(proposal, submit_joint_then_cosign) {
  int64_t id = pt_new(pt_u1, pt_city, "joint", pt_m1, "关于推进垃圾分类的提案");
  json_t *ms = json_pack("[I,I]", (json_int_t)pt_m2, (json_int_t)pt_m3);
  pt_reset();
  pt_ctx.user = pt_u1;
  cr_assert(proposal_set_cosigners(&pt_ctx, id, ms), "%s %s", pt_code(), pt_zh());
  pt_ctx.user = NULL;
  json_decref(ms);
  int64_t before = time_now();
  PT_OK(pt_u1, id, PA_SUBMIT, NULL);
  PT_STATE(id, PS_COSIGNING);
  int64_t dl = pt_int("SELECT cosign_deadline FROM proposals WHERE id = ?", id);
  cr_expect(dl >= before + 7 * 86400 && dl <= time_now() + 7 * 86400, "cosign deadline 7 days on");
  /* the invited are told */
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal_cosign'",
             pt_u2->id),
      1);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal_cosign'",
             pt_u4->id),
      0);
  /* one not invited may not co-sign; the author neither */
  PT_FAIL(403, "forbidden", pt_u4, id, PA_COSIGN, "{\"accept\":true}");
  PT_FAIL(403, "forbidden", pt_u1, id, PA_COSIGN, "{\"accept\":true}");
  PT_FAIL(422, "invalid_field", pt_u2, id, PA_COSIGN, "{\"accept\":\"yes\"}");
  /* m2 confirms: m3 is still to answer */
  PT_OK(pt_u2, id, PA_COSIGN, "{\"accept\":true}");
  PT_STATE(id, PS_COSIGNING);
  PT_FAIL(403, "forbidden", pt_u2, id, PA_COSIGN, "{\"accept\":false}"); /* answered already */
  /* m3 declines: nobody is left, the proposal goes to review */
  PT_OK(pt_u3, id, PA_COSIGN, "{\"accept\":false}");
  PT_STATE(id, PS_SUBMITTED);
  cr_expect_eq(
      db_int(pt_ctx.db, 0,
             "SELECT COUNT(*) FROM proposal_signers WHERE proposal_id = ? AND member_id = ?"
             " AND status = 'confirmed'",
             "ii", id, pt_m2),
      1);
  cr_expect_eq(
      db_int(pt_ctx.db, 0,
             "SELECT COUNT(*) FROM proposal_signers WHERE proposal_id = ? AND member_id = ?"
             " AND status = 'declined'",
             "ii", id, pt_m3),
      1);
  /* a joint proposal without invited co-signers goes straight to review */
  int64_t alone = pt_new(pt_u1, pt_city, "joint", pt_m1, "关于社区食堂的提案");
  PT_OK(pt_u1, alone, PA_SUBMIT, NULL);
  PT_STATE(alone, PS_SUBMITTED);
}

Test(proposal, close_cosigning_by_the_office_and_by_the_deadline) {
  int64_t ids[3];
  for (int i = 0; i < 3; i++) {
    ids[i] = pt_new(pt_u1, pt_city, "joint", pt_m1,
                    i == 0   ? "甲提案"
                    : i == 1 ? "乙提案"
                             : "丙提案");
    json_t *ms = json_pack("[I]", (json_int_t)pt_m2);
    pt_reset();
    pt_ctx.user = pt_u1;
    cr_assert(proposal_set_cosigners(&pt_ctx, ids[i], ms));
    pt_ctx.user = NULL;
    json_decref(ms);
    PT_OK(pt_u1, ids[i], PA_SUBMIT, NULL);
    PT_STATE(ids[i], PS_COSIGNING);
  }
  /* the office ends co-signing of the first; a member may not */
  PT_FAIL(403, "forbidden", pt_u1, ids[0], PA_CLOSE_COSIGNING, NULL);
  PT_FAIL(403, "forbidden", pt_office_county, ids[0], PA_CLOSE_COSIGNING, NULL); /* out of scope */
  PT_OK(pt_office, ids[0], PA_CLOSE_COSIGNING, NULL);
  PT_STATE(ids[0], PS_SUBMITTED);
  /* the second's deadline has passed, the third's is ahead */
  int64_t now = time_now();
  cr_assert_eq(db_exec(pt_ctx.db, "UPDATE proposals SET cosign_deadline = ? WHERE id = ?", "ii",
                       now - 60, ids[1]),
               DB_DONE);
  cr_assert_eq(db_exec(pt_ctx.db, "UPDATE proposals SET cosign_deadline = ? WHERE id = ?", "ii",
                       now + 3600, ids[2]),
               DB_DONE);
  pt_reset();
  cr_expect_eq(proposal_close_due_cosigning(&pt_ctx, now), 1);
  PT_STATE(ids[1], PS_SUBMITTED);
  PT_STATE(ids[2], PS_COSIGNING);
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM proposal_events WHERE proposal_id = ? AND action = "
                      "'close-cosigning'"
                      " AND user_id IS NULL",
                      ids[1]),
               1, "closed by the system");
  /* nothing more is due */
  cr_expect_eq(proposal_close_due_cosigning(&pt_ctx, now), 0);
  PT_STATE(ids[2], PS_COSIGNING);
}

Test(proposal, withdraw_from_each_state) {
  const enum proposal_state from[] = {PS_DRAFT, PS_COSIGNING, PS_SUBMITTED, PS_RETURNED};
  for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
    int64_t id = pt_new(pt_u1, pt_city, "member", pt_m1, "关于撤回测试的提案");
    pt_force(id, from[i]);
    PT_FAIL(403, "forbidden", pt_u2, id, PA_WITHDRAW, NULL);
    PT_FAIL(403, "forbidden", pt_office, id, PA_WITHDRAW, NULL); /* the office does not withdraw */
    PT_OK(pt_u1, id, PA_WITHDRAW, "{\"note\":\"另行提交\"}");
    PT_STATE(id, PS_WITHDRAWN);
    cr_expect_eq(
        pt_int("SELECT COUNT(*) FROM proposal_events WHERE proposal_id = ? AND action = 'withdraw'"
               " AND to_status = 'withdrawn'",
               id),
        1);
  }
  /* the system (no user) counts as the author */
  int64_t id = pt_new(NULL, pt_city, "member", pt_m1, "系统录入的提案");
  PT_OK(NULL, id, PA_WITHDRAW, NULL);
  PT_STATE(id, PS_WITHDRAWN);
}

Test(proposal, return_and_submit_again) {
  int64_t id = pt_submitted("关于加强校园安全的提案");
  PT_FAIL(403, "forbidden", pt_u1, id, PA_RETURN, "{\"note\":\"请补充数据\"}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_RETURN, NULL); /* a note is required */
  PT_OK(pt_office, id, PA_RETURN, "{\"note\":\"请补充数据\"}");
  PT_STATE(id, PS_RETURNED);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM proposals WHERE id = ? AND decision_note = '请补充数据'", id),
      1);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal_returned'",
             pt_u1->id),
      1);
  PT_OK(pt_u1, id, PA_SUBMIT, NULL);
  PT_STATE(id, PS_SUBMITTED);
  /* the system reviews too */
  PT_OK(NULL, id, PA_RETURN, "{\"note\":\"再补充\"}");
  PT_STATE(id, PS_RETURNED);
}

Test(proposal, file_serials_per_session) {
  int64_t a = pt_submitted("关于发展夜间经济的提案");
  int64_t b = pt_submitted("关于黄河生态保护的提案");
  PT_FAIL(403, "forbidden", pt_u1, a, PA_FILE, NULL);
  PT_FAIL(403, "forbidden", pt_office_county, a, PA_FILE,
          NULL); /* the county's office: out of scope */
  PT_OK(pt_office, a, PA_FILE, "{\"note\":\"符合立案要求\"}");
  PT_OK(NULL, b, PA_FILE, NULL);
  PT_STATE(a, PS_FILED);
  PT_STATE(b, PS_FILED);
  cr_expect_eq(pt_int("SELECT serial FROM proposals WHERE id = ?", a), 1);
  cr_expect_eq(pt_int("SELECT serial FROM proposals WHERE id = ?", b), 2);
  cr_expect_gt(pt_int("SELECT filed_at FROM proposals WHERE id = ?", a), 0);
  cr_expect_eq(pt_int("SELECT next_serial FROM proposal_sessions WHERE id = ?", pt_session), 3);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM proposal_events WHERE proposal_id = ? AND action = 'file'"
             " AND data LIKE '%\"serial\":2%'",
             b),
      1);
  /* a new session (opened later) numbers from 1 again */
  int64_t s2 = db_int(
      pt_ctx.db, 0,
      "INSERT INTO proposal_sessions (committee_id, name, year, opens_on, closes_on, created_at,"
      " updated_at) VALUES (?, '十五届二次会议', 2027, '2001-01-01', '2099-12-31', 0, 0) RETURNING "
      "id",
      "i", pt_city);
  int64_t c = pt_submitted("关于智慧养老的提案");
  cr_expect_eq(pt_int("SELECT session_id FROM proposals WHERE id = ?", c), s2);
  PT_OK(pt_office, c, PA_FILE, NULL);
  cr_expect_eq(pt_int("SELECT serial FROM proposals WHERE id = ?", c), 1);
  int64_t d = pt_submitted("关于公交线网优化的提案");
  PT_OK(pt_office, d, PA_FILE, NULL);
  cr_expect_eq(pt_int("SELECT serial FROM proposals WHERE id = ?", d), 2);
  cr_expect_eq(pt_int("SELECT next_serial FROM proposal_sessions WHERE id = ?", pt_session), 3,
               "the first untouched");
  /* a committee without a session: no serial to give */
  int64_t e = pt_new(NULL, pt_county, "member", pt_mc, "关于老旧小区改造的提案");
  PT_OK(NULL, e, PA_SUBMIT, NULL);
  PT_STATE(e, PS_SUBMITTED);
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM proposals WHERE id = ? AND session_id IS NULL", e), 1);
  PT_FAIL(409, "no_session", pt_office, e, PA_FILE, NULL);
  PT_STATE(e, PS_SUBMITTED);
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM proposals WHERE id = ? AND serial IS NULL", e), 1);
}

Test(proposal, merge) {
  int64_t target = pt_submitted("关于发展数字经济的提案");
  PT_OK(pt_office, target, PA_FILE, NULL);
  int64_t id = pt_submitted("关于推动数字经济发展的提案");
  int64_t draft = pt_new(pt_u1, pt_city, "member", pt_m1, "草稿提案");
  int64_t other = pt_new(NULL, pt_county, "member", pt_mc, "区里的提案");
  PT_OK(NULL, other, PA_SUBMIT, NULL);
  PT_FAIL(422, "invalid_field", pt_office, id, PA_MERGE, NULL); /* into is required */
  PT_FAIL(422, "invalid_field", pt_office, id, PA_MERGE, "{\"into\":%lld}",
          (long long)id); /* itself */
  PT_FAIL(422, "invalid_field", pt_office, id, PA_MERGE, "{\"into\":%lld}",
          (long long)draft); /* a draft */
  PT_FAIL(422, "invalid_field", pt_office, id, PA_MERGE, "{\"into\":%lld}",
          (long long)other); /* another committee */
  PT_FAIL(403, "forbidden", pt_u1, id, PA_MERGE, "{\"into\":%lld}", (long long)target);
  PT_STATE(id, PS_SUBMITTED);
  PT_OK(pt_office, id, PA_MERGE, "{\"into\":%lld,\"note\":\"内容相近\"}", (long long)target);
  PT_STATE(id, PS_MERGED);
  cr_expect_eq(pt_int("SELECT merged_into FROM proposals WHERE id = ?", id), target);
  PT_STATE(target, PS_FILED);
  /* into another submitted one is fine too */
  int64_t x = pt_submitted("甲"), y = pt_submitted("乙");
  PT_OK(NULL, x, PA_MERGE, "{\"into\":%lld}", (long long)y);
  PT_STATE(x, PS_MERGED);
}

Test(proposal, reject_reasons_one_to_ten) {
  int64_t id = pt_submitted("关于某公司产品推广的提案");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_REJECT, NULL);
  PT_FAIL(422, "invalid_field", pt_office, id, PA_REJECT, "{\"reason\":0}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_REJECT, "{\"reason\":11}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_REJECT, "{\"reason\":-1}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_REJECT, "{\"reason\":\"8\"}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_REJECT, "{\"reason\":8.5}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_REJECT,
          "{\"reason\":8,\"why\":\"x\"}"); /* unknown field */
  PT_FAIL(403, "forbidden", pt_u1, id, PA_REJECT, "{\"reason\":8}");
  PT_STATE(id, PS_SUBMITTED);
  PT_OK(pt_office, id, PA_REJECT, "{\"reason\":8}");
  PT_STATE(id, PS_NOT_FILED);
  cr_expect_eq(pt_int("SELECT not_filed_reason FROM proposals WHERE id = ?", id), 8);
  /* the reason's text is the event's note when none is given */
  struct db_stmt *st = db_query(
      pt_ctx.db, "SELECT note FROM proposal_events WHERE proposal_id = ? AND action = 'reject'",
      "i", id);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), "宣传推介具体单位、产品或个人");
  db_done(st);
  /* both ends of the range */
  int64_t one = pt_submitted("一"), ten = pt_submitted("十");
  PT_OK(NULL, one, PA_REJECT, "{\"reason\":1}");
  PT_OK(NULL, ten, PA_REJECT, "{\"reason\":10,\"note\":\"另见说明\"}");
  cr_expect_eq(pt_int("SELECT not_filed_reason FROM proposals WHERE id = ?", one), 1);
  cr_expect_eq(pt_int("SELECT not_filed_reason FROM proposals WHERE id = ?", ten), 10);
  cr_expect_null(proposal_reject_reason(0));
  cr_expect_null(proposal_reject_reason(11));
  cr_expect_str_eq(proposal_reject_reason(1), "不属于政协职能范围");
  cr_expect_str_eq(proposal_reject_reason(10), "其他不符合提案要求的情形");
}

Test(proposal, convert_a_not_filed_proposal) {
  int64_t id = pt_submitted("关于小区停车难的提案");
  PT_OK(pt_office, id, PA_REJECT, "{\"reason\":3}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_CONVERT, "{\"to\":\"speech\"}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_CONVERT, NULL);
  PT_FAIL(403, "forbidden", pt_u1, id, PA_CONVERT, "{\"to\":\"report\"}");
  PT_OK(pt_office, id, PA_CONVERT, "{\"to\":\"report\",\"note\":\"转社情民意\"}");
  PT_STATE(id, PS_NOT_FILED);
  struct db_stmt *st =
      db_query(pt_ctx.db, "SELECT converted_to FROM proposals WHERE id = ?", "i", id);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), "report");
  db_done(st);
  PT_FAIL(409, "conflict", pt_office, id, PA_CONVERT,
          "{\"to\":\"reference_letter\"}"); /* once only */
  int64_t id2 = pt_submitted("关于路灯的提案");
  PT_OK(NULL, id2, PA_REJECT, "{\"reason\":5}");
  PT_OK(NULL, id2, PA_CONVERT, "{\"to\":\"reference_letter\"}");
}

Test(proposal, assign_lead_with_co_handlers) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  PT_OK(pt_office, id, PA_FILE, NULL);
  int64_t other_unit = pt_unit(pt_county, "城关区住建局");
  PT_FAIL(403, "forbidden", pt_h1, id, PA_ASSIGN, "{\"mode\":\"lead\",\"lead_unit_id\":%lld}",
          (long long)pt_unit1);
  PT_FAIL(422, "invalid_field", pt_office, id, PA_ASSIGN,
          "{\"mode\":\"both\",\"lead_unit_id\":%lld}", (long long)pt_unit1);
  PT_FAIL(422, "invalid_field", pt_office, id, PA_ASSIGN, "{\"mode\":\"lead\"}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_ASSIGN,
          "{\"mode\":\"lead\",\"lead_unit_id\":%lld}",
          (long long)other_unit); /* a unit of the county: not of the proposal's committee path */
  PT_FAIL(422, "invalid_field", pt_office, id, PA_ASSIGN,
          "{\"mode\":\"lead\",\"lead_unit_id\":%lld,\"co_unit_ids\":[%lld]}", (long long)pt_unit1,
          (long long)pt_unit1); /* twice */
  PT_STATE(id, PS_FILED);
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ?", id), 0,
               "rolled back");
  int64_t before = time_now();
  PT_OK(pt_office, id, PA_ASSIGN,
        "{\"mode\":\"lead\",\"lead_unit_id\":%lld,\"co_unit_ids\":[%lld,%lld]}",
        (long long)pt_unit1, (long long)pt_unit2, (long long)pt_unit3);
  int64_t after = time_now();
  PT_STATE(id, PS_ASSIGNED);
  int64_t a1 = pt_asg(id, pt_unit1), a2 = pt_asg(id, pt_unit2), a3 = pt_asg(id, pt_unit3);
  cr_expect_str_eq(pt_asg_text(a1, "role"), "lead");
  cr_expect_str_eq(pt_asg_text(a2, "role"), "co");
  cr_expect_str_eq(pt_asg_text(a3, "role"), "co");
  cr_expect_str_eq(pt_asg_text(a1, "status"), "assigned");
  int64_t at = pt_int("SELECT assigned_at FROM proposal_assignments WHERE id = ?", a1);
  cr_expect(at >= before && at <= after);
  cr_expect_eq(pt_int("SELECT deadline_at FROM proposal_assignments WHERE id = ?", a1),
               proposal_add_months(at, 3));
  cr_expect_eq(pt_int("SELECT respond_by FROM proposal_assignments WHERE id = ?", a1),
               at + 7 * 86400);
  cr_expect_eq(pt_int("SELECT deadline_at FROM proposals WHERE id = ?", id),
               proposal_add_months(at, 3));
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal_assigned'",
             pt_h3->id),
      1);
  /* assigned again without an objection: refused */
  PT_FAIL(409, "wrong_state", pt_office, id, PA_ASSIGN, "{\"mode\":\"lead\",\"lead_unit_id\":%lld}",
          (long long)pt_unit1);
}

Test(proposal, assign_split_and_reply_per_unit) {
  int64_t id = pt_submitted("关于城乡供水一体化的提案");
  PT_OK(pt_office, id, PA_FILE, NULL);
  PT_FAIL(422, "invalid_field", pt_office, id, PA_ASSIGN,
          "{\"mode\":\"split\",\"unit_ids\":[%lld]}", (long long)pt_unit1); /* at least two */
  PT_FAIL(422, "invalid_field", pt_office, id, PA_ASSIGN,
          "{\"mode\":\"split\",\"unit_ids\":[%lld,%lld]}", (long long)pt_unit1,
          (long long)pt_unit1);
  PT_OK(pt_office, id, PA_ASSIGN, "{\"mode\":\"split\",\"unit_ids\":[%lld,%lld]}",
        (long long)pt_unit1, (long long)pt_unit2);
  PT_STATE(id, PS_ASSIGNED);
  int64_t a1 = pt_asg(id, pt_unit1), a2 = pt_asg(id, pt_unit2);
  cr_expect_str_eq(pt_asg_text(a1, "role"), "split");
  cr_expect_str_eq(pt_asg_text(a2, "role"), "split");
  PT_OK(pt_h1, id, PA_ACCEPT, NULL);
  PT_STATE(id, PS_ASSIGNED);
  PT_OK(pt_h2, id, PA_ACCEPT, NULL);
  PT_STATE(id, PS_HANDLING);
  /* each unit of a split replies; no countersigning */
  PT_FAIL(403, "forbidden", pt_h1, id, PA_COUNTERSIGN, NULL);
  PT_OK(pt_h1, id, PA_REPLY, "{\"category\":\"B\",\"text\":\"列入明年计划。\"," PT_REPLY_REST,
        pt_letter(pt_h1));
  PT_OK(pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}", (long long)a1);
  PT_STATE(id, PS_HANDLING);
  PT_FAIL(409, "wrong_state", pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}",
          (long long)a2);
  PT_OK(pt_h2, id, PA_REPLY, "{\"category\":\"A\",\"text\":\"已拨付资金。\"," PT_REPLY_REST,
        pt_letter(pt_h2));
  PT_OK(pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}", (long long)a2);
  PT_STATE(id, PS_REPLIED);
}

Test(proposal, accept_all_then_handling) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  PT_OK(pt_office, id, PA_FILE, NULL);
  PT_OK(pt_office, id, PA_ASSIGN,
        "{\"mode\":\"lead\",\"lead_unit_id\":%lld,\"co_unit_ids\":[%lld]}", (long long)pt_unit1,
        (long long)pt_unit2);
  PT_FAIL(403, "forbidden", pt_h3, id, PA_ACCEPT, NULL);     /* not assigned to unit 3 */
  PT_FAIL(403, "forbidden", pt_office, id, PA_ACCEPT, NULL); /* not a unit */
  PT_FAIL(403, "forbidden", NULL, id, PA_ACCEPT, NULL);      /* not even the system */
  PT_OK(pt_h1, id, PA_ACCEPT, NULL);
  PT_STATE(id, PS_ASSIGNED);
  PT_FAIL(409, "wrong_state", pt_h1, id, PA_ACCEPT, NULL); /* accepted already */
  PT_OK(pt_h2, id, PA_ACCEPT, NULL);
  PT_STATE(id, PS_HANDLING);
  cr_expect_str_eq(pt_asg_text(pt_asg(id, pt_unit2), "status"), "accepted");
  cr_expect_gt(
      pt_int("SELECT accepted_at FROM proposal_assignments WHERE id = ?", pt_asg(id, pt_unit2)), 0);
}

Test(proposal, object_within_the_window_and_reassign) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  PT_OK(pt_office, id, PA_FILE, NULL);
  PT_OK(pt_office, id, PA_ASSIGN,
        "{\"mode\":\"lead\",\"lead_unit_id\":%lld,\"co_unit_ids\":[%lld]}", (long long)pt_unit1,
        (long long)pt_unit2);
  int64_t a2 = pt_asg(id, pt_unit2);
  PT_FAIL(422, "invalid_field", pt_h2, id, PA_OBJECT, NULL); /* a reason is required */
  PT_OK(pt_h2, id, PA_OBJECT, "{\"reason\":\"不属于本单位职责\"}");
  PT_STATE(id, PS_ASSIGNED);
  cr_expect_str_eq(pt_asg_text(a2, "status"), "objected");
  cr_expect_str_eq(pt_asg_text(a2, "objection"), "不属于本单位职责");
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal_objection'",
             pt_office->id),
      1);
  PT_FAIL(409, "wrong_state", pt_h2, id, PA_OBJECT, "{\"reason\":\"再议\"}"); /* objected already */
  /* the lead accepts, but an objection is pending: still assigned */
  PT_OK(pt_h1, id, PA_ACCEPT, NULL);
  PT_STATE(id, PS_ASSIGNED);
  /* assigned again: unit 3 instead of unit 2; the lead keeps its accepted assignment */
  int64_t a1 = pt_asg(id, pt_unit1);
  PT_OK(pt_office, id, PA_ASSIGN,
        "{\"mode\":\"lead\",\"lead_unit_id\":%lld,\"co_unit_ids\":[%lld]}", (long long)pt_unit1,
        (long long)pt_unit3);
  PT_STATE(id, PS_ASSIGNED);
  cr_expect_str_eq(pt_asg_text(a2, "status"), "withdrawn");
  cr_expect_eq(pt_asg(id, pt_unit1), a1);
  cr_expect_str_eq(pt_asg_text(a1, "status"), "accepted");
  PT_FAIL(403, "forbidden", pt_h2, id, PA_ACCEPT, NULL); /* unit 2 is off it */
  PT_OK(pt_h3, id, PA_ACCEPT, NULL);
  PT_STATE(id, PS_HANDLING);
}

Test(proposal, object_after_the_window) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  PT_OK(pt_office, id, PA_FILE, NULL);
  PT_OK(pt_office, id, PA_ASSIGN, "{\"mode\":\"lead\",\"lead_unit_id\":%lld}", (long long)pt_unit1);
  int64_t a1 = pt_asg(id, pt_unit1);
  int64_t past = pt_iso("2026-01-10T17:00:00+08:00");
  cr_assert_eq(db_exec(pt_ctx.db, "UPDATE proposal_assignments SET respond_by = ? WHERE id = ?",
                       "ii", past, a1),
               DB_DONE);
  PT_FAIL(409, "window_closed", pt_h1, id, PA_OBJECT, "{\"reason\":\"不属于本单位职责\"}");
  cr_expect(strstr(pt_zh(), "2026-01-10"), "%s", pt_zh());
  cr_expect_str_eq(pt_asg_text(a1, "status"), "assigned");
  /* accepting is still possible */
  PT_OK(pt_h1, id, PA_ACCEPT, NULL);
  PT_STATE(id, PS_HANDLING);
}

Test(proposal, view_reply_countersign_approve) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  pt_to_handling(id);
  int64_t a1 = pt_asg(id, pt_unit1), a2 = pt_asg(id, pt_unit2);
  /* views: the co-handler only */
  PT_FAIL(403, "forbidden", pt_h1, id, PA_VIEW, "{\"text\":\"意见\"}");
  PT_FAIL(422, "invalid_field", pt_h2, id, PA_VIEW, NULL);
  PT_OK(pt_h2, id, PA_VIEW, "{\"text\":\"建议统筹财政资金。\"}");
  PT_STATE(id, PS_HANDLING);
  cr_expect_str_eq(pt_asg_text(a2, "view_text"), "建议统筹财政资金。");
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal_view'",
             pt_h1->id),
      1);
  /* countersigning needs the lead's reply */
  PT_FAIL(409, "wrong_state", pt_h2, id, PA_COUNTERSIGN, NULL);
  /* the reply: the lead only, category A/B/C */
  PT_FAIL(403, "forbidden", pt_h2, id, PA_REPLY, "{\"category\":\"A\",\"text\":\"x\"}");
  PT_FAIL(422, "invalid_field", pt_h1, id, PA_REPLY, "{\"category\":\"D\",\"text\":\"x\"}");
  PT_FAIL(422, "invalid_field", pt_h1, id, PA_REPLY, "{\"category\":\"A\"}");
  /* the letter, the signing leader and the contact with a phone are required */
  PT_FAIL(422, "invalid_field", pt_h1, id, PA_REPLY,
          "{\"category\":\"A\",\"text\":\"x\",\"leader\":\"张\",\"contact_name\":\"李\","
          "\"contact_phone\":\"0931-8123456\"}");
  cr_expect_str_eq(pt_ctx.err.field, "file_id");
  PT_FAIL(422, "invalid_field", pt_h1, id, PA_REPLY,
          "{\"category\":\"A\",\"text\":\"x\",\"file_id\":%lld,\"contact_name\":\"李\","
          "\"contact_phone\":\"0931-8123456\"}",
          pt_letter(pt_h1));
  cr_expect_str_eq(pt_ctx.err.field, "leader");
  PT_FAIL(422, "invalid_field", pt_h1, id, PA_REPLY,
          "{\"category\":\"A\",\"text\":\"x\",\"file_id\":%lld,\"leader\":\"张\","
          "\"contact_name\":\"李\",\"contact_phone\":\"电话\"}",
          pt_letter(pt_h1));
  cr_expect_str_eq(pt_ctx.err.field, "contact_phone");
  /* another unit's letter is not this unit's to attach */
  PT_FAIL(422, "invalid_field", pt_h1, id, PA_REPLY,
          "{\"category\":\"A\",\"text\":\"x\"," PT_REPLY_REST, pt_letter(pt_h2));
  cr_expect_str_eq(pt_ctx.err.field, "file_id");
  PT_OK(pt_h1, id, PA_REPLY, "{\"category\":\"A\",\"text\":\"已采纳。\"," PT_REPLY_REST,
        pt_letter(pt_h1));
  PT_STATE(id, PS_HANDLING);
  cr_expect_str_eq(pt_asg_text(a1, "reply_status"), "submitted");
  cr_expect_str_eq(pt_asg_text(a1, "reply_category"), "A");
  /* the contact's phone: sealed, its mask beside it, never in clear */
  cr_expect_str_eq(pt_asg_text(a1, "reply_contact_phone_mask"), "093*-***3456");
  cr_expect_str_eq(pt_asg_text(a1, "reply_leader"), "张局长");
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM proposal_assignments WHERE id = ? AND"
                      " reply_contact_phone_enc IS NOT NULL AND reply_file_id IS NOT NULL",
                      a1),
               1);
  PT_FAIL(409, "conflict", pt_h1, id, PA_REPLY,
          "{\"category\":\"B\",\"text\":\"again\"," PT_REPLY_REST, pt_letter(pt_h1));
  /* the office may not approve before the co-handler countersigns */
  PT_FAIL(409, "not_countersigned", pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}",
          (long long)a1);
  PT_FAIL(403, "forbidden", pt_h1, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}", (long long)a1);
  PT_FAIL(422, "invalid_field", pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}",
          (long long)(a1 + 99));
  PT_OK(pt_h2, id, PA_COUNTERSIGN, NULL);
  cr_expect_gt(pt_int("SELECT countersigned_at FROM proposal_assignments WHERE id = ?", a2), 0);
  PT_OK(pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}", (long long)a1);
  PT_STATE(id, PS_REPLIED);
  cr_expect_str_eq(pt_asg_text(a1, "reply_status"), "approved");
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal_replied'",
             pt_u1->id),
      1);
}

Test(proposal, return_reply_and_countersign_again) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  pt_to_handling(id);
  int64_t a1 = pt_asg(id, pt_unit1), a2 = pt_asg(id, pt_unit2);
  PT_FAIL(409, "wrong_state", pt_office, id, PA_RETURN_REPLY,
          "{\"assignment_id\":%lld,\"note\":\"x\"}", (long long)a1); /* nothing submitted yet */
  PT_OK(pt_h1, id, PA_REPLY, "{\"category\":\"C\",\"text\":\"留作参考。\"," PT_REPLY_REST,
        pt_letter(pt_h1));
  PT_OK(pt_h2, id, PA_COUNTERSIGN, NULL);
  PT_FAIL(422, "invalid_field", pt_office, id, PA_RETURN_REPLY, "{\"assignment_id\":%lld}",
          (long long)a1);
  PT_FAIL(403, "forbidden", pt_h2, id, PA_RETURN_REPLY, "{\"assignment_id\":%lld,\"note\":\"x\"}",
          (long long)a1);
  PT_OK(pt_office, id, PA_RETURN_REPLY, "{\"assignment_id\":%lld,\"note\":\"答复过于简单\"}",
        (long long)a1);
  PT_STATE(id, PS_HANDLING);
  cr_expect_str_eq(pt_asg_text(a1, "reply_status"), "returned");
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = "
                      "'proposal_reply_returned'",
                      pt_h1->id),
               1);
  /* the lead replies again: the co-handler countersigns afresh */
  PT_OK(pt_h1, id, PA_REPLY,
        "{\"category\":\"B\",\"text\":\"正在解决，列入年度计划。\"," PT_REPLY_REST,
        pt_letter(pt_h1));
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM proposal_assignments WHERE id = ? AND countersigned_at IS NULL",
             a2),
      1);
  PT_FAIL(409, "not_countersigned", pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}",
          (long long)a1);
  PT_OK(pt_h2, id, PA_COUNTERSIGN, NULL);
  PT_OK(pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}", (long long)a1);
  PT_STATE(id, PS_REPLIED);
}

Test(proposal, extend_and_decide) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  pt_to_handling(id);
  int64_t a1 = pt_asg(id, pt_unit1);
  int64_t deadline = pt_int("SELECT deadline_at FROM proposal_assignments WHERE id = ?", a1);
  PT_FAIL(403, "forbidden", pt_h2, id, PA_EXTEND,
          "{\"days\":30,\"reason\":\"需协调\"}"); /* a co-handler */
  PT_FAIL(403, "forbidden", pt_office, id, PA_EXTEND, "{\"days\":30,\"reason\":\"需协调\"}");
  PT_FAIL(422, "invalid_field", pt_h1, id, PA_EXTEND, "{\"days\":0,\"reason\":\"需协调\"}");
  PT_FAIL(422, "invalid_field", pt_h1, id, PA_EXTEND, "{\"days\":181,\"reason\":\"需协调\"}");
  PT_FAIL(422, "invalid_field", pt_h1, id, PA_EXTEND, "{\"days\":30}");
  PT_OK(pt_h1, id, PA_EXTEND, "{\"days\":30,\"reason\":\"需多部门协调\"}");
  PT_STATE(id, PS_HANDLING);
  int64_t e1 = db_int(
      pt_ctx.db, 0,
      "SELECT id FROM proposal_extensions WHERE assignment_id = ? AND status = 'pending'", "i", a1);
  cr_assert_gt(e1, 0);
  PT_FAIL(409, "conflict", pt_h1, id, PA_EXTEND,
          "{\"days\":10,\"reason\":\"再延\"}"); /* one pending at a time */
  PT_FAIL(403, "forbidden", pt_h1, id, PA_DECIDE_EXTENSION,
          "{\"extension_id\":%lld,\"approve\":true}", (long long)e1);
  PT_FAIL(422, "invalid_field", pt_office, id, PA_DECIDE_EXTENSION, "{\"extension_id\":%lld}",
          (long long)e1);
  PT_OK(pt_office, id, PA_DECIDE_EXTENSION, "{\"extension_id\":%lld,\"approve\":true}",
        (long long)e1);
  cr_expect_eq(pt_int("SELECT deadline_at FROM proposal_assignments WHERE id = ?", a1),
               deadline + 30 * 86400);
  cr_expect_eq(pt_int("SELECT deadline_at FROM proposals WHERE id = ?", id), deadline + 30 * 86400);
  PT_FAIL(409, "conflict", pt_office, id, PA_DECIDE_EXTENSION,
          "{\"extension_id\":%lld,\"approve\":true}", (long long)e1); /* decided already */
  /* a refused request leaves the deadline */
  PT_OK(pt_h1, id, PA_EXTEND, "{\"days\":15,\"reason\":\"再延\"}");
  int64_t e2 = db_int(
      pt_ctx.db, 0,
      "SELECT id FROM proposal_extensions WHERE assignment_id = ? AND status = 'pending'", "i", a1);
  PT_OK(NULL, id, PA_DECIDE_EXTENSION,
        "{\"extension_id\":%lld,\"approve\":false,\"note\":\"理由不充分\"}", (long long)e2);
  cr_expect_eq(pt_int("SELECT deadline_at FROM proposal_assignments WHERE id = ?", a1),
               deadline + 30 * 86400);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM proposal_extensions WHERE id = ? AND status = 'rejected'", e2),
      1);
  /* in assigned state too, before accepting */
  int64_t id2 = pt_submitted("关于路网的提案");
  PT_OK(pt_office, id2, PA_FILE, NULL);
  PT_OK(pt_office, id2, PA_ASSIGN, "{\"mode\":\"lead\",\"lead_unit_id\":%lld}",
        (long long)pt_unit1);
  PT_OK(pt_h1, id2, PA_EXTEND, "{\"days\":10,\"reason\":\"刚接手\"}");
  PT_STATE(id2, PS_ASSIGNED);
}

/* The evaluation of the current round as the detail shows it. */
static json_t *pt_evaluation(int64_t id) {
  pt_reset();
  json_t *e = proposal_evaluation_json(&pt_ctx, id);
  cr_assert(json_is_object(e), "evaluation of %lld", (long long)id);
  return e;
}
#define PT_EVAL_STATUS(e) json_string_value(json_object_get(e, "status"))

static void pt_rate_all(int64_t committee, const char *value) {
  cr_assert_eq(db_exec(pt_ctx.db,
                       "INSERT INTO settings (committee_id, key, value) VALUES (?, "
                       "'proposal.rate_all', ?)",
                       "it", committee, value),
               DB_DONE);
}

/* A joint proposal (m1 the lead, m2 a confirmed co-signer): the lead's rating decides. */
Test(proposal, rate_the_lead_decides_cosigners_are_recorded) {
  int64_t id = pt_joint_submitted("关于推进垃圾分类的提案");
  pt_to_handling(id);
  pt_to_replied(id);
  PT_FAIL(403, "forbidden", pt_u3, id, PA_RATE,
          "{\"rating\":\"satisfied\"}"); /* m3 declined co-signing */
  PT_FAIL(403, "forbidden", pt_u4, id, PA_RATE, "{\"rating\":\"satisfied\"}");
  PT_FAIL(403, "forbidden", pt_office, id, PA_RATE, "{\"rating\":\"satisfied\"}");
  PT_FAIL(403, "forbidden", NULL, id, PA_RATE, "{\"rating\":\"satisfied\"}");
  PT_FAIL(422, "invalid_field", pt_u1, id, PA_RATE, "{\"rating\":\"great\"}");
  json_t *e = pt_evaluation(id);
  cr_expect_str_eq(PT_EVAL_STATUS(e), "awaiting_lead");
  cr_expect_eq(json_array_size(json_object_get(e, "pending")), 2);
  json_decref(e);
  /* the co-signer's 不满意 is recorded and sends nothing back */
  PT_FAIL(422, "invalid_field", pt_u2, id, PA_RATE, "{\"rating\":\"unsatisfied\"}"); /* say why */
  PT_OK(pt_u2, id, PA_RATE, "{\"rating\":\"unsatisfied\",\"comment\":\"进度偏慢\"}");
  PT_STATE(id, PS_REPLIED);
  cr_expect_eq(pt_int("SELECT round FROM proposals WHERE id = ?", id), 1);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal_rehandle'",
             pt_h1->id),
      0);
  PT_FAIL(409, "conflict", pt_u2, id, PA_RATE, "{\"rating\":\"satisfied\"}"); /* rated already */
  /* the lead's 满意 closes it at once */
  PT_OK(pt_u1, id, PA_RATE, "{\"rating\":\"satisfied\"}");
  PT_STATE(id, PS_CLOSED);
  cr_expect_gt(pt_int("SELECT closed_at FROM proposals WHERE id = ?", id), 0);
  PT_FAIL(409, "conflict", pt_u1, id, PA_RATE, "{\"rating\":\"basically\"}"); /* rated already */
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ? AND round = 1", id), 2);
  e = pt_evaluation(id);
  cr_expect_str_eq(PT_EVAL_STATUS(e), "final");
  cr_expect_str_eq(json_string_value(json_object_get(e, "lead_rating")), "satisfied");
  cr_expect_eq(json_array_size(json_object_get(e, "pending")), 0);
  json_decref(e);
  /* the timeline says who rated as what */
  struct db_stmt *st =
      db_query(pt_ctx.db,
               "SELECT data FROM proposal_events WHERE proposal_id = ? AND action = 'rate'"
               " ORDER BY id",
               "i", id);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect(strstr(db_col_text(st, 0), "\"role\":\"cosigner\"") &&
                strstr(db_col_text(st, 0), "\"decisive\":false"),
            "%s", db_col_text(st, 0));
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect(strstr(db_col_text(st, 0), "\"role\":\"first\"") &&
                strstr(db_col_text(st, 0), "\"decisive\":true"),
            "%s", db_col_text(st, 0));
  db_done(st);
}

Test(proposal, rate_a_cosigner_rates_after_the_lead_closed_it) {
  int64_t id = pt_joint_submitted("关于推进垃圾分类的提案");
  pt_to_handling(id);
  pt_to_replied(id);
  PT_OK(pt_u1, id, PA_RATE, "{\"rating\":\"basically\"}");
  PT_STATE(id, PS_CLOSED);
  int64_t closed = pt_int("SELECT closed_at FROM proposals WHERE id = ?", id);
  /* the co-signer's rating is still taken, and changes nothing: not even an unsatisfied one */
  PT_OK(pt_u2, id, PA_RATE, "{\"rating\":\"unsatisfied\",\"comment\":\"措施不具体\"}");
  PT_STATE(id, PS_CLOSED);
  cr_expect_eq(pt_int("SELECT round FROM proposals WHERE id = ?", id), 1);
  cr_expect_eq(pt_int("SELECT closed_at FROM proposals WHERE id = ?", id), closed);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ? AND round = 1", id), 2);
  PT_FAIL(409, "conflict", pt_u2, id, PA_RATE, "{\"rating\":\"satisfied\"}");
  /* closed by the office without the lead's rating: the rating is over */
  int64_t other = pt_joint_submitted("关于完善公交线网的提案");
  pt_to_handling(other);
  pt_to_replied(other);
  PT_OK(pt_office, other, PA_CLOSE, "{\"note\":\"逾期未评价\"}");
  PT_FAIL(409, "wrong_state", pt_u2, other, PA_RATE, "{\"rating\":\"satisfied\"}");
  PT_FAIL(409, "wrong_state", pt_u1, other, PA_RATE, "{\"rating\":\"satisfied\"}");
  json_t *e = pt_evaluation(other);
  cr_expect_str_eq(PT_EVAL_STATUS(e), "unrated");
  json_decref(e);
}

Test(proposal, rate_all_waits_for_every_signer) {
  pt_rate_all(pt_city, "1");
  int64_t id = pt_joint_submitted("关于推进垃圾分类的提案");
  pt_to_handling(id);
  pt_to_replied(id);
  PT_OK(pt_u1, id, PA_RATE, "{\"rating\":\"satisfied\"}");
  PT_STATE(id, PS_REPLIED); /* m2 has not rated */
  json_t *e = pt_evaluation(id);
  cr_expect_str_eq(PT_EVAL_STATUS(e), "awaiting_signers");
  cr_expect(json_is_true(json_object_get(e, "require_all")));
  json_t *pending = json_object_get(e, "pending");
  cr_expect_eq(json_array_size(pending), 1);
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(pending, 0), "member_id")), pt_m2);
  json_decref(e);
  PT_FAIL(409, "conflict", pt_u1, id, PA_RATE, "{\"rating\":\"basically\"}");
  /* the last signer's 不满意 is recorded; the lead's 满意 stands and closes it */
  PT_OK(pt_u2, id, PA_RATE, "{\"rating\":\"unsatisfied\",\"comment\":\"希望加快进度\"}");
  PT_STATE(id, PS_CLOSED);
  cr_expect_eq(pt_int("SELECT round FROM proposals WHERE id = ?", id), 1);
  /* the statistics count the lead's rating, the one that decides */
  pt_reset();
  json_t *stats = proposal_stats(&pt_ctx, pt_city, 0, 0);
  cr_assert_not_null(stats, "%s", pt_zh());
  cr_expect_eq(json_integer_value(json_object_get(stats, "satisfied")), 1);
  cr_expect_eq(json_integer_value(json_object_get(stats, "unsatisfied")), 0);
  json_decref(stats);

  /* the lead's 不满意 sends it back at once, whoever has not rated yet */
  int64_t two = pt_joint_submitted("关于完善公交线网的提案");
  pt_to_handling(two);
  pt_to_replied(two);
  PT_OK(pt_u1, two, PA_RATE, "{\"rating\":\"unsatisfied\",\"comment\":\"未答复核心问题\"}");
  PT_STATE(two, PS_REHANDLING);
  cr_expect_eq(pt_int("SELECT round FROM proposals WHERE id = ?", two), 2);
  PT_FAIL(409, "wrong_state", pt_u2, two, PA_RATE, "{\"rating\":\"satisfied\"}");
  /* the lead's rating decides even when the co-signers rated first */
  int64_t three = pt_joint_submitted("关于改善农贸市场环境的提案");
  pt_to_handling(three);
  pt_to_replied(three);
  PT_OK(pt_u2, three, PA_RATE, "{\"rating\":\"satisfied\"}");
  PT_STATE(three, PS_REPLIED);
  PT_OK(pt_u1, three, PA_RATE, "{\"rating\":\"unsatisfied\",\"comment\":\"措施不够\"}");
  PT_STATE(three, PS_REHANDLING);
}

Test(proposal, rate_unsatisfied_handles_again) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  pt_to_handling(id);
  pt_to_replied(id);
  int64_t a1 = pt_asg(id, pt_unit1), a2 = pt_asg(id, pt_unit2);
  PT_FAIL(422, "invalid_field", pt_u1, id, PA_RATE, "{\"rating\":\"unsatisfied\"}"); /* say why */
  int64_t before = time_now();
  PT_OK(pt_u1, id, PA_RATE, "{\"rating\":\"unsatisfied\",\"comment\":\"答复未涉及具体措施\"}");
  int64_t after = time_now();
  PT_STATE(id, PS_REHANDLING);
  cr_expect_eq(pt_int("SELECT round FROM proposals WHERE id = ?", id), 2);
  int64_t dl = pt_int("SELECT deadline_at FROM proposals WHERE id = ?", id);
  cr_expect(dl >= proposal_add_months(before, 3) && dl <= proposal_add_months(after, 3),
            "rehandle in 3 months");
  cr_expect_eq(pt_int("SELECT deadline_at FROM proposal_assignments WHERE id = ?", a1), dl);
  cr_expect_str_eq(pt_asg_text(a1, "reply_status"), "none");
  cr_expect_eq(pt_int("SELECT round FROM proposal_assignments WHERE id = ?", a1), 2);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM proposal_assignments WHERE id = ? AND countersigned_at IS NULL",
             a2),
      1);
  cr_expect_eq(
      pt_int("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal_rehandle'",
             pt_h1->id),
      1);
  /* round 2: reply, countersign, approve, rate again */
  PT_OK(pt_h2, id, PA_VIEW, "{\"text\":\"财政可配套。\"}");
  PT_OK(pt_h1, id, PA_REPLY, "{\"category\":\"A\",\"text\":\"已制定具体措施。\"," PT_REPLY_REST,
        pt_letter(pt_h1));
  PT_FAIL(409, "not_countersigned", pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}",
          (long long)a1);
  PT_OK(pt_h2, id, PA_COUNTERSIGN, NULL);
  PT_OK(pt_office, id, PA_APPROVE_REPLY, "{\"assignment_id\":%lld}", (long long)a1);
  PT_STATE(id, PS_REPLIED);
  PT_OK(pt_u1, id, PA_RATE, "{\"rating\":\"satisfied\"}");
  PT_STATE(id, PS_CLOSED);
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ?", id), 2);
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ? AND round = 2"
                      " AND rating = 'satisfied'",
                      id),
               1);
}

Test(proposal, consult_close_key_good) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  PT_OK(pt_office, id, PA_FILE, NULL);
  /* key: when filed already; a leader is needed */
  PT_FAIL(422, "invalid_field", pt_office, id, PA_MARK_KEY, "{\"is_key\":true}");
  PT_FAIL(403, "forbidden", pt_u1, id, PA_MARK_KEY, "{\"is_key\":true,\"leader\":\"王副主席\"}");
  PT_OK(pt_office, id, PA_MARK_KEY,
        "{\"is_key\":true,\"leader\":\"王副主席\",\"plan\":\"季度督办\"}");
  PT_STATE(id, PS_FILED);
  cr_expect_eq(pt_int("SELECT is_key FROM proposals WHERE id = ?", id), 1);
  PT_OK(pt_office, id, PA_ASSIGN,
        "{\"mode\":\"lead\",\"lead_unit_id\":%lld,\"co_unit_ids\":[%lld]}", (long long)pt_unit1,
        (long long)pt_unit2);
  PT_OK(pt_h1, id, PA_ACCEPT, NULL);
  PT_OK(pt_h2, id, PA_ACCEPT, NULL);
  pt_to_replied(id);
  /* consult: a date is needed */
  PT_FAIL(422, "invalid_field", pt_office, id, PA_CONSULT,
          "{\"held_on\":\"2026-13-01\",\"note\":\"当面协商\"}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_CONSULT, "{\"held_on\":\"2026-06-01\"}");
  PT_FAIL(403, "forbidden", pt_h1, id, PA_CONSULT,
          "{\"held_on\":\"2026-06-01\",\"note\":\"当面协商\"}");
  PT_OK(pt_office, id, PA_CONSULT,
        "{\"held_on\":\"2026-06-01\",\"place\":\"市政协\",\"note\":\"当面协商\"}");
  PT_STATE(id, PS_REPLIED);
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM proposal_consultations WHERE proposal_id = ?", id), 1);
  /* good: a year is needed */
  PT_FAIL(422, "invalid_field", pt_office, id, PA_MARK_GOOD, "{\"is_good\":true}");
  PT_FAIL(422, "invalid_field", pt_office, id, PA_MARK_GOOD, "{\"is_good\":true,\"year\":1999}");
  PT_OK(pt_office, id, PA_MARK_GOOD, "{\"is_good\":true,\"year\":2026}");
  cr_expect_eq(pt_int("SELECT is_good FROM proposals WHERE id = ?", id), 1);
  cr_expect_eq(pt_int("SELECT good_year FROM proposals WHERE id = ?", id), 2026);
  /* close: the office, when ratings are overdue */
  PT_FAIL(403, "forbidden", pt_u1, id, PA_CLOSE, NULL);
  PT_OK(pt_office, id, PA_CLOSE, "{\"note\":\"评价逾期\"}");
  PT_STATE(id, PS_CLOSED);
  cr_expect_gt(pt_int("SELECT closed_at FROM proposals WHERE id = ?", id), 0);
  /* on a closed one: consult, key off, good off */
  PT_OK(NULL, id, PA_CONSULT, "{\"held_on\":\"2026-07-01\",\"note\":\"回访\"}");
  PT_OK(NULL, id, PA_MARK_KEY, "{\"is_key\":false}");
  cr_expect_eq(pt_int("SELECT is_key FROM proposals WHERE id = ?", id), 0);
  PT_OK(NULL, id, PA_MARK_GOOD, "{\"is_good\":false}");
  cr_expect_eq(pt_int("SELECT is_good FROM proposals WHERE id = ?", id), 0);
  cr_expect_eq(pt_int("SELECT COUNT(*) FROM proposals WHERE id = ? AND good_year IS NULL", id), 1);
  PT_STATE(id, PS_CLOSED);
}

Test(proposal, consult_while_rehandling) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  pt_to_handling(id);
  pt_to_replied(id);
  PT_OK(pt_u1, id, PA_RATE, "{\"rating\":\"unsatisfied\",\"comment\":\"不具体\"}");
  PT_STATE(id, PS_REHANDLING);
  PT_OK(pt_office, id, PA_CONSULT, "{\"held_on\":\"2026-06-01\",\"note\":\"当面协商\"}");
  PT_STATE(id, PS_REHANDLING);
  PT_OK(pt_office, id, PA_MARK_KEY, "{\"is_key\":true,\"leader\":\"李主席\"}");
  PT_STATE(id, PS_REHANDLING);
}

Test(proposal, the_actions_a_caller_may_take) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  pt_reset();
  pt_ctx.user = pt_office;
  json_t *a = proposal_detail(&pt_ctx, id);
  pt_ctx.user = NULL;
  cr_assert_not_null(a);
  json_t *acts = json_object_get(a, "actions");
  char got[256] = "";
  size_t i;
  json_t *x;
  json_array_foreach(acts, i, x) {
    strcat(got, json_string_value(x));
    strcat(got, " ");
  }
  cr_expect_str_eq(got, "return file merge reject ");
  json_decref(a);
  pt_ctx.user = pt_u1;
  a = proposal_detail(&pt_ctx, id);
  pt_ctx.user = NULL;
  got[0] = 0;
  json_array_foreach(json_object_get(a, "actions"), i, x) {
    strcat(got, json_string_value(x));
    strcat(got, " ");
  }
  cr_expect_str_eq(got, "withdraw ");
  json_decref(a);
}

/* ---- 2. deadlines ---------------------------------------------------------------------------- */

Test(proposal, add_months_cases) {
  static const struct {
    const char *from;
    int months;
    const char *want;
  } cases[] = {
      {"2026-01-15T10:00:00+08:00", 1, "2026-02-15T10:00:00+08:00"},
      {"2026-01-15T10:00:00+08:00", 0, "2026-01-15T10:00:00+08:00"},
      {"2026-01-31T10:00:00+08:00", 1,
       "2026-02-28T10:00:00+08:00"}, /* 31 January + 1 = end of February */
      {"2026-01-31T10:00:00+08:00", 2, "2026-03-31T10:00:00+08:00"},
      {"2026-01-31T10:00:00+08:00", 3, "2026-04-30T10:00:00+08:00"},
      {"2026-03-31T10:00:00+08:00", 6, "2026-09-30T10:00:00+08:00"},
      {"2026-08-31T12:00:00+08:00", 6, "2027-02-28T12:00:00+08:00"},
      {"2026-12-15T09:00:00+08:00", 1, "2027-01-15T09:00:00+08:00"}, /* year end */
      {"2026-11-30T09:00:00+08:00", 3, "2027-02-28T09:00:00+08:00"},
      {"2026-10-31T09:00:00+08:00", 12, "2027-10-31T09:00:00+08:00"},
      {"2026-10-31T09:00:00+08:00", 25, "2028-11-30T09:00:00+08:00"},
      {"2026-12-31T23:59:59+08:00", 2, "2027-02-28T23:59:59+08:00"},
      /* leap years */
      {"2028-01-31T08:00:00+08:00", 1, "2028-02-29T08:00:00+08:00"},
      {"2028-02-29T08:00:00+08:00", 1, "2028-03-29T08:00:00+08:00"},
      {"2028-02-29T08:00:00+08:00", 12, "2029-02-28T08:00:00+08:00"},
      {"2028-02-29T08:00:00+08:00", 48, "2032-02-29T08:00:00+08:00"},
      {"2027-02-28T08:00:00+08:00", 12, "2028-02-28T08:00:00+08:00"},
      {"2027-11-30T08:00:00+08:00", 3, "2028-02-29T08:00:00+08:00"},
      {"2000-01-31T08:00:00+08:00", 1, "2000-02-29T08:00:00+08:00"}, /* divisible by 400 */
      {"2099-12-31T08:00:00+08:00", 2, "2100-02-28T08:00:00+08:00"}, /* divisible by 100 only */
      /* near midnight CST: the CST date counts, not the UTC one, and the time of day is kept */
      {"2026-01-31T23:30:00+08:00", 1, "2026-02-28T23:30:00+08:00"},
      {"2026-01-31T15:30:00Z", 1, "2026-02-28T23:30:00+08:00"},
      {"2026-03-31T00:30:00+08:00", 1, "2026-04-30T00:30:00+08:00"}, /* 30 March in UTC */
      {"2026-03-30T16:30:00Z", 1, "2026-04-30T00:30:00+08:00"},
      {"2026-04-30T23:00:00Z", 1, "2026-06-01T07:00:00+08:00"},      /* 1 May in CST */
      {"2026-03-01T00:30:00+08:00", 1, "2026-04-01T00:30:00+08:00"}, /* 28 February in UTC */
      {"2026-02-28T16:00:00Z", 1, "2026-04-01T00:00:00+08:00"},      /* midnight exactly */
      {"2026-02-28T15:59:59Z", 1, "2026-03-28T23:59:59+08:00"},      /* a second before */
      /* backwards */
      {"2026-03-31T10:00:00+08:00", -1, "2026-02-28T10:00:00+08:00"},
      {"2024-03-31T10:00:00+08:00", -1, "2024-02-29T10:00:00+08:00"},
      {"2026-01-15T10:00:00+08:00", -1, "2025-12-15T10:00:00+08:00"},
      {"2026-01-15T10:00:00+08:00", -12, "2025-01-15T10:00:00+08:00"},
      {"2026-01-15T10:00:00+08:00", -13, "2024-12-15T10:00:00+08:00"},
      {"2026-12-15T10:00:00+08:00", -11, "2026-01-15T10:00:00+08:00"},
      {"2026-12-15T10:00:00+08:00", -12, "2025-12-15T10:00:00+08:00"},
      {"2026-01-31T23:30:00+08:00", -2, "2025-11-30T23:30:00+08:00"},
      {"2028-02-29T08:00:00+08:00", -24, "2026-02-28T08:00:00+08:00"},
      {"2026-03-01T00:30:00+08:00", -1, "2026-02-01T00:30:00+08:00"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int64_t got = proposal_add_months(pt_iso(cases[i].from), cases[i].months);
    char g[32];
    cr_expect_eq(got, pt_iso(cases[i].want), "%s %+d months = %s, want %s", cases[i].from,
                 cases[i].months, time_iso(got, g), cases[i].want);
  }
}

static int pt_days_in(int y, int m) {
  return (int)(days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
               days_from_civil(y, m, 1));
}

/* Every CST day of 2023..2029 at 00:00:30 and 23:59:30, against a plain calendar computation. */
Test(proposal, add_months_every_day) {
  static const int months[] = {-25, -13, -12, -1, 1, 2, 3, 6, 11, 12, 13, 24};
  int64_t first = days_from_civil(2023, 1, 1), last = days_from_civil(2029, 12, 31);
  int bad = 0;
  for (int64_t d = first; d <= last && bad < 10; d++)
    for (int k = 0; k < 2; k++) {
      int64_t into = k ? 86370 : 30;
      int64_t t = d * 86400 - CST_OFFSET + into;
      char ds[16];
      time_cst_date(t, ds);
      int y, m, dd;
      cr_assert(date_parse(ds, &y, &m, &dd));
      for (size_t j = 0; j < sizeof months / sizeof months[0]; j++) {
        int total = y * 12 + (m - 1) + months[j];
        int ey = total / 12, em = total % 12 + 1;
        int ed = dd < pt_days_in(ey, em) ? dd : pt_days_in(ey, em);
        int64_t want = days_from_civil(ey, em, ed) * 86400 - CST_OFFSET + into;
        int64_t got = proposal_add_months(t, months[j]);
        if (got != want) {
          char a[32], b[32], c[32];
          cr_expect_eq(got, want, "%s %+d: %s, want %s", time_iso(t, a), months[j],
                       time_iso(got, b), time_iso(want, c));
          bad++;
        }
      }
    }
  cr_expect_eq(bad, 0);
}

/* The extension limit: the deadline may not pass assigned_at + max_months (6) months. */
Test(proposal, extension_limit) {
  int64_t id = pt_submitted("关于加快5G基站建设的提案");
  PT_OK(pt_office, id, PA_FILE, NULL);
  PT_OK(pt_office, id, PA_ASSIGN, "{\"mode\":\"lead\",\"lead_unit_id\":%lld}", (long long)pt_unit1);
  PT_OK(pt_h1, id, PA_ACCEPT, NULL);
  int64_t a1 = pt_asg(id, pt_unit1);
  static const struct {
    const char *assigned, *deadline, *limit;
    int days; /* from deadline to limit */
  } cases[] = {
      /* 31 January + 6 = 31 July; the deadline 30 April (+3, clamped): 92 days to the limit */
      {"2026-01-31T10:00:00+08:00", "2026-04-30T10:00:00+08:00", "2026-07-31T10:00:00+08:00", 92},
      /* 31 August + 6 = 28 February; the deadline 30 November: 90 days to the limit */
      {"2026-08-31T10:00:00+08:00", "2026-11-30T10:00:00+08:00", "2027-02-28T10:00:00+08:00", 90},
      /* leap: 31 August 2027 + 6 = 29 February 2028; deadline 30 November: 91 days */
      {"2027-08-31T10:00:00+08:00", "2027-11-30T10:00:00+08:00", "2028-02-29T10:00:00+08:00", 91},
      /* assigned late in the CST day (the UTC date is the day before) */
      {"2026-03-31T00:30:00+08:00", "2026-06-30T00:30:00+08:00", "2026-09-30T00:30:00+08:00", 92},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int64_t assigned = pt_iso(cases[i].assigned), deadline = pt_iso(cases[i].deadline),
            limit = pt_iso(cases[i].limit);
    cr_expect_eq(proposal_add_months(assigned, 6), limit, "case %zu: limit", i);
    cr_expect_eq(deadline + cases[i].days * 86400, limit, "case %zu: the test's own arithmetic", i);
    cr_assert_eq(
        db_exec(pt_ctx.db,
                "UPDATE proposal_assignments SET assigned_at = ?, deadline_at = ? WHERE id = ?",
                "iii", assigned, deadline, a1),
        DB_DONE);
    /* a day more: refused, naming the limit's date */
    PT_FAIL(409, "beyond_limit", pt_h1, id, PA_EXTEND, "{\"days\":%d,\"reason\":\"需协调\"}",
            cases[i].days + 1);
    char ld[16];
    time_cst_date(limit, ld);
    cr_expect(strstr(pt_zh(), ld), "case %zu: %s lacks %s", i, pt_zh(), ld);
    cr_expect(strstr(pt_zh(), "6 个月"), "%s", pt_zh());
    /* exactly to the limit: allowed, and approved to the limit */
    PT_OK(pt_h1, id, PA_EXTEND, "{\"days\":%d,\"reason\":\"需协调\"}", cases[i].days);
    int64_t e =
        db_int(pt_ctx.db, 0,
               "SELECT id FROM proposal_extensions WHERE assignment_id = ? AND status = 'pending'",
               "i", a1);
    PT_OK(pt_office, id, PA_DECIDE_EXTENSION, "{\"extension_id\":%lld,\"approve\":true}",
          (long long)e);
    cr_expect_eq(pt_int("SELECT deadline_at FROM proposal_assignments WHERE id = ?", a1), limit,
                 "case %zu", i);
    /* nothing more once at the limit */
    PT_FAIL(409, "beyond_limit", pt_h1, id, PA_EXTEND, "{\"days\":1,\"reason\":\"再延\"}");
  }
  /* a request within the limit that a later extension pushes past: approved only to the limit */
  int64_t assigned = pt_iso("2026-01-31T10:00:00+08:00"),
          limit = pt_iso("2026-07-31T10:00:00+08:00");
  cr_assert_eq(
      db_exec(pt_ctx.db,
              "UPDATE proposal_assignments SET assigned_at = ?, deadline_at = ? WHERE id = ?",
              "iii", assigned, pt_iso("2026-04-30T10:00:00+08:00"), a1),
      DB_DONE);
  PT_OK(pt_h1, id, PA_EXTEND, "{\"days\":60,\"reason\":\"需协调\"}");
  cr_assert_eq(db_exec(pt_ctx.db, "UPDATE proposal_assignments SET deadline_at = ? WHERE id = ?",
                       "ii", pt_iso("2026-06-30T10:00:00+08:00"), a1),
               DB_DONE);
  int64_t e = db_int(
      pt_ctx.db, 0,
      "SELECT id FROM proposal_extensions WHERE assignment_id = ? AND status = 'pending'", "i", a1);
  PT_OK(pt_office, id, PA_DECIDE_EXTENSION, "{\"extension_id\":%lld,\"approve\":true}",
        (long long)e);
  cr_expect_eq(pt_int("SELECT deadline_at FROM proposal_assignments WHERE id = ?", a1), limit);
}

/* ---- 3. search tokens
 * ------------------------------------------------------------------------------ */

struct pt_toks {
  char text[2048];
  size_t len;
  int count;
};

static void pt_collect(const char *tok, size_t toklen, void *ctx) {
  struct pt_toks *t = ctx;
  cr_assert(toklen > 0, "empty token");
  cr_assert(t->len + toklen + 2 < sizeof t->text);
  if (t->count++) t->text[t->len++] = '|';
  memcpy(t->text + t->len, tok, toklen);
  t->len += toklen;
  t->text[t->len] = 0;
}

static void pt_tokens(const char *in, const char *want, int n) {
  struct pt_toks t = {.len = 0, .count = 0};
  t.text[0] = 0;
  utf8_tokens(in, strlen(in), pt_collect, &t);
  cr_expect_str_eq(t.text, want, "tokens of \"%s\"", in);
  cr_expect_eq(t.count, n, "token count of \"%s\": %d", in, t.count);
}

Test(proposal, tokens_mixed_chinese_and_english) {
  pt_tokens("5G基站建设", "5g|基站|站建|建设", 4);
  pt_tokens("关于加快5G基站建设的提案", "关于|于加|加快|5g|基站|站建|建设|设的|的提|提案", 10);
  pt_tokens("推进AI赋能制造业", "推进|ai|赋能|能制|制造|造业", 6);
  pt_tokens("GDP增长6.5%", "gdp|增长|6|5", 4);
  pt_tokens("第14届", "第|14|届", 3);
  pt_tokens("2026年1月", "2026|年|1|月", 4);
  pt_tokens("COVID-19疫情防控", "covid|19|疫情|情防|防控", 5);
}

Test(proposal, tokens_punctuation_splits) {
  pt_tokens("碳达峰、碳中和", "碳达|达峰|碳中|中和", 4);
  pt_tokens("教育，医疗。养老！", "教育|医疗|养老", 3);
  pt_tokens("“双减”政策", "双减|政策", 2);
  pt_tokens("《提案工作条例》", "提案|案工|工作|作条|条例", 5);
  pt_tokens("城乡-融合/发展", "城乡|融合|发展", 3);
  pt_tokens("老旧小区 改造", "老旧|旧小|小区|改造", 4);
  pt_tokens("，。、；：？！", "", 0);
}

Test(proposal, tokens_full_width_characters) {
  /* full-width punctuation and the ideographic space separate like ASCII punctuation */
  pt_tokens("（城关区）住建局", "城关|关区|住建|建局", 4);
  pt_tokens("中　国", "中|国", 2);
  pt_tokens("黄河：生态；保护", "黄河|生态|保护", 3);
  /* full-width letters and digits are not ASCII: they make no token and split like punctuation */
  pt_tokens("５Ｇ基站", "基站", 1);
  pt_tokens("ＡＩ赋能", "赋能", 1);
  pt_tokens("5G和５Ｇ", "5g|和", 2);
}

Test(proposal, tokens_lone_ideograph_between_ascii) {
  pt_tokens("A市B区", "a|市|b|区", 4);
  pt_tokens("iPhone与Android", "iphone|与|android", 3);
  pt_tokens("5G+AI", "5g|ai", 2);
  pt_tokens("x中y", "x|中|y", 3);
  pt_tokens("ab 中 cd", "ab|中|cd", 3);
  pt_tokens("中", "中", 1);
  pt_tokens("2035年远景", "2035|年远|远景", 3);
}
