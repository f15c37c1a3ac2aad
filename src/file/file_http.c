/* src/file/file_http.c: the HTTP surface of uploaded files: upload and download. */
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "entity/entity_http.h"
#include "file.h"

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decodes s strictly ('+' stays '+'); NULL on a broken escape. A decoded NUL is kept
** as the byte 0x01 so that the name check refuses it as a control character. */
static char *pct_decode(struct arena *a, const char *s) {
  size_t n = strlen(s);
  char *out = arena_alloc(a, n + 1), *o = out;
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '%') {
      *o++ = s[i];
      continue;
    }
    if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) return NULL;
    char c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
    *o++ = c ? c : 0x01;
    i += 2;
  }
  *o = 0;
  return out;
}

/* POST /api/v1/files[?committee_id=N]
** The raw body is the file (any content type, up to the server's body limit: 413 above it);
** its name, percent-encoded UTF-8, is in the X-Filename header. The file belongs to the
** committee given (in the caller's scope) or else to the caller's committee: upload a studio's
** evidence to the studio's committee so that everyone who sees the studio sees the file.
** 201 {id, filename, size, content_type, sha256, url, ...}; 400 empty body; 422 a missing or bad
** name (control characters, '/', over 255 characters) or committee; 403 committee out of scope. */
static void file_upload_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t committee_id;
  if (!request_query_id(rq, "committee_id", &committee_id)) return;
  if (!rq->body || !rq->body_len)
    return reply_error(rq, ERR_EMPTY_BODY, NULL, "上传的文件是空的", "The file is empty");
  const char *raw = request_header(rq, "x-filename");
  const char *name = raw ? pct_decode(rq->arena, raw) : NULL;
  if (raw && !name)
    return reply_error(rq, ERR_INVALID_FIELD, "filename",
                       "X-Filename 应为百分号编码的 UTF-8 文件名",
                       "X-Filename must be a percent-encoded UTF-8 file name");
  int64_t id = file_store(ctx, committee_id, name, request_header(rq, "content-type"), rq->body,
                          rq->body_len);
  if (!id) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, file_json(ctx, id));
}

/* Content-Disposition for a download: an ASCII fallback name and the UTF-8 name (RFC 6266). */
static char *disposition(struct arena *a, const char *filename) {
  struct buf b = {0};
  buf_puts(&b, "attachment; filename=\"");
  for (const unsigned char *p = (const unsigned char *)filename; *p; p++)
    if ((*p & 0xc0) != 0x80) /* one '_' for each character outside printable ASCII */
      buf_putc(&b, *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' ? (char)*p : '_');
  buf_puts(&b, "\"; filename*=UTF-8''");
  for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '.' || *p == '-' || *p == '_')
      buf_putc(&b, (char)*p);
    else
      buf_printf(&b, "%%%02X", *p);
  }
  char *s = arena_strdup(a, b.data);
  buf_free(&b);
  return s;
}

/* GET /api/v1/files/{id}
** The file's bytes with its content type, as an attachment under its name (images still show
** in an <img>). 404 when it does not exist or its committee is outside the caller's scope. */
static void file_get_h(struct request *rq) {
  struct db_stmt *st =
      db_query(rq->db, "SELECT filename, content_type, data FROM files WHERE id = ?", "i",
               request_id(rq, "id"));
  if (db_step(st) != DB_ROW) {
    db_done(st);
    return reply_not_found(rq);
  }
  size_t n = 0;
  const void *data = db_col_blob(st, 2, &n);
  reply_header(rq, "content-disposition", disposition(rq->arena, db_col_text(st, 0)));
  reply_bytes(rq, 200, db_col_text(st, 1), data ? data : "", n, NULL);
  db_done(st);
}

static bool file_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return file_visible(ctx, id);
}

const struct route file_routes[] = {
    {"POST", "/api/v1/files", file_upload_h, PERM_FILE_WRITE, ROUTE_RAW, NULL, "上传文件"},
    {"GET", "/api/v1/files/{id}", file_get_h, PERM_LOGIN, 0, file_route_visible, "下载文件"},
    {0},
};
