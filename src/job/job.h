/* src/job/job.h: long work as jobs: queued in the database, run by a worker thread, with
** progress (done, total, stage) and a result (a file or JSON) kept for download. A job that was
** running when its server stopped is taken up again (up to JOB_MAX_ATTEMPTS) or marked failed
** with the reason; none is lost silently. */
#ifndef LVZHI_JOB_H
#define LVZHI_JOB_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct app;
struct arena;
struct user;

#define JOB_MAX_ATTEMPTS  3
#define JOB_STALE_SECONDS 60 /* a running job without a heartbeat this long is taken up again */

/* What a job's code sees while it runs. */
struct job_ctx {
  int64_t id;
  struct db *db;
  struct app *app;
  struct arena *arena;
  json_t *params;    /* the job's parameters (owned by the runner) */
  const void *input; /* uploaded input (e.g. a CSV file), may be NULL */
  size_t input_len;
  int64_t user_id, committee_id;
  /* filled by the job */
  int64_t done, total;
  const char *error; /* Chinese reason when the job fails */
};

/* A kind of job: its name and the function that does it. run returns true on success, having
** stored the result with job_set_result*, or false with ctx->error set. */
struct job_kind {
  const char *name;
  const char *label; /* Chinese, for the notification when it ends ("名册导入") */
  bool (*run)(struct job_ctx *ctx);
};

/* Registers a kind (setup time). */
void job_register(const struct job_kind *kind);

/* A task the worker thread of every server runs on its own, every interval seconds (the first
** time about 10 seconds after the start). With several nodes each runs it: the task must be
** safe to run twice (e.g. claim its work with a unique row). */
struct job_schedule {
  const char *name;
  int interval;
  void (*run)(struct db *db, struct app *app);
};

/* Registers a scheduled task (setup time; at most 8). */
void job_schedule_register(const struct job_schedule *task);

/* The job as an entity context acting as the account that queued it (NULL user: the system,
** or an account disabled since; see job_ctx.user_id). */
struct entity_ctx job_entity_ctx(struct job_ctx *j);

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

/* The job as the API shows it (without the result bytes); NULL if there is none. */
json_t *job_json(struct db *db, int64_t id);

/* Takes up to one queued job and runs it on this thread with db. Returns true when one ran. */
bool job_run_next(struct db *db, struct app *app);

/* Runs a job to the end on the calling thread (the command line) with a progress callback. */
bool job_run_now(struct db *db, struct app *app, int64_t id,
                 void (*on_progress)(int64_t done, int64_t total, const char *stage));

/* Running jobs whose heartbeat is older than stale_before (their server stopped) go back to
** the queue, or fail with the reason when they have used their attempts. Returns how many
** were touched. */
int job_recover(struct db *db, int64_t stale_before);

/* The worker thread of a server. */
struct job_runner;
struct job_runner *job_runner_start(struct app *app);
void job_runner_stop(struct job_runner *r);

/* Registers the job kinds of every module (src/job/job_kinds.c). */
void job_kinds_register_all(void);

#endif
