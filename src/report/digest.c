/* src/report/digest.c: the daily digest (see digest.h): the items of a day, the suggested
** grouping, digests with their groups, issuing with a number. Each write is one transaction
** with its audit entry. The printed and Word forms are in report_doc.c. */
#include "digest.h"
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "digest_group.h"
#include "entity/input.h"
#include "issue.h"
#include "report_int.h"

#define MAX_GROUPS 500

/* ---- the records ----------------------------------------------------------------------------- */

static const struct field item_fields[] = {
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"day", FT_DATE, FF_REQUIRED | FF_FILTER, "日期", "day"},
    {"title", FT_TEXT, 0, "标题", "title", 100},
    {"text", FT_TEXT, FF_REQUIRED, "内容", "text", 5000},
    {"source", FT_TEXT, FF_REQUIRED, "来源", "source", 100},
    {"url", FT_TEXT, 0, "链接", "link", 500},
    {"digest_id", FT_INT, FF_READONLY | FF_FILTER, "所在摘要", "digest"},
    {"subject", FT_TEXT, FF_READONLY, "分组主题", "subject"},
    {"position", FT_INT, FF_READONLY, "顺序", "position"},
    {"created_by", FT_INT, FF_READONLY, "录入人", "created by"},
};

/* An item changes while in no digest or in a draft one, and keeps its day while in one. */
static bool item_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                       int64_t id, json_t *in) {
  (void)in;
  if (!id) return true;
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT i.digest_id, d.status, i.day FROM digest_items i"
                                " LEFT JOIN digests d ON d.id = i.digest_id WHERE i.id = ?",
                                "i", id);
  bool ok = true;
  if (db_step(st) == DB_ROW && !db_col_null(st, 0)) {
    struct entity_value *day = &v[entity_field(e, "day")];
    if (strcmp(db_col_text(st, 1), "draft")) {
      entity_fail(ctx, ERR_WRONG_STATE, NULL, "已印发摘要中的条目不能修改",
                  "An item of an issued digest cannot be changed");
      ok = false;
    } else if (day->set && strcmp(day->s, db_col_text(st, 2))) {
      entity_fail(ctx, ERR_WRONG_STATE, "day", "已编入摘要的条目不能改日期",
                  "An item in a digest keeps its day");
      ok = false;
    }
  }
  db_done(st);
  return ok;
}

static bool item_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                             bool created, json_t *in) {
  (void)e, (void)in;
  if (!created || !ctx->user) return true;
  return db_exec(ctx->db, "UPDATE digest_items SET created_by = ? WHERE id = ?", "ii",
                 ctx->user->id, id) == DB_DONE;
}

const struct entity digest_item_entity = {
    .name = "digest_item",
    .zh = "网络社情条目",
    .table = "digest_items",
    .scope = SCOPE_COMMITTEE,
    .fields = item_fields,
    .nfields = sizeof item_fields / sizeof item_fields[0],
    .check = item_check,
    .after_write = item_after_write,
};

static const struct field digest_fields[] = {
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"day", FT_DATE, FF_REQUIRED | FF_FILTER | FF_FIXED, "日期", "day"},
    {"title", FT_TEXT, 0, "刊名", "title", 40, .dflt = "网络社情摘要"},
    {"year", FT_INT, FF_READONLY | FF_FILTER, "年度", "year"},
    {"number", FT_INT, FF_READONLY, "期号", "number"},
    {"status", FT_TEXT, FF_READONLY | FF_FILTER, "状态", "status"},
    {"issued_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"issued_by", FT_INT, FF_READONLY, "印发人", "issued by"},
    {"created_by", FT_INT, FF_READONLY, "编辑人", "created by"},
};

/* On create: the year of its day, and who edits it. */
static bool digest_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                               bool created, json_t *in) {
  (void)e;
  if (!created) return true;
  const char *day = json_string_value(json_object_get(in, "day"));
  return db_exec(ctx->db, "UPDATE digests SET year = ?, created_by = ? WHERE id = ?", "iIi",
                 (int64_t)(day ? atoi(day) : 0), ctx->user ? ctx->user->id : 0, id) == DB_DONE;
}

enum { DS_DRAFT, DS_ISSUED }; /* the states, as digest_states */
enum { DA_GROUPS, DA_ISSUE }; /* the actions, as digest_flow's table */
const struct label digest_states[] = {
    {"draft", "草稿", "Draft"},
    {"issued", "已印发", "Issued"},
    {NULL},
};

