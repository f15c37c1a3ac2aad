/* src/report/report_workbench.c: the reports' entries of the workbench (workbench/workbench.h):
** the submitted reports that wait on the information office (待审核社情民意) and the adopted ones
** not yet edited into a bulletin of its committee (待编发: the bulletins' candidates). Each count
*is
** the "total" of the list its link opens (report_list with the same query). */
#include "auth/access.h"
#include "report.h"
#include "workbench/workbench.h"

static bool office(const struct user *u) { return access_role_has(u->role, PERM_REPORT_REVIEW); }

/* The total of the list of q. */
static int64_t total(struct entity_ctx *ctx, struct report_query q) {
  return report_list_total(ctx, &q);
}

static int64_t review(struct entity_ctx *ctx) {
  return total(ctx, (struct report_query){.statuses = "submitted"});
}

/* adopted, not yet in a bulletin of the caller's committee (its candidates, 待编发) */
static int64_t to_edit(struct entity_ctx *ctx) {
  return total(ctx, (struct report_query){.statuses = "adopted", .unbulletined = true});
}

const struct workbench_entry report_workbench[] = {
    {"report.review", "待审核社情民意", "Reports to review", "/reports/review", NULL, office,
     review, "/reports/review"},
    {"report.to_edit", "待编发（已采用未编入刊物）", "Adopted, not yet in a bulletin",
     "/reports?status=adopted&unbulletined=1", NULL, office, to_edit, "/bulletins"},
    {NULL},
};
