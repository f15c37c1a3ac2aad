/* src/contact/contact_station.c: workstations and studios (委员工作站/委员工作室): the record,
** the members attached, the 六有 checklist with its evidence, certification and its revocation,
** and reception days (委员接待日) with the members on duty and the reception log. */
#include <stdio.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "contact.h"
#include "contact_int.h"
#include "file/file.h"
#include "member/member.h"

#define EVIDENCE_MAX 20 /* files per checklist item */
#define DUTY_MAX     50 /* members on duty at one reception day */

/* ---- the station record -------------------------------------------------------------------- */

const struct label contact_station_kinds[] = {
    {"station", "委员工作站", "Workstation"},
    {"studio", "委员工作室", "Studio"},
    {NULL},
};

const struct label contact_cert_statuses[] = {
    {"none", "未认定", "Not certified"},
    {"certified", "已认定", "Certified"},
    {"revoked", "已撤销", "Revoked"},
    {NULL},
};

static const struct field station_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED, "名称", "name", 80},
    {"kind", FT_ENUM, FF_REQUIRED | FF_FILTER | FF_FIXED, "类别", "kind",
     .labels = contact_station_kinds},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"grassroots_unit_id", FT_REF, FF_FILTER, "所在基层单位", "grassroots unit",
     .ref_table = "grassroots_units"},
    {"specialty", FT_TEXT, 0, "特色领域", "specialty", 200},
    {"address", FT_TEXT, 0, "地址", "address", 200},
    {"cert_status", FT_ENUM, FF_READONLY | FF_FILTER, "认定状态", "certification",
     .labels = contact_cert_statuses},
    {"certified_by", FT_INT, FF_READONLY, "认定人", "certified by"},
    {"revoked_by", FT_INT, FF_READONLY, "撤销人", "revoked by"},
    {"revoke_reason", FT_TEXT, FF_READONLY, "撤销原因", "revocation reason"},
    {"certified_at", FT_DATETIME, FF_READONLY, "认定时间", "certified at"},
    {"revoked_at", FT_DATETIME, FF_READONLY, "撤销时间", "revoked at"},
};

#define NITEMS 8 /* the items of contact_checklist_items */

/* How many of the items of mask have no evidence at station id. */
static int missing_count(struct entity_ctx *ctx, int64_t id, unsigned mask) {
  unsigned has = 0;
  struct db_stmt *st =
      db_query(ctx->db, "SELECT DISTINCT item FROM station_evidence WHERE station_id = ?", "i", id);
  int k;
  while (db_step(st) == DB_ROW)
    if ((k = label_index(contact_checklist_items, db_col_text(st, 0))) >= 0) has |= 1u << k;
  db_done(st);
  int n = 0;
  for (k = 0; k < NITEMS; k++) n += (mask >> k & 1) && !(has >> k & 1);
  return n;
}

/* Adds the times, the members count and how many checklist items have evidence. */
static void station_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                            json_t *o) {
  int64_t id = db_col_int(row, 0);
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT (SELECT COUNT(*) FROM station_members WHERE station_id = ?),"
      " (SELECT u.display_name FROM stations s JOIN users u ON u.id = s.certified_by WHERE s.id = "
      "?),"
      " (SELECT u.display_name FROM stations s JOIN users u ON u.id = s.revoked_by WHERE s.id = ?)",
      "iii", id, id, id);
  if (db_step(st) == DB_ROW) {
    json_object_set_new(o, "member_count", json_integer(db_col_int(st, 0)));
    /* who certified or revoked it, by name for the page (the ids stay in certified_by, revoked_by)
     */
    json_object_set_new(o, "certified_by_name",
                        db_col_null(st, 1) ? json_null() : json_string(db_col_text(st, 1)));
    json_object_set_new(o, "revoked_by_name",
                        db_col_null(st, 2) ? json_null() : json_string(db_col_text(st, 2)));
  }
  db_done(st);
  /* the items of its own checklist (studio: 六有; workstation: the setting) with evidence, of how
  ** many */
  unsigned mask = contact_checklist_mask(ctx, id);
  int total = 0;
  for (int k = 0; k < NITEMS; k++) total += (mask >> k) & 1;
  json_object_set_new(o, "checklist_total", json_integer(total));
  json_object_set_new(o, "checklist_done", json_integer(total - (int)missing_count(ctx, id, mask)));
}

