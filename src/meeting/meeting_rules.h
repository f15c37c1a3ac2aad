/* src/meeting/meeting_rules.h: the rules of procedure of a meeting (issue 19), apart from any
** storage so that they are tested alone: the quorum to open, a motion's result against all
** members of the body, an election's result, a ballot's validity, attendance by the two-thirds
** rule, and the rotating sign-in code shown on the venue's screen.
**
** From the CPPCC Charter and the usual rules of procedure (DOMAIN.md, Meetings): a plenary or
** standing-committee meeting opens with more than half of its members present; a resolution
** passes with more than half of ALL members of the body (全体委员过半数), not of those present;
** in an election a voter marks at most as many candidates as there are seats, and a candidate
** needs more than half of the ballots cast to be elected; attending under two-thirds of a
** meeting counts as absent; an approved leave is excused. */
#ifndef LVZHI_MEETING_RULES_H
#define LVZHI_MEETING_RULES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether present members of a body of members make a quorum (more than half). */
bool meeting_quorum(int members, int present);

/* Whether a motion passes: more than half of all members of the body voted yes (abstentions
** and absences count as not yes). */
bool meeting_motion_passes(int members, int yes);

/* Whether a ballot marking `marked` candidates is valid in an election for `seats` seats (none
** marked is a valid blank ballot; more than the seats is invalid). */
bool meeting_ballot_valid(int seats, int marked);

/* One candidate's count, and what meeting_election_result decides for it. */
struct meeting_candidate {
  int64_t id;
  int votes;
  bool elected;
  bool tied; /* at the last seat with another candidate of the same count: neither elected */
};

/* Decides an election for `seats` seats over n candidates from `ballots` valid ballots cast:
** candidates are taken by votes, most first, while seats remain, each needing more than half
** of the ballots; when candidates of the same count compete for the last seats, none of them
** is elected (tied is set: a further round decides). Returns how many were elected. */
int meeting_election_result(int seats, int ballots, struct meeting_candidate *c, size_t n);

/* A member's attendance of a meeting. */
enum meeting_attendance { MEETING_ABSENT, MEETING_EXCUSED, MEETING_PRESENT };

/* Attendance from the seconds attended of the meeting's seconds in session: present from
** two-thirds on; else excused when leave was approved, absent otherwise. */
enum meeting_attendance meeting_attendance_of(int64_t attended, int64_t in_session,
                                              bool leave_approved);

/* The sign-in code's period: it changes every 30 seconds. */
#define MEETING_CODE_SECONDS 30

/* The sign-in code of a meeting sitting (a half-day session) at time now: 8 characters of
** [A-Z2-9] from a keyed BLAKE2b of the sitting and the 30-second step, written to out[9]. */
void meeting_signin_code(const unsigned char key[32], int64_t sitting, int64_t now, char out[9]);

/* Whether code is the sitting's code of the current step or of the one before (a scan takes a
** moment), at time now; a code photographed a minute ago no longer works. */
bool meeting_signin_code_valid(const unsigned char key[32], int64_t sitting, int64_t now,
                               const char *code);

#endif
