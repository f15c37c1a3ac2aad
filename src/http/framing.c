/* src/http/framing.c: a request's framing and media type (see framing.h). */
#include "framing.h"
#include <string.h>
#include <strings.h>

static bool name_is(const char *p, size_t n, const char *name) {
  return n == strlen(name) && !strncasecmp(p, name, n);
}

enum framing framing_check(const char *buf, size_t len) {
  const char *end = buf + len;
  const char *p = memchr(buf, '\n', len); /* past the request line */
  int lengths = 0, encodings = 0;
  while (p && ++p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r') n--;
    if (n == 0) break; /* the empty line: the head ends */
    const char *colon = memchr(p, ':', n);
    if (colon) {
      size_t nl = (size_t)(colon - p);
      if (name_is(p, nl, "content-length")) lengths++;
      if (name_is(p, nl, "transfer-encoding")) encodings++;
    }
    p = eol;
  }
  if (lengths && encodings) return FRAMING_LENGTH_AND_ENCODING;
  if (lengths > 1) return FRAMING_DUPLICATE_LENGTH;
  if (encodings > 1) return FRAMING_DUPLICATE_ENCODING;
  return FRAMING_OK;
}

bool media_type_is(const char *ct, const char *type) {
  size_t n = strlen(type);
  if (!ct || strncasecmp(ct, type, n)) return false;
  const char *p = ct + n;
  while (*p == ' ' || *p == '\t') p++;
  return *p == 0 || *p == ';';
}
