/* src/http/sse.c: event streams over h2o's streaming responses, see sse.h. */
#include "sse.h"
#include <h2o.h>
#include <pthread.h>
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
/* The least time between two looks at the topics' snapshots of a hub: the ballots of a plenary
** arrive hundreds a second, each waking every loop; a look every 10 ms gathers them, so the
** snapshots are made 100 times a second at most, not once per ballot per loop. */
#define TOPIC_LOOK_SECONDS 0.01

struct sse_client {
  h2o_generator_t super; /* first: h2o calls back with it */
  h2o_req_t *req;
  struct sse_hub *hub;
  int64_t user_id; /* a user's stream (notifications); 0 for a topic's */
  /* a topic's stream: its snapshot, the event's name, the least seconds between two events, the
  ** hash of the last snapshot sent and when; dirty: a newer one waits for the interval */
  sse_snapshot_fn fn;
  int64_t topic;
  const char *event;
  double min_interval, last_sent;
  uint64_t last_hash;
  bool dirty;
  struct buf pending, inflight;
  int writing;
  struct sse_client *next;
};

struct sse_hub {
  struct sse_client *clients;
  int nclients, ntopics;
  int64_t last_id;   /* highest notification id seen */
  unsigned seen_seq; /* wake counter when last polled */
  double last_poll, last_beat;
  bool topics_due;                /* woken since the last look at the topics */
  double last_topic_look;         /* when the topics were last looked at */
  double next_dirty;              /* the earliest time a dirty stream's interval ends (0: none) */
  h2o_multithread_queue_t *queue; /* wakes the hub's loop from any thread */
  h2o_multithread_receiver_t receiver;
};

/* Every hub of the process, so that sse_wake reaches each loop. */
#define MAX_HUBS 64
static pthread_mutex_t hubs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sse_hub *hubs[MAX_HUBS];
static int nhubs;

static atomic_uint wake_seq;
static double now_mono(void);
static __thread struct sse_hub *thread_hub;

void sse_wake(void) {
  atomic_fetch_add(&wake_seq, 1);
  pthread_mutex_lock(&hubs_lock);
  for (int i = 0; i < nhubs; i++) h2o_multithread_send_message(&hubs[i]->receiver, NULL);
  pthread_mutex_unlock(&hubs_lock);
}

/* The loop wakes from h2o_evloop_run; the server's loop then polls the hub. */
static void on_wake(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages) {
  (void)receiver, (void)messages;
}

struct sse_hub *sse_hub_create(void *loop) {
  struct sse_hub *hub = calloc(1, sizeof(struct sse_hub));
  if (!hub || !loop) return hub;
  hub->queue = h2o_multithread_create_queue(loop);
  h2o_multithread_register_receiver(hub->queue, &hub->receiver, on_wake);
  pthread_mutex_lock(&hubs_lock);
  if (nhubs < MAX_HUBS) hubs[nhubs++] = hub;
  pthread_mutex_unlock(&hubs_lock);
  return hub;
}

void sse_hub_free(struct sse_hub *hub) {
  if (!hub) return;
  if (hub->queue) {
    pthread_mutex_lock(&hubs_lock);
    for (int i = 0; i < nhubs; i++)
      if (hubs[i] == hub) hubs[i] = hubs[--nhubs];
    pthread_mutex_unlock(&hubs_lock);
    h2o_multithread_unregister_receiver(hub->queue, &hub->receiver);
    h2o_multithread_destroy_queue(hub->queue);
  }
  free(hub);
}
void sse_hub_bind(struct sse_hub *hub) { thread_hub = hub; }
int sse_hub_clients(struct sse_hub *hub) { return hub ? hub->nclients : 0; }

int sse_hub_wait_ms(struct sse_hub *hub, int longest) {
  if (!hub || !hub->ntopics) return longest;
  double now = now_mono(), until = 0;
  if (hub->topics_due || atomic_load(&wake_seq) != hub->seen_seq)
    until = hub->last_topic_look + TOPIC_LOOK_SECONDS;
  if (hub->next_dirty && (!until || hub->next_dirty < until)) until = hub->next_dirty;
  if (!until) return longest;
  int ms = (int)((until - now) * 1000.0 + 0.999);
  return ms < 0 ? 0 : ms > longest ? longest : ms;
}

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
    if (c->fn) c->hub->ntopics--;
  }
  buf_free(&c->pending);
  buf_free(&c->inflight);
}

static void event(struct sse_client *c, const char *name, const char *data) {
  buf_printf(&c->pending, "event: %s\ndata: %s\n\n", name, data);
}

/* Answers rq with an event stream and adds it to the thread's hub; NULL (with the error sent)
** when the thread has no hub. */
static struct sse_client *start(struct request *rq) {
  h2o_req_t *req = rq->h2o;
  struct sse_hub *hub = thread_hub;
  if (!hub || !req) {
    reply_error(rq, ERR_UNAVAILABLE, NULL, "事件流不可用", "Event streams are unavailable");
    return NULL;
  }
  struct sse_client *c = h2o_mem_alloc_pool(&req->pool, sizeof *c);
  memset(c, 0, sizeof *c);
  c->super.proceed = on_proceed;
  c->super.stop = on_stop;
  c->req = req;
  c->hub = hub;
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
  return c;
}

