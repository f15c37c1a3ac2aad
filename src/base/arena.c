/* src/base/arena.c: region allocator, see arena.h. */
#include "arena.h"
#include <stdio.h>
#include <stdlib.h>
#include "mem.h"
#include <string.h>

#define ARENA_BLOCK 8192

struct arena_block {
  struct arena_block *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a) {
  a->head = NULL;
  a->total = 0;
}

void arena_free(struct arena *a) {
  struct arena_block *b = a->head;
  while (b) {
    struct arena_block *n = b->next;
    free(b);
    b = n;
  }
  a->head = NULL;
  a->total = 0;
}

void *arena_alloc(struct arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  struct arena_block *b = a->head;
  if (!b || b->size - b->used < size) {
    size_t cap = size > ARENA_BLOCK / 2 ? size : ARENA_BLOCK;
    b = mem_alloc(sizeof *b + cap);
    b->size = cap;
    b->used = 0;
    a->total += cap;
    if (cap == size && a->head) {
      /* a large block goes behind the current one so its free space stays usable */
      b->next = a->head->next;
      a->head->next = b;
    } else {
      b->next = a->head;
      a->head = b;
    }
  }
  void *p = b->data + b->used;
  b->used += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len) {
  char *p = arena_alloc(a, len + 1);
  if (len) memcpy(p, s, len);
  p[len] = 0;
  return p;
}

char *arena_strdup(struct arena *a, const char *s) {
  return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) n = 0;
  char *p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}