const struct entity contact_station_entity = {
    .name = "station",
    .zh = "工作站（室）",
    .table = "stations",
    .scope = SCOPE_COMMITTEE,
    .fields = station_fields,
    .nfields = sizeof station_fields / sizeof station_fields[0],
    .search = "name",
    .to_json = station_to_json,
};

/* ---- members attached ---------------------------------------------------------------------- */

json_t *contact_station_members(struct entity_ctx *ctx, int64_t station_id) {
  json_t *items = json_array();
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT sm.member_id, m.name, m.committee_id, c.name, sm.role, sm.created_at"
               " FROM station_members sm JOIN members m ON m.id = sm.member_id"
               " JOIN committees c ON c.id = m.committee_id WHERE sm.station_id = ?"
               " ORDER BY CASE WHEN sm.role = 'lead' THEN 0 ELSE 1 END, sm.member_id",
               "i", station_id);
  while (db_step(st) == DB_ROW) {
    char t[32];
    json_array_append_new(
        items, json_pack("{s:I,s:s,s:I,s:s,s:s,s:s}", "member_id", (json_int_t)db_col_int(st, 0),
                         "member_name", db_col_text(st, 1), "committee_id",
                         (json_int_t)db_col_int(st, 2), "committee_name", db_col_text(st, 3),
                         "role", db_col_text(st, 4), "added_at", time_iso(db_col_int(st, 5), t)));
  }
  db_done(st);
  return json_pack("{s:I,s:o}", "station_id", (json_int_t)station_id, "items", items);
}

static int64_t station_committee(struct entity_ctx *ctx, int64_t station_id) {
  return db_int(ctx->db, 0, "SELECT committee_id FROM stations WHERE id = ?", "i", station_id);
}

bool contact_station_add_member(struct entity_ctx *ctx, int64_t station_id, int64_t member_id,
                                const char *role) {
  const char *path = contact_record_path(ctx, "stations", station_id);
  if (!path) {
    entity_not_found(ctx, "未找到该工作站（室）", "No such station");
    return false;
  }
  if (!role) role = "member";
  if (strcmp(role, "lead") && strcmp(role, "member")) {
    entity_fail(ctx, ERR_INVALID_FIELD, "role", "角色应为 lead（牵头委员）或 member（成员）",
                "role must be lead or member");
    return false;
  }
  if (!contact_member_for(ctx, member_id, path, "member_id")) return false;
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  rc = db_exec(
      ctx->db,
      "INSERT INTO station_members (station_id, member_id, role, created_at) VALUES (?, ?, ?, ?)",
      "iiti", station_id, member_id, role, time_now());
  if (rc == DB_CONSTRAINT)
    entity_fail(ctx, ERR_CONFLICT, "member_id", "该委员已在此工作站（室）",
                "The member is attached already");
  if (rc == DB_DONE) {
    json_t *after = json_pack("{s:I,s:s}", "member_id", (json_int_t)member_id, "role", role);
    if (!audit_record(ctx->db, ctx->user, ctx->ip, "add_member", "station", station_id,
                      station_committee(ctx, station_id), NULL, after))
      rc = DB_ERROR;
    json_decref(after);
  }
  return entity_finish(ctx, rc);
}

bool contact_station_remove_member(struct entity_ctx *ctx, int64_t station_id, int64_t member_id) {
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  rc = db_exec(ctx->db, "DELETE FROM station_members WHERE station_id = ? AND member_id = ?", "ii",
               station_id, member_id);
  if (rc == DB_DONE && !db_changes(ctx->db)) {
    entity_not_found(ctx, "该委员不在此工作站（室）", "The member is not attached");
    rc = DB_ERROR;
  }
  if (rc == DB_DONE) {
    json_t *before = json_pack("{s:I}", "member_id", (json_int_t)member_id);
    if (!audit_record(ctx->db, ctx->user, ctx->ip, "remove_member", "station", station_id,
                      station_committee(ctx, station_id), before, NULL))
      rc = DB_ERROR;
    json_decref(before);
  }
  return entity_finish(ctx, rc);
}

