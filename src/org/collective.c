/* src/org/collective.c: the collectives that propose and report in their own name (集体提案,
** 集体报送): parties, sectors, special committees and activity groups. */
#include <stdio.h>
#include <string.h>
#include "base/arena.h"
#include "org.h"

const struct label org_collective_kinds[] = {
    {"party", "党派", "Party"},
    {"sector", "界别", "Sector"},
    {"special_committee", "专委会", "Special committee"},
    {"group", "活动组", "Activity group"},
    {NULL},
};

/* The table of each kind, in the order of org_collective_kinds. */
static const char *const tables[] = {"parties", "sectors", "special_committees", "activity_groups"};

const char *org_collective_name(struct entity_ctx *ctx, const char *kind, int64_t id) {
  int k = label_index(org_collective_kinds, kind);
  if (k < 0) return NULL;
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT name FROM %s WHERE id = ?", tables[k]);
  struct db_stmt *st = db_query(ctx->db, sql, "i", id);
  const char *name = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : NULL;
  db_done(st);
  return name;
}
