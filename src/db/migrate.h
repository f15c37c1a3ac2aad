/* src/db/migrate.h: versioned, forward-only schema migrations. */
#ifndef LVZHI_MIGRATE_H
#define LVZHI_MIGRATE_H
#include <stdbool.h>
#include "db.h"

/* One migration: common SQL for both engines, and per-engine SQL where they differ.
** Either engine-specific text may be NULL. run, when not NULL, is C code run after the SQL in
** the same transaction (a rewrite of data that SQL cannot do, e.g. sealing with the key); key
** is the installation key, or NULL when the caller has none: run then fails (with a message on
** stderr) if it finds data that needs it. It returns false to roll the migration back. */
struct migration {
  int version;
  const char *name;
  const char *common;
  const char *sqlite;
  const char *postgres;
  bool (*run)(struct db *db, const unsigned char *key);
};

/* The project's migrations, in order (src/db/schema.c). */
extern const struct migration schema_migrations[];
extern const int schema_migration_count;

/* Applies every migration newer than the database's version, each in its own transaction,
** recording it in schema_migrations. progress (may be NULL) is told each one applied.
** Returns the number applied, or -1 on failure (nothing of the failed one is kept). */
int migrate_run(struct db *db, const struct migration *list, int n,
                void (*progress)(const struct migration *m));

/* migrate_run with the installation key for the migrations that run code (key may be NULL). */
int migrate_run_key(struct db *db, const struct migration *list, int n, const unsigned char *key,
                    void (*progress)(const struct migration *m));

/* The highest applied version (0 for a new database). */
int migrate_version(struct db *db);

#endif
