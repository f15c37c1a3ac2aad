/* src/base/json_write.c: a JSON object written straight into a buffer, see json_write.h. */
#include "json_write.h"
#include <string.h>
#include "base/utf8.h"

void jw_key(struct jw *w, const char *key) {
  buf_puts(w->b, w->first ? "{\"" : ",\"");
  w->first = false;
  buf_puts(w->b, key);
  buf_puts(w->b, "\":");
}

void jw_str(struct jw *w, const char *key, const char *s) {
  struct buf *b = w->b;
  size_t mark = b->len;
  bool first = w->first;
  jw_key(w, key);
  buf_putc(b, '"');
  const char *run = s, *p = s, *end = s + strlen(s);
  while (p < end) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x80) {
      int n;
      if (utf8_decode(p, (size_t)(end - p), &n) < 0) { /* not UTF-8: no member at all */
        b->len = mark;
        b->data[mark] = 0;
        w->first = first;
        return;
      }
      p += n;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      p++;
      continue;
    }
    buf_append(b, run, (size_t)(p - run));
    run = ++p;
    switch (c) {
    case '"':
      buf_puts(b, "\\\"");
      break;
    case '\\':
      buf_puts(b, "\\\\");
      break;
    case '\b':
      buf_puts(b, "\\b");
      break;
    case '\f':
      buf_puts(b, "\\f");
      break;
    case '\n':
      buf_puts(b, "\\n");
      break;
    case '\r':
      buf_puts(b, "\\r");
      break;
    case '\t':
      buf_puts(b, "\\t");
      break;
    default:
      buf_printf(b, "\\u%04X", c);
      break;
    }
  }
  buf_append(b, run, (size_t)(p - run));
  buf_putc(b, '"');
}

void jw_raw(struct jw *w, const char *key, const char *v) {
  jw_key(w, key);
  buf_puts(w->b, v);
}

void jw_int(struct jw *w, const char *key, int64_t v) {
  char t[24], *p = t + sizeof t - 1;
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  *p = 0;
  do *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0) *--p = '-';
  jw_raw(w, key, p);
}
