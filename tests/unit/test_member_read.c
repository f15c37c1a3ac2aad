/* tests/unit/test_member_read.c: the one-statement member read (member_read, GET
** /api/v1/members/{id}) answers byte for byte what the record engine's path answered (entity_get
** dumped by jansson as reply_json dumps it, after member_visible's checks), for every account of
** the demo (each role's masking: ID number, birth date, phone; a member account's own record; an
** organiser's body; committee scope) and the system, on members with every optional field and
** with none, text that JSON must escape, text that is not UTF-8, and ids that do not exist; on
** SQLite, and on PostgreSQL when LVZHI_TEST_PG_URL names a server (scripts/pg-start). */
#include "auth/access.h"
#include "auth/session.h"
#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/demo.h"
#include "entity/entity.h"
#include "member/member.h"
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const unsigned char mrd_key[32] = "member-read-test-key-0123456789";
static struct db *mrd_admin; /* PostgreSQL: the connection that creates and drops */
static char mrd_name[64];
static char mrd_url[512]; /* the database mrd_db made: its URL or file, for a second connection */

static struct db *mrd_open(const char *url) {
  char *err = NULL;
  struct db *db = db_open(url, &err);
  cr_assert_not_null(db, "db_open %s: %s", url, err ? err : "?");
  return db;
}