/* ---- the checklists: 六有 for studios, the workstations' own --------------------------------- */

const struct label contact_checklist_items[] = {
    /* 六有, the studios' standard (CONTACT_LIUYOU items) */
    {"site", "场地", "Site"},
    {"signage", "标识", "Signage"},
    {"rules", "制度", "Rules"},
    {"specialty", "特色", "Specialty"},
    {"archive", "档案", "Archive"},
    {"results", "成果", "Results"},
    /* further items a workstation's checklist may ask for */
    {"staff", "人员", "Staff"},
    {"activities", "活动", "Activities"},
    {NULL},
};

unsigned contact_checklist_mask(struct entity_ctx *ctx, int64_t station_id) {
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT s.kind, c.path FROM stations s JOIN committees c"
                                " ON c.id = s.committee_id WHERE s.id = ?",
                                "i", station_id);
  unsigned mask = 0;
  if (db_step(st) == DB_ROW) {
    if (!strcmp(db_col_text(st, 0), "studio"))
      mask = (1u << CONTACT_LIUYOU) - 1;
    else {
      struct contact_settings s;
      contact_settings_at(ctx->db, db_col_text(st, 1), &s);
      mask = (unsigned)s.value[CONTACT_STATION_CHECKLIST] & ((1u << NITEMS) - 1);
      if (!mask) mask = CONTACT_STATION_CHECKLIST_DEFAULT;
    }
  }
  db_done(st);
  return mask;
}

/* One item: its note, files and when it was last changed. */
static json_t *item_json(struct entity_ctx *ctx, int64_t station_id, int k) {
  const char *item = contact_checklist_items[k].name;
  json_t *o = json_pack("{s:s,s:s,s:s,s:n}", "item", item, "label", contact_checklist_items[k].zh,
                        "note", "", "updated_at");
  struct db_stmt *st = db_query(
      ctx->db, "SELECT note, updated_at FROM station_checklist WHERE station_id = ? AND item = ?",
      "it", station_id, item);
  if (db_step(st) == DB_ROW) {
    json_object_set_new(o, "note", json_string(db_col_text(st, 0)));
    entity_time_json(o, "updated_at", st, 1);
  }
  db_done(st);
  json_t *ids = json_array(), *files = json_array();
  int64_t fid[EVIDENCE_MAX + 1];
  int n = 0;
  st = db_query(ctx->db,
                "SELECT file_id FROM station_evidence WHERE station_id = ? AND item = ? ORDER BY "
                "sort, file_id",
                "it", station_id, item);
  while (db_step(st) == DB_ROW && n <= EVIDENCE_MAX) fid[n++] = db_col_int(st, 0);
  db_done(st);
  for (int i = 0; i < n; i++) {
    json_array_append_new(ids, json_integer(fid[i]));
    json_t *f = file_json(ctx, fid[i]);
    if (f) json_array_append_new(files, f);
  }
  json_object_set_new(o, "has_evidence", json_boolean(n > 0));
  json_object_set_new(o, "file_ids", ids);
  json_object_set_new(o, "files", files);
  return o;
}

const char **contact_checklist_missing(struct entity_ctx *ctx, int64_t station_id) {
  const char **out = arena_alloc(ctx->arena, sizeof *out * (NITEMS + 1));
  unsigned mask = contact_checklist_mask(ctx, station_id);
  int n = 0, k;
  bool has[NITEMS] = {false};
  struct db_stmt *st = db_query(
      ctx->db, "SELECT DISTINCT item FROM station_evidence WHERE station_id = ?", "i", station_id);
  while (db_step(st) == DB_ROW)
    if ((k = label_index(contact_checklist_items, db_col_text(st, 0))) >= 0) has[k] = true;
  db_done(st);
  for (k = 0; k < NITEMS; k++)
    if ((mask & (1u << k)) && !has[k]) out[n++] = contact_checklist_items[k].name;
  out[n] = NULL;
  return out;
}

