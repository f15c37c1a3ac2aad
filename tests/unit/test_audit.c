/* tests/unit/test_audit.c: the keyed audit chain: entries as recorded, the chain and its head
** verified, and every kind of tampering with the table found: an entry edited (and the hashes
** after it computed again, without the key or with a wrong one), entries removed from the end,
** the head edited or removed, a chain from before the key (schema 11) taken over and then
** tampered with; the search of the log. The tests of the key run on SQLite and, when
** LVZHI_TEST_PG_URL names a server (scripts/pg-start), on PostgreSQL too (suite audit_pg).
**
** Every test process of this binary holds the installation key below (the constructor), as
** every lvzhi process that writes does: the other suites' records write audit entries. */
#include "auth/access.h"
#include "auth/audit.h"
#include "auth/secret.h"
#include "db/db.h"
#include "db/migrate.h"
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const unsigned char audt_key[SECRET_KEY_BYTES] = {
    0x6c, 0x76, 0x7a, 0x68, 0x69, 0x2d, 0x74, 0x65, 0x73, 0x74, 0x2d, 0x6b, 0x65, 0x79, 0x2d, 0x31,
    0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x30, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x21};

__attribute__((constructor)) static void audt_key_setup(void) { audit_set_key(audt_key); }

#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"

static char audt_path[64];
static struct db *audt_db;
static struct db *audt_admin; /* PostgreSQL: the connection that creates and drops */
static char audt_pg_name[64];

/* Migrates up to and including version upto (0: every migration). */
static void audt_migrate(int upto) {
  int n = schema_migration_count;
  if (upto)
    for (n = 0; n < schema_migration_count && schema_migrations[n].version <= upto; n++) continue;
  cr_assert_geq(migrate_run(audt_db, schema_migrations, n, NULL), 0, "%s", db_errmsg(audt_db));
}

