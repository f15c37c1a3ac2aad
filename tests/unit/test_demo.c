/* tests/unit/test_demo.c: the demo data: the Gansu committee tree, sectors, groups, members
** with valid sealed ID numbers, determinism by seed, refusal of a non-empty database, scale. */
#include "demo/demo.h"
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/password.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/idcard.h"
#include "base/phone.h"
#include "db/db.h"
#include "db/migrate.h"

static const unsigned char demo_key[SECRET_KEY_BYTES] = "0123456789abcdef0123456789abcde";

/* Opens a fresh in-memory database with the schema. */
static struct db *demo_db(void) {
  char *err = NULL;
  struct db *db = db_open(":memory:", &err);
  cr_assert(db, "db_open: %s", err ? err : "?");
  cr_assert(migrate_run(db, schema_migrations, schema_migration_count, NULL) >= 1);
  return db;
}

/* Loads the demo data with seed and scale into db; asserts that it worked. */
static void demo_fill(struct db *db, uint64_t seed, int64_t scale, struct demo_result *out) {
  struct demo_options opt = {.seed = seed, .scale = scale, .secret = demo_key};
  char err[256] = "";
  cr_assert(demo_load(db, &opt, out, err), "demo_load: %s", err);
}

/* A one-number query. */
static int64_t count(struct db *db, const char *sql) { return db_int(db, -1, sql, ""); }

Test(demo, committee_tree) {
  struct db *db = demo_db();
  struct demo_result r;
  demo_fill(db, 1, 0, &r);
  cr_expect_eq(r.committees, 102);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees"), 102);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees WHERE level = 'national'"), 1);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees WHERE level = 'province'"), 1);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees WHERE level = 'city'"), 14);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees WHERE level = 'county'"), 86);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees WHERE parent_id IS NULL"), 1);
  /* each level hangs under the one above it */
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees c JOIN committees p ON p.id = c.parent_id"
                         " WHERE (c.level, p.level) NOT IN (VALUES ('province','national'),"
                         " ('city','province'), ('county','city'))"),
               0);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees c JOIN committees p ON p.id = c.parent_id"
                         " WHERE p.name = '兰州市政协'"),
               8);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees c JOIN committees p ON p.id = c.parent_id"
                         " WHERE p.name = '嘉峪关市政协'"),
               0);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees WHERE name = '城关区政协'"), 1);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees WHERE name = '甘肃省政协'"
                         " AND region = '甘肃省'"),
               1);

  /* paths: "/<id>/" at the root, the parent's path and "<id>/" below */
  struct db_stmt *st = db_query(db,
                                "SELECT c.id, c.path, COALESCE(p.path, ''), c.parent_id IS NULL,"
                                " c.created_at FROM committees c"
                                " LEFT JOIN committees p ON p.id = c.parent_id ORDER BY c.id",
                                "");
  int n = 0;
  while (db_step(st) == DB_ROW) {
    char want[256];
    long long id = (long long)db_col_int(st, 0);
    if (db_col_int(st, 3))
      snprintf(want, sizeof want, "/%lld/", id);
    else
      snprintf(want, sizeof want, "%s%lld/", db_col_text(st, 2), id);
    cr_expect_str_eq(db_col_text(st, 1), want, "committee %lld", id);
    cr_expect_gt(db_col_int(st, 4), 0);
    n++;
  }
  db_done(st);
  cr_expect_eq(n, 102);
  db_close(db);
}

