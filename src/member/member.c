/* src/member/member.c: the member record: fields, the ID number (checked by its check digit,
** sealed at rest, shown masked, whole only through an audited reveal), the birth date and the
** phone (sealed at rest), and what a member account may see. */
#include "member.h"
#include <stdio.h>
#include <string.h>
#include "auth/access.h"
#include "auth/secret.h"
#include "auth/session.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/json_write.h"
#include "base/idcard.h"
#include "base/phone.h"
#include "auth/audit.h"
#include "base/timeutil.h"
#include "org/org_names.h"
#include <pthread.h>
#include <stdlib.h>

const struct label member_genders[] = {
    {"male", "男", "Male"},
    {"female", "女", "Female"},
    {NULL},
};

const struct label member_statuses[] = {
    {"active", "在任", "Serving"},
    {"suspended", "暂停", "Suspended"},
    {"resigned", "辞去", "Resigned"},
    {"deceased", "去世", "Deceased"},
    {NULL},
};

/* What the database holds of a member's person in clear is what lists and statistics need and
** no more: the ID number, the birth date and the phone are sealed with the installation key
** (secret_seal), beside the ID number's keyed hash (duplicates), its mask (idcard_mask: the
** first 6 digits) and the phone's mask (phone_mask), and the birth year (age statistics). See
** idcard.h for why the mask and the year together still leave 182,500 numbers, none of which
** can be tried without the key. */
static const struct field member_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "姓名", "name", 30},
    {"gender", FT_ENUM, FF_REQUIRED | FF_FILTER, "性别", "gender", .labels = member_genders},
    {"ethnicity", FT_TEXT, 0, "民族", "ethnicity", 20},
    {"birth_date", FT_DATE, FF_NOCOL, "出生日期", "birth date"},
    {"birth_year", FT_INT, FF_READONLY, "出生年份", "birth year"},
    {"id_number", FT_TEXT, FF_NOCOL, "身份证号", "ID number", 18},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER, "所属政协", "committee",
     .ref_table = "committees"},
    {"sector_id", FT_REF, FF_FILTER, "界别", "sector", .ref_table = "sectors"},
    {"party_id", FT_REF, FF_FILTER, "党派", "party", .ref_table = "parties"},
    {"special_committee_id", FT_REF, FF_FILTER, "专委会", "special committee",
     .ref_table = "special_committees"},
    {"group_id", FT_REF, FF_FILTER, "界别活动组", "activity group", .ref_table = "activity_groups"},
    {"is_standing", FT_BOOL, FF_FILTER, "常委", "standing member", .dflt = "0"},
    {"term", FT_INT, FF_FILTER, "届次", "term", .min = 1, .max = 99, .dflt = "1"},
    {"occupation", FT_TEXT, 0, "工作单位及职务", "occupation", 100},
    {"phone", FT_PHONE, FF_NOCOL, "手机号", "phone"},
    {"status", FT_ENUM, FF_FILTER, "状态", "status", .labels = member_statuses, .dflt = "active"},
    {"id_number_mask", FT_TEXT, FF_READONLY | FF_HIDDEN, "", ""},
    {"id_number_enc", FT_TEXT, FF_READONLY | FF_HIDDEN, "", ""},
    {"birth_date_enc", FT_TEXT, FF_READONLY | FF_HIDDEN, "", ""},
    {"phone_enc", FT_TEXT, FF_READONLY | FF_HIDDEN, "", ""},
    {"phone_mask", FT_TEXT, FF_READONLY | FF_HIDDEN, "", ""},
};

bool member_author_check(struct entity_ctx *ctx, struct entity_value *v, int64_t committee_id,
                         const char *field, const struct member_author_words *w) {
  const struct user *u = ctx->user;
  if (u && u->role == ROLE_MEMBER) {
    if (v->set && !v->null && v->i != u->member_id) {
      entity_fail(ctx, ERR_INVALID_FIELD, field, w->own_zh, w->own_en);
      return false;
    }
    v->set = true, v->null = false, v->i = u->member_id;
  }
  if (!(v->set && !v->null)) {
    entity_fail(ctx, ERR_INVALID_FIELD, field, w->missing_zh, w->missing_en);
    return false;
  }
  if (!member_active_in(ctx, v->i, committee_id)) {
    entity_fail(ctx, ERR_INVALID_FIELD, field, w->active_zh, w->active_en);
    return false;
  }
  return true;
}

