/* src/base/phone.c: telephone numbers, see phone.h. */
#include "phone.h"
#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }

char *phone_mask(const char *phone, char *out, size_t size) {
  if (!size) return out;
  size_t len = phone ? strnlen(phone, size - 1) : 0;
  int digits = 0;
  for (size_t i = 0; i < len; i++) digits += is_digit(phone[i]);
  int head = digits >= 11 ? 3 : 0;
  int tail = digits >= 11 ? 4 : digits - 4 > 2 ? 2 : digits - 4 > 0 ? digits - 4 : 0;
  int k = 0; /* digits seen so far */
  for (size_t i = 0; i < len; i++) {
    char c = phone[i];
    if (is_digit(c)) {
      out[i] = k < head || k >= digits - tail ? c : '*';
      k++;
    } else
      out[i] = c;
  }
  out[len] = 0;
  return out;
}

bool phone_valid(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n < 5 || n > PHONE_MAX) return false;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == ' ')) return false;
  return true;
}
