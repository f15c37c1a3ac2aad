/* src/demo/demo_proposal.h: the demo's session of proposals. */
#ifndef LVZHI_DEMO_PROPOSAL_H
#define LVZHI_DEMO_PROPOSAL_H
#include <stdbool.h>
#include <stdint.h>
#include "db/db.h"

/* Adds a current session to the province and every city and proposals in every state, with
** signers, assignments, replies, ratings and a timeline, indexed for search (inside the
** caller's transaction). scale is the demo's (0: about 300 proposals; N: N * 100,000 / 190,000).
** Returns false with a Chinese message in err (256 bytes). */
bool demo_proposal_load(struct db *db, uint64_t seed, int64_t scale, int64_t now, char *err);

#endif
