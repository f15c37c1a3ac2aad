/* src/org/settings.h: integer settings of a committee (table settings: committee_id, key,
** value), inherited down the tree: a committee's own value, else its nearest ancestor's, else
** the installation's (committee 0), else the default. A module declares its settings as a
** group (a key prefix and a table) and gets reading, the JSON of the settings page and
** validated, audited updates from here. */
#ifndef LVZHI_SETTINGS_H
#define LVZHI_SETTINGS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct entity_ctx;

/* One setting: its JSON name, its key in the table, default and range, labels. */
struct setting {
  const char *name, *key;
  int64_t dflt, min, max;
  const char *zh, *en;
};

/* A module's settings: every key starts with prefix ("contact."). */
struct setting_group {
  const char *prefix;
  const struct setting *items;
  int n;
  bool ancestors_visible; /* its routes also show the settings of the committees above the
                          ** caller's (which settings_update refuses to change: 403) */
};

/* The values in force at the committee whose path is path (value[i] for items[i]), and the
** committee each comes from (source[i]; 0 for the default or the installation's). */
void settings_at(struct db *db, const struct setting_group *g, const char *path, int64_t *value,
                 int64_t *source);

/* The value of one setting (by its JSON name) in force at path; the default when unknown. */
int64_t setting_value(struct db *db, const struct setting_group *g, const char *path,
                      const char *name);

/* {"committee_id", <name>: value..., "own": {name: value or null}, "source": {name: committee
** id or null}, "defaults": {...}, "limits": {name: [min, max]}}. NULL with ctx->err (404). */
json_t *settings_json(struct entity_ctx *ctx, const struct setting_group *g, int64_t committee_id);

/* Sets (an integer in range) or clears (null: inherit again) the given settings of a committee
** in the caller's scope, with an audit entry. 422 on an unknown name or a bad value (the
** message lists the names), 403 outside the scope, 404 no such committee. */
bool settings_update(struct entity_ctx *ctx, const struct setting_group *g, int64_t committee_id,
                     json_t *in);

#endif
