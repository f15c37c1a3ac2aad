/* src/http/sse.h: Server-Sent Events. Each loop thread keeps a hub of its open event streams;
** a hub polls the database for new events (notifications) and writes them to the streams of
** the users they are for, and the snapshots of topics (a meeting's live figures) to the streams
** that follow them. Publishers on any thread call
** sse_wake() (notify_post through the callback the server sets with notify_on_post) so the
** hubs look at once; other nodes are seen when NOTIFY_CHANNEL signals, other processes at the
** next poll. */
#ifndef LVZHI_SSE_H
#define LVZHI_SSE_H
#include <stdint.h>

struct request;
struct db;
struct sse_hub;

/* Creates the hub of the calling loop thread, whose h2o loop (an h2o_loop_t *) sse_wake wakes
** (NULL: none, for tests; the hub then sees wakes at the loop's own pace). */
struct sse_hub *sse_hub_create(void *loop);

/* Frees a hub whose streams are closed (the loop's end). */
void sse_hub_free(struct sse_hub *hub);

/* Makes hub the calling thread's hub (for sse_open). */
void sse_hub_bind(struct sse_hub *hub);

/* Polls for new events and heartbeats; cheap when nothing happened. Called from the loop. */
void sse_hub_poll(struct sse_hub *hub, struct db *db);

/* The number of open streams of the hub (for metrics). */
int sse_hub_clients(struct sse_hub *hub);

/* How long the loop may wait for I/O before the hub wants a look (a topic's look gathered from
** several wakes, or a stream whose interval ends), in milliseconds, at most longest. */
int sse_hub_wait_ms(struct sse_hub *hub, int longest);

/* Turns rq into an event stream for rq->user: answers 200 text/event-stream and keeps the
** connection; first events are written by the caller with sse_first. */
void sse_open(struct request *rq, const char *first_event, const char *first_data);

/* The snapshot of a topic (a meeting's live figures): its event data as JSON text, malloc'd, or
** NULL when there is none (the topic is gone). Called on the loop thread with its connection. */
typedef char *(*sse_snapshot_fn)(struct db *db, int64_t topic);

/* Turns rq into the stream of a topic: the event `event` with fn's snapshot of topic, first at
** once, then whenever the snapshot changes (looked at when the hubs are woken and every 2 s),
** at most every min_interval seconds (0: at once; a change within the interval is sent when it
** ends, the latest only). Many streams of one topic on a thread share one snapshot per look. */
void sse_open_topic(struct request *rq, const char *event, sse_snapshot_fn fn, int64_t topic,
                    double min_interval);

/* Tells every hub in this process that events are waiting, and wakes their loops at once.
** Thread-safe. Call it after the commit of what changed (notify_wake does, with other nodes). */
void sse_wake(void);

#endif
