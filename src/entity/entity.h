/* src/entity/entity.h: records described by tables of fields. The organisation model
** (committees, sectors, parties, special committees, activity groups, handling units) and the
** members are such records: one engine validates their JSON, writes them with an audit entry,
** reads them, lists them with filters and cursor paging, and checks their committee scope.
** A module describes its record and adds hooks for rules no field table can say. */
#ifndef LVZHI_ENTITY_H
#define LVZHI_ENTITY_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/errors.h"
#include "base/label.h"
#include "base/page.h"
#include "db/db.h"

struct arena;
struct user;
struct buf;

#define ENTITY_MAX_FIELDS 40 /* fields of one record type, at most */

enum field_type {
  FT_TEXT, /* string, max_len in characters */
  FT_INT,  /* integer in [min, max] */
  FT_BOOL,
  FT_DATE,  /* "YYYY-MM-DD" */
  FT_ENUM,  /* one of choices */
  FT_REF,   /* id of a row of ref_table, which must lie on the record's committee path */
  FT_PHONE, /* digits, '-', '+', spaces; 5..20 characters */
  /* a point in time: in, an ISO 8601 string with an offset ("2026-03-31T23:30:00+08:00", any
  ** offset); stored as UTC seconds; out, ISO 8601 in China Standard Time. Within [min, max]
  ** in UTC seconds, or from 2000-01-01 to the end of 2099 (CST) when both are 0. */
  FT_DATETIME,
  /* a list of ids of rows of ref_table: a JSON array of distinct positive integers, at most max
  ** of them (0: ENTITY_MAX_IDS), each of an existing row; null is the empty list. Not a column:
  ** the module's hooks store it (after_write, from the input) and show it (to_json); its check
  ** hook finds the ids in entity_value.ids and .n and adds the rules of where they may lie. */
  FT_IDS,
};

#define ENTITY_MAX_IDS 500 /* ids in an FT_IDS list when the field gives no max */
/* The times an FT_DATETIME field takes when it gives no range, in UTC seconds: from
** 2000-01-01T00:00:00+08:00 to 2099-12-31T23:59:59+08:00. */
#define ENTITY_TIME_MIN INT64_C(946656000)
#define ENTITY_TIME_MAX INT64_C(4102415999)

enum field_flags {
  FF_REQUIRED = 1 << 0, /* must be given on create, may not be null */
  FF_READONLY = 1 << 1, /* output only */
  FF_FILTER = 1 << 2,   /* list filter ?name=value */
  FF_FIXED = 1 << 3,    /* given on create, not changed afterwards */
  FF_HIDDEN = 1 << 4,   /* not in JSON output (module hook shows it its own way) */
  FF_NOCOL = 1 << 5,    /* not a column; the module's hooks handle it */
};

struct field {
  const char *name; /* JSON member and column */
  enum field_type type;
  unsigned flags;
  const char *zh, *en;        /* label for messages */
  int max_len;                /* FT_TEXT: characters (0: 200) */
  int64_t min, max;           /* FT_INT, FT_DATETIME (UTC seconds), FT_IDS (max: count) */
  const char *const *choices; /* FT_ENUM, NULL-terminated (or labels) */
  const char *ref_table;      /* FT_REF, FT_IDS */
  const char *dflt;           /* stored when null or blank is given for a NOT NULL column */
  const struct label *labels; /* FT_ENUM: the enum's label table (base/label.h) */
};

/* Where a record sits in the committee tree. */
enum entity_scope {
  SCOPE_GLOBAL,    /* no committee (parties): everyone reads, root-scope users write */
  SCOPE_COMMITTEE, /* committee_id column; NULL means national/global (sectors) */
  SCOPE_TREE,      /* the committees table itself: its path column */
};

/* One validated value per field, ready to bind. */
struct entity_value {
  bool set;    /* given in the input */
  bool stored; /* not given: the stored record's value (updates) */
  bool null;
  int64_t i; /* FT_INT, FT_REF, FT_BOOL; FT_DATETIME: UTC seconds */
  const char *s;
  const int64_t *ids; /* FT_IDS: the n ids given, in the arena */
  int n;
};

/* What went wrong, for the error envelope. */
struct entity_error {
  enum err kind;     /* ERR_INVALID_FIELD...; its code and status follow (base/errors.h) */
  int status;        /* 422, 409, 403, 404, 500 */
  const char *code;  /* invalid_field, conflict, forbidden_scope, not_found, internal */
  const char *field; /* may be NULL */
  const char *zh, *en;
  json_t *errors; /* [{field, message}] of every invalid field (422), or NULL */
};

struct entity;

