/* src/demo/demo_bulletin.h: the demo's 《社情民意》 bulletins and daily digests. */
#ifndef LVZHI_DEMO_BULLETIN_H
#define LVZHI_DEMO_BULLETIN_H
#include <stdbool.h>
#include <stdint.h>
#include "db/db.h"

/* Edits the provincial committee's adopted reports into bulletins (three sent up, one signed
** off, one draft), and collects two days of online items for the daily digest: yesterday's
** grouped and issued as a numbered digest, today's left for the office to group. Runs inside
** the caller's transaction after demo_report_load, through the bulletin and digest modules as
** the system. Returns false with a Chinese message in err (256 bytes). */
bool demo_bulletin_load(struct db *db, uint64_t seed, int64_t now, char *err);

#endif
