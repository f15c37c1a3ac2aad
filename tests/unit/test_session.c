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

/* ---- login limits ---- */

/* One failed attempt of username from ip (and device) at t; asserts it was let through. */
static void sest_fail(const char *username, const char *ip, const char *device, int64_t t) {
  int64_t attempt = 0;
  cr_assert_eq(login_gate(sest_db, username, ip, device, t, &attempt), 0, "%s from %s at %lld",
               username, ip, (long long)(t - SEST_NOW));
  cr_assert_gt(attempt, 0);
  login_failed(sest_db, attempt, username, t);
}

/* The wait login_gate asks of username from ip (and device) at t; an attempt let through is
** taken back (as a success would not be: its row is simply removed). */
static int64_t sest_wait(const char *username, const char *ip, const char *device, int64_t t) {
  int64_t attempt = 0, w = login_gate(sest_db, username, ip, device, t, &attempt);
  if (attempt) db_exec(sest_db, "DELETE FROM login_failures WHERE id = ?", "i", attempt);
  return w;
}

static int64_t sest_rows(void) {
  return db_int(sest_db, -1, "SELECT COUNT(*) FROM login_failures", "");
}

Test(session, login_delay_doubles_up_to_the_cap) {
  cr_expect_eq(login_delay(0, 5, 900), 0);
  cr_expect_eq(login_delay(4, 5, 900), 0);
  cr_expect_eq(login_delay(5, 5, 900), LOGIN_DELAY_BASE);
  cr_expect_eq(login_delay(6, 5, 900), 2 * LOGIN_DELAY_BASE);
  cr_expect_eq(login_delay(9, 5, 900), 16 * LOGIN_DELAY_BASE);
  cr_expect_eq(login_delay(100, 5, 900), 900);
  cr_expect_eq(login_delay(INT64_C(1) << 40, 5, 300), 300, "no overflow");
}

Test(session, login_pair_slows_one_client_not_another) {
  for (int i = 0; i < LOGIN_FREE_PAIR; i++) {
    cr_expect_eq(sest_wait("alice", "10.0.0.1", NULL, SEST_NOW + i), 0, "failure %d", i);
    sest_fail("alice", "10.0.0.1", NULL, SEST_NOW + i);
  }
  int64_t last = SEST_NOW + LOGIN_FREE_PAIR - 1;
  cr_expect_eq(sest_wait("alice", "10.0.0.1", NULL, last), LOGIN_DELAY_BASE);
  cr_expect_eq(sest_wait("alice", "10.0.0.1", NULL, last + 2), LOGIN_DELAY_BASE - 2);
  /* the owner from another client is not held back, nor the same client for another account */
  cr_expect_eq(sest_wait("alice", "10.0.0.2", NULL, last), 0);
  cr_expect_eq(sest_wait("bob", "10.0.0.1", NULL, last), 0);
  /* a refused attempt is not counted: asking again does not lengthen the wait */
  int64_t rows = sest_rows();
  for (int i = 0; i < 5; i++) cr_expect_gt(sest_wait("alice", "10.0.0.1", NULL, last + 1), 0);
  cr_expect_eq(sest_rows(), rows);
  /* the wait runs out; the next failure doubles it */
  cr_expect_eq(sest_wait("alice", "10.0.0.1", NULL, last + LOGIN_DELAY_BASE), 0);
  sest_fail("alice", "10.0.0.1", NULL, last + LOGIN_DELAY_BASE);
  cr_expect_eq(sest_wait("alice", "10.0.0.1", NULL, last + LOGIN_DELAY_BASE), 2 * LOGIN_DELAY_BASE);
  /* failures older than the window are forgotten */
  cr_expect_eq(sest_wait("alice", "10.0.0.1", NULL, SEST_NOW + LOGIN_WINDOW + 100), 0);
}

