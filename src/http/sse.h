/* src/http/sse.h: Server-Sent Events. Each loop thread keeps a hub of its open event streams;
** a hub polls the database for new events (notifications now, later meeting counts) and
** writes them to the streams of the users they are for. Publishers on any thread call
** sse_wake() (notify_post through the callback the server sets with notify_on_post) so the
** hubs look at once; other nodes are seen when NOTIFY_CHANNEL signals, other processes at the
** next poll. */
#ifndef LVZHI_SSE_H
#define LVZHI_SSE_H
#include <stdint.h>

struct request;
struct db;
struct sse_hub;

/* Creates the hub of the calling loop thread. */
struct sse_hub *sse_hub_create(void);

/* Frees a hub whose streams are closed (the loop's end). */
void sse_hub_free(struct sse_hub *hub);

/* Makes hub the calling thread's hub (for sse_open). */
void sse_hub_bind(struct sse_hub *hub);

/* Polls for new events and heartbeats; cheap when nothing happened. Called from the loop. */
void sse_hub_poll(struct sse_hub *hub, struct db *db);

/* The number of open streams of the hub (for metrics). */
int sse_hub_clients(struct sse_hub *hub);

/* Turns rq into an event stream for rq->user: answers 200 text/event-stream and keeps the
** connection; first events are written by the caller with sse_first. */
void sse_open(struct request *rq, const char *first_event, const char *first_data);

/* Tells every hub in this process that events are waiting. Thread-safe. */
void sse_wake(void);

#endif
