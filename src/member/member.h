/* src/member/member.h: members (委员): the record, its ID number rules, roster import and
** export. */
#ifndef LVZHI_MEMBER_H
#define LVZHI_MEMBER_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/label.h"
#include "entity/entity.h"

struct buf;
struct user;

extern const struct entity member_entity;

/* A member's gender: male (男), female (女). */
extern const struct label member_genders[];

/* A member's status: active (在任), suspended, resigned, deceased. */
extern const struct label member_statuses[];

/* The roster's columns, in the order of the import template and the export. */
struct member_column {
  const char *header; /* Chinese header in the CSV */
  const char *field;  /* JSON field of the member */
};
extern const struct member_column member_columns[];
extern const int member_column_count;

/* Imports a roster CSV, all or nothing, in two passes: the first checks every row as a create
** would (reading only, one read transaction on SQLite) and keeps the good rows' values; the
** second inserts them straight into members (prepared multi-row INSERTs carrying the sealed
*columns)
** in one transaction with one audit entry for the import (count, id range, the file's
** SHA-256). If any row is bad nothing is written.
*Returns a JSON summary: {"imported": n} on success, or
** {"imported": 0, "rows": [{"line", "column", "field", "message"}...]} when rows are bad
** (ctx->err is then set: 422 invalid_rows). progress may be NULL. */
json_t *member_import_csv(struct entity_ctx *ctx, const char *csv, size_t len,
                          void (*progress)(void *arg, int64_t done, int64_t total,
                                           const char *stage),
                          void *arg);

/* Writes the members of query q as CSV (UTF-8 with BOM, Chinese headers) into out: the ID
** numbers masked unless ctx->reveal is set (for a role with member.id_number; the caller
** records it with member_audit_reveal), the birth date to roles with member.id_number (the year
** to others), the phones as member_may_see_phone says. Returns the count, or -1 with ctx->err. */
int64_t member_export_csv(struct entity_ctx *ctx, const struct entity_query *q, struct buf *out);

/* Writes the members of query q as an XLSX workbook into out. Returns the count or -1. */
int64_t member_export_xlsx(struct entity_ctx *ctx, const struct entity_query *q, struct buf *out);

/* Writes the members of query q as a printed roster (A4 PDF: the heading, 委员名册 and the count,
** a table of number, name, gender, sector, party, work and post, committee, standing member; no
** ID numbers or phones; the 落款 of heading's office and the date dated) into out, calling
** progress (may be NULL) every 500 members. Returns the count or -1 with ctx->err. */
int64_t member_export_pdf(struct entity_ctx *ctx, const struct entity_query *q, const char *heading,
                          const char *dated, struct buf *out,
                          void (*progress)(void *arg, int64_t done, int64_t total), void *arg);

/* The words of member_author_check's refusals, Chinese and English. */
struct member_author_words {
  const char *own_zh, *own_en;         /* "委员只能以本人名义报送" */
  const char *missing_zh, *missing_en; /* "请选择报送委员或报送单位" */
  const char *active_zh, *active_en;   /* "报送委员须是该政协的在任委员" */
};

/* The member a record is written in the name of (*v, the field called field): a member account
** writes only in its own member's name, filled in when not given; the member must be given and
** serve on committee_id. False with 422 on field in the words w. */
bool member_author_check(struct entity_ctx *ctx, struct entity_value *v, int64_t committee_id,
                         const char *field, const struct member_author_words *w);

/* The organiser's rule, in one place: an organiser account (ROLE_ORGANISER) reads and organises
** only the members of the body it organises — the members of its own committee whose group_id,
** special_committee_id or party_id (by the body's kind) is that body; an organiser without a
** body, none. Every list, count and check of members, their activities, requests and compliance
** for such an account goes through member_scope_sql or member_in_scope.
**
** member_scope_sql appends that condition (" AND ...") on the members row aliased alias to sql,
** and its parameters to p (room for 2 more) — nothing for any other account or for NULL (the
** system). */
void member_scope_sql(const struct user *u, const char *alias, struct buf *sql, struct db_value *p,
                      int *np);