static void audt_open_sqlite(int upto) {
  cr_assert_geq(sodium_init(), 0);
  strcpy(audt_path, "/tmp/lvzhi-test-audit-XXXXXX");
  int fd = mkstemp(audt_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  audt_db = db_open(audt_path, &err);
  cr_assert_not_null(audt_db, "%s", err ? err : "");
  audt_migrate(upto);
}

static void audt_open_pg(int upto) {
  const char *url = getenv("LVZHI_TEST_PG_URL");
  if (!url || !*url) cr_skip_test("LVZHI_TEST_PG_URL is not set (scripts/pg-start)");
  char *err = NULL;
  audt_admin = db_open(url, &err);
  cr_assert_not_null(audt_admin, "%s", err ? err : "");
  snprintf(audt_pg_name, sizeof audt_pg_name, "lvzhi_a%d_%lx", (int)getpid(),
           (unsigned long)random());
  char sql[128], own[512];
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", audt_pg_name);
  cr_assert_eq(db_exec_script(audt_admin, sql), DB_DONE, "%s", db_errmsg(audt_admin));
  /* the same server, this database */
  const char *host = strstr(url, "://"), *path = host ? strchr(host + 3, '/') : NULL;
  const char *query = strchr(url, '?');
  if (!path || (query && path > query)) path = query ? query : url + strlen(url);
  snprintf(own, sizeof own, "%.*s/%s%s", (int)(path - url), url, audt_pg_name, query ? query : "");
  audt_db = db_open(own, &err);
  cr_assert_not_null(audt_db, "%s", err ? err : "");
  audt_migrate(upto);
}

static void audt_fini(void) {
  audit_set_key(audt_key);
  if (audt_db) db_close(audt_db);
  audt_db = NULL;
  if (audt_admin) {
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", audt_pg_name);
    db_exec_script(audt_admin, sql);
    db_close(audt_admin);
    audt_admin = NULL;
  }
  if (audt_path[0]) {
    char p[96];
    unlink(audt_path);
    snprintf(p, sizeof p, "%s-wal", audt_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", audt_path);
    unlink(p);
    audt_path[0] = 0;
  }
}

static void audt_init(void) { audt_open_sqlite(0); }

TestSuite(audit, .init = audt_init, .fini = audt_fini);
TestSuite(audit_keyed, .fini = audt_fini);
TestSuite(audit_pg, .fini = audt_fini);

/* A test of the key on both engines: Test(audit_keyed, name) on SQLite and Test(audit_pg, name)
** on PostgreSQL run the same body after opening a database migrated up to version upto. */
#define BOTH(name, upto)                                                                           \
  static void name##_body(void);                                                                   \
  Test(audit_keyed, name) {                                                                        \
    audt_open_sqlite(upto);                                                                        \
    name##_body();                                                                                 \
  }                                                                                                \
  Test(audit_pg, name) {                                                                           \
    audt_open_pg(upto);                                                                            \
    name##_body();                                                                                 \
  }                                                                                                \
  static void name##_body(void)

static const struct user audt_alice = {.id = 7,
                                       .username = "alice",
                                       .display_name = "爱丽丝",
                                       .role = ROLE_SECRETARIAT,
                                       .committee_id = 2,
                                       .committee_path = "/1/2/"};

/* Records five entries: ids 1..5. */
static void audt_record_five(void) {
  json_t *a1 = json_pack("{s:s,s:i}", "name", "张三", "committee_id", 2);
  json_t *a2 = json_pack("{s:s,s:i}", "name", "张三丰", "committee_id", 2);
  cr_assert(db_begin(audt_db) == DB_DONE);
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.1", "create", "member", 11, 2, NULL, a1));
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.1", "update", "member", 11, 2, a1, a2));
  cr_assert(audit_record(audt_db, NULL, NULL, "create", "committee", 3, 0, NULL, NULL));
  cr_assert(audit_record(audt_db, &audt_alice, "::1", "delete", "member", 11, 2, a2, NULL));
  cr_assert(audit_record(audt_db, NULL, "", "login", "user", 7, 0, NULL, NULL));
  cr_assert(db_commit(audt_db) == DB_DONE);
  json_decref(a1);
  json_decref(a2);
}

static int64_t audt_verify(int64_t *count) {
  *count = -1;
  return audit_verify(audt_db, count);
}

static enum audit_problem audt_check(struct audit_check *c) { return audit_check(audt_db, c); }

static void audt_tamper(const char *sql) {
  cr_assert_eq(db_exec(audt_db, sql, ""), DB_DONE, "%s: %s", sql, db_errmsg(audt_db));
  cr_assert_geq(db_changes(audt_db), 1, "%s", sql);
}

/* ---- the chain as an attacker would compute it --------------------------------------------- */

/* The entry hash of the stored format (auth/audit.c): BLAKE2b-256 over the previous hash and the
** fields, each length-prefixed; keyed with key when it is not NULL. */
static void audt_put(crypto_generichash_state *s, const char *v) {
  uint32_t n = v ? (uint32_t)strlen(v) : 0xffffffffu;
  crypto_generichash_update(s, (const unsigned char *)&n, sizeof n);
  if (v) crypto_generichash_update(s, (const unsigned char *)v, strlen(v));
}

static void audt_put_int(crypto_generichash_state *s, int64_t v) {
  char b[24];
  snprintf(b, sizeof b, "%lld", (long long)v);
  audt_put(s, b);
}

struct audt_row {
  int64_t id, at, user_id, entity_id, committee_id;
  char *username, *action, *entity, *before, *after, *ip;
};

static void audt_hash(const unsigned char *key, const char *prev, const struct audt_row *r,
                      char out[65]) {
  crypto_generichash_state s;
  crypto_generichash_init(&s, key, key ? 32 : 0, 32);
  audt_put(&s, prev);
  audt_put_int(&s, r->at);
  audt_put_int(&s, r->user_id);
  audt_put(&s, r->username);
  audt_put(&s, r->action);
  audt_put(&s, r->entity);
  audt_put_int(&s, r->entity_id);
  audt_put_int(&s, r->committee_id);
  audt_put(&s, r->before);
  audt_put(&s, r->after);
  audt_put(&s, r->ip);
  unsigned char h[32];
  crypto_generichash_final(&s, h, sizeof h);
  sodium_bin2hex(out, 65, h, sizeof h);
}

static char *audt_dup(struct db_stmt *st, int i) {
  return db_col_null(st, i) ? NULL : strdup(db_col_text(st, i));
}

/* Computes prev_hash and hash of every entry from the one with id from on again, with key (NULL:
** the old unkeyed hash), and writes them: what someone with the database file does after editing
** an entry. Leaves the head alone. Returns the last hash. */
static void audt_rechain(int64_t from, const unsigned char *key, char last[65]) {
  struct audt_row rows[64];
  int n = 0;
  struct db_stmt *st = db_query(audt_db,
                                "SELECT id, at, COALESCE(user_id,0), username, action, entity,"
                                " COALESCE(entity_id,0), COALESCE(committee_id,0), before_json,"
                                " after_json, ip, hash FROM audit_log ORDER BY id",
                                "");
  char prev[65] = ZEROS;
  while (db_step(st) == DB_ROW && n < 64) {
    if (db_col_int(st, 0) < from) {
      snprintf(prev, sizeof prev, "%s", db_col_text(st, 11));
      continue;
    }
    rows[n++] = (struct audt_row){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2),
                                  db_col_int(st, 6), db_col_int(st, 7), audt_dup(st, 3),
                                  audt_dup(st, 4),   audt_dup(st, 5),   audt_dup(st, 8),
                                  audt_dup(st, 9),   audt_dup(st, 10)};
  }
  db_done(st);
  for (int i = 0; i < n; i++) {
    char h[65];
    audt_hash(key, prev, &rows[i], h);
    cr_assert_eq(db_exec(audt_db, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                         "tti", prev, h, rows[i].id),
                 DB_DONE);
    memcpy(prev, h, sizeof prev);
    free(rows[i].username), free(rows[i].action), free(rows[i].entity);
    free(rows[i].before), free(rows[i].after), free(rows[i].ip);
  }
  memcpy(last, prev, 65);
}

/* The chain's key as the server derives it from the installation key. */
static void audt_chain_key(unsigned char out[32]) { secret_subkey(audt_key, 1, "lvzhiaud", out); }

/* ---- entries as recorded (SQLite) ------------------------------------------------------------ */

Test(audit, empty_log_verifies_once_sealed) {
  int64_t n;
  struct audit_check c;
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_UNSEALED, "as the migration left it");
  cr_expect_eq(audt_verify(&n), -1);
  cr_assert(audit_seal(audt_db));
  cr_expect_eq(audt_verify(&n), 0);
  cr_expect_eq(n, 0, "sealing an empty log writes no entry");
  cr_expect_eq(audit_verify(audt_db, NULL), 0, "count may be NULL");
}

