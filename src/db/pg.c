/* src/db/pg.c: the PostgreSQL driver of db.h. Not built yet: the PostgreSQL issue adds it. */
#include "driver.h"
#include <string.h>

/* Refuses PostgreSQL URLs with a clear message until the driver lands. */
struct db *pg_open(const char *url, char **err) {
  (void)url;
  if (err) *err = strdup("PostgreSQL 驱动尚未提供 (PostgreSQL driver not available yet)");
  return NULL;
}
