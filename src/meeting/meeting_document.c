/* src/meeting/meeting_document.c: a meeting's documents (会议材料): each under an agenda item
** (or none), with versions (a new file makes version n+1; the old ones are kept), marked
** internal (内部材料) or not, and marked to be withdrawn after the meeting (the close of
** meeting_flow.c sets withdrawn_at). Files are uploaded through the file module first
** (POST /api/v1/files) and named here by id.
**
** Who reads what: whoever sees the meeting reads its documents (staff, readers in scope,
** invitees once notified); an internal document only its invitees and its managers, and an
** invitee gets an internal PDF only with its name and the time stamped on every page (a job:
** doc/pdf_stamp.h), never the file itself; an internal file of another kind (Word, images) as
** it is. A withdrawn document is gone (404) for everyone but the managers, who still list it.
** Every opening is logged per reader (first, last, how many times): staff see who opened which
** and which invitees have not. */
#include <string.h>
#include <strings.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "doc/pdf_stamp.h"
#include "entity/entity_http.h"
#include "entity/input.h"
#include "file/file.h"
#include "http/request.h"
#include "http/router.h"
#include "job/job.h"
#include "job/job_http.h"
#include "meeting.h"

bool meeting_route_visible(struct request *rq, int64_t id);

#define MAX_DOCS 2000 /* listed at once */

/* The columns of a document the rules need. */
struct doc {
  int64_t id, meeting_id, item_id, withdrawn_at, version, file_id;
  const char *title, *content_type, *filename;
  bool internal, withdraw_after_close;
};

static bool name_is_pdf(const char *content_type, const char *filename) {
  size_t n = strlen(filename);
  return !strcasecmp(content_type, "application/pdf") ||
         (n > 4 && !strcasecmp(filename + n - 4, ".pdf"));
}

/* Loads document doc_id of meeting id (0: any meeting) with its current version into d; false
** with 404 when there is none. */
static bool doc_load(struct entity_ctx *ctx, int64_t id, int64_t doc_id, struct doc *d) {
  memset(d, 0, sizeof *d);
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT d.id, d.meeting_id, COALESCE(d.item_id, 0), COALESCE(d.withdrawn_at, 0),"
               " d.title, d.internal, d.withdraw_after_close, v.version, v.file_id,"
               " f.content_type, f.filename FROM meeting_documents d"
               " JOIN meeting_document_versions v ON v.document_id = d.id AND v.version ="
               " (SELECT MAX(version) FROM meeting_document_versions WHERE document_id = d.id)"
               " JOIN files f ON f.id = v.file_id WHERE d.id = ? AND (? = 0 OR d.meeting_id = ?)",
               "iii", doc_id, id, id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    d->id = db_col_int(st, 0);
    d->meeting_id = db_col_int(st, 1);
    d->item_id = db_col_int(st, 2);
    d->withdrawn_at = db_col_int(st, 3);
    d->title = arena_strdup(ctx->arena, db_col_text(st, 4));
    d->internal = db_col_int(st, 5) != 0;
    d->withdraw_after_close = db_col_int(st, 6) != 0;
    d->version = db_col_int(st, 7);
    d->file_id = db_col_int(st, 8);
    d->content_type = arena_strdup(ctx->arena, db_col_text(st, 9));
    d->filename = arena_strdup(ctx->arena, db_col_text(st, 10));
  }
  db_done(st);
  if (!found) entity_not_found(ctx, "该会议没有这份材料", "No such document of the meeting");
  return found;
}

/* Whether the caller may read document d of meeting m (whom the caller sees): managers always;
** others not once it is withdrawn, and an internal one only when invited. False with 404. */
static bool doc_readable(struct entity_ctx *ctx, const struct meeting_row *m, const struct doc *d) {
  if (meeting_is_manager(ctx, m)) return true;
  if (d->withdrawn_at) {
    entity_not_found(ctx, "这份材料已在会后撤回", "The document was withdrawn after the meeting");
    return false;
  }
  if (d->internal && !meeting_invitee_of(ctx, m->id, NULL)) {
    entity_not_found(ctx, "该会议没有这份材料", "No such document of the meeting");
    return false;
  }
  return true;
}