bool member_active_in(struct entity_ctx *ctx, int64_t id, int64_t committee_id) {
  return db_int(
             ctx->db, 0,
             "SELECT COUNT(*) FROM members WHERE id = ? AND committee_id = ? AND status = 'active'",
             "ii", id, committee_id) > 0;
}

int64_t member_id_number_owner(struct entity_ctx *ctx, const char *id_number, int64_t except) {
  if (!ctx->secret) return 0;
  char upper[19];
  snprintf(upper, sizeof upper, "%s", id_number);
  if (upper[17] == 'x') upper[17] = 'X';
  return db_int(ctx->db, 0, "SELECT id FROM members WHERE id_number_hash = ? AND id <> ?", "ti",
                secret_hash(ctx->secret, ctx->arena, upper), except);
}

/* The sealed column col of member id, opened (arena), or NULL when it is empty or does not
** open. */
static const char *stored_open(struct entity_ctx *ctx, const char *col, int64_t id) {
  if (!id || !ctx->secret) return NULL;
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT %s FROM members WHERE id = ?", col);
  struct db_stmt *st = db_query(ctx->db, sql, "i", id);
  const char *plain = NULL;
  if (db_step(st) == DB_ROW && !db_col_null(st, 0)) {
    size_t n = 0;
    const void *b = db_col_blob(st, 0, &n);
    plain = secret_open(ctx->secret, ctx->arena, b, n);
  }
  db_done(st);
  return plain;
}

/* The stored ID number of member id, unsealed (arena), or NULL. */
static const char *stored_id_number(struct entity_ctx *ctx, int64_t id) {
  return stored_open(ctx, "id_number_enc", id);
}

/* The sealed column c of a row being read, opened (arena), or NULL (c < 0: no such column). */
static const char *row_open_at(struct entity_ctx *ctx, struct db_stmt *row, int c) {
  if (c < 0 || db_col_null(row, c) || !ctx->secret) return NULL;
  size_t n = 0;
  const void *b = db_col_blob(row, c, &n);
  return secret_open(ctx->secret, ctx->arena, b, n);
}

/* The sealed column named col of a row being read, opened (arena), or NULL. */
static const char *row_open(struct entity_ctx *ctx, struct db_stmt *row, const char *col) {
  return row_open_at(ctx, row, entity_col(row, col));
}

/* An ID number must be valid and agree with the birth date and gender beside it: those given
** now, or on an update those stored (the stored number and birth date are unsealed to
** compare). */
static bool member_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                         int64_t id, json_t *in) {
  json_t *j = json_object_get(in, "id_number");
  const char *idn;
  if (j) {
    idn = json_is_null(j) ? NULL : v[entity_field(e, "id_number")].s;
    if (idn && *idn) {
      const char *msg = idcard_validate(idn);
      if (msg) {
        entity_fail(ctx, ERR_INVALID_FIELD, "id_number", msg, "Invalid resident ID number");
        return false;
      }
      if (member_id_number_owner(ctx, idn, id)) {
        entity_fail(ctx, ERR_CONFLICT, "id_number", "身份证号与已有委员重复",
                    "Another member has this ID number");
        return false;
      }
    }
  } else {
    if (!json_object_get(in, "gender") && !json_object_get(in, "birth_date")) return true;
    idn = stored_id_number(ctx, id);
  }
  if (!idn || !*idn) return true;
  const char *birth = NULL;
  if (json_object_get(in, "birth_date")) {
    struct entity_value *bd = &v[entity_field(e, "birth_date")];
    birth = bd->null ? NULL : bd->s;
  } else
    birth = stored_open(ctx, "birth_date_enc", id);
  if (birth && *birth) {
    char born[11];
    snprintf(born, sizeof born, "%.4s-%.2s-%.2s", idn + 6, idn + 10, idn + 12);
    if (strcmp(born, birth)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "birth_date", "出生日期与身份证号不一致",
                  "The birth date does not match the ID number");
      return false;
    }
  }
  const char *g = v[entity_field(e, "gender")].s;
  if (g && *g && ((idn[16] - '0') % 2 == 1) != !strcmp(g, "male")) {
    entity_fail(ctx, ERR_INVALID_FIELD, "gender", "性别与身份证号不一致",
                "The gender does not match the ID number");
    return false;
  }
  return true;
}

