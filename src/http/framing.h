/* src/http/framing.h: checks of a request's framing and media type that h2o 2.2 leaves to the
** application. Pure functions over bytes; server.c applies them. */
#ifndef LVZHI_FRAMING_H
#define LVZHI_FRAMING_H
#include <stdbool.h>
#include <stddef.h>

enum framing {
  FRAMING_OK,                 /* at most one of Content-Length and Transfer-Encoding, once */
  FRAMING_DUPLICATE_LENGTH,   /* Content-Length more than once */
  FRAMING_DUPLICATE_ENCODING, /* Transfer-Encoding more than once */
  FRAMING_LENGTH_AND_ENCODING /* both Content-Length and Transfer-Encoding */
};

/* Reads the head of an HTTP/1 request in buf[0..len) (the request line, then header lines up
** to the empty line or the end of buf) and says whether its body is framed one way only. h2o
** takes the first Content-Length, or Transfer-Encoding over it, and keeps neither among the
** request's headers: a second one would go unseen and the rest of the body would be read as
** another request. */
enum framing framing_check(const char *buf, size_t len);

/* Whether the Content-Type value ct is the media type type ("application/json"), in any case,
** alone or followed by parameters ("application/json; charset=utf-8"); false for NULL and for
** a longer type ("application/jsonx"). */
bool media_type_is(const char *ct, const char *type);

#endif