Test(audit, entries_recorded_as_given) {
  audt_record_five();
  struct db_stmt *st = db_query(audt_db,
                                "SELECT user_id, username, action, entity, entity_id,"
                                " committee_id, before_json, after_json, ip, prev_hash, hash, at"
                                " FROM audit_log WHERE id = 2",
                                "");
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_eq(db_col_int(st, 0), 7);
  cr_expect_str_eq(db_col_text(st, 1), "alice");
  cr_expect_str_eq(db_col_text(st, 2), "update");
  cr_expect_str_eq(db_col_text(st, 3), "member");
  cr_expect_eq(db_col_int(st, 4), 11);
  cr_expect_eq(db_col_int(st, 5), 2);
  cr_expect_str_eq(db_col_text(st, 6), "{\"committee_id\":2,\"name\":\"张三\"}");
  cr_expect_str_eq(db_col_text(st, 7), "{\"committee_id\":2,\"name\":\"张三丰\"}");
  cr_expect_str_eq(db_col_text(st, 8), "10.0.0.1");
  cr_expect_eq(strlen(db_col_text(st, 9)), 64);
  cr_expect_eq(strlen(db_col_text(st, 10)), 64);
  cr_expect_str_neq(db_col_text(st, 9), db_col_text(st, 10));
  cr_expect_gt(db_col_int(st, 11), 1600000000);
  db_done(st);
  /* a system entry */
  st = db_query(audt_db,
                "SELECT username, before_json IS NULL, after_json IS NULL, ip"
                " FROM audit_log WHERE id = 3",
                "");
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), "system");
  cr_expect_eq(db_col_int(st, 1), 1);
  cr_expect_eq(db_col_int(st, 2), 1);
  cr_expect_str_eq(db_col_text(st, 3), "");
  db_done(st);
  /* the chain links: each prev_hash is the hash before it, the first is the genesis */
  cr_expect_eq(db_int(audt_db, -1,
                      "SELECT COUNT(*) FROM audit_log a JOIN audit_log b"
                      " ON b.id = a.id + 1 WHERE b.prev_hash = a.hash",
                      ""),
               4);
  cr_expect_eq(db_int(audt_db, -1, "SELECT COUNT(*) FROM audit_log WHERE id = 1 AND prev_hash = ?",
                      "t", ZEROS),
               1);
  /* the hash is keyed: the unkeyed hash of the same entry is not it, the keyed one is */
  char h[65], k[65];
  unsigned char key[32];
  audt_chain_key(key);
  struct audt_row r = {0, 0, 0, 0, 0, "system", "create", "committee", NULL, NULL, ""};
  st = db_query(audt_db, "SELECT at, prev_hash, hash FROM audit_log WHERE id = 3", "");
  cr_assert_eq(db_step(st), DB_ROW);
  r.at = db_col_int(st, 0);
  r.entity_id = 3;
  audt_hash(NULL, db_col_text(st, 1), &r, h);
  audt_hash(key, db_col_text(st, 1), &r, k);
  cr_expect_str_neq(db_col_text(st, 2), h);
  cr_expect_str_eq(db_col_text(st, 2), k);
  db_done(st);
}