/* The rule of document doc_id for other modules (the job of its stamped PDF): the caller sees its
** meeting and may read it. */
static bool doc_visible(struct entity_ctx *ctx, int64_t doc_id) {
  struct entity_error keep = ctx->err;
  struct doc d;
  struct meeting_row m;
  bool ok = doc_load(ctx, 0, doc_id, &d) && meeting_visible(ctx, d.meeting_id) &&
            meeting_load(ctx, d.meeting_id, &m) && doc_readable(ctx, &m, &d);
  ctx->err = keep;
  return ok;
}

/* The rule of the file itself (GET /api/v1/files/{id} through the file holder): as doc_visible,
** but an internal PDF only to the managers (invitees get it stamped). */
static bool doc_file_visible(struct entity_ctx *ctx, int64_t doc_id) {
  struct entity_error keep = ctx->err;
  struct doc d;
  struct meeting_row m;
  bool ok =
      doc_load(ctx, 0, doc_id, &d) && meeting_visible(ctx, d.meeting_id) &&
      meeting_load(ctx, d.meeting_id, &m) && doc_readable(ctx, &m, &d) &&
      (!d.internal || !name_is_pdf(d.content_type, d.filename) || meeting_is_manager(ctx, &m));
  ctx->err = keep;
  return ok;
}

static json_t *file_brief(struct db_stmt *st, int col) {
  /* columns: file id, filename, size, content_type */
  return json_pack("{s:I,s:s,s:I,s:s,s:s}", "id", (json_int_t)db_col_int(st, col), "filename",
                   db_col_text(st, col + 1), "size", (json_int_t)db_col_int(st, col + 2),
                   "content_type", db_col_text(st, col + 3), "url", "" /* set below */);
}

#define DOC_COLS                                                                                   \
  "SELECT d.id, COALESCE(d.item_id, 0), COALESCE(i.title, ''), COALESCE(i.seq, 0), d.title,"       \
  " d.internal, d.withdraw_after_close, d.withdrawn_at, d.created_at, d.updated_at, v.version,"    \
  " f.id, f.filename, f.size, f.content_type, r.first_at, r.last_at, COALESCE(r.times, 0),"        \
  " (SELECT COUNT(*) FROM meeting_document_reads x WHERE x.document_id = d.id)"                    \
  " FROM meeting_documents d LEFT JOIN meeting_items i ON i.id = d.item_id"                        \
  " JOIN meeting_document_versions v ON v.document_id = d.id AND v.version ="                      \
  " (SELECT MAX(version) FROM meeting_document_versions WHERE document_id = d.id)"                 \
  " JOIN files f ON f.id = v.file_id LEFT JOIN meeting_document_reads r"                           \
  " ON r.document_id = d.id AND r.user_id = ?"

/* One row of DOC_COLS as the API shows it; readers (how many opened it) for managers only. */
static json_t *doc_row_json(struct entity_ctx *ctx, struct db_stmt *st, bool manager) {
  json_t *o = json_pack("{s:I,s:s,s:b,s:b,s:b,s:I}", "id", (json_int_t)db_col_int(st, 0), "title",
                        db_col_text(st, 4), "internal", db_col_int(st, 5) != 0,
                        "withdraw_after_close", db_col_int(st, 6) != 0, "withdrawn",
                        !db_col_null(st, 7), "version", (json_int_t)db_col_int(st, 10));
  json_object_set_new(o, "item_id",
                      db_col_int(st, 1) ? json_integer(db_col_int(st, 1)) : json_null());
  json_object_set_new(o, "item_title", json_string(db_col_text(st, 2)));
  json_object_set_new(o, "item_seq", json_integer(db_col_int(st, 3)));
  entity_time_json(o, "withdrawn_at", st, 7);
  entity_time_json(o, "created_at", st, 8);
  entity_time_json(o, "updated_at", st, 9);
  json_t *f = file_brief(st, 11);
  json_object_set_new(
      f, "url",
      json_string(arena_printf(ctx->arena, "/api/v1/files/%lld", (long long)db_col_int(st, 11))));
  bool pdf = name_is_pdf(db_col_text(st, 14), db_col_text(st, 12));
  json_object_set_new(o, "file", f);
  json_object_set_new(o, "is_pdf", json_boolean(pdf));
  /* how the caller opens it: the stamped PDF (a job) or the file as it is */
  json_object_set_new(o, "stamped", json_boolean(pdf && db_col_int(st, 5) && !manager));
  json_t *mine = json_null();
  if (!db_col_null(st, 15)) {
    mine = json_pack("{s:I}", "times", (json_int_t)db_col_int(st, 17));
    entity_time_json(mine, "first_at", st, 15);
    entity_time_json(mine, "last_at", st, 16);
  }
  json_object_set_new(o, "my_read", mine);
  if (manager) json_object_set_new(o, "readers", json_integer(db_col_int(st, 18)));
  return o;
}

