/* src/org/org.c: the field tables and rules of the organisation records. */
#include "org.h"
#include <string.h>
#include "base/arena.h"

const struct label org_levels[] = {
    {"national", "全国", "National"},
    {"province", "省", "Province"},
    {"city", "市", "City"},
    {"county", "县区", "County"},
    {NULL},
};

const char *org_level_label(const char *level) { return label_known(org_levels, level, false); }

static int level_rank(const char *level) { return label_index(org_levels, level); }

/* A committee sits one or more levels below its parent. */
static bool committee_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                            int64_t id, json_t *in) {
  int pi = entity_field(e, "parent_id"), li = entity_field(e, "level");
  if (v[pi].null || !v[pi].i) return true;
  if (id && v[pi].i == id) {
    entity_fail(ctx, ERR_INVALID_FIELD, "parent_id", "上级政协不能是自己",
                "A committee cannot be its own parent");
    return false;
  }
  struct db_stmt *st = db_query(ctx->db, "SELECT level FROM committees WHERE id = ?", "i", v[pi].i);
  int prank = -1;
  if (db_step(st) == DB_ROW) prank = level_rank(db_col_text(st, 0));
  db_done(st);
  if (prank >= level_rank(v[li].s)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "level", "层级应低于上级政协的层级",
                "The level must be below the parent committee's level");
    return false;
  }
  return true;
}

/* The path of a new committee is its parent's path and its own id. */
static bool committee_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                                  bool created, json_t *in) {
  if (!created) return true;
  return db_exec(ctx->db,
                 "UPDATE committees SET path = COALESCE((SELECT p.path FROM committees p WHERE"
                 " p.id = committees.parent_id), '/') || CAST(id AS TEXT) || '/' WHERE id = ?",
                 "i", id) == DB_DONE;
}

static const struct field committee_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "名称", "name", 60},
    {"parent_id", FT_REF, FF_FIXED | FF_FILTER, "上级政协", "parent committee",
     .ref_table = "committees"},
    {"level", FT_ENUM, FF_REQUIRED | FF_FIXED | FF_FILTER, "层级", "level", .labels = org_levels},
    {"region", FT_TEXT, 0, "行政区划", "region", 60},
    {"path", FT_TEXT, FF_READONLY, "路径", "path"},
    {"sort", FT_INT, 0, "排序", "sort", .min = 0, .max = 100000, .dflt = "0"},
};

const struct entity org_committee = {
    .name = "committee",
    .zh = "政协",
    .table = "committees",
    .scope = SCOPE_TREE,
    .fields = committee_fields,
    .nfields = sizeof committee_fields / sizeof committee_fields[0],
    .search = "name",
    .ancestors_visible = true,
    .check = committee_check,
    .after_write = committee_after_write,
};

int64_t org_committee_add(struct entity_ctx *ctx, int64_t parent, const char *name,
                          const char *level, const char *region) {
  json_t *in =
      json_pack("{s:s,s:s,s:s}", "name", name, "level", level, "region", region ? region : "");
  if (parent) json_object_set_new(in, "parent_id", json_integer(parent));
  int64_t id = entity_create(ctx, &org_committee, in);
  json_decref(in);
  return id;
}

/* As in the national list: parties, the non-party group, people's organisations, fields of
** work, specially invited; "sector" for a local list's own. */
const struct label org_sector_kinds[] = {
    {"party", "党派", "Party"},
    {"nonparty", "无党派人士", "Non-party"},
    {"organisation", "人民团体", "People's organisation"},
    {"field", "各界", "Field of work"},
    {"special", "特别邀请人士", "Specially invited"},
    {"sector", "界别", "Sector"},
    {NULL},
};
static const struct field sector_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "界别名称", "name", 60},
    {"committee_id", FT_REF, FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"kind", FT_ENUM, FF_FILTER, "类别", "kind", .labels = org_sector_kinds, .dflt = "sector"},
    {"name_en", FT_TEXT, 0, "英文名称", "English name", 120},
    {"sort", FT_INT, 0, "排序", "sort", .min = 0, .max = 100000, .dflt = "0"},
};
const struct entity org_sector = {
    .name = "sector",
    .zh = "界别",
    .table = "sectors",
    .scope = SCOPE_COMMITTEE,
    .fields = sector_fields,
    .nfields = sizeof sector_fields / sizeof sector_fields[0],
    .search = "name",
    .ancestors_visible = true,
};

