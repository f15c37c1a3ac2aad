/* src/notify/notify.c: storing notifications, see notify.h. */
#include "notify.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "base/timeutil.h"
#include "db/db.h"

/* Set once at setup (before any thread posts), read-only afterwards. */
static void (*on_post)(void);

void notify_on_post(void (*wake)(void)) { on_post = wake; }

int64_t notify_post(struct db *db, int64_t user_id, const char *kind, const char *title,
                    const char *body, const char *link) {
  int64_t id = db_int(db, 0,
                      "INSERT INTO notifications (user_id, kind, title, body, link, created_at)"
                      " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                      "itttti", user_id, kind, title, body ? body : "", link, time_now());
  if (id) {
    if (on_post) on_post();        /* this process's streams */
    db_notify(db, NOTIFY_CHANNEL); /* other nodes' streams, when the transaction commits */
  }
  return id;
}

void notify_wake(struct db *db) {
  if (on_post) on_post();
  db_notify(db, NOTIFY_CHANNEL);
}

void notify_accounts(struct db *db, struct db_stmt *st, const char *kind, const char *title,
                     const char *body, const char *link) {
  notify_others(db, st, 0, kind, title, body, link);
}

void notify_others(struct db *db, struct db_stmt *st, int64_t actor_id, const char *kind,
                   const char *title, const char *body, const char *link) {
  enum { MAX = 256 };
  int64_t ids[MAX];
  bool member[MAX];
  int n = 0;
  while (n < MAX && db_step(st) == DB_ROW) {
    ids[n] = db_col_int(st, 0);
    member[n++] = db_col_count(st) > 1 && db_col_int(st, 1) != 0;
  }
  db_done(st);
  char phone[512];
  snprintf(phone, sizeof phone, "/m%s", link ? link : "");
  for (int i = 0; i < n; i++)
    if (!actor_id || ids[i] != actor_id)
      notify_post(db, ids[i], kind, title, body, member[i] && link ? phone : link);
}

int64_t notify_unread(struct db *db, int64_t user_id) {
  return db_int(db, 0, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL",
                "i", user_id);
}

char *notify_row_json_text(struct db_stmt *row) {
  char t[32];
  json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(row, 0), "kind",
                        db_col_text(row, 2), "title", db_col_text(row, 3), "body",
                        db_col_text(row, 4), "created_at", time_iso(db_col_int(row, 6), t));
  json_object_set_new(o, "link",
                      db_col_null(row, 5) ? json_null() : json_string(db_col_text(row, 5)));
  if (db_col_count(row) > 7)
    json_object_set_new(o, "read_at",
                        db_col_null(row, 7) ? json_null()
                                            : json_string(time_iso(db_col_int(row, 7), t)));
  char *s = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return s;
}