/* The documents of meeting id the caller may read (item_id > 0: of that item only; -1: of no
** item), in the agenda's order: {"items", "total"}. */
static json_t *doc_list(struct entity_ctx *ctx, int64_t id, int64_t item_id) {
  struct meeting_row m;
  if (!meeting_load(ctx, id, &m)) return NULL;
  bool manager = meeting_is_manager(ctx, &m);
  bool invited = manager || meeting_invitee_of(ctx, id, NULL);
  int64_t uid = ctx->user ? ctx->user->id : 0;
  struct db_stmt *st =
      db_query(ctx->db,
               DOC_COLS " WHERE d.meeting_id = ? AND (? = 0 OR (? = -1 AND d.item_id IS NULL)"
                        " OR d.item_id = ?) AND (? = 1 OR d.withdrawn_at IS NULL)"
                        " AND (? = 1 OR d.internal = 0)"
                        " ORDER BY CASE WHEN i.seq IS NULL THEN 1 ELSE 0 END, i.seq, d.id LIMIT ?",
               "iiiiiiii", uid, id, item_id, item_id, item_id, (int64_t)manager, (int64_t)invited,
               (int64_t)MAX_DOCS);
  json_t *items = json_array();
  while (db_step(st) == DB_ROW) json_array_append_new(items, doc_row_json(ctx, st, manager));
  db_done(st);
  return json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items));
}

/* The detail of document doc_id (readable by the caller) with its versions, oldest first. */
static json_t *doc_detail(struct entity_ctx *ctx, int64_t id, int64_t doc_id) {
  struct meeting_row m;
  struct doc d;
  if (!meeting_load(ctx, id, &m) || !doc_load(ctx, id, doc_id, &d) || !doc_readable(ctx, &m, &d))
    return NULL;
  bool manager = meeting_is_manager(ctx, &m);
  struct db_stmt *st =
      db_query(ctx->db, DOC_COLS " WHERE d.id = ?", "ii", ctx->user ? ctx->user->id : 0, doc_id);
  json_t *o = db_step(st) == DB_ROW ? doc_row_json(ctx, st, manager) : NULL;
  db_done(st);
  if (!o) return NULL;
  st = db_query(ctx->db,
                "SELECT v.version, v.note, v.created_at, COALESCE(u.display_name, ''), f.id,"
                " f.filename, f.size, f.content_type FROM meeting_document_versions v"
                " JOIN files f ON f.id = v.file_id LEFT JOIN users u ON u.id = v.created_by"
                " WHERE v.document_id = ? ORDER BY v.version",
                "i", doc_id);
  json_t *versions = json_array();
  while (db_step(st) == DB_ROW) {
    json_t *v = json_pack("{s:I,s:s,s:s}", "version", (json_int_t)db_col_int(st, 0), "note",
                          db_col_text(st, 1), "created_by_name", db_col_text(st, 3));
    entity_time_json(v, "created_at", st, 2);
    json_t *f = file_brief(st, 4);
    json_object_set_new(
        f, "url",
        json_string(arena_printf(ctx->arena, "/api/v1/files/%lld", (long long)db_col_int(st, 4))));
    json_object_set_new(v, "file", f);
    json_array_append_new(versions, v);
  }
  db_done(st);
  json_object_set_new(o, "versions", versions);
  return o;
}

/* ---- writes ---------------------------------------------------------------------------------- */

/* Opens the transaction of a staff write on meeting id (its lock, a manager, not closed). */
static bool begin_edit(struct entity_ctx *ctx, int64_t id, struct meeting_row *m) {
  if (db_begin(ctx->db) != DB_DONE) return false;
  if (!meeting_lock(ctx, id, m)) return false;
  if (!meeting_is_manager(ctx, m)) {
    entity_forbidden(ctx, "只有会务工作人员可以管理会议材料",
                     "Only the meeting's staff manage its documents");
    return false;
  }
  if (m->state >= MS_CLOSED) {
    meeting_wrong_state(ctx, m, "会议已闭会，会议材料不能再修改",
                        "A closed meeting's documents are fixed");
    return false;
  }
  return true;
}

