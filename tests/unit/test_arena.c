/* tests/unit/test_arena.c: the region allocator and the growable buffer. */
#include "base/arena.h"
#include "base/buf.h"
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

static bool all_zero(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return false;
  return true;
}

Test(arena, init_is_empty) {
  struct arena a;
  memset(&a, 0xAB, sizeof a);
  arena_init(&a);
  cr_expect_null(a.head);
  cr_expect_eq(a.total, 0);
  arena_free(&a); /* freeing an unused arena is fine */
  cr_expect_eq(a.total, 0);
}

Test(arena, alloc_aligned_zeroed_disjoint) {
  struct arena a;
  arena_init(&a);
  unsigned char *ptrs[200];
  size_t sizes[200];
  for (int i = 0; i < 200; i++) {
    sizes[i] = (size_t)(i * 37 % 301) + 1;
    ptrs[i] = arena_alloc(&a, sizes[i]);
    cr_assert_not_null(ptrs[i]);
    cr_expect_eq((uintptr_t)ptrs[i] % 16, 0, "allocation %d not 16-aligned", i);
    cr_expect(all_zero(ptrs[i], sizes[i]), "allocation %d not zeroed", i);
    memset(ptrs[i], i + 1, sizes[i]);
  }
  /* no allocation overwrote another */
  for (int i = 0; i < 200; i++)
    for (size_t k = 0; k < sizes[i]; k++)
      cr_assert_eq(ptrs[i][k], (unsigned char)(i + 1), "allocation %d byte %zu", i, k);
  cr_expect_gt(a.total, 8192, "several blocks were needed");
  arena_free(&a);
}

Test(arena, large_allocations) {
  struct arena a;
  arena_init(&a);
  char *small = arena_alloc(&a, 16);
  size_t before = a.total;
  unsigned char *big = arena_alloc(&a, 100000);
  cr_expect(all_zero(big, 100000));
  cr_expect_geq(a.total, before + 100000);
  memset(big, 0x5A, 100000);
  size_t after_big = a.total;
  /* the current block's free space is still used after a large request */
  char *small2 = arena_alloc(&a, 16);
  cr_expect_eq(a.total, after_big);
  cr_expect_eq(small2, small + 16);
  cr_expect_eq(big[99999], 0x5A);
  arena_free(&a);
  cr_expect_null(a.head);
  cr_expect_eq(a.total, 0);
}

Test(arena, reuse_after_free) {
  struct arena a;
  arena_init(&a);
  for (int round = 0; round < 3; round++) {
    char *s = arena_strdup(&a, "again");
    cr_expect_str_eq(s, "again");
    cr_expect_gt(a.total, 0);
    arena_free(&a);
    cr_expect_eq(a.total, 0);
  }
}

Test(arena, strndup_and_strdup) {
  struct arena a;
  arena_init(&a);
  char *s = arena_strndup(&a, "hello world", 5);
  cr_expect_str_eq(s, "hello");
  char *e = arena_strndup(&a, NULL, 0);
  cr_expect_str_eq(e, "");
  char *z = arena_strndup(&a, "a\0b", 3);
  cr_expect_eq(memcmp(z, "a\0b\0", 4), 0);
  cr_expect_null(arena_strdup(&a, NULL));
  const char *src = "政协委员";
  char *d = arena_strdup(&a, src);
  cr_expect_str_eq(d, src);
  cr_expect_neq(d, src);
  arena_free(&a);
}

Test(arena, printf) {
  struct arena a;
  arena_init(&a);
  cr_expect_str_eq(arena_printf(&a, "%d-%s-%.1f", 42, "提案", 2.5), "42-提案-2.5");
  cr_expect_str_eq(arena_printf(&a, "%s", ""), "");
  char *long_s = arena_printf(&a, "%20000d", 7);
  cr_expect_eq(strlen(long_s), 20000);
  cr_expect_eq(long_s[19999], '7');
  cr_expect_eq(long_s[0], ' ');
  arena_free(&a);
}

Test(arena, buf_append_and_terminator) {
  struct buf b = {0};
  buf_append(&b, "", 0);
  cr_assert_not_null(b.data);
  cr_expect_str_eq(b.data, "");
  cr_expect_eq(b.len, 0);
  buf_puts(&b, "ab");
  buf_putc(&b, 'c');
  buf_append(&b, "d\0e", 3);
  cr_expect_eq(b.len, 6);
  cr_expect_eq(memcmp(b.data, "abcd\0e\0", 7), 0);
  cr_expect_gt(b.cap, b.len);
  buf_free(&b);
  cr_expect_null(b.data);
  cr_expect_eq(b.len, 0);
  cr_expect_eq(b.cap, 0);
}

Test(arena, buf_growth) {
  struct buf b = {0};
  for (int i = 0; i < 10000; i++) buf_putc(&b, (char)('a' + i % 26));
  cr_expect_eq(b.len, 10000);
  cr_expect_eq(b.data[10000], 0);
  for (int i = 0; i < 10000; i++) cr_assert_eq(b.data[i], (char)('a' + i % 26), "byte %d", i);
  char big[100000];
  memset(big, 'z', sizeof big);
  buf_append(&b, big, sizeof big);
  cr_expect_eq(b.len, 110000);
  cr_expect_eq(b.data[109999], 'z');
  cr_expect_eq(b.data[110000], 0);
  buf_free(&b);
}

Test(arena, buf_printf) {
  struct buf b = {0};
  buf_printf(&b, "%d/%s", 7, "页");
  cr_expect_str_eq(b.data, "7/页");
  buf_printf(&b, "%500s|", "x");
  cr_expect_eq(b.len, strlen("7/页") + 501);
  cr_expect_eq(b.data[b.len - 1], '|');
  cr_expect_eq(b.data[b.len - 2], 'x');
  cr_expect_eq(b.data[b.len], 0);
  size_t len = b.len;
  buf_printf(&b, "%s", "");
  cr_expect_eq(b.len, len);
  buf_free(&b);
}