Test(audit, intact_chain_verifies_with_count) {
  audt_record_five();
  int64_t n;
  cr_expect_eq(audt_verify(&n), 0);
  cr_expect_eq(n, 5);
  /* more entries later keep the chain, outside a transaction too */
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.2", "create", "sector", 4, 2, NULL, NULL));
  cr_expect_eq(audt_verify(&n), 0);
  cr_expect_eq(n, 6);
  struct audit_check c;
  cr_expect_eq(audt_check(&c), AUDIT_OK);
  cr_expect_eq(c.head_entries, 6);
  cr_expect_str_eq(c.head_hash, c.last_hash);
  cr_expect_eq(c.legacy, 0);
}

Test(audit, rolled_back_entry_leaves_no_trace) {
  audt_record_five();
  cr_assert(db_begin(audt_db) == DB_DONE);
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.2", "update", "member", 11, 2, NULL, NULL));
  cr_assert(db_rollback(audt_db) == DB_DONE);
  int64_t n;
  cr_expect_eq(audt_verify(&n), 0, "the head went back with the entry");
  cr_expect_eq(n, 5);
}

Test(audit, changed_after_json_found) {
  audt_record_five();
  audt_tamper("UPDATE audit_log SET after_json = '{\"committee_id\":2,\"name\":\"李四\"}'"
              " WHERE id = 2");
  int64_t n;
  cr_expect_eq(audt_verify(&n), 2);
}

Test(audit, changed_before_json_found) {
  audt_record_five();
  audt_tamper("UPDATE audit_log SET before_json = '{}' WHERE id = 4");
  int64_t n;
  cr_expect_eq(audt_verify(&n), 4);
}

Test(audit, null_json_made_empty_found) {
  audt_record_five();
  audt_tamper("UPDATE audit_log SET before_json = '' WHERE id = 3");
  int64_t n;
  cr_expect_eq(audt_verify(&n), 3, "NULL and \"\" hash differently");
}

Test(audit, deleted_entry_found) {
  audt_record_five();
  audt_tamper("DELETE FROM audit_log WHERE id = 2");
  int64_t n;
  cr_expect_eq(audt_verify(&n), 3, "entry 3 no longer links to what precedes it");
}

Test(audit, deleted_first_entry_found) {
  audt_record_five();
  audt_tamper("DELETE FROM audit_log WHERE id = 1");
  int64_t n;
  cr_expect_eq(audt_verify(&n), 2);
}

Test(audit, changed_hash_found) {
  audt_record_five();
  audt_tamper("UPDATE audit_log SET hash = printf('%.64d', 1) WHERE id = 2");
  int64_t n;
  cr_expect_eq(audt_verify(&n), 2);
}

Test(audit, moved_entry_breaks_its_link) {
  audt_record_five();
  /* make entry 2 a copy of entry 3 (its own valid hash), in entry 2's place */
  cr_assert_eq(db_exec(audt_db, "DELETE FROM audit_log WHERE id = 2", ""), DB_DONE);
  cr_assert_eq(db_exec(audt_db,
                       "INSERT INTO audit_log (id, at, user_id, username, action, entity,"
                       " entity_id, committee_id, before_json, after_json, ip, prev_hash, hash)"
                       " SELECT 2, at, user_id, username, action, entity, entity_id,"
                       " committee_id, before_json, after_json, ip, prev_hash, hash"
                       " FROM audit_log WHERE id = 3",
                       ""),
               DB_DONE);
  cr_assert_eq(db_exec(audt_db, "DELETE FROM audit_log WHERE id = 3", ""), DB_DONE);
  int64_t n;
  /* entry 2 now claims prev = hash of old entry 2, which is not entry 1's */
  cr_expect_eq(audt_verify(&n), 2);
}

Test(audit, changed_prev_hash_found) {
  audt_record_five();
  audt_tamper("UPDATE audit_log SET prev_hash = printf('%.64d', 0) WHERE id = 3");
  int64_t n;
  cr_expect_eq(audt_verify(&n), 3);
}

