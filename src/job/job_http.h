/* src/job/job_http.h: the one way an export starts, for the routes of every module.
**
** A route that makes a document or a file from records (a PDF, a Word file, a workbook, a CSV)
** does not build it on the event loop: its handler checks what it can check at once (the
** route's permission and the record's visibility are the router's; the format, the year, the
** committee's scope are the handler's: 4xx as before), then calls job_export_start with a job
** kind of its module's table whose perm and visible say who may read the file. The worker
** builds the file as the account that asked; GET /api/v1/jobs/{id} shows the progress and
** GET /api/v1/jobs/{id}/result gives the file to that account while it may still read the
** record (job_may_read). */
#ifndef LVZHI_JOB_HTTP_H
#define LVZHI_JOB_HTTP_H
#include <jansson.h>
#include <stdint.h>

struct request;

/* Queues the export kind for the caller with params (taken; NULL: none), record_id (the one
** record exported, 0 for a list) and the caller's language, and answers: to a POST 202
** {"job": {...}}, to a GET (the old URL of the file) 303 See Other; both with Location:
** /api/v1/jobs/{id}. 500 on a database error. A route that starts an export is flagged
** ROUTE_EXPORT (or ROUTE_EXPORT_FORMAT): the answer is recorded in the audit log as the export
** (http/request.c). */
void job_export_start(struct request *rq, const char *kind, int64_t record_id, json_t *params);

/* job_export_start in two steps, for a handler that writes more in the same transaction (an
** audit entry of whole ID numbers): queues the job (params taken) and returns its id, 0 on a
** database error (nothing answered); then job_export_reply answers for job id as above. */
int64_t job_export_queue(struct request *rq, const char *kind, int64_t record_id, json_t *params);
void job_export_reply(struct request *rq, int64_t id);

#endif
