/* src/http/sse.c: event streams over h2o's streaming responses, see sse.h. */
#include "sse.h"
#include <h2o.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "base/buf.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "notify/notify.h"
#include "request.h"

#define HEARTBEAT_SECONDS 25
#define POLL_SECONDS      2.0

struct sse_client {
  h2o_generator_t super; /* first: h2o calls back with it */
  h2o_req_t *req;
  struct sse_hub *hub;
  int64_t user_id;
  struct buf pending, inflight;
  int writing;
  struct sse_client *next;
};

struct sse_hub {
  struct sse_client *clients;
  int nclients;
  int64_t last_id;   /* highest notification id seen */
  unsigned seen_seq; /* wake counter when last polled */
  double last_poll, last_beat;
};

static atomic_uint wake_seq;
static __thread struct sse_hub *thread_hub;

void sse_wake(void) { atomic_fetch_add(&wake_seq, 1); }

struct sse_hub *sse_hub_create(void) {
  return calloc(1, sizeof(struct sse_hub));
}
void sse_hub_free(struct sse_hub *hub) { free(hub); }
void sse_hub_bind(struct sse_hub *hub) { thread_hub = hub; }
int sse_hub_clients(struct sse_hub *hub) { return hub ? hub->nclients : 0; }

static double now_mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sends what is pending unless a write is still in flight (h2o allows one at a time). */
static void flush(struct sse_client *c) {
  if (c->writing || !c->pending.len) return;
  struct buf t = c->inflight;
  c->inflight = c->pending;
  c->pending = t;
  c->pending.len = 0;
  c->writing = 1;
  h2o_iovec_t v = h2o_iovec_init(c->inflight.data, c->inflight.len);
  h2o_send(c->req, &v, 1, H2O_SEND_STATE_IN_PROGRESS);
}

static void on_proceed(h2o_generator_t *self, h2o_req_t *req) {
  struct sse_client *c = (struct sse_client *)self;
  c->writing = 0;
  c->inflight.len = 0;
  flush(c);
}

static void on_stop(h2o_generator_t *self, h2o_req_t *req) {
  struct sse_client *c = (struct sse_client *)self;
  struct sse_client **pp = &c->hub->clients;
  while (*pp && *pp != c) pp = &(*pp)->next;
  if (*pp) {
    *pp = c->next;
    c->hub->nclients--;
  }
  buf_free(&c->pending);
  buf_free(&c->inflight);
}

static void event(struct sse_client *c, const char *name, const char *data) {
  buf_printf(&c->pending, "event: %s\ndata: %s\n\n", name, data);
}

void sse_open(struct request *rq, const char *first_event, const char *first_data) {
  h2o_req_t *req = rq->h2o;
  struct sse_hub *hub = thread_hub;
  if (!hub || !req) {
    reply_error(rq, ERR_UNAVAILABLE, NULL, "事件流不可用", "Event streams are unavailable");
    return;
  }
  struct sse_client *c = h2o_mem_alloc_pool(&req->pool, sizeof *c);
  memset(c, 0, sizeof *c);
  c->super.proceed = on_proceed;
  c->super.stop = on_stop;
  c->req = req;
  c->hub = hub;
  c->user_id = rq->user->id;
  if (!hub->last_id) hub->last_id = db_int(rq->db, 0, "SELECT MAX(id) FROM notifications", "");
  rq->status = 200;
  req->res.status = 200;
  req->res.reason = "OK";
  h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
                 H2O_STRLIT("text/event-stream; charset=utf-8"));
  h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL,
                 H2O_STRLIT("no-cache"));
  h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-accel-buffering"), 0, NULL,
                        H2O_STRLIT("no"));
  h2o_start_response(req, &c->super);
  c->next = hub->clients;
  hub->clients = c;
  hub->nclients++;
  buf_puts(&c->pending, "retry: 3000\n\n");
  if (first_event) event(c, first_event, first_data);
  flush(c);
}

void sse_hub_poll(struct sse_hub *hub, struct db *db) {
  if (!hub) return;
  /* drained on every pass, so that what arrived while no one listened does not pile up */
  bool remote = db_notified(db);
  if (!hub->clients) return;
  double now = now_mono();
  unsigned seq = atomic_load(&wake_seq);
  if (remote || seq != hub->seen_seq || now - hub->last_poll >= POLL_SECONDS) {
    hub->seen_seq = seq;
    hub->last_poll = now;
    struct db_stmt *st = db_query(db,
                                  "SELECT id, user_id, kind, title, body, link, created_at FROM"
                                  " notifications WHERE id > ? ORDER BY id LIMIT 1000",
                                  "i", hub->last_id);
    while (db_step(st) == DB_ROW) {
      hub->last_id = db_col_int(st, 0);
      int64_t uid = db_col_int(st, 1);
      char *json = NULL;
      for (struct sse_client *c = hub->clients; c; c = c->next) {
        if (c->user_id != uid) continue;
        if (!json) json = notify_row_json_text(st);
        event(c, "notification", json);
        char u[48];
        snprintf(u, sizeof u, "{\"unread\":%lld}", (long long)notify_unread(db, uid));
        event(c, "unread", u);
      }
      free(json);
    }
    db_done(st);
  }
  bool beat = now - hub->last_beat >= HEARTBEAT_SECONDS;
  if (beat) hub->last_beat = now;
  for (struct sse_client *c = hub->clients; c; c = c->next) {
    if (beat) buf_puts(&c->pending, ": ping\n\n");
    flush(c);
  }
}