Test(audit, changed_fields_found) {
  static const char *const edits[] = {
      "UPDATE audit_log SET username = 'bob' WHERE id = 2",
      "UPDATE audit_log SET user_id = 8 WHERE id = 2",
      "UPDATE audit_log SET at = at + 1 WHERE id = 2",
      "UPDATE audit_log SET action = 'create' WHERE id = 2",
      "UPDATE audit_log SET entity = 'committee' WHERE id = 2",
      "UPDATE audit_log SET entity_id = 12 WHERE id = 2",
      "UPDATE audit_log SET committee_id = 3 WHERE id = 2",
      "UPDATE audit_log SET ip = '10.0.0.9' WHERE id = 2",
  };
  audt_record_five();
  for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
    int64_t n;
    cr_assert_eq(audt_verify(&n), 0, "intact before %s", edits[i]);
    cr_assert_eq(db_exec_script(audt_db, "SAVEPOINT s"), DB_DONE);
    audt_tamper(edits[i]);
    cr_expect_eq(audt_verify(&n), 2, "%s", edits[i]);
    cr_assert_eq(db_exec_script(audt_db, "ROLLBACK TO s; RELEASE s"), DB_DONE);
  }
}

Test(audit, tamper_of_last_entry_found) {
  audt_record_five();
  audt_tamper("UPDATE audit_log SET action = 'logout' WHERE id = 5");
  int64_t n;
  cr_expect_eq(audt_verify(&n), 5);
}

Test(audit, no_key_no_entry) {
  audt_record_five();
  audit_set_key(NULL);
  cr_expect_not(audit_has_key());
  cr_expect_not(
      audit_record(audt_db, &audt_alice, "10.0.0.1", "create", "member", 12, 2, NULL, NULL),
      "an entry without the key would break the chain: refused");
  cr_expect_not(audit_seal(audt_db));
  struct audit_check c;
  cr_expect_eq(audt_check(&c), AUDIT_NO_KEY, "keyed entries cannot be checked without the key");
  audit_set_key(audt_key);
  int64_t n;
  cr_expect_eq(audt_verify(&n), 0);
  cr_expect_eq(n, 5, "nothing was written");
}

Test(audit, failed_login_names_what_was_typed) {
  char long_name[200] = "";
  for (int i = 0; i < 30; i++) strcat(long_name, "张"); /* 90 bytes: cut at 63, a whole character */
  cr_assert(audit_login_failed(audt_db, "mallory", "10.9.9.9"));
  cr_assert(audit_login_failed(audt_db, long_name, "10.9.9.9"));
  struct db_stmt *st = db_query(audt_db,
                                "SELECT username, action, entity, user_id, ip FROM audit_log"
                                " ORDER BY id",
                                "");
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), "mallory");
  cr_expect_str_eq(db_col_text(st, 1), "login_failed");
  cr_expect_str_eq(db_col_text(st, 2), "session");
  cr_expect_eq(db_col_int(st, 3), 0, "no account is named");
  cr_expect_str_eq(db_col_text(st, 4), "10.9.9.9");
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_eq(strlen(db_col_text(st, 0)), 63);
  cr_expect_eq(strncmp(db_col_text(st, 0), long_name, 63), 0);
  db_done(st);
  int64_t n;
  cr_expect_eq(audt_verify(&n), 0);
}

/* ---- the search ------------------------------------------------------------------------------ */

/* The ids audit_query gives for f, newest first, as "5,3,1". */
static const char *audt_ids(const struct audit_filter *f, int64_t before, int64_t limit) {
  static char out[256];
  out[0] = 0;
  struct db_stmt *st = audit_query(audt_db, f, before, limit);
  cr_assert_not_null(st, "%s", db_errmsg(audt_db));
  while (db_step(st) == DB_ROW)
    snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld", out[0] ? "," : "",
             (long long)db_col_int(st, 0));
  db_done(st);
  return out;
}