Test(session, login_success_clears_the_client_not_the_account) {
  for (int i = 0; i < LOGIN_FREE_PAIR; i++) sest_fail("alice", "10.0.0.1", NULL, SEST_NOW);
  for (int i = 0; i < LOGIN_FREE_PAIR; i++) sest_fail("alice", "10.0.0.9", NULL, SEST_NOW);
  cr_expect_gt(sest_wait("alice", "10.0.0.1", NULL, SEST_NOW), 0);
  /* the owner logs in from a third client, then from the first once its wait is over */
  int64_t attempt = 0;
  cr_assert_eq(login_gate(sest_db, "alice", "10.0.0.1", NULL, SEST_NOW + 60, &attempt), 0);
  login_succeeded(sest_db, attempt, "alice", "10.0.0.1", NULL);
  cr_expect_eq(sest_wait("alice", "10.0.0.1", NULL, SEST_NOW + 1), 0, "this client's are gone");
  cr_expect_gt(sest_wait("alice", "10.0.0.9", NULL, SEST_NOW + 1), 0, "another client's stay");
  cr_expect_eq(sest_rows(), LOGIN_FREE_PAIR);
}

Test(session, login_address_slows_guessing_across_accounts) {
  for (int i = 0; i < LOGIN_FREE_IP; i++) {
    char name[24];
    snprintf(name, sizeof name, "ghost%d", i);
    sest_fail(name, "192.0.2.7", NULL, SEST_NOW - 300 + i);
  }
  cr_expect_eq(sest_wait("bob", "192.0.2.7", NULL, SEST_NOW - 300 + LOGIN_FREE_IP - 1),
               LOGIN_DELAY_BASE);
  cr_expect_eq(sest_wait("bob", "192.0.2.8", NULL, SEST_NOW - 300 + LOGIN_FREE_IP - 1), 0,
               "other addresses are not");
}

Test(session, login_account_slows_many_addresses_but_spares_a_trusted_device) {
  /* the owner logged in from a browser before: the device is trusted for alice */
  char *dev = login_device_trust(sest_db, &sest_arena, NULL, sest_alice, SEST_NOW - 3600);
  cr_assert_not_null(dev);
  cr_expect_eq(strlen(dev), 43);
  cr_expect_eq(
      db_int(sest_db, -1, "SELECT COUNT(*) FROM login_devices WHERE token_hash = ?", "t", dev), 0,
      "only its hash is stored");
  /* guesses from many addresses, each under its own limits */
  for (int i = 0; i < LOGIN_FREE_ACCOUNT; i++) {
    char ip[32];
    snprintf(ip, sizeof ip, "198.51.100.%d", i + 1);
    sest_fail("alice", ip, NULL, SEST_NOW + i);
  }
  int64_t last = SEST_NOW + LOGIN_FREE_ACCOUNT - 1;
  int64_t w = sest_wait("alice", "203.0.113.5", NULL, last);
  cr_expect_eq(w, LOGIN_DELAY_BASE, "a new client waits");
  cr_expect_eq(sest_wait("alice", "203.0.113.5", dev, last), 0, "the trusted device does not");
  cr_expect_eq(sest_wait("bob", "203.0.113.5", NULL, last), 0, "other accounts are not slowed");
  /* the device is trusted for alice only */
  cr_expect_gt(sest_wait("alice", "203.0.113.5", "not-a-device-cookie-value", last), 0);
  char *bobdev = login_device_trust(sest_db, &sest_arena, NULL, sest_bob, SEST_NOW);
  cr_expect_gt(sest_wait("alice", "203.0.113.5", bobdev, last), 0);
  /* the account's wait is capped lower than a client's */
  for (int i = 0; i < 20; i++) {
    char ip[32];
    snprintf(ip, sizeof ip, "198.51.101.%d", i + 1);
    int64_t attempt = 0;
    login_gate(sest_db, "alice", ip, NULL, last + 1000, &attempt);
    if (attempt)
      login_failed(sest_db, attempt, "alice", last + 1000);
    else
      db_exec(sest_db, "INSERT INTO login_failures (username, ip, at) VALUES ('alice', ?, ?)", "ti",
              ip, last + 1000);
  }
  cr_expect_eq(sest_wait("alice", "203.0.113.6", NULL, last + 1000), LOGIN_CAP_ACCOUNT);
}

