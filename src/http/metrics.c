/* src/http/metrics.c: request counts by route and status, a latency histogram, db and job
** gauges, in Prometheus text format. */
#include "metrics.h"
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "db/db.h"
#include "router.h"

static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404,
                               405, 409, 413, 422, 429, 500, 503, 0 /* other */};
#define NSTATUS (int)(sizeof statuses / sizeof statuses[0])
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                 0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define NBUCKET     (int)(sizeof buckets / sizeof buckets[0])
#define MAX_THREADS 64

struct metrics {
  int nroutes;
  const struct route **routes;
  atomic_uint_fast64_t *count; /* [(nroutes + 1) * NSTATUS], last row: unmatched */
  atomic_uint_fast64_t hist[NBUCKET + 1];
  atomic_uint_fast64_t sum_us;
  atomic_int cached[MAX_THREADS];
  int db_connections;
};

static void count_route(const struct route *r, void *ctx) {
  struct metrics *m = ctx;
  if (m->routes) m->routes[m->nroutes] = r;
  m->nroutes++;
}

struct metrics *metrics_create(int db_connections) {
  struct metrics *m = calloc(1, sizeof *m);
  router_each(count_route, m);
  m->routes = calloc((size_t)m->nroutes + 1, sizeof *m->routes);
  m->nroutes = 0;
  router_each(count_route, m);
  m->count = calloc((size_t)(m->nroutes + 1) * NSTATUS, sizeof *m->count);
  m->db_connections = db_connections;
  return m;
}

void metrics_free(struct metrics *m) {
  if (!m) return;
  free(m->routes);
  free(m->count);
  free(m);
}

static int status_index(int status) {
  for (int i = 0; i < NSTATUS - 1; i++)
    if (statuses[i] == status) return i;
  return NSTATUS - 1;
}

static int route_index(struct metrics *m, const struct route *r) {
  if (r)
    for (int i = 0; i < m->nroutes; i++)
      if (m->routes[i] == r) return i;
  return m->nroutes;
}

void metrics_observe(struct metrics *m, const struct route *r, int status, double seconds) {
  if (!m) return;
  atomic_fetch_add(&m->count[route_index(m, r) * NSTATUS + status_index(status)], 1);
  int b = 0;
  while (b < NBUCKET && seconds > buckets[b]) b++;
  atomic_fetch_add(&m->hist[b], 1);
  atomic_fetch_add(&m->sum_us, (uint_fast64_t)(seconds * 1e6));
}

void metrics_set_cached_statements(struct metrics *m, int thread, int n) {
  if (m && thread >= 0 && thread < MAX_THREADS) atomic_store(&m->cached[thread], n);
}

void metrics_write(struct metrics *m, struct db *db, struct buf *out) {
  buf_puts(out, "# HELP lvzhi_http_requests_total HTTP requests by route and status.\n"
                "# TYPE lvzhi_http_requests_total counter\n");
  for (int r = 0; r <= m->nroutes; r++) {
    for (int s = 0; s < NSTATUS; s++) {
      uint64_t v = atomic_load(&m->count[r * NSTATUS + s]);
      if (!v) continue;
      char st[8];
      if (statuses[s])
        snprintf(st, sizeof st, "%d", statuses[s]);
      else
        strcpy(st, "other");
      if (r < m->nroutes)
        buf_printf(out,
                   "lvzhi_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %llu\n",
                   m->routes[r]->method, m->routes[r]->pattern, st, (unsigned long long)v);
      else
        buf_printf(
            out, "lvzhi_http_requests_total{method=\"\",route=\"unmatched\",status=\"%s\"} %llu\n",
            st, (unsigned long long)v);
    }
  }
  buf_puts(out, "# HELP lvzhi_http_request_duration_seconds Time to answer a request.\n"
                "# TYPE lvzhi_http_request_duration_seconds histogram\n");
  uint64_t cum = 0;
  for (int b = 0; b <= NBUCKET; b++) {
    cum += atomic_load(&m->hist[b]);
    if (b < NBUCKET)
      buf_printf(out, "lvzhi_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n", buckets[b],
                 (unsigned long long)cum);
    else
      buf_printf(out, "lvzhi_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                 (unsigned long long)cum);
  }
  buf_printf(out, "lvzhi_http_request_duration_seconds_sum %.6f\n",
             (double)atomic_load(&m->sum_us) / 1e6);
  buf_printf(out, "lvzhi_http_request_duration_seconds_count %llu\n", (unsigned long long)cum);
  int cached = 0;
  for (int i = 0; i < MAX_THREADS; i++) cached += atomic_load(&m->cached[i]);
  buf_printf(out,
             "# HELP lvzhi_db_connections Open database connections (one per thread).\n"
             "# TYPE lvzhi_db_connections gauge\nlvzhi_db_connections %d\n"
             "# HELP lvzhi_db_cached_statements Prepared statements cached over all connections.\n"
             "# TYPE lvzhi_db_cached_statements gauge\nlvzhi_db_cached_statements %d\n",
             m->db_connections, cached);
  buf_puts(out, "# HELP lvzhi_jobs Jobs by status.\n# TYPE lvzhi_jobs gauge\n");
  static const char *const js[] = {"queued", "running", "done", "failed"};
  for (int i = 0; i < 4; i++)
    buf_printf(out, "lvzhi_jobs{status=\"%s\"} %lld\n", js[i],
               (long long)db_int(db, 0, "SELECT COUNT(*) FROM jobs WHERE status = ?", "t", js[i]));
}
