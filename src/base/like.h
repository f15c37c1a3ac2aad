/* src/base/like.h: SQL LIKE patterns made from user text, one way for both engines. */
#ifndef LVZHI_LIKE_H
#define LVZHI_LIKE_H
#include <stddef.h>

struct arena;

/* What follows every "x LIKE ?" whose pattern comes from like_contains(). */
#define LIKE_ESCAPE " ESCAPE '\\'"

/* The LIKE pattern that matches text containing s[0..n) literally: '%', then s with each '%',
** '_' and '\' escaped by '\', then '%' (so the SQL says LIKE ? ESCAPE '\'). NUL-terminated, in
** the arena (at most 2n + 3 bytes); never NULL. */
const char *like_contains(struct arena *a, const char *s, size_t n);

#endif