static const struct issue_kind kind = {
    .e = &digest_entity,
    .states = digest_states,
    .count_items = "SELECT COUNT(*) FROM digest_items WHERE digest_id = ?",
    .detail = digest_detail,
    .none_zh = "未找到该期摘要",
    .none_en = "No such digest",
};

static void digest_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                           json_t *o) {
  (void)e;
  entity_time_json(o, "issued_at", row, entity_col(row, "issued_at"));
  issue_to_json(ctx, &kind, o);
}

const struct entity digest_entity = {
    .name = "digest",
    .zh = "网络社情摘要",
    .table = "digests",
    .scope = SCOPE_COMMITTEE,
    .fields = digest_fields,
    .nfields = sizeof digest_fields / sizeof digest_fields[0],
    .after_write = digest_after_write,
    .to_json = digest_to_json,
};

/* ---- items ----------------------------------------------------------------------------------- */

#define ITEM_COLS                                                                                  \
  "i.id, i.committee_id, i.day, i.title, i.text, i.source, i.url, i.digest_id, i.subject,"         \
  " i.position, i.created_by, i.created_at, i.updated_at"

static json_t *item_json(struct db_stmt *st) {
  json_t *o = json_pack(
      "{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)db_col_int(st, 0), "committee_id",
      (json_int_t)db_col_int(st, 1), "day", db_col_text(st, 2), "title", db_col_text(st, 3), "text",
      db_col_text(st, 4), "source", db_col_text(st, 5), "url", db_col_text(st, 6), "subject",
      db_col_text(st, 8), "position", (json_int_t)db_col_int(st, 9));
  json_object_set_new(o, "digest_id",
                      db_col_null(st, 7) ? json_null() : json_integer(db_col_int(st, 7)));
  json_object_set_new(o, "created_by",
                      db_col_null(st, 10) ? json_null() : json_integer(db_col_int(st, 10)));
  entity_time_json(o, "created_at", st, 11);
  entity_time_json(o, "updated_at", st, 12);
  return o;
}

/* The committee (0: the caller's, which must be in scope) and the day (NULL: today). */
static bool day_of(struct entity_ctx *ctx, int64_t *committee_id, const char **day) {
  if (!entity_subtree(ctx, committee_id)) return false;
  if (!*day) {
    char *d = arena_alloc(ctx->arena, 16);
    *day = time_cst_date(time_now(), d);
  } else if (!date_valid(*day)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "day", "day 应为日期（YYYY-MM-DD）",
                "day must be a date (YYYY-MM-DD)");
    return false;
  }
  return true;
}

json_t *digest_items(struct entity_ctx *ctx, int64_t committee_id, const char *day,
                     bool unassigned) {
  if (!day_of(ctx, &committee_id, &day)) return NULL;
  json_t *items = json_array();
  struct db_stmt *st = db_query(
      ctx->db,
      unassigned ? "SELECT " ITEM_COLS " FROM digest_items i WHERE i.committee_id = ? AND i.day = ?"
                   " AND i.digest_id IS NULL ORDER BY i.id"
                 : "SELECT " ITEM_COLS " FROM digest_items i WHERE i.committee_id = ? AND i.day = ?"
                   " ORDER BY i.id",
      "it", committee_id, day);
  while (db_step(st) == DB_ROW) json_array_append_new(items, item_json(st));
  db_done(st);
  return json_pack("{s:I,s:s,s:o}", "committee_id", (json_int_t)committee_id, "day", day, "items",
                   items);
}

int64_t digest_item_create(struct entity_ctx *ctx, json_t *in) {
  if (json_is_object(in) && !json_object_get(in, "day")) {
    char d[16];
    json_t *copy = json_deep_copy(in);
    json_object_set_new(copy, "day", json_string(time_cst_date(time_now(), d)));
    int64_t id = entity_create(ctx, &digest_item_entity, copy);
    json_decref(copy);
    return id;
  }
  return entity_create(ctx, &digest_item_entity, in);
}

bool digest_item_edit(struct entity_ctx *ctx, int64_t id, json_t *in) {
  return entity_update(ctx, &digest_item_entity, id, in);
}

