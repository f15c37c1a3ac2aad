/* src/base/mem.c: allocation that aborts on out-of-memory (see mem.h). */
#include "mem.h"
#include <stdio.h>
#include <stdlib.h>

_Noreturn void mem_fail(void) {
  fputs("lvzhi: out of memory\n", stderr);
  abort();
}

void *mem_realloc(void *p, size_t size) {
  void *q = realloc(p, size ? size : 1);
  if (!q) mem_fail();
  return q;
}

void *mem_alloc(size_t size) { return mem_realloc(NULL, size); }