Test(audit, search_by_each_filter) {
  cr_assert_eq(db_exec_script(audt_db,
                              "INSERT INTO committees (id, name, level, path, created_at,"
                              " updated_at) VALUES (1, '全国政协', 'national', '/1/', 0, 0),"
                              " (2, '甘肃省政协', 'province', '/1/2/', 0, 0),"
                              " (3, '兰州市政协', 'city', '/1/2/3/', 0, 0),"
                              " (20, '别省政协', 'province', '/1/20/', 0, 0)"),
               DB_DONE);
  audt_record_five(); /* committees 2, 2, 0, 2, 0 */
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.5", "export", "proposals", 0, 3, NULL,
                         NULL)); /* 6 */
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.5", "export", "members", 0, 20, NULL,
                         NULL)); /* 7 */
  cr_assert_eq(db_exec(audt_db, "UPDATE audit_log SET at = 1000 * id", ""), DB_DONE);
  struct audit_filter f = {0};
  cr_expect_str_eq(audt_ids(&f, 0, 0), "7,6,5,4,3,2,1");
  cr_expect_str_eq(audt_ids(&f, 6, 2), "5,4", "paged by id");
  f.username = "alice";
  cr_expect_str_eq(audt_ids(&f, 0, 0), "7,6,4,2,1");
  f = (struct audit_filter){.action = "export"};
  cr_expect_str_eq(audt_ids(&f, 0, 0), "7,6");
  f = (struct audit_filter){.entity = "member", .entity_id = 11};
  cr_expect_str_eq(audt_ids(&f, 0, 0), "4,2,1");
  f = (struct audit_filter){.ip = "::1"};
  cr_expect_str_eq(audt_ids(&f, 0, 0), "4");
  f = (struct audit_filter){.from = 2000, .to = 4000};
  cr_expect_str_eq(audt_ids(&f, 0, 0), "3,2", "from inclusive, to exclusive");
  f = (struct audit_filter){.text = "张三丰"};
  cr_expect_str_eq(audt_ids(&f, 0, 0), "4,2", "text in the record before or after");
  f = (struct audit_filter){.text = "%"};
  cr_expect_str_eq(audt_ids(&f, 0, 0), "", "LIKE characters match themselves");
  /* scope: a province sees its subtree; the root also the entries of no committee */
  f = (struct audit_filter){.scope_path = "/1/2/"};
  cr_expect_str_eq(audt_ids(&f, 0, 0), "6,4,2,1");
  f = (struct audit_filter){.scope_path = "/1/"};
  cr_expect_str_eq(audt_ids(&f, 0, 0), "7,6,5,4,3,2,1");
  f = (struct audit_filter){.scope_path = "/1/2/", .username = "alice", .action = "update"};
  cr_expect_str_eq(audt_ids(&f, 0, 0), "2");
}

/* ---- the key: truncation, re-chaining, the head (both engines) ------------------------------- */

BOTH(truncation_found, 0) {
  audt_record_five();
  audt_tamper("DELETE FROM audit_log WHERE id >= 4");
  struct audit_check c;
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_MISMATCH, "the newest two entries are gone");
  cr_expect_eq(c.entries, 3);
  cr_expect_eq(c.head_entries, 5);
  cr_expect_eq(c.first_broken, 0, "every entry left holds");
  int64_t n;
  cr_expect_eq(audt_verify(&n), -1);
  /* the server keeps writing, and the truncation keeps showing */
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.1", "create", "member", 12, 2, NULL, NULL));
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_MISMATCH);
  cr_expect_eq(c.entries, 4);
  cr_expect_eq(c.head_entries, 6);
}

BOTH(truncation_with_head_rewritten_found, 0) {
  audt_record_five();
  audt_tamper("DELETE FROM audit_log WHERE id = 5");
  /* the head made to agree, without the key */
  audt_tamper("UPDATE audit_head SET entries = 4,"
              " last_hash = (SELECT hash FROM audit_log WHERE id = 4)");
  struct audit_check c;
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_FORGED);
  /* nor does the next entry take the forged head over */
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.1", "create", "member", 12, 2, NULL, NULL));
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_FORGED);
}

BOTH(head_removed_found, 0) {
  audt_record_five();
  audt_tamper("DELETE FROM audit_head");
  struct audit_check c;
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_MISSING);
  cr_expect_eq(c.entries, 5, "the entries themselves hold");
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.1", "create", "member", 12, 2, NULL, NULL));
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_MISSING, "an entry does not make a new head");
  cr_expect(audit_seal(audt_db));
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_MISSING, "nor does a seal");
}

BOTH(head_edits_found, 0) {
  static const char *const edits[] = {
      "UPDATE audit_head SET entries = entries + 1",
      "UPDATE audit_head SET entries = entries - 1",
      "UPDATE audit_head SET legacy = 5",
      "UPDATE audit_head SET last_hash = (SELECT prev_hash FROM audit_log WHERE id = 5)",
      "UPDATE audit_head SET mac = last_hash",
      "UPDATE audit_head SET mac = ''",
  };
  /* legacy = 5 reads the keyed entries with the unkeyed hash: the first fails */
  static const enum audit_problem found[] = {AUDIT_HEAD_FORGED, AUDIT_HEAD_FORGED,
                                             AUDIT_ENTRY,       AUDIT_HEAD_FORGED,
                                             AUDIT_HEAD_FORGED, AUDIT_HEAD_UNSEALED};
  audt_record_five();
  struct audit_check c;
  for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
    cr_assert_eq(db_begin(audt_db), DB_DONE);
    cr_assert_eq(audt_check(&c), AUDIT_OK, "intact before %s", edits[i]);
    audt_tamper(edits[i]);
    cr_expect_eq(audt_check(&c), found[i], "%s", edits[i]);
    cr_assert_eq(db_rollback(audt_db), DB_DONE);
  }
}

