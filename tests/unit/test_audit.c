/* tests/unit/test_audit.c: the hash-chained audit log: entries as recorded, the chain verified,
** and every kind of tampering with the table found at the first broken entry. */
#include "auth/access.h"
#include "auth/audit.h"
#include "db/db.h"
#include "db/migrate.h"
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char audt_path[64];
static struct db *audt_db;

static void audt_init(void) {
  cr_assert_geq(sodium_init(), 0);
  strcpy(audt_path, "/tmp/lvzhi-test-audit-XXXXXX");
  int fd = mkstemp(audt_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  audt_db = db_open(audt_path, &err);
  cr_assert_not_null(audt_db, "%s", err ? err : "");
  cr_assert_eq(migrate_run(audt_db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
}

static void audt_fini(void) {
  db_close(audt_db);
  char p[96];
  unlink(audt_path);
  snprintf(p, sizeof p, "%s-wal", audt_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", audt_path);
  unlink(p);
}

TestSuite(audit, .init = audt_init, .fini = audt_fini);

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

Test(audit, empty_log_verifies) {
  int64_t n;
  cr_expect_eq(audt_verify(&n), 0);
  cr_expect_eq(n, 0);
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
  cr_expect_eq(db_int(audt_db, -1,
                      "SELECT COUNT(*) FROM audit_log WHERE id = 1 AND"
                      " prev_hash = printf('%.64d', 0)",
                      ""),
               1);
}

Test(audit, intact_chain_verifies_with_count) {
  audt_record_five();
  int64_t n;
  cr_expect_eq(audt_verify(&n), 0);
  cr_expect_eq(n, 5);
  /* more entries later keep the chain */
  cr_assert(audit_record(audt_db, &audt_alice, "10.0.0.2", "create", "sector", 4, 2, NULL, NULL));
  cr_expect_eq(audt_verify(&n), 0);
  cr_expect_eq(n, 6);
}

static void audt_tamper(const char *sql) {
  cr_assert_eq(db_exec(audt_db, sql, ""), DB_DONE, "%s", sql);
  cr_assert_eq(db_changes(audt_db), 1, "%s", sql);
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

Test(audit, rehashed_entry_breaks_next_link) {
  /* whoever edits an entry and recomputes its hash still breaks the next entry's link */
  audt_record_five();
  /* make entry 2 a copy of entry 3's content, linked to entry 1: its hash is then valid */
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
