/* src/report/issue.c: the parts bulletins and daily digests share (see issue.h). */
#include "issue.h"
#include <stdio.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "entity/input.h"

/* Whether the caller reads as a member account does: only the issued issues of its committee. */
static bool member_reader(const struct entity_ctx *ctx) {
  return ctx->user && ctx->user->role == ROLE_MEMBER;
}

bool issue_load(struct entity_ctx *ctx, const struct issue_kind *k, int64_t id,
                struct issue_row *r) {
  memset(r, 0, sizeof *r);
  char sql[200];
  snprintf(sql, sizeof sql,
           "SELECT t.committee_id, c.path, t.status, t.year, t.number FROM %s t"
           " JOIN committees c ON c.id = t.committee_id WHERE t.id = ?",
           k->e->table);
  struct db_stmt *st = db_query(ctx->db, sql, "i", id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    r->id = id;
    r->committee_id = db_col_int(st, 0);
    r->path = arena_strdup(ctx->arena, db_col_text(st, 1));
    r->status = arena_strdup(ctx->arena, db_col_text(st, 2));
    r->year = db_col_int(st, 3);
    r->numbered = !db_col_null(st, 4);
    r->number = r->numbered ? db_col_int(st, 4) : 0;
    r->state = label_index(k->states, r->status);
  }
  db_done(st);
  if (!found || (ctx->user && !access_in_scope(ctx->user, r->path)) ||
      (member_reader(ctx) && (r->state <= 0 || r->committee_id != ctx->user->committee_id))) {
    entity_fail(ctx, ERR_NOT_FOUND, NULL, k->none_zh, k->none_en);
    return false;
  }
  return true;
}

bool issue_readable(struct entity_ctx *ctx, const struct issue_kind *k, int64_t id) {
  struct issue_row r;
  return issue_load(ctx, k, id, &r);
}

const char *issue_number_text(struct entity_ctx *ctx, int64_t year, bool numbered, int64_t number) {
  if (!numbered) return ctx->en ? "(draft)" : "（草稿）";
  return ctx->en ? arena_printf(ctx->arena, "%lld, No. %lld", (long long)year, (long long)number)
                 : arena_printf(ctx->arena, "%lld年第%lld期", (long long)year, (long long)number);
}

void issue_to_json(struct entity_ctx *ctx, const struct issue_kind *k, json_t *o) {
  const char *status = json_string_value(json_object_get(o, "status"));
  json_object_set_new(o, "status_label", json_string(label_known(k->states, status, ctx->en)));
  json_t *num = json_object_get(o, "number");
  const char *title = json_string_value(json_object_get(o, "title"));
  json_object_set_new(o, "label",
                      json_string(arena_printf(
                          ctx->arena, "%s%s%s", title ? title : "", json_is_integer(num) ? " " : "",
                          issue_number_text(ctx, json_integer_value(json_object_get(o, "year")),
                                            json_is_integer(num), json_integer_value(num)))));
  struct db_stmt *st = db_query(ctx->db, "SELECT name FROM committees WHERE id = ?", "i",
                                (int64_t)json_integer_value(json_object_get(o, "committee_id")));
  json_object_set_new(o, "committee_name",
                      json_string(db_step(st) == DB_ROW ? db_col_text(st, 0) : ""));
  db_done(st);
  json_object_set_new(o, "item_count",
                      json_integer(db_int(ctx->db, 0, k->count_items, "i",
                                          (int64_t)json_integer_value(json_object_get(o, "id")))));
}

bool issue_writer(struct entity_ctx *ctx, const struct issue_row *r) {
  return !ctx->user || (access_role_has(ctx->user->role, PERM_REPORT_REVIEW) &&
                        access_in_scope(ctx->user, r->path));
}

bool issue_need_state(struct entity_ctx *ctx, const struct issue_kind *k, const struct issue_row *r,
                      const char *state, const char *zh, const char *en) {
  if (!strcmp(r->status, state)) return true;
  entity_fail(ctx, ERR_WRONG_STATE, "status",
              arena_printf(ctx->arena, "%s（当前状态：%s）", zh, label_zh(k->states, r->status)),
              arena_printf(ctx->arena, "%s (now: %s)", en, r->status));
  return false;
}

