/* tests/unit/test_entity.c: the record engine with the real records (committees, groups,
** sectors, members, users) on a migrated temporary database: validation, committee paths,
** ID numbers, scope, lists and paging, references, fixed fields, deletes and audit entries. */
#include "auth/access.h"
#include "auth/audit.h"
#include "auth/session.h"
#include "account/user.h"
#include "base/arena.h"
#include "base/idcard.h"
#include "db/db.h"
#include "db/migrate.h"
#include "entity/entity.h"
#include "member/member.h"
#include "org/org.h"
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char entt_path[64];
static struct arena entt_arena;
static struct entity_ctx entt_ctx;
static const unsigned char entt_secret[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                              12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                              23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

/* The committee tree made by entt_tree(). */
enum { ENTT_ROOT = 1, ENTT_CITY = 2, ENTT_COUNTY = 3, ENTT_CITY_B = 4 };

static const struct user entt_county_sec = {.id = 100,
                                            .username = "county_sec",
                                            .role = ROLE_SECRETARIAT,
                                            .committee_id = ENTT_COUNTY,
                                            .committee_path = "/1/2/3/"};
static const struct user entt_viewer = {.id = 101,
                                        .username = "viewer",
                                        .role = ROLE_VIEWER,
                                        .committee_id = ENTT_ROOT,
                                        .committee_path = "/1/"};
static const struct user entt_root_sec = {.id = 102,
                                          .username = "root_sec",
                                          .role = ROLE_SECRETARIAT,
                                          .committee_id = ENTT_ROOT,
                                          .committee_path = "/1/"};

static void entt_init(void) {
  cr_assert_geq(sodium_init(), 0);
  strcpy(entt_path, "/tmp/lvzhi-test-entity-XXXXXX");
  int fd = mkstemp(entt_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  struct db *db = db_open(entt_path, &err);
  cr_assert_not_null(db, "%s", err ? err : "");
  cr_assert_eq(migrate_run(db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
  arena_init(&entt_arena);
  memset(&entt_ctx, 0, sizeof entt_ctx);
  entt_ctx.db = db;
  entt_ctx.arena = &entt_arena;
  entt_ctx.ip = "127.0.0.1";
  entt_ctx.secret = entt_secret;
}

static void entt_reset(void) {
  json_decref(entt_ctx.err.errors);
  memset(&entt_ctx.err, 0, sizeof entt_ctx.err);
}

static void entt_fini(void) {
  entt_reset();
  db_close(entt_ctx.db);
  arena_free(&entt_arena);
  char p[96];
  unlink(entt_path);
  snprintf(p, sizeof p, "%s-wal", entt_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", entt_path);
  unlink(p);
}

TestSuite(entity, .init = entt_init, .fini = entt_fini);

static int64_t entt_count(const char *table) {
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
  return db_int(entt_ctx.db, -1, sql, "");
}

/* Runs as user (NULL: the system); clears the error of the previous call. */
static void entt_as(const struct user *u) {
  entt_reset();
  entt_ctx.user = u;
}

static json_t *entt_json(const char *text) {
  json_error_t je;
  json_t *j = json_loads(text, 0, &je);
  cr_assert_not_null(j, "bad JSON in test: %s: %s", text, je.text);
  return j;
}

static int64_t entt_create(const struct entity *e, const char *text) {
  entt_reset();
  json_t *in = entt_json(text);
  int64_t id = entity_create(&entt_ctx, e, in);
  json_decref(in);
  return id;
}

static bool entt_update(const struct entity *e, int64_t id, const char *text) {
  entt_reset();
  json_t *in = entt_json(text);
  bool ok = entity_update(&entt_ctx, e, id, in);
  json_decref(in);
  return ok;
}

static bool entt_validate(const struct entity *e, const char *text, bool partial) {
  entt_reset();
  json_t *in = entt_json(text);
  struct entity_value v[40];
  bool ok = entity_validate(&entt_ctx, e, in, partial, v);
  json_decref(in);
  return ok;
}

/* Whether the 422 error list names field. */
static bool entt_error_on(const char *field) {
  size_t i;
  json_t *x;
  json_array_foreach(entt_ctx.err.errors, i, x) {
    if (!strcmp(json_string_value(json_object_get(x, "field")), field)) return true;
  }
  return false;
}

static void entt_expect_fail(int status, const char *code, const char *field) {
  cr_expect_eq(entt_ctx.err.status, status, "status %d (%s %s)", entt_ctx.err.status,
               entt_ctx.err.code ? entt_ctx.err.code : "-",
               entt_ctx.err.field ? entt_ctx.err.field : "-");
  cr_expect_str_eq(entt_ctx.err.code ? entt_ctx.err.code : "", code);
  if (field) cr_expect_str_eq(entt_ctx.err.field ? entt_ctx.err.field : "", field);
}

/* Root, city A under it, county under city A, and city B under the root. */
static void entt_tree(void) {
  entt_as(NULL);
  cr_assert_eq(org_committee_add(&entt_ctx, 0, "全国政协", "national", ""), ENTT_ROOT);
  cr_assert_eq(org_committee_add(&entt_ctx, ENTT_ROOT, "甲市政协", "city", "110100"), ENTT_CITY);
  cr_assert_eq(org_committee_add(&entt_ctx, ENTT_CITY, "乙县政协", "county", "110101"),
               ENTT_COUNTY);
  cr_assert_eq(org_committee_add(&entt_ctx, ENTT_ROOT, "丙市政协", "city", "120100"), ENTT_CITY_B);
}

/* A valid ID number from 17 digits. */
static const char *entt_idn(const char *id17) {
  char *out = arena_alloc(&entt_arena, 19);
  memcpy(out, id17, 17);
  out[17] = idcard_check_digit(id17);
  out[18] = 0;
  cr_assert_null(idcard_validate(out), "test ID %s", out);
  return out;
}

static int64_t entt_member(int64_t committee, const char *name, const char *gender, bool standing) {
  char text[256];
  snprintf(text, sizeof text,
           "{\"name\":\"%s\",\"gender\":\"%s\",\"committee_id\":%lld,\"is_standing\":%s}", name,
           gender, (long long)committee, standing ? "true" : "false");
  int64_t id = entt_create(&member_entity, text);
  cr_assert_gt(id, 0, "member %s: %s", name, entt_ctx.err.en ? entt_ctx.err.en : "?");
  return id;
}

static json_t *entt_get(const struct entity *e, int64_t id) {
  entt_reset();
  return entity_get(&entt_ctx, e, id);
}

/* Ids of a list's items. */
static int entt_ids(json_t *list, int64_t *ids, int max) {
  json_t *items = json_object_get(list, "items");
  cr_assert(json_is_array(items));
  int n = 0;
  size_t i;
  json_t *x;
  json_array_foreach(items, i, x) {
    if (n < max) ids[n] = json_integer_value(json_object_get(x, "id"));
    n++;
  }
  return n;
}

/* ---- committees and paths ---- */

Test(entity, committee_tree_paths) {
  entt_tree();
  const char *paths[] = {NULL, "/1/", "/1/2/", "/1/2/3/", "/1/4/"};
  for (int id = 1; id <= 4; id++) {
    json_t *c = entt_get(&org_committee, id);
    cr_assert_not_null(c);
    cr_expect_str_eq(json_string_value(json_object_get(c, "path")), paths[id], "committee %d", id);
    cr_expect_eq(json_integer_value(json_object_get(c, "id")), id);
    json_decref(c);
    cr_expect_str_eq(entity_path(&entt_ctx, &org_committee, id), paths[id]);
  }
  json_t *county = entt_get(&org_committee, ENTT_COUNTY);
  cr_expect_str_eq(json_string_value(json_object_get(county, "name")), "乙县政协");
  cr_expect_str_eq(json_string_value(json_object_get(county, "level")), "county");
  cr_expect_eq(json_integer_value(json_object_get(county, "parent_id")), ENTT_CITY);
  cr_expect_str_eq(json_string_value(json_object_get(county, "parent_name")), "甲市政协");
  cr_expect_str_eq(json_string_value(json_object_get(county, "region")), "110101");
  json_decref(county);
  json_t *root = entt_get(&org_committee, ENTT_ROOT);
  cr_expect(json_is_null(json_object_get(root, "parent_id")));
  json_decref(root);
  cr_expect_null(entt_get(&org_committee, 99));
  cr_expect_null(entity_path(&entt_ctx, &org_committee, 99));
}

Test(entity, committee_level_must_be_below_parent) {
  entt_tree();
  int64_t audits = entt_count("audit_log");
  entt_as(NULL);
  cr_expect_eq(org_committee_add(&entt_ctx, ENTT_COUNTY, "丁县政协", "county", ""), 0);
  entt_expect_fail(422, "invalid_field", "level");
  entt_as(NULL);
  cr_expect_eq(org_committee_add(&entt_ctx, ENTT_CITY, "戊市政协", "city", ""), 0);
  entt_expect_fail(422, "invalid_field", "level");
  entt_as(NULL);
  cr_expect_eq(org_committee_add(&entt_ctx, ENTT_CITY, "某省政协", "province", ""), 0);
  entt_expect_fail(422, "invalid_field", "level");
  entt_as(NULL);
  cr_expect_eq(org_committee_add(&entt_ctx, ENTT_ROOT, "某区政协", "county", ""), 5,
               "a level may be skipped");
  entt_as(NULL);
  cr_expect_eq(org_committee_add(&entt_ctx, 77, "无上级政协", "city", ""), 0);
  entt_expect_fail(422, "invalid_field", "parent_id");
  cr_expect_eq(entt_count("committees"), 5);
  cr_expect_eq(entt_count("audit_log"), audits + 1);
}

Test(entity, root_committee_only_by_the_system) {
  entt_tree();
  entt_as(&entt_root_sec);
  cr_expect_eq(org_committee_add(&entt_ctx, 0, "另一全国政协", "national", ""), 0);
  cr_expect(entt_ctx.err.status == 422 || entt_ctx.err.status == 403);
  cr_expect_eq(entt_count("committees"), 4);
}

/* ---- validation ---- */

Test(entity, validate_missing_required) {
  cr_expect_not(entt_validate(&member_entity, "{}", false));
  cr_expect_eq(entt_ctx.err.status, 422);
  cr_expect_str_eq(entt_ctx.err.code, "invalid_field");
  cr_expect(entt_error_on("name"));
  cr_expect(entt_error_on("gender"));
  cr_expect(entt_error_on("committee_id"));
  cr_expect_not(entt_error_on("birth_date"));
  cr_expect_eq(json_array_size(entt_ctx.err.errors), 3);
  /* partial (updates): nothing is required */
  cr_expect(entt_validate(&member_entity, "{}", true));
  cr_expect_null(entt_ctx.err.errors);
  /* null or blank does not count as given */
  cr_expect_not(entt_validate(&member_entity,
                              "{\"name\":null,\"gender\":\"male\",\"committee_id\":1}", false));
  cr_expect(entt_error_on("name"));
  cr_expect_not(entt_validate(
      &member_entity, "{\"name\":\"  \\u3000 \",\"gender\":\"male\",\"committee_id\":1}", false));
  cr_expect(entt_error_on("name"));
  cr_expect_not(entt_validate(&member_entity, "{\"name\":null}", true),
                "null for a required field");
  cr_expect(entt_error_on("name"));
}

static char *entt_repeat(const char *s, int n) {
  size_t l = strlen(s);
  char *out = arena_alloc(&entt_arena, l * (size_t)n + 1);
  for (int i = 0; i < n; i++) memcpy(out + l * (size_t)i, s, l);
  return out;
}

Test(entity, validate_length_in_characters) {
  char text[512];
  snprintf(text, sizeof text, "{\"name\":\"%s\",\"gender\":\"male\",\"committee_id\":1}",
           entt_repeat("张", 30));
  cr_expect(entt_validate(&member_entity, text, false), "30 Chinese characters (90 bytes)");
  snprintf(text, sizeof text, "{\"name\":\"%s\",\"gender\":\"male\",\"committee_id\":1}",
           entt_repeat("张", 31));
  cr_expect_not(entt_validate(&member_entity, text, false), "31 characters");
  cr_expect(entt_error_on("name"));
  cr_expect_str_eq(entt_ctx.err.field, "name");
  cr_expect_not_null(strstr(entt_ctx.err.zh, "30"), "%s", entt_ctx.err.zh);
  snprintf(text, sizeof text, "{\"name\":\"%s\"}", entt_repeat("a", 31));
  cr_expect_not(entt_validate(&member_entity, text, true));
  snprintf(text, sizeof text, "{\"name\":\"%s\"}", entt_repeat("a", 30));
  cr_expect(entt_validate(&member_entity, text, true));
  snprintf(text, sizeof text, "{\"name\":\"%s\"}", entt_repeat("𠀀", 30));
  cr_expect(entt_validate(&member_entity, text, true), "4-byte characters count once");
}

Test(entity, validate_every_error_listed) {
  cr_expect_not(entt_validate(&member_entity,
                              "{\"name\":5,\"gender\":\"unknown\",\"birth_date\":\"2023-02-29\","
                              "\"committee_id\":\"3\",\"is_standing\":\"yes\",\"term\":1.5,"
                              "\"phone\":13800138000,\"status\":\"retired\",\"nickname\":\"x\"}",
                              false));
  cr_expect_eq(entt_ctx.err.status, 422);
  cr_expect_str_eq(entt_ctx.err.code, "invalid_field");
  const char *fields[] = {"name", "gender", "birth_date", "committee_id", "is_standing",
                          "term", "phone",  "status",     "nickname"};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    cr_expect(entt_error_on(fields[i]), "an error for %s", fields[i]);
  cr_expect_eq(json_array_size(entt_ctx.err.errors), sizeof fields / sizeof fields[0]);
  /* every entry has a message */
  size_t i;
  json_t *x;
  json_array_foreach(entt_ctx.err.errors, i, x) {
    cr_expect(json_is_string(json_object_get(x, "message")));
  }
}

Test(entity, validate_dates) {
  cr_expect_not(entt_validate(&member_entity, "{\"birth_date\":\"2023-02-29\"}", true));
  cr_expect(entt_error_on("birth_date"));
  cr_expect(entt_validate(&member_entity, "{\"birth_date\":\"2024-02-29\"}", true));
  const char *bad[] = {"2023-13-01", "2023-2-1",   "2023/01/01",          "20230101",
                       "1899-12-31", "2023-04-31", "2023-01-01T00:00:00", "abcd-ef-gh"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    char text[96];
    snprintf(text, sizeof text, "{\"birth_date\":\"%s\"}", bad[k]);
    cr_expect_not(entt_validate(&member_entity, text, true), "%s", bad[k]);
  }
  cr_expect(entt_validate(&member_entity, "{\"birth_date\":null}", true), "optional date null");
  cr_expect(entt_validate(&member_entity, "{\"birth_date\":\"\"}", true), "optional date blank");
}

Test(entity, validate_enums_ints_bools_phones) {
  cr_expect(entt_validate(&member_entity, "{\"gender\":\"female\",\"status\":\"deceased\"}", true));
  cr_expect_not(entt_validate(&member_entity, "{\"gender\":\"Female\"}", true));
  cr_expect(entt_error_on("gender"));
  cr_expect_not_null(strstr(entt_ctx.err.zh, "male, female"), "%s", entt_ctx.err.zh);
  cr_expect(entt_validate(&member_entity, "{\"term\":1}", true));
  cr_expect(entt_validate(&member_entity, "{\"term\":99}", true));
  cr_expect_not(entt_validate(&member_entity, "{\"term\":0}", true));
  cr_expect_not(entt_validate(&member_entity, "{\"term\":100}", true));
  cr_expect_not(entt_validate(&member_entity, "{\"term\":\"3\"}", true));
  cr_expect(entt_validate(&member_entity, "{\"is_standing\":false}", true));
  cr_expect_not(entt_validate(&member_entity, "{\"is_standing\":1}", true));
  cr_expect(entt_validate(&member_entity, "{\"phone\":\"+86 138-0013-8000\"}", true));
  cr_expect_not(entt_validate(&member_entity, "{\"phone\":\"1234\"}", true));
  cr_expect_not(entt_validate(&member_entity, "{\"phone\":\"138001380001380013800\"}", true));
  cr_expect_not(entt_validate(&member_entity, "{\"phone\":\"138x0013800\"}", true));
  cr_expect_not(entt_validate(&member_entity, "{\"sector_id\":0}", true));
  cr_expect_not(entt_validate(&member_entity, "{\"sector_id\":-3}", true));
  cr_expect(entt_validate(&member_entity, "{\"sector_id\":null}", true));
}

Test(entity, validate_unknown_and_readonly_fields) {
  cr_expect_not(entt_validate(&member_entity, "{\"nickname\":\"x\"}", true));
  cr_expect(entt_error_on("nickname"));
  cr_expect_str_eq(entt_ctx.err.field, "nickname");
  cr_expect_not(entt_validate(&member_entity, "{\"password_hash\":\"x\",\"name\":\"a\"}", true));
  cr_expect(entt_error_on("password_hash"));
  /* id and the times are output members, ignored on input */
  cr_expect(entt_validate(
      &member_entity, "{\"id\":5,\"created_at\":\"x\",\"updated_at\":\"y\",\"name\":\"a\"}", true));
  /* a read-only field is ignored, not stored */
  cr_expect(entt_validate(&org_committee, "{\"path\":\"/9/\"}", true));
}

Test(entity, validate_invalid_utf8_and_nul) {
  json_t *in = json_object();
  json_object_set_new(in, "name", json_stringn("a\0b", 3));
  struct entity_value v[40];
  entt_reset();
  cr_expect_not(entity_validate(&entt_ctx, &member_entity, in, true, v));
  cr_expect(entt_error_on("name"));
  json_decref(in);
}

/* ---- members and ID numbers ---- */

Test(entity, member_id_number_stored_sealed_shown_by_role) {
  entt_tree();
  /* 11010519491231002X: born 1949-12-31, the 17th digit 2 is even: female */
  entt_as(NULL);
  int64_t id = entt_create(&member_entity,
                           "{\"name\":\"张红\",\"gender\":\"female\",\"birth_date\":\"1949-12-31\","
                           "\"committee_id\":3,\"id_number\":\"11010519491231002X\","
                           "\"phone\":\"13912345678\"}");
  cr_assert_gt(id, 0, "%s", entt_ctx.err.en ? entt_ctx.err.en : "");
  json_t *m = entt_get(&member_entity, id);
  cr_assert_not_null(m);
  cr_expect_str_eq(json_string_value(json_object_get(m, "id_number")), "110105************",
                   "one record shows the mask unless the caller asks for the number");
  cr_expect_str_eq(json_string_value(json_object_get(m, "birth_date")), "1949-12-31");
  cr_expect_eq(json_integer_value(json_object_get(m, "birth_year")), 1949);
  cr_expect_str_eq(json_string_value(json_object_get(m, "phone")), "13912345678");
  cr_expect_str_eq(json_string_value(json_object_get(m, "name")), "张红");
  cr_expect_str_eq(json_string_value(json_object_get(m, "committee_name")), "乙县政协");
  cr_expect_str_eq(json_string_value(json_object_get(m, "status")), "active");
  cr_expect_eq(json_is_false(json_object_get(m, "is_standing")), true);
  for (const char *k[] = {"id_number_enc", "id_number_mask", "birth_date_enc", "phone_enc",
                          "phone_mask", NULL},
                  **p = k;
       *p; p++)
    cr_expect_null(json_object_get(m, *p), "%s hidden", *p);
  json_decref(m);
  entt_ctx.reveal = true;
  m = entity_get(&entt_ctx, &member_entity, id);
  cr_expect_str_eq(json_string_value(json_object_get(m, "id_number")), "11010519491231002X",
                   "asked for: whole");
  json_decref(m);
  /* a viewer: the mask even when asking, no birth date, the phone masked */
  entt_as(&entt_viewer);
  m = entity_get(&entt_ctx, &member_entity, id);
  cr_expect_str_eq(json_string_value(json_object_get(m, "id_number")), "110105************");
  cr_expect_null(json_object_get(m, "birth_date"));
  cr_expect_eq(json_integer_value(json_object_get(m, "birth_year")), 1949);
  cr_expect_str_eq(json_string_value(json_object_get(m, "phone")), "139****5678");
  json_decref(m);
  entt_as(&entt_county_sec);
  m = entity_get(&entt_ctx, &member_entity, id);
  cr_expect_str_eq(json_string_value(json_object_get(m, "id_number")), "11010519491231002X",
                   "member.id_number, asking: whole");
  cr_expect_str_eq(json_string_value(json_object_get(m, "birth_date")), "1949-12-31");
  json_decref(m);
  entt_ctx.reveal = false;
  m = entity_get(&entt_ctx, &member_entity, id);
  cr_expect_str_eq(json_string_value(json_object_get(m, "id_number")), "110105************",
                   "member.id_number, not asking: the mask");
  json_decref(m);
  /* at rest: sealed, a keyed hash and the mask, never the plain number, date or phone */
  cr_expect_eq(db_int(entt_ctx.db, -1,
                      "SELECT COUNT(*) FROM members WHERE id = ? AND id_number_mask = ?"
                      " AND length(id_number_hash) = 64 AND length(id_number_enc) > 18"
                      " AND instr(CAST(id_number_enc AS TEXT), '19491231') = 0"
                      " AND birth_year = 1949 AND phone_mask = '139****5678'"
                      " AND instr(CAST(birth_date_enc AS TEXT), '1949-12-31') = 0"
                      " AND instr(CAST(phone_enc AS TEXT), '13912345678') = 0",
                      "it", id, "110105************"),
               1);
  cr_expect_eq(db_int(entt_ctx.db, -1,
                      "SELECT COUNT(*) FROM audit_log WHERE instr(after_json, '19491231') > 0"
                      " OR instr(after_json, '1949-12-31') > 0 OR instr(after_json, '002X') > 0"
                      " OR instr(after_json, '13912345678') > 0",
                      ""),
               0, "the audit entry holds no plain ID number, birth date or phone");
  /* the same in lists, for every role, asking or not */
  entt_as(&entt_county_sec);
  entt_ctx.reveal = true;
  struct entity_query q = {.limit = 10};
  json_t *l = entity_list(&entt_ctx, &member_entity, &q);
  entt_ctx.reveal = false;
  cr_assert_not_null(l);
  json_t *first = json_array_get(json_object_get(l, "items"), 0);
  cr_expect_str_eq(json_string_value(json_object_get(first, "id_number")), "110105************");
  cr_expect_str_eq(json_string_value(json_object_get(first, "phone")), "139****5678");
  json_decref(l);
}

Test(entity, member_without_id_number) {
  entt_tree();
  int64_t id = entt_member(ENTT_COUNTY, "李明", "male", false);
  json_t *m = entt_get(&member_entity, id);
  cr_expect(json_is_null(json_object_get(m, "id_number")));
  json_decref(m);
}

Test(entity, member_id_number_consistency) {
  entt_tree();
  const char *male = entt_idn("11010519800101001"); /* 17th digit 1: male, born 1980-01-01 */
  char text[256];
  entt_as(NULL);
  snprintf(text, sizeof text,
           "{\"name\":\"王强\",\"gender\":\"female\",\"committee_id\":3,\"id_number\":\"%s\"}",
           male);
  cr_expect_eq(entt_create(&member_entity, text), 0);
  entt_expect_fail(422, "invalid_field", "gender");
  snprintf(
      text, sizeof text,
      "{\"name\":\"王强\",\"gender\":\"male\",\"birth_date\":\"1980-01-02\",\"committee_id\":3,"
      "\"id_number\":\"%s\"}",
      male);
  cr_expect_eq(entt_create(&member_entity, text), 0);
  entt_expect_fail(422, "invalid_field", "birth_date");
  char wrong[19];
  snprintf(wrong, sizeof wrong, "%s", male);
  wrong[17] = wrong[17] == '0' ? '1' : '0';
  snprintf(text, sizeof text,
           "{\"name\":\"王强\",\"gender\":\"male\",\"committee_id\":3,\"id_number\":\"%s\"}",
           wrong);
  cr_expect_eq(entt_create(&member_entity, text), 0);
  entt_expect_fail(422, "invalid_field", "id_number");
  cr_expect_eq(entt_count("members"), 0);
  snprintf(
      text, sizeof text,
      "{\"name\":\"王强\",\"gender\":\"male\",\"birth_date\":\"1980-01-01\",\"committee_id\":3,"
      "\"id_number\":\"%s\"}",
      male);
  cr_expect_gt(entt_create(&member_entity, text), 0);
  cr_expect_eq(entt_count("members"), 1);
}

Test(entity, member_update_gender_checked_against_stored_id_number) {
  entt_tree();
  entt_as(NULL);
  int64_t id =
      entt_create(&member_entity, "{\"name\":\"张红\",\"gender\":\"female\",\"committee_id\":3,"
                                  "\"id_number\":\"11010519491231002X\"}");
  cr_assert_gt(id, 0);
  /* the stored ID number says female: changing only the gender must not make them disagree */
  cr_expect_not(entt_update(&member_entity, id, "{\"gender\":\"male\"}"));
  entt_expect_fail(422, "invalid_field", "gender");
  cr_expect_not(entt_update(&member_entity, id, "{\"birth_date\":\"1950-01-01\"}"));
  entt_expect_fail(422, "invalid_field", "birth_date");
  json_t *m = entt_get(&member_entity, id);
  cr_expect_str_eq(json_string_value(json_object_get(m, "gender")), "female");
  json_decref(m);
}

Test(entity, member_duplicate_id_number) {
  entt_tree();
  const char *idn = entt_idn("11010519800101001");
  char text[256];
  snprintf(text, sizeof text,
           "{\"name\":\"王强\",\"gender\":\"male\",\"committee_id\":3,\"id_number\":\"%s\"}", idn);
  entt_as(NULL);
  int64_t first = entt_create(&member_entity, text);
  cr_assert_gt(first, 0);
  int64_t audits = entt_count("audit_log");
  snprintf(text, sizeof text,
           "{\"name\":\"王二强\",\"gender\":\"male\",\"committee_id\":2,\"id_number\":\"%s\"}",
           idn);
  cr_expect_eq(entt_create(&member_entity, text), 0);
  entt_expect_fail(409, "conflict", "id_number");
  cr_expect_eq(entt_count("members"), 1, "the insert was rolled back");
  cr_expect_eq(entt_count("audit_log"), audits);
  /* a lower-case x is the same number */
  const char *x = entt_idn("11010519491231002");
  snprintf(text, sizeof text,
           "{\"name\":\"张红\",\"gender\":\"female\",\"committee_id\":3,\"id_number\":\"%s\"}", x);
  cr_assert_gt(entt_create(&member_entity, text), 0);
  char lower[19];
  snprintf(lower, sizeof lower, "%s", x);
  lower[17] = 'x';
  snprintf(text, sizeof text,
           "{\"name\":\"张红二\",\"gender\":\"female\",\"committee_id\":3,\"id_number\":\"%s\"}",
           lower);
  cr_expect_eq(entt_create(&member_entity, text), 0);
  entt_expect_fail(409, "conflict", "id_number");
  /* setting a taken number by update is refused too; the member's own number is fine */
  int64_t other = entt_member(ENTT_COUNTY, "赵六", "male", false);
  snprintf(text, sizeof text, "{\"id_number\":\"%s\"}", idn);
  cr_expect_not(entt_update(&member_entity, other, text));
  entt_expect_fail(409, "conflict", "id_number");
  cr_expect(entt_update(&member_entity, first, text), "%s", entt_ctx.err.en ? entt_ctx.err.en : "");
}

Test(entity, member_clear_id_number) {
  entt_tree();
  entt_as(NULL);
  int64_t id =
      entt_create(&member_entity, "{\"name\":\"张红\",\"gender\":\"female\",\"committee_id\":3,"
                                  "\"id_number\":\"11010519491231002X\"}");
  cr_assert_gt(id, 0);
  cr_expect(entt_update(&member_entity, id, "{\"id_number\":null}"));
  json_t *m = entt_get(&member_entity, id);
  cr_expect(json_is_null(json_object_get(m, "id_number")));
  json_decref(m);
  cr_expect_eq(db_int(entt_ctx.db, -1,
                      "SELECT id_number_hash IS NULL AND id_number_enc IS NULL"
                      " FROM members WHERE id = ?",
                      "i", id),
               1);
}

Test(entity, member_blank_optional_phone) {
  entt_tree();
  entt_as(NULL);
  /* a form sends "" for a phone left empty */
  int64_t id = entt_create(
      &member_entity, "{\"name\":\"李明\",\"gender\":\"male\",\"committee_id\":3,\"phone\":\"\"}");
  cr_expect_gt(id, 0, "create with a blank phone: %d %s", entt_ctx.err.status,
               entt_ctx.err.code ? entt_ctx.err.code : "");
  int64_t id2 = entt_member(ENTT_COUNTY, "李亮", "male", false);
  cr_assert(entt_update(&member_entity, id2, "{\"phone\":\"13800138000\"}"));
  cr_expect(entt_update(&member_entity, id2, "{\"phone\":\"\"}"), "clear a phone: %d %s",
            entt_ctx.err.status, entt_ctx.err.code ? entt_ctx.err.code : "");
}

Test(entity, member_blank_optional_enum_is_not_a_conflict) {
  entt_tree();
  entt_as(NULL);
  int64_t id = entt_create(
      &member_entity, "{\"name\":\"李明\",\"gender\":\"male\",\"committee_id\":3,\"status\":\"\"}");
  if (!id) {
    cr_expect_neq(entt_ctx.err.status, 409, "a blank status is not a conflict with another record");
    cr_expect_eq(entt_ctx.err.status, 422);
  } else {
    json_t *m = entt_get(&member_entity, id);
    cr_expect_str_eq(json_string_value(json_object_get(m, "status")), "active");
    json_decref(m);
  }
}

/* ---- scope ---- */

Test(entity, scope_create) {
  entt_tree();
  int64_t audits = entt_count("audit_log");
  entt_as(&entt_county_sec);
  int64_t id =
      entt_create(&member_entity, "{\"name\":\"县委员\",\"gender\":\"male\",\"committee_id\":3}");
  cr_expect_gt(id, 0);
  entt_as(&entt_county_sec);
  cr_expect_eq(
      entt_create(&member_entity, "{\"name\":\"市委员\",\"gender\":\"male\",\"committee_id\":2}"),
      0);
  entt_expect_fail(403, "forbidden_scope", NULL);
  cr_expect_eq(
      entt_create(&member_entity, "{\"name\":\"他市委员\",\"gender\":\"male\",\"committee_id\":4}"),
      0);
  entt_expect_fail(403, "forbidden_scope", NULL);
  cr_expect_eq(entt_count("members"), 1);
  cr_expect_eq(entt_count("audit_log"), audits + 1);
  /* the audit entry names the user */
  cr_expect_eq(
      db_int(entt_ctx.db, -1, "SELECT user_id FROM audit_log ORDER BY id DESC LIMIT 1", ""), 100);
  /* a committee is out of reach too */
  entt_as(&entt_county_sec);
  cr_expect_eq(org_committee_add(&entt_ctx, ENTT_CITY, "县外县", "county", ""), 0);
  entt_expect_fail(403, "forbidden_scope", NULL);
}

Test(entity, scope_update_and_delete) {
  entt_tree();
  int64_t county_m = entt_member(ENTT_COUNTY, "县委员", "male", false);
  int64_t city_m = entt_member(ENTT_CITY, "市委员", "male", false);
  entt_as(&entt_county_sec);
  cr_expect_not(entt_update(&member_entity, city_m, "{\"occupation\":\"x\"}"));
  entt_expect_fail(403, "forbidden_scope", NULL);
  cr_expect_not(entt_update(&member_entity, county_m, "{\"committee_id\":2}"),
                "moving out of scope");
  entt_expect_fail(403, "forbidden_scope", NULL);
  cr_expect(entt_update(&member_entity, county_m, "{\"occupation\":\"教师\"}"));
  entt_as(&entt_county_sec);
  cr_expect_not(entity_delete(&entt_ctx, &member_entity, city_m));
  entt_expect_fail(403, "forbidden_scope", NULL);
  entt_as(&entt_county_sec);
  cr_expect_not(entity_delete(&entt_ctx, &member_entity, 999));
  entt_expect_fail(404, "not_found", NULL);
  entt_as(&entt_county_sec);
  cr_expect_not(entt_update(&member_entity, 999, "{\"occupation\":\"x\"}"));
  entt_expect_fail(404, "not_found", NULL);
  cr_expect_eq(entt_count("members"), 2);
}

Test(entity, scope_update_committee_records) {
  entt_tree();
  int64_t county_sector = entt_create(&org_sector, "{\"name\":\"县教育界\",\"committee_id\":3}");
  int64_t city_sector = entt_create(&org_sector, "{\"name\":\"市教育界\",\"committee_id\":2}");
  cr_assert(county_sector > 0 && city_sector > 0);
  entt_as(&entt_county_sec);
  /* a record of one's own committee, changed without naming its committee again */
  cr_expect(entt_update(&org_sector, county_sector, "{\"name\":\"县教育界别\"}"), "%d %s",
            entt_ctx.err.status, entt_ctx.err.en ? entt_ctx.err.en : "");
  cr_expect_not(entt_update(&org_sector, city_sector, "{\"name\":\"x\"}"));
  entt_expect_fail(403, "forbidden_scope", NULL);
  cr_expect(entt_update(&org_committee, ENTT_COUNTY, "{\"region\":\"110102\"}"),
            "its own committee");
  cr_expect_not(entt_update(&org_committee, ENTT_CITY, "{\"region\":\"x\"}"));
  entt_expect_fail(403, "forbidden_scope", NULL);
  json_t *j = entt_get(&org_sector, county_sector);
  cr_expect_str_eq(json_string_value(json_object_get(j, "name")), "县教育界别");
  json_decref(j);
}

/* Whether id is among a list's items. */
static bool entt_listed(json_t *list, int64_t id) {
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(list, "items"), i, x) {
    if (json_integer_value(json_object_get(x, "id")) == id) return true;
  }
  return false;
}

Test(entity, org_lists_show_ancestors) {
  entt_tree();
  int64_t global = entt_create(&org_sector, "{\"name\":\"测试全局界别\"}");
  int64_t root_s = entt_create(&org_sector, "{\"name\":\"全国界别\",\"committee_id\":1}");
  int64_t city_s = entt_create(&org_sector, "{\"name\":\"市界别\",\"committee_id\":2}");
  int64_t county_s = entt_create(&org_sector, "{\"name\":\"县界别\",\"committee_id\":3}");
  int64_t other_s = entt_create(&org_sector, "{\"name\":\"他市界别\",\"committee_id\":4}");
  cr_assert(global > 0 && root_s > 0 && city_s > 0 && county_s > 0 && other_s > 0);
  /* global sectors (ours and any the schema brings) are everyone's */
  int64_t nglobal =
      db_int(entt_ctx.db, -1, "SELECT COUNT(*) FROM sectors WHERE committee_id IS NULL", "");
  cr_assert_geq(nglobal, 1);
  entt_as(&entt_county_sec);
  struct entity_query q = {.limit = 500, .with_total = true};
  json_t *l = entity_list(&entt_ctx, &org_committee, &q);
  cr_assert_not_null(l);
  int64_t ids[10];
  cr_expect_eq(entt_ids(l, ids, 10), 3);
  cr_expect(ids[0] == ENTT_ROOT && ids[1] == ENTT_CITY && ids[2] == ENTT_COUNTY);
  json_decref(l);
  l = entity_list(&entt_ctx, &org_sector, &q);
  cr_assert_not_null(l);
  cr_expect_eq(json_integer_value(json_object_get(l, "total")), nglobal + 3);
  cr_expect(entt_listed(l, global));
  cr_expect(entt_listed(l, root_s));
  cr_expect(entt_listed(l, city_s));
  cr_expect(entt_listed(l, county_s));
  cr_expect_not(entt_listed(l, other_s));
  json_decref(l);
  /* a city user sees its county's rows below and not its sibling's */
  static const struct user city_user = {.id = 103,
                                        .username = "c",
                                        .role = ROLE_VIEWER,
                                        .committee_id = ENTT_CITY,
                                        .committee_path = "/1/2/"};
  entt_as(&city_user);
  l = entity_list(&entt_ctx, &org_sector, &q);
  cr_expect_eq(json_integer_value(json_object_get(l, "total")), nglobal + 3);
  cr_expect(entt_listed(l, county_s));
  cr_expect_not(entt_listed(l, other_s));
  json_decref(l);
  /* members have no ancestors' rows */
  entt_member(ENTT_CITY, "市委员", "male", false);
  entt_as(&entt_county_sec);
  l = entity_list(&entt_ctx, &member_entity, &q);
  cr_expect_eq(entt_ids(l, ids, 10), 0);
  json_decref(l);
}

Test(entity, visible) {
  entt_tree();
  int64_t county_m = entt_member(ENTT_COUNTY, "县委员", "male", false);
  int64_t city_m = entt_member(ENTT_CITY, "市委员", "male", false);
  entt_as(&entt_county_sec);
  cr_expect(entity_visible(&entt_ctx, &member_entity, county_m));
  cr_expect_not(entity_visible(&entt_ctx, &member_entity, city_m));
  cr_expect_not(entity_visible(&entt_ctx, &member_entity, 999));
  /* committees above one's own are visible (org lists), others are not */
  cr_expect(entity_visible(&entt_ctx, &org_committee, ENTT_COUNTY));
  cr_expect(entity_visible(&entt_ctx, &org_committee, ENTT_CITY));
  cr_expect(entity_visible(&entt_ctx, &org_committee, ENTT_ROOT));
  cr_expect_not(entity_visible(&entt_ctx, &org_committee, ENTT_CITY_B));
  entt_as(NULL);
  cr_expect(entity_visible(&entt_ctx, &member_entity, city_m));
}

Test(entity, list_scope) {
  entt_tree();
  int64_t county[5], city[3];
  for (int i = 0; i < 5; i++) county[i] = entt_member(ENTT_COUNTY, "县委员", "male", false);
  for (int i = 0; i < 3; i++) city[i] = entt_member(ENTT_CITY, "市委员", "male", false);
  entt_member(ENTT_CITY_B, "他市委员", "female", false);
  entt_as(&entt_county_sec);
  struct entity_query q = {.limit = 100, .with_total = true};
  json_t *l = entity_list(&entt_ctx, &member_entity, &q);
  cr_assert_not_null(l);
  int64_t ids[20];
  int n = entt_ids(l, ids, 20);
  cr_expect_eq(n, 5);
  for (int i = 0; i < n && i < 5; i++) cr_expect_eq(ids[i], county[i]);
  cr_expect_eq(json_integer_value(json_object_get(l, "total")), 5);
  cr_expect(json_is_null(json_object_get(l, "next_cursor")));
  json_decref(l);
  /* the system sees all */
  entt_as(NULL);
  l = entity_list(&entt_ctx, &member_entity, &q);
  cr_expect_eq(entt_ids(l, ids, 20), 9);
  json_decref(l);
  /* a root user narrows to a subtree */
  entt_as(&entt_root_sec);
  struct entity_query qc = {.limit = 100, .committee_id = ENTT_CITY};
  l = entity_list(&entt_ctx, &member_entity, &qc);
  cr_assert_not_null(l);
  cr_expect_eq(entt_ids(l, ids, 20), 8, "city A and its county");
  json_decref(l);
  /* the county user may not look at the city */
  entt_as(&entt_county_sec);
  cr_expect_null(entity_list(&entt_ctx, &member_entity, &qc));
  entt_expect_fail(403, "forbidden_scope", "committee_id");
  (void)city;
}

Test(entity, list_paging_every_row_once) {
  entt_tree();
  enum { N = 23 };
  int64_t made[N];
  for (int i = 0; i < N; i++)
    made[i] = entt_member(i % 2 ? ENTT_COUNTY : ENTT_CITY, "委员", "male", false);
  entt_member(ENTT_CITY_B, "他市委员", "male", false); /* outside the subtree */
  entt_as(&entt_root_sec);
  int seen[N] = {0};
  int64_t after = 0;
  int pages = 0, rows = 0;
  for (;;) {
    struct entity_query q = {
        .limit = 5, .after_id = after, .committee_id = ENTT_CITY, .with_total = true};
    json_t *l = entity_list(&entt_ctx, &member_entity, &q);
    cr_assert_not_null(l);
    cr_expect_eq(json_integer_value(json_object_get(l, "total")), N);
    int64_t ids[10];
    int n = entt_ids(l, ids, 10);
    cr_assert_leq(n, 5);
    pages++;
    for (int i = 0; i < n; i++) {
      int k = -1;
      for (int j = 0; j < N; j++)
        if (made[j] == ids[i]) k = j;
      cr_assert_geq(k, 0, "id %lld is not one of the subtree's", (long long)ids[i]);
      seen[k]++;
      cr_expect_gt(ids[i], after, "ascending ids");
      after = ids[i];
      rows++;
    }
    json_t *cur = json_object_get(l, "next_cursor");
    if (json_is_null(cur)) {
      json_decref(l);
      break;
    }
    cr_assert(json_is_string(cur));
    cr_expect_eq(atoll(json_string_value(cur)), after, "the cursor is the last id");
    json_decref(l);
    cr_assert_lt(pages, 10);
  }
  cr_expect_eq(rows, N);
  cr_expect_eq(pages, 5);
  for (int j = 0; j < N; j++)
    cr_expect_eq(seen[j], 1, "member %lld seen %d times", (long long)made[j], seen[j]);
  /* an exact multiple of the page size ends without an empty page */
  struct entity_query q = {.limit = 23, .committee_id = ENTT_CITY};
  json_t *l = entity_list(&entt_ctx, &member_entity, &q);
  cr_expect(json_is_null(json_object_get(l, "next_cursor")));
  json_decref(l);
}

static void entt_count_row(struct entity_ctx *ctx, json_t *rec, void *arg) {
  (void)ctx;
  cr_expect(json_is_object(rec));
  (*(int *)arg)++;
}

Test(entity, each_matches_list) {
  entt_tree();
  for (int i = 0; i < 7; i++) entt_member(ENTT_COUNTY, "委员", "male", false);
  entt_member(ENTT_CITY, "委员", "male", false);
  entt_as(&entt_county_sec);
  int count = 0;
  struct entity_query q = {0};
  cr_expect_eq(entity_each(&entt_ctx, &member_entity, &q, entt_count_row, &count), 7);
  cr_expect_eq(count, 7);
}

Test(entity, list_filters_and_search) {
  entt_tree();
  entt_as(NULL);
  int64_t a = entt_member(ENTT_COUNTY, "张伟", "male", true);
  int64_t b = entt_member(ENTT_COUNTY, "张丽", "female", true);
  int64_t c = entt_member(ENTT_COUNTY, "李娜", "female", false);
  int64_t d = entt_member(ENTT_COUNTY, "王芳", "female", true);
  int64_t e = entt_member(ENTT_COUNTY, "100%_名", "male", false);
  entt_as(&entt_county_sec);
  int64_t ids[10];
  struct entity_query q = {.limit = 50, .n = 1, .names = {"gender"}, .values = {"female"}};
  json_t *l = entity_list(&entt_ctx, &member_entity, &q);
  cr_assert_not_null(l);
  cr_expect_eq(entt_ids(l, ids, 10), 3);
  cr_expect(ids[0] == b && ids[1] == c && ids[2] == d);
  json_decref(l);
  struct entity_query qs = {.limit = 50, .n = 1, .names = {"is_standing"}, .values = {"true"}};
  l = entity_list(&entt_ctx, &member_entity, &qs);
  cr_assert_not_null(l);
  cr_expect_eq(entt_ids(l, ids, 10), 3);
  cr_expect(ids[0] == a && ids[1] == b && ids[2] == d);
  json_decref(l);
  struct entity_query q2 = {
      .limit = 50, .n = 2, .names = {"is_standing", "gender"}, .values = {"true", "female"}};
  l = entity_list(&entt_ctx, &member_entity, &q2);
  cr_expect_eq(entt_ids(l, ids, 10), 2);
  cr_expect(ids[0] == b && ids[1] == d);
  json_decref(l);
  struct entity_query qf = {.limit = 50, .n = 1, .names = {"is_standing"}, .values = {"false"}};
  l = entity_list(&entt_ctx, &member_entity, &qf);
  cr_expect_eq(entt_ids(l, ids, 10), 2);
  json_decref(l);
  struct entity_query qq = {.limit = 50, .q = "张"};
  l = entity_list(&entt_ctx, &member_entity, &qq);
  cr_expect_eq(entt_ids(l, ids, 10), 2);
  cr_expect(ids[0] == a && ids[1] == b);
  json_decref(l);
  struct entity_query qq2 = {
      .limit = 50, .q = "张", .n = 1, .names = {"gender"}, .values = {"female"}};
  l = entity_list(&entt_ctx, &member_entity, &qq2);
  cr_expect_eq(entt_ids(l, ids, 10), 1);
  cr_expect_eq(ids[0], b);
  json_decref(l);
  /* LIKE wildcards in the search text are taken literally */
  struct entity_query qp = {.limit = 50, .q = "%"};
  l = entity_list(&entt_ctx, &member_entity, &qp);
  cr_expect_eq(entt_ids(l, ids, 10), 1);
  cr_expect_eq(ids[0], e);
  json_decref(l);
  struct entity_query qu = {.limit = 50, .q = "_"};
  l = entity_list(&entt_ctx, &member_entity, &qu);
  cr_expect_eq(entt_ids(l, ids, 10), 1);
  json_decref(l);
  /* a filter on a field that is not a filter is ignored; a bad value refused */
  struct entity_query qbad = {.limit = 50, .n = 1, .names = {"is_standing"}, .values = {"maybe"}};
  cr_expect_null(entity_list(&entt_ctx, &member_entity, &qbad));
  entt_expect_fail(422, "invalid_field", "is_standing");
  entt_reset();
  struct entity_query qterm = {.limit = 50, .n = 1, .names = {"term"}, .values = {"1x"}};
  cr_expect_null(entity_list(&entt_ctx, &member_entity, &qterm));
  entt_expect_fail(422, "invalid_field", "term");
}

/* ---- references ---- */

Test(entity, reference_must_lie_on_the_record_path) {
  entt_tree();
  entt_as(NULL);
  int64_t g_city_b = entt_create(
      &org_group, "{\"name\":\"经济界活动组\",\"committee_id\":4,\"lead_kind\":\"federation\"}");
  cr_assert_gt(g_city_b, 0, "%s", entt_ctx.err.en ? entt_ctx.err.en : "");
  int64_t g_city_a = entt_create(
      &org_group, "{\"name\":\"经济界活动组\",\"committee_id\":2,\"lead_kind\":\"federation\"}");
  cr_assert_gt(g_city_a, 0);
  int64_t g_root = entt_create(
      &org_group, "{\"name\":\"全国活动组\",\"committee_id\":1,\"lead_kind\":\"federation\"}");
  cr_assert_gt(g_root, 0);
  int64_t sector_global = entt_create(&org_sector, "{\"name\":\"测试全局界别\"}");
  cr_assert_gt(sector_global, 0, "%s", entt_ctx.err.en ? entt_ctx.err.en : "");
  char text[256];
  snprintf(text, sizeof text,
           "{\"name\":\"县委员\",\"gender\":\"male\",\"committee_id\":3,\"group_id\":%lld}",
           (long long)g_city_b);
  cr_expect_eq(entt_create(&member_entity, text), 0);
  entt_expect_fail(422, "invalid_field", "group_id");
  cr_expect_eq(entt_count("members"), 0);
  snprintf(text, sizeof text,
           "{\"name\":\"县委员\",\"gender\":\"male\",\"committee_id\":3,\"group_id\":999}");
  cr_expect_eq(entt_create(&member_entity, text), 0);
  entt_expect_fail(422, "invalid_field", "group_id");
  /* the city above and the root above are on the path; so is a global sector */
  snprintf(text, sizeof text,
           "{\"name\":\"县委员\",\"gender\":\"male\",\"committee_id\":3,\"group_id\":%lld,"
           "\"sector_id\":%lld}",
           (long long)g_city_a, (long long)sector_global);
  int64_t m = entt_create(&member_entity, text);
  cr_expect_gt(m, 0, "%s", entt_ctx.err.en ? entt_ctx.err.en : "");
  json_t *j = entt_get(&member_entity, m);
  cr_expect_str_eq(json_string_value(json_object_get(j, "group_name")), "经济界活动组");
  cr_expect_str_eq(json_string_value(json_object_get(j, "sector_name")), "测试全局界别");
  json_decref(j);
  snprintf(text, sizeof text, "{\"group_id\":%lld}", (long long)g_root);
  cr_expect(entt_update(&member_entity, m, text));
  /* and an update cannot move the reference off the path */
  snprintf(text, sizeof text, "{\"group_id\":%lld}", (long long)g_city_b);
  cr_expect_not(entt_update(&member_entity, m, text));
  entt_expect_fail(422, "invalid_field", "group_id");
  /* nor the record away from its reference */
  snprintf(text, sizeof text, "{\"group_id\":%lld}", (long long)g_city_a);
  cr_assert(entt_update(&member_entity, m, text));
  cr_expect_not(entt_update(&member_entity, m, "{\"committee_id\":4}"));
  entt_expect_fail(422, "invalid_field", "group_id");
}

/* ---- fixed fields ---- */

Test(entity, update_fixed_field) {
  entt_tree();
  int64_t audits = entt_count("audit_log");
  entt_as(NULL);
  cr_expect(
      entt_update(&org_committee, ENTT_CITY, "{\"level\":\"city\",\"name\":\"甲市政协委员会\"}"),
      "the same value may be sent back: %s", entt_ctx.err.en ? entt_ctx.err.en : "");
  cr_expect_not(entt_update(&org_committee, ENTT_CITY, "{\"level\":\"province\"}"));
  entt_expect_fail(422, "invalid_field", "level");
  cr_expect_not(entt_update(&org_committee, ENTT_COUNTY, "{\"parent_id\":4}"));
  entt_expect_fail(422, "invalid_field", "parent_id");
  cr_expect(entt_update(&org_committee, ENTT_COUNTY, "{\"parent_id\":2}"));
  cr_expect_not(entt_update(&org_committee, ENTT_ROOT, "{\"parent_id\":2}"), "root stays root");
  entt_expect_fail(422, "invalid_field", "parent_id");
  json_t *c = entt_get(&org_committee, ENTT_CITY);
  cr_expect_str_eq(json_string_value(json_object_get(c, "level")), "city");
  cr_expect_str_eq(json_string_value(json_object_get(c, "name")), "甲市政协委员会");
  cr_expect_str_eq(json_string_value(json_object_get(c, "path")), "/1/2/");
  json_decref(c);
  c = entt_get(&org_committee, ENTT_COUNTY);
  cr_expect_eq(json_integer_value(json_object_get(c, "parent_id")), ENTT_CITY);
  json_decref(c);
  cr_expect_eq(entt_count("audit_log"), audits + 2);
  /* a sector's committee is fixed as well */
  int64_t s = entt_create(&org_sector, "{\"name\":\"教育界\",\"committee_id\":2}");
  cr_assert_gt(s, 0);
  cr_expect(entt_update(&org_sector, s, "{\"committee_id\":2,\"name\":\"教育界别\"}"));
  cr_expect_not(entt_update(&org_sector, s, "{\"committee_id\":4}"));
  entt_expect_fail(422, "invalid_field", "committee_id");
  cr_expect_not(entt_update(&org_sector, s, "{\"committee_id\":null}"));
  entt_expect_fail(422, "invalid_field", "committee_id");
}

/* ---- deletes ---- */

Test(entity, delete_committee_in_use) {
  entt_tree();
  int64_t m = entt_member(ENTT_COUNTY, "县委员", "male", false);
  int64_t audits = entt_count("audit_log");
  entt_as(NULL);
  cr_expect_not(entity_delete(&entt_ctx, &org_committee, ENTT_COUNTY));
  entt_expect_fail(409, "in_use", NULL);
  entt_as(NULL);
  cr_expect_not(entity_delete(&entt_ctx, &org_committee, ENTT_CITY), "it has a child committee");
  entt_expect_fail(409, "in_use", NULL);
  cr_expect_eq(entt_count("committees"), 4);
  cr_expect_eq(entt_count("audit_log"), audits);
  entt_as(NULL);
  cr_expect(entity_delete(&entt_ctx, &member_entity, m));
  cr_expect_null(entt_get(&member_entity, m));
  entt_as(NULL);
  cr_expect(entity_delete(&entt_ctx, &org_committee, ENTT_COUNTY));
  cr_expect_null(entt_get(&org_committee, ENTT_COUNTY));
  cr_expect_eq(entt_count("audit_log"), audits + 2);
  cr_expect_eq(db_int(entt_ctx.db, -1,
                      "SELECT COUNT(*) FROM audit_log WHERE action = 'delete'"
                      " AND entity = 'committee' AND entity_id = 3"
                      " AND before_json IS NOT NULL AND after_json IS NULL",
                      ""),
               1);
  entt_as(NULL);
  cr_expect_not(entity_delete(&entt_ctx, &org_committee, ENTT_COUNTY));
  entt_expect_fail(404, "not_found", NULL);
}

Test(entity, deleted_id_not_reused) {
  entt_tree();
  entt_member(ENTT_COUNTY, "甲", "male", false);
  int64_t last = entt_member(ENTT_COUNTY, "乙", "male", false);
  entt_as(NULL);
  cr_assert(entity_delete(&entt_ctx, &member_entity, last));
  /* the audit log and any link still name the old id: a new member must not take it */
  int64_t next = entt_member(ENTT_COUNTY, "丙", "female", false);
  cr_expect_gt(next, last, "deleted member %lld, the new one got %lld", (long long)last,
               (long long)next);
}

/* ---- users ---- */

Test(entity, user_record) {
  entt_tree();
  entt_as(NULL);
  int64_t u = entt_create(
      &user_entity,
      "{\"username\":\"li.ming\",\"display_name\":\"李明\",\"password\":\"Li-ming-2024\","
      "\"role\":\"secretariat\",\"committee_id\":3}");
  cr_assert_gt(u, 0, "%s", entt_ctx.err.en ? entt_ctx.err.en : "");
  cr_expect_eq(login_check(entt_ctx.db, "li.ming", "Li-ming-2024"), u);
  json_t *j = entt_get(&user_entity, u);
  cr_assert_not_null(j);
  cr_expect_null(json_object_get(j, "password"));
  cr_expect_null(json_object_get(j, "password_hash"));
  cr_expect_str_eq(json_string_value(json_object_get(j, "role")), "secretariat");
  json_decref(j);
  cr_expect_eq(db_int(entt_ctx.db, 0,
                      "SELECT COUNT(*) FROM audit_log WHERE entity = 'user'"
                      " AND instr(after_json, 'Li-ming') = 0"
                      " AND instr(after_json, 'argon2') = 0",
                      ""),
               1, "no password in the audit log");
  cr_expect_eq(entt_create(&user_entity, "{\"username\":\"wang\",\"password\":\"abcdefgh\","
                                         "\"role\":\"viewer\",\"committee_id\":3}"),
               0);
  entt_expect_fail(422, "invalid_field", "password");
  /* the password keeps the rules of every path (password_check): not the user name either */
  cr_expect_eq(entt_create(&user_entity, "{\"username\":\"wang\",\"password\":\"Wang-2024!\","
                                         "\"role\":\"viewer\",\"committee_id\":3}"),
               0);
  entt_expect_fail(422, "invalid_field", "password");
  cr_expect_eq(
      entt_create(&user_entity, "{\"username\":\"wang\",\"role\":\"viewer\",\"committee_id\":3}"),
      0);
  entt_expect_fail(422, "invalid_field", "password");
  cr_expect_eq(entt_create(&user_entity, "{\"username\":\"Wang\",\"password\":\"Abcd-1234\","
                                         "\"role\":\"viewer\",\"committee_id\":3}"),
               0);
  entt_expect_fail(422, "invalid_field", "username");
  cr_expect_eq(entt_create(&user_entity, "{\"username\":\"wang\",\"password\":\"Abcd-1234\","
                                         "\"role\":\"member\",\"committee_id\":3}"),
               0);
  entt_expect_fail(422, "invalid_field", "member_id");
  cr_expect_eq(entt_create(&user_entity, "{\"username\":\"li.ming\",\"password\":\"Abcd-1234\","
                                         "\"role\":\"viewer\",\"committee_id\":3}"),
               0, "duplicate username");
  entt_expect_fail(409, "conflict", NULL);
  /* the username is fixed */
  cr_expect(entt_update(&user_entity, u, "{\"username\":\"li.ming\",\"display_name\":\"李明明\"}"));
  cr_expect_not(entt_update(&user_entity, u, "{\"username\":\"li.ming2\"}"));
  entt_expect_fail(422, "invalid_field", "username");
  /* a new password takes effect */
  cr_expect(entt_update(&user_entity, u, "{\"password\":\"New-pass-99\"}"));
  cr_expect_eq(login_check(entt_ctx.db, "li.ming", "Li-ming-2024"), 0);
  cr_expect_eq(login_check(entt_ctx.db, "li.ming", "New-pass-99"), u);
}

/* ---- the audit log ---- */

Test(entity, every_successful_write_audited) {
  int64_t writes = 0;
  entt_tree();
  writes += 4;
  cr_expect_eq(entt_count("audit_log"), writes);
  int64_t m = entt_member(ENTT_COUNTY, "张三", "male", false);
  writes++;
  entt_as(NULL);
  cr_assert(entt_update(&member_entity, m, "{\"occupation\":\"医生\"}"));
  writes++;
  cr_expect_not(entt_update(&member_entity, m, "{\"term\":0}"));
  cr_expect_eq(entt_create(&member_entity, "{\"name\":\"x\"}"), 0);
  entt_as(&entt_county_sec);
  cr_expect_eq(
      entt_create(&member_entity, "{\"name\":\"x\",\"gender\":\"male\",\"committee_id\":2}"), 0);
  cr_expect_eq(entt_count("audit_log"), writes, "failed writes add nothing");
  int64_t s = entt_create(&org_sector, "{\"name\":\"县界别\",\"committee_id\":3}");
  cr_assert_gt(s, 0);
  writes++;
  entt_as(&entt_county_sec);
  cr_assert(entity_delete(&entt_ctx, &org_sector, s));
  writes++;
  cr_expect_eq(entt_count("audit_log"), writes);
  int64_t n = 0;
  cr_expect_eq(audit_verify(entt_ctx.db, &n), 0);
  cr_expect_eq(n, writes);
  /* the update entry carries before and after */
  struct db_stmt *st = db_query(entt_ctx.db,
                                "SELECT before_json, after_json, committee_id, ip FROM audit_log"
                                " WHERE action = 'update' AND entity = 'member' AND entity_id = ?",
                                "i", m);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_null(strstr(db_col_text(st, 0), "医生"));
  cr_expect_not_null(strstr(db_col_text(st, 1), "医生"));
  cr_expect_eq(db_col_int(st, 2), ENTT_COUNTY);
  cr_expect_str_eq(db_col_text(st, 3), "127.0.0.1");
  db_done(st);
}

/* ---- FT_DATETIME and FT_IDS ---- */

/* A record type with a writable time, a time in a range of its own and a list of committees,
** on a table the test makes. */
static const struct field entt_event_fields[] = {
    {"committee_id", FT_REF, FF_REQUIRED, "所属政协", "committee", .ref_table = "committees"},
    {"at", FT_DATETIME, FF_REQUIRED, "时间", "at"},
    {"until", FT_DATETIME, 0, "截止", "until", .min = 1767196800, .max = 1798732799},
    {"committee_ids", FT_IDS, 0, "相关政协", "committee_ids", .max = 3, .ref_table = "committees"},
};
static const struct entity entt_event = {
    .name = "event",
    .zh = "事件",
    .table = "entt_events",
    .scope = SCOPE_COMMITTEE,
    .fields = entt_event_fields,
    .nfields = sizeof entt_event_fields / sizeof entt_event_fields[0],
};

static void entt_events(void) {
  entt_tree();
  cr_assert_eq(db_exec(entt_ctx.db,
                       "CREATE TABLE entt_events (id INTEGER PRIMARY KEY, committee_id BIGINT,"
                       " at BIGINT, until BIGINT, created_at BIGINT, updated_at BIGINT)",
                       ""),
               DB_DONE);
}

/* Validates text against entt_event (partial) and returns the value of field i. */
static struct entity_value entt_event_value(const char *text, int i, bool *ok) {
  entt_reset();
  json_t *in = entt_json(text);
  struct entity_value v[8];
  *ok = entity_validate(&entt_ctx, &entt_event, in, true, v);
  json_decref(in);
  return v[i];
}

Test(entity, datetime_any_offset_stored_as_utc_seconds) {
  entt_events();
  bool ok;
  struct entity_value v = entt_event_value("{\"at\":\"2026-03-31T23:30:00+08:00\"}", 1, &ok);
  cr_assert(ok);
  cr_expect_eq(v.i, 1774971000);
  v = entt_event_value("{\"at\":\"2026-03-31T15:30:00Z\"}", 1, &ok);
  cr_assert(ok);
  cr_expect_eq(v.i, 1774971000, "Z is the same instant");
  v = entt_event_value("{\"at\":\"2026-03-31T10:30:00-05:00\"}", 1, &ok);
  cr_assert(ok);
  cr_expect_eq(v.i, 1774971000, "-05:00 is the same instant");
}

Test(entity, datetime_invalid) {
  entt_events();
  static const char *const bad[] = {
      "{\"at\":\"2026-03-31 23:30\"}",          /* no T, no offset */
      "{\"at\":\"2026-03-31T23:30:00\"}",       /* no offset */
      "{\"at\":\"2026-02-30T10:00:00+08:00\"}", /* no such day */
      "{\"at\":\"2026-03-31T24:00:00+08:00\"}", /* no such hour */
      "{\"at\":\"soon\"}",
      "{\"at\":\"\"}",
      "{\"at\":1774971000}", /* seconds are not the format */
      "{\"at\":true}",
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    cr_expect_not(entt_validate(&entt_event, bad[k], true), "%s", bad[k]);
    cr_expect(entt_error_on("at"), "%s", bad[k]);
  }
  cr_expect_not(entt_validate(&entt_event, "{\"at\":null}", true), "required: not null");
  cr_expect(entt_error_on("at"));
  cr_expect_not(entt_validate(&entt_event, "{\"committee_id\":1}", false), "required on create");
  cr_expect(entt_error_on("at"));
}

Test(entity, datetime_boundaries) {
  entt_events();
  /* the default range: 2000-01-01T00:00:00+08:00 .. 2099-12-31T23:59:59+08:00 */
  cr_expect(entt_validate(&entt_event, "{\"at\":\"2000-01-01T00:00:00+08:00\"}", true));
  cr_expect_not(entt_validate(&entt_event, "{\"at\":\"1999-12-31T23:59:59+08:00\"}", true));
  cr_expect(entt_validate(&entt_event, "{\"at\":\"2099-12-31T23:59:59+08:00\"}", true));
  cr_expect_not(entt_validate(&entt_event, "{\"at\":\"2100-01-01T00:00:00+08:00\"}", true));
  cr_expect(entt_validate(&entt_event, "{\"at\":\"1999-12-31T16:00:00Z\"}", true),
            "the same instant as 2000-01-01T00:00:00+08:00");
  cr_expect_not(entt_validate(&entt_event, "{\"at\":\"1999-12-31T15:59:59Z\"}", true));
  /* the field's own range [min, max]: the year 2026 in China Standard Time */
  cr_expect(entt_validate(&entt_event, "{\"until\":\"2026-01-01T00:00:00+08:00\"}", true));
  cr_expect_not(entt_validate(&entt_event, "{\"until\":\"2025-12-31T23:59:59+08:00\"}", true));
  cr_expect(entt_error_on("until"));
  cr_expect(entt_validate(&entt_event, "{\"until\":\"2026-12-31T23:59:59+08:00\"}", true));
  cr_expect_not(entt_validate(&entt_event, "{\"until\":\"2027-01-01T00:00:00+08:00\"}", true));
  /* an optional time may be cleared */
  bool ok;
  struct entity_value v = entt_event_value("{\"until\":null}", 2, &ok);
  cr_expect(ok);
  cr_expect(v.set && v.null);
}

Test(entity, datetime_stored_and_shown_in_cst) {
  entt_events();
  entt_as(NULL);
  int64_t id = entt_create(&entt_event, "{\"committee_id\":2,\"at\":\"2026-03-31T15:30:00Z\"}");
  cr_assert_gt(id, 0, "%s", entt_ctx.err.en ? entt_ctx.err.en : "?");
  cr_expect_eq(db_int(entt_ctx.db, 0, "SELECT at FROM entt_events WHERE id = ?", "i", id),
               1774971000);
  json_t *o = entt_get(&entt_event, id);
  cr_expect_str_eq(json_string_value(json_object_get(o, "at")), "2026-03-31T23:30:00+08:00");
  cr_expect(json_is_null(json_object_get(o, "until")));
  cr_expect_null(json_object_get(o, "committee_ids"), "a list is the hooks' to show");
  json_decref(o);
  cr_assert(entt_update(&entt_event, id, "{\"until\":\"2026-06-01T08:00:00+08:00\"}"));
  o = entt_get(&entt_event, id);
  cr_expect_str_eq(json_string_value(json_object_get(o, "until")), "2026-06-01T08:00:00+08:00");
  cr_expect_str_eq(json_string_value(json_object_get(o, "at")), "2026-03-31T23:30:00+08:00",
                   "a time not given is kept");
  json_decref(o);
  cr_assert(entt_update(&entt_event, id, "{\"until\":null}"));
  cr_expect(db_int(entt_ctx.db, 0, "SELECT until IS NULL FROM entt_events WHERE id = ?", "i", id));
}

Test(entity, ids_valid) {
  entt_events();
  bool ok;
  struct entity_value v = entt_event_value("{\"committee_ids\":[3,1,2]}", 3, &ok);
  cr_assert(ok);
  cr_assert_eq(v.n, 3);
  cr_expect(v.ids[0] == 3 && v.ids[1] == 1 && v.ids[2] == 2, "in the order given");
  v = entt_event_value("{\"committee_ids\":[]}", 3, &ok);
  cr_expect(ok);
  cr_expect_eq(v.n, 0);
  v = entt_event_value("{\"committee_ids\":null}", 3, &ok);
  cr_expect(ok);
  cr_expect(v.set && v.null && v.n == 0, "null is the empty list");
}

Test(entity, ids_invalid) {
  entt_events();
  static const char *const bad[] = {
      "{\"committee_ids\":\"1,2\"}",   "{\"committee_ids\":1}",      "{\"committee_ids\":{}}",
      "{\"committee_ids\":[1,\"2\"]}", "{\"committee_ids\":[0]}",    "{\"committee_ids\":[-1]}",
      "{\"committee_ids\":[1.5]}",     "{\"committee_ids\":[null]}", "{\"committee_ids\":[2,2]}",
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    cr_expect_not(entt_validate(&entt_event, bad[k], true), "%s", bad[k]);
    cr_expect(entt_error_on("committee_ids"), "%s", bad[k]);
  }
}

Test(entity, ids_boundaries_and_existence) {
  entt_events();
  cr_expect(entt_validate(&entt_event, "{\"committee_ids\":[1,2,3]}", true), "max 3");
  cr_expect_not(entt_validate(&entt_event, "{\"committee_ids\":[1,2,3,4]}", true), "over max");
  cr_expect(entt_error_on("committee_ids"));
  entt_as(NULL);
  cr_expect_eq(entt_create(&entt_event, "{\"committee_id\":2,\"at\":\"2026-03-31T15:30:00Z\","
                                        "\"committee_ids\":[1,99]}"),
               0, "every id must name a row");
  entt_expect_fail(422, "invalid_field", "committee_ids");
  cr_expect_gt(entt_create(&entt_event, "{\"committee_id\":2,\"at\":\"2026-03-31T15:30:00Z\","
                                        "\"committee_ids\":[1,4]}"),
               0);
}
