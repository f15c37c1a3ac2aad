/* src/entity/record_ref.c: the kinds of records other modules may refer to, and the kinds of
** records that refer to them. */
#include "record_ref.h"
#include <string.h>
#include "base/arena.h"
#include "base/errors.h"
#include "db/db.h"

#define RECORD_KINDS_MAX 32

static const struct record_kind *kinds[RECORD_KINDS_MAX];
static int nkinds;
static const struct record_referrer *referrers[RECORD_KINDS_MAX];
static int nreferrers;

void record_kinds_add(const struct record_kind *list) {
  for (; list && list->name && nkinds < RECORD_KINDS_MAX; list++) {
    if (record_kind_find(list->name)) continue; /* registered twice (tests): once is enough */
    kinds[nkinds++] = list;
  }
}

void record_referrers_add(const struct record_referrer *list) {
  for (; list && list->name && nreferrers < RECORD_KINDS_MAX; list++) {
    bool known = false;
    for (int i = 0; i < nreferrers; i++) known = known || !strcmp(referrers[i]->name, list->name);
    if (!known) referrers[nreferrers++] = list;
  }
}

const struct record_kind *record_kind_find(const char *name) {
  for (int i = 0; name && i < nkinds; i++)
    if (!strcmp(kinds[i]->name, name)) return kinds[i];
  return NULL;
}

/* Whether the user of ctx may read record id of kind k. */
static bool readable(struct entity_ctx *ctx, const struct record_kind *k, int64_t id) {
  return k && id > 0 && (!ctx->user || access_role_has(ctx->user->role, k->perm)) &&
         k->visible(ctx, id);
}

bool record_ref_check(struct entity_ctx *ctx, const char *name, int64_t id, const char *field) {
  if (readable(ctx, record_kind_find(name), id)) return true;
  entity_fail(ctx, ERR_INVALID_FIELD, field, "未找到该记录，或您无权查看",
              "No such record, or you may not read it");
  return false;
}

const char *record_ref_title(struct entity_ctx *ctx, const char *name, int64_t id) {
  const struct record_kind *k = record_kind_find(name);
  if (!readable(ctx, k, id) || !k->title_sql) return NULL;
  struct db_stmt *st = db_query(ctx->db, k->title_sql, "i", id);
  const char *t = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : NULL;
  db_done(st);
  return t;
}

json_t *record_ref_referrers(struct entity_ctx *ctx, const char *name, int64_t id) {
  json_t *out = json_array();
  for (int i = 0; i < nreferrers; i++)
    if (!ctx->user || access_role_has(ctx->user->role, referrers[i]->perm))
      referrers[i]->list(ctx, name, id, out);
  return out;
}
