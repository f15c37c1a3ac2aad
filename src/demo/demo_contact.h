/* src/demo/demo_contact.h: the demo's year of members linking with the masses. */
#ifndef LVZHI_DEMO_CONTACT_H
#define LVZHI_DEMO_CONTACT_H
#include <stdbool.h>
#include <stdint.h>
#include "db/db.h"

/* Adds grassroots units, members' links, stations and studios, reception days, a year of
** activities up to now and four weeks of planned ones, and requests, for the committees and
** members already loaded (inside the caller's transaction). scale is the demo's (0: small).
** Returns false with a Chinese message in err (256 bytes). */
bool demo_contact_load(struct db *db, uint64_t seed, int64_t scale, int64_t now, char *err);

#endif