Test(demo, sectors_parties_groups_units) {
  struct db *db = demo_db();
  struct demo_result r;
  demo_fill(db, 1, 0, &r);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM sectors WHERE committee_id IS NULL"), 34);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM sectors WHERE kind = 'party'"), 9);
  /* the kinds of the national list: 9 parties, 1 non-party, 7 organisations, 14 fields, 3 special
   */
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM sectors WHERE kind = 'field'"), 14);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM sectors WHERE kind = 'organisation'"), 7);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM sectors WHERE name_en = ''"), 0);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM parties"), 10);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM parties WHERE short_name = '民盟'"), 1);
  cr_expect_eq(r.groups, 16);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM activity_groups g JOIN committees c ON"
                         " c.id = g.committee_id WHERE c.level = 'province'"),
               16);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM activity_groups"), 16);
  /* every group names its leading body as its kind says */
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM activity_groups WHERE"
                         " (lead_kind = 'special_committee' AND lead_special_committee_id IS NULL)"
                         " OR (lead_kind = 'party' AND lead_party_id IS NULL)"),
               0);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM activity_groups WHERE lead_kind = 'federation'"), 1);
  cr_expect_gt(count(db, "SELECT COUNT(*) FROM activity_groups WHERE lead_kind = 'party'"), 5);
  cr_expect_eq(count(db,
                     "SELECT COUNT(*) FROM activity_groups g JOIN special_committees s ON"
                     " s.id = g.lead_special_committee_id WHERE s.committee_id != g.committee_id"),
               0);
  /* special committees: 10 in the province, 5-7 per city, 2-4 per county */
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM special_committees s JOIN committees c ON"
                         " c.id = s.committee_id WHERE c.level = 'province'"),
               10);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees c WHERE c.level = 'city' AND"
                         " (SELECT COUNT(*) FROM special_committees s WHERE s.committee_id = c.id)"
                         " NOT BETWEEN 5 AND 7"),
               0);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees c WHERE c.level = 'county' AND"
                         " (SELECT COUNT(*) FROM special_committees s WHERE s.committee_id = c.id)"
                         " NOT BETWEEN 2 AND 4"),
               0);
  /* handling units: the province's departments, a handful per city */
  cr_expect_geq(count(db, "SELECT COUNT(*) FROM units u JOIN committees c ON c.id = u.committee_id"
                          " WHERE c.level = 'province'"),
                20);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM units WHERE name = '甘肃省教育厅'"), 1);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees c WHERE c.level = 'city' AND"
                         " (SELECT COUNT(*) FROM units u WHERE u.committee_id = c.id) < 3"),
               0);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM units WHERE contact = '' OR phone = ''"), 0);
  db_close(db);
}

Test(demo, members_at_scale_zero) {
  struct db *db = demo_db();
  struct demo_result r;
  demo_fill(db, 1, 0, &r);
  int64_t total = count(db, "SELECT COUNT(*) FROM members");
  cr_expect_eq(r.members, total);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                         " WHERE c.level = 'province'"),
               502);
  cr_expect_eq(total, 502 + 14 * 20 + 86 * 10);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees c WHERE c.level = 'city' AND"
                         " (SELECT COUNT(*) FROM members m WHERE m.committee_id = c.id) != 20"),
               0);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees c WHERE c.level = 'county' AND"
                         " (SELECT COUNT(*) FROM members m WHERE m.committee_id = c.id) != 10"),
               0);
  /* provincial members: each in one of the province's groups, every group used, the group
  ** matching the sector (all members of a sector in one group) */
  cr_expect_eq(count(db,
                     "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                     " LEFT JOIN activity_groups g ON g.id = m.group_id"
                     " WHERE c.level = 'province' AND (g.id IS NULL OR g.committee_id != c.id)"),
               0);
  cr_expect_eq(count(db, "SELECT COUNT(DISTINCT group_id) FROM members WHERE group_id IS NOT NULL"),
               16);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM (SELECT sector_id FROM members WHERE group_id IS NOT"
                         " NULL GROUP BY sector_id HAVING COUNT(DISTINCT group_id) > 1)"),
               0);
  cr_expect_eq(
      count(db, "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                " WHERE c.level = 'province' AND (m.special_committee_id IS NULL OR m.term != 13)"),
      0);
  /* party members sit in their party's sector */
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM members m JOIN sectors s ON s.id = m.sector_id"
                         " LEFT JOIN parties p ON p.id = m.party_id"
                         " WHERE s.kind = 'party' AND (p.name IS NULL OR p.name != s.name)"),
               0);
  cr_expect_eq(
      count(db, "SELECT COUNT(*) FROM members WHERE sector_id IS NULL OR name = ''"
                " OR occupation = '' OR phone_mask NOT GLOB '1[0-9][0-9]****[0-9][0-9][0-9][0-9]'"
                " OR phone_enc IS NULL OR birth_date_enc IS NULL"
                " OR birth_year NOT BETWEEN 1955 AND 1990"),
      0);
  /* rough shares: women, 中共, standing members, minorities */
  int64_t women = count(db, "SELECT COUNT(*) FROM members WHERE gender = 'female'");
  cr_expect(women > total / 5 && women < total / 2, "women %lld of %lld", (long long)women,
            (long long)total);
  int64_t cpc = count(db, "SELECT COUNT(*) FROM members m JOIN parties p ON p.id = m.party_id"
                          " WHERE p.short_name = '中共'");
  cr_expect(cpc > total / 4 && cpc < total / 2, "中共 %lld of %lld", (long long)cpc,
            (long long)total);
  int64_t standing = count(db, "SELECT COUNT(*) FROM members WHERE is_standing = 1");
  cr_expect(standing > total / 10 && standing < total / 5);
  cr_expect_gt(count(db, "SELECT COUNT(*) FROM members WHERE ethnicity != '汉族'"), 0);
  cr_expect_gt(count(db, "SELECT COUNT(*) FROM members WHERE status = 'active'"), total * 9 / 10);
  db_close(db);
}

