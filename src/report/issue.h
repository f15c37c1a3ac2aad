/* src/report/issue.h: what bulletins (bulletin.c) and daily digests (digest.c) share, inside the
** report module: both are numbered issues of a committee's year, in states, read in the
** committee's scope and written by the information office (report.review in scope). Here: the
** row as the rules need it, who reads which issue, the state check with its message, the
** newest-first list of a subtree, creating a draft together with its contents, the pieces of
** their workflow tables (their steps are taken by flow_act), and deleting a draft never
** numbered.
**
** Who reads an issue (the one rule, applied by issue_load, issue_readable and issue_list): the
** staff and the leaders (bulletin.read) every issue of their committee's subtree, drafts too; a
** member account only the issued ones (any state but the first, the draft) of its own
** committee, not those of the committees below it: what the committee published to its
** members (知情明政). Any other issue is 404 to a member, as if it did not exist. */
#ifndef LVZHI_REPORT_ISSUE_H
#define LVZHI_REPORT_ISSUE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "entity/entity.h"
#include "entity/flow.h"

/* A kind of issue: its record, its states and their labels, its detail JSON, its words. */
struct issue_kind {
  const struct entity *e;     /* the table is e->table; audit entries are "<e->name>.<step>" */
  const struct label *states; /* as stored, with their labels; the first is the draft */
  const char *count_items;    /* SQL counting an issue's items, its id the one parameter */
  json_t *(*detail)(struct entity_ctx *ctx, int64_t id);
  const char *none_zh, *none_en; /* "未找到该期刊物" */
};

/* The columns the rules need. */
struct issue_row {
  int64_t id, committee_id, year, number;
  bool numbered;
  const char *path, *status;
  int state; /* index of status in the kind's states */
};

/* Loads issue id of kind k; 404 when there is none or the caller may not read it (outside its
** scope; for a member account a draft or another committee's). */
bool issue_load(struct entity_ctx *ctx, const struct issue_kind *k, int64_t id,
                struct issue_row *r);

/* Whether the caller may read issue id of kind k (as issue_load); else false with ctx->err 404.
** The visibility of the routes and exports naming an issue. */
bool issue_readable(struct entity_ctx *ctx, const struct issue_kind *k, int64_t id);

/* "2026年第3期" ("2026, No. 3"), or "（草稿）" ("(draft)") before an issue is numbered. */
const char *issue_number_text(struct entity_ctx *ctx, int64_t year, bool numbered, int64_t number);

/* Adds what an issue's JSON shows beside its columns (o has them): status_label, label ("社情民意
** 2026年第3期", "社情民意（草稿）"), committee_name, item_count. For the record's to_json hook. */
void issue_to_json(struct entity_ctx *ctx, const struct issue_kind *k, json_t *o);

/* Whether the caller may write it: the information office in scope, or the system. */
bool issue_writer(struct entity_ctx *ctx, const struct issue_row *r);

/* Whether r is in state; else 409 wrong_state: zh/en and the state it is in. */
bool issue_need_state(struct entity_ctx *ctx, const struct issue_kind *k, const struct issue_row *r,
                      const char *state, const char *zh, const char *en);

/* The issues of a committee subtree (0: the caller's), newest first, of one year and one state
** when given, those the caller may read (a member account: the issued ones of its own
** committee): {"items", "next_cursor", "total"}; NULL with ctx->err (403, 422). */
json_t *issue_list(struct entity_ctx *ctx, const struct issue_kind *k, int64_t committee_id,
                   int year, const char *status, int64_t after_id, int limit);

/* Creates a draft from in, whose member extra (taken out before the record's fields are
** checked; may be absent) is handed with the new row to fill (may be NULL) in the same
** transaction, audited as "<name>.create". Returns the id, or 0 with ctx->err. */
int64_t issue_create(struct entity_ctx *ctx, const struct issue_kind *k, json_t *in,
                     const char *extra,
                     bool (*fill)(struct entity_ctx *, const struct issue_row *, json_t *));

/* What the workflow tables of bulletins and digests share (entity/flow.h): who may act (the
** information office in scope, 403), the state and the committee of a loaded issue_row. */
bool issue_may(struct flow_step *s, bool report);
int issue_state(const void *row);
int64_t issue_committee(const void *row);

/* Deletes a draft never numbered, in the same manner (the lock, the audit entry "delete");
** release (may be NULL) runs first in the transaction. */
bool issue_delete(struct entity_ctx *ctx, const struct issue_kind *k, int64_t id,
                  bool (*release)(struct entity_ctx *, int64_t));

/* Inside a step: gives r the next number of its committee's year (year, or r's when 0);
** 409 conflict when another issue took it meanwhile (issue_step then tries again). */
bool issue_number(struct entity_ctx *ctx, const struct issue_kind *k, struct issue_row *r,
                  int year);

#endif
