/* src/http/metrics.h: counters for GET /metrics (Prometheus text format). */
#ifndef LVZHI_METRICS_H
#define LVZHI_METRICS_H
#include <stdint.h>

struct metrics;
struct route;
struct buf;
struct db;

/* Allocates the counters for every registered route (call after the module table is registered). */
struct metrics *metrics_create(int db_connections);

/* Frees what metrics_create made (NULL is allowed). */
void metrics_free(struct metrics *m);

/* Counts one request: its route (NULL when none matched), status and duration. Thread-safe. */
void metrics_observe(struct metrics *m, const struct route *r, int status, double seconds);

/* Adds a thread's statement-cache size to the db gauges. Thread-safe. */
void metrics_set_cached_statements(struct metrics *m, int thread, int n);

/* Writes the Prometheus text exposition, including jobs by status read from db. */
void metrics_write(struct metrics *m, struct db *db, struct buf *out);

#endif