bool digest_item_delete(struct entity_ctx *ctx, int64_t id) {
  if (db_int(ctx->db, 0, "SELECT COUNT(*) FROM digest_items WHERE id = ? AND digest_id IS NOT NULL",
             "i", id)) {
    entity_fail(ctx, ERR_WRONG_STATE, NULL, "已编入摘要的条目不能删除，请先从分组中移出",
                "An item in a digest cannot be deleted; take it out of the groups first");
    return false;
  }
  return entity_delete(ctx, &digest_item_entity, id);
}

/* ---- the suggestion -------------------------------------------------------------------------- */

/* The first clause of text, at most 30 characters. */
static const char *first_clause(struct arena *a, const char *text) {
  size_t i = 0, chars = 0, len = strlen(text);
  static const char *const stops[] = {"。", "！", "？", "；", "，", "\n", NULL};
  while (i < len && chars < 30) {
    for (const char *const *s = stops; *s; s++)
      if (!strncmp(text + i, *s, strlen(*s))) return arena_strndup(a, text, i);
    int n;
    utf8_decode(text + i, len - i, &n);
    i += (size_t)n;
    chars++;
  }
  return arena_strndup(a, text, i);
}

json_t *digest_suggest(struct entity_ctx *ctx, int64_t committee_id, const char *day,
                       double threshold) {
  if (!(threshold > 0 && threshold <= 1)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "threshold", "threshold 应在 0 到 1 之间（不含 0）",
                "threshold must be above 0 and at most 1");
    return NULL;
  }
  json_t *list = digest_items(ctx, committee_id, day, true);
  if (!list) return NULL;
  json_t *items = json_object_get(list, "items");
  size_t n = json_array_size(items);
  if (n > DIGEST_MAX_DAY) n = DIGEST_MAX_DAY;
  const char **texts = arena_alloc(ctx->arena, (n + 1) * sizeof *texts);
  for (size_t i = 0; i < n; i++) {
    json_t *it = json_array_get(items, i);
    texts[i] = arena_printf(ctx->arena, "%s\n%s", json_string_value(json_object_get(it, "title")),
                            json_string_value(json_object_get(it, "text")));
  }
  struct digest_grouping g;
  if (!digest_group_texts(texts, (int)n, threshold, &g)) {
    json_decref(list);
    entity_fail(ctx, ERR_INTERNAL, NULL, "内存不足，无法分组", "Out of memory while grouping");
    return NULL;
  }
  json_t *groups = json_array(), *seen = json_object();
  for (int k = 0; k < g.ngroups; k++) {
    json_t *rep = json_array_get(items, (size_t)g.groups[k].rep);
    const char *title = json_string_value(json_object_get(rep, "title"));
    const char *subject =
        title && *title ? title
                        : first_clause(ctx->arena, json_string_value(json_object_get(rep, "text")));
    /* subjects name groups and must differ: a repeated one is numbered (2), (3)... */
    json_int_t times = json_integer_value(json_object_get(seen, subject)) + 1;
    json_object_set_new(seen, subject, json_integer(times));
    if (times > 1) subject = arena_printf(ctx->arena, "%s（%lld）", subject, (long long)times);
    json_t *kw = json_array();
    for (int w = 0; w < g.groups[k].nkw; w++)
      json_array_append_new(kw, json_string(g.groups[k].kw[w]));
    json_array_append_new(groups, json_pack("{s:s,s:o,s:[],s:[]}", "subject", subject, "keywords",
                                            kw, "item_ids", "items"));
  }
  for (size_t i = 0; i < n; i++) {
    json_t *grp = json_array_get(groups, (size_t)g.group_of[i]);
    json_t *it = json_array_get(items, i);
    json_array_append(json_object_get(grp, "item_ids"), json_object_get(it, "id"));
    json_array_append(json_object_get(grp, "items"), it);
  }
  digest_grouping_free(&g);
  json_decref(seen);
  json_t *out =
      json_pack("{s:O,s:O,s:f,s:o}", "committee_id", json_object_get(list, "committee_id"), "day",
                json_object_get(list, "day"), "threshold", threshold, "groups", groups);
  json_decref(list);
  return out;
}

/* ---- digests --------------------------------------------------------------------------------- */