json_t *contact_checklist(struct entity_ctx *ctx, int64_t station_id) {
  json_t *items = json_array(), *missing = json_array();
  unsigned mask = contact_checklist_mask(ctx, station_id);
  for (int k = 0; k < NITEMS; k++)
    if (mask & (1u << k)) json_array_append_new(items, item_json(ctx, station_id, k));
  const char **m = contact_checklist_missing(ctx, station_id);
  for (int i = 0; m[i]; i++) json_array_append_new(missing, json_string(m[i]));
  struct db_stmt *st =
      db_query(ctx->db, "SELECT cert_status, kind FROM stations WHERE id = ?", "i", station_id);
  const char *status = "none", *kind = "station";
  if (db_step(st) == DB_ROW) {
    status = arena_strdup(ctx->arena, db_col_text(st, 0));
    kind = arena_strdup(ctx->arena, db_col_text(st, 1));
  }
  db_done(st);
  return json_pack("{s:I,s:s,s:s,s:s,s:b,s:o,s:o}", "station_id", (json_int_t)station_id, "kind",
                   kind, "standard", strcmp(kind, "studio") ? "station" : "liuyou", "cert_status",
                   status, "complete", m[0] == NULL, "missing", missing, "items", items);
}

bool contact_checklist_set(struct entity_ctx *ctx, int64_t station_id, const char *item,
                           json_t *in) {
  const char *path = contact_record_path(ctx, "stations", station_id);
  if (!path) {
    entity_not_found(ctx, "未找到该工作站（室）", "No such station");
    return false;
  }
  /* only the items of the station's own checklist: 六有 for a studio, the setting's for a
  ** workstation */
  unsigned mask = contact_checklist_mask(ctx, station_id);
  int k = label_index(contact_checklist_items, item);
  if (k < 0 || !(mask & (1u << k))) {
    struct buf zh = {0}, en = {0};
    for (int i = 0; i < NITEMS; i++)
      if (mask & (1u << i)) {
        buf_printf(&zh, "%s%s（%s）", zh.len ? "、" : "", contact_checklist_items[i].name,
                   contact_checklist_items[i].zh);
        buf_printf(&en, "%s%s", en.len ? ", " : "", contact_checklist_items[i].name);
      }
    bool studio =
        db_int(ctx->db, 0, "SELECT COUNT(*) FROM stations WHERE id = ? AND kind = 'studio'", "i",
               station_id) > 0;
    entity_fail(ctx, ERR_INVALID_FIELD, "item",
                arena_printf(ctx->arena, "%s，项目应为 %s 之一",
                             studio ? "委员工作室按“六有”标准认定" : "该委员工作站的认定清单",
                             zh.data ? zh.data : ""),
                arena_printf(ctx->arena, "item must be one of %s", en.data ? en.data : ""));
    buf_free(&zh);
    buf_free(&en);
    return false;
  }
  const char *key;
  json_t *val, *note = NULL, *files = NULL;
  json_object_foreach(in, key, val) {
    if (!strcmp(key, "note"))
      note = val;
    else if (!strcmp(key, "file_ids"))
      files = val;
    else if (strcmp(key, "item") && strcmp(key, "label")) {
      entity_fail(ctx, ERR_INVALID_FIELD, arena_strdup(ctx->arena, key),
                  arena_printf(ctx->arena, "不认识的字段：%s（可设 note、file_ids）", key),
                  arena_printf(ctx->arena, "Unknown field: %s (note, file_ids)", key));
      return false;
    }
  }
  const char *note_s = NULL;
  if (note && !json_is_null(note)) {
    if (!json_is_string(note) || strlen(json_string_value(note)) != json_string_length(note) ||
        !utf8_valid(json_string_value(note), json_string_length(note)) ||
        utf8_count(json_string_value(note), json_string_length(note)) > 1000) {
      entity_fail(ctx, ERR_INVALID_FIELD, "note", "说明应为文本，最多 1000 个字",
                  "note must be a text of at most 1000 characters");
      return false;
    }
    note_s = json_string_value(note);
  }
  int64_t *ids = NULL;
  int n = 0; /* files given: null or [] clears the item's evidence */
  if (files && !json_is_null(files)) {
    n = file_ids_parse(ctx, files, EVIDENCE_MAX, path, "file_ids", &ids);
    if (n < 0) return false;
  }
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  json_t *before = item_json(ctx, station_id, k);
  const char *status = "none";
  struct db_stmt *st =
      db_query(ctx->db, "SELECT cert_status FROM stations WHERE id = ?", "i", station_id);
  if (db_step(st) == DB_ROW) status = arena_strdup(ctx->arena, db_col_text(st, 0));
  db_done(st);
  if (files && n == 0 && !strcmp(status, "certified")) {
    entity_fail(
        ctx, ERR_CERTIFIED, "file_ids",
        arena_printf(
            ctx->arena,
            "已认定的工作站（室）每项都须有证明材料，不能删去“%s”的全部材料；如需调整请先撤销认定",
            contact_checklist_items[k].zh),
        "A certified station keeps evidence for every item; revoke the certification first");
    json_decref(before);
    return entity_finish(ctx, DB_ERROR);
  }
  int64_t now = time_now();
  rc = db_exec(ctx->db,
               "INSERT INTO station_checklist (station_id, item, note, updated_at, updated_by)"
               " VALUES (?, ?, ?, ?, ?) ON CONFLICT (station_id, item) DO UPDATE SET"
               " note = CASE WHEN ? = 1 THEN excluded.note ELSE station_checklist.note END,"
               " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
               "ittiIi", station_id, item, note_s ? note_s : "", now, ctx->user ? ctx->user->id : 0,
               (int64_t)(note != NULL));
  if (rc == DB_DONE && files) {
    rc = db_exec(ctx->db, "DELETE FROM station_evidence WHERE station_id = ? AND item = ?", "it",
                 station_id, item);
    for (int i = 0; i < n && rc == DB_DONE; i++)
      rc = db_exec(
          ctx->db,
          "INSERT INTO station_evidence (station_id, item, file_id, sort) VALUES (?, ?, ?, ?)",
          "itii", station_id, item, ids[i], (int64_t)i);
  }
  if (rc == DB_DONE) {
    json_t *after = item_json(ctx, station_id, k);
    json_object_del(before, "files");
    json_object_del(after, "files");
    if (!audit_record(ctx->db, ctx->user, ctx->ip, "update_checklist", "station", station_id,
                      station_committee(ctx, station_id), before, after))
      rc = DB_ERROR;
    json_decref(after);
  }
  json_decref(before);
  return entity_finish(ctx, rc);
}