/* Checks item_id of the body (null or absent: none) against meeting id into *item; *set when
** the body names it. */
static bool read_item(struct entity_ctx *ctx, int64_t id, json_t *in, int64_t *item, bool *set) {
  json_t *v = json_object_get(in, "item_id");
  *set = v != NULL;
  *item = 0;
  if (!v || json_is_null(v)) return true;
  if (!input_int(ctx, in, "item_id", 1, INT64_MAX, item, "议题")) return false;
  if (!db_int(ctx->db, 0, "SELECT COUNT(*) FROM meeting_items WHERE id = ? AND meeting_id = ?",
              "ii", *item, id)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "item_id", "该会议没有这个议题",
                "No such agenda item of the meeting");
    return false;
  }
  return true;
}

static bool read_flag(struct entity_ctx *ctx, json_t *in, const char *name, bool *out, bool *set) {
  json_t *v = json_object_get(in, name);
  *set = v && !json_is_null(v);
  return !*set || input_bool(ctx, in, name, out);
}

static bool add_version(struct entity_ctx *ctx, int64_t doc_id, int64_t file_id, const char *note,
                        int64_t now) {
  return db_exec(ctx->db,
                 "INSERT INTO meeting_document_versions (document_id, version, file_id, note,"
                 " created_by, created_at) SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?"
                 " FROM meeting_document_versions WHERE document_id = ?",
                 "iitIii", doc_id, file_id, note, ctx->user ? ctx->user->id : 0, now,
                 doc_id) == DB_DONE &&
         db_exec(ctx->db, "UPDATE meeting_documents SET updated_at = ? WHERE id = ?", "ii", now,
                 doc_id) == DB_DONE;
}

static json_t *doc_audit(struct entity_ctx *ctx, int64_t doc_id) {
  struct doc d;
  struct entity_error keep = ctx->err;
  json_t *o = NULL;
  if (doc_load(ctx, 0, doc_id, &d))
    o = json_pack("{s:I,s:s,s:b,s:b,s:I,s:I}", "document", (json_int_t)d.id, "title", d.title,
                  "internal", d.internal, "withdraw_after_close", d.withdraw_after_close, "version",
                  (json_int_t)d.version, "file_id", (json_int_t)d.file_id);
  ctx->err = keep;
  return o;
}

/* POST body {title, item_id?, internal?, withdraw_after_close?, file_id, note?}: the new
** document's id (version 1), 0 with ctx->err. */
static int64_t doc_create(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"title",   "item_id", "internal", "withdraw_after_close",
                                      "file_id", "note",    NULL};
  const char *title, *note;
  bool internal = false, withdraw = false, set;
  int64_t item, file_id;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(title = input_text(ctx, in, "title", true, 200, "材料名称")) ||
      !(note = input_text(ctx, in, "note", false, 500, "版本说明")) ||
      !read_item(ctx, id, in, &item, &set) || !read_flag(ctx, in, "internal", &internal, &set) ||
      !read_flag(ctx, in, "withdraw_after_close", &withdraw, &set) ||
      !input_int(ctx, in, "file_id", 1, INT64_MAX, &file_id, "文件"))
    return 0;
  struct meeting_row m;
  int64_t now = time_now(), doc_id = 0;
  bool ok = begin_edit(ctx, id, &m) && file_attachable(ctx, file_id, m.path, "file_id");
  if (ok) {
    struct db_stmt *st = db_query(ctx->db,
                                  "INSERT INTO meeting_documents (meeting_id, item_id, title,"
                                  " internal, withdraw_after_close, created_by, created_at,"
                                  " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                  "iItbbIii", id, item, title, internal, withdraw,
                                  ctx->user ? ctx->user->id : 0, now, now);
    if (db_step(st) == DB_ROW) doc_id = db_col_int(st, 0);
    db_done(st);
    ok = doc_id > 0 && add_version(ctx, doc_id, file_id, note, now);
  }
  json_t *after = ok ? doc_audit(ctx, doc_id) : NULL;
  ok = ok && meeting_event(ctx, id, "document", title, NULL) &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.document_add", "meeting", id,
                    m.committee_id, NULL, after);
  json_decref(after);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR) ? doc_id : 0;
}

