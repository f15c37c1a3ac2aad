/* src/report/bulletin.h: the bulletins of social-conditions reports (《社情民意》, DOMAIN.md
** "Social-conditions report"): adopted reports of a committee's subtree are edited into an
** issue, which is signed off (签发: it gets the next number of the committee's year at the
** first sign-off), may be reopened while not yet sent, and is sent up (报送) to the national or
** provincial CPPCC, the Party committee, the government; sending notes the bulletin on every
** report's timeline and tells its author. An issue prints to PDF in the bulletin layout (red
** masthead, issue number, the reports, the sign-off and distribution lines) and exports as
** Word (.docx). A report is in at most one bulletin of a committee.
**
** Reading needs bulletin.read, writing report.review, both in the committee's scope; a member
** account reads only the issued bulletins (signed off or sent) of its own committee (issue.h).
**
** The JSON of a bulletin:
**   {id, committee_id, committee_name, year, number (null until signed off), title, label,
**    status ("draft" | "signed" | "sent"), status_label, editor, note, signer, signed_at,
**    targets: [name], target_labels: [label], sent_on, sent_at, item_count, created_by,
**    created_at, updated_at}
** and in the detail also items: [{report_id, position, title, body, author, original_title,
** report_status, report_committee_id}] and actions: ["edit", "items", "sign", "reopen",
** "send", "delete"] (what the caller may do now). */
#ifndef LVZHI_BULLETIN_H
#define LVZHI_BULLETIN_H
#include <jansson.h>
#include "base/label.h"
#include <stdbool.h>
#include <stdint.h>
#include "base/buf.h"
#include "doc/doc.h"
#include "entity/entity.h"

extern const struct entity bulletin_entity; /* bulletins */

/* The states of a bulletin and the targets it is sent up to, with their labels. */
extern const struct label bulletin_states[], bulletin_targets[];

/* The life of a bulletin: items, sign, reopen, send (bulletin.c). */
extern const struct flow bulletin_flow;

/* The targets a bulletin is sent up to: {"targets": [{name, label}]}. */
json_t *bulletin_targets_json(void);

/* Whether the caller may read bulletin id (in scope; a member: issued, of its committee); else
** false with ctx->err 404. */
bool bulletin_readable(struct entity_ctx *ctx, int64_t id);

/* The bulletin as documented above, or NULL with ctx->err 404. */
json_t *bulletin_detail(struct entity_ctx *ctx, int64_t id);

/* Bulletins of a committee subtree (0: the caller's), newest first, optionally of one year and
** status, those the caller may read: {"items", "next_cursor", "total"}; NULL with ctx->err (403,
** 422). */
struct bulletin_query {
  int64_t committee_id, after_id;
  int year, limit;
  const char *status;
};
json_t *bulletin_list(struct entity_ctx *ctx, const struct bulletin_query *q);

/* Adopted reports of the subtree of committee_id (0: the caller's) in no bulletin of that
** committee, newest first (at most 500): {"items": [report JSON]}; NULL with ctx->err. */
json_t *bulletin_candidates(struct entity_ctx *ctx, int64_t committee_id);

/* A draft {committee_id, title?, editor?, note?, report_ids?: [..]}: its id, or 0 with ctx->err. */
int64_t bulletin_create(struct entity_ctx *ctx, json_t *in);

/* Changes the title, editor or note of a draft; 409 wrong_state otherwise. */
bool bulletin_edit(struct entity_ctx *ctx, int64_t id, json_t *in);

/* Replaces the reports of a draft, in order: {"items": [{report_id, title?, body?}]} (the
** bulletin's text of each; the report's when absent). 422 a report not adopted or outside the
** committee's subtree, 409 conflict one in another bulletin of the committee. */
bool bulletin_set_items(struct entity_ctx *ctx, int64_t id, json_t *in);

/* Signs off a draft ({"signer"}): numbered at the first sign-off. 422 no items. */
bool bulletin_sign(struct entity_ctx *ctx, int64_t id, json_t *in);

/* Takes a signed, unsent bulletin back to draft (keeps its number). */
bool bulletin_reopen(struct entity_ctx *ctx, int64_t id, json_t *in);

/* Sends a signed bulletin up ({"targets": [name...], "sent_on"?}): the reports' timelines and
** their authors' notifications. */
bool bulletin_send(struct entity_ctx *ctx, int64_t id, json_t *in);

/* Deletes a draft that was never signed off. */
bool bulletin_delete(struct entity_ctx *ctx, int64_t id);

/* The bulletin printed (DOC_PDF) or as Word (DOC_DOCX); appends the bytes to out and returns
** a file name (in the arena) for the download; NULL with ctx->err. */
const char *bulletin_document(struct entity_ctx *ctx, int64_t id, enum doc_format f,
                              struct buf *out);

/* The bulletins report id is in: [{id, committee_id, year, number, label, status, sent_at}]. */
json_t *bulletins_of_report(struct entity_ctx *ctx, int64_t report_id);

#endif
