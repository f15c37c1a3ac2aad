/* src/file/file.h: uploaded files (evidence of a studio's 六有 checklist, photos of an
** activity, the attachments of proposals and reports). A file's bytes live in the database, in
** the `files` table, so that every node of a cluster serves them; each file belongs to one
** committee (the uploader's, or one in the uploader's scope).
**
** Who may read a file is decided by the records that hold it, each by its own module's rule:
** every module whose records hold files hands this module (through main.c's module table) a
** file_holder per kind of link, and a file held by at least one record is readable by whoever
** may read one of those records. A file held by none yet is readable by the account that
** uploaded it, by staff whose scope covers its committee (they see every record of it) and by
** the system; never by another member or handling-unit account. This module names no module.
** Records that refer to files check with file_attachable() that the caller may read the file
** and that it lies on the record's committee path. */
#ifndef LVZHI_FILE_H
#define LVZHI_FILE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/access.h"
#include "entity/entity.h"

#define FILE_NAME_MAX 255 /* characters of a file name */

/* One kind of record that holds files, as its module describes it: the SQL that gives the ids
** of the records holding file ? (e.g. "SELECT report_id FROM report_files WHERE file_id = ?"),
** the permission reading such a record needs and the module's rule for one record (the one its
** GET route uses). */
struct file_holder {
  const char *name; /* "report": for the logs and the docs */
  const char *sql;
  enum perm perm;
  bool (*visible)(struct entity_ctx *ctx, int64_t id);
};

/* Adds a module's holders (ended by a NULL name; main.c's module table hands each here).
** Setup time only. */
void file_holders_add(const struct file_holder *list);

/* Checks an uploaded file name (decoded UTF-8): not empty, at most FILE_NAME_MAX characters,
** well-formed, no control characters (C0, DEL, C1) and no '/' or '\\'. Returns NULL when it
** is good, else a Chinese message (and the English one in *en). */
const char *file_name_problem(const char *name, const char **en);

/* Stores bytes data[0..len) as a file of committee_id (0: the user's committee), with its
** SHA-256, inside one transaction with an audit entry. The committee must be in the user's
** scope. Returns the new id, or 0 with ctx->err (400 empty, 422 name or committee, 403 scope). */
int64_t file_store(struct entity_ctx *ctx, int64_t committee_id, const char *filename,
                   const char *content_type, const void *data, size_t len);

/* The file's description {id, filename, size, content_type, sha256, committee_id, uploader_id,
** created_at, url}, or NULL when there is none. */
json_t *file_json(struct entity_ctx *ctx, int64_t id);

/* The committee path of file id, or NULL when there is none (arena). */
const char *file_path(struct entity_ctx *ctx, int64_t id);

/* Whether the user of ctx may read file id: it exists and either a record holding it is
** readable by the user under its module's rule, or no record holds it and the user uploaded it
** or is staff (not a member or handling-unit account) whose scope covers its committee. The
** system (no user) reads every file. */
bool file_visible(struct entity_ctx *ctx, int64_t id);

/* Checks that file id exists, that the caller may read it (file_visible) and that its
** committee is in the caller's scope, and that it belongs to the
** committee at record_path or one below it (so everyone who sees the record sees the file).
** Returns false with ctx->err (422 on field) otherwise. */
bool file_attachable(struct entity_ctx *ctx, int64_t id, const char *record_path,
                     const char *field);

/* Parses a JSON array of file ids (at most max, no duplicates) for field into ids (arena);
** each must be file_attachable to record_path. Returns the count, or -1 with ctx->err. */
int file_ids_parse(struct entity_ctx *ctx, json_t *arr, int max, const char *record_path,
                   const char *field, int64_t **ids);

#endif