/* PATCH body {title?, item_id?, internal?, withdraw_after_close?}. */
static bool doc_update(struct entity_ctx *ctx, int64_t id, int64_t doc_id, json_t *in) {
  static const char *const names[] = {"title", "item_id", "internal", "withdraw_after_close", NULL};
  const char *title;
  bool internal = false, withdraw = false, item_set, internal_set, withdraw_set;
  int64_t item;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(title = input_text(ctx, in, "title", false, 200, "材料名称")) ||
      !read_item(ctx, id, in, &item, &item_set) ||
      !read_flag(ctx, in, "internal", &internal, &internal_set) ||
      !read_flag(ctx, in, "withdraw_after_close", &withdraw, &withdraw_set))
    return false;
  if (!*title && json_object_get(in, "title")) {
    entity_fail(ctx, ERR_INVALID_FIELD, "title", "材料名称不能为空", "The document needs a title");
    return false;
  }
  struct meeting_row m;
  struct doc d;
  int64_t now = time_now();
  bool ok = begin_edit(ctx, id, &m) && doc_load(ctx, id, doc_id, &d);
  json_t *before = ok ? doc_audit(ctx, doc_id) : NULL;
  if (ok && *title)
    ok = db_exec(ctx->db, "UPDATE meeting_documents SET title = ? WHERE id = ?", "ti", title,
                 doc_id) == DB_DONE;
  if (ok && item_set)
    ok = db_exec(ctx->db, "UPDATE meeting_documents SET item_id = ? WHERE id = ?", "Ii", item,
                 doc_id) == DB_DONE;
  if (ok && internal_set)
    ok = db_exec(ctx->db, "UPDATE meeting_documents SET internal = ? WHERE id = ?", "bi", internal,
                 doc_id) == DB_DONE;
  if (ok && withdraw_set)
    ok = db_exec(ctx->db, "UPDATE meeting_documents SET withdraw_after_close = ? WHERE id = ?",
                 "bi", withdraw, doc_id) == DB_DONE;
  ok = ok && db_exec(ctx->db, "UPDATE meeting_documents SET updated_at = ? WHERE id = ?", "ii", now,
                     doc_id) == DB_DONE;
  json_t *after = ok ? doc_audit(ctx, doc_id) : NULL;
  ok = ok && meeting_event(ctx, id, "document", *title ? title : d.title, NULL) &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.document_update", "meeting", id,
                    m.committee_id, before, after);
  json_decref(before);
  json_decref(after);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

/* POST body {file_id, note?}: version n+1; the old versions are kept. */
static bool doc_new_version(struct entity_ctx *ctx, int64_t id, int64_t doc_id, json_t *in) {
  static const char *const names[] = {"file_id", "note", NULL};
  const char *note;
  int64_t file_id;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(note = input_text(ctx, in, "note", false, 500, "版本说明")) ||
      !input_int(ctx, in, "file_id", 1, INT64_MAX, &file_id, "文件"))
    return false;
  struct meeting_row m;
  struct doc d;
  bool ok = begin_edit(ctx, id, &m) && doc_load(ctx, id, doc_id, &d) &&
            file_attachable(ctx, file_id, m.path, "file_id");
  if (ok && d.withdrawn_at) {
    entity_fail(ctx, ERR_WRONG_STATE, NULL, "材料已撤回", "The document was withdrawn");
    ok = false;
  }
  ok = ok && add_version(ctx, doc_id, file_id, note, time_now());
  json_t *after = ok ? doc_audit(ctx, doc_id) : NULL;
  ok = ok &&
       meeting_event(ctx, id, "document",
                     arena_printf(ctx->arena, "%s（第 %lld 版）", d.title,
                                  (long long)json_integer_value(json_object_get(after, "version"))),
                     NULL) &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.document_version", "meeting", id,
                    m.committee_id, NULL, after);
  json_decref(after);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

/* Logs that the caller opened document doc_id now (first, last, times), in its own statement. */
static bool log_read(struct entity_ctx *ctx, int64_t doc_id) {
  if (!ctx->user) return true;
  int64_t now = time_now();
  return db_exec(ctx->db,
                 "INSERT INTO meeting_document_reads (document_id, user_id, first_at, last_at,"
                 " times) VALUES (?, ?, ?, ?, 1) ON CONFLICT (document_id, user_id) DO UPDATE"
                 " SET last_at = excluded.last_at, times = meeting_document_reads.times + 1",
                 "iiii", doc_id, ctx->user->id, now, now) == DB_DONE;
}

