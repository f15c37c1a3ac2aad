/* src/base/page.h: one page of a list, as every list of the API answers it:
** {"items": [...], "next_cursor": "<last id>" or null}. Read limit + 1 rows; the extra row
** only says that there is a next page.
**
**   struct page pg;
**   page_init(&pg, limit);
**   while (db_step(st) == DB_ROW && !page_full(&pg)) page_add(&pg, db_col_int(st, 0), item);
**   json_t *out = page_json(&pg);
*/
#ifndef LVZHI_PAGE_H
#define LVZHI_PAGE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct buf;

struct page {
  json_t *items;
  int limit;
  int64_t last;
  bool more;
};

/* One key a list may be sorted by (its whitelist is an array of these ending in {NULL}):
** ?sort=key sorts ascending, ?sort=-key descending; expr is the SQL it sorts by (on the list's
** alias, e.g. "t.title"), made by the module, never from the request. */
struct page_sort {
  const char *key;
  const char *expr;
};

/* How the page of a list is cut. By default (by NULL, at_offset false) the list's own order and
** the cursor; with a sort key or ?offset=, the page at offset rows into the order expr [DESC],
** id [DESC] (a jump to page k is offset (k-1)*limit). */
struct page_order {
  const struct page_sort *by; /* NULL: the list's own order (by id) */
  bool desc;
  bool at_offset; /* ?offset= (or a sort key) given: the page at offset, not after a cursor */
  int offset;
};

/* The largest ?offset= a list takes (deeper pages: narrow the filters). */
#define PAGE_OFFSET_MAX 1000000

/* Finds s ("key" or "-key") in keys (ending with {NULL}) into o->by and o->desc; NULL or "" leaves
** the list's own order. Returns false when the key is not in keys (the caller replies 400). */
bool page_sort_find(const struct page_sort *keys, const char *s, struct page_order *o);

/* Whether o asks for a page at an offset (a sort key or ?offset=). */
bool page_order_at_offset(const struct page_order *o);

/* Appends " ORDER BY <expr> [DESC], <id> [DESC] LIMIT limit+1 OFFSET offset" to sql: o's key
** (or id alone when o has none, newest first when newest). */
void page_order_sql(const struct page_order *o, const char *id, bool newest, int limit,
                    struct buf *sql);

/* The keys of keys joined by ", " (for the 400's message), in static storage of size n. */
const char *page_sort_keys(const struct page_sort *keys, char *out, size_t n);

/* Starts an empty page of at most limit items. */
void page_init(struct page *pg, int limit);

/* True when the page holds limit items (and so a further row means a next page). */
bool page_full(struct page *pg);

/* Adds an item (takes its reference) read from the row with this id. */
void page_add(struct page *pg, int64_t id, json_t *item);

/* The page as {"items", "next_cursor"}; the page's items move into it. */
json_t *page_json(struct page *pg);

/* The page read at an offset (page_order_sql) as {"items", "next_cursor", "offset",
** "next_offset"}: next_offset is offset + limit when there are more rows, else null;
** next_cursor is the last id when the order is the list's own (so a cursor still follows),
** else null. */
json_t *page_json_at(struct page *pg, const struct page_order *o);

#endif