Test(demo, id_numbers) {
  struct db *db = demo_db();
  struct demo_result r;
  demo_fill(db, 1, 0, &r);
  struct arena a;
  arena_init(&a);
  struct db_stmt *st = db_query(db,
                                "SELECT id_number_enc, id_number_hash, id_number_mask, gender,"
                                " birth_date_enc, birth_year, phone_enc, phone_mask FROM members"
                                " ORDER BY id",
                                "");
  int n = 0;
  while (db_step(st) == DB_ROW) {
    size_t len = 0;
    const void *sealed = db_col_blob(st, 0, &len);
    char *id = secret_open(demo_key, &a, sealed, len);
    cr_assert(id, "member %d: the ID number does not open", n);
    const char *why = idcard_validate(id);
    cr_expect(why == NULL, "%s: %s", id, why ? why : "");
    char mask[19];
    cr_expect_str_eq(db_col_text(st, 2), idcard_mask(id, mask));
    cr_expect_str_eq(db_col_text(st, 1), secret_hash(demo_key, &a, id));
    cr_expect(!strncmp(id, "62", 2), "%s is not a Gansu number", id);
    /* the 17th digit is odd for men, even for women; the birth date is in the number */
    bool odd = (id[16] - '0') % 2 == 1;
    cr_expect_eq(odd, !strcmp(db_col_text(st, 3), "male"), "%s", id);
    size_t blen = 0, plen = 0;
    const void *sb = db_col_blob(st, 4, &blen), *sp = db_col_blob(st, 6, &plen);
    const char *b = secret_open(demo_key, &a, sb, blen),
               *phone = secret_open(demo_key, &a, sp, plen);
    cr_assert(b && phone, "member %d: the birth date or the phone does not open", n);
    char digits[9] = {b[0], b[1], b[2], b[3], b[5], b[6], b[8], b[9], 0};
    cr_expect(!strncmp(id + 6, digits, 8), "%s born %s", id, b);
    cr_expect_eq(db_col_int(st, 5), atoi(b), "the birth year of %s", b);
    char pm[PHONE_MAX + 1];
    cr_expect_str_eq(db_col_text(st, 7), phone_mask(phone, pm, sizeof pm));
    n++;
  }
  db_done(st);
  cr_expect_eq(n, 1642);
  cr_expect_eq(count(db, "SELECT COUNT(DISTINCT id_number_hash) FROM members"), 1642);
  arena_free(&a);
  db_close(db);
}

