/* src/report/digest.h: the daily digest of online social conditions (《网络社情摘要》, Xi'an's
** in the seed): staff collect the items of a day (a title, the text, its source and link), the
** server suggests how to group them by subject (digest_group.h: the similarity of their CJK
** bigrams), staff adjust the groups and name their subjects, and issue the digest, which then
** gets the next number of the committee's year; it prints to PDF and exports to Word.
**
** Reading needs bulletin.read, writing report.review, in the committee's scope; a member account
** reads only the issued digests of its own committee (issue.h), and neither the day's items nor
** the suggested grouping (the office's working material: report.review).
**
** An item: {id, committee_id, day, title, text, source, url, digest_id, subject, position,
**           created_by, created_at, updated_at}
** A digest: {id, committee_id, committee_name, day, year, number (null until issued), title,
**            label, status ("draft" | "issued"), status_label, issued_at, issued_by, item_count,
**            created_by, created_at, updated_at}, in the detail also groups: [{subject,
**            items: [item]}] and actions: ["groups", "issue", "delete"]. */
#ifndef LVZHI_DIGEST_H
#define LVZHI_DIGEST_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/label.h"
#include "doc/doc.h"
#include "entity/entity.h"

extern const struct entity digest_entity;      /* digests */
extern const struct entity digest_item_entity; /* digest_items */

/* The states of a digest, with their labels. */
extern const struct label digest_states[];

/* The life of a digest: groups, issue (digest.c). */
extern const struct flow digest_flow;

#define DIGEST_MAX_DAY 5000 /* items of one committee's day that a suggestion reads, at most */

/* The items of committee_id (0: the caller's) on day ("YYYY-MM-DD"; NULL: today in CST), oldest
** first; only those in no digest when unassigned. {"items": [...]}; NULL with ctx->err. */
json_t *digest_items(struct entity_ctx *ctx, int64_t committee_id, const char *day,
                     bool unassigned);

/* Adds an item ({committee_id, day?, title?, text, source, url?}): its id or 0 with ctx->err. */
int64_t digest_item_create(struct entity_ctx *ctx, json_t *in);

/* Edits an item not in an issued digest (its day only while in no digest). */
bool digest_item_edit(struct entity_ctx *ctx, int64_t id, json_t *in);

/* Deletes an item in no digest. */
bool digest_item_delete(struct entity_ctx *ctx, int64_t id);

/* The suggested grouping of the day's items in no digest, at threshold (0 < t <= 1; the route's
** default 0.35 kept 98 % of 2,000 made-up items with their subject in `make bench`):
** {"committee_id", "day", "threshold", "groups": [{subject, keywords: [..], item_ids: [..],
** items: [item]}]}, biggest groups first. The subject is the representative item's title, or
** the first clause of its text, numbered "（2）"… when another group has it already, so the
** suggestion can be taken as it is. NULL with ctx->err. */
json_t *digest_suggest(struct entity_ctx *ctx, int64_t committee_id, const char *day,
                       double threshold);

/* Digests of a subtree (0: the caller's), newest first, those the caller may read: {"items",
** "next_cursor", "total"}. */
struct digest_query {
  int64_t committee_id, after_id;
  int year, limit;
  const char *status;
};
json_t *digest_list(struct entity_ctx *ctx, const struct digest_query *q);

/* A draft digest {committee_id, day, title?, groups: [{subject, item_ids}]}: id or 0. */
int64_t digest_create(struct entity_ctx *ctx, json_t *in);

/* Whether the caller may read digest id (in scope; a member: issued, of its committee); else
** false with ctx->err 404. */
bool digest_readable(struct entity_ctx *ctx, int64_t id);

/* The digest as documented above, or NULL with ctx->err 404. */
json_t *digest_detail(struct entity_ctx *ctx, int64_t id);

/* Regroups a draft ({"groups": [...]}); items left out are released. */
bool digest_set_groups(struct entity_ctx *ctx, int64_t id, json_t *in);

/* Issues a draft: numbered, final. */
bool digest_issue(struct entity_ctx *ctx, int64_t id, json_t *in);

/* Deletes a draft; its items are released. */
bool digest_delete(struct entity_ctx *ctx, int64_t id);

/* The digest as PDF or Word appended to out; the download's file name, or NULL with ctx->err. */
const char *digest_document(struct entity_ctx *ctx, int64_t id, enum doc_format f, struct buf *out);

#endif