static const struct field party_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "党派名称", "name", 60},
    {"short_name", FT_TEXT, 0, "简称", "short name", 20},
    {"sort", FT_INT, 0, "排序", "sort", .min = 0, .max = 100000, .dflt = "0"},
};
const struct entity org_party = {
    .name = "party",
    .zh = "党派",
    .table = "parties",
    .scope = SCOPE_GLOBAL,
    .fields = party_fields,
    .nfields = sizeof party_fields / sizeof party_fields[0],
    .search = "name",
};

static const struct field special_committee_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "专委会名称", "name", 60},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"sort", FT_INT, 0, "排序", "sort", .min = 0, .max = 100000, .dflt = "0"},
};
const struct entity org_special_committee = {
    .name = "special_committee",
    .zh = "专委会",
    .table = "special_committees",
    .scope = SCOPE_COMMITTEE,
    .fields = special_committee_fields,
    .nfields = sizeof special_committee_fields / sizeof special_committee_fields[0],
    .search = "name",
    .ancestors_visible = true,
};

const struct label org_lead_kinds[] = {
    {"special_committee", "专委会", "Special committee"},
    {"party", "民主党派", "Democratic party"},
    {"federation", "工商联", "Federation of Industry & Commerce"},
    {NULL},
};

/* A group is led by a special committee, a party, or the federation of industry and commerce;
** the leading body named must match the kind. */
static bool group_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                        int64_t id, json_t *in) {
  const char *kind = v[entity_field(e, "lead_kind")].s;
  struct entity_value *sc = &v[entity_field(e, "lead_special_committee_id")];
  struct entity_value *pa = &v[entity_field(e, "lead_party_id")];
  if (!strcmp(kind, "special_committee") && (sc->null || !sc->i)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "lead_special_committee_id",
                "由专委会负责的活动组须指定专委会", "Name the leading special committee");
    return false;
  }
  if (!strcmp(kind, "party") && (pa->null || !pa->i)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "lead_party_id", "由党派负责的活动组须指定党派",
                "Name the leading party");
    return false;
  }
  return true;
}

static const struct field group_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "活动组名称", "name", 60},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"lead_kind", FT_ENUM, FF_REQUIRED | FF_FILTER, "负责单位类别", "leading body kind",
     .labels = org_lead_kinds},
    {"lead_special_committee_id", FT_REF, 0, "负责专委会", "leading special committee",
     .ref_table = "special_committees"},
    {"lead_party_id", FT_REF, 0, "负责党派", "leading party", .ref_table = "parties"},
    {"sort", FT_INT, 0, "排序", "sort", .min = 0, .max = 100000, .dflt = "0"},
};
const struct entity org_group = {
    .name = "group",
    .zh = "界别活动组",
    .table = "activity_groups",
    .scope = SCOPE_COMMITTEE,
    .fields = group_fields,
    .nfields = sizeof group_fields / sizeof group_fields[0],
    .search = "name",
    .ancestors_visible = true,
    .check = group_check,
};

const struct label org_unit_kinds[] = {
    {"government", "政府部门", "Government"},
    {"party", "党委部门", "Party organ"},
    {"court", "法院", "Court"},
    {"procuratorate", "检察院", "Procuratorate"},
    {"people_org", "人民团体", "People's organisation"},
    {"enterprise", "企事业单位", "Enterprise / institution"},
    {"other", "其他", "Other"},
    {NULL},
};
static const struct field unit_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "单位名称", "name", 80},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"kind", FT_ENUM, FF_FILTER, "单位类别", "kind", .labels = org_unit_kinds,
     .dflt = "government"},
    {"contact", FT_TEXT, 0, "联系人", "contact", 30},
    {"phone", FT_PHONE, 0, "联系电话", "phone"},
};
const struct entity org_unit = {
    .name = "unit",
    .zh = "承办单位",
    .table = "units",
    .scope = SCOPE_COMMITTEE,
    .fields = unit_fields,
    .nfields = sizeof unit_fields / sizeof unit_fields[0],
    .search = "name",
    .ancestors_visible = true,
};
