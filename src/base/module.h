/* src/base/module.h: what a module hands the layers below it. main.c lists every module in
** one table and gives the router the route tables, the job queue the job kinds and the
** scheduled tasks, and GET /api/v1/labels the label tables of its enums and of its workflows'
** states and actions, the file module the records that hold files (so that a download is
** checked by the rule of the record the file belongs to), the records other modules may refer
** to (so that a reference is checked by the rule of the record it names) and the records that
** refer to others (so that a record lists what refers to it), the workbench its entries (what
** waits on whom, counted; workbench/workbench.h); neither the server
*(src/http/), the
** job queue (src/job/) nor the file module (src/file/) names a module.
** A new module exports its tables and adds one line to main.c's table. */
#ifndef LVZHI_MODULE_H
#define LVZHI_MODULE_H

struct route;
struct job_kind;
struct job_schedule;
struct label_table;
struct flow;
struct file_holder;
struct record_kind;
struct record_referrer;
struct workbench_entry;

struct module {
  const char *name;                     /* "proposal" */
  const struct route *routes;           /* its routes (ended by a NULL method), or NULL */
  const struct job_kind *jobs;          /* its job kinds (ended by a NULL name), or NULL */
  const struct job_schedule *schedules; /* its scheduled tasks (ended by a NULL name), or NULL */
  const struct label_table *labels;     /* its enums' label tables (ended by a NULL key), or NULL */
  const struct flow *const *flows;      /* its records with states (ended by NULL), or NULL */
  const struct file_holder *files; /* its records that hold files (ended by a NULL name), or NULL */
  const struct record_kind *refs;  /* its records others may refer to (ended by a NULL name) */
  const struct record_referrer *referrers; /* its records that refer to others' (NULL name) */
  const struct workbench_entry *workbench; /* its entries of the workbench (NULL key), or NULL */
};

#endif
