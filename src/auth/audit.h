/* src/auth/audit.h: the append-only audit log. Every write through the API records who did
** what to which entity, with the record before and after; each entry carries the hash of the
** previous one, so that an edit or deletion in the table breaks the chain. */
#ifndef LVZHI_AUDIT_H
#define LVZHI_AUDIT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct user;

/* Appends an entry inside the caller's transaction. before/after may be NULL (not taken).
** user may be NULL (the command line, the system). Returns false on a database error. */
bool audit_record(struct db *db, const struct user *user, const char *ip, const char *action,
                  const char *entity, int64_t entity_id, int64_t committee_id, const json_t *before,
                  const json_t *after);

/* Verifies the whole chain. Returns 0 when intact (and the entry count in *count), else the
** id of the first entry whose hash or link does not hold. */
int64_t audit_verify(struct db *db, int64_t *count);

/* Rewrites the stored images of past entries through edit, which gets each entry's entity and
** one of its images (parsed) and returns true when it changed the image; then computes the
** chain again from the first entry changed, so that it verifies. For a migration that must take
** out of the log what may no longer be kept in clear (migration 12: ID masks that showed the
** sequence digits, birth dates, phone numbers); the caller records with an entry of its own that
** it did so. Inside the caller's transaction. Refuses (-1, with a message on stderr) a chain
** that does not verify before: computing it again would cover that up. Returns the entries
** changed, or -1. */
int64_t audit_rewrite(struct db *db, bool (*edit)(const char *entity, json_t *image, void *arg),
                      void *arg);

#endif
