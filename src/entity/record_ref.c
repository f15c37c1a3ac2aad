/* src/entity/record_ref.c: the kinds of records other modules may refer to. */
#include "record_ref.h"
#include <string.h>
#include "base/errors.h"

#define RECORD_KINDS_MAX 32

static const struct record_kind *kinds[RECORD_KINDS_MAX];
static int nkinds;

void record_kinds_add(const struct record_kind *list) {
  for (; list && list->name && nkinds < RECORD_KINDS_MAX; list++) {
    if (record_kind_find(list->name)) continue; /* registered twice (tests): once is enough */
    kinds[nkinds++] = list;
  }
}

const struct record_kind *record_kind_find(const char *name) {
  for (int i = 0; name && i < nkinds; i++)
    if (!strcmp(kinds[i]->name, name)) return kinds[i];
  return NULL;
}

bool record_ref_check(struct entity_ctx *ctx, const char *name, int64_t id, const char *field) {
  const struct record_kind *k = record_kind_find(name);
  if (k && id > 0 && (!ctx->user || access_role_has(ctx->user->role, k->perm)) &&
      k->visible(ctx, id))
    return true;
  entity_fail(ctx, ERR_INVALID_FIELD, field, "未找到该记录，或您无权查看",
              "No such record, or you may not read it");
  return false;
}
