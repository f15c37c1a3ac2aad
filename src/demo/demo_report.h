/* src/demo/demo_report.h: the demo's social-conditions reports. */
#ifndef LVZHI_DEMO_REPORT_H
#define LVZHI_DEMO_REPORT_H
#include <stdbool.h>
#include <stdint.h>
#include "db/db.h"

/* Adds reports of the province's and the cities' members in every state, with adoptions,
** instructions, versions and timelines (inside the caller's transaction); needs the accounts.
** scale is the demo's (0: about 300; N: N * 60,000 / 190,000). Returns false with a Chinese
** message in err (256 bytes). */
bool demo_report_load(struct db *db, uint64_t seed, int64_t scale, int64_t now, char *err);

#endif