/* ---- certification ------------------------------------------------------------------------- */

/* Ends a certification action: when its write (rc) worked, the audit entry with the station
** before and after; then the transaction. Takes before. */
static bool station_audit_finish(struct entity_ctx *ctx, int64_t station_id, const char *action,
                                 json_t *before, int rc) {
  if (rc == DB_DONE) {
    json_t *after = contact_image(ctx, &contact_station_entity, station_id);
    if (!audit_record(ctx->db, ctx->user, ctx->ip, action, "station", station_id,
                      station_committee(ctx, station_id), before, after))
      rc = DB_ERROR;
    json_decref(after);
  }
  json_decref(before);
  return entity_finish(ctx, rc);
}

bool contact_station_certify(struct entity_ctx *ctx, int64_t station_id) {
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  json_t *before = contact_image(ctx, &contact_station_entity, station_id);
  if (!before) {
    entity_not_found(ctx, "未找到该工作站（室）", "No such station");
    return entity_finish(ctx, DB_ERROR);
  }
  const char *status = json_string_value(json_object_get(before, "cert_status"));
  if (status && !strcmp(status, "certified")) {
    json_decref(before);
    entity_fail(ctx, ERR_ALREADY_CERTIFIED, NULL, "该工作站（室）已通过认定",
                "The station is certified already");
    return entity_finish(ctx, DB_ERROR);
  }
  const char **missing = contact_checklist_missing(ctx, station_id);
  if (missing[0]) {
    char zh[256] = "", en[256] = "";
    json_t *errors = json_array();
    for (int i = 0; missing[i]; i++) {
      const char *label = label_zh(contact_checklist_items, missing[i]);
      snprintf(zh + strlen(zh), sizeof zh - strlen(zh), "%s%s", i ? "、" : "", label);
      snprintf(en + strlen(en), sizeof en - strlen(en), "%s%s", i ? ", " : "", missing[i]);
      json_array_append_new(
          errors,
          json_pack("{s:s,s:s}", "field", missing[i], "message",
                    ctx->en ? "no evidence" : arena_printf(ctx->arena, "%s：缺少证明材料", label)));
    }
    const char *kind = json_string_value(json_object_get(before, "kind"));
    entity_fail(ctx, ERR_CHECKLIST_INCOMPLETE, NULL,
                arena_printf(ctx->arena, "%s材料不全，不能认定：缺少%s的证明材料",
                             kind && !strcmp(kind, "studio") ? "“六有”" : "认定清单", zh),
                arena_printf(ctx->arena, "The checklist is incomplete; no evidence for: %s", en));
    json_decref(before);
    ctx->err.errors = errors;
    return entity_finish(ctx, DB_ERROR);
  }
  rc = db_exec(
      ctx->db,
      "UPDATE stations SET cert_status = 'certified', certified_at = ?, certified_by = ?,"
      " revoked_at = NULL, revoked_by = NULL, revoke_reason = '', updated_at = ? WHERE id = ?",
      "iIii", time_now(), ctx->user ? ctx->user->id : 0, time_now(), station_id);
  return station_audit_finish(ctx, station_id, "certify", before, rc);
}