const char *member_given_text(json_t *in, const char *name) {
  json_t *j = json_object_get(in, name);
  if (!j) return NULL;
  const char *s = json_is_string(j) ? json_string_value(j) : "";
  while (*s == ' ' || *s == '\t') s++;
  return *s ? json_string_value(j) : "";
}

/* "UPDATE <table> SET <set> WHERE id = ?" in the arena; table is members or an import's
** staging table, which has the same columns. */
void member_sealed_values(struct entity_ctx *ctx, const char *idn, const char *birth,
                          const char *phone, struct db_value *out) {
  size_t n = 0;
  for (int i = 0; i < MEMBER_SEALED_N; i++) out[i] = (struct db_value){.type = 'n'};
  out[2] = out[6] = (struct db_value){.type = 't', .s = ""};
  if (idn && *idn) {
    char upper[19], *mask = arena_alloc(ctx->arena, 19);
    snprintf(upper, sizeof upper, "%s", idn);
    if (upper[17] == 'x') upper[17] = 'X';
    unsigned char *sealed = secret_seal(ctx->secret, ctx->arena, upper, &n);
    out[0] = (struct db_value){.type = 'B', .s = (const char *)sealed, .len = n};
    out[1] = (struct db_value){.type = 't', .s = secret_hash(ctx->secret, ctx->arena, upper)};
    out[2] = (struct db_value){.type = 't', .s = idcard_mask(upper, mask)};
  }
  if (birth && *birth) {
    unsigned char *sealed = secret_seal(ctx->secret, ctx->arena, birth, &n);
    out[3] = (struct db_value){.type = 'B', .s = (const char *)sealed, .len = n};
    out[4] = (struct db_value){.type = 'i', .i = atoi(birth)};
  }
  if (phone && *phone) {
    char *mask = arena_alloc(ctx->arena, PHONE_MAX + 1);
    unsigned char *sealed = secret_seal(ctx->secret, ctx->arena, phone, &n);
    out[5] = (struct db_value){.type = 'B', .s = (const char *)sealed, .len = n};
    out[6] = (struct db_value){.type = 't', .s = phone_mask(phone, mask, PHONE_MAX + 1)};
  }
}

/* Seals what was given of the ID number (with its keyed hash, for duplicates, and its mask),
** the birth date (with the birth year) and the phone (with its mask), in one UPDATE of the
** sealed columns of what was given (member_sealed_values, as the roster import inserts them). */
static bool member_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                               bool created, json_t *in) {
  const char *idn = member_given_text(in, "id_number"),
             *birth = member_given_text(in, "birth_date"), *phone = member_given_text(in, "phone");
  if (!idn && !birth && !phone) return true;
  struct db_value sealed[MEMBER_SEALED_N], p[MEMBER_SEALED_N + 1];
  member_sealed_values(ctx, idn, birth, phone, sealed);
  static const char *const cols[MEMBER_SEALED_N] = {
      "id_number_enc", "id_number_hash", "id_number_mask", "birth_date_enc",
      "birth_year",    "phone_enc",      "phone_mask"};
  /* the columns of each given text: the ID number's three, the birth date's two, the phone's */
  const struct {
    const char *given;
    int from, to;
  } parts[] = {{idn, 0, 3}, {birth, 3, 5}, {phone, 5, 7}};
  struct buf sql = {0};
  int np = 0;
  buf_printf(&sql, "UPDATE %s SET ", e->table);
  for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
    if (!parts[k].given) continue;
    for (int c = parts[k].from; c < parts[k].to; c++) {
      buf_printf(&sql, "%s%s = ?", np ? ", " : "", cols[c]);
      p[np++] = sealed[c];
    }
  }
  buf_puts(&sql, " WHERE id = ?");
  p[np++] = (struct db_value){.type = 'i', .i = id};
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  int rc = st ? db_step(st) : DB_ERROR;
  if (st) db_done(st);
  buf_free(&sql);
  if (rc == DB_CONSTRAINT)
    entity_fail(ctx, ERR_CONFLICT, "id_number", "身份证号与已有委员重复",
                "Another member has this ID number");
  return rc == DB_DONE;
}

