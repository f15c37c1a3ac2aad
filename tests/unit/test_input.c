/* tests/unit/test_input.c: the checks of action bodies (entity/input.h): each accepts what it
** should, and refuses the rest with 422 invalid_field naming the member. */
#include "entity/input.h"
#include <criterion/criterion.h>
#include <string.h>
#include "base/arena.h"

static struct arena in_arena;
static struct entity_ctx in_ctx;

static void setup(void) {
  arena_init(&in_arena);
  memset(&in_ctx, 0, sizeof in_ctx);
  in_ctx.arena = &in_arena;
}
static void teardown(void) { arena_free(&in_arena); }

/* ctx's error is 422 invalid_field on field; clears it. */
static void expect_refused(const char *field) {
  cr_expect_eq(in_ctx.err.status, 422);
  cr_expect_str_eq(in_ctx.err.code, "invalid_field");
  cr_expect_str_eq(in_ctx.err.field, field);
  memset(&in_ctx.err, 0, sizeof in_ctx.err);
}

static json_t *body(const char *text) {
  json_error_t e;
  json_t *j = json_loads(text, 0, &e);
  cr_assert(j, "%s: %s", text, e.text);
  return j;
}

TestSuite(input, .init = setup, .fini = teardown);

Test(input, only_names_the_first_unknown_member_and_those_allowed) {
  static const char *const names[] = {"note", "level", NULL};
  json_t *j = body("{\"note\":\"x\",\"levle\":1}");
  cr_expect(!input_only(&in_ctx, j, names));
  cr_expect(strstr(in_ctx.err.zh, "不认识的字段：levle") && strstr(in_ctx.err.zh, "note、level"),
            "%s", in_ctx.err.zh);
  expect_refused("levle");
  json_decref(j);
  j = body("{\"note\":\"x\"}");
  cr_expect(input_only(&in_ctx, j, names));
  json_decref(j);
}

Test(input, text_required_length_and_type) {
  json_t *j = body("{\"a\":\"四个汉字\",\"b\":\"\",\"c\":5,\"d\":null}");
  cr_expect_str_eq(input_text(&in_ctx, j, "a", true, 4, "甲"), "四个汉字", "4 characters fit 4");
  cr_expect_null(input_text(&in_ctx, j, "a", true, 3, "甲"));
  expect_refused("a");
  cr_expect_null(input_text(&in_ctx, j, "b", true, 0, "乙"), "required and empty");
  expect_refused("b");
  cr_expect_str_eq(input_text(&in_ctx, j, "b", false, 0, "乙"), "");
  cr_expect_null(input_text(&in_ctx, j, "c", false, 0, "丙"), "a number is not text");
  expect_refused("c");
  cr_expect_str_eq(input_text(&in_ctx, j, "d", false, 0, "丁"), "", "null: absent");
  cr_expect_null(input_text(&in_ctx, j, "e", true, 0, "戊"), "absent and required");
  expect_refused("e");
  json_decref(j);
}

Test(input, enum_from_its_label_table) {
  static const struct label t[] = {{"low", "低", "Low"}, {"high", "高", "High"}, {NULL}};
  json_t *j = body("{\"a\":\"high\",\"b\":\"mid\",\"c\":1}");
  cr_expect_str_eq(input_enum(&in_ctx, j, "a", t, true, "级别"), "high");
  cr_expect_null(input_enum(&in_ctx, j, "b", t, true, "级别"));
  cr_expect(strstr(in_ctx.err.zh, "low（低）、high（高）"), "%s", in_ctx.err.zh);
  expect_refused("b");
  cr_expect_null(input_enum(&in_ctx, j, "c", t, false, "级别"), "a number is not a value");
  expect_refused("c");
  cr_expect_str_eq(input_enum(&in_ctx, j, "d", t, false, "级别"), "", "absent, not required");
  cr_expect_null(input_enum(&in_ctx, j, "d", t, true, "级别"));
  expect_refused("d");
  json_decref(j);
}

Test(input, ids_distinct_positive_and_counted) {
  int64_t out[3];
  int n;
  json_t *j = body("{\"a\":[3,1,2],\"b\":[1,1],\"c\":[1,0],\"d\":[1,2,3,4],\"e\":\"1\",\"f\":[]}");
  cr_expect(input_ids(&in_ctx, j, "a", 0, 3, out, &n, "甲"));
  cr_expect_eq(n, 3);
  cr_expect(out[0] == 3 && out[1] == 1 && out[2] == 2, "in the order given");
  cr_expect(!input_ids(&in_ctx, j, "b", 0, 3, out, &n, "乙"), "named twice");
  expect_refused("b");
  cr_expect(!input_ids(&in_ctx, j, "c", 0, 3, out, &n, "丙"), "0 is no id");
  expect_refused("c");
  cr_expect(!input_ids(&in_ctx, j, "d", 0, 3, out, &n, "丁"), "more than max");
  expect_refused("d");
  cr_expect(!input_ids(&in_ctx, j, "e", 0, 3, out, &n, "戊"), "not an array");
  expect_refused("e");
  cr_expect(!input_ids(&in_ctx, j, "f", 2, 3, out, &n, "己"), "fewer than min");
  expect_refused("f");
  cr_expect(input_ids(&in_ctx, j, "g", 0, 3, out, &n, "庚") && n == 0, "absent: empty");
  json_decref(j);
}

Test(input, int_bool_and_date) {
  int64_t x;
  bool b;
  json_t *j = body("{\"i\":5,\"s\":\"5\",\"t\":true,\"d\":\"2026-02-30\",\"e\":\"2026-02-28\"}");
  cr_expect(input_int(&in_ctx, j, "i", 1, 5, &x, "数") && x == 5);
  cr_expect(!input_int(&in_ctx, j, "i", 1, 4, &x, "数"));
  expect_refused("i");
  cr_expect(!input_int(&in_ctx, j, "s", 1, 9, &x, "数"), "text is not a number");
  expect_refused("s");
  cr_expect(input_bool(&in_ctx, j, "t", &b) && b);
  cr_expect(!input_bool(&in_ctx, j, "i", &b));
  expect_refused("i");
  cr_expect_null(input_date(&in_ctx, j, "d"), "no 30 February");
  expect_refused("d");
  cr_expect_str_eq(input_date(&in_ctx, j, "e"), "2026-02-28");
  cr_expect_eq(strlen(input_date(&in_ctx, j, "absent")), 10, "today when absent");
  json_decref(j);
}
