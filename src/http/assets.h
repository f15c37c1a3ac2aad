/* src/http/assets.h: the web app, compiled into the binary (scripts/embed-assets.mjs makes
** the table from web/dist). */
#ifndef LVZHI_ASSETS_H
#define LVZHI_ASSETS_H
#include <stdbool.h>

struct asset {
  const char *path; /* "/assets/index-3f2a.js" */
  const char *content_type;
  unsigned offset, length; /* of the stored bytes in assets_blob */
  unsigned raw_length;     /* before compression */
  int gzip;                /* stored gzip-compressed */
  const char *etag;
};

extern const unsigned char *const assets_blob;
extern const struct asset assets_table[];
extern const int assets_count;

struct request;

/* Answers a GET for a path outside the API from the embedded web app: the file itself, or the
** console's or the mobile app's index.html for the app's own routes. Sends gzip to clients that
** take it, an ETag (304 on If-None-Match), and a year of caching for hashed files under
** /assets/. Returns false when the path is not the web app's (the caller answers 404). */
bool assets_serve(struct request *rq);

#endif