void member_scope_sql(const struct user *u, const char *alias, struct buf *sql, struct db_value *p,
                      int *np) {
  if (!u || u->role != ROLE_ORGANISER) return;
  const char *col = access_organiser_column(u->organiser_kind);
  if (!col || u->organiser_id <= 0) {
    buf_puts(sql, " AND 1 = 0"); /* an organiser of nothing sees no one */
    return;
  }
  buf_printf(sql, " AND %s.committee_id = ? AND %s.%s = ?", alias, alias, col);
  p[(*np)++] = (struct db_value){.type = 'i', .i = u->committee_id};
  p[(*np)++] = (struct db_value){.type = 'i', .i = u->organiser_id};
}

bool member_in_scope(struct db *db, const struct user *u, int64_t id) {
  if (!u || u->role != ROLE_ORGANISER) return true;
  struct buf sql = {0};
  struct db_value p[3] = {{.type = 'i', .i = id}};
  int np = 1;
  buf_puts(&sql, "SELECT COUNT(*) FROM members m WHERE m.id = ?");
  member_scope_sql(u, "m", &sql, p, &np);
  struct db_stmt *st = db_query_values(db, sql.data, np, p);
  bool in = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
  db_done(st);
  buf_free(&sql);
  return in;
}

const char *member_scope_words(struct entity_ctx *ctx, const struct user *u) {
  if (!u || u->role != ROLE_ORGANISER) return "";
  const char *table = access_organiser_table(u->organiser_kind);
  const char *name = "";
  if (table && u->organiser_id > 0) {
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT name FROM %s WHERE id = ?", table);
    struct db_stmt *st = db_query(ctx->db, sql, "i", u->organiser_id);
    if (db_step(st) == DB_ROW) name = arena_strdup(ctx->arena, db_col_text(st, 0));
    db_done(st);
  }
  const struct label *k = &access_organiser_kinds[table ? u->organiser_kind : 0];
  const char *kind = ctx->en ? k->en : k->zh;
  return ctx->en ? arena_printf(ctx->arena, "%s %s", kind, name)
                 : arena_printf(ctx->arena, "%s“%s”", kind, name);
}

bool member_may_see_phone(const struct user *u, int64_t member_id) {
  if (!u) return true; /* the system: the command line, a job acting for no one */
  if (u->role == ROLE_MEMBER) return u->member_id == member_id;
  /* an organiser calls the members it organises (it sees no other: member_scope_sql) */
  if (u->role == ROLE_ORGANISER) return true;
  return access_role_has(u->role, PERM_MEMBER_WRITE) ||
         access_role_has(u->role, PERM_CONTACT_WRITE) ||
         access_role_has(u->role, PERM_PROPOSAL_REVIEW);
}

