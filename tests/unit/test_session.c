/* tests/unit/test_session.c: logging in, cookie sessions, API tokens and login rate limits on
** a migrated temporary database. */
#include "auth/password.h"
#include "auth/session.h"
#include "base/arena.h"
#include "db/db.h"
#include "db/migrate.h"
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SEST_NOW     INT64_C(1774972800)
#define SEST_DAYS_90 (SEST_NOW + TOKEN_DAYS_DEFAULT * 86400) /* a token's default expiry */

static char sest_path[64];
static struct db *sest_db;
static struct arena sest_arena;
static int64_t sest_alice, sest_dave, sest_bob;

static int64_t sest_add_user(const char *username, const char *password, const char *role,
                             int64_t committee, bool disabled) {
  char h[PASSWORD_HASH_MAX];
  cr_assert(password_hash(password, h));
  int64_t id = db_int(sest_db, 0,
                      "INSERT INTO users (username, display_name, password_hash, role,"
                      " committee_id, disabled, created_at, updated_at)"
                      " VALUES (?, ?, ?, ?, ?, ?, 1, 1) RETURNING id",
                      "ttttib", username, username, h, role, committee, disabled);
  cr_assert_gt(id, 0, "insert user %s: %s", username, db_errmsg(sest_db));
  return id;
}