json_t *issue_list(struct entity_ctx *ctx, const struct issue_kind *k, int64_t committee_id,
                   int year, const char *status, int64_t after_id, int limit) {
  const char *path = entity_subtree(ctx, &committee_id);
  if (!path) return NULL;
  if (status && *status && label_index(k->states, status) < 0) {
    entity_fail(
        ctx, ERR_INVALID_FIELD, "status",
        arena_printf(ctx->arena, "状态应为 %s 之一", label_names(ctx->arena, k->states, false)),
        arena_printf(ctx->arena, "status must be one of %s",
                     label_names(ctx->arena, k->states, true)));
    return NULL;
  }
  struct buf w = {0};
  struct db_value p[8];
  int np = 0;
  buf_puts(&w, " WHERE t.committee_id IN (SELECT id FROM committees WHERE path >= ? AND path < ?)");
  p[np++] = (struct db_value){.type = 't', .s = path};
  p[np++] = (struct db_value){.type = 't', .s = entity_path_hi(ctx, path)};
  if (year) {
    buf_puts(&w, " AND t.year = ?");
    p[np++] = (struct db_value){.type = 'i', .i = year};
  }
  if (status && *status) {
    buf_puts(&w, " AND t.status = ?");
    p[np++] = (struct db_value){.type = 't', .s = status};
  }
  if (member_reader(ctx)) { /* the rule of issue_load: issued, of the member's own committee */
    buf_puts(&w, " AND t.committee_id = ? AND t.status <> ?");
    p[np++] = (struct db_value){.type = 'i', .i = ctx->user->committee_id};
    p[np++] = (struct db_value){.type = 't', .s = k->states[0].name};
  }
  json_t *out = json_object();
  entity_page_newest(ctx, k->e, w.data, p, np, NULL, after_id,
                     limit > 0 && limit <= 500 ? limit : 50, out);
  buf_free(&w);
  return out;
}

/* Ends a write begun with db_begin (rc its result), auditing action with before and the detail
** after when ok. */
static bool finish(struct entity_ctx *ctx, const struct issue_kind *k, int64_t id,
                   int64_t committee, const char *action, json_t *before, bool ok, int rc) {
  if (ok) {
    json_t *after = k->detail(ctx, id);
    ok = after && audit_record(ctx->db, ctx->user, ctx->ip,
                               arena_printf(ctx->arena, "%s.%s", k->e->name, action), k->e->name,
                               id, committee, before, after);
    json_decref(after);
  }
  json_decref(before);
  return entity_finish(ctx, ok ? DB_DONE : rc == DB_DONE ? DB_ERROR : rc);
}

int64_t issue_create(struct entity_ctx *ctx, const struct issue_kind *k, json_t *in,
                     const char *extra,
                     bool (*fill)(struct entity_ctx *, const struct issue_row *, json_t *)) {
  if (!input_object(ctx, in)) return 0;
  json_t *fields = json_deep_copy(in);
  json_t *more = json_incref(json_object_get(fields, extra));
  json_object_del(fields, extra);
  struct entity_value v[ENTITY_MAX_FIELDS];
  int64_t id = 0;
  if (entity_check_create(ctx, k->e, fields, v)) {
    int rc = db_begin(ctx->db);
    bool ok = rc == DB_DONE && (id = entity_insert(ctx, k->e, v, fields)) > 0;
    struct issue_row r = {0};
    if (ok) ok = issue_load(ctx, k, id, &r);
    if (ok && more && fill) ok = fill(ctx, &r, more);
    if (!finish(ctx, k, id, ok ? r.committee_id : 0, "create", NULL, ok, rc)) id = 0;
  }
  json_decref(more);
  json_decref(fields);
  return id;
}

