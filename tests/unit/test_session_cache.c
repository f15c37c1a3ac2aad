/* tests/unit/test_session_cache.c: the loop threads' session cache (session.c) never honours a
** session that has ended or changed: every change made through another connection (another
** thread, node or process) takes effect at the next lookup, through the session generation
** (auth_generation, migration 21) that triggers move on. Two connections to one SQLite file: a
** reads as a loop thread does (its thread's cache), b writes as another thread would. */
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

#define SC_NOW INT64_C(1774972800)

static char sc_path[64];
static struct db *sc_a, *sc_b;
static struct arena sc_arena;
static int64_t sc_alice;

static void sc_init(void) {
  cr_assert_geq(sodium_init(), 0);
  strcpy(sc_path, "/tmp/lvzhi-test-scache-XXXXXX");
  int fd = mkstemp(sc_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  sc_a = db_open(sc_path, &err);
  cr_assert_not_null(sc_a, "%s", err ? err : "");
  cr_assert_eq(migrate_run(sc_a, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
  sc_b = db_open(sc_path, &err);
  cr_assert_not_null(sc_b, "%s", err ? err : "");
  cr_assert_eq(db_exec_script(sc_a, "INSERT INTO committees (id, name, level, path, created_at,"
                                    " updated_at) VALUES (1, '全国政协', 'national', '/1/', 1, 1);"
                                    "INSERT INTO committees (id, parent_id, name, level, path,"
                                    " created_at, updated_at) VALUES (2, 1, '某省政协', 'province',"
                                    " '/1/2/', 1, 1);"),
               DB_DONE);
  sc_alice = db_int(sc_a, 0,
                    "INSERT INTO users (username, display_name, password_hash, role,"
                    " committee_id, disabled, created_at, updated_at)"
                    " VALUES ('alice', 'Alice', '', 'secretariat', 2, 0, 1, 1) RETURNING id",
                    "");
  cr_assert_gt(sc_alice, 0);
  arena_init(&sc_arena);
  session_cache_clear();
}

static void sc_fini(void) {
  session_cache_clear();
  arena_free(&sc_arena);
  db_close(sc_a);
  db_close(sc_b);
  char p[96];
  unlink(sc_path);
  snprintf(p, sizeof p, "%s-wal", sc_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", sc_path);
  unlink(p);
}

TestSuite(session_cache, .init = sc_init, .fini = sc_fini);

/* A session of alice opened through connection db at now, idle timeout idle. */
static char *sc_login(struct db *db, int64_t now, int64_t idle) {
  char *csrf = NULL;
  struct session_new s = {.user_id = sc_alice, .ip = "10.0.0.1", .ttl = 3600, .idle = idle};
  char *t = session_open(db, &sc_arena, &s, now, &csrf, NULL);
  cr_assert_not_null(t);
  return t;
}

/* Looks the session up twice through a, so that the second answer is the cache's. */
static struct user *sc_warm(const char *token, int64_t now) {
  cr_assert_not_null(session_user(sc_a, &sc_arena, token, now));
  int64_t gen = 0;
  struct user *u = session_user_cached(sc_a, &sc_arena, token, now, &gen);
  cr_assert_not_null(u);
  cr_assert_neq(gen, 0, "the second lookup came from the cache");
  cr_assert_eq(gen, session_generation(sc_a));
  return u;
}

Test(session_cache, a_session_made_on_another_connection_is_valid_at_once) {
  char *t1 = sc_login(sc_a, SC_NOW, 1800);
  sc_warm(t1, SC_NOW);
  char *t2 = sc_login(sc_b, SC_NOW, 1800);
  struct user *u = session_user(sc_a, &sc_arena, t2, SC_NOW);
  cr_assert_not_null(u, "a session made a moment ago on another connection");
  int64_t gen = 0;
  cr_assert_not_null(session_user_cached(sc_a, &sc_arena, t2, SC_NOW, &gen));
}

Test(session_cache, logout_elsewhere_ends_the_cached_session_at_once) {
  char *t = sc_login(sc_a, SC_NOW, 1800);
  sc_warm(t, SC_NOW);
  int64_t before = session_generation(sc_a);
  session_delete(sc_b, t);
  cr_assert_gt(session_generation(sc_a), before, "a logout moves the generation on");
  cr_assert_null(session_user(sc_a, &sc_arena, t, SC_NOW + 1));
  /* the unconfirmed lookup of a read that confirms in its own statement */
  int64_t gen = 0;
  struct user *u = session_user_cached(sc_a, &sc_arena, t, SC_NOW + 1, &gen);
  cr_assert(u == NULL || !session_confirm(gen, session_generation(sc_a)),
            "a cached session is never confirmed after its logout");
}

Test(session_cache, an_unconfirmed_session_fails_confirmation_after_a_change) {
  char *t = sc_login(sc_a, SC_NOW, 1800);
  sc_warm(t, SC_NOW);
  int64_t gen = 0;
  struct user *u = session_user_cached(sc_a, &sc_arena, t, SC_NOW, &gen);
  cr_assert_not_null(u);
  cr_assert_eq(u->role, ROLE_SECRETARIAT);
  cr_assert_eq(db_exec(sc_b, "UPDATE users SET role = 'viewer' WHERE id = ?", "i", sc_alice),
               DB_DONE);
  cr_assert_not(session_confirm(gen, session_generation(sc_a)), "a role change is seen");
  u = session_user(sc_a, &sc_arena, t, SC_NOW);
  cr_assert_not_null(u);
  cr_assert_eq(u->role, ROLE_VIEWER, "the new role at once");
}

Test(session_cache, disabling_the_account_ends_the_cached_session) {
  char *t = sc_login(sc_a, SC_NOW, 1800);
  sc_warm(t, SC_NOW);
  cr_assert_eq(db_exec(sc_b, "UPDATE users SET disabled = 1 WHERE id = ?", "i", sc_alice), DB_DONE);
  cr_assert_null(session_user(sc_a, &sc_arena, t, SC_NOW));
}

Test(session_cache, a_password_change_ends_the_cached_session) {
  char *t = sc_login(sc_a, SC_NOW, 1800);
  sc_warm(t, SC_NOW);
  cr_assert_eq(session_revoke_user(sc_b, sc_alice), DB_DONE);
  cr_assert_null(session_user(sc_a, &sc_arena, t, SC_NOW));
}

Test(session_cache, revoking_the_others_ends_them_and_keeps_this_one) {
  char *keep = sc_login(sc_a, SC_NOW, 1800), *other = sc_login(sc_a, SC_NOW, 1800);
  struct user *k = sc_warm(keep, SC_NOW);
  sc_warm(other, SC_NOW);
  int64_t n = 0;
  cr_assert_eq(session_revoke_others(sc_b, sc_alice, k->session_id, &n), DB_DONE);
  cr_assert_eq(n, 1);
  cr_assert_null(session_user(sc_a, &sc_arena, other, SC_NOW));
  cr_assert_not_null(session_user(sc_a, &sc_arena, keep, SC_NOW));
}

Test(session_cache, account_and_committee_changes_are_seen_at_once) {
  char *t = sc_login(sc_a, SC_NOW, 1800);
  sc_warm(t, SC_NOW);
  cr_assert_eq(db_exec(sc_b,
                       "UPDATE users SET display_name = 'Alice B', committee_id = 1"
                       " WHERE id = ?",
                       "i", sc_alice),
               DB_DONE);
  struct user *u = session_user(sc_a, &sc_arena, t, SC_NOW);
  cr_assert_str_eq(u->display_name, "Alice B");
  cr_assert_str_eq(u->committee_path, "/1/");
  sc_warm(t, SC_NOW);
  cr_assert_eq(db_exec(sc_b, "UPDATE committees SET path = '/9/' WHERE id = 1", ""), DB_DONE);
  u = session_user(sc_a, &sc_arena, t, SC_NOW);
  cr_assert_str_eq(u->committee_path, "/9/", "the committee's new path");
  sc_warm(t, SC_NOW);
  cr_assert_eq(db_exec(sc_b, "UPDATE sessions SET must_change = 1", ""), DB_DONE);
  cr_assert(session_user(sc_a, &sc_arena, t, SC_NOW)->must_change_password);
}

Test(session_cache, idle_timeout_and_expiry_hold_for_a_cached_session) {
  char *t = sc_login(sc_a, SC_NOW, 60);
  sc_warm(t, SC_NOW);
  cr_assert_null(session_user(sc_a, &sc_arena, t, SC_NOW + 60), "idle for its whole timeout");
  int64_t gen = 0;
  cr_assert_null(session_user_cached(sc_a, &sc_arena, t, SC_NOW + 60, &gen));
  char *u = sc_login(sc_a, SC_NOW, 1800);
  sc_warm(u, SC_NOW);
  /* a session's absolute end (ttl 3600), though it was never idle */
  for (int64_t at = SC_NOW; at < SC_NOW + 3600; at += 600)
    cr_assert_not_null(session_user(sc_a, &sc_arena, u, at));
  cr_assert_null(session_user(sc_a, &sc_arena, u, SC_NOW + 3600));
  cr_assert_null(session_user_cached(sc_a, &sc_arena, u, SC_NOW + 3600, &gen));
}

Test(session_cache, the_last_request_is_still_noted_and_does_not_empty_the_caches) {
  char *t = sc_login(sc_a, SC_NOW, 1800); /* noted every 60 s */
  sc_warm(t, SC_NOW);
  int64_t gen = session_generation(sc_a);
  cr_assert_not_null(session_user(sc_a, &sc_arena, t, SC_NOW + 61));
  cr_assert_eq(db_int(sc_a, 0, "SELECT last_seen_at FROM sessions", ""), SC_NOW + 61);
  cr_assert_eq(session_generation(sc_a), gen, "noting the last request changes no session");
  /* a new login (an insert) does not either */
  sc_login(sc_b, SC_NOW + 61, 1800);
  cr_assert_eq(session_generation(sc_a), gen);
  /* idle 1799 s after its last noted request: still live, from the cache or not */
  int64_t g = 0;
  cr_assert_not_null(session_user_cached(sc_a, &sc_arena, t, SC_NOW + 61 + 30, &g));
  cr_assert_not_null(session_user(sc_a, &sc_arena, t, SC_NOW + 61 + 1799));
  /* its last request set back by hand (as if idle for its timeout) is seen at once */
  sc_warm(t, SC_NOW + 61 + 1799);
  cr_assert_eq(db_exec(sc_b, "UPDATE sessions SET last_seen_at = last_seen_at - 1800", ""),
               DB_DONE);
  cr_assert_null(session_user(sc_a, &sc_arena, t, SC_NOW + 61 + 1799));
}
