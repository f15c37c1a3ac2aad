/* tests/unit/test_meeting_attendance.c: the seconds a member attended of a sitting
** (src/meeting/meeting_attendance.c) — from the later of the sign-in and the start to the earlier
** of the sign-out and the end — and the two-thirds rule over two half-day sittings with it. */
#include "meeting/meeting_attendance.h"
#include <criterion/criterion.h>

Test(meeting_attendance, a_sitting_counts_from_the_later_start_to_the_earlier_end) {
  /* 09:00–12:00 as seconds 0..10800 */
  cr_expect_eq(meeting_attended_seconds(0, 10800, -600, 0), 10800, "early and not signed out");
  cr_expect_eq(meeting_attended_seconds(0, 10800, 1800, 0), 9000, "half an hour late");
  cr_expect_eq(meeting_attended_seconds(0, 10800, 0, 3600), 3600, "left after an hour");
  cr_expect_eq(meeting_attended_seconds(0, 10800, 1800, 20000), 9000, "signed out after the end");
  cr_expect_eq(meeting_attended_seconds(0, 10800, 11000, 0), 0, "came after the end");
  cr_expect_eq(meeting_attended_seconds(0, 10800, 3600, 1800), 0, "out before in: nothing");
}

Test(meeting_attendance, two_sittings_under_two_thirds_count_as_absent_unless_excused) {
  int64_t held = 2 * 10800;
  /* the morning whole, the afternoon's first hour: 14400 of 21600 is exactly two-thirds */
  int64_t a =
      meeting_attended_seconds(0, 10800, 0, 0) + meeting_attended_seconds(0, 10800, 0, 3600);
  cr_expect_eq(meeting_attendance_of(a, held, false), MEETING_PRESENT);
  /* one second less is under two-thirds */
  a = meeting_attended_seconds(0, 10800, 0, 0) + meeting_attended_seconds(0, 10800, 1, 3600);
  cr_expect_eq(meeting_attendance_of(a, held, false), MEETING_ABSENT);
  cr_expect_eq(meeting_attendance_of(a, held, true), MEETING_EXCUSED, "approved leave: excused");
  cr_expect_eq(meeting_attendance_of(0, 0, false), MEETING_ABSENT, "no sitting held yet");
}
