/* src/db/migrate.c: applies schema migrations in order, one transaction each. */
#include "migrate.h"
#include "base/timeutil.h"
#include <stdio.h>

/* Creates the table of applied migrations, under the write lock: on PostgreSQL two nodes
** starting at once would otherwise race on it. */
static int ensure_table(struct db *db) {
  if (db_begin(db) != DB_DONE) return DB_ERROR;
  int rc = db_exec_script(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                              " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                              " applied_at BIGINT NOT NULL)");
  if (rc != DB_DONE) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int migrate_version(struct db *db) {
  if (ensure_table(db) != DB_DONE) return -1;
  return (int)db_int(db, 0, "SELECT MAX(version) FROM schema_migrations", "");
}

int migrate_run(struct db *db, const struct migration *list, int n,
                void (*progress)(const struct migration *m)) {
  return migrate_run_key(db, list, n, NULL, progress);
}

int migrate_run_key(struct db *db, const struct migration *list, int n, const unsigned char *key,
                    void (*progress)(const struct migration *m)) {
  int have = migrate_version(db);
  if (have < 0) return -1;
  int applied = 0;
  for (int i = 0; i < n; i++) {
    const struct migration *m = &list[i];
    if (m->version <= have) continue;
    const char *own = db_engine(db) == DB_SQLITE ? m->sqlite : m->postgres;
    if (db_begin(db) != DB_DONE) return -1;
    /* another node may have applied it while we waited for the lock */
    if (db_int(db, 0, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", "i",
               (int64_t)m->version)) {
      db_commit(db);
      continue;
    }
    bool sql_ok = (!m->common || db_exec_script(db, m->common) == DB_DONE) &&
                  (!own || db_exec_script(db, own) == DB_DONE);
    bool code_ok = sql_ok && (!m->run || m->run(db, key)); /* run says why itself */
    if (!code_ok || db_exec(db,
                            "INSERT INTO schema_migrations (version, name, applied_at)"
                            " VALUES (?, ?, ?)",
                            "iti", (int64_t)m->version, m->name, time_now()) != DB_DONE) {
      fprintf(stderr, "lvzhi: migration %d (%s) failed%s%s\n", m->version, m->name,
              sql_ok && !code_ok ? "" : ": ", sql_ok && !code_ok ? "" : db_errmsg(db));
      db_rollback(db);
      return -1;
    }
    if (db_commit(db) != DB_DONE) {
      db_rollback(db);
      return -1;
    }
    applied++;
    if (progress) progress(m);
  }
  return applied;
}