/* Everything a write needs: who, from where, in which arena and language. */
struct entity_ctx {
  struct db *db;
  struct arena *arena;
  const struct user *user; /* NULL: the system (command line, demo, import as admin) */
  const char *ip;
  bool en; /* messages in English */
  const unsigned char *secret;
  bool redact; /* JSON for the audit log: sensitive fields masked whatever the role */
  /* set by entity_list and entity_page while they make a list's rows: a module's to_json shows
  ** sensitive fields as lists show them (masked) whatever the role */
  bool listing;
  /* the caller asked for the sensitive fields whole and may have them (an audited reveal or
  ** export); a module's to_json decides what that means */
  bool reveal;
  struct entity_error err;
};

struct entity {
  const char *name; /* "member": audit entity, messages */
  const char *zh;   /* "委员" */
  const char *table;
  enum entity_scope scope;
  const struct field *fields;
  int nfields;
  const char *order;  /* list order, must end with id for paging: only "id" is supported */
  const char *search; /* column matched by ?q= (LIKE), NULL for none */
  const struct page_sort *sorts; /* ?sort= keys of its list ({NULL}-ended), NULL for none */
  bool ancestors_visible; /* readers also see rows of the committees above theirs (org lists) */
  /* Hooks, each optional. check: cross-field rules after field validation (values of both the
  ** input and, on update, the stored record are in v). Return false with ctx->err set. */
  bool (*check)(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v, int64_t id,
                json_t *in);
  /* after_write: inside the transaction, after insert (created=true) or update. */
  bool (*after_write)(struct entity_ctx *ctx, const struct entity *e, int64_t id, bool created,
                      json_t *in);
  /* to_json: adds members to a record's JSON (e.g. a masked ID number). */
  void (*to_json)(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row, json_t *o);
  /* list_filter: adds SQL conditions for the caller (e.g. a member sees only itself); appends
  ** to sql and params; may be NULL. */
  void (*list_filter)(struct entity_ctx *ctx, const struct entity *e, struct buf *sql,
                      struct db_value *params, int *nparams);
};

/* Index of the field named name, or -1. */
int entity_field(const struct entity *e, const char *name);

/* Validates in against the field table (partial: only given fields, for updates). Unknown
** members are refused. Fills v[nfields]. Returns false with ctx->err (422) on bad input. */
bool entity_validate(struct entity_ctx *ctx, const struct entity *e, json_t *in, bool partial,
                     struct entity_value *v);

/* Creates a record from JSON: validate, check scope and references, insert, audit, all in one
** transaction. Returns the new id, or 0 with ctx->err set. */
int64_t entity_create(struct entity_ctx *ctx, const struct entity *e, json_t *in);

/* The checks of a create without the write: validation, scope, references, the check hook.
** Fills v[nfields]. Returns false with ctx->err. */
bool entity_check_create(struct entity_ctx *ctx, const struct entity *e, json_t *in,
                         struct entity_value *v);

/* Inserts a record whose values entity_check_create accepted, and runs the after_write hook,
** inside the caller's transaction; writes no audit entry (the caller does, e.g. one for a
** whole import). Returns the id, or 0 with ctx->err. */
int64_t entity_insert(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                      json_t *in);

/* Changes the given fields of record id; same checks as create. Returns false with ctx->err. */
bool entity_update(struct entity_ctx *ctx, const struct entity *e, int64_t id, json_t *in);

/* Deletes record id when nothing refers to it (409 otherwise). */
bool entity_delete(struct entity_ctx *ctx, const struct entity *e, int64_t id);

/* The record as JSON, or NULL when it does not exist. */
json_t *entity_get(struct entity_ctx *ctx, const struct entity *e, int64_t id);

/* The committee path of record id ("" for a global record); NULL when it does not exist. */
const char *entity_path(struct entity_ctx *ctx, const struct entity *e, int64_t id);

/* Whether the user may see record id (it exists and lies in the user's scope). */
bool entity_visible(struct entity_ctx *ctx, const struct entity *e, int64_t id);

/* The conditions a module adds for who sees its records (" AND ..." on the table aliased t, with
** at most 4 parameters appended to p and *np), as its list filter and its visibility share them. */
typedef void (*entity_cond_fn)(struct entity_ctx *ctx, const char *t, struct buf *sql,
                               struct db_value *p, int *np);

/* Whether row id of e's table meets cond for the caller: the visibility check of one record by
** the same conditions as the module's lists. */
bool entity_row_meets(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                      entity_cond_fn cond);

/* A list query: filters by field name, the committee subtree to look in, paging. */
struct entity_query {
  const char *names[16], *values[16];
  int n;
  const char *q;        /* search text */
  int64_t committee_id; /* restrict to this committee's subtree (0: the user's scope) */
  int64_t after_id;     /* cursor */
  int limit;            /* 1..500 */
  bool with_total;
  /* a further condition a module adds (" AND ..." on alias t) for a list filter that is not a
  ** field, with its parameters (at most 4); NULL for none */
  const char *cond;
  struct db_value cond_params[4];
  int ncond;
  struct page_order order; /* ?sort= (of the entity's sorts) and ?offset= */
};