/* The names, birth years, occupations and masked ID and phone numbers of all members in id
** order, as one string (malloc'd). */
static char *member_fingerprint(struct db *db) {
  struct buf b = {0};
  struct db_stmt *st = db_query(
      db,
      "SELECT name, birth_year, occupation, id_number_mask, phone_mask FROM members ORDER BY id",
      "");
  while (db_step(st) == DB_ROW)
    buf_printf(&b, "%s|%s|%s|%s|%s\n", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
               db_col_text(st, 3), db_col_text(st, 4));
  db_done(st);
  return b.data;
}

Test(demo, same_seed_same_members) {
  struct db *a = demo_db(), *b = demo_db(), *c = demo_db();
  struct demo_result r;
  demo_fill(a, 1, 0, &r);
  demo_fill(b, 1, 0, &r);
  demo_fill(c, 2, 0, &r);
  char *fa = member_fingerprint(a), *fb = member_fingerprint(b), *fc = member_fingerprint(c);
  cr_expect_gt(strlen(fa), 1000);
  cr_expect_str_eq(fa, fb);
  cr_expect_str_neq(fa, fc);
  free(fa);
  free(fb);
  free(fc);
  db_close(a);
  db_close(b);
  db_close(c);
}

Test(demo, refuses_non_empty_database) {
  struct db *db = demo_db();
  struct demo_result r;
  demo_fill(db, 1, 0, &r);
  int64_t members = count(db, "SELECT COUNT(*) FROM members");
  struct demo_options opt = {.seed = 1, .scale = 0, .secret = demo_key};
  char err[256] = "";
  cr_expect_not(demo_load(db, &opt, &r, err));
  cr_expect_str_eq(err, "数据库中已有数据，演示数据只能载入空数据库");
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM members"), members);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM committees"), 102);
  /* the connection is usable afterwards: no transaction was left open */
  cr_expect_eq(db_begin(db), DB_DONE);
  cr_expect_eq(db_commit(db), DB_DONE);
  db_close(db);
}

