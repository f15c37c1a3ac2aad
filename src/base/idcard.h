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

/* Writes the masked form (first 6 and last 4 kept, e.g. "620102********123X") into out
** (19 bytes). A string that is not 18 bytes long is masked whole. Returns out. */
char *idcard_mask(const char *id, char *out);

#endif
