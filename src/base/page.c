/* src/base/page.c: pages of lists, see page.h. */
#include "page.h"

void page_init(struct page *pg, int limit) {
  pg->items = json_array();
  pg->limit = limit;
  pg->last = 0;
  pg->more = false;
}

bool page_full(struct page *pg) {
  if ((int)json_array_size(pg->items) < pg->limit) return false;
  pg->more = true;
  return true;
}

void page_add(struct page *pg, int64_t id, json_t *item) {
  pg->last = id;
  json_array_append_new(pg->items, item);
}

json_t *page_json(struct page *pg) {
  json_t *out = json_pack("{s:o,s:o}", "items", pg->items, "next_cursor",
                          pg->more ? json_sprintf("%lld", (long long)pg->last) : json_null());
  pg->items = NULL;
  return out;
}