/* What a member's record shows of its person, by who asks and where:
** - id_number: the mask, in lists and records alike, to every role; the whole number only when
**   ctx->reveal is set for a role with member.id_number (an audited export), never in a list;
** - birth_date: only to roles with member.id_number (it and the mask would otherwise rebuild
**   the number); everyone gets birth_year;
** - phone: whole on one record (and in exports) for member_may_see_phone, else the mask; lists
**   show the mask. The audit log's images (ctx->redact) hold masks only and no birth date. */
static void member_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                           json_t *o) {
  const struct user *u = ctx->user;
  int64_t id = json_integer_value(json_object_get(o, "id"));
  bool may_id = !ctx->redact && (!u || access_role_has(u->role, PERM_MEMBER_IDNUMBER));
  int mi = entity_col(row, "id_number_mask");
  const char *mask = mi >= 0 ? db_col_text(row, mi) : "";
  const char *whole =
      *mask && may_id && ctx->reveal && !ctx->listing ? row_open(ctx, row, "id_number_enc") : NULL;
  json_object_set_new(o, "id_number",
                      whole   ? json_string(whole)
                      : *mask ? json_string(mask)
                              : json_null());
  if (may_id) {
    const char *birth = row_open(ctx, row, "birth_date_enc");
    json_object_set_new(o, "birth_date", birth ? json_string(birth) : json_null());
  }
  int pi = entity_col(row, "phone_mask");
  const char *phone = pi >= 0 ? db_col_text(row, pi) : "";
  if (*phone && !ctx->redact && !ctx->listing && member_may_see_phone(u, id)) {
    const char *p = row_open(ctx, row, "phone_enc");
    if (p) phone = p;
  }
  json_object_set_new(o, "phone", json_string(phone));
}

const char *member_reveal_id_number(struct entity_ctx *ctx, int64_t id) {
  if (ctx->user && !access_role_has(ctx->user->role, PERM_MEMBER_IDNUMBER)) {
    entity_forbidden(ctx, "您的角色不能查看完整的身份证号", "Your role may not see ID numbers");
    return NULL;
  }
  if (!entity_visible(ctx, &member_entity, id)) {
    entity_not_found(ctx, "未找到该委员", "No such member");
    return NULL;
  }
  const char *whole = stored_id_number(ctx, id);
  if (!whole) return "";
  int64_t cid = db_int(ctx->db, 0, "SELECT committee_id FROM members WHERE id = ?", "i", id);
  if (!member_audit_reveal(ctx, "reveal_id_number", id, cid, NULL)) return NULL;
  return whole;
}

bool member_audit_reveal(struct entity_ctx *ctx, const char *action, int64_t id,
                         int64_t committee_id, const json_t *detail) {
  if (db_begin(ctx->db) != DB_DONE) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
    return false;
  }
  bool ok =
      audit_record(ctx->db, ctx->user, ctx->ip, action, "member", id, committee_id, NULL, detail);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

/* A member account lists only its own record; an organiser the members of its body. */
static void member_list_filter(struct entity_ctx *ctx, const struct entity *e, struct buf *sql,
                               struct db_value *params, int *np) {
  if (ctx->user && ctx->user->role == ROLE_MEMBER) {
    buf_puts(sql, " AND t.id = ?");
    params[(*np)++] = (struct db_value){.type = 'i', .i = ctx->user->member_id};
  }
  member_scope_sql(ctx->user, "t", sql, params, np);
}

/* The member list's ?sort= keys (page.h). */
static const struct page_sort member_sorts[] = {
    {"id", "t.id"},     {"name", "t.name"},
    {"term", "t.term"}, {"birth_date", "COALESCE(t.birth_date, '')"},
    {NULL, NULL},
};
const struct entity member_entity = {
    .name = "member",
    .zh = "委员",
    .table = "members",
    .scope = SCOPE_COMMITTEE,
    .fields = member_fields,
    .nfields = sizeof member_fields / sizeof member_fields[0],
    .search = "name",
    .sorts = member_sorts,
    .check = member_check,
    .after_write = member_after_write,
    .to_json = member_to_json,
    .list_filter = member_list_filter,
};

/* Other words a roster may use for a stored value. */
static const struct {
  const char *zh, *value;
} aliases[] = {
    {"已辞去", "resigned"},
};

const char *member_word_value(const char *s) {
  for (int i = 0; member_genders[i].name; i++)
    if (!strcmp(member_genders[i].zh, s)) return member_genders[i].name;
  for (int i = 0; member_statuses[i].name; i++)
    if (!strcmp(member_statuses[i].zh, s)) return member_statuses[i].name;
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (!strcmp(aliases[i].zh, s)) return aliases[i].value;
  return s;
}

