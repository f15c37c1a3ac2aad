/* src/base/phone.h: telephone numbers as lists show them. */
#ifndef LVZHI_PHONE_H
#define LVZHI_PHONE_H
#include <stdbool.h>
#include <stddef.h>

/* The longest number a record takes (FT_PHONE: 5 to 20 characters). */
#define PHONE_MAX 20

/* Writes the masked form of phone into out (size bytes; PHONE_MAX + 1 is always enough for a
** number a record took): every character that is not a digit kept, the digits starred but for
** the first 3 and the last 4 of a number of 11 digits or more ("139****5678", "093*-***4567"),
** or the last 2 of a shorter one ("*****67"), so that at least 4 digits are always hidden. NULL
** or "" gives "". A longer string is cut to size - 1 bytes first. Returns out.
**
** The mask is stored in clear beside the sealed number (secret_seal) for lists; it leaves
** 10,000 numbers for a mobile number, and no stored value lets one be tried without the key:
** phones get no hash, since nothing looks a record up by phone. */
char *phone_mask(const char *phone, char *out, size_t size);

/* Whether phone reads as a telephone number a record takes: 5 to PHONE_MAX characters, digits,
** '-', '+' and spaces only (FT_PHONE fields and the contact phone of a proposal's reply). */
bool phone_valid(const char *phone);

#endif