Test(session, login_trusted_device_is_counted_alone) {
  char *dev = login_device_trust(sest_db, &sest_arena, NULL, sest_alice, SEST_NOW);
  cr_assert_not_null(dev);
  for (int i = 0; i < LOGIN_FREE_DEVICE; i++) sest_fail("alice", "10.0.0.1", dev, SEST_NOW);
  cr_expect_eq(sest_wait("alice", "10.0.0.1", dev, SEST_NOW), LOGIN_DELAY_BASE);
  /* its failures count neither for the address nor for the account's other clients */
  cr_expect_eq(sest_wait("alice", "10.0.0.1", NULL, SEST_NOW), 0);
  /* a success from it forgets them */
  int64_t attempt = 0;
  cr_assert_eq(login_gate(sest_db, "alice", "10.0.0.1", dev, SEST_NOW + LOGIN_DELAY_BASE, &attempt),
               0);
  login_succeeded(sest_db, attempt, "alice", "10.0.0.1", dev);
  cr_expect_eq(sest_rows(), 0);
  /* the same browser is trusted for another account too, keeping its value */
  char *again = login_device_trust(sest_db, &sest_arena, dev, sest_bob, SEST_NOW);
  cr_expect_str_eq(again, dev);
  /* a value this server never gave is replaced; a stale device is no longer trusted */
  char *other = login_device_trust(sest_db, &sest_arena, "made-up", sest_bob, SEST_NOW);
  cr_expect_str_neq(other, "made-up");
  for (int i = 0; i < LOGIN_FREE_ACCOUNT; i++) {
    char ip[32];
    snprintf(ip, sizeof ip, "192.0.2.%d", i + 1);
    sest_fail("alice", ip, NULL, SEST_NOW);
  }
  cr_expect_gt(sest_wait("alice", "10.0.0.5", NULL, SEST_NOW + 1), 0);
  cr_expect_eq(sest_wait("alice", "10.0.0.5", dev, SEST_NOW + 1), 0);
  int64_t stale = SEST_NOW + (int64_t)DEVICE_DAYS * 86400;
  for (int i = 0; i < LOGIN_FREE_ACCOUNT; i++) {
    char ip[32];
    snprintf(ip, sizeof ip, "192.0.2.%d", i + 1);
    sest_fail("alice", ip, NULL, stale);
  }
  cr_expect_gt(sest_wait("alice", "10.0.0.5", dev, stale + 1), 0, "unused for DEVICE_DAYS");
}

/* A failure of username from a fresh address at t; returns whether it tells the managers. */
static bool sest_fail_told(const char *username, int n, int64_t t) {
  char ip[32];
  snprintf(ip, sizeof ip, "198.51.%d.%d", 100 + n / 200, n % 200 + 1);
  int64_t attempt = 0;
  cr_assert_eq(login_gate(sest_db, username, ip, NULL, t, &attempt), 0, "%s #%d", username, n);
  return login_failed(sest_db, attempt, username, t);
}

Test(session, login_failures_tell_the_managers_once_per_window) {
  int told = 0, n = 0;
  for (int i = 0; i < LOGIN_ALERT_AT; i++) {
    bool t = sest_fail_told("bob", n++, SEST_NOW);
    if (t) cr_expect_eq(i + 1, LOGIN_ALERT_AT, "told at the %d-th failure", i + 1);
    told += t;
  }
  cr_expect_eq(told, 1);
  /* more failures in the window (each after its wait) tell nobody again */
  for (int i = 1; i <= 4; i++) cr_expect_not(sest_fail_told("bob", n++, SEST_NOW + i * 100));
  /* an unknown account tells nobody */
  for (int i = 0; i < LOGIN_ALERT_AT; i++) cr_expect_not(sest_fail_told("nobody", n++, SEST_NOW));
  /* the next window tells again, once */
  int64_t later = SEST_NOW + 400 + LOGIN_WINDOW + 1;
  told = 0;
  for (int i = 0; i < LOGIN_ALERT_AT + 2; i++) told += sest_fail_told("bob", n++, later + i * 60);
  cr_expect_eq(told, 1);
}

