/* src/entity/flow.c: the one executor of workflow steps (see flow.h). */
#include "flow.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/audit.h"
#include "auth/access.h"
#include "base/arena.h"
#include "base/mem.h"
#include "base/timeutil.h"
#include "input.h"

int flow_action_index(const struct flow *f, const char *name) {
  for (int i = 0; name && f->actions[i].name; i++)
    if (!strcmp(f->actions[i].name, name)) return i;
  return -1;
}

static int action_count(const struct flow *f) {
  int n = 0;
  while (f->actions[n].name) n++;
  return n;
}

bool flow_allowed(const struct flow *f, int a, int s) {
  return a >= 0 && a < action_count(f) && s >= 0 && s < label_count(f->states) &&
         (f->actions[a].from & FLOW_IN(s));
}

int flow_step_action(const struct flow_step *s) { return (int)(s->action - s->flow->actions); }

void flow_wrong_state(struct entity_ctx *ctx, const struct flow *f, int state, const char *zh,
                      const char *en) {
  const char *name = state >= 0 && state < label_count(f->states) ? f->states[state].name : "";
  entity_fail(ctx, ERR_WRONG_STATE, "status",
              arena_printf(ctx->arena, "%s（当前状态：%s）", zh, label_zh(f->states, name)),
              arena_printf(ctx->arena, "%s (current state: %s)", en, name));
}

bool flow_event(struct entity_ctx *ctx, const struct flow *f, int64_t id, const char *action,
                const char *from, const char *to, const char *note, json_t *data) {
  char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
  json_decref(data);
  char sql[200];
  snprintf(sql, sizeof sql,
           "INSERT INTO %s (%s, at, user_id, action, from_status, to_status, note, data)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
           f->events, f->events_key);
  int rc = db_exec(ctx->db, sql, "iiIttttt", id, time_now(), ctx->user ? ctx->user->id : 0, action,
                   from, to, note ? note : "", text);
  free(text);
  return rc == DB_DONE;
}

static bool may(struct flow_step *s, bool report) {
  bool (*fn)(struct flow_step *, bool) = s->action->may ? s->action->may : s->flow->may;
  return !fn || fn(s, report);
}

static void step_init(struct flow_step *s, struct entity_ctx *ctx, const struct flow *f,
                      const struct flow_action *a, int64_t id, json_t *in) {
  memset(s, 0, sizeof *s);
  s->ctx = ctx, s->flow = f, s->action = a, s->id = id, s->in = in, s->note = "";
  s->row = arena_alloc(ctx->arena, f->row_size);
  memset(s->row, 0, f->row_size);
  s->scratch = arena_alloc(ctx->arena, f->scratch_size ? f->scratch_size : 1);
  memset(s->scratch, 0, f->scratch_size ? f->scratch_size : 1);
  s->now = time_now();
}

bool flow_lock(struct entity_ctx *ctx, const struct flow *f, int64_t id) {
  char sql[160];
  snprintf(sql, sizeof sql, "UPDATE %s SET updated_at = updated_at WHERE id = ?", f->table);
  return db_exec(ctx->db, sql, "i", id) == DB_DONE;
}