void sse_open(struct request *rq, const char *first_event, const char *first_data) {
  struct sse_client *c = start(rq);
  if (!c) return;
  c->user_id = rq->user->id;
  if (!c->hub->last_id)
    c->hub->last_id = db_int(rq->db, 0, "SELECT MAX(id) FROM notifications", "");
  if (first_event) event(c, first_event, first_data);
  flush(c);
}

/* FNV-1a of a snapshot's text: whether it changed since the last one sent. */
static uint64_t text_hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* Sends c the snapshot text when it differs from the last one sent and the interval allows;
** else marks it dirty when it differs. */
static void offer(struct sse_client *c, const char *text, double now) {
  uint64_t h = text_hash(text);
  if (h == c->last_hash) {
    c->dirty = false;
    return;
  }
  if (now - c->last_sent < c->min_interval) {
    c->dirty = true;
    return;
  }
  event(c, c->event, text);
  c->last_hash = h;
  c->last_sent = now;
  c->dirty = false;
}

void sse_open_topic(struct request *rq, const char *event_name, sse_snapshot_fn fn, int64_t topic,
                    double min_interval) {
  char *first = fn(rq->db, topic);
  struct sse_client *c = start(rq);
  if (!c) {
    free(first);
    return;
  }
  c->fn = fn;
  c->topic = topic;
  c->event = h2o_mem_alloc_pool(&c->req->pool, strlen(event_name) + 1);
  memcpy((char *)c->event, event_name, strlen(event_name) + 1);
  c->min_interval = min_interval;
  c->hub->ntopics++;
  if (first) offer(c, first, now_mono());
  free(first);
  flush(c);
}

/* The snapshots of one poll, each (fn, topic) made once for all its streams. */
struct snap {
  sse_snapshot_fn fn;
  int64_t topic;
  char *text;
};

/* Offers each topic stream its topic's snapshot: all of them when something changed (woken),
** else only those whose newer snapshot waited for its interval. */
static void poll_topics(struct sse_hub *hub, struct db *db, bool woken, double now) {
  struct snap snaps[32];
  int n = 0;
  hub->next_dirty = 0;
  for (struct sse_client *c = hub->clients; c; c = c->next) {
    if (!c->fn || (!woken && !(c->dirty && now - c->last_sent >= c->min_interval))) continue;
    struct snap *sn = NULL;
    for (int i = 0; i < n && !sn; i++)
      if (snaps[i].fn == c->fn && snaps[i].topic == c->topic) sn = &snaps[i];
    char *own = NULL;
    if (!sn && n < (int)(sizeof snaps / sizeof snaps[0])) {
      snaps[n] = (struct snap){c->fn, c->topic, c->fn(db, c->topic)};
      sn = &snaps[n++];
    }
    const char *text = sn ? sn->text : (own = c->fn(db, c->topic));
    if (text) offer(c, text, now);
    free(own);
  }
  for (struct sse_client *c = hub->clients; c; c = c->next)
    if (c->fn && c->dirty) {
      double due = c->last_sent + c->min_interval;
      if (!hub->next_dirty || due < hub->next_dirty) hub->next_dirty = due;
    }
  for (int i = 0; i < n; i++) free(snaps[i].text);
}

void sse_hub_poll(struct sse_hub *hub, struct db *db) {
  if (!hub) return;
  /* drained on every pass, so that what arrived while no one listened does not pile up */
  bool remote = db_notified(db);
  if (!hub->clients) return;
  double now = now_mono();
  unsigned seq = atomic_load(&wake_seq);
  bool woken = remote || seq != hub->seen_seq || now - hub->last_poll >= POLL_SECONDS;
  if (woken) {
    hub->seen_seq = seq;
    hub->last_poll = now;
  }
  if (woken) hub->topics_due = true;
  if (hub->ntopics && hub->topics_due && now - hub->last_topic_look >= TOPIC_LOOK_SECONDS) {
    poll_topics(hub, db, true, now);
    hub->topics_due = false;
    hub->last_topic_look = now;
  } else if (hub->ntopics && hub->next_dirty && now >= hub->next_dirty)
    poll_topics(hub, db, false, now);
  if (woken && hub->nclients > hub->ntopics) {
    struct db_stmt *st = db_query(db,
                                  "SELECT id, user_id, kind, title, body, link, created_at FROM"
                                  " notifications WHERE id > ? ORDER BY id LIMIT 1000",
                                  "i", hub->last_id);
    while (db_step(st) == DB_ROW) {
      hub->last_id = db_col_int(st, 0);
      int64_t uid = db_col_int(st, 1);
      char *json = NULL;
      for (struct sse_client *c = hub->clients; c; c = c->next) {
        if (c->fn || c->user_id != uid) continue;
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
