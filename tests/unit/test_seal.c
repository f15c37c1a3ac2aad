/* tests/unit/test_seal.c: migration 13 on a database of version 12 that kept birth dates and
** phones in clear, ID masks that showed the sequence digits, and audit images of both: without
** the key it refuses and changes nothing; with it every value is sealed and opens again, the
** clear columns are gone, the audit images are masked and the chain verifies, and the SQLite
** file's bytes hold none of the numbers. The seal_pg suite does the same on PostgreSQL when
** LVZHI_TEST_PG_URL names a server (scripts/pg-start), and is skipped otherwise. */
#include "auth/audit.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/idcard.h"
#include "db/db.h"
#include "db/migrate.h"
#include <criterion/criterion.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char sealt_path[64];
static struct db *sealt_db;
static const unsigned char sealt_key[SECRET_KEY_BYTES] = {9, 8, 7, 6, 5, 4, 3, 2, 1};

#define ID_NUMBER "62010219740423651" /* 17 digits; the check character is computed */
#define PHONE     "13912345678"
#define REQ_PHONE "0931-8765432"
#define BIRTH     "1974-04-23"

static char sealt_id[19];      /* a valid number born BIRTH */
static struct db *sealt_admin; /* PostgreSQL: the connection that creates and drops */
static char sealt_pg_name[64];

/* Brings the database to the schema as it was before migration 13. */
static void sealt_version_12(void) {
  memcpy(sealt_id, ID_NUMBER, 17);
  sealt_id[17] = idcard_check_digit(ID_NUMBER);
  sealt_id[18] = 0;
  int before = 0;
  while (before < schema_migration_count && schema_migrations[before].version < 13) before++;
  cr_assert_eq(before, 12);
  cr_assert_eq(migrate_run(sealt_db, schema_migrations, before, NULL), 12);
}

static void sealt_init(void) {
  cr_assert_geq(sodium_init(), 0);
  strcpy(sealt_path, "/tmp/lvzhi-test-seal-XXXXXX");
  int fd = mkstemp(sealt_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  sealt_db = db_open(sealt_path, &err);
  cr_assert_not_null(sealt_db, "%s", err ? err : "");
  sealt_version_12();
}

/* The same on a fresh database of the PostgreSQL server of LVZHI_TEST_PG_URL (skipped
** without it). */
static void sealt_init_pg(void) {
  cr_assert_geq(sodium_init(), 0);
  const char *url = getenv("LVZHI_TEST_PG_URL");
  if (!url || !*url) cr_skip_test("LVZHI_TEST_PG_URL is not set (scripts/pg-start)");
  char *err = NULL;
  sealt_admin = db_open(url, &err);
  cr_assert_not_null(sealt_admin, "%s", err ? err : "");
  snprintf(sealt_pg_name, sizeof sealt_pg_name, "lvzhi_seal%d_%lx", (int)getpid(),
           (unsigned long)random());
  char sql[128], db_url[600];
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", sealt_pg_name);
  cr_assert_eq(db_exec_script(sealt_admin, sql), DB_DONE);
  const char *host = strstr(url, "://"), *path = host ? strchr(host + 3, '/') : NULL;
  const char *query = strchr(url, '?');
  if (!path || (query && path > query)) path = query ? query : url + strlen(url);
  snprintf(db_url, sizeof db_url, "%.*s/%s%s", (int)(path - url), url, sealt_pg_name,
           query ? query : "");
  sealt_db = db_open(db_url, &err);
  cr_assert_not_null(sealt_db, "%s", err ? err : "");
  sealt_version_12();
}

static void sealt_fini(void) {
  if (sealt_db) db_close(sealt_db);
  sealt_db = NULL;
  if (sealt_admin) {
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", sealt_pg_name);
    db_exec_script(sealt_admin, sql);
    db_close(sealt_admin);
    sealt_admin = NULL;
    return;
  }
  char p[96];
  unlink(sealt_path);
  snprintf(p, sizeof p, "%s-wal", sealt_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", sealt_path);
  unlink(p);
}

TestSuite(seal, .init = sealt_init, .fini = sealt_fini);
TestSuite(seal_pg, .init = sealt_init_pg, .fini = sealt_fini);

/* How many of the columns named in names (quoted, comma-separated) table has. */
static int64_t sealt_columns(const char *table, const char *names) {
  char sql[300];
  if (db_engine(sealt_db) == DB_SQLITE)
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM pragma_table_info('%s') WHERE name IN (%s)",
             table, names);
  else
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = '%s'"
             " AND column_name IN (%s)",
             table, names);
  return db_int(sealt_db, -1, sql, "");
}

