/* src/base/zip.c: ZIP archives in memory (see zip.h); the record layouts are those of PKWARE's
** APPNOTE (local file header, central directory header, end of central directory). */
#include "zip.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void put16(struct buf *b, unsigned v) {
  unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
  buf_append(b, c, 2);
}

static void put32(struct buf *b, uint32_t v) {
  unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                        (unsigned char)(v >> 24)};
  buf_append(b, c, 4);
}

/* Raw deflate of data into a new buffer; NULL on failure. */
static unsigned char *deflate_raw(const void *data, size_t n, size_t *out_len) {
  z_stream s;
  memset(&s, 0, sizeof s);
  if (deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return NULL;
  size_t cap = deflateBound(&s, (uLong)n);
  unsigned char *out = malloc(cap ? cap : 1);
  if (!out) {
    deflateEnd(&s);
    return NULL;
  }
  s.next_in = (Bytef *)data;
  s.avail_in = (uInt)n;
  s.next_out = out;
  s.avail_out = (uInt)cap;
  int rc = deflate(&s, Z_FINISH);
  *out_len = s.total_out;
  deflateEnd(&s);
  if (rc != Z_STREAM_END) {
    free(out);
    return NULL;
  }
  return out;
}

/* The fields a local header and its central directory entry share, from "version needed" to
** the name's length. The time is 1980-01-01 00:00, the earliest DOS time, so that the archive's
** bytes depend only on its content. */
static void entry_fields(struct buf *b, uint32_t crc, uint32_t csize, uint32_t usize, size_t nlen) {
  put16(b, 20);           /* version needed: 2.0 (deflate) */
  put16(b, 1u << 11);     /* the name is UTF-8 */
  put16(b, 8);            /* deflate */
  put16(b, 0);            /* time */
  put16(b, (1 << 5) | 1); /* date: day 1 of month 1 of 1980 */
  put32(b, crc);
  put32(b, csize);
  put32(b, usize);
  put16(b, (unsigned)nlen);
}

void zip_add(struct zip *z, const char *name, const void *data, size_t n) {
  if (z->failed) return;
  size_t clen = 0;
  unsigned char *comp = deflate_raw(data, n, &clen);
  if (!comp || n > 0xffffffffu || z->out.len > 0xffffffffu) {
    free(comp);
    z->failed = true;
    return;
  }
  uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)data, (uInt)n);
  uint32_t offset = (uint32_t)z->out.len;
  size_t nlen = strlen(name);
  put32(&z->out, 0x04034b50);
  entry_fields(&z->out, crc, (uint32_t)clen, (uint32_t)n, nlen);
  put16(&z->out, 0); /* extra */
  buf_append(&z->out, name, nlen);
  buf_append(&z->out, comp, clen);
  free(comp);

  put32(&z->central, 0x02014b50);
  put16(&z->central, 20); /* made by: MS-DOS, 2.0 */
  entry_fields(&z->central, crc, (uint32_t)clen, (uint32_t)n, nlen);
  put16(&z->central, 0); /* extra */
  put16(&z->central, 0); /* comment */
  put16(&z->central, 0); /* disk */
  put16(&z->central, 0); /* internal attributes */
  put32(&z->central, 0); /* external attributes */
  put32(&z->central, offset);
  buf_append(&z->central, name, nlen);
  z->entries++;
}

bool zip_finish(struct zip *z, struct buf *out) {
  bool ok = !z->failed && z->entries < 0xffff && z->out.len + z->central.len < 0xffffffffu;
  if (ok) {
    uint32_t at = (uint32_t)z->out.len;
    if (z->out.len) buf_append(out, z->out.data, z->out.len);
    if (z->central.len) buf_append(out, z->central.data, z->central.len);
    struct buf end = {0};
    put32(&end, 0x06054b50);
    put16(&end, 0);
    put16(&end, 0);
    put16(&end, (unsigned)z->entries);
    put16(&end, (unsigned)z->entries);
    put32(&end, (uint32_t)z->central.len);
    put32(&end, at);
    put16(&end, 0);
    buf_append(out, end.data, end.len);
    buf_free(&end);
  }
  buf_free(&z->out);
  buf_free(&z->central);
  return ok;
}