static void sest_init(void) {
  cr_assert_geq(sodium_init(), 0);
  strcpy(sest_path, "/tmp/lvzhi-test-session-XXXXXX");
  int fd = mkstemp(sest_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  sest_db = db_open(sest_path, &err);
  cr_assert_not_null(sest_db, "%s", err ? err : "");
  cr_assert_eq(migrate_run(sest_db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
  cr_assert_eq(db_exec_script(sest_db,
                              "INSERT INTO committees (id, name, level, path, created_at,"
                              " updated_at) VALUES (1, '全国政协', 'national', '/1/', 1, 1);"
                              "INSERT INTO committees (id, parent_id, name, level, path,"
                              " created_at, updated_at) VALUES (2, 1, '某省政协', 'province',"
                              " '/1/2/', 1, 1);"),
               DB_DONE);
  sest_alice = sest_add_user("alice", "Alice-pass-1", "secretariat", 2, false);
  sest_dave = sest_add_user("dave", "Dave-pass-1", "viewer", 1, true);
  sest_bob = sest_add_user("bob", "Bob-pass-1", "admin", 1, false);
  arena_init(&sest_arena);
}

static void sest_fini(void) {
  arena_free(&sest_arena);
  db_close(sest_db);
  char p[96];
  unlink(sest_path);
  snprintf(p, sizeof p, "%s-wal", sest_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", sest_path);
  unlink(p);
}

TestSuite(session, .init = sest_init, .fini = sest_fini);

Test(session, login_check_right_password) {
  cr_expect_eq(login_check(sest_db, "alice", "Alice-pass-1"), sest_alice);
  cr_expect_eq(login_check(sest_db, "bob", "Bob-pass-1"), sest_bob);
}

Test(session, login_check_wrong_password) {
  cr_expect_eq(login_check(sest_db, "alice", "Alice-pass-2"), 0);
  cr_expect_eq(login_check(sest_db, "alice", "alice-pass-1"), 0);
  cr_expect_eq(login_check(sest_db, "alice", ""), 0);
  cr_expect_eq(login_check(sest_db, "alice", "Bob-pass-1"), 0, "another account's password");
}

Test(session, login_check_disabled) {
  cr_expect_eq(login_check(sest_db, "dave", "Dave-pass-1"), 0);
}

Test(session, login_check_unknown) {
  cr_expect_eq(login_check(sest_db, "nobody", "Alice-pass-1"), 0);
  cr_expect_eq(login_check(sest_db, "", ""), 0);
  cr_expect_eq(login_check(sest_db, "Alice", "Alice-pass-1"), 0, "names are exact");
}

Test(session, user_load) {
  struct user *u = user_load(sest_db, &sest_arena, sest_alice);
  cr_assert_not_null(u);
  cr_expect_eq(u->id, sest_alice);
  cr_expect_str_eq(u->username, "alice");
  cr_expect_eq(u->role, ROLE_SECRETARIAT);
  cr_expect_eq(u->committee_id, 2);
  cr_expect_str_eq(u->committee_path, "/1/2/");
  cr_expect_eq(u->member_id, 0);
  cr_expect_eq(u->unit_id, 0);
  cr_expect_null(user_load(sest_db, &sest_arena, sest_dave), "disabled");
  cr_expect_null(user_load(sest_db, &sest_arena, 999));
}

Test(session, session_create_and_user) {
  char *csrf = NULL;
  char *tok = session_create(sest_db, &sest_arena, sest_alice, "10.0.0.1", 3600, SEST_NOW, &csrf);
  cr_assert_not_null(tok);
  cr_assert_not_null(csrf);
  cr_expect_geq(strlen(tok), 40);
  cr_expect_geq(strlen(csrf), 40);
  cr_expect_str_neq(tok, csrf);
  struct user *u = session_user(sest_db, &sest_arena, tok, SEST_NOW + 10);
  cr_assert_not_null(u);
  cr_expect_eq(u->id, sest_alice);
  cr_expect_str_eq(u->username, "alice");
  cr_expect_eq(u->role, ROLE_SECRETARIAT);
  cr_expect_str_eq(u->committee_path, "/1/2/");
  cr_assert_not_null(u->csrf);
  cr_expect_str_eq(u->csrf, csrf);
  /* the database holds only a hash of the token */
  cr_expect_eq(db_int(sest_db, -1, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", "t", tok),
               0);
  cr_expect_eq(db_int(sest_db, -1,
                      "SELECT COUNT(*) FROM sessions WHERE user_id = ? AND ip = ?"
                      " AND expires_at = ?",
                      "iti", sest_alice, "10.0.0.1", SEST_NOW + 3600),
               1);
}

Test(session, sessions_are_distinct) {
  char *c1, *c2;
  char *t1 = session_create(sest_db, &sest_arena, sest_alice, "", 3600, SEST_NOW, &c1);
  char *t2 = session_create(sest_db, &sest_arena, sest_alice, "", 3600, SEST_NOW, &c2);
  cr_assert(t1 && t2);
  cr_expect_str_neq(t1, t2);
  cr_expect_str_neq(c1, c2);
  cr_expect_str_eq(session_user(sest_db, &sest_arena, t2, SEST_NOW)->csrf, c2);
  cr_expect_str_eq(session_user(sest_db, &sest_arena, t1, SEST_NOW)->csrf, c1);
}

Test(session, session_expires) {
  char *csrf;
  char *tok = session_create(sest_db, &sest_arena, sest_alice, "", 600, SEST_NOW, &csrf);
  cr_assert_not_null(tok);
  cr_expect_not_null(session_user(sest_db, &sest_arena, tok, SEST_NOW + 599));
  cr_expect_null(session_user(sest_db, &sest_arena, tok, SEST_NOW + 600));
  cr_expect_null(session_user(sest_db, &sest_arena, tok, SEST_NOW + 100000));
  /* a later session_create sweeps expired sessions away */
  char *tok2 = session_create(sest_db, &sest_arena, sest_bob, "", 600, SEST_NOW + 700, &csrf);
  cr_assert_not_null(tok2);
  cr_expect_eq(db_int(sest_db, -1, "SELECT COUNT(*) FROM sessions", ""), 1);
}

Test(session, session_deleted) {
  char *csrf;
  char *tok = session_create(sest_db, &sest_arena, sest_alice, "", 3600, SEST_NOW, &csrf);
  char *other = session_create(sest_db, &sest_arena, sest_bob, "", 3600, SEST_NOW, &csrf);
  cr_assert(tok && other);
  session_delete(sest_db, tok);
  cr_expect_null(session_user(sest_db, &sest_arena, tok, SEST_NOW));
  cr_expect_not_null(session_user(sest_db, &sest_arena, other, SEST_NOW), "others untouched");
}

Test(session, session_delete_user) {
  char *csrf;
  char *t1 = session_create(sest_db, &sest_arena, sest_alice, "", 3600, SEST_NOW, &csrf);
  char *t2 = session_create(sest_db, &sest_arena, sest_alice, "", 3600, SEST_NOW, &csrf);
  char *t3 = session_create(sest_db, &sest_arena, sest_bob, "", 3600, SEST_NOW, &csrf);
  session_delete_user(sest_db, sest_alice);
  cr_expect_null(session_user(sest_db, &sest_arena, t1, SEST_NOW));
  cr_expect_null(session_user(sest_db, &sest_arena, t2, SEST_NOW));
  cr_expect_not_null(session_user(sest_db, &sest_arena, t3, SEST_NOW));
}

Test(session, session_unknown_or_disabled) {
  cr_expect_null(session_user(sest_db, &sest_arena, "", SEST_NOW));
  cr_expect_null(session_user(sest_db, &sest_arena, "not-a-token", SEST_NOW));
  char *csrf;
  char *tok = session_create(sest_db, &sest_arena, sest_alice, "", 3600, SEST_NOW, &csrf);
  cr_assert_not_null(tok);
  cr_assert_eq(db_exec(sest_db, "UPDATE users SET disabled = 1 WHERE id = ?", "i", sest_alice),
               DB_DONE);
  cr_expect_null(session_user(sest_db, &sest_arena, tok, SEST_NOW), "disabled after login");
  /* a token one character off is unknown */
  cr_assert_eq(db_exec(sest_db, "UPDATE users SET disabled = 0 WHERE id = ?", "i", sest_alice),
               DB_DONE);
  cr_expect_not_null(session_user(sest_db, &sest_arena, tok, SEST_NOW));
  char *bad = arena_strdup(&sest_arena, tok);
  bad[3] = bad[3] == 'A' ? 'B' : 'A';
  cr_expect_null(session_user(sest_db, &sest_arena, bad, SEST_NOW));
}

Test(session, token_create_and_user) {
  int64_t tid = 0;
  char *tok = token_create(sest_db, &sest_arena, sest_alice, "报表集成", TOKEN_READ_WRITE,
                           SEST_DAYS_90, SEST_NOW, &tid);
  cr_assert_not_null(tok);
  cr_expect_gt(tid, 0);
  cr_expect_eq(strncmp(tok, TOKEN_PREFIX, 4), 0, "token %s", tok);
  cr_expect_str_eq(TOKEN_PREFIX, "lvz_");
  cr_expect_geq(strlen(tok), 4 + 40);
  struct user *u = token_user(sest_db, &sest_arena, tok, SEST_NOW + 5);
  cr_assert_not_null(u);
  cr_expect_eq(u->id, sest_alice);
  cr_expect_str_eq(u->committee_path, "/1/2/");
  cr_expect_null(u->csrf, "bearer tokens carry no CSRF token");
  cr_expect_eq(db_int(sest_db, -1, "SELECT last_used_at FROM api_tokens WHERE id = ?", "i", tid),
               SEST_NOW + 5);
  cr_expect_eq(
      db_int(sest_db, -1, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", "t", tok), 0,
      "only the hash is stored");
  cr_expect_eq(db_int(sest_db, -1, "SELECT COUNT(*) FROM api_tokens WHERE id = ? AND name = ?",
                      "it", tid, "报表集成"),
               1);
}

Test(session, token_last_use_kept_to_the_minute) {
  int64_t tid = 0;
  char *tok = token_create(sest_db, &sest_arena, sest_alice, "x", TOKEN_READ_WRITE, SEST_DAYS_90,
                           SEST_NOW, &tid);
  cr_assert_not_null(token_user(sest_db, &sest_arena, tok, SEST_NOW + 100));
  cr_assert_not_null(token_user(sest_db, &sest_arena, tok, SEST_NOW + 130));
  cr_expect_eq(db_int(sest_db, -1, "SELECT last_used_at FROM api_tokens WHERE id = ?", "i", tid),
               SEST_NOW + 100);
  cr_assert_not_null(token_user(sest_db, &sest_arena, tok, SEST_NOW + 161));
  cr_expect_eq(db_int(sest_db, -1, "SELECT last_used_at FROM api_tokens WHERE id = ?", "i", tid),
               SEST_NOW + 161);
}

Test(session, token_revoked_or_wrong) {
  int64_t tid = 0, tid2 = 0;
  char *tok = token_create(sest_db, &sest_arena, sest_alice, "a", TOKEN_READ_WRITE, SEST_DAYS_90,
                           SEST_NOW, &tid);
  char *tok2 = token_create(sest_db, &sest_arena, sest_alice, "b", TOKEN_READ_WRITE, SEST_DAYS_90,
                            SEST_NOW, &tid2);
  cr_assert(tok && tok2);
  cr_expect_neq(tid, tid2);
  cr_expect_str_neq(tok, tok2);
  cr_assert_eq(db_exec(sest_db, "UPDATE api_tokens SET revoked = 1 WHERE id = ?", "i", tid),
               DB_DONE);
  cr_expect_null(token_user(sest_db, &sest_arena, tok, SEST_NOW));
  cr_expect_not_null(token_user(sest_db, &sest_arena, tok2, SEST_NOW));
  /* without the prefix, or a session token, is no API token */
  cr_expect_null(token_user(sest_db, &sest_arena, tok2 + 4, SEST_NOW));
  cr_expect_null(token_user(sest_db, &sest_arena, "lvz_", SEST_NOW));
  cr_expect_null(token_user(sest_db, &sest_arena, "", SEST_NOW));
  char *csrf;
  char *st = session_create(sest_db, &sest_arena, sest_alice, "", 3600, SEST_NOW, &csrf);
  cr_expect_null(token_user(sest_db, &sest_arena, st, SEST_NOW));
  /* and an API token opens no cookie session */
  cr_expect_null(session_user(sest_db, &sest_arena, tok2, SEST_NOW));
}

Test(session, token_of_disabled_user) {
  int64_t tid;
  char *tok = token_create(sest_db, &sest_arena, sest_dave, "d", TOKEN_READ_WRITE, SEST_DAYS_90,
                           SEST_NOW, &tid);
  cr_assert_not_null(tok);
  cr_expect_null(token_user(sest_db, &sest_arena, tok, SEST_NOW));
}

Test(session, token_scope_and_expiry) {
  int64_t tid = 0, tid2 = 0;
  char *ro = token_create(sest_db, &sest_arena, sest_alice, "只读", TOKEN_READ_ONLY,
                          SEST_NOW + 3600, SEST_NOW, &tid);
  char *rw = token_create(sest_db, &sest_arena, sest_alice, "读写", TOKEN_READ_WRITE,
                          SEST_NOW + 3600, SEST_NOW, &tid2);
  cr_assert(ro && rw);
  struct user *u = token_user(sest_db, &sest_arena, ro, SEST_NOW);
  cr_assert_not_null(u);
  cr_expect_eq(u->token_id, tid);
  cr_expect(u->token_read_only);
  u = token_user(sest_db, &sest_arena, rw, SEST_NOW);
  cr_assert_not_null(u);
  cr_expect_eq(u->token_id, tid2);
  cr_expect_not(u->token_read_only);
  /* the last second it lives, then never again */
  cr_expect_not_null(token_user(sest_db, &sest_arena, ro, SEST_NOW + 3599));
  cr_expect_null(token_user(sest_db, &sest_arena, ro, SEST_NOW + 3600));
  cr_expect_null(token_user(sest_db, &sest_arena, rw, SEST_NOW + 7200));
  /* a cookie session is no token */
  char *csrf;
  char *st = session_create(sest_db, &sest_arena, sest_alice, "", 3600, SEST_NOW, &csrf);
  u = session_user(sest_db, &sest_arena, st, SEST_NOW);
  cr_assert_not_null(u);
  cr_expect_eq(u->token_id, 0);
}

Test(session, session_revoke_user) {
  int64_t tid = 0, tid2 = 0;
  char *csrf;
  char *s1 = session_create(sest_db, &sest_arena, sest_alice, "", 3600, SEST_NOW, &csrf);
  char *t1 = token_create(sest_db, &sest_arena, sest_alice, "a", TOKEN_READ_WRITE, SEST_DAYS_90,
                          SEST_NOW, &tid);
  char *t2 = token_create(sest_db, &sest_arena, sest_bob, "b", TOKEN_READ_WRITE, SEST_DAYS_90,
                          SEST_NOW, &tid2);
  cr_assert(s1 && t1 && t2);
  cr_assert_eq(session_revoke_user(sest_db, sest_alice), DB_DONE);
  cr_expect_null(session_user(sest_db, &sest_arena, s1, SEST_NOW));
  cr_expect_null(token_user(sest_db, &sest_arena, t1, SEST_NOW));
  cr_expect_eq(db_int(sest_db, -1, "SELECT revoked FROM api_tokens WHERE id = ?", "i", tid), 1);
  cr_expect_not_null(token_user(sest_db, &sest_arena, t2, SEST_NOW), "others untouched");
}

Test(session, login_wait_per_user) {
  for (int i = 0; i < LOGIN_MAX_USER - 1; i++) {
    login_failed(sest_db, "alice", "10.0.0.1", SEST_NOW - 100 + i);
    cr_expect_eq(login_wait(sest_db, "alice", "10.0.0.1", SEST_NOW), 0, "after %d failures", i + 1);
  }
  login_failed(sest_db, "alice", "10.0.0.2", SEST_NOW - 10);
  int64_t w = login_wait(sest_db, "alice", "10.0.0.3", SEST_NOW);
  cr_expect_gt(w, 0);
  cr_expect_leq(w, LOGIN_WINDOW);
  cr_expect_eq(w, (SEST_NOW - 100) + LOGIN_WINDOW - SEST_NOW, "until the oldest failure expires");
  cr_expect_eq(login_wait(sest_db, "bob", "10.0.0.3", SEST_NOW), 0, "other accounts unaffected");
  /* the wait runs out */
  cr_expect_eq(login_wait(sest_db, "alice", "10.0.0.3", SEST_NOW - 100 + LOGIN_WINDOW), 0);
  login_succeeded(sest_db, "alice");
  cr_expect_eq(login_wait(sest_db, "alice", "10.0.0.1", SEST_NOW), 0);
  cr_expect_eq(
      db_int(sest_db, -1, "SELECT COUNT(*) FROM login_failures WHERE username = 'alice'", ""), 0);
}

Test(session, login_wait_counts_recent_failures_only) {
  for (int i = 0; i < LOGIN_MAX_USER; i++)
    login_failed(sest_db, "alice", "10.0.0.1", SEST_NOW - LOGIN_WINDOW - 10 + i);
  cr_expect_eq(login_wait(sest_db, "alice", "10.0.0.1", SEST_NOW), 0);
  for (int i = 0; i < LOGIN_MAX_USER; i++) login_failed(sest_db, "alice", "10.0.0.1", SEST_NOW);
  cr_expect_eq(login_wait(sest_db, "alice", "10.0.0.1", SEST_NOW), LOGIN_WINDOW);
  cr_expect_eq(db_int(sest_db, -1, "SELECT COUNT(*) FROM login_failures", ""), LOGIN_MAX_USER,
               "failures older than the window are swept");
}

Test(session, login_wait_per_address) {
  char name[32];
  for (int i = 0; i < LOGIN_MAX_IP - 1; i++) {
    snprintf(name, sizeof name, "guess%d", i);
    login_failed(sest_db, name, "192.0.2.7", SEST_NOW - 300 + i);
  }
  cr_expect_eq(login_wait(sest_db, "bob", "192.0.2.7", SEST_NOW), 0);
  login_failed(sest_db, "another", "192.0.2.7", SEST_NOW);
  int64_t w = login_wait(sest_db, "bob", "192.0.2.7", SEST_NOW);
  cr_expect_gt(w, 0, "the address is blocked for every account");
  cr_expect_leq(w, LOGIN_WINDOW);
  cr_expect_eq(w, LOGIN_WINDOW - 300);
  cr_expect_eq(login_wait(sest_db, "bob", "192.0.2.8", SEST_NOW), 0, "other addresses are not");
  /* a success clears the account, not the address */
  login_succeeded(sest_db, "bob");
  cr_expect_gt(login_wait(sest_db, "bob", "192.0.2.7", SEST_NOW), 0);
}

Test(session, login_wait_takes_the_longer) {
  for (int i = 0; i < LOGIN_MAX_IP; i++) login_failed(sest_db, "x", "192.0.2.9", SEST_NOW - 800);
  for (int i = 0; i < LOGIN_MAX_USER; i++)
    login_failed(sest_db, "alice", "10.1.1.1", SEST_NOW - 100);
  cr_expect_eq(login_wait(sest_db, "alice", "192.0.2.9", SEST_NOW), LOGIN_WINDOW - 100);
}
