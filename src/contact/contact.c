/* src/contact/contact.c: what the contact module's parts share (who may do what, paths,
** times), the committee's contact settings, grassroots units and the members' links to them. */
#include "contact.h"
#include "org/settings.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "contact_int.h"
#include "member/member.h"
#include "org/org.h"

/* ---- shared helpers ------------------------------------------------------------------------ */

bool contact_self_only(const struct user *u) {
  return u && u->member_id > 0 && !access_role_has(u->role, PERM_CONTACT_WRITE);
}

bool contact_paths_related(const char *a, const char *b) {
  if (!a || !b || !*a || !*b) return false;
  size_t la = strlen(a), lb = strlen(b);
  return !strncmp(a, b, la < lb ? la : lb);
}

const char *contact_member_path(struct entity_ctx *ctx, int64_t member_id) {
  return contact_record_path(ctx, "members", member_id);
}

bool contact_member_visible(struct entity_ctx *ctx, int64_t member_id) {
  if (ctx->user && ctx->user->role == ROLE_MEMBER && ctx->user->member_id != member_id)
    return false;
  return member_in_scope(ctx->db, ctx->user, member_id) &&
         entity_visible(ctx, &member_entity, member_id);
}

bool contact_member_for(struct entity_ctx *ctx, int64_t member_id, const char *path,
                        const char *field) {
  const char *mpath = member_id > 0 ? contact_member_path(ctx, member_id) : NULL;
  /* an organiser is told plainly that a member of its committee is not one of its body's */
  if (mpath && !member_in_scope(ctx->db, ctx->user, member_id) &&
      entity_visible(ctx, &member_entity, member_id)) {
    const char *body = member_scope_words(ctx, ctx->user);
    entity_fail(
        ctx, ERR_INVALID_FIELD, field,
        arena_printf(ctx->arena, "委员 %lld 不是您组织的%s的成员", (long long)member_id, body),
        arena_printf(ctx->arena, "Member %lld is not a member of the %s you organise",
                     (long long)member_id, body));
    return false;
  }
  if (!mpath || !contact_member_visible(ctx, member_id)) {
    entity_fail(ctx, ERR_INVALID_FIELD, field,
                arena_printf(ctx->arena, "委员 %lld 不存在", (long long)member_id),
                arena_printf(ctx->arena, "No such member: %lld", (long long)member_id));
    return false;
  }
  if (!contact_paths_related(mpath, path)) {
    entity_fail(
        ctx, ERR_INVALID_FIELD, field,
        arena_printf(ctx->arena, "委员 %lld 不属于该政协、其上级或下级", (long long)member_id),
        arena_printf(ctx->arena, "Member %lld belongs to an unrelated committee",
                     (long long)member_id));
    return false;
  }
  return true;
}

bool contact_parse_time(struct entity_ctx *ctx, json_t *j, const char *field, const char *zh,
                        const char *en, int64_t *t) {
  /* the range of the record engine's FT_DATETIME fields */
  if (!json_is_string(j) || !time_parse_iso(json_string_value(j), t) || *t < ENTITY_TIME_MIN ||
      *t > ENTITY_TIME_MAX) {
    entity_fail(
        ctx, ERR_INVALID_FIELD, field,
        arena_printf(ctx->arena, "%s应为带时区的 ISO 8601 时间，如 2026-03-31T23:30:00+08:00", zh),
        arena_printf(ctx->arena,
                     "%s must be an ISO 8601 time with an offset, e.g. 2026-03-31T23:30:00+08:00",
                     en));
    return false;
  }
  return true;
}

const char *contact_record_path(struct entity_ctx *ctx, const char *table, int64_t id) {
  char sql[160];
  snprintf(sql, sizeof sql,
           "SELECT c.path FROM %s t JOIN committees c ON c.id = t.committee_id WHERE t.id = ?",
           table);
  struct db_stmt *st = db_query(ctx->db, sql, "i", id);
  const char *p = NULL;
  if (db_step(st) == DB_ROW) p = arena_strdup(ctx->arena, db_col_text(st, 0));
  db_done(st);
  return p;
}

json_t *contact_image(struct entity_ctx *ctx, const struct entity *e, int64_t id) {
  bool was = ctx->redact;
  ctx->redact = true;
  json_t *o = entity_get(ctx, e, id);
  ctx->redact = was;
  return o;
}

/* ---- settings ------------------------------------------------------------------------------ */