/* Inside the transaction: stamps updated_at if issue id is still in state (which takes the row's
** write lock; cond adds a condition); else 409 wrong_state naming the state it is in now. */
static bool lock_in_state(struct entity_ctx *ctx, const struct issue_kind *k, int64_t id,
                          const char *state, const char *cond, const char *zh, const char *en) {
  int claimed = entity_claim_status(ctx, k->e->table, id, state, cond);
  if (claimed != 0) return claimed == 1;
  struct issue_row now;
  if (issue_load(ctx, k, id, &now) && issue_need_state(ctx, k, &now, state, zh, en))
    entity_fail(ctx, ERR_WRONG_STATE, "status", zh, en); /* numbered meanwhile */
  return false;
}

/* The checks before a write: loaded, the caller a writer, the state. */
static bool may_write(struct entity_ctx *ctx, const struct issue_kind *k, int64_t id,
                      const char *state, const char *zh, const char *en, struct issue_row *r) {
  if (!issue_load(ctx, k, id, r)) return false;
  struct flow_step s = {.ctx = ctx, .row = r};
  return issue_may(&s, true) && issue_need_state(ctx, k, r, state, zh, en);
}

bool issue_may(struct flow_step *s, bool report) {
  if (issue_writer(s->ctx, s->row)) return true;
  if (report)
    entity_fail(s->ctx, ERR_FORBIDDEN, NULL, "只有信息工作部门可以编辑刊物和摘要",
                "Only the information office edits bulletins and digests");
  return false;
}

int issue_state(const void *row) { return ((const struct issue_row *)row)->state; }

int64_t issue_committee(const void *row) { return ((const struct issue_row *)row)->committee_id; }

bool issue_delete(struct entity_ctx *ctx, const struct issue_kind *k, int64_t id,
                  bool (*release)(struct entity_ctx *, int64_t)) {
  struct issue_row r;
  const char *zh = "只有从未编号的草稿可以删除", *en = "Only a draft never numbered can be deleted";
  if (!may_write(ctx, k, id, k->states[0].name, zh, en, &r)) return false;
  if (r.numbered) {
    entity_fail(ctx, ERR_WRONG_STATE, "status",
                arena_printf(ctx->arena, "这期已编为%lld年第%lld期，不能删除，可修改后重新签发",
                             (long long)r.year, (long long)r.number),
                "This issue has its number; edit it and sign it off again");
    return false;
  }
  json_t *before = k->detail(ctx, id);
  char sql[96];
  snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?", k->e->table);
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE &&
            lock_in_state(ctx, k, id, k->states[0].name, " AND number IS NULL", zh, en) &&
            (!release || release(ctx, id)) && db_exec(ctx->db, sql, "i", id) == DB_DONE &&
            audit_record(ctx->db, ctx->user, ctx->ip, "delete", k->e->name, id, r.committee_id,
                         before, NULL);
  json_decref(before);
  return entity_finish(ctx, ok ? DB_DONE : rc == DB_DONE ? DB_ERROR : rc);
}

bool issue_number(struct entity_ctx *ctx, const struct issue_kind *k, struct issue_row *r,
                  int year) {
  char sql[200];
  if (!year) year = (int)r->year;
  snprintf(sql, sizeof sql,
           "SELECT COALESCE(MAX(number), 0) + 1 FROM %s WHERE committee_id = ? AND year = ?",
           k->e->table);
  int64_t number = db_int(ctx->db, 0, sql, "ii", r->committee_id, (int64_t)year);
  snprintf(sql, sizeof sql, "UPDATE %s SET year = ?, number = ? WHERE id = ?", k->e->table);
  int rc = db_exec(ctx->db, sql, "iii", (int64_t)year, number, r->id);
  if (rc == DB_CONSTRAINT)
    entity_fail(ctx, ERR_CONFLICT, "number", "期号刚被另一期占用，请重试",
                "The number was just taken by another issue; try again");
  if (rc != DB_DONE) return false;
  r->year = year, r->number = number, r->numbered = true;
  return true;
}