/* A migrated database with the demo's people (no contact, proposals or reports): SQLite in
** memory, or a fresh database on the server of LVZHI_TEST_PG_URL. */
static struct db *mrd_db(bool pg) {
  struct db *db;
  if (!pg) {
    db = mrd_open(mrd_url[0] ? mrd_url : ":memory:");
  } else {
    const char *url = getenv("LVZHI_TEST_PG_URL");
    if (!url || !*url) cr_skip_test("LVZHI_TEST_PG_URL is not set (scripts/pg-start)");
    mrd_admin = mrd_open(url);
    snprintf(mrd_name, sizeof mrd_name, "lvzhi_mr%d_%lx", (int)getpid(), (unsigned long)random());
    char sql[128], u[512];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", mrd_name);
    cr_assert_eq(db_exec_script(mrd_admin, sql), DB_DONE, "%s", db_errmsg(mrd_admin));
    const char *host = strstr(url, "://"), *path = strchr(host + 3, '/'), *query = strchr(url, '?');
    if (!path || (query && path > query)) path = query ? query : url + strlen(url);
    snprintf(u, sizeof u, "%.*s/%s%s", (int)(path - url), url, mrd_name, query ? query : "");
    snprintf(mrd_url, sizeof mrd_url, "%s", u);
    db = mrd_open(u);
  }
  cr_assert_eq(migrate_run(db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
  struct demo_options opt = {.seed = 3,
                             .secret = mrd_key,
                             .without_contact = true,
                             .without_proposals = true,
                             .without_reports = true};
  struct demo_result r;
  char err[256] = "";
  cr_assert(demo_load(db, &opt, &r, err), "demo_load: %s", err);
  return db;
}

static void mrd_drop(struct db *db) {
  db_close(db);
  if (mrd_admin) {
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", mrd_name);
    db_exec_script(mrd_admin, sql);
    db_close(mrd_admin);
    mrd_admin = NULL;
  }
}

/* What GET /members/{id} answered before: member_visible (member_http.c), then entity_get
** dumped as reply_json dumps; "404" when not visible or not found. */
static char *mrd_old(struct entity_ctx *ctx, int64_t id) {
  const struct user *u = ctx->user;
  bool visible = !(u && u->role == ROLE_MEMBER && u->member_id != id) &&
                 member_in_scope(ctx->db, u, id) && entity_visible(ctx, &member_entity, id);
  json_t *o = visible ? entity_get(ctx, &member_entity, id) : NULL;
  if (!o) return strdup("404");
  char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(12));
  json_decref(o);
  return s;
}

/* What member_read answers now, the same way; checks the generation it read. */
static char *mrd_new(struct entity_ctx *ctx, int64_t id) {
  struct buf out = {0};
  int64_t gen = -5;
  int rc = member_read(ctx, id, &out, &gen);
  cr_assert_geq(rc, 0, "member_read %lld: database error", (long long)id);
  cr_assert_eq(gen, session_generation(ctx->db), "the generation read with the record");
  char *s = strdup(rc ? out.data : "404");
  buf_free(&out);
  return s;
}

/* Makes the variants: member a with no optional field at all, member b with text JSON must
** escape in every text field, member c with an occupation that is not UTF-8 (SQLite only: the
** PostgreSQL database refuses such text). */
static void mrd_variants(struct db *db, int64_t a, int64_t b, int64_t c) {
  bool pg = db_engine(db) == DB_POSTGRES;
  cr_assert_eq(db_exec(db,
                       "UPDATE members SET ethnicity = '', birth_year = NULL, sector_id = NULL,"
                       " party_id = NULL, special_committee_id = NULL, group_id = NULL,"
                       " occupation = '', id_number_mask = '', id_number_enc = NULL,"
                       " id_number_hash = NULL, birth_date_enc = NULL, phone_enc = NULL,"
                       " phone_mask = '' WHERE id = ?",
                       "i", a),
               DB_DONE);
  const char *odd = "引号\"反斜杠\\斜杠/制表\t换行\n回车\r退格\b换页\f\x01\x1f\x7f 😀 end";
  cr_assert_eq(db_exec(db,
                       "UPDATE members SET name = ?, ethnicity = ?, occupation = ?,"
                       " is_standing = 1 WHERE id = ?",
                       "ttti", odd, "汉\"族", odd, b),
               DB_DONE);
  cr_assert_eq(db_exec(db,
                       "UPDATE sectors SET name = ? WHERE id = (SELECT sector_id FROM members"
                       " WHERE id = ?)",
                       "ti", "界别\\\"", b),
               DB_DONE);
  if (!pg)
    cr_assert_eq(db_exec(db,
                         "UPDATE members SET occupation = CAST(X'E4B8ADFF41' AS TEXT) WHERE id = ?",
                         "i", c),
                 DB_DONE);
}

static void mrd_compare(bool pg) {
  struct db *db = mrd_db(pg);
  struct arena a;
  arena_init(&a);
  /* the members: a sample over the whole table, the variants, ids that do not exist */
  int64_t ids[64];
  int n = 0;
  struct db_stmt *st =
      db_query(db, "SELECT id FROM members WHERE id % 37 = 1 OR id < 4 ORDER BY id LIMIT 50", "");
  while (db_step(st) == DB_ROW && n < 50) ids[n++] = db_col_int(st, 0);
  db_done(st);
  cr_assert_gt(n, 10);
  mrd_variants(db, ids[0], ids[1], ids[2]);
  int64_t mine = db_int(db, 0, "SELECT member_id FROM users WHERE username = 'member1'", "");
  int64_t last = db_int(db, 0, "SELECT MAX(id) FROM members", "");
  cr_assert_gt(mine, 0);
  ids[n++] = mine;
  /* the organiser's body's members */
  st = db_query(db,
                "SELECT m.id FROM members m JOIN users u ON u.username = 'zuzhi' AND"
                " m.group_id = u.organises_group_id ORDER BY m.id LIMIT 3",
                "");
  int body = 0;
  while (db_step(st) == DB_ROW) ids[n++] = db_col_int(st, 0), body++;
  db_done(st);
  cr_assert_gt(body, 0, "the demo's organiser has members");
  ids[n++] = last + 1;
  ids[n++] = 999999999;
  /* every account of the demo, and the system */
  int64_t users[64];
  int nu = 0;
  st = db_query(db, "SELECT id FROM users ORDER BY id LIMIT 63", "");
  while (db_step(st) == DB_ROW) users[nu++] = db_col_int(st, 0);
  db_done(st);
  users[nu++] = 0;
  bool roles[ROLE__COUNT] = {0};
  int shown = 0, hidden = 0;
  for (int k = 0; k < nu; k++) {
    struct user *u = users[k] ? user_load(db, &a, users[k]) : NULL;
    if (users[k]) cr_assert_not_null(u);
    if (u) roles[u->role] = true;
    struct entity_ctx ctx = {
        .db = db, .arena = &a, .user = u, .ip = "127.0.0.1", .secret = mrd_key};
    for (int i = 0; i < n; i++) {
      char *old = mrd_old(&ctx, ids[i]), *now = mrd_new(&ctx, ids[i]);
      cr_assert_str_eq(now, old, "member %lld as %s:\n%s\n%s", (long long)ids[i],
                       u ? u->username : "the system", now, old);
      if (strcmp(now, "404"))
        shown++;
      else
        hidden++;
      free(old);
      free(now);
    }
  }
  /* every role of the demo was among them, and each answer kind */
  for (int r = 0; r < ROLE__COUNT; r++)
    if (r != ROLE_HANDLING_UNIT && r != ROLE_PROPOSAL_OFFICE)
      cr_expect(roles[r], "the demo has an account of role %s", access_role_name((enum role)r));
  cr_assert_gt(shown, 0);
  cr_assert_gt(hidden, 0);
  arena_free(&a);
  mrd_drop(db);
}

Test(member_read, same_bytes_as_the_record_engine_sqlite) { mrd_compare(false); }

Test(member_read, same_bytes_as_the_record_engine_postgresql) { mrd_compare(true); }

/* The escapes alone, against jansson directly: every byte below 0x20, quote, backslash, slash,
** DEL and multi-byte characters. */
Test(member_read, string_escapes_as_jansson) {
  struct db *db = mrd_db(false);
  struct arena a;
  arena_init(&a);
  int64_t id = db_int(db, 0, "SELECT MIN(id) FROM members", "");
  char text[200];
  int k = 0;
  for (int c = 1; c < 0x20; c++) text[k++] = (char)c;
  memcpy(text + k, "\"\\/\x7f中文", 11);
  text[k + 11] = 0;
  cr_assert_eq(db_exec(db, "UPDATE members SET occupation = ? WHERE id = ?", "ti", text, id),
               DB_DONE);
  struct entity_ctx ctx = {.db = db, .arena = &a, .secret = mrd_key};
  char *old = mrd_old(&ctx, id), *now = mrd_new(&ctx, id);
  cr_assert_str_eq(now, old, "%s\n%s", now, old);
  cr_assert(strstr(now, "\\u0001"), "control characters escaped: %s", now);
  free(old);
  free(now);
  arena_free(&a);
  mrd_drop(db);
}

/* The names and committee paths a thread keeps (org_names.c) follow a change made on another
** connection (another thread, node or process) at the next read: a sector renamed, a member
** moved to a sector made after the names were read, and a committee moved out of a staff
** account's scope. */
static void mrd_follows(bool pg) {
  char file[] = "/tmp/lvzhi-mrd-XXXXXX";
  if (!pg) {
    int fd = mkstemp(file);
    cr_assert_geq(fd, 0);
    close(fd);
    unlink(file);
    snprintf(mrd_url, sizeof mrd_url, "%s", file);
  }
  struct db *db = mrd_db(pg), *other = mrd_open(mrd_url);
  struct arena a;
  arena_init(&a);
  int64_t uid = db_int(db, 0, "SELECT id FROM users WHERE username = 'lanzhou'", "");
  struct user *u = user_load(db, &a, uid);
  cr_assert_not_null(u);
  int64_t id = db_int(db, 0,
                      "SELECT m.id FROM members m JOIN users u ON u.username = 'lanzhou' AND"
                      " m.committee_id = u.committee_id AND m.sector_id IS NOT NULL"
                      " ORDER BY m.id LIMIT 1",
                      "");
  cr_assert_gt(id, 0);
  struct entity_ctx ctx = {.db = db, .arena = &a, .user = u, .ip = "127.0.0.1", .secret = mrd_key};
  char *before = mrd_new(&ctx, id);
  cr_assert_neq(strcmp(before, "404"), 0, "lanzhou reads its own member: %s", before);

  /* renamed elsewhere */
  cr_assert_eq(db_exec(other,
                       "UPDATE sectors SET name = '改名后的界别' WHERE id = (SELECT sector_id"
                       " FROM members WHERE id = ?)",
                       "i", id),
               DB_DONE);
  char *now = mrd_new(&ctx, id), *old = mrd_old(&ctx, id);
  cr_assert(strstr(now, "\"sector_name\":\"改名后的界别\""), "the new name: %s", now);
  cr_assert_str_eq(now, old);
  free(now);
  free(old);

  /* a sector made elsewhere after the names were read */
  cr_assert_eq(
      db_exec(other,
              "INSERT INTO sectors (committee_id, name, kind, sort, created_at, updated_at)"
              " SELECT committee_id, '新设界别', kind, 99, 1, 1 FROM sectors WHERE id ="
              " (SELECT sector_id FROM members WHERE id = ?)",
              "i", id),
      DB_DONE);
  cr_assert_eq(db_exec(other,
                       "UPDATE members SET sector_id = (SELECT MAX(id) FROM sectors) WHERE id = ?",
                       "i", id),
               DB_DONE);
  now = mrd_new(&ctx, id);
  old = mrd_old(&ctx, id);
  cr_assert(strstr(now, "\"sector_name\":\"新设界别\""), "the new sector: %s", now);
  cr_assert_str_eq(now, old);
  free(now);
  free(old);

  /* the member's committee moved out of lanzhou's subtree: no longer in scope */
  cr_assert_eq(db_exec(other, "UPDATE committees SET path = '/moved' || path WHERE id = ?", "i",
                       u->committee_id),
               DB_DONE);
  now = mrd_new(&ctx, id);
  old = mrd_old(&ctx, id);
  cr_assert_str_eq(now, "404", "the scope check with the new path");
  cr_assert_str_eq(old, "404");
  free(now);
  free(old);

  free(before);
  db_close(other);
  arena_free(&a);
  mrd_drop(db);
  if (!pg) unlink(file);
  mrd_url[0] = 0;
}

Test(member_read, names_follow_a_change_elsewhere_sqlite) { mrd_follows(false); }

Test(member_read, names_follow_a_change_elsewhere_postgresql) { mrd_follows(true); }
