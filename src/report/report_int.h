/* src/report/report_int.h: what the report module's files share (other modules use report.h). */
#ifndef LVZHI_REPORT_INT_H
#define LVZHI_REPORT_INT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "db/db.h"
#include "entity/flow.h"
#include "entity/input.h"
#include "report.h"

/* The columns of a report the rules need. */
struct report_row {
  int64_t id, committee_id, member_id, created_by;
  const char *path, *title, *body, *category;
  enum report_state state;
};

/* Loads report id into r; false with ctx->err 404 when there is none. */
bool report_load(struct entity_ctx *ctx, int64_t id, struct report_row *r);

/* Whether the caller wrote it: its member is the submitter, or it entered it (the system
** always). */
bool report_is_author(struct entity_ctx *ctx, const struct report_row *r);

/* Whether the caller is the information office over it (report.review in scope; the system). */
bool report_is_office(struct entity_ctx *ctx, const struct report_row *r);

/* The one check of a report's body against the committee's report.body_max (in force at path),
** on every path that writes a body out of the author's own draft: the author's submission, the
** office's edits, the adoption, the report made from a proposal, the text edited for a
** bulletin. false with 422 invalid_field naming body ("正文共 N 字，超过 M 字的上限"). */
bool report_body_fits(struct entity_ctx *ctx, const char *path, const char *body);

/* Sets 409 wrong_state with the current state's label in the message. */
void report_wrong_state(struct entity_ctx *ctx, const struct report_row *r, const char *zh,
                        const char *en);

/* Appends an event to the timeline (inside the caller's transaction); takes data (may be NULL). */
bool report_event(struct entity_ctx *ctx, int64_t id, const char *action, const char *from,
                  const char *to, const char *note, json_t *data);

/* Notifies the accounts of the report's author (the submitting member's accounts and the one
** that entered it), and the information office over path; never the caller (notify_others). */
void report_notify_author(struct entity_ctx *ctx, const struct report_row *r, const char *kind,
                          const char *title, const char *body);
void report_notify_office(struct entity_ctx *ctx, const struct report_row *r, const char *kind,
                          const char *title, const char *body);

/* The action names the caller may take on report id now (report_act.c). */
json_t *report_actions_for(struct entity_ctx *ctx, int64_t id);

#endif