BOTH(edit_and_rechain_found, 0) {
  audt_record_five();
  char last[65];
  unsigned char wrong[32], right[32];
  memset(wrong, 7, sizeof wrong);
  audt_chain_key(right);
  const unsigned char *keys[] = {NULL, wrong};
  const char *what[] = {"the old unkeyed hash", "a wrong key"};
  for (int i = 0; i < 2; i++) {
    cr_assert_eq(db_begin(audt_db), DB_DONE);
    audt_tamper("UPDATE audit_log SET after_json = '{\"name\":\"李四\"}' WHERE id = 2");
    audt_rechain(2, keys[i], last);
    /* the head made to agree too, as far as it can be without the key */
    cr_assert_eq(db_exec(audt_db, "UPDATE audit_head SET last_hash = ?", "t", last), DB_DONE);
    struct audit_check c;
    cr_expect_eq(audt_check(&c), AUDIT_ENTRY, "re-chained with %s", what[i]);
    cr_expect_eq(c.first_broken, 2, "re-chained with %s", what[i]);
    cr_assert_eq(db_rollback(audt_db), DB_DONE);
  }
  /* the control: re-chained with the right key (which only the server holds) the chain holds,
  ** so the two above failed for the key alone */
  audt_tamper("UPDATE audit_log SET after_json = '{\"name\":\"李四\"}' WHERE id = 2");
  audt_rechain(2, right, last);
  cr_assert_eq(db_exec(audt_db, "UPDATE audit_head SET last_hash = ?", "t", last), DB_DONE);
  struct audit_check c;
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_FORGED, "entries hold; the head's MAC still does not");
  cr_expect_eq(c.entries, 5);
}

/* Writes n entries the way the code of schema 11 did: the unkeyed hash; each with the record
** after (NULL: "{}"). */
static void audt_legacy_images(int n, const char *after, char last[65]) {
  char prev[65] = ZEROS, h[65];
  for (int i = 1; i <= n; i++) {
    char action[16];
    snprintf(action, sizeof action, "old%d", i);
    struct audt_row r = {0,        1700000000 + i, 7,        11,   2,
                         "alice",  action,         "member", NULL, (char *)(after ? after : "{}"),
                         "1.2.3.4"};
    audt_hash(NULL, prev, &r, h);
    cr_assert_eq(db_exec(audt_db,
                         "INSERT INTO audit_log (at, user_id, username, action, entity, entity_id,"
                         " committee_id, before_json, after_json, ip, prev_hash, hash)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         "iitttiintttt", r.at, r.user_id, r.username, r.action, r.entity,
                         r.entity_id, r.committee_id, r.after, r.ip, prev, h),
                 DB_DONE, "%s", db_errmsg(audt_db));
    memcpy(prev, h, sizeof prev);
  }
  memcpy(last, prev, 65);
}

static void audt_legacy_entries(int n, char last[65]) { audt_legacy_images(n, NULL, last); }

