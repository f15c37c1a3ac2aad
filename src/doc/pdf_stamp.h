/* src/doc/pdf_stamp.h: an uploaded PDF stamped with a line of text (a reader's name and the
** time) across every page, as a watermark that cannot be cut out: each page is read by Poppler
** and drawn again onto Cairo's PDF surface (text stays text, drawings stay vectors), with the
** line repeated diagonally over it in light grey. Any PDF Poppler reads is taken: classic or
** stream cross-references, object streams, updates. */
#ifndef LVZHI_PDF_STAMP_H
#define LVZHI_PDF_STAMP_H
#include <stdbool.h>
#include <stddef.h>
#include "base/buf.h"

#define PDF_STAMP_MAX_PAGES 2000

/* Appends to out the PDF data[0..len) with text stamped on every page. False with *zh and *en
** the reason (not a PDF that can be read, protected by a password, no pages or over
** PDF_STAMP_MAX_PAGES, Cairo failed); out is left as it was then. */
bool pdf_stamp(const void *data, size_t len, const char *text, struct buf *out, const char **zh,
               const char **en);

#endif
