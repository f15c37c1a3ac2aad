/* src/report/bulletin.c: bulletins of social-conditions reports (see bulletin.h): the record,
** its JSON, lists, the adopted reports not yet in one, the reports of a draft, sign-off with
** its number, reopening, sending up, deletion. Each write is one transaction with its audit
** entry; sending also writes the reports' timeline events and notifies their authors. The
** printed and Word forms are in bulletin_doc.c. */
#include "bulletin.h"
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "entity/input.h"
#include "issue.h"
#include "report_int.h"

#define MAX_ITEMS 50

/* ---- the record ------------------------------------------------------------------------------ */

enum { BS_DRAFT, BS_SIGNED, BS_SENT };          /* the states, as bulletin_states */
enum { BA_ITEMS, BA_SIGN, BA_REOPEN, BA_SEND }; /* the actions, as bulletin_flow's table */
const struct label bulletin_states[] = {
    {"draft", "草稿", "Draft"},
    {"signed", "已签发", "Signed off"},
    {"sent", "已报送", "Sent up"},
    {NULL},
};

const struct label bulletin_targets[] = {
    {"national_cppcc", "全国政协", "National Committee of the CPPCC"},
    {"province_cppcc", "省政协", "Provincial CPPCC"},
    {"party_committee", "党委", "Party committee"},
    {"government", "政府", "Government"},
    {NULL},
};

/* The target whose name is the n bytes at s, or -1. */
static int target_of(const char *s, size_t n) {
  for (int i = 0; bulletin_targets[i].name; i++)
    if (strlen(bulletin_targets[i].name) == n && !strncmp(s, bulletin_targets[i].name, n)) return i;
  return -1;
}

json_t *bulletin_targets_json(void) {
  json_t *a = json_array();
  for (int i = 0; bulletin_targets[i].name; i++)
    json_array_append_new(a, json_pack("{s:s,s:s}", "name", bulletin_targets[i].name, "label",
                                       bulletin_targets[i].zh));
  return json_pack("{s:o}", "targets", a);
}

static const struct issue_kind kind = {
    .e = &bulletin_entity,
    .states = bulletin_states,
    .count_items = "SELECT COUNT(*) FROM bulletin_items WHERE bulletin_id = ?",
    .detail = bulletin_detail,
    .none_zh = "未找到该期刊物",
    .none_en = "No such bulletin",
};

static const struct field bulletin_fields[] = {
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"title", FT_TEXT, 0, "刊名", "title", 40, .dflt = "社情民意"},
    {"editor", FT_TEXT, 0, "责任编辑", "editor", 40},
    {"note", FT_TEXT, 0, "编者按", "editor's note", 2000},
    {"year", FT_INT, FF_READONLY | FF_FILTER, "年度", "year"},
    {"number", FT_INT, FF_READONLY, "期号", "number"},
    {"status", FT_TEXT, FF_READONLY | FF_FILTER, "状态", "status"},
    {"signer", FT_TEXT, FF_READONLY, "签发人", "signer"},
    {"signed_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"targets", FT_TEXT, FF_READONLY | FF_HIDDEN, "", ""},
    {"sent_on", FT_TEXT, FF_READONLY, "报送日期", "sent on"},
    {"sent_at", FT_INT, FF_READONLY | FF_HIDDEN, "", ""},
    {"created_by", FT_INT, FF_READONLY, "编辑人", "created by"},
};

/* Edits only while a draft. */
static bool bulletin_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                           int64_t id, json_t *in) {
  (void)e, (void)v, (void)in;
  if (!id) return true;
  struct issue_row b;
  return issue_load(ctx, &kind, id, &b) &&
         issue_need_state(ctx, &kind, &b, "draft", "只有草稿可以修改",
                          "Only a draft can be edited");
}

/* On create: the year it is edited in (set again at the first sign-off) and who edits it. */
static bool bulletin_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                                 bool created, json_t *in) {
  (void)e, (void)in;
  if (!created) return true;
  int year, q;
  time_cst_quarter(time_now(), &year, &q);
  return db_exec(ctx->db, "UPDATE bulletins SET year = ?, created_by = ? WHERE id = ?", "iIi",
                 (int64_t)year, ctx->user ? ctx->user->id : 0, id) == DB_DONE;
}

