/* src/demo/demo_meeting.h: the demo's meetings (issue 19): the year's plenary session of the
** provincial committee and four standing-committee meetings, as real meeting records. */
#ifndef LVZHI_DEMO_MEETING_H
#define LVZHI_DEMO_MEETING_H
#include <stdbool.h>
#include <stdint.h>
#include "db/db.h"

/* The day of the demo's plenary session, and of its four standing-committee meetings after it
** (demo_points.c dates its duty records of the other committees the same way). */
#define DEMO_DAY               86400
#define DEMO_PLENARY_AGO       (300 * DEMO_DAY)
#define DEMO_STANDING_AFTER(i) (((i)*75 + 30) * DEMO_DAY)

/* Records, for committee (the provincial one), closed meetings with everything a held meeting
** has: the plenary session (every active member invited, three sittings over two days, most
** signed in by scanning and a few by staff, some on approved leave, a few absent, some leaving
** early; speeches registered, selected, delivered and written; a closed secret vote on the
** political resolution with its counts and result) and four standing-committee meetings (the
** standing members, two sittings, leave and absences, a named vote each). Who does what is a
** fixed function of the member id, so the demo is the same on both engines and every run; the
** SQL inserts a whole group at once. organiser is the staff account that runs them. Inside the
** caller's transaction. Returns false with a Chinese message in err (256 bytes). */
bool demo_meeting_load(struct db *db, int64_t committee, int64_t organiser, int64_t now, char *err);

#endif