json_t *digest_detail(struct entity_ctx *ctx, int64_t id) {
  struct issue_row d;
  if (!issue_load(ctx, &kind, id, &d)) return NULL;
  json_t *o = entity_get(ctx, &digest_entity, id);
  if (!o) {
    entity_fail(ctx, ERR_NOT_FOUND, NULL, "未找到该期摘要", "No such digest");
    return NULL;
  }
  json_t *groups = json_array(), *cur = NULL;
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT " ITEM_COLS " FROM digest_items i WHERE i.digest_id = ?"
                                " ORDER BY i.position, i.id",
                                "i", id);
  while (db_step(st) == DB_ROW) {
    const char *subject = db_col_text(st, 8);
    if (!cur || strcmp(json_string_value(json_object_get(cur, "subject")), subject)) {
      cur = json_pack("{s:s,s:[]}", "subject", subject, "items");
      json_array_append_new(groups, cur);
    }
    json_array_append_new(json_object_get(cur, "items"), item_json(st));
  }
  db_done(st);
  json_object_set_new(o, "groups", groups);
  /* the workflow's actions, and deleting a draft */
  json_t *a = flow_actions(ctx, &digest_flow, id);
  if (issue_writer(ctx, &d) && d.state == DS_DRAFT) json_array_append_new(a, json_string("delete"));
  json_object_set_new(o, "actions", a);
  return o;
}

bool digest_readable(struct entity_ctx *ctx, int64_t id) { return issue_readable(ctx, &kind, id); }

json_t *digest_list(struct entity_ctx *ctx, const struct digest_query *q) {
  return issue_list(ctx, &kind, q->committee_id, q->year, q->status, q->after_id, q->limit);
}

/* Inside a write: the digest's items go back to the day's unassigned ones. */
static bool release(struct entity_ctx *ctx, int64_t id) {
  return db_exec(ctx->db,
                 "UPDATE digest_items SET digest_id = NULL, subject = '', position = 0"
                 " WHERE digest_id = ?",
                 "i", id) == DB_DONE;
}

/* Writes the groups of draft d (inside the caller's transaction): releases its items, then
** takes each listed item of its committee and day in order with its group's subject. */
static bool write_groups(struct entity_ctx *ctx, const struct issue_row *d, json_t *groups) {
  if (!json_is_array(groups) || json_array_size(groups) > MAX_GROUPS) {
    entity_fail(
        ctx, ERR_INVALID_FIELD, "groups",
        arena_printf(ctx->arena, "groups 应为至多 %d 个分组的数组", MAX_GROUPS),
        arena_printf(ctx->arena, "groups must be an array of at most %d groups", MAX_GROUPS));
    return false;
  }
  if (!release(ctx, d->id)) return false;
  struct db_stmt *st = db_query(ctx->db, "SELECT day FROM digests WHERE id = ?", "i", d->id);
  const char *day = arena_strdup(ctx->arena, db_step(st) == DB_ROW ? db_col_text(st, 0) : "");
  db_done(st);
  int64_t position = 0;
  size_t g, k;
  json_t *grp, *x;
  json_array_foreach(groups, g, grp) {
    static const char *const names[] = {"subject", "item_ids", NULL};
    const char *field = arena_printf(ctx->arena, "groups[%zu]", g);
    json_t *ids = json_object_get(grp, "item_ids");
    if (!json_is_object(grp) || !json_is_array(ids) || !json_array_size(ids)) {
      entity_fail(ctx, ERR_INVALID_FIELD, field, "每个分组应为 {subject, item_ids}（至少一条）",
                  "Each group is {subject, item_ids} with one item at least");
      return false;
    }
    const char *subject;
    if (!input_only(ctx, grp, names) ||
        !(subject = input_text(ctx, grp, "subject", true, 100, "分组主题")))
      return false;
    for (size_t h = 0; h < g; h++)
      if (!strcmp(subject,
                  json_string_value(json_object_get(json_array_get(groups, h), "subject")))) {
        entity_fail(ctx, ERR_INVALID_FIELD, field,
                    arena_printf(ctx->arena, "分组主题“%s”重复", subject),
                    arena_printf(ctx->arena, "Subject \"%s\" is given twice", subject));
        return false;
      }
    json_array_foreach(ids, k, x) {
      int64_t item = json_is_integer(x) ? json_integer_value(x) : 0;
      struct db_stmt *st = db_query(
          ctx->db, "SELECT committee_id, day, digest_id FROM digest_items WHERE id = ?", "i", item);
      bool found = db_step(st) == DB_ROW;
      bool same = found && db_col_int(st, 0) == d->committee_id && !strcmp(db_col_text(st, 1), day);
      int64_t in = found && !db_col_null(st, 2) ? db_col_int(st, 2) : 0;
      db_done(st);
      if (!same) {
        entity_fail(
            ctx, ERR_INVALID_FIELD, field,
            arena_printf(ctx->arena, "条目 %lld 不存在，或不是本政协当日的条目", (long long)item),
            arena_printf(ctx->arena, "Item %lld is not one of the committee's day",
                         (long long)item));
        return false;
      }
      if (in) {
        entity_fail(
            ctx, in == d->id ? ERR_INVALID_FIELD : ERR_CONFLICT, field,
            in == d->id ? arena_printf(ctx->arena, "条目 %lld 重复", (long long)item)
                        : arena_printf(ctx->arena, "条目 %lld 已编入另一期摘要", (long long)item),
            in == d->id
                ? arena_printf(ctx->arena, "Item %lld is given twice", (long long)item)
                : arena_printf(ctx->arena, "Item %lld is in another digest", (long long)item));
        return false;
      }
      if (db_exec(ctx->db,
                  "UPDATE digest_items SET digest_id = ?, subject = ?, position = ? WHERE id = ?",
                  "itii", d->id, subject, ++position, item) != DB_DONE)
        return false;
    }
  }
  return true;
}

