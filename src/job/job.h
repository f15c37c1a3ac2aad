/* src/job/job.h: long work as jobs: queued in the database, run by a worker thread, with
** progress (done, total, stage) and a result (a file or JSON) kept for download. A job that was
** running when its server stopped is taken up again (up to JOB_MAX_ATTEMPTS) or marked failed
** with the reason; none is lost silently. */
#ifndef LVZHI_JOB_H
#define LVZHI_JOB_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "auth/access.h"

struct buf;
struct db;
struct entity_ctx;
struct arena;
struct user;

#define JOB_MAX_ATTEMPTS   3
#define JOB_STALE_SECONDS  60 /* a running job without a heartbeat this long is taken up again */
#define JOB_RESULT_SECONDS (24 * 3600) /* a result file is kept this long after its job ended */

/* What the jobs of a process share, given by whoever starts them (the server, the command
** line, a test): set up before the first job runs, read-only afterwards. */
struct job_env {
  const char *db_url;          /* the worker thread opens its own connection to it */
  const unsigned char *secret; /* 32 bytes: the key of ID numbers (see auth/secret.h) */
};

/* What a job's code sees while it runs. */
struct job_ctx {
  int64_t id;
  struct db *db;
  const unsigned char *secret; /* the job_env's key */
  struct arena *arena;
  json_t *params;    /* the job's parameters (owned by the runner) */
  const void *input; /* uploaded input (e.g. a CSV file), may be NULL */
  size_t input_len;
  int64_t user_id, committee_id;
  int64_t record_id; /* an export of one record: its id (params' record_id), else 0 */
  /* filled by the job */
  int64_t done, total;
  const char *error; /* Chinese reason when the job fails */
};

/* A kind of job: its name and the function that does it. run returns true on success, having
** stored the result with job_set_result*, or false with ctx->error set. A module exports its
** kinds as a table ended by an entry with a NULL name; main.c's module table hands it here.
**
** An export (a document or a file made from records for the account that asked: a PDF, a
** workbook, a CSV) names the permission reading those records needs (perm) and, when it is
** the export of one record (params' record_id), the module's rule for reading that record
** (visible: the one its GET route uses). It runs only while its account holds perm and may
** read the record, as that account (job_entity_ctx), and its file is downloaded only under
** the same check (job_may_read). Every export is started by job_http.h's job_export_start. */
struct job_kind {
  const char *name;
  const char *label; /* Chinese, for the notification when it ends ("名册导入") */
  bool (*run)(struct job_ctx *ctx);
  enum perm perm;                                      /* an export: reading it needs this */
  bool (*visible)(struct entity_ctx *ctx, int64_t id); /* an export of one record: may ctx
                                                          read record id? */
  bool quiet; /* no notification when it ends (a document of one record: its page waits) */
};

/* Adds a module's table of job kinds (ended by a NULL name). Setup time only; at most 32
** kinds in all. */
void job_kinds_add(const struct job_kind *table);

/* A task the worker thread of every server runs on its own, every interval seconds (the first
** time about 10 seconds after the start). With several nodes each runs it: the task must be
** safe to run twice (e.g. claim its work with a unique row). A module exports its tasks as a
** table ended by an entry with a NULL name. */
struct job_schedule {
  const char *name;
  int interval;
  void (*run)(struct db *db);
};

/* Adds a module's table of scheduled tasks (ended by a NULL name). Setup time only; at most 8
** tasks in all. */
void job_schedules_add(const struct job_schedule *table);

/* The job as an entity context acting as the account that queued it (NULL user: the system,
** or an account disabled since; see job_ctx.user_id), in the language it was asked in
** (params' lang "en": English messages). */
struct entity_ctx job_entity_ctx(struct job_ctx *j);

/* Whether the user of ctx may read what a job of kind made from record_id (0: a list): for an
** export, ctx->user holds the kind's perm and, for one record, the kind's visible says yes; any
** other kind: true. An unknown kind or no user: false. */
bool job_may_read(struct entity_ctx *ctx, const char *kind, int64_t record_id);

/* Ends an export's run: when built, stores out as the job's file (content_type, filename),
** else sets j->error from ctx's error (or "导出失败"); frees out. Returns whether the file is
** stored. */
bool job_set_file(struct job_ctx *j, const struct entity_ctx *ctx, bool built, struct buf *out,
                  const char *content_type, const char *filename);

/* Queues a job; returns its id, or 0 on a database error. input may be NULL. */
int64_t job_enqueue(struct db *db, const char *kind, const json_t *params, const void *input,
                    size_t input_len, int64_t user_id, int64_t committee_id);

/* Reports progress; throttled so it writes at most a few times a second. Also the heartbeat. */
void job_progress(struct job_ctx *ctx, int64_t done, int64_t total, const char *stage);

/* Stores the result file of the job. */
bool job_set_result(struct job_ctx *ctx, const void *data, size_t len, const char *content_type,
                    const char *filename);

/* Stores a JSON result (e.g. an import's summary); does not take j. */
bool job_set_result_json(struct job_ctx *ctx, const json_t *j);

/* The job as the API shows it (without the result bytes; has_file false once the file is past
** JOB_RESULT_SECONDS, whether or not the worker has dropped it yet); NULL if there is none. */
json_t *job_json(struct db *db, int64_t id);

/* Takes up to one queued job and runs it on this thread with db. Returns true when one ran. */
bool job_run_next(struct db *db, const struct job_env *env);

/* Runs a job to the end on the calling thread (the command line) with a progress callback. */
bool job_run_now(struct db *db, const struct job_env *env, int64_t id,
                 void (*on_progress)(int64_t done, int64_t total, const char *stage));

/* Drops the result files of jobs that ended before ended_before (JOB_RESULT_SECONDS ago: the
** worker does it every half minute); the jobs stay, with has_file false. Returns how many. */
int job_expire(struct db *db, int64_t ended_before);

/* Running jobs whose heartbeat is older than stale_before (their server stopped) go back to
** the queue, or fail with the reason when they have used their attempts. Returns how many
** were touched. */
int job_recover(struct db *db, int64_t stale_before);

/* The worker thread of a server: runs the scheduled tasks and the queued jobs with its own
** connection to env->db_url until stopped. env is copied; what it points to must outlive the
** runner. Returns NULL when the thread cannot be started. */
struct job_runner;
struct job_runner *job_runner_start(const struct job_env *env);

/* Stops the worker thread (after the job in hand) and frees r. NULL is ignored. */
void job_runner_stop(struct job_runner *r);

#endif
