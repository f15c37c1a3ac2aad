/* src/job/job_kinds.c: every module's job kinds, registered in one place. */
#include "job.h"
#include "member/member.h"

void job_kinds_register_all(void) { member_jobs_register(); }