/* ---- idle timeout, the last login, the list of sessions ---- */

Test(session, session_idle_timeout) {
  struct session_new sn = {.user_id = sest_alice, .ip = "10.0.0.1", .ttl = 3600, .idle = 600};
  char *csrf;
  int64_t id = 0;
  char *tok = session_open(sest_db, &sest_arena, &sn, SEST_NOW, &csrf, &id);
  cr_assert_not_null(tok);
  cr_expect_gt(id, 0);
  struct user *u = session_user(sest_db, &sest_arena, tok, SEST_NOW + 599);
  cr_assert_not_null(u, "idle 599 s of 600");
  cr_expect_eq(u->session_id, id);
  cr_expect_not(u->must_change_password);
  /* that request was the last: the session lives 600 s from it */
  cr_expect_not_null(session_user(sest_db, &sest_arena, tok, SEST_NOW + 599 + 599));
  cr_expect_null(session_user(sest_db, &sest_arena, tok, SEST_NOW + 599 + 599 + 600));
  /* and a session in use still ends at its absolute expiry */
  char *t2 = session_open(sest_db, &sest_arena, &sn, SEST_NOW, &csrf, NULL);
  for (int64_t t = SEST_NOW; t < SEST_NOW + 3600; t += 300)
    cr_assert_not_null(session_user(sest_db, &sest_arena, t2, t), "at %lld", (long long)t);
  cr_expect_null(session_user(sest_db, &sest_arena, t2, SEST_NOW + 3600));
}

Test(session, session_last_seen_kept_to_a_thirtieth_of_the_idle_timeout) {
  struct session_new sn = {.user_id = sest_alice, .ip = "", .ttl = 7200, .idle = 1800};
  char *csrf;
  int64_t id = 0;
  char *tok = session_open(sest_db, &sest_arena, &sn, SEST_NOW, &csrf, &id);
  cr_assert_not_null(session_user(sest_db, &sest_arena, tok, SEST_NOW + 59));
  cr_expect_eq(db_int(sest_db, -1, "SELECT last_seen_at FROM sessions WHERE id = ?", "i", id),
               SEST_NOW);
  cr_assert_not_null(session_user(sest_db, &sest_arena, tok, SEST_NOW + 60));
  cr_expect_eq(db_int(sest_db, -1, "SELECT last_seen_at FROM sessions WHERE id = ?", "i", id),
               SEST_NOW + 60);
}

Test(session, session_keeps_the_login_before_it) {
  struct session_new sn = {.user_id = sest_alice, .ip = "10.0.0.1", .ttl = 3600, .idle = 600};
  char *csrf;
  int64_t first = 0, second = 0;
  cr_assert_not_null(session_open(sest_db, &sest_arena, &sn, SEST_NOW, &csrf, &first));
  sn.ip = "10.0.0.2";
  sn.must_change_password = true;
  sn.user_agent = "Mozilla/5.0 (X11; Linux x86_64)";
  char *tok = session_open(sest_db, &sest_arena, &sn, SEST_NOW + 100, &csrf, &second);
  cr_assert_not_null(tok);
  struct session_info a, b;
  cr_assert(session_get(sest_db, &sest_arena, first, &a));
  cr_assert(session_get(sest_db, &sest_arena, second, &b));
  cr_expect_eq(a.prev_login_at, 0, "the first login has none before it");
  cr_expect_eq(b.prev_login_at, SEST_NOW);
  cr_expect_str_eq(b.prev_login_ip, "10.0.0.1");
  cr_expect_str_eq(b.ip, "10.0.0.2");
  cr_expect_str_eq(b.user_agent, "Mozilla/5.0 (X11; Linux x86_64)");
  cr_expect(b.must_change_password);
  cr_expect(session_user(sest_db, &sest_arena, tok, SEST_NOW + 100)->must_change_password);
  cr_expect_not(session_get(sest_db, &sest_arena, 99999, &a));
}

