/* src/contact/contact_workbench.c: the contact work's entries of the workbench (workbench/
** workbench.h): for the staff who keep the requests from the masses, those overdue (超期诉求:
** open past contact.request_days, the list GET /requests?overdue=1) and this week's activities
** that clash (the calendar's week view of today marks them and counts them); for a member, what it
*still
** needs this quarter — the activities short of the quarter's
** minimum, and the people short of the year's (40 by default). Each count is the figure of the
** member's compliance (contact_compliance of the member, this CST quarter) that its link opens:
** the compliance page shows the same activities_short and people_short. For those who remind
** the members (contact.organise: the staff, an organiser for its body), the members of their
** subtree not on track this quarter (the compliance list ?short=1) and the reminders still to
** send (?to_remind=1): each the total of that list, counted by its rule in two grouped
** statements (contact_compliance.c). */
#include "auth/access.h"
#include "base/timeutil.h"
#include "contact.h"
#include "workbench/workbench.h"

static bool member(const struct user *u) { return u->role == ROLE_MEMBER && u->member_id; }
static bool staff(const struct user *u) { return access_role_has(u->role, PERM_CONTACT_WRITE); }

/* The requests overdue in the caller's scope: the total of GET /requests?overdue=1. */
static int64_t overdue_requests(struct entity_ctx *ctx) {
  struct entity_query q = {.limit = 1, .with_total = true};
  contact_request_overdue(ctx, &q);
  json_t *page = entity_list(ctx, &contact_request_entity, &q);
  if (!page) return -1;
  int64_t n = json_integer_value(json_object_get(page, "total"));
  json_decref(page);
  return n;
}

/* The member's compliance figure name for the quarter holding now; -1 on an error. */
static int64_t short_of(struct entity_ctx *ctx, const char *name) {
  struct contact_compliance_query q = {.member_id = ctx->user->member_id, .limit = 1};
  time_cst_quarter(time_now(), &q.year, &q.quarter);
  json_t *out = contact_compliance(ctx, &q);
  if (!out) return -1;
  json_t *item = json_array_get(json_object_get(out, "items"), 0);
  int64_t n = item ? json_integer_value(json_object_get(item, name)) : 0;
  json_decref(out);
  return n > 0 ? n : 0;
}

/* The members of the caller's subtree (an organiser: of its body) not on track this CST quarter,
** or (remind) those of them to remind: the total of GET /compliance?short=1 (or ?to_remind=1)
** for this quarter, counted by that list's own rule (contact_compliance_short_count). */
static int64_t behind_of(struct entity_ctx *ctx, bool remind) {
  struct contact_compliance_query q = {.short_only = true, .to_remind = remind};
  time_cst_quarter(time_now(), &q.year, &q.quarter);
  return contact_compliance_short_count(ctx, &q);
}
static int64_t behind(struct entity_ctx *ctx) { return behind_of(ctx, false); }
static int64_t to_remind(struct entity_ctx *ctx) { return behind_of(ctx, true); }
/* those who remind the members (contact.organise): the staff, and an organiser for its body */
static bool reminds(const struct user *u) {
  return access_role_has(u->role, PERM_CONTACT_ORGANISE);
}

static int64_t activities(struct entity_ctx *ctx) { return short_of(ctx, "activities_short"); }
static int64_t people(struct entity_ctx *ctx) { return short_of(ctx, "people_short"); }

/* The first instant (UTC seconds) of the CST week, Monday first, that holds t: the week the
** calendar's week view shows for today. */
static int64_t week_start(int64_t t) {
  int64_t day = (t + CST_OFFSET) / 86400; /* 1970-01-01 was a Thursday */
  int64_t monday = day - (day + 3) % 7;
  return monday * 86400 - CST_OFFSET;
}

/* This week's activities in the caller's scope that clash with another (the calendar's week
** view marks them and says how many: contact_calendar's items with clash_ids). */
static int64_t clashes(struct entity_ctx *ctx) {
  int64_t from = week_start(time_now());
  json_t *cal = contact_calendar(ctx, 0, from, from + 7 * 86400);
  if (!cal) return -1;
  int64_t n = 0;
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(cal, "items"), i, it) n +=
      json_array_size(json_object_get(it, "clash_ids")) > 0;
  json_decref(cal);
  return n;
}

const struct workbench_entry contact_workbench[] = {
    {"contact.clashes", "本周活动冲突", "Clashing activities this week",
     "/contact/calendar?view=week", NULL, staff, clashes, "/contact/calendar"},
    {"contact.overdue_requests", "超期诉求", "Overdue requests", "/contact/requests?overdue=1",
     NULL, staff, overdue_requests, "/contact/requests"},
    {"contact.members_behind", "本季度未达履职要求的委员",
     "Members behind their quota this quarter", "/contact/compliance?short=1", NULL, reminds,
     behind, "/contact/compliance"},
    {"contact.reminders_due", "待发送的履职提醒", "Reminders to send",
     "/contact/compliance?to_remind=1", NULL, reminds, to_remind, NULL},
    {"contact.activities_short", "本季度还需参加的履职活动", "Activities still needed this quarter",
     "/contact/compliance", "/compliance", member, activities, "/contact/compliance"},
    {"contact.people_short", "全年还需联系的群众人数", "People still to reach this year",
     "/contact/compliance", "/compliance", member, people, NULL},
    {NULL},
};