bool contact_station_revoke(struct entity_ctx *ctx, int64_t station_id, const char *reason) {
  if (!reason || !*reason) {
    entity_fail(ctx, ERR_INVALID_FIELD, "reason", "请写明撤销认定的原因", "A reason is required");
    return false;
  }
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  json_t *before = contact_image(ctx, &contact_station_entity, station_id);
  if (!before) {
    entity_not_found(ctx, "未找到该工作站（室）", "No such station");
    return entity_finish(ctx, DB_ERROR);
  }
  const char *status = json_string_value(json_object_get(before, "cert_status"));
  if (!status || strcmp(status, "certified")) {
    json_decref(before);
    entity_fail(ctx, ERR_NOT_CERTIFIED, NULL, "该工作站（室）未通过认定，无需撤销",
                "The station is not certified");
    return entity_finish(ctx, DB_ERROR);
  }
  rc = db_exec(ctx->db,
               "UPDATE stations SET cert_status = 'revoked', revoked_at = ?, revoked_by = ?,"
               " revoke_reason = ?, updated_at = ? WHERE id = ?",
               "iItii", time_now(), ctx->user ? ctx->user->id : 0, reason, time_now(), station_id);
  return station_audit_finish(ctx, station_id, "revoke", before, rc);
}

/* ---- reception days ------------------------------------------------------------------------ */

static const struct field reception_fields[] = {
    {"station_id", FT_REF, FF_REQUIRED | FF_FIXED | FF_FILTER, "工作站（室）", "station",
     .ref_table = "stations"},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FIXED | FF_FILTER, "所属政协", "committee",
     .ref_table = "committees"},
    {"date", FT_DATE, FF_REQUIRED | FF_FILTER, "接待日期", "date"},
    {"topic", FT_TEXT, 0, "接待主题", "topic", 100},
    {"visitors", FT_INT, 0, "接待群众人数", "visitors", .min = 0, .max = 100000, .dflt = "0"},
    {"notes", FT_TEXT, 0, "接待记录", "reception log", 5000},
    /* stored by reception_after_write in reception_duty */
    {"member_ids", FT_IDS, 0, "值班委员", "member_ids", .max = DUTY_MAX, .ref_table = "members"},
};

