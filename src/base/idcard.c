/* src/base/idcard.c: resident identity numbers (GB 11643-1999), see idcard.h. */
#include "idcard.h"
#include "timeutil.h"
#include <string.h>

#define ID_LEN 18

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Returns '\0' when one of the first 17 characters is not a digit (it reads no further
** than the first non-digit, so a short string is safe). */
char idcard_check_digit(const char *id17) {
  static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; i++) {
    if (!is_digit(id17[i])) return 0;
    sum += weight[i] * (id17[i] - '0');
  }
  return "10X98765432"[sum % 11];
}

const char *idcard_validate(const char *id) { return idcard_validate_at(id, time_now()); }

const char *idcard_validate_at(const char *id, int64_t now) {
  if (!id || strnlen(id, ID_LEN + 1) != ID_LEN) return "身份证号应为18位";
  for (int i = 0; i < 17; i++)
    if (!is_digit(id[i])) return "身份证号前17位应为数字";
  char birth[11], today[11];
  memcpy(birth, id + 6, 4);
  birth[4] = '-';
  memcpy(birth + 5, id + 10, 2);
  birth[7] = '-';
  memcpy(birth + 8, id + 12, 2);
  birth[10] = 0;
  time_cst_date(now, today);
  /* date_valid already rules out years before 1900; equal-length dates compare as strings */
  if (!date_valid(birth) || strcmp(birth, today) > 0) return "身份证号中的出生日期无效";
  char check = id[17] == 'x' ? 'X' : id[17];
  if (check != idcard_check_digit(id)) return "身份证号校验位错误";
  return NULL;
}

/* NULL is masked as the empty string; a string of another length becomes as many '*' as it
** has bytes, at most 18. */
char *idcard_mask(const char *id, char *out) {
  size_t n = id ? strnlen(id, ID_LEN + 1) : 0;
  if (n == ID_LEN) {
    memcpy(out, id, 6);
    memset(out + 6, '*', ID_LEN - 6);
  } else {
    if (n > ID_LEN) n = ID_LEN;
    memset(out, '*', n);
  }
  out[n] = 0;
  return out;
}
