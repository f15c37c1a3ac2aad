/* src/file/file.c: uploaded files kept in the database (see file.h). */
#include "file.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"

const char *file_name_problem(const char *name, const char **en) {
  const char *dummy;
  if (!en) en = &dummy;
  size_t len = name ? strlen(name) : 0;
  if (!len) {
    *en = "A file name is required (header X-Filename)";
    return "请给出文件名（X-Filename 头）";
  }
  int n;
  size_t count = 0;
  for (size_t i = 0; i < len; i += (size_t)n) {
    long cp = utf8_decode(name + i, len - i, &n);
    if (cp < 0) {
      *en = "The file name is not valid UTF-8";
      return "文件名不是有效的 UTF-8 文本";
    }
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
      *en = "The file name contains control characters";
      return "文件名不能含有控制字符";
    }
    if (cp == '/' || cp == '\\') {
      *en = "The file name cannot contain / or \\";
      return "文件名不能含有 / 或 \\";
    }
    count++;
  }
  if (count > FILE_NAME_MAX) {
    *en = "The file name is too long (at most 255 characters)";
    return "文件名过长（最多 255 个字）";
  }
  return NULL;
}

/* A content type as given when it is printable ASCII of a sane length, else the generic one. */
static const char *clean_type(const char *ct) {
  if (!ct || !*ct || strlen(ct) > 127) return "application/octet-stream";
  for (const char *p = ct; *p; p++)
    if (*p < 0x20 || *p > 0x7e) return "application/octet-stream";
  return ct;
}

int64_t file_store(struct entity_ctx *ctx, int64_t committee_id, const char *filename,
                   const char *content_type, const void *data, size_t len) {
  if (!data || !len) {
    entity_fail(ctx, ERR_EMPTY_BODY, NULL, "上传的文件是空的", "The file is empty");
    return 0;
  }
  const char *en, *zh = file_name_problem(filename, &en);
  if (zh) {
    entity_fail(ctx, ERR_INVALID_FIELD, "filename", zh, en);
    return 0;
  }
  if (!committee_id && ctx->user) committee_id = ctx->user->committee_id;
  const char *path = committee_id ? committee_path_of(ctx, committee_id) : NULL;
  if (!path) {
    entity_fail(ctx, ERR_INVALID_FIELD, "committee_id", "所属政协不存在", "No such committee");
    return 0;
  }
  if (ctx->user && !access_in_scope(ctx->user, path)) {
    entity_fail(ctx, ERR_FORBIDDEN_SCOPE, "committee_id", "所选政协不在您的管辖范围内",
                "That committee is outside your scope");
    return 0;
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, data, len);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  const char *type = clean_type(content_type);
  int64_t id = 0;
  int rc = db_begin(ctx->db);
  if (rc == DB_DONE) {
    struct db_stmt *st = db_query(ctx->db,
                                  "INSERT INTO files (committee_id, uploader_id, filename,"
                                  " content_type, size, sha256, data, created_at)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                  "iIttitBi", committee_id, ctx->user ? ctx->user->id : 0, filename,
                                  type, (int64_t)len, hex, data, len, time_now());
    rc = db_step(st);
    if (rc == DB_ROW) id = db_col_int(st, 0);
    db_done(st);
    rc = id ? DB_DONE : DB_ERROR;
  }
  if (rc == DB_DONE) {
    json_t *after = json_pack("{s:I,s:s,s:I,s:s,s:s}", "id", (json_int_t)id, "filename", filename,
                              "size", (json_int_t)len, "content_type", type, "sha256", hex);
    if (!audit_record(ctx->db, ctx->user, ctx->ip, "create", "file", id, committee_id, NULL, after))
      rc = DB_ERROR;
    json_decref(after);
  }
  if (rc == DB_DONE && db_commit(ctx->db) == DB_DONE) return id;
  db_rollback(ctx->db);
  entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
  return 0;
}

json_t *file_json(struct entity_ctx *ctx, int64_t id) {
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT id, filename, size, content_type, sha256, committee_id,"
                                " uploader_id, created_at FROM files WHERE id = ?",
                                "i", id);
  json_t *o = NULL;
  if (db_step(st) == DB_ROW) {
    char t[32];
    o = json_pack("{s:I,s:s,s:I,s:s,s:s,s:I,s:o,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0),
                  "filename", db_col_text(st, 1), "size", (json_int_t)db_col_int(st, 2),
                  "content_type", db_col_text(st, 3), "sha256", db_col_text(st, 4), "committee_id",
                  (json_int_t)db_col_int(st, 5), "uploader_id",
                  db_col_null(st, 6) ? json_null() : json_integer(db_col_int(st, 6)), "created_at",
                  time_iso(db_col_int(st, 7), t), "url",
                  arena_printf(ctx->arena, "/api/v1/files/%lld", (long long)id));
  }
  db_done(st);
  return o;
}

const char *file_path(struct entity_ctx *ctx, int64_t id) {
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT c.path FROM files f JOIN committees c ON c.id = f.committee_id WHERE f.id = ?", "i",
      id);
  const char *p = NULL;
  if (db_step(st) == DB_ROW) p = arena_strdup(ctx->arena, db_col_text(st, 0));
  db_done(st);
  return p;
}

