/* src/auth/audit.h: the append-only audit log. Every write through the API, every login, failed
** login and logout, every change of an account's role and every export records who did what to
** which entity, with the record before and after.
**
** The entries form a keyed chain: each carries the hash of the previous one and its own hash is
** a MAC (keyed BLAKE2b) under a subkey of the installation key, so that whoever holds only the
** database file can neither edit an entry and compute the hashes after it again, nor insert
** one. The head of the chain (the number of entries and the last hash) is kept in audit_head
** under a MAC of the same key, updated with every entry: deleting the newest entries (or the
** head) shows too. Entries written before the key (schema version 11 and older) keep their
** unkeyed hash; migration 12 counts them and the first process with the key seals that count
** into the head (see docs/architecture.md, "Audit log", for what this does not catch). */
#ifndef LVZHI_AUDIT_H
#define LVZHI_AUDIT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/label.h"

struct db;
struct db_stmt;
struct user;

/* Sets the key of the chain from the installation key (a subkey derived with secret_subkey).
** Every process that writes or checks entries calls it at setup, before any thread starts
** (serve, and the commands that open the database with its key); NULL forgets the key (tests). */
void audit_set_key(const unsigned char *installation_key);

/* Whether audit_set_key has given this process a key. */
bool audit_has_key(void);

/* Appends an entry, inside the caller's transaction when there is one (else in its own).
** before/after may be NULL (not taken). user may be NULL (the command line, the system).
** Returns false on a database error, and without a key (nothing is written then). */
bool audit_record(struct db *db, const struct user *user, const char *ip, const char *action,
                  const char *entity, int64_t entity_id, int64_t committee_id, const json_t *before,
                  const json_t *after);

/* Appends the entry of a failed login: action "login_failed", the name as given (at most 64
** bytes of it) as the entry's username, no account named (a wrong name and a wrong password
** look the same). Returns false as audit_record does. */
bool audit_login_failed(struct db *db, const char *username, const char *ip);

/* Seals a head that migration 12 left unsealed (the count and last hash of the entries written
** before the key), recording an entry "seal" when there were such entries. Does nothing to a
** sealed head. The server calls it at start; audit_record does the same before its entry.
** Returns false on a database error or without a key. */
bool audit_seal(struct db *db);

/* What a check of the chain found. */
enum audit_problem {
  AUDIT_OK,
  AUDIT_ENTRY,         /* an entry's hash or link does not hold: first_broken names it */
  AUDIT_HEAD_MISSING,  /* no head */
  AUDIT_HEAD_UNSEALED, /* a head no process with the key has sealed */
  AUDIT_HEAD_FORGED,   /* the head's MAC does not hold: it was written without the key */
  AUDIT_HEAD_MISMATCH, /* the entries end before or after the head: the newest were removed */
  AUDIT_NO_KEY,        /* this process has no key to check keyed entries with */
  AUDIT_DB_ERROR,
};

/* The problems' stored names and words ("audit.problem" at GET /api/v1/labels). */
extern const struct label audit_problems[];

struct audit_check {
  enum audit_problem problem;
  int64_t entries;      /* entries read (up to the first broken one) */
  int64_t first_broken; /* AUDIT_ENTRY: the id of the first entry that does not hold, else 0 */
  int64_t legacy;       /* entries from before the key, checked with the old unkeyed hash */
  int64_t head_entries; /* the count the head holds (-1 without a head) */
  char last_hash[65];   /* the hash of the last entry read ("" when none) */
  char head_hash[65];   /* the last hash the head holds ("" without a head) */
};

/* Checks the whole chain and its head into *out; returns out->problem. */
enum audit_problem audit_check(struct db *db, struct audit_check *out);

/* Checks the chain: 0 when it and its head hold (the entry count in *count), the id of the first
** entry whose hash or link does not hold, or -1 when the entries hold but the head does not
** (missing, unsealed, forged, or not at the last entry) or the check could not be made. */
int64_t audit_verify(struct db *db, int64_t *count);

/* Rewrites the stored images of past entries through edit, which gets each entry's entity and
** one of its images (parsed) and returns true when it changed the image; then computes the
** chain again from the first entry changed, so that it verifies. For a migration that must take
** out of the log what may no longer be kept in clear (migration 13: ID masks that showed the
** sequence digits, birth dates, phone numbers); the caller records with an entry of its own that
** it did so. Inside the caller's transaction. Refuses (-1, with a message on stderr) a chain
** that does not verify before: computing it again would cover that up. Returns the entries
** changed, or -1. */
int64_t audit_rewrite(struct db *db, bool (*edit)(const char *entity, json_t *image, void *arg),
                      void *arg);

/* A search of the log. Strings NULL (or "") and numbers 0 match any entry. */
struct audit_filter {
  const char *username;        /* exact */
  const char *action, *entity; /* exact */
  int64_t entity_id;
  const char *ip;   /* exact */
  const char *text; /* contained in the user, action, entity, address or record before/after */
  int64_t from, to; /* at >= from, at < to (UTC seconds) */
  const char *scope_path; /* the caller's committee path: entries of its subtree; the root's
                          ** also those of no committee */
};

/* The entries matching f with id < before (0: from the newest), newest first, at most limit
** (0: all). Columns: id, at, username, action, entity, entity_id, committee_id, before_json,
** after_json, ip, hash (before/after NULL when not taken). NULL on a database error. */
struct db_stmt *audit_query(struct db *db, const struct audit_filter *f, int64_t before,
                            int64_t limit);

#endif
