/* src/entity/record_ref.h: records one module's records may point at in another's (an
** activity's outcome: a proposal, a report, a speech), and the way back. Each module names,
** through main.c's module table, the kinds of its records others may refer to, with the
** permission reading one needs, its own rule for one record (the one its GET route uses) and
** its title; a module that stores a reference checks it here, so that it names no other module
** and a reference never points at a record that does not exist or that the caller may not read.
** A module that stores references also names, through the same table, how to find its records
** that refer to a given record (a referrer), so that the record referred to can list them (a
** proposal names the activity it came from) without naming that module either. */
#ifndef LVZHI_ENTITY_RECORD_REF_H
#define LVZHI_ENTITY_RECORD_REF_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "auth/access.h"
#include "entity.h"

/* A kind of record others may refer to. visible() answers false for a record that does not
** exist; title_sql reads its title from its id ("SELECT title FROM proposals WHERE id = ?"). */
struct record_kind {
  const char *name; /* "proposal" */
  enum perm perm;
  bool (*visible)(struct entity_ctx *ctx, int64_t id);
  const char *title_sql;
};

/* A kind of record that refers to records of other modules. list() appends to out, for each of
** its records that refers to record id of kind (a record_kind name) and that the caller may
** read, {"kind": name, "id", "title", "at" (ISO 8601 or null), "note"}, oldest first. The caller
** must hold perm (checked here) before list() runs. */
struct record_referrer {
  const char *name; /* "activity" */
  enum perm perm;
  void (*list)(struct entity_ctx *ctx, const char *kind, int64_t id, json_t *out);
};

/* Adds a module's kinds (ended by a NULL name). Setup time only, before any thread starts. */
void record_kinds_add(const struct record_kind *list);

/* Adds a module's referrers (ended by a NULL name). Setup time only. */
void record_referrers_add(const struct record_referrer *list);

/* The kind registered under name, or NULL. */
const struct record_kind *record_kind_find(const char *name);

/* Whether record id of kind name exists and the user of ctx (any, for the system) may read
** it. Else false with 422 invalid_field naming field, the same words whether the record is
** missing or out of sight (a reference is no way to learn which ids exist). */
bool record_ref_check(struct entity_ctx *ctx, const char *name, int64_t id, const char *field);

/* The title of record id of kind name when the user of ctx may read it (arena), else NULL:
** what a list of references shows instead of an id. */
const char *record_ref_title(struct entity_ctx *ctx, const char *name, int64_t id);

/* The records of every module that refer to record id of kind name and that the user of ctx
** may read, as a new JSON array of the referrers' items (see struct record_referrer). */
json_t *record_ref_referrers(struct entity_ctx *ctx, const char *name, int64_t id);

#endif