Test(demo, users) {
  struct db *db = demo_db();
  struct demo_result r;
  demo_fill(db, 1, 0, &r);
  cr_expect_eq(r.users, 16);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM users"), 16); /* with the organiser zuzhi */
  /* the three administrators, each with a password of its own (三员分立) */
  const struct {
    const char *name, *role, *password;
  } officers[] = {{"admin", "admin", r.admin_password},
                  {"secadmin", "security_admin", r.security_password},
                  {"auditor", "audit_admin", r.audit_password}};
  struct db_stmt *st;
  for (int i = 0; i < 3; i++) {
    cr_expect_eq(strlen(officers[i].password), 12);
    cr_expect_null(password_check(officers[i].password, officers[i].name));
    st = db_query(db, "SELECT password_hash, role FROM users WHERE username = ?", "t",
                  officers[i].name);
    cr_assert_eq(db_step(st), DB_ROW, "%s", officers[i].name);
    cr_expect(password_verify(db_col_text(st, 0), officers[i].password), "%s", officers[i].name);
    cr_expect_str_eq(db_col_text(st, 1), officers[i].role);
    db_done(st);
  }
  cr_expect_str_neq(r.admin_password, r.security_password);
  cr_expect_str_neq(r.security_password, r.audit_password);
  /* the staff accounts' shared password keeps the rules for every one of their names */
  struct db_stmt *names = db_query(
      db, "SELECT username FROM users WHERE username NOT IN ('admin', 'secadmin', 'auditor')", "");
  while (db_step(names) == DB_ROW)
    cr_expect_null(password_check(DEMO_STAFF_PASSWORD, db_col_text(names, 0)), "%s",
                   db_col_text(names, 0));
  db_done(names);
  st = db_query(db, "SELECT password_hash FROM users WHERE username = ?", "t", "chengguan");
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect(password_verify(db_col_text(st, 0), "lvzhi-demo-2026"));
  db_done(st);
  cr_expect_eq(count(db,
                     "SELECT COUNT(*) FROM users u JOIN committees c ON c.id = u.committee_id"
                     " WHERE u.username = 'admin' AND u.role = 'admin' AND c.parent_id IS NULL"),
               1);
  cr_expect_eq(
      count(
          db,
          "SELECT COUNT(*) FROM users u JOIN committees c ON c.id = u.committee_id"
          " WHERE (u.username, u.role, c.name) IN (VALUES"
          " ('gansu', 'secretariat', '甘肃省政协'), ('lanzhou', 'secretariat', '兰州市政协'),"
          " ('chengguan', 'secretariat', '城关区政协'), ('qilihe', 'secretariat', '七里河区政协'),"
          " ('tian', 'committee_staff', '甘肃省政协'), ('tianshui', 'secretariat', '天水市政协'),"
          " ('viewer', 'viewer', '甘肃省政协'), ('member1', 'member', '甘肃省政协'),"
          " ('member2', 'member', '甘肃省政协'), ('tiban', 'proposal_office', '甘肃省政协'))"),
      10);
  /* the handling-unit accounts are the units' own */
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM users u JOIN units n ON n.id = u.unit_id"
                         " WHERE u.role = 'handling_unit' AND u.display_name = n.name"
                         " AND n.name IN ('甘肃省教育厅', '甘肃省卫生健康委员会')"),
               2);
  /* member1 is the first provincial member */
  cr_expect_eq(count(db,
                     "SELECT COUNT(*) FROM users u JOIN members m ON m.id = u.member_id"
                     " WHERE u.username = 'member1' AND m.id = (SELECT MIN(m2.id) FROM members m2"
                     " JOIN committees c ON c.id = m2.committee_id WHERE c.level = 'province')"
                     " AND u.display_name = m.name"),
               1);
  /* the organiser organises member1's activity group, of the province */
  cr_expect_eq(count(db,
                     "SELECT COUNT(*) FROM users u JOIN users m1 ON m1.username = 'member1'"
                     " JOIN members m ON m.id = m1.member_id"
                     " WHERE u.username = 'zuzhi' AND u.role = 'organiser'"
                     " AND u.organises_group_id = m.group_id AND u.committee_id = m.committee_id"
                     " AND u.organises_special_committee_id IS NULL"
                     " AND u.organises_party_id IS NULL"),
               1);
  db_close(db);
}

/* Counts progress reports (through a static: the callback has no user pointer). */
static int64_t progress_calls, progress_last_done, progress_total;
static void on_progress(int64_t done, int64_t total, const char *stage) {
  cr_expect(stage && *stage);
  cr_expect_leq(done, total);
  progress_calls++;
  progress_last_done = done;
  progress_total = total;
}

