/* tests/unit/test_page.c: the sort whitelist and the offset pages of lists (base/page.h). */
#include <criterion/criterion.h>
#include <string.h>
#include "base/buf.h"
#include "base/page.h"

static const struct page_sort pg_keys[] = {{"id", "t.id"}, {"title", "t.title"}, {NULL, NULL}};

Test(page, sort_keys_from_the_whitelist_only) {
  struct page_order o = {0};
  cr_expect(page_sort_find(pg_keys, NULL, &o));
  cr_expect_null(o.by);
  cr_expect(!page_order_at_offset(&o));
  cr_expect(page_sort_find(pg_keys, "title", &o));
  cr_expect_str_eq(o.by->expr, "t.title");
  cr_expect(!o.desc);
  cr_expect(page_order_at_offset(&o));
  cr_expect(page_sort_find(pg_keys, "-title", &o));
  cr_expect(o.desc);
  static const char *const bad[] = {"name",    "-",    "--title", "title;DROP TABLE x",
                                    "t.title", "TITLE"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    cr_expect(!page_sort_find(pg_keys, bad[i], &o), "%s refused", bad[i]);
  cr_expect(!page_sort_find(NULL, "id", &o), "a list without keys takes none");
  char ks[64];
  cr_expect_str_eq(page_sort_keys(pg_keys, ks, sizeof ks), "id, title");
}

Test(page, the_order_sql) {
  struct page_order o = {0};
  struct buf b = {0};
  page_sort_find(pg_keys, "-title", &o);
  o.offset = 40;
  page_order_sql(&o, "t.id", false, 20, &b);
  cr_expect_str_eq(b.data, " ORDER BY t.title DESC, t.id DESC LIMIT 21 OFFSET 40");
  b.len = 0;
  struct page_order own = {.at_offset = true, .offset = 20};
  page_order_sql(&own, "t.id", true, 10, &b);
  cr_expect_str_eq(b.data, " ORDER BY t.id DESC LIMIT 11 OFFSET 20");
  buf_free(&b);
}

Test(page, an_offset_page_says_where_the_next_begins) {
  struct page pg;
  struct page_order o = {.at_offset = true, .offset = 20};
  page_init(&pg, 2);
  page_add(&pg, 5, json_integer(5));
  page_add(&pg, 4, json_integer(4));
  cr_expect(page_full(&pg)); /* a third row was read: more */
  json_t *j = page_json_at(&pg, &o);
  cr_expect_eq(json_integer_value(json_object_get(j, "offset")), 20);
  cr_expect_eq(json_integer_value(json_object_get(j, "next_offset")), 22);
  cr_expect_str_eq(json_string_value(json_object_get(j, "next_cursor")), "4");
  json_decref(j);
  page_init(&pg, 2);
  page_add(&pg, 9, json_integer(9));
  page_sort_find(pg_keys, "title", &o);
  j = page_json_at(&pg, &o);
  cr_expect(json_is_null(json_object_get(j, "next_offset")), "the last page");
  cr_expect(json_is_null(json_object_get(j, "next_cursor")), "no cursor in a sorted order");
  json_decref(j);
}