/* Lists records as {"items": [...], "next_cursor": ..., "total": n}. Returns NULL with
** ctx->err on a bad filter value. */
json_t *entity_list(struct entity_ctx *ctx, const struct entity *e, const struct entity_query *q);

/* The filters of q (committee_id, q, the named filters; not the paging) as a JSON object, for an
** export's job to list the same records later: {"committee_id": n, "q": "...", "<name>": "..."}. */
json_t *entity_query_json(const struct entity_query *q);

/* The filters of entity_query_json's object o into q (zeroed first; its strings are o's: keep o
** while q is used). Members it does not know are skipped (at most 16 filters). */
void entity_query_of_json(struct entity_query *q, json_t *o);

/* Calls row for every record of the query in id order, without paging (exports). Returns the
** count, or -1 with ctx->err. */
int64_t entity_each(struct entity_ctx *ctx, const struct entity *e, const struct entity_query *q,
                    void (*row)(struct entity_ctx *ctx, json_t *rec, void *arg), void *arg);

/* Adds to out the "total" of the records of e that where selects (" WHERE ..." on alias t, with
** np parameters in p, which has room for one more) and a page of them after the cursor after_id:
** newest first by id (after_id 0: from the newest), or oldest first: "items", "next_cursor".
** With an order o that asks for it (page_order_at_offset: a sort key or ?offset=), the page at
** o->offset in o's order instead, with "offset" and "next_offset" (page_json_at); o may be NULL. */
void entity_page(struct entity_ctx *ctx, const struct entity *e, const char *where,
                 struct db_value *p, int np, const struct page_order *o, int64_t after_id,
                 int limit, bool newest, json_t *out);

/* entity_page without the "total", for a caller that counts its own way (the proposals' list). */
void entity_page_items(struct entity_ctx *ctx, const struct entity *e, const char *where,
                       struct db_value *p, int np, const struct page_order *o, int64_t after_id,
                       int limit, bool newest, json_t *out);

/* entity_page newest first. */
void entity_page_newest(struct entity_ctx *ctx, const struct entity *e, const char *where,
                        struct db_value *p, int np, const struct page_order *o, int64_t after_id,
                        int limit, json_t *out);

/* Inside the caller's transaction: stamps updated_at on row id of table if its status is still
** status (and the SQL condition cond holds, "" for none), which takes the row's write lock, so
** that of two requests doing a step at once the second sees the state the first left. Returns 1
** when the row was claimed, 0 when it is in another state now, -1 on a database error. */
int entity_claim_status(struct entity_ctx *ctx, const char *table, int64_t id, const char *status,
                        const char *cond);

/* Sets ctx->err. */
void entity_fail(struct entity_ctx *ctx, enum err kind, const char *field, const char *zh,
                 const char *en);

/* Sets ctx->err to 404 not_found with the message ("未找到该提案", "No such proposal"). */
void entity_not_found(struct entity_ctx *ctx, const char *zh, const char *en);

/* Sets ctx->err to 403 forbidden (the caller's role or relation to the record does not allow
** the step; outside the committee scope is forbidden_scope) with the message. */
void entity_forbidden(struct entity_ctx *ctx, const char *zh, const char *en);

/* The path of the committee with this id, or NULL. */
const char *committee_path_of(struct entity_ctx *ctx, int64_t committee_id);

/* The path of the committee subtree a list or report covers: *committee_id, or the caller's
** committee when it is 0 (then stored into *committee_id). NULL with ctx->err: 422 when there
** is no such committee, 403 when it lies outside the caller's scope. */
const char *entity_subtree(struct entity_ctx *ctx, int64_t *committee_id);

/* Commits the caller's transaction when rc is DB_DONE, else rolls it back and, unless ctx->err
** is set already, sets 409 conflict (DB_CONSTRAINT) or 500. Returns whether it committed. */
bool entity_finish(struct entity_ctx *ctx, int rc);

/* The index of the result column called name, or -1. */
int entity_col(struct db_stmt *row, const char *name);

/* Sets o[key] to the ISO 8601 (CST) form of the UTC seconds in column col of row, or null when
** the column is NULL or absent (col < 0). */
void entity_time_json(json_t *o, const char *key, struct db_stmt *row, int col);

/* The upper bound of the subtree range of path ("/1/5/" → "/1/50"), in the arena: a subtree
** is path >= P AND path < entity_path_hi(P). */
const char *entity_path_hi(struct entity_ctx *ctx, const char *path);

#endif