/* Fills the version-12 database: a committee, a member as version 11 stored it (the number
** sealed, its old mask, the birth date and phone in clear), a request with a phone, a roster
** import waiting in a job and an export's file, and the audit entries of the member's create and
** update (images as version 11 made them). */
static void sealt_fill(void) {
  struct arena a;
  arena_init(&a);
  size_t n = 0;
  unsigned char *sealed = secret_seal(sealt_key, &a, sealt_id, &n);
  char old_mask[19];
  snprintf(old_mask, sizeof old_mask, "%.6s********%.4s", sealt_id, sealt_id + 14);
  cr_assert(db_begin(sealt_db) == DB_DONE);
  cr_assert_eq(db_exec(sealt_db,
                       "INSERT INTO committees (id, name, level, path, created_at, updated_at)"
                       " VALUES (1, '甘肃省政协', 'province', '/1/', 0, 0)",
                       ""),
               DB_DONE);
  cr_assert_eq(db_exec(sealt_db,
                       "INSERT INTO members (id, committee_id, name, gender, birth_date, phone,"
                       " id_number_enc, id_number_hash, id_number_mask, created_at, updated_at)"
                       " VALUES (1, 1, '张三', 'male', ?, ?, ?, ?, ?, 0, 0)",
                       "ttBtt", BIRTH, PHONE, sealed, n, secret_hash(sealt_key, &a, sealt_id),
                       old_mask),
               DB_DONE);
  cr_assert_eq(db_exec(sealt_db,
                       "INSERT INTO members (id, committee_id, name, gender, created_at,"
                       " updated_at) VALUES (2, 1, '李四', 'female', 0, 0)",
                       ""),
               DB_DONE);
  cr_assert_eq(db_exec(sealt_db,
                       "INSERT INTO requests (id, committee_id, category, title, requester_phone,"
                       " created_at, updated_at) VALUES (1, 1, 'other', '诉求', ?, 0, 0)",
                       "t", REQ_PHONE),
               DB_DONE);
  const char *roster = "姓名,身份证号,手机号\r\n张三," ID_NUMBER "," PHONE "\r\n";
  cr_assert_eq(db_exec(sealt_db,
                       "INSERT INTO jobs (kind, status, input, created_at) VALUES"
                       " ('member_import', 'done', ?, 0)",
                       "B", roster, strlen(roster)),
               DB_DONE);
  cr_assert_eq(db_exec(sealt_db,
                       "INSERT INTO jobs (kind, status, result, result_type, created_at) VALUES"
                       " ('member_export', 'done', ?, 'text/csv', 0)",
                       "B", roster, strlen(roster)),
               DB_DONE);
  json_t *before = json_pack("{s:i,s:s,s:s,s:s,s:s}", "id", 1, "name", "张三", "birth_date", BIRTH,
                             "id_number", old_mask, "phone", PHONE);
  json_t *after = json_deep_copy(before);
  json_object_set_new(after, "name", json_string("张三丰"));
  json_t *req = json_pack("{s:i,s:s}", "id", 1, "requester_phone", REQ_PHONE);
  cr_assert(audit_record(sealt_db, NULL, "cli", "create", "member", 1, 1, NULL, before));
  cr_assert(audit_record(sealt_db, NULL, "cli", "login", "user", 1, 0, NULL, NULL));
  cr_assert(audit_record(sealt_db, NULL, "cli", "update", "member", 1, 1, before, after));
  cr_assert(audit_record(sealt_db, NULL, "cli", "create", "request", 1, 1, NULL, req));
  cr_assert(audit_record(sealt_db, NULL, "cli", "create", "committee", 1, 1, NULL, NULL));
  json_decref(before);
  json_decref(after);
  json_decref(req);
  cr_assert(db_commit(sealt_db) == DB_DONE);
  cr_assert_eq(audit_verify(sealt_db, NULL), 0);
  arena_free(&a);
}

/* The sealed column col of row id of table, opened (arena), or NULL. */
static char *sealt_open(struct arena *a, const char *sql, int64_t id) {
  struct db_stmt *st = db_query(sealt_db, sql, "i", id);
  char *out = NULL;
  if (db_step(st) == DB_ROW && !db_col_null(st, 0)) {
    size_t n = 0;
    const void *b = db_col_blob(st, 0, &n);
    size_t len = 0;
    out = (char *)secret_open_bytes(sealt_key, a, b, n, &len);
  }
  db_done(st);
  return out;
}

/* The bytes of the file at path (malloc'd, NUL-terminated), in *len. */
static char *sealt_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  *len = 0;
  if (!f) return calloc(1, 1);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  *len = fread(b, 1, (size_t)n, f);
  b[*len] = 0;
  fclose(f);
  return b;
}

static bool sealt_holds(const char *hay, size_t len, const char *needle) {
  return memmem(hay, len, needle, strlen(needle)) != NULL;
}