/* Who opened document doc_id and which invitees have not: {"readers": [{user_id, name, role,
** first_at, last_at, times}], "not_read": [{invitee_id, name, role}], "invitees", "read"}. */
static json_t *doc_reads(struct entity_ctx *ctx, int64_t id, int64_t doc_id) {
  struct meeting_row m;
  struct doc d;
  if (!meeting_load(ctx, id, &m) || !doc_load(ctx, id, doc_id, &d)) return NULL;
  if (!meeting_is_manager(ctx, &m)) {
    entity_forbidden(ctx, "只有会务工作人员可以查看阅读记录",
                     "Only the meeting's staff see who read what");
    return NULL;
  }
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT r.user_id, COALESCE(mb.name, u.display_name, ''), COALESCE(i.role, ''),"
               " r.first_at, r.last_at, r.times FROM meeting_document_reads r"
               " JOIN users u ON u.id = r.user_id LEFT JOIN members mb ON mb.id = u.member_id"
               " LEFT JOIN meeting_invitees i ON i.meeting_id = ? AND (i.user_id = u.id OR"
               " (u.member_id IS NOT NULL AND i.member_id = u.member_id))"
               " WHERE r.document_id = ? ORDER BY r.first_at, r.user_id",
               "ii", id, doc_id);
  json_t *readers = json_array();
  while (db_step(st) == DB_ROW) {
    json_t *o = json_pack("{s:I,s:s,s:s,s:I}", "user_id", (json_int_t)db_col_int(st, 0), "name",
                          db_col_text(st, 1), "role", db_col_text(st, 2), "times",
                          (json_int_t)db_col_int(st, 5));
    entity_time_json(o, "first_at", st, 3);
    entity_time_json(o, "last_at", st, 4);
    json_array_append_new(readers, o);
  }
  db_done(st);
  /* invitees none of whose accounts has opened it (a member invited by its member record reads
  ** through its member account) */
  st = db_query(ctx->db,
                "SELECT i.id, COALESCE(mb.name, u.display_name, ''), i.role FROM meeting_invitees i"
                " LEFT JOIN members mb ON mb.id = i.member_id LEFT JOIN users u ON u.id = i.user_id"
                " WHERE i.meeting_id = ? AND NOT EXISTS (SELECT 1 FROM meeting_document_reads r"
                " JOIN users ru ON ru.id = r.user_id WHERE r.document_id = ? AND"
                " (ru.id = i.user_id OR (i.member_id IS NOT NULL AND ru.member_id = i.member_id)))"
                " ORDER BY i.role, i.id LIMIT 5000",
                "ii", id, doc_id);
  json_t *unread = json_array();
  while (db_step(st) == DB_ROW)
    json_array_append_new(
        unread, json_pack("{s:I,s:s,s:s,s:s}", "invitee_id", (json_int_t)db_col_int(st, 0), "name",
                          db_col_text(st, 1), "role", db_col_text(st, 2), "role_label",
                          label_text(meeting_roles, db_col_text(st, 2), ctx->en)));
  db_done(st);
  int64_t invitees =
      db_int(ctx->db, 0, "SELECT COUNT(*) FROM meeting_invitees WHERE meeting_id = ?", "i", id);
  return json_pack("{s:o,s:o,s:I,s:I}", "readers", readers, "not_read", unread, "invitees",
                   (json_int_t)invitees, "read",
                   (json_int_t)(invitees - (int64_t)json_array_size(unread)));
}

/* ---- the stamped PDF (a job) ----------------------------------------------------------------- */

/* The job meeting_document_pdf: version params.version (0: the current) of document
** j->record_id, stamped with the name of the account that asked and the minute it is made. */
static bool pdf_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  struct buf out = {0};
  job_progress(j, 0, 1, "加水印");
  int64_t version = json_integer_value(json_object_get(j->params, "version"));
  struct db_stmt *st = db_query(j->db,
                                "SELECT f.data, f.filename, d.title FROM meeting_documents d"
                                " JOIN meeting_document_versions v ON v.document_id = d.id"
                                " JOIN files f ON f.id = v.file_id WHERE d.id = ? AND v.version ="
                                " CASE WHEN ? > 0 THEN ? ELSE (SELECT MAX(version) FROM"
                                " meeting_document_versions WHERE document_id = d.id) END",
                                "iii", j->record_id, version, version);
  bool built = false;
  const char *title = "会议材料";
  if (db_step(st) == DB_ROW) {
    size_t n = 0;
    const void *data = db_col_blob(st, 0, &n);
    title = arena_strdup(j->arena, db_col_text(st, 2));
    char minute[32];
    time_cst_minute(time_now(), minute);
    const char *who = ctx.user && ctx.user->display_name && *ctx.user->display_name
                          ? ctx.user->display_name
                          : (ctx.user ? ctx.user->username : "系统");
    const char *zh, *en;
    built =
        pdf_stamp(data, n, arena_printf(j->arena, "%s %s 内部材料", who, minute), &out, &zh, &en);
    if (!built) entity_fail(&ctx, ERR_INVALID_FIELD, NULL, zh, en);
  } else
    entity_not_found(&ctx, "没有这一版材料", "No such version of the document");
  db_done(st);
  job_progress(j, 1, 1, "加水印");
  return job_set_file(j, &ctx, built, &out, "application/pdf",
                      arena_printf(j->arena, "%s.pdf", title));
}