const char *member_word_label(const char *value) {
  if (label_index(member_genders, value) >= 0) return label_zh(member_genders, value);
  return label_zh(member_statuses, value);
}

/* ---- the member read (GET /api/v1/members/{id}) ----------------------------------------------
** One statement reads the record, the names of what it refers to, its committee's path (the
** scope check) and the session generation (the caller confirms a cached session with it); the
** JSON is written straight into a buffer, byte for byte what entity_get's object dumps to with
** jansson (JSON_COMPACT, keys in insertion order): tests/unit/test_member_read.c compares them
** for every role and for records with and without each optional field. */

/* The columns of the statement: 0 the session generation, 1 the names' generation, 2 t.id,
** then those of entity.c's select_list (each column field, and after a reference to a table
** whose names this thread does not keep (org_names.h) the referred row's name), then
** created_at and updated_at. The names of committees, sectors, parties, special committees
** and activity groups, and the committee's path for the scope check, come from the thread's
** copy confirmed by the generation (issue 17: on PostgreSQL each sub-select cost as much as
** the row). */
#define MR_FIRST 2
static char *mr_sql;
static int mr_mask, mr_id_enc, mr_birth_enc, mr_phone_enc, mr_phone_mask, mr_times, mr_committee;
static pthread_once_t mr_once = PTHREAD_ONCE_INIT;

/* Whether the statement carries the name of what field f refers to (else org_names has it). */
static bool mr_named_in_sql(const struct field *f) {
  return f->type == FT_REF && !org_names_keeps(f->ref_table);
}

static void mr_build(void) {
  struct buf sql = {0};
  buf_puts(&sql,
           "SELECT (SELECT n FROM auth_generation WHERE id = 1), " ORG_NAMES_GEN_SQL ", t.id");
  int col = MR_FIRST + 1;
  for (int i = 0; i < member_entity.nfields; i++) {
    const struct field *f = &member_fields[i];
    if ((f->flags & FF_NOCOL) || f->type == FT_IDS) continue;
    buf_printf(&sql, ", t.%s", f->name);
    if (!strcmp(f->name, "id_number_mask")) mr_mask = col;
    if (!strcmp(f->name, "id_number_enc")) mr_id_enc = col;
    if (!strcmp(f->name, "birth_date_enc")) mr_birth_enc = col;
    if (!strcmp(f->name, "phone_enc")) mr_phone_enc = col;
    if (!strcmp(f->name, "phone_mask")) mr_phone_mask = col;
    if (!strcmp(f->name, "committee_id")) mr_committee = col;
    col++;
    if (mr_named_in_sql(f)) {
      /* subselects, not joins: PostgreSQL's generic plan would hash the whole referred table
      ** rather than look one row up by its key */
      buf_printf(&sql, ", (SELECT name FROM %s WHERE id = t.%s)", f->ref_table, f->name);
      col++;
    }
  }
  mr_times = col;
  buf_puts(&sql, ", t.created_at, t.updated_at FROM members t WHERE t.id = ?");
  mr_sql = sql.data; /* kept for the process's life */
}

/* Whether ctx->user may see member id of committee path (member_visible of member_http.c and
** entity_visible, from the row itself). */
static bool mr_visible(const struct user *u, struct db_stmt *row, int64_t id, const char *path) {
  if (!u) return true;
  if (u->role == ROLE_MEMBER && u->member_id != id) return false;
  if (u->role == ROLE_ORGANISER) {
    const char *col = access_organiser_column(u->organiser_kind);
    if (!col || u->organiser_id <= 0) return false;
    int64_t cid = 0, body = 0;
    int c = MR_FIRST + 1;
    for (int i = 0; i < member_entity.nfields; i++) {
      const struct field *f = &member_fields[i];
      if ((f->flags & FF_NOCOL) || f->type == FT_IDS) continue;
      if (!strcmp(f->name, "committee_id")) cid = db_col_int(row, c);
      if (!strcmp(f->name, col)) body = db_col_null(row, c) ? 0 : db_col_int(row, c);
      c += mr_named_in_sql(f) ? 2 : 1;
    }
    if (cid != u->committee_id || body != u->organiser_id) return false;
  }
  return !*path || access_in_scope(u, path);
}

