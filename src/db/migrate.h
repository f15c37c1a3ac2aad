/* src/db/migrate.h: versioned, forward-only schema migrations. */
#ifndef LVZHI_MIGRATE_H
#define LVZHI_MIGRATE_H
#include "db.h"

/* One migration: common SQL for both engines, and per-engine SQL where they differ.
** Either engine-specific text may be NULL. */
struct migration {
  int version;
  const char *name;
  const char *common;
  const char *sqlite;
  const char *postgres;
};

/* The project's migrations, in order (src/db/schema.c). */
extern const struct migration schema_migrations[];
extern const int schema_migration_count;

/* Applies every migration newer than the database's version, each in its own transaction,
** recording it in schema_migrations. progress (may be NULL) is told each one applied.
** Returns the number applied, or -1 on failure (nothing of the failed one is kept). */
int migrate_run(struct db *db, const struct migration *list, int n,
                void (*progress)(const struct migration *m));

/* The highest applied version (0 for a new database). */
int migrate_version(struct db *db);

#endif
