/* bench/sqlite_insert.c DB N [ROSTER]: the reference for roster import speed. DB is a copy of a
** migrated lvzhi database (the same demo the import writes into): a bare loop of one prepared
** INSERT
** into its members table, so the same columns, indexes (the unique keyed hash of the ID number,
** name, committee, sector, group), foreign keys and existing rows as the import meets; with the
** same connection settings as lvzhi (WAL, foreign keys, synchronous=NORMAL), one BEGIN
** IMMEDIATE, N rows carrying sealed-sized blobs and a 64-digit hash each, one COMMIT. Nothing is
** validated, looked up or sealed. The names are those of ROSTER (the CSV the import reads,
** first column; read before the clock starts) so that the name index sees the same keys; without
** it, made-up ones. Prints rows per second (the commit included). */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t one_int(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  int64_t v = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return 0;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr,
            "usage: sqlite_insert DB N [ROSTER]  (DB: a copy of a migrated lvzhi database)\n");
    return 2;
  }
  long n = atol(argv[2]);
  /* the roster's names, in its order */
  char **names = calloc((size_t)n + 1, sizeof *names);
  long nnames = 0;
  FILE *f = argc > 3 ? fopen(argv[3], "r") : NULL;
  if (f) {
    char line[4096];
    bool head = true;
    while (nnames < n && fgets(line, sizeof line, f)) {
      char *comma = strchr(line, ',');
      if (head || !comma) {
        head = false;
        continue;
      }
      names[nnames++] = strndup(line, (size_t)(comma - line));
    }
    fclose(f);
  }
  sqlite3 *db;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
               "PRAGMA cache_size=-8000;",
               NULL, NULL, NULL);
  int64_t committee = one_int(db, "SELECT id FROM committees ORDER BY id LIMIT 1");
  int64_t sector = one_int(db, "SELECT id FROM sectors ORDER BY id LIMIT 1");
  if (!committee) {
    fprintf(stderr, "sqlite_insert: %s has no committees (not a migrated lvzhi database?)\n",
            argv[1]);
    return 1;
  }
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(
          db,
          "INSERT INTO members (committee_id, name, gender, ethnicity, sector_id, party_id,"
          " special_committee_id, group_id, is_standing, term, occupation, status, id_number_enc,"
          " id_number_hash, id_number_mask, birth_date_enc, birth_year, phone_enc, phone_mask,"
          " created_at, updated_at) VALUES (?, ?, 'male', '汉族', ?, NULL, NULL, NULL, 0, 13,"
          " '兰州某公司经理', 'active', ?, ?, '620102************', ?, 1995, ?, '139****0000',"
          " 1700000000, 1700000000)",
          -1, &st, NULL) != SQLITE_OK) {
    fprintf(stderr, "sqlite_insert: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  /* the sizes of what secret_seal makes: a 24-byte nonce, the text and a 16-byte tag */
  unsigned char idn[24 + 18 + 16], birth[24 + 10 + 16], phone[24 + 11 + 16];
  char name[32], hash[72];
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  for (long i = 0; i < n; i++) {
    uint64_t x = (uint64_t)i * 0x9E3779B97F4A7C15u + 0x5a5a;
    for (size_t k = 0; k < sizeof idn; k++)
      idn[k] = (unsigned char)(x >> (k % 8 * 8)) ^ (unsigned char)k;
    for (size_t k = 0; k < sizeof birth; k++) birth[k] = idn[k] ^ 0x33;
    for (size_t k = 0; k < sizeof phone; k++) phone[k] = idn[k] ^ 0x55;
    if (nnames)
      snprintf(name, sizeof name, "%s", names[i % nnames]);
    else
      snprintf(name, sizeof name, "委员%ld", i);
    snprintf(hash, sizeof hash, "%016llx%016llx%016llx%016llx", (unsigned long long)x,
             (unsigned long long)(x * 31), (unsigned long long)(x ^ 0xabcdef),
             (unsigned long long)i);
    sqlite3_bind_int64(st, 1, committee);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    if (sector)
      sqlite3_bind_int64(st, 3, sector);
    else
      sqlite3_bind_null(st, 3);
    sqlite3_bind_blob(st, 4, idn, sizeof idn, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 6, birth, sizeof birth, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 7, phone, sizeof phone, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE) {
      fprintf(stderr, "sqlite_insert: %s\n", sqlite3_errmsg(db));
      return 1;
    }
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
