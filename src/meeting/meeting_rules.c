/* src/meeting/meeting_rules.c: the rules of procedure (meeting_rules.h). */
#include "meeting/meeting_rules.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

bool meeting_quorum(int members, int present) {
  return members > 0 && present >= 0 && 2 * (int64_t)present > members;
}

bool meeting_motion_passes(int members, int yes) {
  return members > 0 && yes >= 0 && 2 * (int64_t)yes > members;
}

bool meeting_ballot_valid(int seats, int marked) {
  return seats > 0 && marked >= 0 && marked <= seats;
}

/* Most votes first; the same count by id, so that the order is stable. */
static int by_votes(const void *a, const void *b) {
  const struct meeting_candidate *x = a, *y = b;
  if (x->votes != y->votes) return x->votes > y->votes ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

int meeting_election_result(int seats, int ballots, struct meeting_candidate *c, size_t n) {
  for (size_t i = 0; i < n; i++) c[i].elected = c[i].tied = false;
  if (seats <= 0 || ballots <= 0 || n == 0) return 0;
  qsort(c, n, sizeof *c, by_votes);
  int elected = 0;
  for (size_t i = 0; i < n && elected < seats;) {
    if (2 * (int64_t)c[i].votes <= ballots) break; /* no majority: neither this nor the rest */
    size_t j = i;                                  /* the candidates of this count */
    while (j < n && c[j].votes == c[i].votes) j++;
    if (elected + (int)(j - i) <= seats) {
      for (size_t k = i; k < j; k++) c[k].elected = true;
      elected += (int)(j - i);
    } else {
      for (size_t k = i; k < j; k++) c[k].tied = true;
      break;
    }
    i = j;
  }
  return elected;
}

enum meeting_attendance meeting_attendance_of(int64_t attended, int64_t in_session,
                                              bool leave_approved) {
  if (in_session > 0 && attended > 0 && 3 * attended >= 2 * in_session) return MEETING_PRESENT;
  return leave_approved ? MEETING_EXCUSED : MEETING_ABSENT;
}

/* The code of the sitting at 30-second step `step`. */
static void code_at(const unsigned char key[32], int64_t sitting, int64_t step, char out[9]) {
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; /* no I, O, 0, 1 */
  unsigned char msg[16], mac[8];
  for (int i = 0; i < 8; i++) {
    msg[i] = (unsigned char)((uint64_t)sitting >> (8 * i));
    msg[8 + i] = (unsigned char)((uint64_t)step >> (8 * i));
  }
  crypto_generichash(mac, sizeof mac, msg, sizeof msg, key, 32);
  for (int i = 0; i < 8; i++) out[i] = alphabet[mac[i] & 31];
  out[8] = 0;
}

void meeting_signin_code(const unsigned char key[32], int64_t sitting, int64_t now, char out[9]) {
  code_at(key, sitting, now / MEETING_CODE_SECONDS, out);
}

bool meeting_signin_code_valid(const unsigned char key[32], int64_t sitting, int64_t now,
                               const char *code) {
  if (!code || strlen(code) != 8) return false;
  int64_t step = now / MEETING_CODE_SECONDS;
  for (int64_t s = step; s >= step - 1; s--) {
    char want[9];
    code_at(key, sitting, s, want);
    if (sodium_memcmp(want, code, 8) == 0) return true;
  }
  return false;
}