/* The holders every module handed over at setup (main.c's module table). */
#define FILE_HOLDERS_MAX 32
#define FILE_HOLDS_MAX   50 /* records of one kind asked about one file */
static const struct file_holder *holders[FILE_HOLDERS_MAX];
static int nholders;

void file_holders_add(const struct file_holder *list) {
  for (; list && list->name && nholders < FILE_HOLDERS_MAX; list++) holders[nholders++] = list;
}

/* Whether a record of holder h holds file id (*held) and whether the caller may read one. The
** ids are read first: the module's rule runs queries of its own. */
static bool holder_grants(struct entity_ctx *ctx, const struct file_holder *h, int64_t id,
                          bool *held) {
  int64_t ids[FILE_HOLDS_MAX];
  int n = 0;
  struct db_stmt *st = db_query(ctx->db, h->sql, "i", id);
  while (n < FILE_HOLDS_MAX && db_step(st) == DB_ROW) ids[n++] = db_col_int(st, 0);
  db_done(st);
  if (n) *held = true;
  if (!access_role_has(ctx->user->role, h->perm)) return false;
  for (int i = 0; i < n; i++)
    if (h->visible(ctx, ids[i])) return true;
  return false;
}

bool file_visible(struct entity_ctx *ctx, int64_t id) {
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT c.path, COALESCE(f.uploader_id, 0) FROM files f"
                                " JOIN committees c ON c.id = f.committee_id WHERE f.id = ?",
                                "i", id);
  const char *path = NULL;
  int64_t uploader = 0;
  if (db_step(st) == DB_ROW) {
    path = arena_strdup(ctx->arena, db_col_text(st, 0));
    uploader = db_col_int(st, 1);
  }
  db_done(st);
  if (!path) return false;
  const struct user *u = ctx->user;
  if (!u) return true;
  bool held = false;
  for (int i = 0; i < nholders; i++)
    if (holder_grants(ctx, holders[i], id, &held)) return true;
  if (held) return false;
  /* held by nothing yet: its uploader, and staff who would see any record of its committee (an
  ** organiser sees only its body's records: its own uploads) */
  if (uploader == u->id) return true;
  bool self_only =
      u->role == ROLE_MEMBER || u->role == ROLE_HANDLING_UNIT || u->role == ROLE_ORGANISER;
  return !self_only && access_in_scope(u, path);
}

bool file_attachable(struct entity_ctx *ctx, int64_t id, const char *record_path,
                     const char *field) {
  const char *p = id > 0 ? file_path(ctx, id) : NULL;
  if (!p || (ctx->user && (!access_in_scope(ctx->user, p) || !file_visible(ctx, id)))) {
    entity_fail(ctx, ERR_INVALID_FIELD, field,
                arena_printf(ctx->arena, "文件 %lld 不存在", (long long)id),
                arena_printf(ctx->arena, "No such file: %lld", (long long)id));
    return false;
  }
  if (strncmp(p, record_path, strlen(record_path))) {
    entity_fail(ctx, ERR_INVALID_FIELD, field,
                arena_printf(ctx->arena,
                             "文件 %lld 属于其他政协；请上传到本记录所属的政协（committee_id）",
                             (long long)id),
                arena_printf(ctx->arena,
                             "File %lld belongs to another committee; upload it to the record's"
                             " committee (committee_id)",
                             (long long)id));
    return false;
  }
  return true;
}

int file_ids_parse(struct entity_ctx *ctx, json_t *arr, int max, const char *record_path,
                   const char *field, int64_t **ids) {
  *ids = NULL;
  if (!json_is_array(arr)) {
    entity_fail(ctx, ERR_INVALID_FIELD, field,
                arena_printf(ctx->arena, "%s 应为文件编号的数组", field),
                arena_printf(ctx->arena, "%s must be an array of file ids", field));
    return -1;
  }
  int n = (int)json_array_size(arr);
  if (n > max) {
    entity_fail(ctx, ERR_INVALID_FIELD, field,
                arena_printf(ctx->arena, "%s 最多 %d 个文件", field, max),
                arena_printf(ctx->arena, "%s holds at most %d files", field, max));
    return -1;
  }
  int64_t *out = arena_alloc(ctx->arena, sizeof *out * (size_t)(n ? n : 1));
  for (int i = 0; i < n; i++) {
    json_t *j = json_array_get(arr, (size_t)i);
    if (!json_is_integer(j) || json_integer_value(j) <= 0) {
      entity_fail(ctx, ERR_INVALID_FIELD, field,
                  arena_printf(ctx->arena, "%s 应为文件编号的数组", field),
                  arena_printf(ctx->arena, "%s must be an array of file ids", field));
      return -1;
    }
    out[i] = json_integer_value(j);
    for (int k = 0; k < i; k++)
      if (out[k] == out[i]) {
        entity_fail(ctx, ERR_INVALID_FIELD, field,
                    arena_printf(ctx->arena, "文件 %lld 重复", (long long)out[i]),
                    arena_printf(ctx->arena, "File %lld is given twice", (long long)out[i]));
        return -1;
      }
    if (!file_attachable(ctx, out[i], record_path, field)) return -1;
  }
  *ids = out;
  return n;
}
