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

struct page {
  json_t *items;
  int limit;
  int64_t last;
  bool more;
};

/* Starts an empty page of at most limit items. */
void page_init(struct page *pg, int limit);

/* True when the page holds limit items (and so a further row means a next page). */
bool page_full(struct page *pg);

/* Adds an item (takes its reference) read from the row with this id. */
void page_add(struct page *pg, int64_t id, json_t *item);

/* The page as {"items", "next_cursor"}; the page's items move into it. */
json_t *page_json(struct page *pg);

#endif
