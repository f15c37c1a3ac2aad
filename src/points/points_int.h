/* src/points/points_int.h: what the points files share inside the module. */
#ifndef LVZHI_POINTS_INT_H
#define LVZHI_POINTS_INT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "points.h"

struct db;
struct job_ctx;
struct buf;

/* An event that can earn points, as derived from its source record. */
struct pevent {
  int64_t member_id;
  int year;                /* CST year of occurred_at */
  int ev;                  /* index in the catalogue */
  const char *source_kind; /* static: "activity", "proposal", "duty_record" */
  int64_t source_id;
  int64_t occurred_at;
  int num, den; /* minutes attended of minutes held (meetings), -1 when not given */
};

/* A growing array of events (malloc'd). */
struct pevents {
  struct pevent *v;
  size_t n, cap;
};

void pevents_add(struct pevents *a, const struct pevent *e);
void pevents_free(struct pevents *a);

/* Appends the events of source record id of kind; false on a database error or an unknown
** kind. */
bool points_derive_one(struct db *db, const char *kind, int64_t id, struct pevents *out);

/* Appends the events of year of every source for the members of the subtree at path. */
bool points_derive_year(struct db *db, const char *path, const char *path_hi, int year,
                        struct pevents *out);

/* One scored entry of the ledger. */
struct pscored {
  int rule;         /* the catalogue index of the rule applied */
  int raw, points;  /* tenths */
  const char *note; /* static */
};

/* Orders events for scoring (member, occurred_at, event, source): the order caps apply in. */
int pevent_cmp(const void *a, const void *b);

/* Scores the events of one member-year (sorted by pevent_cmp) under r into out[n]; returns the
** total in tenths. */
int64_t points_score(const struct points_rules *r, const struct pevent *ev, size_t n,
                     struct pscored *out);

/* The CST year of UTC time t. */
int points_year_of(int64_t t);

/* UTC seconds of 00:00 CST on 1 January of year. */
int64_t points_year_start(int year);

/* Tenths of points as a JSON number: an integer when whole, else one decimal. */
json_t *points_json(int64_t tenths);

/* How many times this process has written ledger entries (for the ranking's cache). */
int64_t points_writes(void);

/* The "points_recompute" job (points_ledger.c): recomputes the ledger of the committee and
** year its parameters name. Returns false with j->error set on failure. */
bool points_recompute_job(struct job_ctx *j);

/* Checks the years of a duty file (from..to within 2000..2099, ten at most); false with
** ctx->err (422 on year) otherwise (points_file.c). */
bool points_duty_file_years(struct entity_ctx *ctx, int from, int to);

/* The "duty_file" export (points_file.c): the duty file of the member params' record_id for the
** years from..to as a PDF or XLSX (params' format), made as the account that asked. */
bool points_duty_file_job(struct job_ctx *j);

/* The quarter's words: 第一季度 ... 第四季度 ("" out of 1..4). */
const char *points_quarter_words(int quarter);

/* The duty bulletin of a quarter of committee_id's subtree (points_bulletin.c) as a PDF appended
** to out, calling progress (may be NULL) after every page of 500 members. False with ctx->err:
** contact_rollup's 422/403, 500. */
bool points_bulletin_pdf(struct entity_ctx *ctx, int64_t committee_id, int year, int quarter,
                         struct buf *out, void (*progress)(void *arg, int64_t done, int64_t total),
                         void *arg);

#endif
