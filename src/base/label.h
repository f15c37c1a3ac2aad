/* src/base/label.h: the words a person reads for a stored value of an enum (a state, a kind,
** a category). Each enum has one table, owned by its module; the API, the PDFs, the Word files,
** the exports and the web app (through GET /api/v1/labels) all take their words from it, so a
** state reads the same on every screen and every page. */
#ifndef LVZHI_LABEL_H
#define LVZHI_LABEL_H
#include <jansson.h>
#include <stdbool.h>

struct arena;

/* One value: as stored and sent in JSON, in Chinese, in English. A table ends with {NULL}. */
struct label {
  const char *name, *zh, *en;
};

/* A table with the name the web app knows it by ("proposal.state"). */
struct label_table {
  const char *key;
  const struct label *labels;
};

/* Index of name in t, or -1 (also for NULL). */
int label_index(const struct label *t, const char *name);

/* The number of values of t. */
int label_count(const struct label *t);

/* The words for name in the language asked (en: English); name itself when t has no such value,
** "" for NULL. */
const char *label_text(const struct label *t, const char *name, bool en);

/* label_text, but "" when name is not one of t's (NULL included): for a label shown beside a
** stored value that may be empty or unknown. */
const char *label_known(const struct label *t, const char *name, bool en);

/* label_text in Chinese. */
const char *label_zh(const struct label *t, const char *name);

/* "a、b、c" (en: "a, b, c") of the stored names, for messages; in the arena. */
const char *label_names(struct arena *a, const struct label *t, bool en);

/* "a（甲）、b（乙）、c（丙）" (en: "a, b, c") of t: the stored names with their Chinese words, for
** messages that list what a value may be; in the arena. */
const char *label_choices(struct arena *a, const struct label *t, bool en);

/* [{"name", "zh", "en"}, ...] of t. */
json_t *label_json(const struct label *t);

/* Registers table t under key ("proposal.state") for GET /api/v1/labels (setup time, before
** any thread starts; t must live as long as the process). */
void label_register(const char *key, const struct label *t);

/* Registers every table of tables (ended by a NULL key). */
void label_register_all(const struct label_table *tables);

/* {"<key>": [{"name", "zh", "en"}, ...], ...} of every registered table. */
json_t *label_registry_json(void);

#endif