Test(demo, scale) {
  struct db *db = demo_db();
  struct demo_options opt = {.seed = 7, .scale = 5000, .secret = demo_key, .progress = on_progress};
  struct demo_result r;
  char err[256] = "";
  cr_assert(demo_load(db, &opt, &r, err), "%s", err);
  cr_expect_eq(r.members, 5000);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM members"), 5000);
  const char *levels[] = {"national", "province", "city", "county"};
  for (int i = 0; i < 4; i++) {
    int64_t n = db_int(db, -1,
                       "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                       " WHERE c.level = ?",
                       "t", levels[i]);
    cr_expect_gt(n, 0, "no members at level %s", levels[i]);
    if (i == 1) cr_expect_eq(n, 502);
  }
  /* counties get more than cities */
  cr_expect_gt(count(db, "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                         " WHERE c.level = 'county'"),
               count(db, "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                         " WHERE c.level = 'city'"));
  cr_expect_eq(count(db, "SELECT COUNT(DISTINCT id_number_hash) FROM members"), 5000);
  cr_expect_geq(progress_calls, 2);
  cr_expect_eq(progress_total, 5000);
  cr_expect_eq(progress_last_done, 5000);
  db_close(db);
}

Test(demo, small_scale) {
  struct db *db = demo_db();
  struct demo_result r;
  demo_fill(db, 3, 100, &r);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM members"), 100);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                         " WHERE c.level = 'province'"),
               100);
  db_close(db);
}

Test(demo, bulk_load_restores_indexes) {
  /* above 20,000 members the SQLite loader drops the members' indexes and builds them again */
  struct db *db = demo_db();
  const char *q = "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master WHERE"
                  " type = 'index' AND tbl_name = 'members' AND sql IS NOT NULL ORDER BY name)";
  struct db_stmt *st = db_query(db, q, "");
  cr_assert_eq(db_step(st), DB_ROW);
  char *before = strdup(db_col_text(st, 0));
  db_done(st);
  cr_expect(strstr(before, "UNIQUE"));
  struct demo_result r;
  demo_fill(db, 5, 21000, &r);
  st = db_query(db, q, "");
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), before);
  db_done(st);
  free(before);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM members"), 21000);
  cr_expect_eq(count(db, "SELECT COUNT(DISTINCT id_number_hash) FROM members"), 21000);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                         " WHERE c.level = 'national'"),
               105);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM users WHERE member_id IS NOT NULL"),
               2); /* member1, member2 */
  st = db_query(db, "PRAGMA integrity_check", "");
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_str_eq(db_col_text(st, 0), "ok");
  db_done(st);
  db_close(db);
}

/* Reports in every state; adopted ones with their levels and instructions; member1's own;
** the points of the year's recompute include them; the same for a seed. */
Test(demo, reports) {
  struct db *db = demo_db();
  struct demo_result r;
  demo_fill(db, 3, 0, &r);
  int64_t n = count(db, "SELECT COUNT(*) FROM reports");
  cr_expect(n >= 250 && n <= 350, "%lld reports", (long long)n);
  static const char *const states[] = {"draft",    "submitted", "returned", "adopted",
                                       "rejected", "merged",    "withdrawn"};
  for (int i = 0; i < 7; i++)
    cr_expect_gt(db_int(db, 0, "SELECT COUNT(*) FROM reports WHERE status = ?", "t", states[i]), 0,
                 "%s", states[i]);
  cr_expect_eq(
      count(db,
            "SELECT COUNT(*) FROM reports r WHERE status = 'adopted' AND NOT EXISTS"
            " (SELECT 1 FROM report_adoptions a WHERE a.report_id = r.id AND a.level = 'local')"),
      0, "every adopted report was adopted locally");
  cr_expect_eq(count(db,
                     "SELECT COUNT(*) FROM report_adoptions a JOIN reports r ON r.id = a.report_id"
                     " WHERE r.status <> 'adopted'"),
               0);
  cr_expect_eq(
      count(db,
            "SELECT COUNT(*) FROM reports r JOIN reports t ON t.id = r.merged_into"
            " WHERE r.status = 'merged' AND (t.committee_id <> r.committee_id OR t.status NOT IN"
            " ('submitted', 'adopted'))"),
      0, "merged into an open report of the same committee");
  cr_expect_gt(count(db, "SELECT COUNT(*) FROM report_instructions"), 0);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM reports r JOIN users u ON u.member_id = r.member_id"
                         " WHERE u.username = 'member1'"),
               3);
  cr_expect_gt(count(db, "SELECT COUNT(*) FROM points_ledger WHERE source_kind = 'report'"), 0);
  cr_expect_gt(
      count(db, "SELECT COUNT(*) FROM points_ledger l JOIN users u ON u.member_id = l.member_id"
                " WHERE u.username = 'member1' AND l.source_kind = 'report'"),
      0, "member1's ledger shows its reports");
  db_close(db);
}

