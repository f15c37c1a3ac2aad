/* src/demo/demo_points.h: the demo's meetings and speeches, and the year's points. */
#ifndef LVZHI_DEMO_POINTS_H
#define LVZHI_DEMO_POINTS_H
#include <stdbool.h>
#include <stdint.h>
#include "db/db.h"

/* Records each committee's plenary session (every active member, most present, some excused,
** absent or present for under two thirds of it) and four standing-committee meetings for the
** standing members, but for committee meetings_of, whose meetings are meeting records
** (demo_meeting.h), a topical consultation meeting for about a third, and speeches (the
** plenary's but those of committee meetings_of); then
** computes the points of the year of now (and of the year of the plenary when that is the year
** before) for the whole tree. Inside the caller's transaction. Returns false with a Chinese
** message in err (256 bytes). */
bool demo_points_load(struct db *db, int64_t meetings_of, int64_t now, char *err);

#endif
