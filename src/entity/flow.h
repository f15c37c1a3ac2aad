/* src/entity/flow.h: the workflow step of every record with states (proposals, reports,
** bulletins, digests, requests, and every module to come). A module describes its record's life
** as a table: the states (a label table), and the actions, each with the states it may be taken
** in, the state it leads to, who may take it, what must be there to act on, and its effect. One
** executor does every step the same way:
**
**   begin; lock the row; load it; is the action allowed in its state (409)? may the caller take
**   it (403)? the record before; the effect (the writes, the timeline note, the notifications);
**   the new state; the timeline event; the module's after-step (the points a record earns); the
**   audit entry with before and after; commit
**
** Because the row is loaded and checked under its write lock, the same action sent twice at once
** has one effect: the second request finds the state the first left and is refused. */
#ifndef LVZHI_FLOW_H
#define LVZHI_FLOW_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/label.h"
#include "entity.h"

#define FLOW_IN(state) (1u << (state)) /* a state in an action's from-set */
#define FLOW_STAY      (-1)            /* an action's to: the state stays (or the effect says) */

struct flow;
struct flow_action;

/* One step being taken: what the action's functions read and write. */
struct flow_step {
  struct entity_ctx *ctx;
  const struct flow *flow;
  const struct flow_action *action;
  int64_t id;
  void *row;        /* the module's row, loaded under the lock (flow->row_size bytes) */
  void *scratch;    /* zeroed, flow->scratch_size bytes: what may() found for the effect */
  int from, to;     /* states; to starts as the action's (or from), the effect may change it */
  json_t *in;       /* the body: a JSON object ({} when none was sent) */
  const char *note; /* the timeline event's note ("") */
  json_t *data;     /* the timeline event's data (may stay NULL); the executor frees it */
  int64_t now;      /* UTC seconds of the step */
};

/* One action of a record's life. A table of them ends with {NULL}; its order is the module's
** enum of actions, so an action's index is its enum value. */
struct flow_action {
  const char *name; /* "file": the URL's last segment, the timeline's and the audit's word */
  unsigned from;    /* FLOW_IN(a) | FLOW_IN(b): the states it may be taken in */
  int to;           /* the state it leads to, or FLOW_STAY */
  /* Who may take it now. With report, sets ctx->err (403, or 409 for a step out of order) when
  ** not. NULL: the flow's may. */
  bool (*may)(struct flow_step *s, bool report);
  /* Whether there is something to act on (only the actions list asks); NULL: always. */
  bool (*ready)(struct flow_step *s);
  /* The writes of the step inside the transaction; false with ctx->err. NULL: none. */
  bool (*effect)(struct flow_step *s);
  const char *zh, *en; /* the action as a person reads it: "立案" */
  /* The 409's words when the state is wrong ("只有草稿可以签发"); NULL: the flow's. */
  const char *wrong_zh, *wrong_en;
  /* An irreversible step: the question the app asks before taking it ("审核通过后答复将送达
  **提案人，不能撤回。确定审核通过吗？"), served as "<flow>.confirm" by GET /api/v1/labels; NULL:
  ** no question. */
  const char *confirm_zh, *confirm_en;
};

/* A record type with states. */
struct flow {
  const char *name;                  /* "proposal": audit "proposal.<action>", points kind */
  const char *table;                 /* its status and updated_at columns are written here */
  const struct label *states;        /* index = state; name as stored in status */
  const struct flow_action *actions; /* ends with {NULL} */
  const char *events, *events_key;   /* the timeline table and its key column, or NULL */
  size_t row_size, scratch_size;
  /* Loads row id into row (row_size bytes); false with ctx->err 404 when there is none or the
  ** caller may not see it. */
  bool (*load)(struct entity_ctx *ctx, int64_t id, void *row);
  int (*state)(const void *row);         /* the row's state */
  int64_t (*committee)(const void *row); /* the row's committee, for the audit entry */
  json_t *(*image)(struct entity_ctx *ctx, int64_t id); /* the record for the audit */
  bool (*may)(struct flow_step *s, bool report);        /* default who-may of actions */
  /* After every step, in the transaction (the points the record earns); NULL: nothing. */
  bool (*after)(struct entity_ctx *ctx, int64_t id);
  int attempts;    /* tries of a step that meets 409 conflict (a number just taken): 1 or more */
  bool who_first;  /* who may act is checked before the state (403 before 409) */
  bool audit_bare; /* audit entries name the action alone ("resolve", not "request.resolve") */
  const char *wrong_zh,
      *wrong_en; /* the 409's words: "当前状态下不能执行此操作" (NULL: "不能办结") */
};

/* Takes the write lock of record id of f's table inside the caller's transaction (flow_act does
** it first): a module's own write that depends on the record's state (an edit allowed only in
** some states) takes it, then loads the row and checks the state, so that no step changes the
** state between the check and the write. False on a database error. */
bool flow_lock(struct entity_ctx *ctx, const struct flow *f, int64_t id);

/* Index of the action called name in f, or -1. */
int flow_action_index(const struct flow *f, const char *name);

/* Whether action a (an index) may be taken in state s. */
bool flow_allowed(const struct flow *f, int a, int s);

/* The index of the action being taken. */
int flow_step_action(const struct flow_step *s);

/* Takes action a (an index) on record id with body in (NULL: {}), as the table says, in one
** transaction (see the top of this file). Returns false with ctx->err: 404 no such record or
** action, 409 wrong_state, 403, 422 from the effect's input checks, 500. */
bool flow_act(struct entity_ctx *ctx, const struct flow *f, int64_t id, int a, json_t *in);

/* The names of the actions the caller may take on record id now: allowed in its state, may(),
** ready(). An empty array when the record is not there. */
json_t *flow_actions(struct entity_ctx *ctx, const struct flow *f, int64_t id);

/* Registers f's states as "<name>.state", its actions as "<name>.action" and the questions of
** its irreversible actions (confirm_zh/en) as "<name>.confirm" (when it has any) for
** GET /api/v1/labels (setup time; the tables are built once and kept). */
void flow_register_labels(const struct flow *f);

/* Sets 409 wrong_state: zh/en and the state the row is in ("…（当前状态：已立案）"). */
void flow_wrong_state(struct entity_ctx *ctx, const struct flow *f, int state, const char *zh,
                      const char *en);

/* Appends an event to f's timeline for record id (inside the caller's transaction): the
** action, the states before and after (NULL for none), the note, data (taken; may be NULL). */
bool flow_event(struct entity_ctx *ctx, const struct flow *f, int64_t id, const char *action,
                const char *from, const char *to, const char *note, json_t *data);

#endif