Test(seal, without_the_key_nothing_changes) {
  sealt_fill();
  cr_expect_eq(migrate_run_key(sealt_db, schema_migrations, schema_migration_count, NULL, NULL),
               -1);
  cr_expect_eq(migrate_version(sealt_db), 12);
  cr_expect_eq(db_int(sealt_db, 0, "SELECT COUNT(*) FROM members WHERE phone = ?", "t", PHONE), 1,
               "the clear columns are still there, untouched");
  cr_expect_eq(audit_verify(sealt_db, NULL), 0);
}

Test(seal_pg, without_the_key_nothing_changes) {
  sealt_fill();
  cr_expect_eq(migrate_run_key(sealt_db, schema_migrations, schema_migration_count, NULL, NULL),
               -1);
  cr_expect_eq(migrate_version(sealt_db), 12);
}

Test(seal, an_empty_database_needs_no_key) {
  cr_expect_eq(migrate_run_key(sealt_db, schema_migrations, schema_migration_count, NULL, NULL),
               schema_migration_count - 12);
  cr_expect_eq(migrate_version(sealt_db), schema_migrations[schema_migration_count - 1].version);
}

Test(seal, a_tampered_audit_chain_is_not_computed_again) {
  sealt_fill();
  cr_assert_eq(
      db_exec(sealt_db, "UPDATE audit_log SET username = 'mallory' WHERE action = 'login'", ""),
      DB_DONE);
  cr_expect_eq(
      migrate_run_key(sealt_db, schema_migrations, schema_migration_count, sealt_key, NULL), -1);
  cr_expect_eq(migrate_version(sealt_db), 12);
}

/* Migration 13 with the key, and what it left in the database. */
static void sealt_migrate_and_check(void) {
  sealt_fill();
  int64_t entries = db_int(sealt_db, 0, "SELECT COUNT(*) FROM audit_log", "");
  cr_assert_eq(
      migrate_run_key(sealt_db, schema_migrations, schema_migration_count, sealt_key, NULL),
      schema_migration_count - 12);
  struct arena a;
  arena_init(&a);
  /* the member: sealed birth date and phone, the year in clear, the masks */
  cr_expect_str_eq(sealt_open(&a, "SELECT birth_date_enc FROM members WHERE id = ?", 1), BIRTH);
  cr_expect_str_eq(sealt_open(&a, "SELECT phone_enc FROM members WHERE id = ?", 1), PHONE);
  cr_expect_str_eq(sealt_open(&a, "SELECT id_number_enc FROM members WHERE id = ?", 1), sealt_id);
  cr_expect_eq(db_int(sealt_db, 0, "SELECT birth_year FROM members WHERE id = 1", ""), 1974);
  struct db_stmt *st =
      db_query(sealt_db, "SELECT id_number_mask, phone_mask FROM members WHERE id = 1", "");
  cr_assert_eq(db_step(st), DB_ROW);
  char mask[19];
  cr_expect_str_eq(db_col_text(st, 0), idcard_mask(sealt_id, mask));
  cr_expect_str_eq(db_col_text(st, 0), "620102************");
  cr_expect_str_eq(db_col_text(st, 1), "139****5678");
  db_done(st);
  /* a member without them stays without */
  cr_expect_eq(db_int(sealt_db, 1,
                      "SELECT COUNT(*) FROM members WHERE id = 2 AND (birth_year IS NOT NULL OR"
                      " birth_date_enc IS NOT NULL OR phone_enc IS NOT NULL OR phone_mask <> '')",
                      ""),
               0);
  /* the request */
  cr_expect_str_eq(sealt_open(&a, "SELECT requester_phone_enc FROM requests WHERE id = ?", 1),
                   REQ_PHONE);
  cr_expect_eq(db_int(sealt_db, 0,
                      "SELECT COUNT(*) FROM requests WHERE requester_phone_mask = '093*-***5432'",
                      ""),
               1);
  /* the jobs' files */
  cr_expect(strstr(sealt_open(&a, "SELECT input FROM jobs WHERE id = ?", 1), PHONE));
  cr_expect(strstr(sealt_open(&a, "SELECT result FROM jobs WHERE id = ?", 2), PHONE));
  cr_expect_eq(db_int(sealt_db, 0, "SELECT result_sealed FROM jobs WHERE id = 2", ""), 1);
  /* the clear columns are gone */
  cr_expect_eq(sealt_columns("members", "'birth_date', 'phone'"), 0);
  cr_expect_eq(sealt_columns("requests", "'requester_phone'"), 0);
  cr_expect_eq(sealt_columns("members", "'birth_year', 'birth_date_enc', 'phone_enc'"), 3);
  /* the audit log: the images masked, no birth date, the chain verifies, one entry says so */
  int64_t count = 0;
  cr_expect_eq(audit_verify(sealt_db, &count), 0);
  cr_expect_eq(count, entries + 1);
  st = db_query(sealt_db,
                "SELECT COALESCE(before_json, ''), COALESCE(after_json, '') FROM audit_log"
                " WHERE entity IN ('member', 'request')",
                "");
  int images = 0;
  while (db_step(st) == DB_ROW)
    for (int k = 0; k < 2; k++) {
      const char *img = db_col_text(st, k);
      if (!*img) continue;
      images++;
      cr_expect(!strstr(img, PHONE) && !strstr(img, REQ_PHONE) && !strstr(img, BIRTH) &&
                    !strstr(img, sealt_id + 14),
                "%s", img);
      if (strstr(img, "id_number")) cr_expect(strstr(img, "\"620102************\""), "%s", img);
      if (strstr(img, "张三")) cr_expect(strstr(img, "\"birth_year\":1974"), "%s", img);
    }
  db_done(st);
  cr_expect_eq(images, 4);
  cr_expect_eq(db_int(sealt_db, 0,
                      "SELECT COUNT(*) FROM audit_log WHERE action = 'redact' AND after_json ="
                      " '{\"entries\":3,\"migration\":13}'",
                      ""),
               1);
  arena_free(&a);
}