/* Whether member id is within u's members by member_scope_sql (true for any account but an
** organiser, and for NULL; the committee scope is checked elsewhere). */
bool member_in_scope(struct db *db, const struct user *u, int64_t id);

/* The words of u's body ("界别活动组“经济界别组”" / "activity group 经济界别组"), in the
** arena, for messages; "" for an account that is not an organiser. */
const char *member_scope_words(struct entity_ctx *ctx, const struct user *u);

/* Whether member id serves (status active) on the committee committee_id itself. */
bool member_active_in(struct entity_ctx *ctx, int64_t id, int64_t committee_id);

/* The member (other than except) that has this resident ID number, or 0. */
int64_t member_id_number_owner(struct entity_ctx *ctx, const char *id_number, int64_t except);

/* The text of input member field name as a create or edit takes it: NULL when absent, "" when
** null or blank. */
const char *member_given_text(json_t *in, const char *name);

/* The sealed columns of a member's ID number, birth date and phone, in this order, and their
** count: the ID number sealed, its keyed hash (duplicates) and its mask; the birth date sealed
** and its year; the phone sealed and its mask. */
#define MEMBER_SEALED_COLS                                                                         \
  "id_number_enc, id_number_hash, id_number_mask, birth_date_enc, birth_year, phone_enc,"          \
  " phone_mask"
enum { MEMBER_SEALED_N = 7 };

/* Fills out[MEMBER_SEALED_N] with the values of MEMBER_SEALED_COLS for these texts (NULL or ""
** gives the columns of none: NULL, or '' for a mask); the values live in ctx->arena. The one
** way a member's personal numbers are sealed: a create or edit (the record engine's after_write)
** and the roster import. */
void member_sealed_values(struct entity_ctx *ctx, const char *idn, const char *birth,
                          const char *phone, struct db_value *out);

/* Whether account u (NULL: the system) sees the whole phone number of member member_id on its
** record and in exports: the member's own account, and the staff who contact members (roles with
** member.write, contact.write or proposal.review) and an organiser (who sees only its body's
** members); everyone else, and every list, gets the mask. */
bool member_may_see_phone(const struct user *u, int64_t member_id);

/* GET /api/v1/members/{id} in one statement: reads member id as ctx->user sees it, with the
** session generation (auth_generation.n) in *gen. Returns 1 with the record's JSON appended to
** out (the bytes entity_get's object dumps to), 0 when there is no such member or ctx->user may
** not see it (404: a member account sees only its own record, an organiser the members of its
** body, everyone else their committee scope), -1 on a database error. */
int member_read(struct entity_ctx *ctx, int64_t id, struct buf *out, int64_t *gen);

/* The whole ID number of member id for ctx's user (a role with member.id_number; the member
** in its scope), recorded in the audit log (action reveal_id_number) in a transaction of its
** own. Returns an arena string, "" when the member has none (nothing recorded), or NULL with
** ctx->err (403, 404, 500). */
const char *member_reveal_id_number(struct entity_ctx *ctx, int64_t id);

/* Records in the audit log, in a transaction of its own, that ctx's user was shown whole ID
** numbers: action (reveal_id_number, export_id_numbers), the member (0 for an export), its
** committee and what was shown (detail, may be NULL). False with ctx->err. */
bool member_audit_reveal(struct entity_ctx *ctx, const char *action, int64_t id,
                         int64_t committee_id, const json_t *detail);

/* The stored value of a Chinese word in a roster ("男" → "male", "在任" → "active"; the words of
** member_genders and member_statuses, and a few others rosters use), or s. */
const char *member_word_value(const char *s);

/* The Chinese word for a stored gender or status ("male" → "男"), or value. */
const char *member_word_label(const char *value);

#endif
