/* src/base/page.c: pages of lists, see page.h. */
#include "page.h"
#include <stdio.h>
#include <string.h>
#include "buf.h"

bool page_sort_find(const struct page_sort *keys, const char *s, struct page_order *o) {
  o->by = NULL;
  o->desc = false;
  if (!s || !*s) return true;
  bool desc = *s == '-';
  if (desc) s++;
  for (int i = 0; keys && keys[i].key; i++)
    if (!strcmp(keys[i].key, s)) {
      o->by = &keys[i];
      o->desc = desc;
      o->at_offset = true;
      return true;
    }
  return false;
}

bool page_order_at_offset(const struct page_order *o) { return o && (o->at_offset || o->by); }

void page_order_sql(const struct page_order *o, const char *id, bool newest, int limit,
                    struct buf *sql) {
  if (o && o->by) {
    const char *dir = o->desc ? "DESC" : "ASC";
    buf_printf(sql, " ORDER BY %s %s, %s %s", o->by->expr, dir, id, dir);
  } else {
    buf_printf(sql, " ORDER BY %s %s", id, newest ? "DESC" : "ASC");
  }
  buf_printf(sql, " LIMIT %d OFFSET %d", limit + 1, o ? o->offset : 0);
}

const char *page_sort_keys(const struct page_sort *keys, char *out, size_t n) {
  size_t at = 0;
  out[0] = 0;
  for (int i = 0; keys && keys[i].key && at < n; i++)
    at += (size_t)snprintf(out + at, n - at, "%s%s", i ? ", " : "", keys[i].key);
  return out;
}

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

json_t *page_json_at(struct page *pg, const struct page_order *o) {
  int n = (int)json_array_size(pg->items);
  json_t *out = json_pack(
      "{s:o,s:o,s:i,s:o}", "items", pg->items, "next_cursor",
      pg->more && !o->by ? json_sprintf("%lld", (long long)pg->last) : json_null(), "offset",
      o->offset, "next_offset", pg->more ? json_integer((json_int_t)o->offset + n) : json_null());
  pg->items = NULL;
  return out;
}