const struct job_kind meeting_document_jobs[] = {
    {"meeting_document_pdf", "会议材料（加水印）", pdf_job, PERM_MEETING_READ, doc_visible, true},
    {NULL},
};

/* A file of a meeting's document is read under the document's rule (an internal PDF: only its
** managers; invitees open it stamped). */
const struct file_holder meeting_document_file_holders[] = {
    {"meeting_document", "SELECT document_id FROM meeting_document_versions WHERE file_id = ?",
     PERM_MEETING_READ, doc_file_visible},
    {NULL},
};

/* ---- HTTP ------------------------------------------------------------------------------------ */

/* GET /api/v1/meetings/{id}/documents?item_id=N|none: {"items", "total"}. */
static void list_h(struct request *rq) {
  const char *q = request_query(rq, "item_id");
  int64_t item = 0;
  if (q && !strcmp(q, "none"))
    item = -1;
  else if (!request_query_int(rq, "item_id", 1, INT64_MAX, 0, &item))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, doc_list(ctx, request_id(rq, "id"), item));
}

/* POST /api/v1/meetings/{id}/documents {title, item_id?, internal?, withdraw_after_close?,
** file_id, note?}: 201 the detail. */
static void create_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  int64_t doc_id = doc_create(ctx, id, rq->json);
  if (!doc_id) return reply_entity_error(rq, ctx);
  json_t *j = doc_detail(ctx, id, doc_id);
  if (!j) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, j);
}

/* GET /api/v1/meetings/{id}/documents/{doc_id}: the detail with its versions. */
static void get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, doc_detail(ctx, request_id(rq, "id"), request_id(rq, "doc_id")));
}

/* PATCH /api/v1/meetings/{id}/documents/{doc_id}: the detail. */
static void update_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id"), doc_id = request_id(rq, "doc_id");
  if (!doc_update(ctx, id, doc_id, rq->json)) return reply_entity_error(rq, ctx);
  reply_result(rq, ctx, doc_detail(ctx, id, doc_id));
}

/* POST /api/v1/meetings/{id}/documents/{doc_id}/versions {file_id, note?}: 201 the detail. */
static void version_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id"), doc_id = request_id(rq, "doc_id");
  if (!doc_new_version(ctx, id, doc_id, rq->json)) return reply_entity_error(rq, ctx);
  json_t *j = doc_detail(ctx, id, doc_id);
  if (!j) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, j);
}

/* Reads ?version= (0: the current) of document d; false having replied 422. */
static bool query_version(struct request *rq, struct entity_ctx *ctx, const struct doc *d,
                          int64_t *version) {
  if (!request_query_int(rq, "version", 1, 1000000, 0, version)) return false;
  if (*version && !db_int(ctx->db, 0,
                          "SELECT COUNT(*) FROM meeting_document_versions WHERE document_id = ?"
                          " AND version = ?",
                          "ii", d->id, *version)) {
    reply_error(rq, ERR_INVALID_FIELD, "version", "没有这一版材料",
                "No such version of the document");
    return false;
  }
  return true;
}

/* Content-Disposition inline (a reader opens it in place), with the UTF-8 name (RFC 6266). */
static const char *inline_disposition(struct arena *a, const char *filename) {
  struct buf b = {0};
  buf_puts(&b, "inline; filename=\"document\"; filename*=UTF-8''");
  for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '.' || *p == '-' || *p == '_')
      buf_putc(&b, (char)*p);
    else
      buf_printf(&b, "%%%02X", *p);
  }
  const char *s = arena_strdup(a, b.data);
  buf_free(&b);
  return s;
}