static void bulletin_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                             json_t *o) {
  (void)e;
  entity_time_json(o, "signed_at", row, entity_col(row, "signed_at"));
  entity_time_json(o, "sent_at", row, entity_col(row, "sent_at"));
  issue_to_json(ctx, &kind, o);
  json_t *names = json_array(), *labels = json_array();
  int col = entity_col(row, "targets");
  const char *t = col >= 0 ? db_col_text(row, col) : "";
  while (*t) {
    const char *c = strchr(t, ',');
    size_t n = c ? (size_t)(c - t) : strlen(t);
    int k = target_of(t, n);
    if (k >= 0) {
      json_array_append_new(names, json_string(bulletin_targets[k].name));
      json_array_append_new(labels, json_string(bulletin_targets[k].zh));
    }
    t += n + (c ? 1 : 0);
  }
  json_object_set_new(o, "targets", names);
  json_object_set_new(o, "target_labels", labels);
}

const struct entity bulletin_entity = {
    .name = "bulletin",
    .zh = "《社情民意》刊物",
    .table = "bulletins",
    .scope = SCOPE_COMMITTEE,
    .fields = bulletin_fields,
    .nfields = sizeof bulletin_fields / sizeof bulletin_fields[0],
    .check = bulletin_check,
    .after_write = bulletin_after_write,
    .to_json = bulletin_to_json,
};

/* What the caller may do now: the workflow's actions, with editing and deleting a draft. */
static json_t *actions(struct entity_ctx *ctx, const struct issue_row *b) {
  json_t *a = flow_actions(ctx, &bulletin_flow, b->id);
  if (issue_writer(ctx, b) && b->state == BS_DRAFT) {
    json_array_insert_new(a, 0, json_string("edit"));
    if (!b->numbered) json_array_append_new(a, json_string("delete"));
  }
  return a;
}

/* ---- reading --------------------------------------------------------------------------------- */

json_t *bulletin_detail(struct entity_ctx *ctx, int64_t id) {
  struct issue_row b;
  if (!issue_load(ctx, &kind, id, &b)) return NULL;
  json_t *o = entity_get(ctx, &bulletin_entity, id);
  if (!o) {
    entity_fail(ctx, ERR_NOT_FOUND, NULL, "未找到该期刊物", "No such bulletin");
    return NULL;
  }
  json_t *items = json_array();
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT i.report_id, i.position, i.title, i.body, r.title, r.status, r.committee_id,"
      " COALESCE(m.name, p.name, s.name, sc.name, g.name, '')"
      " FROM bulletin_items i JOIN reports r ON r.id = i.report_id"
      " LEFT JOIN members m ON m.id = r.member_id"
      " LEFT JOIN parties p ON r.collective_kind = 'party' AND p.id = r.collective_id"
      " LEFT JOIN sectors s ON r.collective_kind = 'sector' AND s.id = r.collective_id"
      " LEFT JOIN special_committees sc ON r.collective_kind = 'special_committee'"
      " AND sc.id = r.collective_id"
      " LEFT JOIN activity_groups g ON r.collective_kind = 'group' AND g.id = r.collective_id"
      " WHERE i.bulletin_id = ? ORDER BY i.position",
      "i", id);
  while (db_step(st) == DB_ROW)
    json_array_append_new(
        items, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:I}", "report_id",
                         (json_int_t)db_col_int(st, 0), "position", (json_int_t)db_col_int(st, 1),
                         "title", db_col_text(st, 2), "body", db_col_text(st, 3), "original_title",
                         db_col_text(st, 4), "report_status", db_col_text(st, 5), "author",
                         db_col_text(st, 7), "report_committee_id", (json_int_t)db_col_int(st, 6)));
  db_done(st);
  json_object_set_new(o, "items", items);
  json_object_set_new(o, "actions", actions(ctx, &b));
  return o;
}

