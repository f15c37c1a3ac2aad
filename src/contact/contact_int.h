/* src/contact/contact_int.h: helpers shared by the contact module's files (not for other
** modules: they use contact.h). */
#ifndef LVZHI_CONTACT_INT_H
#define LVZHI_CONTACT_INT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "contact.h"
#include "db/db.h"

/* Reads a time given as ISO 8601 with an offset (a JSON string) into *t. Returns false with
** ctx->err (422 on field) when it is not one or lies outside 2000..2099. */
bool contact_parse_time(struct entity_ctx *ctx, json_t *j, const char *field, const char *zh,
                        const char *en, int64_t *t);

/* The committee path of a record of table (one with a committee_id column), or NULL. */
const char *contact_record_path(struct entity_ctx *ctx, const char *table, int64_t id);

/* Checks that member_id is a member the caller sees, on the committee path of the record at
** path (an ancestor's member, its own, or one below). Returns false with ctx->err (422 on
** field) otherwise. */
bool contact_member_for(struct entity_ctx *ctx, int64_t member_id, const char *path,
                        const char *field);

/* The stored JSON image of an entity record for the audit log (NULL when it is gone). */
json_t *contact_image(struct entity_ctx *ctx, const struct entity *e, int64_t id);

/* The "rollup_export" job (contact_rollup.c): the roll-up of params' committee_id, year and
** quarter as a workbook, counted as the account that asked. */
struct job_ctx;
bool contact_rollup_job(struct job_ctx *j);

#endif