Test(seal_pg, with_the_key_everything_is_sealed_and_opens) { sealt_migrate_and_check(); }

Test(seal, with_the_key_everything_is_sealed_and_opens) {
  sealt_migrate_and_check();
  /* and the file itself (its WAL checkpointed at close) holds none of them */
  db_close(sealt_db);
  sealt_db = NULL;
  size_t len = 0;
  char *bytes = sealt_file(sealt_path, &len);
  char wal[96];
  snprintf(wal, sizeof wal, "%s-wal", sealt_path);
  size_t wlen = 0;
  char *wbytes = sealt_file(wal, &wlen);
  cr_expect_gt(len, 10000);
  char old_mask[19];
  snprintf(old_mask, sizeof old_mask, "%.6s********%.4s", sealt_id, sealt_id + 14);
  for (const char *v[] = {PHONE, REQ_PHONE, BIRTH, "19740423", old_mask, sealt_id, NULL}, **p = v;
       *p; p++) {
    cr_expect(!sealt_holds(bytes, len, *p), "the database file holds %s", *p);
    cr_expect(!sealt_holds(wbytes, wlen, *p), "the WAL holds %s", *p);
  }
  free(bytes);
  free(wbytes);
}

/* ---- nonces: a random prefix per thread and a count (secret_nonce) ---- */

#define NONCES 4096
static unsigned char thread_nonces[2][NONCES][SECRET_NONCE_BYTES];

static void *draw_nonces(void *arg) {
  unsigned char(*out)[SECRET_NONCE_BYTES] = arg;
  for (int i = 0; i < NONCES; i++) secret_nonce(out[i]);
  return NULL;
}

static int nonce_cmp(const void *a, const void *b) { return memcmp(a, b, SECRET_NONCE_BYTES); }

Test(seal, nonces_never_repeat_within_or_across_threads) {
  pthread_t t[2];
  for (int k = 0; k < 2; k++) pthread_create(&t[k], NULL, draw_nonces, thread_nonces[k]);
  for (int k = 0; k < 2; k++) pthread_join(t[k], NULL);
  /* each thread has its own prefix */
  cr_assert_neq(memcmp(thread_nonces[0][0], thread_nonces[1][0], 16), 0);
  static unsigned char all[2 * NONCES][SECRET_NONCE_BYTES];
  memcpy(all, thread_nonces, sizeof all);
  qsort(all, 2 * NONCES, SECRET_NONCE_BYTES, nonce_cmp);
  for (int i = 1; i < 2 * NONCES; i++)
    cr_assert_neq(memcmp(all[i - 1], all[i], SECRET_NONCE_BYTES), 0, "nonce %d repeats", i);
}

Test(seal, the_same_text_seals_differently_and_opens) {
  unsigned char key[SECRET_KEY_BYTES];
  randombytes_buf(key, sizeof key);
  struct arena a;
  arena_init(&a);
  size_t n1 = 0, n2 = 0;
  unsigned char *s1 = secret_seal(key, &a, "620102199001011234", &n1);
  unsigned char *s2 = secret_seal(key, &a, "620102199001011234", &n2);
  cr_assert_eq(n1, n2);
  cr_assert_neq(memcmp(s1, s2, n1), 0, "two seals of one text differ (their nonces)");
  cr_assert_str_eq(secret_open(key, &a, s1, n1), "620102199001011234");
  cr_assert_str_eq(secret_open(key, &a, s2, n2), "620102199001011234");
  arena_free(&a);
}
