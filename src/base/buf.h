/* src/base/buf.h: growable byte buffer on the heap (for output built piece by piece). */
#ifndef LVZHI_BUF_H
#define LVZHI_BUF_H
#include <stddef.h>

struct buf {
  char *data;
  size_t len, cap;
};

/* Appends bytes; data stays NUL-terminated. Aborts when memory runs out. */
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the buffer's memory and empties it. */
void buf_free(struct buf *b);

#endif