BOTH(chain_from_before_the_key_taken_over, 11) {
  char legacy_last[65];
  audt_legacy_entries(4, legacy_last);
  audt_migrate(0);
  struct audit_check c;
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_UNSEALED, "migration 12 leaves the head unsealed");
  cr_expect_eq(c.head_entries, 4);
  cr_expect_str_eq(c.head_hash, legacy_last);
  cr_assert(audit_seal(audt_db));
  cr_expect_eq(audt_check(&c), AUDIT_OK);
  cr_expect_eq(c.legacy, 4);
  cr_expect_eq(c.entries, 5, "the four old entries and the seal");
  cr_expect_eq(db_int(audt_db, 0,
                      "SELECT COUNT(*) FROM audit_log WHERE id = 5 AND action = 'seal'"
                      " AND after_json LIKE ?",
                      "t", "%\"legacy_entries\":4%"),
               1);
  cr_assert(audit_seal(audt_db));
  cr_expect_eq(audt_check(&c), AUDIT_OK);
  cr_expect_eq(c.entries, 5, "sealed once");
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.1", "create", "member", 12, 2, NULL, NULL));
  cr_expect_eq(audt_check(&c), AUDIT_OK);
  cr_expect_eq(c.entries, 6);
  cr_expect_eq(c.legacy, 4);

  /* an old entry edited and the old chain computed again: the first keyed entry breaks */
  char last[65];
  cr_assert_eq(db_begin(audt_db), DB_DONE);
  audt_tamper("UPDATE audit_log SET ip = '6.6.6.6' WHERE id = 2");
  audt_rechain(2, NULL, last);
  cr_expect_eq(audt_check(&c), AUDIT_ENTRY);
  cr_expect_eq(c.first_broken, 5, "the seal entry links to the old chain's true end");
  cr_assert_eq(db_rollback(audt_db), DB_DONE);

  /* every entry rewritten as an old one (a downgrade): the head's count of old entries holds */
  cr_assert_eq(db_begin(audt_db), DB_DONE);
  audt_rechain(1, NULL, last);
  cr_assert_eq(db_exec(audt_db, "UPDATE audit_head SET last_hash = ?", "t", last), DB_DONE);
  cr_expect_eq(audt_check(&c), AUDIT_ENTRY);
  cr_expect_eq(c.first_broken, 5);
  audt_tamper("UPDATE audit_head SET legacy = 6, entries = 6");
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_FORGED);
  cr_assert_eq(db_rollback(audt_db), DB_DONE);

  /* the newest removed */
  audt_tamper("DELETE FROM audit_log WHERE id = 6");
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_MISMATCH);
}

BOTH(old_entries_removed_before_any_new_one_found, 11) {
  char legacy_last[65];
  audt_legacy_entries(3, legacy_last);
  audt_migrate(0);
  cr_assert(audit_seal(audt_db));
  struct audit_check c;
  cr_assert_eq(db_begin(audt_db), DB_DONE);
  audt_tamper("DELETE FROM audit_log WHERE id = 3");
  cr_expect_eq(audt_check(&c), AUDIT_ENTRY, "the seal entry no longer links");
  cr_expect_eq(c.first_broken, 4);
  cr_assert_eq(db_rollback(audt_db), DB_DONE);
  audt_tamper("DELETE FROM audit_log WHERE id >= 3"); /* the seal with it */
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_MISMATCH);
  cr_expect_eq(c.entries, 2);
}

/* Migration 13 takes phone numbers out of old entries' images while the head is not yet sealed:
** the unkeyed hashes are computed again, the unsealed head moves to the new end, and sealing it
** then gives a chain that holds. */
BOTH(old_images_redacted_before_the_seal, 11) {
  char legacy_last[65];
  audt_legacy_images(3, "{\"id\":1,\"phone\":\"13912345678\"}", legacy_last);
  audt_migrate(12);
  struct audit_check c;
  cr_expect_eq(audt_check(&c), AUDIT_HEAD_UNSEALED);
  audt_migrate(0);
  cr_expect_eq(db_int(audt_db, 0, "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE ?", "t",
                      "%13912345678%"),
               0, "no whole phone left in the log");
  cr_expect_eq(db_int(audt_db, 0, "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE ?", "t",
                      "%139****5678%"),
               3);
  cr_expect_eq(audt_check(&c), AUDIT_OK, "the redaction entry sealed the head: %d", audt_check(&c));
  cr_expect_eq(c.legacy, 3);
  cr_expect_eq(c.entries, 5, "three old entries, the seal, the redaction");
  cr_expect_eq(db_int(audt_db, 0, "SELECT COUNT(*) FROM audit_log WHERE action = 'redact'", ""), 1);
}

BOTH(new_roles_stored, 0) {
  cr_assert_eq(db_exec_script(audt_db,
                              "INSERT INTO committees (id, name, level, path, created_at,"
                              " updated_at) VALUES (1, '全国政协', 'national', '/1/', 0, 0)"),
               DB_DONE);
  static const char *const roles[] = {"security_admin", "audit_admin", "admin", "viewer"};
  for (int i = 0; i < 4; i++)
    cr_expect_eq(db_exec(audt_db,
                         "INSERT INTO users (username, role, committee_id, created_at, updated_at)"
                         " VALUES (?, ?, 1, 0, 0)",
                         "tt", roles[i], roles[i]),
                 DB_DONE, "%s: %s", roles[i], db_errmsg(audt_db));
  cr_expect_eq(db_exec(audt_db,
                       "INSERT INTO users (username, role, committee_id, created_at, updated_at)"
                       " VALUES ('x', 'superuser', 1, 0, 0)",
                       ""),
               DB_CONSTRAINT, "the CHECK still holds for anything else");
}
