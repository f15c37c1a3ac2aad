/* src/member/member.c: the member record: fields, the ID number (checked by its check digit,
** sealed at rest, shown masked to roles without member.id_number), and what a member account
** may see. */
#include "member.h"
#include <stdio.h>
#include <string.h>
#include "auth/access.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/idcard.h"

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

static const struct field member_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "姓名", "name", 30},
    {"gender", FT_ENUM, FF_REQUIRED | FF_FILTER, "性别", "gender", .labels = member_genders},
    {"ethnicity", FT_TEXT, 0, "民族", "ethnicity", 20},
    {"birth_date", FT_DATE, 0, "出生日期", "birth date"},
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
    {"phone", FT_PHONE, 0, "手机号", "phone"},
    {"status", FT_ENUM, FF_FILTER, "状态", "status", .labels = member_statuses, .dflt = "active"},
    {"id_number_mask", FT_TEXT, FF_READONLY | FF_HIDDEN, "", ""},
    {"id_number_enc", FT_TEXT, FF_READONLY | FF_HIDDEN, "", ""},
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

/* The stored ID number of member id, unsealed (arena), or NULL. */
static const char *stored_id_number(struct entity_ctx *ctx, int64_t id) {
  if (!id || !ctx->secret) return NULL;
  struct db_stmt *st = db_query(ctx->db, "SELECT id_number_enc FROM members WHERE id = ?", "i", id);
  const char *plain = NULL;
  if (db_step(st) == DB_ROW && !db_col_null(st, 0)) {
    size_t n = 0;
    const void *b = db_col_blob(st, 0, &n);
    plain = secret_open(ctx->secret, ctx->arena, b, n);
  }
  db_done(st);
  return plain;
}

/* An ID number must be valid and agree with the birth date and gender beside it: those given
** now, or on an update those stored (the stored number is unsealed to compare). */
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
  struct entity_value *bd = &v[entity_field(e, "birth_date")];
  if (!bd->null && bd->s && *bd->s) {
    char born[11];
    snprintf(born, sizeof born, "%.4s-%.2s-%.2s", idn + 6, idn + 10, idn + 12);
    if (strcmp(born, bd->s)) {
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

/* Seals the ID number and stores its keyed hash (for duplicates) and mask. */
static bool member_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                               bool created, json_t *in) {
  json_t *j = json_object_get(in, "id_number");
  if (!j) return true;
  const char *idn = json_is_string(j) ? json_string_value(j) : "";
  int rc;
  /* e->table: members, or an import's staging table that has the same columns */
  char sql[160];
  if (!*idn) {
    snprintf(sql, sizeof sql,
             "UPDATE %s SET id_number_enc = NULL, id_number_hash = NULL, id_number_mask = ''"
             " WHERE id = ?",
             e->table);
    rc = db_exec(ctx->db, sql, "i", id);
  } else {
    char upper[19];
    snprintf(upper, sizeof upper, "%s", idn);
    if (upper[17] == 'x') upper[17] = 'X';
    size_t n = 0;
    unsigned char *sealed = secret_seal(ctx->secret, ctx->arena, upper, &n);
    char mask[19];
    snprintf(sql, sizeof sql,
             "UPDATE %s SET id_number_enc = ?, id_number_hash = ?, id_number_mask = ? WHERE id = ?",
             e->table);
    rc = db_exec(ctx->db, sql, "Btti", sealed, n, secret_hash(ctx->secret, ctx->arena, upper),
                 idcard_mask(upper, mask), id);
  }
  if (rc == DB_CONSTRAINT)
    entity_fail(ctx, ERR_CONFLICT, "id_number", "身份证号与已有委员重复",
                "Another member has this ID number");
  return rc == DB_DONE;
}

static int column_named(struct db_stmt *st, const char *name) {
  for (int i = 0; i < db_col_count(st); i++)
    if (!strcmp(db_col_name(st, i), name)) return i;
  return -1;
}

/* Shows the ID number whole to roles that need it, masked to everyone else. */
static void member_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                           json_t *o) {
  int mi = column_named(row, "id_number_mask"), ei = column_named(row, "id_number_enc");
  json_t *val = json_null();
  if (mi >= 0 && *db_col_text(row, mi)) {
    val = json_string(db_col_text(row, mi));
    if (ei >= 0 && !ctx->redact &&
        (!ctx->user || access_role_has(ctx->user->role, PERM_MEMBER_IDNUMBER))) {
      size_t n = 0;
      const void *b = db_col_blob(row, ei, &n);
      char *plain = ctx->secret ? secret_open(ctx->secret, ctx->arena, b, n) : NULL;
      if (plain) {
        json_decref(val);
        val = json_string(plain);
      }
    }
  }
  json_object_set_new(o, "id_number", val);
}

/* A member account lists only its own record. */
static void member_list_filter(struct entity_ctx *ctx, const struct entity *e, struct buf *sql,
                               struct db_value *params, int *np) {
  if (ctx->user && ctx->user->role == ROLE_MEMBER) {
    buf_puts(sql, " AND t.id = ?");
    params[(*np)++] = (struct db_value){.type = 'i', .i = ctx->user->member_id};
  }
}

const struct entity member_entity = {
    .name = "member",
    .zh = "委员",
    .table = "members",
    .scope = SCOPE_COMMITTEE,
    .fields = member_fields,
    .nfields = sizeof member_fields / sizeof member_fields[0],
    .search = "name",
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