bool bulletin_readable(struct entity_ctx *ctx, int64_t id) {
  return issue_readable(ctx, &kind, id);
}

json_t *bulletin_list(struct entity_ctx *ctx, const struct bulletin_query *q) {
  return issue_list(ctx, &kind, q->committee_id, q->year, q->status, q->after_id, q->limit);
}

json_t *bulletin_candidates(struct entity_ctx *ctx, int64_t committee_id) {
  const char *path = entity_subtree(ctx, &committee_id);
  if (!path) return NULL;
  json_t *items = json_array();
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT r.id FROM reports r JOIN committees c ON c.id = r.committee_id"
               " WHERE r.status = 'adopted' AND c.path >= ? AND c.path < ?"
               " AND NOT EXISTS (SELECT 1 FROM bulletin_items i WHERE i.committee_id = ?"
               " AND i.report_id = r.id) ORDER BY r.decided_at DESC, r.id DESC LIMIT 500",
               "tti", path, entity_path_hi(ctx, path), committee_id);
  int64_t ids[500];
  int n = 0;
  while (n < 500 && db_step(st) == DB_ROW) ids[n++] = db_col_int(st, 0);
  db_done(st);
  for (int i = 0; i < n; i++) {
    json_t *r = entity_get(ctx, &report_entity, ids[i]);
    if (r) json_array_append_new(items, r);
  }
  return json_pack("{s:o}", "items", items);
}

json_t *bulletins_of_report(struct entity_ctx *ctx, int64_t report_id) {
  json_t *a = json_array();
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT b.id, b.committee_id, b.year, b.number, b.status, b.title, b.sent_at"
               " FROM bulletin_items i JOIN bulletins b ON b.id = i.bulletin_id"
               " WHERE i.report_id = ? ORDER BY b.id",
               "i", report_id);
  while (db_step(st) == DB_ROW) {
    bool numbered = !db_col_null(st, 3);
    json_t *o = json_pack(
        "{s:I,s:I,s:I,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "committee_id",
        (json_int_t)db_col_int(st, 1), "year", (json_int_t)db_col_int(st, 2), "status",
        db_col_text(st, 4), "label",
        arena_printf(ctx->arena, "%s%s%s", db_col_text(st, 5), numbered ? " " : "",
                     issue_number_text(ctx, db_col_int(st, 2), numbered, db_col_int(st, 3))));
    json_object_set_new(o, "number", numbered ? json_integer(db_col_int(st, 3)) : json_null());
    entity_time_json(o, "sent_at", st, 6);
    json_array_append_new(a, o);
  }
  db_done(st);
  return a;
}

/* ---- writing --------------------------------------------------------------------------------- */