/* The station must be the record's committee's own; the members on duty must be members the
** caller sees, on the station's committee path. */
static bool reception_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                            int64_t id, json_t *in) {
  int64_t station = v[entity_field(e, "station_id")].i,
          committee = v[entity_field(e, "committee_id")].i;
  if (station_committee(ctx, station) != committee) {
    entity_fail(ctx, ERR_INVALID_FIELD, "committee_id", "接待日应属于工作站（室）所属的政协",
                "The committee must be the station's");
    return false;
  }
  const struct entity_value *m = &v[entity_field(e, "member_ids")];
  const char *path = m->n ? committee_path_of(ctx, committee) : NULL;
  for (int k = 0; k < m->n; k++)
    if (!contact_member_for(ctx, m->ids[k], path, "member_ids")) return false;
  return true;
}

/* Shares the day's visitors among the members on duty by the rule of contact_share_out: they
** are the people the members on duty reached (contact_compliance.c counts them). */
static bool reception_reshare(struct entity_ctx *ctx, int64_t id) {
  int64_t visitors =
      db_int(ctx->db, 0, "SELECT visitors FROM reception_days WHERE id = ?", "i", id);
  int64_t members[DUTY_MAX], shares[DUTY_MAX];
  int n = 0;
  struct db_stmt *st = db_query(
      ctx->db, "SELECT member_id FROM reception_duty WHERE reception_day_id = ? ORDER BY member_id",
      "i", id);
  while (db_step(st) == DB_ROW && n < DUTY_MAX) members[n++] = db_col_int(st, 0);
  db_done(st);
  if (!n) return true;
  contact_share_out(visitors, n, shares);
  for (int i = 0; i < n; i++)
    if (db_exec(ctx->db,
                "UPDATE reception_duty SET people_reached = ? WHERE reception_day_id = ? AND "
                "member_id = ?",
                "iii", shares[i], id, members[i]) != DB_DONE)
      return false;
  return true;
}

static bool reception_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                                  bool created, json_t *in) {
  json_t *m = json_object_get(in, "member_ids");
  if (m) {
    if (db_exec(ctx->db, "DELETE FROM reception_duty WHERE reception_day_id = ?", "i", id) !=
        DB_DONE)
      return false;
    size_t i;
    json_t *x;
    json_array_foreach(m, i, x) {
      if (db_exec(ctx->db, "INSERT INTO reception_duty (reception_day_id, member_id) VALUES (?, ?)",
                  "ii", id, (int64_t)json_integer_value(x)) != DB_DONE)
        return false;
    }
  }
  return reception_reshare(ctx, id);
}

static void reception_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                              json_t *o) {
  json_t *ids = json_array(), *members = json_array();
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT d.member_id, m.name, d.people_reached FROM reception_duty d"
                                " JOIN members m ON m.id = d.member_id WHERE d.reception_day_id = ?"
                                " ORDER BY d.member_id",
                                "i", db_col_int(row, 0));
  while (db_step(st) == DB_ROW) {
    json_array_append_new(ids, json_integer(db_col_int(st, 0)));
    json_array_append_new(members, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)db_col_int(st, 0),
                                             "name", db_col_text(st, 1), "people_reached",
                                             (json_int_t)db_col_int(st, 2)));
  }
  db_done(st);
  json_object_set_new(o, "member_ids", ids);
  json_object_set_new(o, "members", members);
}

const struct entity contact_reception_entity = {
    .name = "reception_day",
    .zh = "委员接待日",
    .table = "reception_days",
    .scope = SCOPE_COMMITTEE,
    .fields = reception_fields,
    .nfields = sizeof reception_fields / sizeof reception_fields[0],
    .search = "topic",
    .check = reception_check,
    .after_write = reception_after_write,
    .to_json = reception_to_json,
};

int64_t contact_reception_station(struct entity_ctx *ctx, int64_t day_id) {
  return db_int(ctx->db, 0, "SELECT station_id FROM reception_days WHERE id = ?", "i", day_id);
}
