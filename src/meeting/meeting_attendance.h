/* src/meeting/meeting_attendance.h: sittings, sign-in and attendance of a meeting (issue 19,
** part C) as the other files of the module and the points module see them.
**
** A meeting is held in sittings (会次, half-days). A member invitee signs in to a sitting by
** scanning the rotating code on the venue's screen (meeting_sitting.c), or staff sign the member
** in by hand with a reason; a member may sign out. Attendance is counted over the sittings held:
** a member attended a sitting from the later of the sign-in and its start to the earlier of the
** sign-out and its end; present from two-thirds of the sittings' time on (meeting_attendance_of),
** else excused with an approved leave, else absent (meeting_attendance.c). Live figures count who
** is signed in to the current sitting. The big screen (meeting_screen.c) shows them without a
** login, by a display token; the points a meeting earns (meeting_points.c) are derived when it
** closes. */
#ifndef LVZHI_MEETING_ATTENDANCE_H
#define LVZHI_MEETING_ATTENDANCE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/label.h"
#include "meeting/meeting_rules.h"

struct db;
struct entity_ctx;

/* A sitting's sign-in opens this long before its start and closes at its end. */
#define MEETING_SIGNIN_EARLY 3600

extern const struct label meeting_attendances[]; /* "meeting.attendance" */
extern const struct label meeting_signin_ways[]; /* "meeting.signin_way": scan, staff */

/* The seconds of sitting [start, end) attended by a member signed in at in and signed out at out
** (out <= 0: not signed out): from max(in, start) to min(out, end); 0 when that is empty. */
int64_t meeting_attended_seconds(int64_t start, int64_t end, int64_t in, int64_t out);

/* The sign-in code key of the installation: a subkey of its secret key for this purpose alone
** (secret_subkey, context "lvzhimtg", id 1). */
void meeting_code_key(const unsigned char *secret, unsigned char key[32]);

/* The sitting of meeting id whose sign-in is open at now (the latest to start of those whose
** [start - MEETING_SIGNIN_EARLY, end] holds now), else the latest that has started, else 0. */
int64_t meeting_current_sitting(struct db *db, int64_t meeting_id, int64_t now);

/* The live figures of a meeting at now: the members invited (role member), those signed in to the
** current sitting and not signed out, those excused (approved leave, not present), the rest
** absent, and whether the present make a quorum. */
struct meeting_figures {
  int64_t sitting_id;
  int members, present, excused, absent;
  bool quorum;
};
bool meeting_live_figures(struct db *db, int64_t meeting_id, int64_t now,
                          struct meeting_figures *f);

/* The figures as JSON: {sitting_id, members, present, excused, absent, quorum}. */
json_t *meeting_figures_json(const struct meeting_figures *f);

/* Calls fn for each member invitee (role member) of meeting id with its attendance by the
** two-thirds rule over the sittings held by now (closed_at when closed; a sitting is held once it
** started), its seconds attended of the seconds held, and whether it had approved leave. With a
** committee path range [path, path_hi) only the members of that subtree. False on a database
** error. */
typedef void (*meeting_attendance_fn)(void *arg, int64_t member_id, enum meeting_attendance a,
                                      int64_t attended, int64_t held);
bool meeting_attendance_each(struct db *db, int64_t meeting_id, int64_t now, const char *path,
                             const char *path_hi, meeting_attendance_fn fn, void *arg);

/* GET /api/v1/meetings/{id}/attendance's body: the live figures, the totals by the rule and each
** invitee (members and attendees with a member record) with its sign-ins. NULL with ctx->err. */
json_t *meeting_attendance(struct entity_ctx *ctx, int64_t id);

/* The live snapshot of meeting id for its streams and the big screen: {status, attendance,
** speaker, vote, last_vote}; speaker and votes straight from meeting_speeches and meeting_votes
** (vote: the open one with its count only, never its running result, else the last closed one
** with its result). NULL when there is no such meeting. */
json_t *meeting_live_json(struct db *db, int64_t meeting_id, int64_t now, bool en);

/* meeting_live_json as compact JSON text (malloc'd), the snapshot of the meeting's streams
** (sse_snapshot_fn); NULL when there is no such meeting. */
char *meeting_live_snapshot(struct db *db, int64_t meeting_id);

/* The points events of closed (or archived) meetings: meeting id alone (id > 0), or those that
** started in [from, to) (id 0); only members of the committee subtree [path, path_hi) when path
** is not NULL. Per member: attendance "<plenary|standing|meeting>.<present|excused|absent>" with
** the minutes attended of the minutes held, at most one speech ("speech.plenary" or
** "speech.other": an oral speech delivered or a written one handed in) and one "meeting.vote"
** when it took part in a vote; at the meeting's start. False on a database error. */
typedef void (*meeting_points_fn)(void *arg, int64_t member_id, const char *event,
                                  int64_t meeting_id, int64_t at, int num, int den);
bool meeting_points_events(struct db *db, int64_t id, int64_t from, int64_t to, const char *path,
                           const char *path_hi, meeting_points_fn fn, void *arg);

/* The meeting workflow's after-step: the points of meeting id once it is closed. */
bool meeting_points_after(struct entity_ctx *ctx, int64_t id);

#endif
