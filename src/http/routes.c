/* src/http/routes.c: every module's route table, registered in one place. A new module adds
** its table here. */
#include "router.h"

extern const struct route system_routes[], auth_routes[], org_routes[], member_routes[],
    job_routes[], notify_routes[], stats_routes[];
extern const struct route file_routes[], contact_routes[], proposal_routes[], points_routes[],
    report_routes[], bulletin_routes[];

void routes_register_all(void) {
  router_add(system_routes);
  router_add(auth_routes);
  router_add(org_routes);
  router_add(member_routes);
  router_add(job_routes);
  router_add(notify_routes);
  router_add(stats_routes);
  router_add(file_routes);
  router_add(contact_routes);
  router_add(proposal_routes);
  router_add(points_routes);
  router_add(report_routes);
  router_add(bulletin_routes);
}
