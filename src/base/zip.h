/* src/base/zip.h: a ZIP archive written into memory (the container of .docx files): entries
** compressed with zlib's raw deflate, CRC-32 checked, the central directory at the end. No
** ZIP64: an archive and each entry stay under 4 GiB, which documents never approach. */
#ifndef LVZHI_ZIP_H
#define LVZHI_ZIP_H
#include <stdbool.h>
#include <stddef.h>
#include "base/buf.h"

struct zip {
  struct buf out;     /* the archive so far: local headers and data */
  struct buf central; /* the central directory, appended at the end */
  int entries;
  bool failed;
};

/* Adds a file called name (a relative path with '/' separators) holding n bytes of data. */
void zip_add(struct zip *z, const char *name, const void *data, size_t n);

/* Ends the archive, appends its bytes to out and frees z's buffers. Returns false when an
** entry could not be compressed (out is then unchanged). */
bool zip_finish(struct zip *z, struct buf *out);

#endif