Test(session, session_user_agent_cut_at_a_character) {
  char ua[400];
  memset(ua, 'a', sizeof ua);
  ua[SESSION_UA_MAX - 1] = (char)0xe6; /* 政 spans the limit */
  ua[SESSION_UA_MAX] = (char)0x94;
  ua[SESSION_UA_MAX + 1] = (char)0xbf;
  ua[sizeof ua - 1] = 0;
  struct session_new sn = {
      .user_id = sest_alice, .ip = "", .ttl = 60, .idle = 60, .user_agent = ua};
  char *csrf;
  int64_t id;
  cr_assert_not_null(session_open(sest_db, &sest_arena, &sn, SEST_NOW, &csrf, &id));
  struct session_info si;
  cr_assert(session_get(sest_db, &sest_arena, id, &si));
  cr_expect_eq(strlen(si.user_agent), SESSION_UA_MAX - 1);
  sn.user_agent = "bad \xff bytes";
  cr_assert_not_null(session_open(sest_db, &sest_arena, &sn, SEST_NOW, &csrf, &id));
  cr_assert(session_get(sest_db, &sest_arena, id, &si));
  cr_expect_str_eq(si.user_agent, "");
}

Test(session, session_list_and_revoke_own_only) {
  struct session_new sn = {.user_id = sest_alice, .ip = "10.0.0.1", .ttl = 3600, .idle = 600};
  char *csrf;
  int64_t a1 = 0, a2 = 0, a3 = 0, b1 = 0;
  char *t1 = session_open(sest_db, &sest_arena, &sn, SEST_NOW, &csrf, &a1);
  char *t2 = session_open(sest_db, &sest_arena, &sn, SEST_NOW, &csrf, &a2);
  char *t3 = session_open(sest_db, &sest_arena, &sn, SEST_NOW, &csrf, &a3);
  sn.user_id = sest_bob;
  char *tb = session_open(sest_db, &sest_arena, &sn, SEST_NOW, &csrf, &b1);
  cr_assert(t1 && t2 && t3 && tb);
  json_t *l = session_list_json(sest_db, sest_alice, a2, SEST_NOW + 1);
  cr_assert_eq(json_array_size(l), 3);
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(l, 0), "id")), a3, "newest first");
  for (size_t i = 0; i < 3; i++) {
    json_t *o = json_array_get(l, i);
    cr_expect_eq(json_is_true(json_object_get(o, "current")),
                 json_integer_value(json_object_get(o, "id")) == a2);
    cr_expect_str_eq(json_string_value(json_object_get(o, "ip")), "10.0.0.1");
  }
  json_decref(l);
  cr_expect_eq(session_owner(sest_db, a1), sest_alice);
  cr_expect_eq(session_owner(sest_db, 99999), 0);
  /* bob cannot end alice's session */
  cr_expect_eq(session_revoke(sest_db, sest_bob, a1), DB_DONE);
  cr_expect_not_null(session_user(sest_db, &sest_arena, t1, SEST_NOW));
  cr_expect_eq(session_revoke(sest_db, sest_alice, a1), DB_DONE);
  cr_expect_null(session_user(sest_db, &sest_arena, t1, SEST_NOW));
  int64_t n = 0;
  cr_expect_eq(session_revoke_others(sest_db, sest_alice, a2, &n), DB_DONE);
  cr_expect_eq(n, 1);
  cr_expect_not_null(session_user(sest_db, &sest_arena, t2, SEST_NOW));
  cr_expect_null(session_user(sest_db, &sest_arena, t3, SEST_NOW));
  cr_expect_not_null(session_user(sest_db, &sest_arena, tb, SEST_NOW), "bob's untouched");
  /* an idle session is not listed */
  l = session_list_json(sest_db, sest_alice, 0, SEST_NOW + 601);
  cr_expect_eq(json_array_size(l), 0);
  json_decref(l);
}
