/* src/proposal/proposal_int.h: what the proposal module's files share (other modules use
** proposal.h). */
#ifndef LVZHI_PROPOSAL_INT_H
#define LVZHI_PROPOSAL_INT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "db/db.h"
#include "proposal.h"

/* The columns of a proposal the rules need. */
struct proposal_row {
  int64_t id, committee_id, session_id, proposer_id, created_by, cosign_deadline, round,
      assigned_at;
  const char *path, *kind, *title;
  enum proposal_state state;
  size_t body_length;
  bool suggestions_empty, is_key;
};

/* Loads proposal id into p; false with ctx->err 404 when there is none. */
bool proposal_load(struct entity_ctx *ctx, int64_t id, struct proposal_row *p);

/* Whether the caller proposed it: its member is the first proposer, or it entered it (the
** system, with no user, always). */
bool proposal_is_author(struct entity_ctx *ctx, const struct proposal_row *p);

/* Sets 409 wrong_state with the current state's label in the message. */
void proposal_wrong_state(struct entity_ctx *ctx, const struct proposal_row *p, const char *zh,
                          const char *en);

/* Appends an event to the timeline (inside the caller's transaction); takes data (may be NULL). */
bool proposal_event(struct entity_ctx *ctx, int64_t id, const char *action, const char *from,
                    const char *to, const char *note, json_t *data);

/* Characters of the body (facts + analysis + suggestions). */
size_t proposal_body_length(const char *facts, const char *analysis, const char *suggestions);

/* The signers, and the assignments with their extension requests, as JSON arrays. */
json_t *proposal_signers_json(struct entity_ctx *ctx, int64_t id);
json_t *proposal_assignments_json(struct entity_ctx *ctx, int64_t id);

/* The proposal as a PDF document, and a list of proposals as a PDF table (proposal_pdf.c; at
** most 20,000 rows; progress, when not NULL, is told the rows read of the list's total after
** each page); false with ctx->err. */
bool proposal_pdf(struct entity_ctx *ctx, int64_t id, struct buf *out);

/* The notices of a proposal (proposal_pdf.c): 立案通知书 to the proposers once it is filed,
** 交办通知书 to the lead unit once it is assigned. */
enum proposal_notice { PN_FILING, PN_ASSIGNMENT };

/* Why the notice cannot be printed of the detail p (proposal_detail): "该提案尚未立案" /
** "该提案尚未交办", or NULL when it can. */
const char *proposal_notice_refusal(json_t *p, enum proposal_notice kind);

/* The notice as a PDF appended to out. False with ctx->err: 404, 409 wrong_state (not filed or
** not assigned), 500. */
bool proposal_notice_pdf(struct entity_ctx *ctx, int64_t id, enum proposal_notice kind,
                         struct buf *out);
bool proposal_list_pdf(struct entity_ctx *ctx, struct proposal_query *q, const char *heading,
                       struct buf *out, void (*progress)(void *arg, int64_t done, int64_t total),
                       void *arg);

/* The evaluation of the current round's reply (proposal_act.c): {round, require_all (the
** committee's proposal.rate_all), lead_rating (the lead proposer's, or null), pending (the
** confirmed signers who have not rated: [{member_id, name}]), status (a name of
** proposal_evaluation_states, or null while no reply awaits or had a rating)}. */
json_t *proposal_evaluation_json(struct entity_ctx *ctx, int64_t id);

/* The action names the caller may take on proposal id now (proposal_act.c). */
json_t *proposal_actions_for(struct entity_ctx *ctx, int64_t id);

#endif
