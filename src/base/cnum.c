/* src/base/cnum.c: Chinese numerals and their forms, see cnum.h. */
#include "cnum.h"
#include <stdio.h>
#include <string.h>

static const char *const digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

char *cnum_int(int64_t v, char *out, size_t n) {
  if (!n) return out;
  if (v < 0 || v > 99) {
    snprintf(out, n, "%lld", (long long)v);
    return out;
  }
  int tens = (int)(v / 10), ones = (int)(v % 10);
  if (v < 10)
    snprintf(out, n, "%s", digit[v]);
  else
    snprintf(out, n, "%s十%s", tens > 1 ? digit[tens] : "", ones ? digit[ones] : "");
  return out;
}

char *cnum_term(int64_t v, char *out, size_t n) {
  char num[32];
  if (!n) return out;
  if (v < 1)
    out[0] = 0;
  else
    snprintf(out, n, "第%s届", cnum_int(v, num, sizeof num));
  return out;
}

char *cnum_quarter(int q, char *out, size_t n) {
  if (!n) return out;
  if (q < 1 || q > 4)
    out[0] = 0;
  else
    snprintf(out, n, "第%s季度", digit[q]);
  return out;
}

char *cnum_term_en(int64_t v, char *out, size_t n) {
  if (!n) return out;
  if (v < 1) {
    out[0] = 0;
    return out;
  }
  int t = (int)(v % 100), u = (int)(v % 10);
  const char *suf = t >= 11 && t <= 13 ? "th"
                    : u == 1           ? "st"
                    : u == 2           ? "nd"
                    : u == 3           ? "rd"
                                       : "th";
  snprintf(out, n, "%lld%s term", (long long)v, suf);
  return out;
}

char *cnum_quarter_en(int q, char *out, size_t n) {
  if (!n) return out;
  if (q < 1 || q > 4)
    out[0] = 0;
  else
    snprintf(out, n, "Q%d", q);
  return out;
}

char *cnum_case_number(const char *session, int64_t serial, int en, char *out, size_t n) {
  if (!n) return out;
  out[0] = 0;
  if (serial < 1) return out;
  const char *s = session ? session : "";
  if (en) {
    if (*s)
      snprintf(out, n, "No. %lld, %s", (long long)serial, s);
    else
      snprintf(out, n, "No. %lld", (long long)serial);
    return out;
  }
  size_t len = strlen(s);
  static const char di[] = "第", hui[] = "会议";
  if (len >= sizeof di - 1 && !memcmp(s, di, sizeof di - 1) && len > sizeof di - 1)
    s += sizeof di - 1, len -= sizeof di - 1;
  if (len > sizeof hui - 1 && !memcmp(s + len - (sizeof hui - 1), hui, sizeof hui - 1))
    len -= sizeof hui - 1;
  while (len && s[len - 1] == ' ') len--;
  while (len && *s == ' ') s++, len--;
  if (len)
    snprintf(out, n, "%.*s 第%lld号", (int)len, s, (long long)serial);
  else
    snprintf(out, n, "第%lld号", (long long)serial);
  return out;
}
