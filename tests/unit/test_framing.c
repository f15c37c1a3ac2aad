/* tests/unit/test_framing.c: a request's framing (Content-Length, Transfer-Encoding) and media
** types, as src/http/framing.c reads them. */
#include "http/framing.h"
#include <criterion/criterion.h>
#include <string.h>

#define CHECK(lit) framing_check(lit, sizeof(lit) - 1)

Test(framing, one_way_of_framing_is_ok) {
  cr_expect_eq(CHECK("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), FRAMING_OK);
  cr_expect_eq(CHECK("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"), FRAMING_OK);
  cr_expect_eq(
      CHECK("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
      FRAMING_OK);
  cr_expect_eq(CHECK("POST / HTTP/1.1\nContent-Length: 2\n\nhi"), FRAMING_OK, "bare LF");
  /* only the head counts: a body that looks like headers is not read */
  cr_expect_eq(CHECK("POST / HTTP/1.1\r\nContent-Length: 19\r\n\r\nContent-Length: 1\r\n"),
               FRAMING_OK);
  cr_expect_eq(CHECK("GET / HTTP/1.1\r\nX-Content-Length: 1\r\nContent-Lengthy: 2\r\n\r\n"),
               FRAMING_OK, "other names");
}

Test(framing, duplicates_and_both_are_refused) {
  cr_expect_eq(CHECK("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 30\r\n\r\nhello"),
               FRAMING_DUPLICATE_LENGTH);
  cr_expect_eq(CHECK("POST / HTTP/1.1\r\ncontent-length: 5\r\nCONTENT-LENGTH: 5\r\n\r\nhello"),
               FRAMING_DUPLICATE_LENGTH, "any case, even the same value");
  cr_expect_eq(CHECK("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
               FRAMING_LENGTH_AND_ENCODING);
  cr_expect_eq(CHECK("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"),
               FRAMING_LENGTH_AND_ENCODING);
  cr_expect_eq(CHECK("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
                     "chunked\r\n\r\n"),
               FRAMING_DUPLICATE_ENCODING);
}

Test(framing, media_types) {
  cr_expect(media_type_is("application/json", "application/json"));
  cr_expect(media_type_is("Application/JSON", "application/json"));
  cr_expect(media_type_is("application/json; charset=utf-8", "application/json"));
  cr_expect(media_type_is("application/json;charset=UTF-8", "application/json"));
  cr_expect(media_type_is("application/json ; charset=utf-8", "application/json"));
  cr_expect_not(media_type_is("application/jsonx", "application/json"));
  cr_expect_not(media_type_is("application/json-patch+json", "application/json"));
  cr_expect_not(media_type_is("application/jso", "application/json"));
  cr_expect_not(media_type_is("text/json", "application/json"));
  cr_expect_not(media_type_is("", "application/json"));
  cr_expect_not(media_type_is(NULL, "application/json"));
  cr_expect(media_type_is("text/csv; charset=utf-8", "text/csv"));
  cr_expect_not(media_type_is("text/csvx", "text/csv"));
}