int64_t digest_create(struct entity_ctx *ctx, json_t *in) {
  return issue_create(ctx, &kind, in, "groups", write_groups);
}

static bool do_groups(struct flow_step *s) {
  static const char *const names[] = {"groups", NULL};
  return input_only(s->ctx, s->in, names) &&
         write_groups(s->ctx, s->row, json_object_get(s->in, "groups"));
}

static bool do_issue(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  struct issue_row *d = s->row;
  static const char *const names[] = {NULL};
  if (!input_only(ctx, s->in, names)) return false;
  if (!db_int(ctx->db, 0, "SELECT COUNT(*) FROM digest_items WHERE digest_id = ?", "i", d->id)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "groups", "摘要还没有条目，不能印发",
                "A digest with no items cannot be issued");
    return false;
  }
  return issue_number(ctx, &kind, d, 0) &&
         db_exec(ctx->db, "UPDATE digests SET issued_at = ?, issued_by = ? WHERE id = ?", "iIi",
                 s->now, ctx->user ? ctx->user->id : 0, d->id) == DB_DONE;
}

static bool load(struct entity_ctx *ctx, int64_t id, void *row) {
  return issue_load(ctx, &kind, id, row);
}

#define IN FLOW_IN
/* The life of a daily digest, one row an action (in the order of DA_*); the office in scope
** takes them (issue_may). */
static const struct flow_action actions_table[] = {
    /* a draft's groups: subjects in order, each with the day's items it holds */
    {"groups", IN(DS_DRAFT), FLOW_STAY, NULL, NULL, do_groups, "调整分组", "Set the groups",
     "摘要已印发，不能再调整分组", "The digest is issued and final"},
    /* a draft with items is issued: the next number of its committee's year; final */
    {"issue", IN(DS_DRAFT), DS_ISSUED, NULL, NULL, do_issue, "印发", "Issue", "只有草稿可以印发",
     "Only a draft can be issued", "印发后摘要及其分组不能再修改。确定印发吗？",
     "Once issued the digest and its groups are final. Issue it?"},
    {NULL},
};
#undef IN

const struct flow digest_flow = {
    .name = "digest",
    .table = "digests",
    .states = digest_states,
    .actions = actions_table,
    .row_size = sizeof(struct issue_row),
    .load = load,
    .state = issue_state,
    .committee = issue_committee,
    .image = digest_detail,
    .may = issue_may,
    .attempts = 3,
    .who_first = true,
};

bool digest_set_groups(struct entity_ctx *ctx, int64_t id, json_t *in) {
  return flow_act(ctx, &digest_flow, id, DA_GROUPS, in);
}

bool digest_issue(struct entity_ctx *ctx, int64_t id, json_t *in) {
  return flow_act(ctx, &digest_flow, id, DA_ISSUE, in);
}

bool digest_delete(struct entity_ctx *ctx, int64_t id) {
  return issue_delete(ctx, &kind, id, release);
}