static const struct setting contact_setting_items[CONTACT_SETTING_COUNT] = {
    [CONTACT_MAX_UNITS] = {"max_units", "contact.max_units", 3, 1, 10, "每位委员联系基层单位上限",
                           "grassroots units per member"},
    [CONTACT_QUARTER_MIN_ACTIVITIES] = {"quarter_min_activities", "contact.quarter_min_activities",
                                        1, 0, 100, "每季度最少活动次数", "activities per quarter"},
    [CONTACT_YEAR_MIN_PEOPLE] = {"year_min_people", "contact.year_min_people", 40, 0, 100000,
                                 "全年最少联系群众人次", "people reached per year"},
    [CONTACT_REMIND_DAYS] =
        {"remind_days", "contact.remind_days", 14, 0, 90,
         "季度结束前几天提醒未达标委员（0 为不自动提醒）",
         "days before a quarter ends to remind members falling short (0: never)"},
    [CONTACT_STATION_CHECKLIST] = {"station_checklist", "contact.station_checklist",
                                   CONTACT_STATION_CHECKLIST_DEFAULT, 1, 255,
                                   "委员工作站认定清单（工作室按“六有”标准）",
                                   "workstations' checklist (studios: the 六有 standard)"},
    [CONTACT_REQUEST_DAYS] = {"request_days", "contact.request_days", 60, 1, 365,
                              "群众诉求办理时限（天，自受理起）",
                              "days to close a request from its acceptance"},
    [CONTACT_CHECK_SELF_LOGGED] = {"check_self_logged", "contact.check_self_logged", 1, 0, 1,
                                   "委员自行记录的活动经工作人员审核通过后才计积分（1 是，0 否）",
                                   "members' self-logged activities earn points once staff "
                                   "approved them (1 yes, 0 no)"},
};

const struct setting_group contact_settings = {"contact.", contact_setting_items,
                                               CONTACT_SETTING_COUNT, .ancestors_visible = true};

void contact_settings_at(struct db *db, const char *path, struct contact_settings *out) {
  settings_at(db, &contact_settings, path, out->value, out->source);
}

/* ---- grassroots units ---------------------------------------------------------------------- */

const struct label contact_unit_kinds[] = {
    {"village", "村", "Village"},         {"community", "社区", "Community"},
    {"enterprise", "企业", "Enterprise"}, {"hospital", "医院", "Hospital"},
    {"school", "学校", "School"},         {"new_org", "两新组织", "New organisation"},
    {"other", "其他", "Other"},           {NULL},
};

static const struct field unit_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "单位名称", "name", 80},
    {"kind", FT_ENUM, FF_REQUIRED | FF_FILTER, "单位类别", "kind", .labels = contact_unit_kinds},
    /* the name of the kind of a unit of kind other (社会组织, 宗教活动场所 ...) */
    {"kind_name", FT_TEXT, 0, "类别名称", "kind name", 40},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    /* the county (县、市、区) the township lies in: 城关镇 of two counties are two places; empty:
    ** the region of the unit's committee when that is a county's */
    {"county", FT_TEXT, 0, "所在县（市、区）", "county", 60},
    {"township", FT_TEXT, FF_FILTER, "乡镇（街道）", "township", 60},
    {"address", FT_TEXT, 0, "地址", "address", 200},
};

/* A unit of kind other names its kind; a unit of a listed kind has no kind name (a change of
** the kind away from other drops the name it had). */
static bool unit_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                       int64_t id, json_t *in) {
  const struct entity_value *kind = &v[entity_field(e, "kind")];
  struct entity_value *name = &v[entity_field(e, "kind_name")];
  bool other = kind->s && !strcmp(kind->s, "other");
  if (!other && kind->set && !name->set && name->stored) {
    name->set = true;
    name->stored = false;
    name->null = false;
    name->s = "";
  }
  bool named = (name->set || name->stored) && !name->null && name->s && *name->s;
  if (other && !named) {
    entity_fail(ctx, ERR_INVALID_FIELD, "kind_name", "单位类别为“其他”时须填写类别名称",
                "A unit of kind other needs kind_name");
    return false;
  }
  if (!other && named) {
    entity_fail(ctx, ERR_INVALID_FIELD, "kind_name",
                "只有类别为“其他”的单位填写类别名称（改为其他类别时请清空）",
                "Only a unit of kind other has a kind_name (clear it when changing the kind)");
    return false;
  }
  return true;
}

/* The words of the kind: its label, or the unit's own name of its kind for other. */
static void unit_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                         json_t *o) {
  const char *kind = json_string_value(json_object_get(o, "kind"));
  const char *name = json_string_value(json_object_get(o, "kind_name"));
  json_object_set_new(o, "kind_label",
                      json_string(kind && !strcmp(kind, "other") && name && *name
                                      ? name
                                      : label_text(contact_unit_kinds, kind, ctx->en)));
}

/* Lower levels see the units of the committees above them too (a county member may link a
** provincial enterprise), as with the organisation lists. */
const struct entity contact_unit_entity = {
    .name = "grassroots_unit",
    .zh = "基层单位",
    .table = "grassroots_units",
    .scope = SCOPE_COMMITTEE,
    .fields = unit_fields,
    .nfields = sizeof unit_fields / sizeof unit_fields[0],
    .search = "name",
    .ancestors_visible = true,
    .check = unit_check,
    .to_json = unit_to_json,
};

/* ---- a member's grassroots units ----------------------------------------------------------- */

/* The limit in force for member_id (its committee's setting). */
static int64_t member_unit_limit(struct entity_ctx *ctx, const char *member_path) {
  struct contact_settings s;
  contact_settings_at(ctx->db, member_path, &s);
  return s.value[CONTACT_MAX_UNITS];
}

