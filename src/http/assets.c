/* src/http/assets.c: serving the embedded web app, see assets.h. */
#include "assets.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "request.h"

static const struct asset *find(const char *path) {
  for (int i = 0; i < assets_count; i++)
    if (!strcmp(assets_table[i].path, path)) return &assets_table[i];
  return NULL;
}

static const char not_built[] =
    "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>lvzhi 履职平台</title>"
    "<body style=\"font-family:sans-serif;margin:3em\"><h1>lvzhi 履职平台</h1>"
    "<p>网页端尚未构建：请在源码目录运行 <code>make</code>（需要 Node.js 与 npm）。</p>"
    "<p>The web app is not built: run <code>make</code> in the source tree.</p>"
    "<p>API: <a href=\"/api/v1/health\">/api/v1/health</a></p></body></html>";

bool assets_serve(struct request *rq) {
  const char *p = rq->path;
  if (!strncmp(p, "/api/", 5) || !strcmp(p, "/api") || !strcmp(p, "/metrics")) return false;
  const struct asset *a = find(p);
  if (!a && !strncmp(p, "/assets/", 8)) return false; /* a missing hashed file is a 404 */
  if (!a) {
    /* the apps' own routes: /m/... is the mobile app, the rest the console */
    a = find(!strcmp(p, "/m") || !strncmp(p, "/m/", 3) ? "/m/index.html" : "/index.html");
  }
  if (!a) {
    reply_bytes(rq, 200, "text/html; charset=utf-8", not_built, sizeof not_built - 1, NULL);
    return true;
  }
  bool hashed = !strncmp(a->path, "/assets/", 8);
  reply_header(rq, "cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  reply_header(rq, "etag", a->etag);
  reply_header(rq, "vary", "accept-encoding");
  const char *inm = request_header(rq, "if-none-match");
  if (inm && strstr(inm, a->etag)) {
    reply_bytes(rq, 304, NULL, "", 0, NULL);
    return true;
  }
  const unsigned char *data = assets_blob + a->offset;
  const char *ae = request_header(rq, "accept-encoding");
  if (!a->gzip || (ae && strstr(ae, "gzip"))) {
    if (a->gzip) reply_header(rq, "content-encoding", "gzip");
    reply_bytes(rq, 200, a->content_type, data, a->length, NULL);
    return true;
  }
  /* a client without gzip: inflate into the request's arena */
  unsigned char *raw = arena_alloc(rq->arena, a->raw_length + 1);
  z_stream z = {0};
  inflateInit2(&z, 16 + MAX_WBITS);
  z.next_in = (unsigned char *)data;
  z.avail_in = a->length;
  z.next_out = raw;
  z.avail_out = a->raw_length;
  int rc = inflate(&z, Z_FINISH);
  inflateEnd(&z);
  if (rc != Z_STREAM_END) {
    reply_db_error(rq);
    return true;
  }
  reply_bytes(rq, 200, a->content_type, raw, a->raw_length, NULL);
  return true;
}
