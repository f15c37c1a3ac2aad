/* src/base/json_write.h: a JSON object written straight into a buffer, byte for byte as jansson's
** json_dumps would write it (compact; strings escaped as jansson escapes them), for a hot read
** that would otherwise build a jansson tree only to dump it (the member read). */
#ifndef LVZHI_JSON_WRITE_H
#define LVZHI_JSON_WRITE_H
#include <stdbool.h>
#include <stdint.h>
#include "base/buf.h"

/* A JSON object being written: a comma before every member but the first. Start with
** {buf, true}; end with buf_putc(buf, '}') (after at least one member). */
struct jw {
  struct buf *b;
  bool first;
};

/* The key of the next member ("{" before the first, "," before the others). */
void jw_key(struct jw *w, const char *key);

/* A string member, escaped as jansson escapes (", \\, control characters; nothing else); a
** value that is not well-formed UTF-8 (jansson's rule: utf8_decode's) leaves the member out,
** as json_string's NULL does. */
void jw_str(struct jw *w, const char *key, const char *s);

/* A member whose value is written as given (null, true, false, a number). */
void jw_raw(struct jw *w, const char *key, const char *v);

/* An integer member. */
void jw_int(struct jw *w, const char *key, int64_t v);

#endif
