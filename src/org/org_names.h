/* src/org/org_names.h: the names of the organisation's small tables (committees with their
** paths, sectors, parties, special committees, activity groups), kept by each thread and
** confirmed by their generation (names_generation, migration 25), so that a hot read names what
** a record refers to without a sub-select per reference (issue 17: the member read). */
#ifndef LVZHI_ORG_NAMES_H
#define LVZHI_ORG_NAMES_H
#include <stdbool.h>
#include <stdint.h>

struct db;

/* A column that reads the generation, for the statement that reads the request's data. */
#define ORG_NAMES_GEN_SQL "(SELECT n FROM names_generation WHERE id = 1)"

/* Whether the names of table are kept here. */
bool org_names_keeps(const char *table);

/* Makes this thread's names those of db at generation gen (read by the caller in the same
** statement as its data) or later: reads them again when the thread holds another generation
** or another database's. False on a database error. */
bool org_names_confirm(struct db *db, int64_t gen);

/* The name of row id of table, or NULL when there is none; valid until the next
** org_names_confirm of this thread. */
const char *org_names_name(const char *table, int64_t id);

/* The path of committee id ("/1/5/"), or NULL when there is none; as org_names_name. */
const char *org_names_committee_path(int64_t id);

#endif