/* Checks and writes the items (inside the caller's transaction). */
static bool write_items(struct entity_ctx *ctx, const struct issue_row *b, json_t *items) {
  if (!json_is_array(items) || json_array_size(items) > MAX_ITEMS) {
    entity_fail(
        ctx, ERR_INVALID_FIELD, "items",
        arena_printf(ctx->arena, "items 应为至多 %d 条信息的数组", MAX_ITEMS),
        arena_printf(ctx->arena, "items must be an array of at most %d reports", MAX_ITEMS));
    return false;
  }
  if (db_exec(ctx->db, "DELETE FROM bulletin_items WHERE bulletin_id = ?", "i", b->id) != DB_DONE)
    return false;
  size_t i;
  json_t *it;
  const char *hi = entity_path_hi(ctx, b->path);
  json_array_foreach(items, i, it) {
    static const char *const names[] = {"report_id", "title", "body", NULL};
    json_t *rid = json_object_get(it, "report_id");
    const char *field = arena_printf(ctx->arena, "items[%zu]", i);
    if (!json_is_object(it) || !json_is_integer(rid)) {
      entity_fail(ctx, ERR_INVALID_FIELD, field, "每条应为 {report_id, title?, body?}",
                  "Each item is {report_id, title?, body?}");
      return false;
    }
    const char *title, *body;
    if (!input_only(ctx, it, names) ||
        !(title = input_text(ctx, it, "title", false, 100, "标题")) ||
        !(body = input_text(ctx, it, "body", false, 20000, "正文")))
      return false;
    int64_t report = json_integer_value(rid);
    struct db_stmt *st = db_query(ctx->db,
                                  "SELECT r.status, c.path, r.title, r.body FROM reports r"
                                  " JOIN committees c ON c.id = r.committee_id WHERE r.id = ?",
                                  "i", report);
    bool found = db_step(st) == DB_ROW;
    const char *status = found ? arena_strdup(ctx->arena, db_col_text(st, 0)) : "";
    const char *path = found ? arena_strdup(ctx->arena, db_col_text(st, 1)) : "";
    if (found && !*title) title = arena_strdup(ctx->arena, db_col_text(st, 2));
    if (found && !*body) body = arena_strdup(ctx->arena, db_col_text(st, 3));
    db_done(st);
    if (!found || strcmp(path, b->path) < 0 || strcmp(path, hi) >= 0) {
      entity_fail(
          ctx, ERR_INVALID_FIELD, field,
          arena_printf(ctx->arena, "第 %zu 条：没有这条信息，或不属于本政协及下级", i + 1),
          arena_printf(ctx->arena, "Item %zu: no such report in the committee's subtree", i + 1));
      return false;
    }
    if (strcmp(status, "adopted")) {
      entity_fail(
          ctx, ERR_INVALID_FIELD, field,
          arena_printf(ctx->arena, "第 %zu 条：只有已采用的信息可以编入刊物", i + 1),
          arena_printf(ctx->arena, "Item %zu: only adopted reports go into a bulletin", i + 1));
      return false;
    }
    /* the text edited for the bulletin is the report's text as adopted: the same limit */
    if (!report_body_fits(ctx, path, body)) return false;
    st = db_query(ctx->db,
                  "SELECT b.id, b.title, b.year, b.number FROM bulletin_items i"
                  " JOIN bulletins b ON b.id = i.bulletin_id WHERE i.committee_id = ?"
                  " AND i.report_id = ?",
                  "ii", b->committee_id, report);
    if (db_step(st) == DB_ROW) {
      bool self = db_col_int(st, 0) == b->id;
      const char *other = arena_printf(
          ctx->arena, "%s %s", db_col_text(st, 1),
          issue_number_text(ctx, db_col_int(st, 2), !db_col_null(st, 3), db_col_int(st, 3)));
      db_done(st);
      entity_fail(ctx, self ? ERR_INVALID_FIELD : ERR_CONFLICT, field,
                  self ? arena_printf(ctx->arena, "第 %zu 条信息重复", i + 1)
                       : arena_printf(ctx->arena, "第 %zu 条信息已编入《%s》", i + 1, other),
                  self ? arena_printf(ctx->arena, "Item %zu is given twice", i + 1)
                       : arena_printf(ctx->arena, "Item %zu is in %s already", i + 1, other));
      return false;
    }
    db_done(st);
    if (db_exec(ctx->db,
                "INSERT INTO bulletin_items (bulletin_id, committee_id, report_id, position,"
                " title, body) VALUES (?, ?, ?, ?, ?, ?)",
                "iiiitt", b->id, b->committee_id, report, (int64_t)i + 1, title, body) != DB_DONE)
      return false;
  }
  return true;
}

/* The reports of a new draft, from its report_ids. */
static bool fill(struct entity_ctx *ctx, const struct issue_row *b, json_t *ids) {
  if (!json_is_array(ids)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "report_ids", "report_ids 应为信息编号的数组",
                "report_ids must be an array of report ids");
    return false;
  }
  json_t *items = json_array(), *x;
  size_t i;
  json_array_foreach(ids, i, x) json_array_append_new(items, json_pack("{s:O}", "report_id", x));
  bool ok = write_items(ctx, b, items);
  json_decref(items);
  return ok;
}

int64_t bulletin_create(struct entity_ctx *ctx, json_t *in) {
  return issue_create(ctx, &kind, in, "report_ids", fill);
}

