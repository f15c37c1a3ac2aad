/* src/base/mem.h: heap allocation that never returns NULL. Out of memory is not a state a
** request can recover from; like the arena, these print one line and abort, so that no caller
** goes on with a lost pointer. */
#ifndef LVZHI_MEM_H
#define LVZHI_MEM_H
#include <stddef.h>

/* realloc(p, size) that aborts on failure; the caller frees the result with free(). */
void *mem_realloc(void *p, size_t size);

/* malloc(size) that aborts on failure. */
void *mem_alloc(size_t size);

/* Aborts the process after printing "out of memory" (the arena and buffers call it too). */
_Noreturn void mem_fail(void);

#endif
