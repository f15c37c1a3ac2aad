/* tests/unit/test_workbench.c: the workbench's registry (workbench/workbench.h): the entries the
** module table hands it, in order; who sees which; the label in the caller's language; entries
** at 0 kept; a count that fails fails the whole answer with an error (no partial workbench). */
#include "workbench/workbench.h"
#include <criterion/criterion.h>
#include <string.h>
#include "auth/access.h"
#include "base/arena.h"
#include "entity/entity.h"

static bool staff_only(const struct user *u) { return u->role == ROLE_SECRETARIAT; }
static int64_t three(struct entity_ctx *ctx) { return ctx ? 3 : 0; }
static int64_t zero(struct entity_ctx *ctx) { return ctx ? 0 : 1; }
static bool failing;
static int64_t sometimes(struct entity_ctx *ctx) { return failing ? -1 : (ctx ? 7 : 0); }

static const struct workbench_entry first[] = {
    {"test.staff", "待办甲", "Staff's", "/a?x=1", NULL, staff_only, three, "/a"},
    {"test.zero", "零件", "Zero", "/b", "/mb", NULL, zero, NULL},
    {NULL},
};
static const struct workbench_entry second[] = {
    {"test.fails", "或失败", "May fail", "/c", NULL, NULL, sometimes, NULL},
    {NULL},
};

static void setup(void) {
  static bool added;
  if (added) return;
  added = true;
  workbench_add(first);
  workbench_add(NULL);
  workbench_add(second);
}

/* The entries of j as "key=count" joined by spaces, only those whose key starts with test. */
static char *keys(json_t *j, char *out, size_t n) {
  out[0] = 0;
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(j, "items"), i, e) {
    const char *k = json_string_value(json_object_get(e, "key"));
    if (strncmp(k, "test.", 5)) continue;
    size_t len = strlen(out);
    snprintf(out + len, n - len, "%s%s=%lld", len ? " " : "", k,
             (long long)json_integer_value(json_object_get(e, "count")));
  }
  return out;
}

Test(workbench, who_sees_what_in_order, .init = setup) {
  struct arena a;
  arena_init(&a);
  struct user staff = {.id = 1, .role = ROLE_SECRETARIAT}, member = {.id = 2, .role = ROLE_MEMBER};
  struct entity_ctx ctx = {.arena = &a, .user = &staff};
  char buf[256];
  failing = false;
  json_t *j = workbench_of(&ctx);
  cr_assert(j);
  cr_expect_str_eq(keys(j, buf, sizeof buf), "test.staff=3 test.zero=0 test.fails=7",
                   "in the order added, 0 kept");
  json_t *e = json_array_get(json_object_get(j, "items"), 0);
  for (size_t i = 0; i < json_array_size(json_object_get(j, "items")); i++) {
    json_t *x = json_array_get(json_object_get(j, "items"), i);
    if (!strcmp(json_string_value(json_object_get(x, "key")), "test.staff")) e = x;
  }
  cr_expect_str_eq(json_string_value(json_object_get(e, "label")), "待办甲");
  cr_expect_str_eq(json_string_value(json_object_get(e, "link")), "/a?x=1");
  cr_expect_str_eq(json_string_value(json_object_get(e, "menu")), "/a");
  cr_expect(json_is_null(json_object_get(e, "m_link")));
  json_decref(j);

  ctx.user = &member;
  ctx.en = true;
  j = workbench_of(&ctx);
  cr_expect_str_eq(keys(j, buf, sizeof buf), "test.zero=0 test.fails=7", "not the staff's entry");
  json_decref(j);

  ctx.user = NULL;
  j = workbench_of(&ctx);
  cr_expect_str_eq(keys(j, buf, sizeof buf), "", "nobody: nothing");
  json_decref(j);
  arena_free(&a);
}

Test(workbench, a_failing_count_fails_the_answer, .init = setup) {
  struct arena a;
  arena_init(&a);
  struct user staff = {.id = 1, .role = ROLE_SECRETARIAT};
  struct entity_ctx ctx = {.arena = &a, .user = &staff};
  failing = true;
  cr_expect_null(workbench_of(&ctx));
  cr_expect_eq(ctx.err.kind, ERR_INTERNAL);
  failing = false;
  json_decref(ctx.err.errors);
  arena_free(&a);
}

Test(workbench, the_entries_added, .init = setup) {
  int n = 0;
  bool seen = false;
  for (const struct workbench_entry *e; (e = workbench_entry_at(n)); n++)
    seen |= !strcmp(e->key, "test.fails");
  cr_expect(seen);
  cr_expect_null(workbench_entry_at(-1));
  cr_expect_null(workbench_entry_at(n));
}
