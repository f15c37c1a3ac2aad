/* src/file/file.h: uploaded files (evidence of a studio's 六有 checklist, photos of an
** activity, later the attachments of other modules). A file's bytes live in the database, in
** the `files` table, so that every node of a cluster serves them; each file belongs to one
** committee (the uploader's, or one in the uploader's scope) and is visible to the users whose
** scope covers that committee. Records that refer to files check with file_attachable() that
** everyone who sees the record may see the file. */
#ifndef LVZHI_FILE_H
#define LVZHI_FILE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "entity/entity.h"

#define FILE_NAME_MAX 255 /* characters of a file name */

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

/* Whether the user of ctx may read file id (it exists and its committee is in scope). */
bool file_visible(struct entity_ctx *ctx, int64_t id);

/* Checks that file id exists, that the caller may read it, and that it belongs to the
** committee at record_path or one below it (so everyone who sees the record sees the file).
** Returns false with ctx->err (422 on field) otherwise. */
bool file_attachable(struct entity_ctx *ctx, int64_t id, const char *record_path,
                     const char *field);

/* Parses a JSON array of file ids (at most max, no duplicates) for field into ids (arena);
** each must be file_attachable to record_path. Returns the count, or -1 with ctx->err. */
int file_ids_parse(struct entity_ctx *ctx, json_t *arr, int max, const char *record_path,
                   const char *field, int64_t **ids);

#endif
