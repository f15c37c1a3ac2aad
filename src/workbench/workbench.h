/* src/workbench/workbench.h: the workbench (工作台), every role's landing page: what needs doing
** now, as counts that open the filtered lists they stand for. It names no module: each module
** exports a table of its entries (struct workbench_entry, ended by a NULL key) in its line of
** main.c's module table (base/module.h), and main.c hands them here at setup.
**
** An entry says who sees it (sees: a permission, a role, a handling unit, a member account),
** how many there are for the caller (count: one indexed COUNT, the same conditions as the list
** its link opens, so that the count is that list's length), and where the list is (link: the
** console's route with the list's filters in its query; m_link: the phone's, or NULL). */
#ifndef LVZHI_WORKBENCH_H
#define LVZHI_WORKBENCH_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct entity_ctx;
struct user;

struct workbench_entry {
  const char *key;    /* "proposal.review": stable; the web app's i18n key is workbench.<key> */
  const char *zh;     /* "待审查": the label */
  const char *en;     /* "To review" */
  const char *link;   /* "/proposals/review": the console's list with its filters */
  const char *m_link; /* "/proposals?..." under /m/ on the phone, or NULL: not on the phone */
  /* whether the caller sees the entry at all (NULL: every account) */
  bool (*sees)(const struct user *u);
  /* how many, for ctx->user; -1 on a database error */
  int64_t (*count)(struct entity_ctx *ctx);
  /* the menu path whose item carries the count as a badge in the console, or NULL */
  const char *menu;
};

/* Adds a module's entries (ended by a NULL key) to the workbench. Setup time only, before any
** thread starts; at most 64 entries in all (more are left out with a message on stderr). */
void workbench_add(const struct workbench_entry *table);

/* The caller's entries, in the order they were added (modules in main.c's order, entries in
** each table's): {"items": [{key, label, count, link, m_link, menu}]}; entries whose count is 0
** are kept. NULL with ctx->err on a database error. */
json_t *workbench_of(struct entity_ctx *ctx);

/* The entries added (for tests and `lvzhi routes`-like listings): the n-th, or NULL past the
** end. */
const struct workbench_entry *workbench_entry_at(int n);

#endif
