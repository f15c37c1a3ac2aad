/* bench/sqlite_insert.c: the reference for roster import speed: a bare loop inserting N rows
** of the same width as a member into a fresh SQLite file (WAL, one transaction, one prepared
** statement). Prints rows per second. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: sqlite_insert FILE N\n");
    return 2;
  }
  long n = atol(argv[2]);
  sqlite3 *db;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
               "CREATE TABLE m (id INTEGER PRIMARY KEY, committee_id INTEGER, name TEXT, gender TEXT,"
               " ethnicity TEXT, birth_date TEXT, sector_id INTEGER, term INTEGER, occupation TEXT,"
               " phone TEXT, id_hash TEXT UNIQUE, status TEXT, created_at INTEGER, updated_at INTEGER);",
               NULL, NULL, NULL);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  sqlite3_stmt *st;
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2(db,
                     "INSERT INTO m (committee_id, name, gender, ethnicity, birth_date, sector_id,"
                     " term, occupation, phone, id_hash, status, created_at, updated_at)"
                     " VALUES (2, ?, 'male', '汉族', '1990-01-01', 5, 13, '兰州某公司经理', ?, ?,"
                     " 'active', 0, 0)", -1, &st, NULL);
  char name[32], phone[32], hash[72];
  for (long i = 0; i < n; i++) {
    snprintf(name, sizeof name, "委员%ld", i);
    snprintf(phone, sizeof phone, "139%08ld", i);
    snprintf(hash, sizeof hash, "%064lx", (unsigned long)i * 2654435761u);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, hash, -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
  printf("%.0f\n", (double)n / s);
  sqlite3_close(db);
  return 0;
}