bool bulletin_edit(struct entity_ctx *ctx, int64_t id, json_t *in) {
  struct issue_row b;
  static const char *const names[] = {"title", "editor", "note", NULL};
  return issue_load(ctx, &kind, id, &b) && input_object(ctx, in) && input_only(ctx, in, names) &&
         entity_update(ctx, &bulletin_entity, id, in);
}

/* The issue a step acts on. */
static struct issue_row *row(const struct flow_step *s) { return s->row; }

static bool do_items(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  json_t *in = s->in;
  struct issue_row *b = row(s);
  static const char *const names[] = {"items", NULL};
  return input_only(ctx, in, names) && write_items(ctx, b, json_object_get(in, "items"));
}

static bool do_sign(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  json_t *in = s->in;
  struct issue_row *b = row(s);
  static const char *const names[] = {"signer", NULL};
  const char *signer;
  if (!input_only(ctx, in, names) || !(signer = input_text(ctx, in, "signer", true, 40, "签发人")))
    return false;
  if (!db_int(ctx->db, 0, "SELECT COUNT(*) FROM bulletin_items WHERE bulletin_id = ?", "i",
              b->id)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "items", "刊物还没有收入信息，不能签发",
                "A bulletin with no reports cannot be signed off");
    return false;
  }
  int64_t now = time_now();
  /* the number at the first sign-off: of this year, whenever the draft was begun */
  int year, q;
  time_cst_quarter(now, &year, &q);
  if (!b->numbered && !issue_number(ctx, &kind, b, year)) return false;
  return db_exec(ctx->db,
                 "UPDATE bulletins SET signer = ?, signed_at = ?, signed_by = ?"
                 " WHERE id = ?",
                 "tiIi", signer, now, ctx->user ? ctx->user->id : 0, b->id) == DB_DONE;
}

static bool do_reopen(struct flow_step *s) {
  static const char *const names[] = {NULL};
  return input_only(s->ctx, s->in, names);
}

static bool do_send(struct flow_step *s) {
  struct entity_ctx *ctx = s->ctx;
  json_t *in = s->in;
  struct issue_row *b = row(s);
  static const char *const names[] = {"targets", "sent_on", NULL};
  const char *on;
  json_t *targets = json_object_get(in, "targets");
  if (!input_only(ctx, in, names) || !(on = input_date(ctx, in, "sent_on"))) return false;
  if (!json_is_array(targets) || !json_array_size(targets)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "targets", "请选择报送对象（至少一个）",
                "targets must name at least one target");
    return false;
  }
  bool seen[8] = {0};
  struct buf names_csv = {0}, labels = {0};
  size_t i;
  json_t *t;
  json_array_foreach(targets, i, t) {
    const char *s = json_string_value(t);
    int k = s ? target_of(s, strlen(s)) : -1;
    if (k < 0) {
      buf_free(&names_csv);
      buf_free(&labels);
      entity_fail(ctx, ERR_INVALID_FIELD, "targets",
                  "报送对象应为 national_cppcc（全国政协）、province_cppcc（省政协）、"
                  "party_committee（党委）或 government（政府）",
                  "targets are national_cppcc, province_cppcc, party_committee or government");
      return false;
    }
    if (seen[k]) continue;
    seen[k] = true;
    buf_printf(&names_csv, "%s%s", names_csv.len ? "," : "", bulletin_targets[k].name);
    buf_printf(&labels, "%s%s", labels.len ? "、" : "", bulletin_targets[k].zh);
  }
  int64_t now = time_now();
  bool ok = db_exec(ctx->db,
                    "UPDATE bulletins SET targets = ?, sent_on = ?, sent_at = ?"
                    " WHERE id = ?",
                    "ttii", names_csv.data, on, now, b->id) == DB_DONE;
  const char *issue =
      arena_printf(ctx->arena, "%s", issue_number_text(ctx, b->year, true, b->number));
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT i.report_id, bl.title FROM bulletin_items i JOIN bulletins "
                                "bl ON bl.id = i.bulletin_id"
                                " WHERE i.bulletin_id = ? ORDER BY i.position",
                                "i", b->id);
  int64_t reports[MAX_ITEMS];
  const char *title = "社情民意";
  int n = 0;
  while (n < MAX_ITEMS && db_step(st) == DB_ROW) {
    reports[n++] = db_col_int(st, 0);
    title = arena_strdup(ctx->arena, db_col_text(st, 1));
  }
  db_done(st);
  const char *note = arena_printf(ctx->arena, "编入《%s》%s，报送%s", title, issue,
                                  labels.data ? labels.data : "");
  for (int k = 0; ok && k < n; k++) {
    struct report_row r;
    ok = report_load(ctx, reports[k], &r) &&
         report_event(ctx, r.id, "bulletin", report_state_name(r.state), report_state_name(r.state),
                      note,
                      json_pack("{s:I,s:I,s:I,s:s}", "bulletin_id", (json_int_t)b->id, "year",
                                (json_int_t)b->year, "number", (json_int_t)b->number, "targets",
                                names_csv.data));
    if (ok)
      report_notify_author(ctx, &r, "report_bulletin", "社情民意信息已编发报送",
                           arena_printf(ctx->arena, "《%s》%s。", r.title, note));
  }
  buf_free(&names_csv);
  buf_free(&labels);
  return ok;
}

