/* src/notify/notify.h: notifications to a user (in the app's bell, live over SSE). Any module
** posts through notify_post. */
#ifndef LVZHI_NOTIFY_H
#define LVZHI_NOTIFY_H
#include <jansson.h>
#include <stdint.h>

struct db;
struct db_stmt;

/* The database channel on which nodes tell each other that notifications are waiting (the
** event streams of every node LISTEN on it). */
#define NOTIFY_CHANNEL "lvzhi_events"

/* Sets the function notify_post calls after each notification, to wake this process's event
** streams (the server sets sse_wake at setup; without one nothing is woken). wake must be
** thread-safe. Setup time only, before any thread posts. */
void notify_on_post(void (*wake)(void));

/* Posts a notification to user_id (inside the caller's transaction when there is one) and wakes
** the event streams (this process's through notify_on_post's function, other nodes' through
** NOTIFY_CHANNEL). kind is a stable word ("job_done"); title and body are Chinese text; link
** is the app path it opens (may be NULL). Returns its id, or 0 on a database error. */
int64_t notify_post(struct db *db, int64_t user_id, const char *kind, const char *title,
                    const char *body, const char *link);

/* Posts the same notification to every account the query st names (it takes st): its rows are
** (user id) or (user id, is a member account). link is the console's path ("/reports/12");
** member accounts, whose app is the phone's, get it under /m ("/m/reports/12"). The rows are
** read before posting (at most 256 accounts), so st may read the table notify_post writes. */
void notify_accounts(struct db *db, struct db_stmt *st, const char *kind, const char *title,
                     const char *body, const char *link);

/* notify_accounts to every account of st but actor_id, the account whose action it tells of:
** nobody is told of what it did itself (0: no one is left out). Every notification of a step
** someone takes goes through this with the caller's id. */
void notify_others(struct db *db, struct db_stmt *st, int64_t actor_id, const char *kind,
                   const char *title, const char *body, const char *link);

/* Wakes the event streams after a change they show that is not a notification (a vote cast, a
** sign-in): this process's at once (notify_on_post's function) and other nodes' through
** NOTIFY_CHANNEL (delivered when the caller's transaction commits, at once outside one). Call it
** after the commit, so that the streams read what was written. */
void notify_wake(struct db *db);

/* The number of unread notifications of a user. */
int64_t notify_unread(struct db *db, int64_t user_id);

/* A notification row (id, user_id, kind, title, body, link, created_at[, read_at]) as JSON
** text (malloc'd), for the event stream. */
char *notify_row_json_text(struct db_stmt *row);

#endif
