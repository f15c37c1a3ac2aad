/* src/demo/demo_rng.h: the demo's random numbers: splitmix64, small, fast, good enough for
** demo data, and the same on every machine for a seed. */
#ifndef LVZHI_DEMO_RNG_H
#define LVZHI_DEMO_RNG_H
#include <stdbool.h>
#include <stdint.h>

struct rng {
  uint64_t s;
};

/* Returns the next 64 random bits. */
static inline uint64_t rng_next(struct rng *r) {
  uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* Returns a number in [0, n) (0 when n <= 0). */
static inline int64_t rng_below(struct rng *r, int64_t n) {
  return n > 0 ? (int64_t)(rng_next(r) % (uint64_t)n) : 0;
}

/* Returns true with probability permille / 1000. */
static inline bool rng_permille(struct rng *r, int permille) {
  return rng_below(r, 1000) < permille;
}

#endif
