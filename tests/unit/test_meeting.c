/* tests/unit/test_meeting.c: the rules of procedure of meetings (src/meeting/meeting_rules.c):
** the quorum, a motion against all members (not those present), ties and abstentions, ballots,
** elections (等额 and 差额, majority of ballots, ties at the last seat), attendance by the
** two-thirds rule with and without leave, and the sign-in code's expiry. */
#include "meeting/meeting_rules.h"
#include <criterion/criterion.h>
#include <string.h>

Test(meeting_rules, quorum_is_more_than_half_of_the_members) {
  cr_assert_not(meeting_quorum(500, 250), "half is not more than half");
  cr_assert(meeting_quorum(500, 251));
  cr_assert(meeting_quorum(501, 251));
  cr_assert_not(meeting_quorum(501, 250));
  cr_assert_not(meeting_quorum(0, 0), "a body without members never sits");
}

Test(meeting_rules, a_motion_needs_more_than_half_of_all_members_not_of_those_present) {
  /* 500 members, 300 present: 200 yes is a majority of those present but not of all */
  cr_assert_not(meeting_motion_passes(500, 200));
  cr_assert_not(meeting_motion_passes(500, 250), "a tie with the rest is not a majority");
  cr_assert(meeting_motion_passes(500, 251), "abstentions count as not yes: 251 of 500 passes");
  cr_assert_not(meeting_motion_passes(65, 32));
  cr_assert(meeting_motion_passes(65, 33));
  cr_assert_not(meeting_motion_passes(0, 0));
}

Test(meeting_rules, a_ballot_marks_at_most_as_many_as_there_are_seats) {
  cr_assert(meeting_ballot_valid(3, 0), "a blank ballot is valid");
  cr_assert(meeting_ballot_valid(3, 3));
  cr_assert_not(meeting_ballot_valid(3, 4));
  cr_assert_not(meeting_ballot_valid(0, 0));
  cr_assert_not(meeting_ballot_valid(3, -1));
}

static const struct meeting_candidate *find(const struct meeting_candidate *c, size_t n,
                                            int64_t id) {
  for (size_t i = 0; i < n; i++)
    if (c[i].id == id) return &c[i];
  cr_assert_fail("no candidate %lld", (long long)id);
  return NULL;
}

Test(meeting_rules, an_election_by_majority_of_ballots_with_more_candidates_than_seats) {
  /* 差额: 3 seats, 5 candidates, 100 ballots */
  struct meeting_candidate c[] = {{1, 80}, {2, 45}, {3, 70}, {4, 51}, {5, 90}};
  int n = meeting_election_result(3, 100, c, 5);
  cr_assert_eq(n, 3);
  cr_assert(find(c, 5, 5)->elected);
  cr_assert(find(c, 5, 1)->elected);
  cr_assert(find(c, 5, 3)->elected);
  cr_assert_not(find(c, 5, 4)->elected, "51 votes but no seat left");
  cr_assert_not(find(c, 5, 2)->elected);
}

Test(meeting_rules, a_seat_stays_empty_without_a_majority) {
  /* 等额: 2 seats, 2 candidates; one has exactly half of 100 ballots */
  struct meeting_candidate c[] = {{1, 50}, {2, 99}};
  cr_assert_eq(meeting_election_result(2, 100, c, 2), 1);
  cr_assert(find(c, 2, 2)->elected);
  cr_assert_not(find(c, 2, 1)->elected, "half of the ballots is not more than half");
  cr_assert_not(find(c, 2, 1)->tied);
}

Test(meeting_rules, a_tie_for_the_last_seat_elects_neither) {
  struct meeting_candidate c[] = {{1, 70}, {2, 60}, {3, 60}, {4, 10}};
  cr_assert_eq(meeting_election_result(2, 100, c, 4), 1);
  cr_assert(find(c, 4, 1)->elected);
  cr_assert(find(c, 4, 2)->tied);
  cr_assert(find(c, 4, 3)->tied);
  cr_assert_not(find(c, 4, 2)->elected);
  /* a tie that fits the seats elects both */
  struct meeting_candidate d[] = {{1, 70}, {2, 60}, {3, 60}};
  cr_assert_eq(meeting_election_result(3, 100, d, 3), 3);
  cr_assert(find(d, 3, 2)->elected && find(d, 3, 3)->elected);
  cr_assert_eq(meeting_election_result(2, 0, d, 3), 0, "no ballots, no one elected");
}

Test(meeting_rules, attendance_under_two_thirds_is_absent_and_leave_is_excused) {
  int64_t day = 6 * 3600; /* two half-day sittings of three hours */
  cr_assert_eq(meeting_attendance_of(day, day, false), MEETING_PRESENT);
  cr_assert_eq(meeting_attendance_of(4 * 3600, day, false), MEETING_PRESENT, "exactly 2/3");
  cr_assert_eq(meeting_attendance_of(4 * 3600 - 1, day, false), MEETING_ABSENT);
  cr_assert_eq(meeting_attendance_of(3 * 3600, day, false), MEETING_ABSENT, "one of two sittings");
  cr_assert_eq(meeting_attendance_of(0, day, true), MEETING_EXCUSED);
  cr_assert_eq(meeting_attendance_of(3 * 3600, day, true), MEETING_EXCUSED);
  cr_assert_eq(meeting_attendance_of(day, day, true), MEETING_PRESENT, "came after all");
  cr_assert_eq(meeting_attendance_of(0, 0, false), MEETING_ABSENT);
}

Test(meeting_rules, the_signin_code_rotates_and_expires) {
  unsigned char key[32] = "a key of thirty-two bytes ......";
  int64_t t = 1780000000; /* a multiple of 30 is not needed */
  char code[9], other[9], later[9];
  meeting_signin_code(key, 7, t, code);
  cr_assert_eq(strlen(code), 8);
  cr_assert(strspn(code, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789") == 8, "%s", code);
  cr_assert(meeting_signin_code_valid(key, 7, t, code));
  cr_assert(meeting_signin_code_valid(key, 7, t + MEETING_CODE_SECONDS, code),
            "the code of the step before still works");
  cr_assert_not(meeting_signin_code_valid(key, 7, t + 2 * MEETING_CODE_SECONDS, code),
                "a code a minute old does not");
  cr_assert_not(meeting_signin_code_valid(key, 7, t - MEETING_CODE_SECONDS, code),
                "nor a code from the future");
  meeting_signin_code(key, 8, t, other);
  cr_assert_str_neq(other, code, "each sitting has its own code");
  cr_assert_not(meeting_signin_code_valid(key, 8, t, code));
  meeting_signin_code(key, 7, t + 2 * MEETING_CODE_SECONDS, later);
  cr_assert_str_neq(later, code, "the code rotates");
  unsigned char key2[32] = "another key of thirty-two bytes.";
  cr_assert_not(meeting_signin_code_valid(key2, 7, t, code), "another installation's key");
  cr_assert_not(meeting_signin_code_valid(key, 7, t, "ABC"));
  cr_assert_not(meeting_signin_code_valid(key, 7, t, NULL));
}
