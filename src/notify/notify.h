/* src/notify/notify.h: notifications to a user (in the app's bell, live over SSE). Any module
** posts through notify_post. */
#ifndef LVZHI_NOTIFY_H
#define LVZHI_NOTIFY_H
#include <jansson.h>
#include <stdint.h>

struct db;
struct db_stmt;

/* Posts a notification to user_id (inside the caller's transaction when there is one) and wakes
** the event streams. kind is a stable word ("job_done"); title and body are Chinese text; link
** is the app path it opens (may be NULL). Returns its id, or 0 on a database error. */
int64_t notify_post(struct db *db, int64_t user_id, const char *kind, const char *title,
                    const char *body, const char *link);

/* Posts the same notification to every account the query st names (it takes st): its rows are
** (user id) or (user id, is a member account). link is the console's path ("/reports/12");
** member accounts, whose app is the phone's, get it under /m ("/m/reports/12"). The rows are
** read before posting (at most 256 accounts), so st may read the table notify_post writes. */
void notify_accounts(struct db *db, struct db_stmt *st, const char *kind, const char *title,
                     const char *body, const char *link);

/* The number of unread notifications of a user. */
int64_t notify_unread(struct db *db, int64_t user_id);

/* A notification row (id, user_id, kind, title, body, link, created_at[, read_at]) as JSON
** text (malloc'd), for the event stream. */
char *notify_row_json_text(struct db_stmt *row);

#endif
