/* src/job/job_kinds.c: every module's job kinds, registered in one place. */
#include "job.h"
#include "contact/contact.h"
#include "proposal/proposal.h"
#include "member/member.h"
#include "points/points.h"

void job_kinds_register_all(void) {
  member_jobs_register();
  contact_jobs_register();
  proposal_jobs_register();
  points_jobs_register();
}