/* Loads the meeting and the document of the route and checks the caller may read it; false
** having replied. */
static bool route_doc(struct request *rq, struct entity_ctx *ctx, struct meeting_row *m,
                      struct doc *d) {
  int64_t id = request_id(rq, "id");
  if (!meeting_load(ctx, id, m) || !doc_load(ctx, id, request_id(rq, "doc_id"), d) ||
      !doc_readable(ctx, m, d)) {
    reply_entity_error(rq, ctx);
    return false;
  }
  return true;
}

/* GET /api/v1/meetings/{id}/documents/{doc_id}/file?version=: the file as it is, inline, the
** opening logged; an internal PDF only to the managers (403: invitees open it stamped). */
static void file_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  struct meeting_row m;
  struct doc d;
  int64_t version;
  if (!route_doc(rq, ctx, &m, &d) || !query_version(rq, ctx, &d, &version)) return;
  if (d.internal && name_is_pdf(d.content_type, d.filename) && !meeting_is_manager(ctx, &m))
    return reply_error(rq, ERR_FORBIDDEN, NULL, "内部材料请打开加水印的版本（POST …/pdf）",
                       "An internal document is opened stamped with your name (POST …/pdf)");
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT f.filename, f.content_type, f.data FROM"
                                " meeting_document_versions v JOIN files f ON f.id = v.file_id"
                                " WHERE v.document_id = ? AND v.version = ?",
                                "ii", d.id, version ? version : d.version);
  if (db_step(st) != DB_ROW) {
    db_done(st);
    return reply_not_found(rq);
  }
  size_t n = 0;
  const void *data = db_col_blob(st, 2, &n);
  const char *filename = arena_strdup(rq->arena, db_col_text(st, 0));
  const char *type = arena_strdup(rq->arena, db_col_text(st, 1));
  void *copy = arena_alloc(rq->arena, n ? n : 1);
  if (n) memcpy(copy, data, n);
  db_done(st);
  if (!log_read(ctx, d.id)) return reply_db_error(rq);
  reply_header(rq, "content-disposition", inline_disposition(rq->arena, filename));
  reply_header(rq, "cache-control", "private, no-store");
  reply_bytes(rq, 200, type, copy, n, NULL);
}

/* POST /api/v1/meetings/{id}/documents/{doc_id}/pdf?version=: the PDF stamped on every page with
** the caller's name and the time (a job: 202 {"job"}), the opening logged; 422 when the document
** is not a PDF. */
static void pdf_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  struct meeting_row m;
  struct doc d;
  int64_t version;
  if (!route_doc(rq, ctx, &m, &d) || !query_version(rq, ctx, &d, &version)) return;
  if (!name_is_pdf(d.content_type, d.filename))
    return reply_error(rq, ERR_INVALID_FIELD, NULL, "这份材料不是 PDF，请直接打开文件",
                       "The document is not a PDF: open the file itself");
  if (!log_read(ctx, d.id)) return reply_db_error(rq);
  job_export_start(rq, "meeting_document_pdf", d.id,
                   json_pack("{s:I}", "version", (json_int_t)version));
}

/* GET /api/v1/meetings/{id}/documents/{doc_id}/reads: who opened it, which invitees have not. */
static void reads_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, doc_reads(ctx, request_id(rq, "id"), request_id(rq, "doc_id")));
}

#define P "/api/v1/meetings/{id}/documents"
const struct route meeting_document_routes[] = {
    {"GET", P, list_h, PERM_MEETING_READ, 0, meeting_route_visible, "会议材料"},
    {"POST", P, create_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible, "添加会议材料"},
    {"GET", P "/{doc_id}", get_h, PERM_MEETING_READ, 0, meeting_route_visible,
     "会议材料详情（各版本）"},
    {"PATCH", P "/{doc_id}", update_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible,
     "修改会议材料"},
    {"POST", P "/{doc_id}/versions", version_h, PERM_MEETING_MANAGE, ROUTE_JSON,
     meeting_route_visible, "上传会议材料新版本"},
    {"GET", P "/{doc_id}/file", file_h, PERM_MEETING_READ, 0, meeting_route_visible,
     "打开会议材料（原文件）"},
    {"POST", P "/{doc_id}/pdf", pdf_h, PERM_MEETING_READ, ROUTE_EXPORT, meeting_route_visible,
     "打开会议材料（加水印的 PDF）"},
    {"GET", P "/{doc_id}/reads", reads_h, PERM_MEETING_MANAGE, 0, meeting_route_visible,
     "会议材料阅读记录"},
    {NULL},
};
