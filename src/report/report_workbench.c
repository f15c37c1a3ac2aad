/* src/report/report_workbench.c: the reports' entry of the workbench (workbench/workbench.h):
** the submitted reports that wait on the information office (待审核社情民意). The count is the
** "total" of the list its link opens (report_list with the same query). */
#include "auth/access.h"
#include "report.h"
#include "workbench/workbench.h"

static bool office(const struct user *u) { return access_role_has(u->role, PERM_REPORT_REVIEW); }

static int64_t review(struct entity_ctx *ctx) {
  struct report_query q = {.statuses = "submitted", .e.limit = 1};
  json_t *page = report_list(ctx, &q);
  if (!page) return -1;
  int64_t n = json_integer_value(json_object_get(page, "total"));
  json_decref(page);
  return n;
}

const struct workbench_entry report_workbench[] = {
    {"report.review", "待审核社情民意", "Reports to review", "/reports/review", NULL, office,
     review, "/reports/review"},
    {NULL},
};