int member_read(struct entity_ctx *ctx, int64_t id, struct buf *out, int64_t *gen) {
  pthread_once(&mr_once, mr_build);
  struct db_stmt *st = db_query(ctx->db, mr_sql, "i", id);
  int step = db_step(st);
  if (step != DB_ROW) {
    db_done(st);
    /* no such member: the generation alone (a second statement, on this rare answer only) */
    *gen = step == DB_DONE ? session_generation(ctx->db) : -1;
    return *gen < 0 ? -1 : 0;
  }
  *gen = db_col_int(st, 0);
  if (!org_names_confirm(ctx->db, db_col_int(st, 1))) {
    db_done(st);
    *gen = -1;
    return -1;
  }
  const char *path = org_names_committee_path(db_col_int(st, mr_committee));
  int rc = 0;
  if (mr_visible(ctx->user, st, id, path ? path : "")) {
    rc = 1;
    struct jw w = {out, true};
    char t[32];
    jw_int(&w, "id", db_col_int(st, MR_FIRST));
    int c = MR_FIRST + 1;
    for (int i = 0; i < member_entity.nfields; i++) {
      const struct field *f = &member_fields[i];
      if ((f->flags & FF_NOCOL) || f->type == FT_IDS) continue;
      int k = c++, namecol = mr_named_in_sql(f) ? c++ : -1;
      if (f->flags & FF_HIDDEN) continue;
      if (db_col_null(st, k))
        jw_raw(&w, f->name, "null");
      else if (f->type == FT_INT || f->type == FT_REF)
        jw_int(&w, f->name, db_col_int(st, k));
      else if (f->type == FT_BOOL)
        jw_raw(&w, f->name, db_col_int(st, k) ? "true" : "false");
      else if (f->type == FT_DATETIME)
        jw_str(&w, f->name, time_iso(db_col_int(st, k), t));
      else
        jw_str(&w, f->name, db_col_text(st, k));
      if (f->type == FT_REF) {
        char key[64]; /* sector_id → sector_name */
        size_t nl = strlen(f->name), base = nl > 3 && nl < 60 ? nl - 3 : 0;
        memcpy(key, f->name, base);
        memcpy(key + base, "_name", 6);
        const char *name = namecol > 0
                               ? (db_col_null(st, namecol) ? NULL : db_col_text(st, namecol))
                           : db_col_null(st, k) ? NULL
                                                : org_names_name(f->ref_table, db_col_int(st, k));
        if (name)
          jw_str(&w, key, name);
        else
          jw_raw(&w, key, "null");
      }
    }
    jw_str(&w, "created_at", time_iso(db_col_int(st, mr_times), t));
    jw_str(&w, "updated_at", time_iso(db_col_int(st, mr_times + 1), t));
    /* member_to_json, for one record (not listing, no reveal) */
    const struct user *u = ctx->user;
    bool may_id = !ctx->redact && (!u || access_role_has(u->role, PERM_MEMBER_IDNUMBER));
    const char *mask = db_col_text(st, mr_mask);
    if (*mask)
      jw_str(&w, "id_number", mask);
    else
      jw_raw(&w, "id_number", "null");
    if (may_id) {
      const char *birth = row_open_at(ctx, st, mr_birth_enc);
      if (birth)
        jw_str(&w, "birth_date", birth);
      else
        jw_raw(&w, "birth_date", "null");
    }
    const char *phone = db_col_text(st, mr_phone_mask);
    if (*phone && !ctx->redact && member_may_see_phone(u, id)) {
      const char *p = row_open_at(ctx, st, mr_phone_enc);
      if (p) phone = p;
    }
    jw_str(&w, "phone", phone);
    buf_putc(out, '}');
  }
  db_done(st);
  return rc;
}