static bool load(struct entity_ctx *ctx, int64_t id, void *row) {
  return issue_load(ctx, &kind, id, row);
}

#define IN FLOW_IN
/* The life of a bulletin, one row an action (in the order of BA_*); the office in
** scope takes them all (issue_may). */
static const struct flow_action actions_table[] = {
    /* a draft's reports, in order, with the title and body edited for the bulletin */
    {"items", IN(BS_DRAFT), FLOW_STAY, NULL, NULL, do_items, "调整所收信息", "Set the reports",
     "只有草稿可以调整所收信息", "Only a draft's reports can be changed"},
    /* a draft with reports is signed off; the first sign-off numbers it in its CST year */
    {"sign", IN(BS_DRAFT), BS_SIGNED, NULL, NULL, do_sign, "签发", "Sign off", "只有草稿可以签发",
     "Only a draft can be signed off"},
    /* a signed-off bulletin not yet sent goes back to draft, keeping its number */
    {"reopen", IN(BS_SIGNED), BS_DRAFT, NULL, NULL, do_reopen, "退回草稿", "Reopen",
     "只有已签发、未报送的刊物可以退回草稿",
     "Only a signed-off bulletin not yet sent can be reopened"},
    /* a signed-off bulletin is sent up to its targets; each report's timeline and author told */
    {"send", IN(BS_SIGNED), BS_SENT, NULL, NULL, do_send, "报送", "Send up",
     "只有已签发的刊物可以报送", "Only a signed-off bulletin can be sent up",
     "报送后刊物不能再修改或退回草稿。确定报送吗？",
     "Once sent up the bulletin can no longer be changed or reopened. Send it up?"},
    {NULL},
};
#undef IN

const struct flow bulletin_flow = {
    .name = "bulletin",
    .table = "bulletins",
    .states = bulletin_states,
    .actions = actions_table,
    .row_size = sizeof(struct issue_row),
    .load = load,
    .state = issue_state,
    .committee = issue_committee,
    .image = bulletin_detail,
    .may = issue_may,
    .attempts = 3,
    .who_first = true,
};

bool bulletin_set_items(struct entity_ctx *ctx, int64_t id, json_t *in) {
  return flow_act(ctx, &bulletin_flow, id, BA_ITEMS, in);
}
bool bulletin_sign(struct entity_ctx *ctx, int64_t id, json_t *in) {
  return flow_act(ctx, &bulletin_flow, id, BA_SIGN, in);
}
bool bulletin_reopen(struct entity_ctx *ctx, int64_t id, json_t *in) {
  return flow_act(ctx, &bulletin_flow, id, BA_REOPEN, in);
}
bool bulletin_send(struct entity_ctx *ctx, int64_t id, json_t *in) {
  return flow_act(ctx, &bulletin_flow, id, BA_SEND, in);
}

bool bulletin_delete(struct entity_ctx *ctx, int64_t id) {
  return issue_delete(ctx, &kind, id, NULL);
}