/* The province's meetings (demo_meeting.c): closed records whose invitees, leave, sign-ins and
** votes agree: a voter signed in, nobody on leave signed in, the counts sum to the voters, the
** result by the rule of all members, a secret vote with no choice beside a voter; the typed
** records of these meetings are not made for the province. */
Test(demo, meetings) {
  struct db *db = demo_db();
  struct demo_result r;
  demo_fill(db, 1, 0, &r);
  cr_expect_eq(
      count(db, "SELECT COUNT(*) FROM meetings WHERE status = 'closed' AND kind = 'plenary'"), 1);
  cr_expect_eq(
      count(db, "SELECT COUNT(*) FROM meetings WHERE status = 'closed' AND kind = 'standing'"), 4);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM meeting_invitees i JOIN meetings t"
                         " ON t.id = i.meeting_id WHERE t.kind = 'plenary'"),
               count(db, "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                         " WHERE c.name = '甘肃省政协' AND m.status = 'active'"));
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM meeting_invitees i JOIN meetings t"
                         " ON t.id = i.meeting_id JOIN members m ON m.id = i.member_id"
                         " WHERE t.kind = 'standing' AND m.is_standing = 0"),
               0, "standing-committee meetings invite standing members only");
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM meeting_signins g JOIN meeting_sittings s"
                         " ON s.id = g.sitting_id JOIN meeting_leaves l ON l.meeting_id ="
                         " s.meeting_id AND l.member_id = g.member_id AND l.status = 'approved'"),
               0, "nobody on leave signed in");
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM meeting_voters v JOIN meeting_votes t"
                         " ON t.id = v.vote_id WHERE NOT EXISTS (SELECT 1 FROM meeting_signins g"
                         " JOIN meeting_sittings s ON s.id = g.sitting_id WHERE s.meeting_id ="
                         " t.meeting_id AND g.member_id = v.member_id)"),
               0, "every voter signed in");
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM meeting_votes t WHERE t.status <> 'closed'"
                         " OR t.voted <> (SELECT COUNT(*) FROM meeting_voters v WHERE v.vote_id ="
                         " t.id) OR t.voted <> (SELECT SUM(n) FROM meeting_vote_counts k"
                         " WHERE k.vote_id = t.id) OR t.members_total <> (SELECT COUNT(*) FROM"
                         " meeting_invitees i WHERE i.meeting_id = t.meeting_id)"),
               0, "the counts agree with the voters and the members");
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM meeting_voters v JOIN meeting_votes t"
                         " ON t.id = v.vote_id WHERE t.secret = 1 AND v.choice IS NOT NULL"),
               0, "a secret vote keeps no choice beside a voter");
  cr_expect_gt(count(db, "SELECT COUNT(*) FROM meeting_voters WHERE choice IS NOT NULL"), 0);
  /* the result: passed with more than half of all members voting yes */
  struct db_stmt *st = db_query(db,
                                "SELECT t.result, t.members_total, k.n FROM meeting_votes t"
                                " JOIN meeting_vote_counts k ON k.vote_id = t.id"
                                " AND k.option_key = 'yes'",
                                "");
  int n = 0;
  while (db_step(st) == DB_ROW) {
    bool passed = strstr(db_col_text(st, 0), "\"passed\":true") != NULL;
    cr_expect_eq(passed, 2 * db_col_int(st, 2) > db_col_int(st, 1));
    n++;
  }
  db_done(st);
  cr_expect_eq(n, 5);
  cr_expect_gt(count(db, "SELECT COUNT(*) FROM meeting_speeches WHERE kind = 'oral'"
                         " AND status = 'delivered' AND started_at IS NOT NULL"),
               0);
  cr_expect_gt(count(db, "SELECT COUNT(*) FROM meeting_speeches WHERE kind = 'written'"), 0);
  cr_expect_eq(count(db, "SELECT COUNT(*) FROM duty_records d JOIN committees c"
                         " ON c.id = d.committee_id WHERE c.name = '甘肃省政协'"
                         " AND d.kind IN ('plenary', 'standing')"),
               0);
  cr_expect_gt(count(db, "SELECT COUNT(*) FROM duty_records WHERE kind = 'plenary'"), 0);
  db_close(db);
}
