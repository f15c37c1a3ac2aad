/* src/base/arena.h: a region allocator. Each request owns one; nothing in it is freed
** by hand, the whole arena goes at once when the request ends. */
#ifndef LVZHI_ARENA_H
#define LVZHI_ARENA_H
#include <stddef.h>
#include <stdarg.h>

struct arena_block;
struct arena {
  struct arena_block *head;
  size_t total; /* bytes obtained from malloc, for metrics */
};

/* Prepares an empty arena; allocates nothing until first use. */
void arena_init(struct arena *a);

/* Releases every block of the arena; the arena can be used again afterwards. */
void arena_free(struct arena *a);

/* Returns size bytes aligned to 16, zeroed. Aborts the process when memory runs out. */
void *arena_alloc(struct arena *a, size_t size);

/* Copies s[0..len) and a terminating NUL into the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/* Copies the NUL-terminated s into the arena; NULL stays NULL. */
char *arena_strdup(struct arena *a, const char *s);

/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

#endif
