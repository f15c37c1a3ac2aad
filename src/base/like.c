/* src/base/like.c: LIKE patterns from user text (see like.h). */
#include "like.h"
#include "arena.h"

const char *like_contains(struct arena *a, const char *s, size_t n) {
  char *like = arena_alloc(a, 2 * n + 3), *o = like;
  *o++ = '%';
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%' || s[i] == '_' || s[i] == '\\') *o++ = '\\';
    *o++ = s[i];
  }
  *o++ = '%';
  *o = 0;
  return like;
}