/* One try of the step; the transaction is ended either way. */
static bool attempt(struct entity_ctx *ctx, const struct flow *f, const struct flow_action *a,
                    int64_t id, json_t *in) {
  struct flow_step s;
  step_init(&s, ctx, f, a, id, in);
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  char sql[160];
  /* the row's write lock first: what is read below is what no one else can change meanwhile */
  bool ok = flow_lock(ctx, f, id) && f->load(ctx, id, s.row);
  if (ok) {
    s.from = f->state(s.row);
    s.to = a->to == FLOW_STAY ? s.from : a->to;
  }
  if (ok && f->who_first) ok = may(&s, true);
  if (ok && !(a->from & FLOW_IN(s.from))) {
    /* the action's words, else the flow's, else "不能办结" of the action's name */
    const char *zh = a->wrong_zh ? a->wrong_zh : f->wrong_zh,
               *en = a->wrong_en ? a->wrong_en : f->wrong_en;
    flow_wrong_state(ctx, f, s.from, zh ? zh : arena_printf(ctx->arena, "不能%s", a->zh),
                     en ? en : arena_printf(ctx->arena, "Cannot %s", a->name));
    ok = false;
  }
  if (ok && !f->who_first) ok = may(&s, true);
  ok = ok && input_object(ctx, in);
  json_t *before = ok && f->image ? f->image(ctx, id) : NULL;
  if (ok && a->effect) ok = a->effect(&s);
  if (ok) {
    snprintf(sql, sizeof sql, "UPDATE %s SET status = ?, updated_at = ? WHERE id = ?", f->table);
    ok = db_exec(ctx->db, sql, "tii", f->states[s.to].name, s.now, id) == DB_DONE;
  }
  if (ok && f->events) {
    ok = flow_event(ctx, f, id, a->name, f->states[s.from].name, f->states[s.to].name, s.note,
                    s.data);
    s.data = NULL;
  }
  if (ok && f->after) ok = f->after(ctx, id);
  if (ok) {
    json_t *after = f->image ? f->image(ctx, id) : NULL;
    ok = audit_record(ctx->db, ctx->user, ctx->ip,
                      f->audit_bare ? a->name : arena_printf(ctx->arena, "%s.%s", f->name, a->name),
                      f->name, id, f->committee(s.row), before, after);
    json_decref(after);
  }
  json_decref(s.data);
  json_decref(before);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

bool flow_act(struct entity_ctx *ctx, const struct flow *f, int64_t id, int a, json_t *in) {
  if (a < 0 || a >= action_count(f)) {
    entity_fail(ctx, ERR_NOT_FOUND, NULL, "没有这个操作", "No such action");
    return false;
  }
  json_t *empty = in ? NULL : json_object();
  if (!in) in = empty;
  bool ok = false;
  /* two issues numbered at once may take the same number: the unique index refuses one, which
  ** is tried again with the next */
  for (int i = 0;; i++) {
    if (i) memset(&ctx->err, 0, sizeof ctx->err);
    ok = attempt(ctx, f, &f->actions[a], id, in);
    if (ok || i + 1 >= f->attempts || ctx->err.kind != ERR_CONFLICT) break;
  }
  json_decref(empty);
  return ok;
}

json_t *flow_actions(struct entity_ctx *ctx, const struct flow *f, int64_t id) {
  json_t *out = json_array();
  struct flow_step s;
  step_init(&s, ctx, f, NULL, id, NULL);
  if (!f->load(ctx, id, s.row)) {
    memset(&ctx->err, 0, sizeof ctx->err);
    return out;
  }
  s.from = s.to = f->state(s.row);
  for (int i = 0; f->actions[i].name; i++) {
    const struct flow_action *a = &f->actions[i];
    if (!(a->from & FLOW_IN(s.from))) continue;
    s.action = a;
    memset(s.scratch, 0, f->scratch_size ? f->scratch_size : 1);
    if (may(&s, false) && (!a->ready || a->ready(&s)))
      json_array_append_new(out, json_string(a->name));
  }
  return out;
}

void flow_register_labels(const struct flow *f) {
  int n = action_count(f);
  struct label *t = mem_alloc(sizeof *t * (size_t)(n + 1));
  for (int i = 0; i < n; i++)
    t[i] = (struct label){f->actions[i].name, f->actions[i].zh, f->actions[i].en};
  t[n] = (struct label){NULL, NULL, NULL};
  size_t len = strlen(f->name) + sizeof ".action";
  char *state_key = mem_alloc(len), *action_key = mem_alloc(len);
  snprintf(state_key, len, "%s.state", f->name);
  snprintf(action_key, len, "%s.action", f->name);
  label_register(state_key, f->states);
  label_register(action_key, t);
  /* the questions of the irreversible steps, asked by the web app before it takes them */
  struct label *q = mem_alloc(sizeof *q * (size_t)(n + 1));
  int k = 0;
  for (int i = 0; i < n; i++)
    if (f->actions[i].confirm_zh)
      q[k++] = (struct label){f->actions[i].name, f->actions[i].confirm_zh,
                              f->actions[i].confirm_en ? f->actions[i].confirm_en
                                                       : f->actions[i].confirm_zh};
  q[k] = (struct label){NULL, NULL, NULL};
  if (!k) {
    free(q);
    return;
  }
  len = strlen(f->name) + sizeof ".confirm";
  char *confirm_key = mem_alloc(len);
  snprintf(confirm_key, len, "%s.confirm", f->name);
  label_register(confirm_key, q);
}