json_t *contact_member_units(struct entity_ctx *ctx, int64_t member_id) {
  json_t *items = json_array();
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT unit_id, created_at FROM member_grassroots_units"
                                " WHERE member_id = ? ORDER BY created_at, unit_id",
                                "i", member_id);
  int64_t ids[64], at[64];
  int n = 0;
  while (db_step(st) == DB_ROW && n < 64) {
    ids[n] = db_col_int(st, 0);
    at[n++] = db_col_int(st, 1);
  }
  db_done(st);
  for (int i = 0; i < n; i++) {
    json_t *u = entity_get(ctx, &contact_unit_entity, ids[i]);
    if (!u) continue;
    char t[32];
    json_object_set_new(u, "linked_at", json_string(time_iso(at[i], t)));
    json_array_append_new(items, u);
  }
  const char *path = contact_member_path(ctx, member_id);
  return json_pack("{s:I,s:o,s:i,s:I}", "member_id", (json_int_t)member_id, "items", items, "count",
                   n, "max_units", (json_int_t)(path ? member_unit_limit(ctx, path) : 0));
}

bool contact_member_link(struct entity_ctx *ctx, int64_t member_id, int64_t unit_id) {
  const char *mpath = contact_member_path(ctx, member_id);
  if (!mpath) {
    entity_not_found(ctx, "未找到该委员", "No such member");
    return false;
  }
  const char *upath = unit_id > 0 ? entity_path(ctx, &contact_unit_entity, unit_id) : NULL;
  if (!upath || !entity_visible(ctx, &contact_unit_entity, unit_id)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "unit_id", "基层单位不存在", "No such grassroots unit");
    return false;
  }
  if (!contact_paths_related(upath, mpath)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "unit_id",
                "该基层单位与委员不属于同一政协系统（须为委员所属政协、其上级或下级的单位）",
                "The unit must belong to the member's committee, one above it or one below it");
    return false;
  }
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  /* counted and inserted inside one write transaction: two requests cannot both take the last place
   */
  if (db_int(ctx->db, 0,
             "SELECT COUNT(*) FROM member_grassroots_units WHERE member_id = ? AND unit_id = ?",
             "ii", member_id, unit_id)) {
    entity_fail(ctx, ERR_CONFLICT, "unit_id", "该委员已联系这个基层单位",
                "The member is linked to this unit already");
    return entity_finish(ctx, DB_ERROR);
  }
  int64_t have =
      db_int(ctx->db, 0, "SELECT COUNT(*) FROM member_grassroots_units WHERE member_id = ?", "i",
             member_id);
  int64_t limit = member_unit_limit(ctx, mpath);
  if (have >= limit) {
    entity_fail(
        ctx, ERR_LIMIT_REACHED, "unit_id",
        arena_printf(ctx->arena,
                     "每位委员最多联系 %lld 个基层单位，该委员已联系 %lld 个；请先解除一个再添加",
                     (long long)limit, (long long)have),
        arena_printf(ctx->arena,
                     "A member links at most %lld grassroots units and this one has %lld;"
                     " remove one first",
                     (long long)limit, (long long)have));
    return entity_finish(ctx, DB_ERROR);
  }
  rc = db_exec(
      ctx->db,
      "INSERT INTO member_grassroots_units (member_id, unit_id, created_at) VALUES (?, ?, ?)",
      "iii", member_id, unit_id, time_now());
  if (rc == DB_DONE) {
    json_t *after =
        json_pack("{s:I,s:I}", "member_id", (json_int_t)member_id, "unit_id", (json_int_t)unit_id);
    int64_t cid =
        db_int(ctx->db, 0, "SELECT committee_id FROM members WHERE id = ?", "i", member_id);
    if (!audit_record(ctx->db, ctx->user, ctx->ip, "link", "member_grassroots_unit", member_id, cid,
                      NULL, after))
      rc = DB_ERROR;
    json_decref(after);
  }
  return entity_finish(ctx, rc);
}

bool contact_member_unlink(struct entity_ctx *ctx, int64_t member_id, int64_t unit_id) {
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  rc = db_exec(ctx->db, "DELETE FROM member_grassroots_units WHERE member_id = ? AND unit_id = ?",
               "ii", member_id, unit_id);
  if (rc == DB_DONE && db_changes(ctx->db) == 0) {
    entity_not_found(ctx, "该委员没有联系这个基层单位", "The member is not linked to this unit");
    rc = DB_ERROR;
  }
  if (rc == DB_DONE) {
    json_t *before =
        json_pack("{s:I,s:I}", "member_id", (json_int_t)member_id, "unit_id", (json_int_t)unit_id);
    int64_t cid =
        db_int(ctx->db, 0, "SELECT committee_id FROM members WHERE id = ?", "i", member_id);
    if (!audit_record(ctx->db, ctx->user, ctx->ip, "unlink", "member_grassroots_unit", member_id,
                      cid, before, NULL))
      rc = DB_ERROR;
    json_decref(before);
  }
  return entity_finish(ctx, rc);
}
