/* src/proposal/proposal_workbench.c: the proposals' entries of the workbench (workbench/
** workbench.h): what waits on the proposal office, on a handling unit and on a member. Each
** count is proposal_list_total of the very query its link's list sends, so that the count is the
** length of the list it opens. */
#include "auth/access.h"
#include "proposal.h"
#include "workbench/workbench.h"

static bool office(const struct user *u) { return access_role_has(u->role, PERM_PROPOSAL_REVIEW); }
static bool unit(const struct user *u) { return u->role == ROLE_HANDLING_UNIT && u->unit_id; }
static bool member(const struct user *u) { return u->role == ROLE_MEMBER && u->member_id; }

static int64_t total(struct entity_ctx *ctx, struct proposal_query q) {
  return proposal_list_total(ctx, &q);
}

/* the office */
static int64_t review(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.statuses = "submitted"});
}
static int64_t to_assign(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.statuses = "filed"});
}
static int64_t objected(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.assignment = "objected"});
}
static int64_t late_accept(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.assignment = "late_accept"});
}
static int64_t reply_check(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.assignment = "reply_check"});
}
/* the days of "near" in the link below */
static int64_t near(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.near_days = 15});
}
static int64_t overdue(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.overdue = true});
}

/* a handling unit (its own assignments: the list's visibility and the assignment filter) */
static int64_t to_accept(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.assignment = "to_accept"});
}
static int64_t handling(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.statuses = "handling,rehandling"});
}
static int64_t view_due(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.assignment = "view_due"});
}
static int64_t reply_returned(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.assignment = "reply_returned"});
}

/* a member */
static int64_t cosign(struct entity_ctx *ctx) {
  return total(ctx, (struct proposal_query){.cosign_pending = true});
}

const struct workbench_entry proposal_workbench[] = {
    {"proposal.review", "待审查提案", "Proposals to review", "/proposals/review", NULL, office,
     review, "/proposals/review"},
    {"proposal.to_assign", "待交办提案", "Proposals to assign", "/proposals?status=filed", NULL,
     office, to_assign, NULL},
    {"proposal.objected", "交办异议待处理", "Objections to assignments",
     "/proposals?assignment=objected", NULL, office, objected, NULL},
    {"proposal.late_accept", "逾期未签收", "Not accepted in time",
     "/proposals?assignment=late_accept", NULL, office, late_accept, NULL},
    {"proposal.reply_check", "答复待审核", "Replies to check", "/proposals?assignment=reply_check",
     NULL, office, reply_check, NULL},
    {"proposal.near", "临近办理期限（15天内）", "Due within 15 days", "/proposals?near=15", NULL,
     office, near, "/proposals/supervision"},
    {"proposal.overdue", "超过办理期限", "Past the deadline", "/proposals?overdue=1", NULL, office,
     overdue, NULL},
    {"proposal.to_accept", "待签收", "To accept", "/proposals/assigned?assignment=to_accept", NULL,
     unit, to_accept, "/proposals/assigned"},
    {"proposal.handling", "办理中", "Being handled",
     "/proposals/assigned?status=handling,rehandling", NULL, unit, handling, NULL},
    {"proposal.view_due", "会办意见待提交", "Co-handling views to give",
     "/proposals/assigned?assignment=view_due", NULL, unit, view_due, NULL},
    {"proposal.reply_returned", "被退回的答复", "Replies returned",
     "/proposals/assigned?assignment=reply_returned", NULL, unit, reply_returned, NULL},
    {"proposal.cosign", "待确认联名", "Co-signing to confirm", "/proposals?cosign=pending",
     "/proposals?cosign=pending", member, cosign, "/proposals"},
    {NULL},
};
