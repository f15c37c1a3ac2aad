/* src/base/idcard.h: the 18-character resident identity number (居民身份证号码, GB 11643). */
#ifndef LVZHI_IDCARD_H
#define LVZHI_IDCARD_H
#include <stdbool.h>
#include <stdint.h>

/* Returns the check character ('0'..'9' or 'X') for the first 17 digits of id. */
char idcard_check_digit(const char *id17);

/* Returns NULL when id is a well-formed number: 17 digits, a real birth date in positions
** 7-14 (1900 up to today), and the right check character (upper- or lower-case x accepted).
** Otherwise returns a Chinese message saying what is wrong. */
const char *idcard_validate(const char *id);

/* idcard_validate with "today" taken as the CST date of the UTC time now (for tests and
** for checking against a fixed day). */
const char *idcard_validate_at(const char *id, int64_t now);

/* Writes the masked form into out (19 bytes): the first 6 characters (the address code, the
** county where the number was issued) kept, the other 12 starred, e.g. "620102************".
** A string that is not 18 bytes long is masked whole. Returns out.
**
** Why these 6 and no more. The mask is stored in clear beside the sealed number, and the
** database holds in clear the member's gender and birth year (never the birth date: it is
** sealed too, see src/member/member.c). Someone holding the mask and those columns lacks the
** month and day of birth (365 or 366 dates of the year), the two free digits of the sequence
** number (100) and its last digit, whose parity the gender gives (5): 365 × 100 × 5 = 182,500
** numbers fit, and the check character follows from the other 17, so it tells nothing. None
** of them can be tried without the installation key: the duplicate lookup stores a keyed
** BLAKE2b (secret_hash), and the sealed value is XChaCha20-Poly1305 under the same key. Every
** digit shown after the sixth would cut that number: the check character alone by 11, the last
** four (the old mask, 620102********1233) down to the 365 dates of the year, and with the birth
** date in clear beside it (as it was) to the one number. */
char *idcard_mask(const char *id, char *out);

#endif
