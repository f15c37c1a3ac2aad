/* src/workbench/workbench.c: the entries of the workbench, handed by main.c at setup, and the
** caller's counts (workbench.h). */
#include "workbench.h"
#include <stdio.h>
#include "base/errors.h"
#include "entity/entity.h"

#define MAX_ENTRIES 64
/* Set at setup (before any thread starts), read-only afterwards. */
static const struct workbench_entry *entries[MAX_ENTRIES];
static int nentries;

void workbench_add(const struct workbench_entry *table) {
  for (; table && table->key; table++) {
    if (nentries == MAX_ENTRIES) {
      fprintf(stderr, "lvzhi: workbench: more than %d entries, %s left out\n", MAX_ENTRIES,
              table->key);
      continue;
    }
    entries[nentries++] = table;
  }
}

const struct workbench_entry *workbench_entry_at(int n) {
  return n >= 0 && n < nentries ? entries[n] : NULL;
}

json_t *workbench_of(struct entity_ctx *ctx) {
  json_t *items = json_array();
  for (int i = 0; i < nentries; i++) {
    const struct workbench_entry *e = entries[i];
    if (!ctx->user || (e->sees && !e->sees(ctx->user))) continue;
    int64_t n = e->count(ctx);
    if (n < 0) {
      json_decref(items);
      if (!ctx->err.kind) entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
      return NULL;
    }
    json_t *o = json_pack("{s:s,s:s,s:I,s:s}", "key", e->key, "label", ctx->en ? e->en : e->zh,
                          "count", (json_int_t)n, "link", e->link);
    json_object_set_new(o, "m_link", e->m_link ? json_string(e->m_link) : json_null());
    json_object_set_new(o, "menu", e->menu ? json_string(e->menu) : json_null());
    json_array_append_new(items, o);
  }
  return json_pack("{s:o}", "items", items);
}
