/* src/entity/record_ref.h: records one module's records may point at in another's (an
** activity's outcome: a proposal, a report, a speech). Each module names, through main.c's
** module table, the kinds of its records others may refer to, with the permission reading one
** needs and its own rule for one record (the one its GET route uses); a module that stores a
** reference checks it here, so that it names no other module and a reference never points at a
** record that does not exist or that the caller may not read. */
#ifndef LVZHI_ENTITY_RECORD_REF_H
#define LVZHI_ENTITY_RECORD_REF_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/access.h"
#include "entity.h"

/* A kind of record others may refer to. visible() answers false for a record that does not
** exist. */
struct record_kind {
  const char *name; /* "proposal" */
  enum perm perm;
  bool (*visible)(struct entity_ctx *ctx, int64_t id);
};

/* Adds a module's kinds (ended by a NULL name). Setup time only, before any thread starts. */
void record_kinds_add(const struct record_kind *list);

/* The kind registered under name, or NULL. */
const struct record_kind *record_kind_find(const char *name);

/* Whether record id of kind name exists and the user of ctx (any, for the system) may read
** it. Else false with 422 invalid_field naming field, the same words whether the record is
** missing or out of sight (a reference is no way to learn which ids exist). */
bool record_ref_check(struct entity_ctx *ctx, const char *name, int64_t id, const char *field);

#endif
